//! The one filter every view follows, evaluated over [`Points`] into a row mask.

use crate::class::Class;
use crate::feature::Feature;
use crate::names::{loosely_contains, Names};
use crate::points::Points;
use crate::sky::Cone;
use serde::{Deserialize, Serialize};

/// Which sources by voting agreement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    All,
    /// Soft and hard votes agree.
    Unique,
    /// Soft and hard votes differ.
    Ambiguous,
}

/// A closed range on one raw feature; an open end is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureRange {
    pub feature: Feature,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Filter state. The default passes everything.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Master classes switched off (legend toggles and class checkboxes).
    pub hidden_classes: Vec<Class>,
    /// GMM clusters switched off.
    pub hidden_clusters: Vec<u8>,
    /// Unique, ambiguous or all sources.
    pub status: Status,
    /// Smallest accepted maximum mean class probability (0 = any).
    pub min_prob: f64,
    /// Smallest accepted number of detections (0 = any).
    pub min_count: u32,
    /// Largest accepted number of detections.
    pub max_count: Option<u32>,
    /// Ranges on the first detection's raw features (rows with unknown values fail).
    pub ranges: Vec<FeatureRange>,
    /// Sky region.
    pub cone: Option<Cone>,
    /// Name search (case and spaces ignored).
    pub name: String,
    /// Smallest accepted novelty percentile (e.g. 99 = the least typical 1%; 0 = any).
    pub min_novelty: f64,
    /// Smallest accepted entropy of the class probabilities, nats (0 = any).
    pub min_entropy: f64,
    /// Largest accepted margin between the top two class probabilities (`None` = any).
    pub max_margin: Option<f64>,
}

impl Filter {
    /// Whether the filter passes everything.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter in words, for a figure's title line: `"all sources"` when it passes
    /// everything, else its settings joined by `; `.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.hidden_classes.is_empty() {
            let names: Vec<&str> = self.hidden_classes.iter().map(|c| c.name()).collect();
            parts.push(format!("without {}", names.join(", ")));
        }
        if !self.hidden_clusters.is_empty() {
            let ks: Vec<String> = self.hidden_clusters.iter().map(|k| k.to_string()).collect();
            parts.push(format!("without cluster{} {}", if ks.len() == 1 { "" } else { "s" }, ks.join(", ")));
        }
        match self.status {
            Status::All => {}
            Status::Unique => parts.push("uniquely classified".into()),
            Status::Ambiguous => parts.push("ambiguous".into()),
        }
        if self.min_prob > 0.0 {
            parts.push(format!("top class probability ≥ {}", self.min_prob));
        }
        match (self.min_count, self.max_count) {
            (0, None) => {}
            (lo, None) => parts.push(format!("≥ {lo} detections")),
            (0, Some(hi)) => parts.push(format!("≤ {hi} detections")),
            (lo, Some(hi)) => parts.push(format!("{lo}–{hi} detections")),
        }
        for r in &self.ranges {
            parts.push(match (r.min, r.max) {
                (Some(lo), Some(hi)) => format!("{lo} ≤ {} ≤ {hi}", r.feature.name()),
                (Some(lo), None) => format!("{} ≥ {lo}", r.feature.name()),
                (None, Some(hi)) => format!("{} ≤ {hi}", r.feature.name()),
                (None, None) => continue,
            });
        }
        if let Some(c) = &self.cone {
            parts.push(format!("within {}′ of {} {}", crate::format::sig(c.radius * 60.0, 4), crate::sky::ra_hms(c.ra), crate::sky::dec_dms(c.dec)));
        }
        if !self.name.trim().is_empty() {
            parts.push(format!("name contains \"{}\"", self.name.trim()));
        }
        if parts.is_empty() {
            "all sources".into()
        } else {
            parts.join("; ")
        }
    }

    /// Settings that contradict each other so that nothing can pass, in words for people
    /// (empty when there are none): more detections required than allowed, a feature range
    /// whose minimum is above its maximum.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(max) = self.max_count.filter(|&m| self.min_count > m) {
            out.push(format!(
                "At least {} and at most {max} detections per source: no source can pass. Lower the minimum or raise the maximum.",
                self.min_count
            ));
        }
        for r in &self.ranges {
            if let (Some(lo), Some(hi)) = (r.min, r.max) {
                if lo > hi {
                    out.push(format!("{} from {lo} to {hi}: the minimum is above the maximum, so no source can pass.", r.feature.name()));
                }
            }
        }
        out
    }

    /// Evaluates the filter on every row; `names` are indexed by `points.source`.
    pub fn mask(&self, p: &Points, names: &Names) -> Vec<bool> {
        let hidden_classes: u16 = self.hidden_classes.iter().fold(0, |m, c| m | 1 << c.index());
        let hidden_clusters: u64 = self.hidden_clusters.iter().filter(|&&k| k < 64).fold(0, |m, &k| m | 1 << k);
        let name = self.name.trim();
        let max_count = self.max_count.unwrap_or(u32::MAX);
        let cone = self.cone.as_ref().map(Cone::prepare);
        let min_prob = self.min_prob as f32;
        let nov = &p.novelty;
        let (min_novelty, min_entropy) = (self.min_novelty as f32, self.min_entropy as f32);
        let max_margin = self.max_margin.map(|m| m as f32);
        // Rows without novelty values fail a novelty filter (as unknown features fail ranges).
        let novelty_ok = |i: usize| {
            (min_novelty <= 0.0 || nov.percentile.get(i).is_some_and(|&v| v >= min_novelty))
                && (min_entropy <= 0.0 || nov.entropy.get(i).is_some_and(|&v| v >= min_entropy))
                && max_margin.is_none_or(|m| nov.margin.get(i).is_some_and(|&v| v <= m))
        };
        (0..p.len())
            .map(|i| {
                hidden_classes & (1 << p.class[i].index()) == 0
                    && hidden_clusters & (1 << p.cluster[i].min(63)) == 0
                    && match self.status {
                        Status::All => true,
                        Status::Unique => p.unique[i],
                        Status::Ambiguous => !p.unique[i],
                    }
                    && p.max_prob[i] >= min_prob
                    && (self.min_count..=max_count).contains(&p.count[i])
                    && self.ranges.iter().all(|r| {
                        let v = f64::from(p.features[i][r.feature.index()]);
                        !v.is_nan() && r.min.is_none_or(|m| v >= m) && r.max.is_none_or(|m| v <= m)
                    })
                    && cone.as_ref().is_none_or(|c| c.contains(p.ra[i], p.dec[i]))
                    && (name.is_empty() || loosely_contains(names.get(p.source[i] as usize), name))
                    && novelty_ok(i)
            })
            .collect()
    }
}

/// Number of distinct sources among the rows that pass.
pub fn count_sources(p: &Points, mask: &[bool], n_sources: usize) -> usize {
    let mut seen = vec![false; n_sources];
    let mut n = 0;
    for (i, &ok) in mask.iter().enumerate() {
        let s = p.source[i] as usize;
        if ok && !seen[s] {
            seen[s] = true;
            n += 1;
        }
    }
    n
}
