//! Short text about one plotted row, for tooltips.

use crate::dataset::Dataset;
use xclass_core::class::{group_probs, ClassProbs};
use xclass_core::points::Level;
use xclass_core::{Class, Group};

/// The top three classes of a probability vector, e.g. "HMXB 0.684 · LMXB 0.297 · AGN 0.011".
pub fn top_classes(p: &ClassProbs) -> String {
    let mut idx: Vec<usize> = (0..p.len()).collect();
    idx.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    idx.iter().take(3).map(|&i| format!("{} {:.3}", Class::ALL[i].name(), p[i])).collect::<Vec<_>>().join(" · ")
}

/// The groups' probabilities, e.g. "XB 0.985 · AGN 0.014 …".
pub fn groups(p: &ClassProbs) -> String {
    let g = group_probs(p);
    Group::ALL.iter().map(|gr| format!("{} {:.3}", gr.name(), g[gr.index()])).collect::<Vec<_>>().join(" · ")
}

/// Several lines describing row `row` of the given level.
pub fn row(d: &Dataset, level: Level, row: usize) -> String {
    let p = d.points(level);
    let s = p.source[row] as usize;
    let mut lines = vec![d.names.get(s).to_string()];
    if let Some(cat) = &d.catalog {
        let src = &cat.sources[s];
        let status = if src.is_unique() { "unique" } else { "ambiguous" };
        match level {
            Level::Source => {
                lines.push(format!(
                    "{} ({}) · {status} · {} detection{}",
                    src.soft.name(),
                    src.group().name(),
                    src.detection_count(),
                    if src.detection_count() == 1 { "" } else { "s" }
                ));
                lines.push(format!("mean P: {}", top_classes(&src.mean)));
            }
            Level::Detection => {
                // Detection-level rows are the catalog's detections, in order.
                let det = &cat.detections[row];
                lines.push(format!("obsid {} · cluster {} · {}", det.obsid, det.cluster, det.class().name()));
                lines.push(format!("P: {}", top_classes(&det.probs)));
                lines.push(format!("source: {} ({status})", src.soft.name()));
            }
        }
    } else {
        lines.push(format!("{} · cluster {} · max P {:.3}", p.own_class[row].name(), p.cluster[row], p.own_max_prob[row]));
    }
    lines.push(format!("α {:.5}° δ {:+.5}°", p.ra[row], p.dec[row]));
    lines.join("\n")
}

/// Several lines describing uploaded detection `k`.
pub fn uploaded(ctx: crate::ctx::Ctx, k: usize) -> String {
    use leptos::prelude::*;
    ctx.upload.with_untracked(|u| {
        let Some(d) = u.as_ref().and_then(|u| u.detections.get(k)) else { return String::new() };
        let c = d.classification();
        format!(
            "uploaded: {} {}\n{} ({}) · cluster {}\nP: {}{}",
            d.name.clone().unwrap_or_else(|| format!("row {}", k + 1)),
            d.obsid.clone().map(|o| format!("obsid {o}")).unwrap_or_default(),
            c.class().name(),
            c.group().name(),
            c.cluster,
            top_classes(&d.probs),
            if d.filled.is_empty() { String::new() } else { format!("\nfilled: {}", d.filled.to_list()) }
        )
    })
}
