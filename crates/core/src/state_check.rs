//! A view state from a link checked against what its values can mean: impossible values are
//! put back to their defaults and each gets a warning written for people (the URL codec
//! already dropped what did not parse; this catches what parsed but cannot be meant).

use crate::filter::Filter;
use crate::format::count;
use crate::names::Names;
use crate::state::{Dataset, ViewState};

/// The largest synthetic set offered (memory ≈ 100 bytes per row in the browser).
pub const MAX_SYNTHETIC: u32 = 2_000_000;

/// What the checks need to know about the data shown.
pub struct Known<'a> {
    /// Source names of the published catalog, to check the selection and focus; `None` when
    /// the link shows another dataset (its names exist only once it is made).
    pub names: Option<&'a Names>,
    /// Number of GMM clusters of the model.
    pub clusters: usize,
}

/// Resets impossible values of `v` to their defaults and says what was reset and why.
pub fn check(v: &mut ViewState, known: &Known) -> Vec<String> {
    let mut w = Vec::new();
    check_filter(&mut v.filter, known.clusters, &mut w);
    if let Dataset::Synthetic { n, .. } = v.dataset {
        if n == 0 || n > MAX_SYNTHETIC {
            w.push(format!(
                "A synthetic set of {} was asked for; sets hold 1 to {} detections, so the published catalog is shown.",
                count(n as usize, "detection"),
                crate::format::thousands(MAX_SYNTHETIC as usize)
            ));
            v.dataset = Dataset::Published;
        }
    }
    if v.sky.zoom.is_some_and(|z| {
        !(z.scale.is_finite() && z.scale >= 1.0 && z.x.is_finite() && z.y.is_finite())
    }) {
        w.push("The sky map's zoom in the link is impossible (magnification below 1 or not a number); the whole sky is shown.".into());
        v.sky.zoom = None;
    }
    if v.scatter
        .zoom
        .is_some_and(|z| !(z.x0 < z.x1 && z.y0 < z.y1))
    {
        w.push("The scatter plot's zoom window in the link is empty or inverted; the full range is shown.".into());
        v.scatter.zoom = None;
    }
    if let Some(names) = known.names.filter(|_| v.dataset == Dataset::Published) {
        let (found, missing): (Vec<String>, Vec<String>) =
            v.selection.drain(..).partition(|n| names.find(n).is_some());
        if !missing.is_empty() {
            w.push(format!(
                "{} in the link {} not in the catalog and {} left out of the selection: {}.",
                count(missing.len(), "selected source"),
                if missing.len() == 1 { "is" } else { "are" },
                if missing.len() == 1 { "was" } else { "were" },
                listed(&missing)
            ));
        }
        v.selection = found;
        if let Some(f) = v.focus.take_if(|f| names.find(f).is_none()) {
            w.push(format!(
                "The source \"{f}\" shown in the link is not in the catalog."
            ));
        }
        w.extend(v.subsets.drop_missing(names));
    }
    w
}

fn check_filter(f: &mut Filter, clusters: usize, w: &mut Vec<String>) {
    if !(0.0..=1.0).contains(&f.min_prob) {
        w.push(format!(
            "The confidence threshold in the link ({}) is not a probability between 0 and 1; it is off (0).",
            f.min_prob
        ));
        f.min_prob = 0.0;
    }
    let before = f.hidden_clusters.len();
    f.hidden_clusters.retain(|&k| (k as usize) < clusters);
    if f.hidden_clusters.len() < before {
        w.push(format!("The link hides GMM clusters the model does not have (it has clusters 0 to {}); ignored.", clusters.saturating_sub(1)));
    }
    if let Some(c) = f.cone.filter(|c| {
        !((0.0..=360.0).contains(&c.ra)
            && (-90.0..=90.0).contains(&c.dec)
            && c.radius > 0.0
            && c.radius <= 180.0)
    }) {
        w.push(format!(
            "The sky cone in the link (RA {}°, Dec {}°, radius {}°) is impossible (RA 0–360°, Dec −90–90°, radius above 0 and up to 180°); no cone is applied.",
            c.ra, c.dec, c.radius
        ));
        f.cone = None;
    }
    let before = f.ranges.len();
    f.ranges
        .retain(|r| r.min.is_none_or(f64::is_finite) && r.max.is_none_or(f64::is_finite));
    if f.ranges.len() < before {
        w.push(
            "A feature range in the link has a bound that is not a number; it was left out.".into(),
        );
    }
    w.extend(f.problems());
}

/// At most five names, then how many more.
fn listed(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(5).map(|n| format!("\"{n}\"")).collect();
    match names.len() {
        n if n > 5 => format!("{} and {} more", shown.join(", "), n - 5),
        _ => shown.join(", "),
    }
}
