//! How typical a detection is for the model: its log-density under the mixture
//! ([`Model::log_densities`]), that value's percentile among the published catalog's
//! detections, the features outside the range the model was fitted on, and how unsure the
//! class model is (entropy of the class probabilities, margin between the top two).

use crate::class::ClassProbs;
use crate::feature::{Feature, FeatureVector, FilledMask};
use crate::model::{Model, Typicality};
use serde::{Deserialize, Serialize};

pub use crate::model::typical::{entropy, margin};

/// The log-densities of a reference set (the catalog's detections with features) under one
/// model, sorted: what a novelty percentile is measured against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoveltyReference {
    /// The sorted values, then [`WINDOW`] NaNs (which compare false with anything).
    sorted: Vec<f64>,
    /// The number of values.
    n: usize,
    /// 50 / `n`: a percentile is (2n − below − not above) × this.
    half_step: f64,
    /// Where each value's bucket ([`NoveltyReference::bucket`]) starts in `sorted`, and
    /// where the last one ends: a percentile searches one bucket, not the whole.
    starts: Vec<u32>,
    /// The buckets split [`lo`, `lo` + (`last` + 1) / `scale`) evenly.
    lo: f64,
    scale: f64,
    last: usize,
}

/// Values a percentile compares without branches: at most this many in a bucket.
const WINDOW: usize = 8;

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
        NoveltyReference::indexed(sorted)
    }

    /// The reference of sorted values, with its bucket index: about one bucket per value,
    /// evenly over the finite values from the 1st percentile up (below, values and queries
    /// go to the first bucket).
    fn indexed(sorted: Vec<f64>) -> NoveltyReference {
        let finite: Vec<f64> = sorted.iter().copied().filter(|v| v.is_finite()).collect();
        // From the 1st percentile: the long tail of low densities would leave the bulk in
        // few buckets.
        let lo = finite.get(finite.len() / 100).copied().unwrap_or(0.0);
        let hi = finite.last().copied().unwrap_or(0.0);
        let n_buckets = sorted.len().clamp(1, 1 << 16);
        let scale = if hi > lo { n_buckets as f64 / (hi - lo) } else { 1.0 };
        let n = sorted.len();
        let half_step = 50.0 / n as f64;
        let mut r = NoveltyReference { sorted, n, half_step, starts: Vec::new(), lo, scale, last: n_buckets - 1 };
        let mut starts = vec![0u32; n_buckets + 1];
        for &v in &r.sorted {
            starts[r.bucket(v) + 1] += 1;
        }
        for b in 0..n_buckets {
            starts[b + 1] += starts[b];
        }
        r.starts = starts;
        r.sorted.extend([f64::NAN; WINDOW]);
        r
    }

    /// The bucket of `v`: non-decreasing in `v` (a subtraction and a product by a positive
    /// number, rounded, then a saturating conversion), so every value of a lower bucket is
    /// below `v`, every value of a higher one above.
    #[inline]
    fn bucket(&self, v: f64) -> usize {
        (((v - self.lo) * self.scale) as usize).min(self.last)
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
        Ok(NoveltyReference::indexed(sorted))
    }

    /// The sorted log-densities.
    pub fn values(&self) -> &[f64] {
        &self.sorted[..self.n]
    }

    /// Percentage of the reference that is MORE typical (higher density) than `log_density`,
    /// ties counted half: 99.3 means "more unusual than 99.3% of the catalog". The reference's
    /// own values spread uniformly over 0-100. NaN for NaN or an empty reference.
    #[inline]
    pub fn percentile(&self, log_density: f64) -> f64 {
        let n = self.n;
        if n == 0 || log_density.is_nan() {
            return f64::NAN;
        }
        let b = self.bucket(log_density);
        let (from, to) = (self.starts[b] as usize, self.starts[b + 1] as usize);
        let (below, not_above) = if to - from <= WINDOW {
            // A few values, counted in a window of fixed length without branches: the values
            // after the bucket (of higher buckets, so above `log_density`) and the padding
            // (NaN) count in neither.
            let (mut lt, mut le) = (0, 0);
            for &v in &self.sorted[from..from + WINDOW] {
                lt += usize::from(v < log_density);
                le += usize::from(v <= log_density);
            }
            (from + lt, from + le)
        } else {
            let bucket = &self.sorted[from..to];
            (from + bucket.partition_point(|&v| v < log_density), from + bucket.partition_point(|&v| v <= log_density))
        };
        // 100 (above + ties / 2) / n, with above = n − not_above and ties = not_above − below.
        (2 * n - below - not_above) as f64 * self.half_step
    }

    /// The log-density at novelty percentile `p` (0-100): rows with a log-density below it
    /// are the least typical `p`% (e.g. the "least typical 1%" filter: `threshold(99.0)`).
    pub fn threshold(&self, p: f64) -> f64 {
        let v = self.values();
        if v.is_empty() {
            return f64::NAN;
        }
        let q = (1.0 - p / 100.0).clamp(0.0, 1.0) * (v.len() - 1) as f64;
        let (i, t) = (q.floor() as usize, q.fract());
        let j = (i + 1).min(v.len() - 1);
        v[i] + t * (v[j] - v[i])
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

    /// Classifies rows (raw features, after filling) and gives their novelty, in one pass
    /// ([`Model::classify_batch_typical`], then [`Novelty::of_typical`]): what the CLI, the
    /// upload worker, synthetic sets and the what-if editor use, so all agree to the bit.
    pub fn classify(model: &Model, reference: &NoveltyReference, raw: &[FeatureVector]) -> (Vec<crate::Classification>, Vec<Novelty>) {
        let (classified, typ) = model.classify_batch_typical(raw);
        (classified, Novelty::of_typical(reference, &typ))
    }

    /// The novelty of rows (raw features, after filling) from the kernel's
    /// [`Model::classify_batch_typical`]: the values of [`Novelty::of_rows`] (bit for bit but
    /// the entropy, which the kernel takes from the logits: equal to rounding).
    pub fn of_typical(reference: &NoveltyReference, typ: &[Typicality]) -> Vec<Novelty> {
        typ.iter()
            .map(|t| Novelty {
                log_density: t.log_density,
                percentile: reference.percentile(t.log_density),
                outside: t.outside,
                entropy: t.entropy,
                margin: t.margin,
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
pub use crate::model::typical::outside as outside_mask;

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

    /// The bucketed search counts as a search of the whole: references with ties, -inf,
    /// one value, a long tail; queries at, between and beyond the values.
    #[test]
    fn bucketed_percentile_equals_a_whole_search() {
        let whole = |r: &NoveltyReference, x: f64| {
            let (s, n) = (r.values(), r.values().len() as f64);
            let below = s.partition_point(|&v| v < x);
            let not_above = s.partition_point(|&v| v <= x);
            let want = 100.0 * ((s.len() - not_above) as f64 + 0.5 * (not_above - below) as f64) / n;
            let got = (2 * s.len() - below - not_above) as f64 * (50.0 / n);
            assert!((got - want).abs() <= 1e-12 * want.max(1.0), "{got} vs {want}");
            got
        };
        let mut x = 0.377_f64;
        let mut tail: Vec<f64> = (0..5000)
            .map(|i| {
                x = (x * 613.0 + 0.17).fract();
                if i % 50 == 0 { -200.0 * x } else { (x * 40.0).round() / 4.0 }
            })
            .collect();
        tail.extend([f64::NEG_INFINITY, f64::NEG_INFINITY, 12.5, 12.5]);
        tail.sort_by(f64::total_cmp);
        let refs = [vec![3.0], vec![f64::NEG_INFINITY], vec![f64::NEG_INFINITY, 1.0, 1.0, 2.0], tail];
        for values in refs {
            let r = NoveltyReference::from_sorted(values.clone()).unwrap();
            let mut queries: Vec<f64> = values.iter().flat_map(|&v| [v, v + 1e-9, v - 0.13, f64::from_bits(v.to_bits() + 1)]).collect();
            queries.extend([f64::NEG_INFINITY, f64::INFINITY, -1e300, 1e300, 0.0, -0.0]);
            for q in queries.into_iter().filter(|q| !q.is_nan()) {
                assert_eq!(r.percentile(q).to_bits(), whole(&r, q).to_bits(), "{q} in {} values", values.len());
            }
        }
    }
}
