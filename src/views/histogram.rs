//! Step histograms of one feature split by class, group, cluster or selection, and the
//! detections-per-source distribution (log-log). Counts come from the core; this draws them.

use crate::draw::axes::{scatter_axes, AxesSpec, PlotRect};
use crate::draw::colour::{cluster_colour, hex};
use plotters::coord::Shift;
use plotters::prelude::*;
use xclass_core::class::{Class, Group};
use xclass_core::density::{count_distribution, Bins, Histogram};
use xclass_core::palette::Palette;
use xclass_core::points::Points;
use xclass_core::state::{ScienceView, Split};

/// What is plotted: one line per split.
pub struct Plotted {
    pub title: String,
    /// Split names and colours.
    pub splits: Vec<(String, String)>,
    /// Bin edges in axis units (log10 on log axes), and per split the heights.
    pub edges: Vec<f64>,
    pub heights: Vec<Vec<f64>>,
    pub counts: Vec<Vec<u32>>,
    pub log_x: bool,
    pub log_y: bool,
    pub y_label: &'static str,
}

/// The split of row `i` (`None` = not counted).
fn split_of(v: &ScienceView, p: &Points, selected: &[bool], i: usize) -> usize {
    match v.split {
        Split::Class => p.own_class[i].index(),
        Split::Group => p.own_class[i].group().index(),
        Split::Cluster => p.cluster[i] as usize,
        Split::Selection => usize::from(!selected[p.source[i] as usize]),
    }
}

fn split_names(v: &ScienceView, k: usize, palette: Palette) -> Vec<(String, String)> {
    match v.split {
        Split::Class => Class::ALL.iter().map(|&c| (c.name().into(), palette.class(c).into())).collect(),
        Split::Group => Group::ALL.iter().map(|&g| (g.name().into(), palette.group(g).into())).collect(),
        Split::Cluster => (0..k).map(|c| (format!("cluster {c}"), cluster_colour(c).to_string())).collect(),
        Split::Selection => vec![("selected".into(), "#d62728".into()), ("rest".into(), "#555555".into())],
    }
}

/// The histogram of the rows passing `mask` (sources: every row has its features), classes and
/// groups coloured by `palette`.
pub fn compute(v: &ScienceView, p: &Points, mask: &[bool], selected: &[bool], k: usize, palette: Palette) -> Option<Plotted> {
    if v.counts {
        let dist = count_distribution((0..p.len()).filter(|&i| mask[i]).map(|i| p.count[i]));
        let edges: Vec<f64> = dist.iter().map(|(c, _)| f64::from(*c).log10()).collect();
        let heights = vec![dist.iter().map(|(_, n)| f64::from(*n).log10()).collect()];
        return Some(Plotted {
            title: "detections per source".into(),
            splits: vec![("sources".into(), "#1f77b4".into())],
            counts: vec![dist.iter().map(|(_, n)| *n).collect()],
            edges,
            heights,
            log_x: true,
            log_y: true,
            y_label: "sources (log)",
        });
    }
    let j = v.feature.index();
    let rows: Vec<usize> = (0..p.len()).filter(|&i| mask[i] && p.own_features[i]).collect();
    let bins = Bins::spanning(rows.iter().map(|&i| f64::from(p.features[i][j])), v.bins.clamp(1, 500) as usize, v.log_x)?;
    let splits = split_names(v, k, palette);
    let h = Histogram::count(
        bins,
        splits.len(),
        rows.len(),
        |r| f64::from(p.features[rows[r]][j]),
        |r| Some(split_of(v, p, selected, rows[r])),
    );
    let heights = (0..splits.len())
        .map(|s| {
            if v.normalised {
                h.shares(s)
            } else {
                h.counts[s].iter().map(|&c| f64::from(c)).collect()
            }
        })
        .collect();
    Some(Plotted {
        title: v.feature.name().to_string(),
        splits,
        edges: bins.edges(),
        heights,
        counts: h.counts,
        log_x: v.log_x,
        log_y: false,
        y_label: if v.normalised { "share of split" } else { "rows" },
    })
}

/// Draws the plot; returns its rectangle.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, h: &Plotted, scale: f64) -> Option<PlotRect> {
    let (x0, x1) = (h.edges.first().copied()?, h.edges.last().copied()?);
    let pad = if h.log_y { 0.3 } else { 0.0 };
    let (x0, x1) = if x1 > x0 { (x0 - pad, x1 + pad) } else { (x0 - 0.5, x0 + 0.5) };
    let top = h.heights.iter().flatten().copied().fold(0.0, f64::max).max(1e-9);
    let y = if h.log_y { (-0.2, top + 0.3) } else { (0.0, top * 1.05) };
    let x_label = if h.log_x { format!("{} (log)", h.title) } else { h.title.clone() };
    let r = scatter_axes(
        root,
        &AxesSpec {
            caption: None,
            x_label: &x_label,
            y_label: h.y_label,
            x: (x0, x1),
            y,
            log_x: h.log_x,
            log_y: h.log_y,
        },
        scale,
    )?;
    let px = |x: f64, y: f64| {
        let (a, b) = r.px_of(x, y);
        (a.round() as i32, b.round() as i32)
    };
    for (s, ((_, colour), hs)) in h.splits.iter().zip(&h.heights).enumerate() {
        let c = hex(colour);
        let style = ShapeStyle::from(&RGBColor(c[0], c[1], c[2])).stroke_width((1.6 * scale).round().max(1.0) as u32);
        if h.log_y {
            let pts: Vec<(i32, i32)> = h.edges.iter().zip(hs).map(|(&x, &y)| px(x, y)).collect();
            root.draw(&PathElement::new(pts.clone(), style)).ok();
            pts.iter()
                .for_each(|&p| drop(root.draw(&Circle::new(p, (3.0 * scale) as i32, style.filled()))));
            continue;
        }
        if h.counts[s].iter().all(|&c| c == 0) {
            continue;
        }
        let mut pts = vec![px(h.edges[0], 0.0)];
        for (b, &v) in hs.iter().enumerate() {
            pts.push(px(h.edges[b], v));
            pts.push(px(h.edges[b + 1], v));
        }
        pts.push(px(h.edges[hs.len()], 0.0));
        root.draw(&PathElement::new(pts, style)).ok();
    }
    // The legend, top right.
    let font = ("sans-serif", 11.0 * scale).into_font();
    for (s, (name, colour)) in h.splits.iter().enumerate().filter(|(s, _)| h.counts[*s].iter().any(|&c| c > 0)) {
        let c = hex(colour);
        let (lx, ly) = ((r.right - 110.0 * scale) as i32, (r.top + (6.0 + 14.0 * s as f64) * scale) as i32);
        root.draw(&Rectangle::new(
            [(lx, ly), (lx + (12.0 * scale) as i32, ly + (8.0 * scale) as i32)],
            RGBColor(c[0], c[1], c[2]).filled(),
        ))
        .ok();
        root.draw(&Text::new(name.clone(), (lx + (16.0 * scale) as i32, ly - 1), font.clone()))
            .ok();
    }
    Some(r)
}

/// The plotted numbers as CSV: one row per bin and split.
pub fn csv(h: &Plotted) -> String {
    let mut out = String::from("split,bin_lo,bin_hi,count,height\n");
    for ((name, _), (counts, hs)) in h.splits.iter().zip(h.counts.iter().zip(&h.heights)) {
        for (b, (&c, &v)) in counts.iter().zip(hs).enumerate() {
            let un = |t: f64| if h.log_x { 10f64.powf(t) } else { t };
            let (lo, hi) = (un(h.edges[b]), un(*h.edges.get(b + 1).unwrap_or(&h.edges[b])));
            out += &format!("{name},{lo},{hi},{c},{v}\n");
        }
    }
    out
}

/// The tooltip at axis value `x`: the bin and each split's count there.
pub fn describe(h: &Plotted, x: f64) -> Option<String> {
    let b = h.edges.windows(2).position(|w| x >= w[0] && x < w[1])?;
    let un = |t: f64| if h.log_x { 10f64.powf(t) } else { t };
    // The last bin holds its upper edge too.
    let close = if b + 2 == h.edges.len() { ']' } else { ')' };
    let mut s = format!("{} in [{:.4}, {:.4}{close}", h.title, un(h.edges[b]), un(h.edges[b + 1]));
    // Normalised: each split's count and its share of the split's rows.
    let shares = h.y_label == "share of split";
    for ((name, _), (counts, heights)) in h.splits.iter().zip(h.counts.iter().zip(&h.heights)) {
        if counts[b] > 0 {
            s += &format!("\n{name}: {}", xclass_core::format::thousands(counts[b] as usize));
            if shares {
                s += &format!(" ({:.1}% of {name})", 100.0 * heights[b]);
            }
        }
    }
    Some(s)
}
