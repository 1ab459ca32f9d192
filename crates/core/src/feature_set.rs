//! Which of the 12 features a fitted model uses (a catalog may lack some, e.g. var_newq_b).

use crate::feature::{Feature, N_FEATURES};
use serde::{Deserialize, Serialize};

/// A set of features, always iterated in [`Feature::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "Vec<Feature>", try_from = "Vec<Feature>")]
pub struct FeatureSet(u16);

impl FeatureSet {
    /// All 12 features (the published model's).
    pub const ALL: FeatureSet = FeatureSet((1 << N_FEATURES) - 1);

    /// The set of the given features.
    pub fn of(features: impl IntoIterator<Item = Feature>) -> FeatureSet {
        FeatureSet(features.into_iter().fold(0, |m, f| m | 1 << f.index()))
    }

    /// Parses a comma-separated list of feature names (case-insensitive, blanks ignored).
    pub fn parse(list: &str) -> Result<FeatureSet, String> {
        let mut set = 0;
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let f = Feature::ALL
                .into_iter()
                .find(|f| f.name().eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    format!(
                        "unknown feature {name:?}; the features are {}",
                        Feature::ALL.map(Feature::name).join(", ")
                    )
                })?;
            set |= 1 << f.index();
        }
        if set == 0 {
            return Err("no feature named".into());
        }
        Ok(FeatureSet(set))
    }

    /// Whether `f` is in the set.
    pub fn contains(self, f: Feature) -> bool {
        self.0 & (1 << f.index()) != 0
    }

    /// The features in [`Feature::ALL`] order.
    pub fn features(self) -> Vec<Feature> {
        Feature::ALL
            .into_iter()
            .filter(|&f| self.contains(f))
            .collect()
    }

    /// Number of features.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether no feature is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The features in `self` but not in `other`.
    pub fn without(self, other: FeatureSet) -> FeatureSet {
        FeatureSet(self.0 & !other.0)
    }

    /// Names joined by `,`.
    pub fn to_list(self) -> String {
        self.features()
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl Default for FeatureSet {
    fn default() -> FeatureSet {
        FeatureSet::ALL
    }
}

impl From<FeatureSet> for Vec<Feature> {
    fn from(s: FeatureSet) -> Vec<Feature> {
        s.features()
    }
}

impl TryFrom<Vec<Feature>> for FeatureSet {
    type Error = String;
    fn try_from(v: Vec<Feature>) -> Result<FeatureSet, String> {
        if v.is_empty() {
            return Err("a model uses at least one feature".into());
        }
        Ok(FeatureSet::of(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_keeps_the_fixed_order() {
        let s = FeatureSet::parse("var_newq_b, HARD_HM,hard_hm").unwrap();
        assert_eq!(s.features(), [Feature::HardHm, Feature::VarNewqB]);
        assert_eq!(s.len(), 2);
        assert!(FeatureSet::parse("hard_hm,foo")
            .unwrap_err()
            .contains("\"foo\""));
        assert!(FeatureSet::parse(" , ").is_err());
        assert_eq!(FeatureSet::ALL.len(), 12);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"["hard_hm","var_newq_b"]"#
        );
        assert_eq!(
            serde_json::from_str::<FeatureSet>(r#"["var_newq_b","hard_hm"]"#).unwrap(),
            s
        );
    }
}
