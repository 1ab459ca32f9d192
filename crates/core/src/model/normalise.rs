//! Feature normalisation with the training catalog's constants ("lognorm" scaling).

use crate::feature::{FeatureVector, N_FEATURES};
use serde::{Deserialize, Serialize};

/// Normalised values are clamped to ±this, so that absurd inputs keep every later step finite.
pub const CLAMP: f64 = 1e6;

/// How one feature is scaled.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Scaling {
    /// x = raw.
    Raw,
    /// x = (raw - min) / (max - min).
    Minmax { min: f64, max: f64 },
    /// x = (ln(raw + shift) - min) / (max - min); min and max are of ln(raw + shift).
    Lognorm { shift: f64, min: f64, max: f64 },
}

/// The scaling of all 12 features.
#[derive(Clone, Debug, PartialEq)]
pub struct Normaliser {
    /// One scaling per feature, [`crate::Feature::ALL`] order.
    pub scalings: [Scaling; N_FEATURES],
}

impl Scaling {
    /// Raw value to normalised value. Log-scaled inputs below 0 are taken as 0 (their domain);
    /// the result is clamped to ±[`CLAMP`].
    pub fn apply(self, raw: f64) -> f64 {
        let v = self.before_log(raw);
        self.after_log(if self.is_log() { libm::log(v) } else { v })
    }

    /// [`Scaling::apply`] up to the logarithm: its argument for log scalings, else `raw`.
    /// (Split so that many values can take their logarithms at once.)
    pub(crate) fn before_log(self, raw: f64) -> f64 {
        match self {
            Scaling::Lognorm { shift, .. } => raw.max(0.0) + shift,
            _ => raw,
        }
    }

    /// [`Scaling::apply`] after the logarithm (for log scalings) or from `raw`.
    pub(crate) fn after_log(self, v: f64) -> f64 {
        let x = match self {
            Scaling::Raw => v,
            Scaling::Minmax { min, max } | Scaling::Lognorm { min, max, .. } => (v - min) / (max - min),
        };
        x.clamp(-CLAMP, CLAMP)
    }

    /// Normalised value back to raw units (the inverse of [`Scaling::apply`] inside its domain).
    pub fn invert(self, x: f64) -> f64 {
        match self {
            Scaling::Raw => x,
            Scaling::Minmax { min, max } => min + x * (max - min),
            Scaling::Lognorm { shift, min, max } => libm::exp(min + x * (max - min)) - shift,
        }
    }

    /// Whether the scaling is logarithmic (sliders and axes should be log-scaled).
    pub fn is_log(self) -> bool {
        matches!(self, Scaling::Lognorm { .. })
    }
}

impl Normaliser {
    /// Normalises a raw feature vector (values must be finite; see [`crate::Model::classify`]).
    pub fn apply(&self, raw: &FeatureVector) -> FeatureVector {
        std::array::from_fn(|i| self.scalings[i].apply(raw[i]))
    }

    /// Maps a normalised vector back to raw units.
    pub fn invert(&self, x: &FeatureVector) -> FeatureVector {
        std::array::from_fn(|i| self.scalings[i].invert(x[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lognorm_round_trips_and_clamps() {
        let s = Scaling::Lognorm { shift: 0.01, min: -4.0, max: 2.0 };
        let x = s.apply(0.5);
        assert!((x - ((0.51f64).ln() + 4.0) / 6.0).abs() < 1e-15);
        assert!((s.invert(x) - 0.5).abs() < 1e-14);
        assert_eq!(s.apply(-3.0), s.apply(0.0));
        assert_eq!(Scaling::Raw.apply(1e300), CLAMP);
        assert_eq!(Scaling::Minmax { min: 0.0, max: 2.0 }.apply(1.0), 0.5);
    }
}
