//! The range of raw feature values a model was fitted on: values outside it are classified,
//! but the verdict is an extrapolation (the what-if editor, out-of-range warnings, novelty flags).

use super::normalise::Scaling;
use super::Model;
use crate::feature::{Feature, N_FEATURES};
use serde::{Deserialize, Serialize};

/// Inclusive raw-unit bounds of one feature's training values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
}

impl Range {
    /// Whether `v` lies inside the range (NaN does not).
    pub fn contains(self, v: f64) -> bool {
        v >= self.lo && v <= self.hi
    }
}

/// Per feature, [`Feature::ALL`] order.
pub type TrainingRange = [Range; N_FEATURES];

impl Model {
    /// The raw range each feature was fitted on: the model file's `training_range` when it has
    /// one (fitted models record it); otherwise what the normalisation constants imply (min-max
    /// and log scalings map the training minimum and maximum to 0 and 1), and for unscaled
    /// features their physical domain ([`Feature::domain`]).
    pub fn training_range(&self) -> TrainingRange {
        *self.range.get_or_init(|| self.implied_training_range())
    }

    fn implied_training_range(&self) -> TrainingRange {
        if let Some(r) = self.trained_on {
            return r;
        }
        std::array::from_fn(|i| match self.normaliser.scalings[i] {
            Scaling::Raw => {
                let (lo, hi) = Feature::ALL[i].domain();
                Range { lo, hi }
            }
            s => Range { lo: s.invert(0.0), hi: s.invert(1.0) },
        })
    }

    /// The features of `raw` outside [`Model::training_range`] (missing values are not).
    pub fn outside_training(&self, raw: &[f64; N_FEATURES]) -> Vec<Feature> {
        super::typical::outside(&self.training_range(), raw).features().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_range_comes_from_the_normalisation() {
        let m = Model::published();
        let r = m.training_range();
        // Hardness ratios are unscaled: their domain.
        assert_eq!(r[Feature::HardHm.index()], Range { lo: -1.0, hi: 1.0 });
        // bb_kt is log-scaled with shift = (smallest non-zero value) / 10 (METHOD.md), and the
        // catalog's smallest bb_kt is that non-zero value: the range starts at 10 x shift.
        let bb = r[Feature::BbKt.index()];
        let Scaling::Lognorm { shift, .. } = m.normaliser.scalings[Feature::BbKt.index()] else { panic!() };
        assert!((bb.lo - 10.0 * shift).abs() < 1e-9 && bb.hi > 100.0, "{bb:?}");
        let g = r[Feature::PowlawGamma.index()];
        assert!(g.lo < 0.0 && g.hi > 5.0, "{g:?}");
        let mut v = m.fill.values;
        assert!(m.outside_training(&v).is_empty());
        v[Feature::PowlawGamma.index()] = 1e9;
        assert_eq!(m.outside_training(&v), vec![Feature::PowlawGamma]);
    }
}
