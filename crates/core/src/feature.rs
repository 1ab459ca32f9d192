//! The 12 per-detection features, their derivation from raw CSC columns, and median fill.

use serde::{Deserialize, Serialize};

/// Number of features.
pub const N_FEATURES: usize = 12;

/// Raw-unit feature values in [`Feature::ALL`] order.
pub type FeatureVector = [f64; N_FEATURES];

/// Which features were filled with medians: bit `i` is feature `i`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilledMask(pub u16);

/// One of the paper's 12 features, in its fixed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    HardHm,
    HardHs,
    HardMs,
    PowlawGamma,
    BbKt,
    VarProbB,
    VarRatioB,
    VarProbH,
    VarRatioH,
    VarProbS,
    VarRatioS,
    VarNewqB,
}

impl Feature {
    /// All features in the fixed order used by every vector.
    pub const ALL: [Feature; N_FEATURES] = [
        Feature::HardHm,
        Feature::HardHs,
        Feature::HardMs,
        Feature::PowlawGamma,
        Feature::BbKt,
        Feature::VarProbB,
        Feature::VarRatioB,
        Feature::VarProbH,
        Feature::VarRatioH,
        Feature::VarProbS,
        Feature::VarRatioS,
        Feature::VarNewqB,
    ];

    /// Position in [`Feature::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The CSC / paper column name.
    pub fn name(self) -> &'static str {
        [
            "hard_hm",
            "hard_hs",
            "hard_ms",
            "powlaw_gamma",
            "bb_kt",
            "var_prob_b",
            "var_ratio_b",
            "var_prob_h",
            "var_ratio_h",
            "var_prob_s",
            "var_ratio_s",
            "var_newq_b",
        ][self.index()]
    }

    /// Parses a column name.
    pub fn from_name(s: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == s)
    }

    /// A short human description with units.
    pub fn describe(self) -> &'static str {
        match self {
            Feature::HardHm => "hardness ratio hard (2-7 keV) vs medium (1.2-2 keV)",
            Feature::HardHs => "hardness ratio hard (2-7 keV) vs soft (0.5-1.2 keV)",
            Feature::HardMs => "hardness ratio medium (1.2-2 keV) vs soft (0.5-1.2 keV)",
            Feature::PowlawGamma => "absorbed power-law photon index Γ",
            Feature::BbKt => "black-body temperature kT (keV)",
            Feature::VarProbB => "Gregory-Loredo variability probability, broad band",
            Feature::VarRatioB => "var_sigma_b / var_mean_b, broad band",
            Feature::VarProbH => "Gregory-Loredo variability probability, hard band",
            Feature::VarRatioH => "var_sigma_h / var_mean_h, hard band",
            Feature::VarProbS => "Gregory-Loredo variability probability, soft band",
            Feature::VarRatioS => "var_sigma_s / var_mean_s, soft band",
            Feature::VarNewqB => "((var_max_b + var_min_b)/2) / var_mean_b",
        }
    }

    /// How this feature is computed from raw CSC columns, if it is derived.
    pub fn derivation(self) -> Option<Derivation> {
        match self {
            Feature::VarRatioB => Some(Derivation::Ratio { sigma: "var_sigma_b", mean: "var_mean_b" }),
            Feature::VarRatioH => Some(Derivation::Ratio { sigma: "var_sigma_h", mean: "var_mean_h" }),
            Feature::VarRatioS => Some(Derivation::Ratio { sigma: "var_sigma_s", mean: "var_mean_s" }),
            Feature::VarNewqB => Some(Derivation::NewQ { max: "var_max_b", min: "var_min_b", mean: "var_mean_b" }),
            _ => None,
        }
    }

    /// The physically meaningful range of raw values (hardness ratios in [-1, 1],
    /// probabilities in [0, 1], ratios ≥ 0, Γ unbounded).
    pub fn domain(self) -> (f64, f64) {
        match self {
            Feature::HardHm | Feature::HardHs | Feature::HardMs => (-1.0, 1.0),
            Feature::VarProbB | Feature::VarProbH | Feature::VarProbS => (0.0, 1.0),
            Feature::PowlawGamma => (f64::NEG_INFINITY, f64::INFINITY),
            _ => (0.0, f64::INFINITY),
        }
    }

    /// Whether the feature's values must be ≥ 0 (the log-normalised ones are).
    pub fn non_negative(self) -> bool {
        matches!(
            self,
            Feature::BbKt | Feature::VarRatioB | Feature::VarRatioH | Feature::VarRatioS | Feature::VarNewqB
        )
    }
}

/// A derived feature's recipe in terms of raw CSC column names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Derivation {
    /// `sigma / mean`.
    Ratio { sigma: &'static str, mean: &'static str },
    /// `((max + min) / 2) / mean`.
    NewQ { max: &'static str, min: &'static str, mean: &'static str },
}

impl Derivation {
    /// The raw columns this recipe reads.
    pub fn inputs(self) -> Vec<&'static str> {
        match self {
            Derivation::Ratio { sigma, mean } => vec![sigma, mean],
            Derivation::NewQ { max, min, mean } => vec![max, min, mean],
        }
    }

    /// Applies the recipe to values given in [`Derivation::inputs`] order.
    pub fn apply(self, v: &[f64]) -> f64 {
        match self {
            Derivation::Ratio { .. } => v[0] / v[1],
            Derivation::NewQ { .. } => ((v[0] + v[1]) / 2.0) / v[2],
        }
    }
}

/// The raw CSC per-detection columns the features derive from.
pub const RAW_COLUMNS: [&str; 16] = [
    "hard_hm",
    "hard_hs",
    "hard_ms",
    "powlaw_gamma",
    "bb_kt",
    "var_prob_b",
    "var_prob_h",
    "var_prob_s",
    "var_mean_b",
    "var_mean_h",
    "var_mean_s",
    "var_sigma_b",
    "var_sigma_h",
    "var_sigma_s",
    "var_max_b",
    "var_min_b",
];

/// Feature values used where a detection lacks one (model.json's `fill_values`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FillValues {
    /// Raw-unit value per feature, [`Feature::ALL`] order.
    pub values: FeatureVector,
    /// Where the values come from.
    pub provenance: String,
}

impl FillValues {
    /// Replaces missing (None or non-finite) values by the fill value; reports which.
    pub fn fill(&self, values: &[Option<f64>; N_FEATURES]) -> (FeatureVector, FilledMask) {
        let mut out = [0.0; N_FEATURES];
        let mut mask = 0u16;
        for i in 0..N_FEATURES {
            out[i] = match values[i] {
                Some(v) if v.is_finite() => v,
                _ => {
                    mask |= 1 << i;
                    self.values[i]
                }
            };
        }
        (out, FilledMask(mask))
    }
}

impl FilledMask {
    /// No feature was filled.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether feature `f` was filled.
    pub fn contains(self, f: Feature) -> bool {
        self.0 & (1 << f.index()) != 0
    }

    /// The filled features in order.
    pub fn features(self) -> impl Iterator<Item = Feature> {
        Feature::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    /// Names joined by `;` (empty when nothing was filled), as the CLI prints them.
    pub fn to_list(self) -> String {
        self.features().map(Feature::name).collect::<Vec<_>>().join(";")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_matches_the_paper() {
        let names: Vec<_> = Feature::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names.join(","),
            "hard_hm,hard_hs,hard_ms,powlaw_gamma,bb_kt,var_prob_b,var_ratio_b,var_prob_h,var_ratio_h,var_prob_s,var_ratio_s,var_newq_b"
        );
    }

    #[test]
    fn derivations_follow_the_method() {
        let newq = Feature::VarNewqB.derivation().unwrap();
        assert_eq!(newq.inputs(), ["var_max_b", "var_min_b", "var_mean_b"]);
        assert_eq!(newq.apply(&[3.0, 1.0, 4.0]), 0.5);
        let r = Feature::VarRatioH.derivation().unwrap();
        assert_eq!(r.apply(&[1.0, 4.0]), 0.25);
    }

    #[test]
    fn fill_reports_what_it_filled() {
        let fv = FillValues { values: [7.0; N_FEATURES], provenance: String::new() };
        let mut v = [Some(1.0); N_FEATURES];
        v[3] = None;
        v[4] = Some(f64::NAN);
        let (x, mask) = fv.fill(&v);
        assert_eq!((x[3], x[4], x[0]), (7.0, 7.0, 1.0));
        assert_eq!(mask.to_list(), "powlaw_gamma;bb_kt");
    }
}
