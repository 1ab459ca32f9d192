//! How typical a detection is for the model: its log-density under the mixture
//! ([`Model::log_densities`]), that value's percentile among the published catalog's
//! detections, the features outside the range the model was fitted on, and how unsure the
//! class model is (entropy of the class probabilities, margin between the top two).

use crate::class::ClassProbs;
use crate::feature::{Feature, FeatureVector, FilledMask};
use crate::model::Model;
use serde::{Deserialize, Serialize};

/// The log-densities of a reference set (the catalog's detections with features) under one
/// model, sorted: what a novelty percentile is measured against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoveltyReference {
    sorted: Vec<f64>,
}

/// Why a reference was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("novelty reference: {0}")]
pub struct ReferenceError(String);

impl NoveltyReference {
    /// The reference of `features` (raw, e.g. the catalog's sources' first detections) under
    /// `model`.
    pub fn new(model: &Model, features: &[FeatureVector]) -> NoveltyReference {
        let mut sorted = model.log_densities(features);
        sorted.sort_by(f64::total_cmp);
        NoveltyReference { sorted }
    }

    /// A reference from values already computed ([`NoveltyReference::values`], e.g. sent to
    /// the upload worker): they must be finite or -inf, and sorted.
    pub fn from_sorted(sorted: Vec<f64>) -> Result<NoveltyReference, ReferenceError> {
        if sorted.is_empty() {
            return Err(ReferenceError("no values".into()));
        }
        if sorted.iter().any(|v| v.is_nan() || *v == f64::INFINITY) {
            return Err(ReferenceError("a value is NaN or +inf".into()));
        }
        if sorted.windows(2).any(|w| w[0] > w[1]) {
            return Err(ReferenceError("values are not sorted".into()));
        }
        Ok(NoveltyReference { sorted })
    }

    /// The sorted log-densities.
    pub fn values(&self) -> &[f64] {
        &self.sorted
    }

    /// Percentage of the reference that is MORE typical (higher density) than `log_density`,
    /// ties counted half: 99.3 means "more unusual than 99.3% of the catalog". The reference's
    /// own values spread uniformly over 0-100. NaN for NaN or an empty reference.
    pub fn percentile(&self, log_density: f64) -> f64 {
        let n = self.sorted.len();
        if n == 0 || log_density.is_nan() {
            return f64::NAN;
        }
        let below = self.sorted.partition_point(|&v| v < log_density);
        let not_above = self.sorted.partition_point(|&v| v <= log_density);
        let above = n - not_above;
        100.0 * (above as f64 + 0.5 * (not_above - below) as f64) / n as f64
    }

    /// The log-density at novelty percentile `p` (0-100): rows with a log-density below it
    /// are the least typical `p`% (e.g. the "least typical 1%" filter: `threshold(99.0)`).
    pub fn threshold(&self, p: f64) -> f64 {
        if self.sorted.is_empty() {
            return f64::NAN;
        }
        let q = (1.0 - p / 100.0).clamp(0.0, 1.0) * (self.sorted.len() - 1) as f64;
        let (i, t) = (q.floor() as usize, q.fract());
        let j = (i + 1).min(self.sorted.len() - 1);
        self.sorted[i] + t * (self.sorted[j] - self.sorted[i])
    }
}

/// The novelty of one detection.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Novelty {
    /// ln p(x) under the model's mixture, in the normalised space.
    pub log_density: f64,
    /// [`NoveltyReference::percentile`] of it.
    pub percentile: f64,
    /// Features outside [`Model::training_range`] (bit `i` = feature `i`).
    pub outside: FilledMask,
    /// [`entropy`] of the class probabilities, nats.
    pub entropy: f64,
    /// [`margin`] of the class probabilities.
    pub margin: f64,
}

impl Novelty {
    /// The novelty of rows (raw features, after filling) with their class probabilities.
    pub fn of_rows(model: &Model, reference: &NoveltyReference, raw: &[FeatureVector], probs: &[ClassProbs]) -> Vec<Novelty> {
        let range = model.training_range();
        model
            .log_densities(raw)
            .into_iter()
            .zip(raw.iter().zip(probs))
            .map(|(ld, (r, p))| Novelty {
                log_density: ld,
                percentile: reference.percentile(ld),
                outside: outside_mask(&range, r),
                entropy: entropy(p),
                margin: margin(p),
            })
            .collect()
    }

    /// "more unusual than 99.3% of the catalog; bb_kt outside the training range".
    pub fn describe(&self) -> String {
        let mut s = format!("more unusual than {:.1}% of the catalog", self.percentile);
        let out: Vec<&str> = self.outside.features().map(Feature::name).collect();
        if !out.is_empty() {
            s += &format!("; {} outside the training range", out.join(", "));
        }
        s
    }
}

/// Novelty values by row, beside a [`crate::points::Points`] (empty until computed): what
/// the views colour, filter and sort by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoveltyColumns {
    /// [`Novelty::percentile`], 0-100 (100 = least typical).
    pub percentile: Vec<f32>,
    pub log_density: Vec<f32>,
    pub entropy: Vec<f32>,
    pub margin: Vec<f32>,
    /// [`Novelty::outside`] bits.
    pub outside: Vec<u16>,
}

impl NoveltyColumns {
    /// Appends one row.
    pub fn push(&mut self, n: &Novelty) {
        self.percentile.push(n.percentile as f32);
        self.log_density.push(n.log_density as f32);
        self.entropy.push(n.entropy as f32);
        self.margin.push(n.margin as f32);
        self.outside.push(n.outside.0);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.percentile.len()
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.percentile.is_empty()
    }

    /// The columns of a catalog's rows: every row gets the novelty of its source's features
    /// (the first detection's, as every feature view), and the entropy and margin of its own
    /// probabilities (a detection's; a source's published mean probabilities).
    pub fn of_catalog(model: &Model, reference: &NoveltyReference, cat: &crate::Catalog, level: crate::points::Level) -> NoveltyColumns {
        let features: Vec<FeatureVector> = cat.sources.iter().map(|s| s.features).collect();
        let means: Vec<ClassProbs> = cat.sources.iter().map(|s| s.mean).collect();
        let per_source = Novelty::of_rows(model, reference, &features, &means);
        let mut out = NoveltyColumns::default();
        match level {
            crate::points::Level::Source => per_source.iter().for_each(|n| out.push(n)),
            crate::points::Level::Detection => {
                for d in &cat.detections {
                    let n = Novelty {
                        entropy: entropy(&d.probs),
                        margin: margin(&d.probs),
                        ..per_source[d.source as usize]
                    };
                    out.push(&n);
                }
            }
        }
        out
    }
}

/// The features of `raw` outside `range` (missing values are not), as a mask.
pub fn outside_mask(range: &crate::model::TrainingRange, raw: &FeatureVector) -> FilledMask {
    let mut m = 0u16;
    for (i, (v, r)) in raw.iter().zip(range).enumerate() {
        if v.is_finite() && !r.contains(*v) {
            m |= 1 << i;
        }
    }
    FilledMask(m)
}

/// Shannon entropy -Σ p ln p of the class probabilities, in nats (0 = certain; ln 10 ≈ 2.303
/// at most, all ten equal); zero probabilities contribute nothing. `ln` is libm's, the same
/// bits natively and in the browser (the CLI and upload CSVs must agree byte for byte).
pub fn entropy(p: &ClassProbs) -> f64 {
    -p.iter().filter(|&&v| v > 0.0).map(|&v| v * libm::log(v)).sum::<f64>()
}

/// The largest class probability minus the second largest (0 = a tie, 1 = certain).
pub fn margin(p: &ClassProbs) -> f64 {
    let (mut a, mut b) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &v in p {
        if v > a {
            b = a;
            a = v;
        } else if v > b {
            b = v;
        }
    }
    a - b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_counts_the_more_typical() {
        let r = NoveltyReference::from_sorted(vec![-3.0, -2.0, -1.0, 0.0]).unwrap();
        assert_eq!(r.percentile(-10.0), 100.0);
        assert_eq!(r.percentile(5.0), 0.0);
        assert_eq!(r.percentile(-1.5), 50.0);
        assert_eq!(r.percentile(-1.0), 37.5);
        assert!(r.percentile(f64::NAN).is_nan());
        assert_eq!(r.threshold(100.0), -3.0);
        assert_eq!(r.threshold(0.0), 0.0);
        assert!(NoveltyReference::from_sorted(vec![1.0, 0.0]).is_err());
        assert!(NoveltyReference::from_sorted(vec![f64::NAN]).is_err());
    }

    #[test]
    fn entropy_and_margin() {
        let mut p = [0.0; 10];
        p[3] = 1.0;
        assert_eq!(entropy(&p), 0.0);
        assert_eq!(margin(&p), 1.0);
        let u = [0.1; 10];
        assert!((entropy(&u) - 10f64.ln()).abs() < 1e-12);
        assert!(margin(&u).abs() < 1e-15);
        let mut q = [0.0; 10];
        (q[0], q[4]) = (0.25, 0.75);
        assert!((entropy(&q) - (-(0.25f64 * 0.25f64.ln()) - 0.75 * 0.75f64.ln())).abs() < 1e-15);
        assert_eq!(margin(&q), 0.5);
    }
}
