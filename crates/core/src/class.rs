//! The ten labelled classes of the paper and their four aggregated groups.

use serde::{Deserialize, Serialize};

/// Number of fine classes.
pub const N_CLASSES: usize = 10;
/// Number of aggregated groups.
pub const N_GROUPS: usize = 4;

/// A fine class (SIMBAD main type), in the paper's fixed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Class {
    #[serde(rename = "QSO")]
    Qso,
    #[serde(rename = "AGN")]
    Agn,
    #[serde(rename = "Seyfert_1")]
    Seyfert1,
    #[serde(rename = "Seyfert_2")]
    Seyfert2,
    #[serde(rename = "HMXB")]
    Hmxb,
    #[serde(rename = "LMXB")]
    Lmxb,
    #[serde(rename = "XB")]
    Xb,
    #[serde(rename = "YSO")]
    Yso,
    #[serde(rename = "TTau*")]
    TTau,
    #[serde(rename = "Orion_V*")]
    OrionV,
}

/// An aggregated class group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Group {
    #[serde(rename = "AGN")]
    Agn,
    Seyfert,
    #[serde(rename = "XB")]
    Xb,
    #[serde(rename = "YSO")]
    Yso,
}

impl Class {
    /// All classes in the paper's order (the order of probability vectors).
    pub const ALL: [Class; N_CLASSES] = [
        Class::Qso,
        Class::Agn,
        Class::Seyfert1,
        Class::Seyfert2,
        Class::Hmxb,
        Class::Lmxb,
        Class::Xb,
        Class::Yso,
        Class::TTau,
        Class::OrionV,
    ];

    /// Position in [`Class::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The class at position `i` of [`Class::ALL`].
    pub fn from_index(i: usize) -> Option<Class> {
        Class::ALL.get(i).copied()
    }

    /// The paper's spelling, as used in the published tables' column names.
    pub fn name(self) -> &'static str {
        match self {
            Class::Qso => "QSO",
            Class::Agn => "AGN",
            Class::Seyfert1 => "Seyfert_1",
            Class::Seyfert2 => "Seyfert_2",
            Class::Hmxb => "HMXB",
            Class::Lmxb => "LMXB",
            Class::Xb => "XB",
            Class::Yso => "YSO",
            Class::TTau => "TTau*",
            Class::OrionV => "Orion_V*",
        }
    }

    /// Parses the paper's exact spelling (see [`crate::labels`] for SIMBAD's many spellings).
    pub fn from_name(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == s)
    }

    /// The aggregated group this class belongs to.
    pub fn group(self) -> Group {
        match self {
            Class::Qso | Class::Agn => Group::Agn,
            Class::Seyfert1 | Class::Seyfert2 => Group::Seyfert,
            Class::Hmxb | Class::Lmxb | Class::Xb => Group::Xb,
            Class::Yso | Class::TTau | Class::OrionV => Group::Yso,
        }
    }

    /// A colour for the class (tab10, as matplotlib draws ten categories), `#rrggbb`.
    pub fn colour(self) -> &'static str {
        [
            "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#17becf", "#d62728",
            "#ff9896", "#9467bd",
        ][self.index()]
    }
}

impl Group {
    /// All groups in the paper's order.
    pub const ALL: [Group; N_GROUPS] = [Group::Agn, Group::Seyfert, Group::Xb, Group::Yso];

    /// Position in [`Group::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The paper's spelling.
    pub fn name(self) -> &'static str {
        match self {
            Group::Agn => "AGN",
            Group::Seyfert => "Seyfert",
            Group::Xb => "XB",
            Group::Yso => "YSO",
        }
    }

    /// Parses the paper's exact spelling.
    pub fn from_name(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.name() == s)
    }

    /// The paper's playground colours, `#rrggbb`.
    pub fn colour(self) -> &'static str {
        match self {
            Group::Agn => "#1f77b4",
            Group::Seyfert => "#ff7f0e",
            Group::Xb => "#2ca02c",
            Group::Yso => "#d62728",
        }
    }

    /// The member classes of this group.
    pub fn members(self) -> impl Iterator<Item = Class> {
        Class::ALL.into_iter().filter(move |c| c.group() == self)
    }
}

/// Ten class probabilities in [`Class::ALL`] order.
pub type ClassProbs = [f64; N_CLASSES];

/// Sums class probabilities into the four group probabilities.
pub fn group_probs(p: &ClassProbs) -> [f64; N_GROUPS] {
    let mut g = [0.0; N_GROUPS];
    for c in Class::ALL {
        g[c.group().index()] += p[c.index()];
    }
    g
}

/// Index of the largest value; the first one wins ties (NaN never wins).
pub fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] || v[best].is_nan() {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_groups_follow_the_paper() {
        for c in Class::ALL {
            assert_eq!(Class::from_name(c.name()), Some(c));
            assert_eq!(Class::from_index(c.index()), Some(c));
        }
        let members: Vec<_> = Group::Yso.members().map(Class::name).collect();
        assert_eq!(members, ["YSO", "TTau*", "Orion_V*"]);
        assert_eq!(Class::Hmxb.group(), Group::Xb);
        assert_eq!(serde_json::to_string(&Class::TTau).unwrap(), "\"TTau*\"");
    }

    #[test]
    fn group_probs_sum_members() {
        let p = [0.1, 0.2, 0.05, 0.05, 0.3, 0.1, 0.05, 0.1, 0.03, 0.02];
        let g = group_probs(&p);
        assert!((g[0] - 0.3).abs() < 1e-15 && (g[2] - 0.45).abs() < 1e-15);
        assert_eq!(argmax(&g), 2);
    }
}
