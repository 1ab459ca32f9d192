//! Named subsets of sources (TOPCAT's workflow): made from a selection, combined (and, or,
//! and not), inverted, shown alone or hidden, coloured, exported and kept in the permalink by
//! the sources' names (sorted, so the URL codec deflates them well).

use crate::names::Names;
use serde::{Deserialize, Serialize};

/// Colours of subsets in order (Okabe & Ito's colour-blind-safe palette, without black).
pub const SUBSET_COLOURS: [&str; 7] = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];

/// One named subset: source names, sorted and unique.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subset {
    pub name: String,
    pub members: Vec<String>,
}

/// How two subsets combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// In both.
    And,
    /// In either.
    Or,
    /// In the first and not in the second.
    AndNot,
}

/// What the views show of the active subset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Show {
    /// Every row (subsets only colour).
    #[default]
    All,
    /// Only the active subset's rows.
    Only,
    /// Every row but the active subset's.
    Hide,
}

/// The subsets of a view and what is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Subsets {
    pub list: Vec<Subset>,
    /// The subset `show` applies to (index into `list`).
    pub active: Option<usize>,
    pub show: Show,
}

impl Subset {
    /// A subset of these names (sorted, duplicates dropped).
    pub fn new(name: impl Into<String>, members: impl IntoIterator<Item = String>) -> Subset {
        let mut members: Vec<String> = members.into_iter().collect();
        members.sort();
        members.dedup();
        Subset { name: name.into(), members }
    }

    /// Whether `name` is a member.
    pub fn contains(&self, name: &str) -> bool {
        self.members.binary_search_by(|m| m.as_str().cmp(name)).is_ok()
    }

    /// This subset combined with `other` by `op`, named `name`.
    pub fn combine(&self, other: &Subset, op: Combine, name: impl Into<String>) -> Subset {
        let members: Vec<String> = match op {
            Combine::And => self.members.iter().filter(|m| other.contains(m)).cloned().collect(),
            Combine::AndNot => self.members.iter().filter(|m| !other.contains(m)).cloned().collect(),
            Combine::Or => self.members.iter().chain(&other.members).cloned().collect(),
        };
        Subset::new(name, members)
    }

    /// Every source of `all` that is not a member, named `name`.
    pub fn invert(&self, all: &Names, name: impl Into<String>) -> Subset {
        Subset::new(name, (0..all.len()).map(|i| all.get(i)).filter(|n| !self.contains(n)).map(String::from).collect::<Vec<_>>())
    }

    /// Membership by source index of `all`, and the member names `all` does not have.
    pub fn membership(&self, all: &Names) -> (Vec<bool>, Vec<String>) {
        let mut inside = vec![false; all.len()];
        let mut missing = Vec::new();
        for m in &self.members {
            match all.find(m) {
                Some(i) => inside[i] = true,
                None => missing.push(m.clone()),
            }
        }
        (inside, missing)
    }
}

impl Subsets {
    /// Which sources (by index of `all`) the views show, or `None` when all are.
    pub fn visible(&self, all: &Names) -> Option<Vec<bool>> {
        let s = self.list.get(self.active?)?;
        let (inside, _) = s.membership(all);
        match self.show {
            Show::All => None,
            Show::Only => Some(inside),
            Show::Hide => Some(inside.into_iter().map(|b| !b).collect()),
        }
    }

    /// Per source of `all`: 0 when in no subset, else 1 + the index of the last subset it is
    /// in (later subsets are drawn over earlier ones).
    pub fn colour_index(&self, all: &Names) -> Vec<u8> {
        let mut out = vec![0u8; all.len()];
        for (k, s) in self.list.iter().enumerate().take(254) {
            for m in &s.members {
                if let Some(i) = all.find(m) {
                    out[i] = k as u8 + 1;
                }
            }
        }
        out
    }

    /// The colour of subset `k`.
    pub fn colour(k: usize) -> &'static str {
        SUBSET_COLOURS[k % SUBSET_COLOURS.len()]
    }

    /// Drops member names `all` does not have; says how many, and which, per subset.
    pub fn drop_missing(&mut self, all: &Names) -> Vec<String> {
        let mut w = Vec::new();
        for s in &mut self.list {
            let (_, missing) = s.membership(all);
            if !missing.is_empty() {
                s.members.retain(|m| all.find(m).is_some());
                let shown: Vec<String> = missing.iter().take(3).map(|n| format!("\"{n}\"")).collect();
                let more = if missing.len() > 3 { format!(" and {} more", missing.len() - 3) } else { String::new() };
                w.push(format!(
                    "Subset \"{}\": {} not in the catalog, left out: {}{more}.",
                    s.name,
                    crate::format::count(missing.len(), "source"),
                    shown.join(", ")
                ));
            }
        }
        if self.active.is_some_and(|a| a >= self.list.len()) {
            self.active = None;
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        ["a", "b", "c", "d", "e"].into_iter().collect()
    }

    fn s(members: &[&str]) -> Subset {
        Subset::new("s", members.iter().map(|m| m.to_string()))
    }

    #[test]
    fn set_algebra() {
        let (x, y) = (s(&["c", "a", "b", "a"]), s(&["b", "d"]));
        assert_eq!(x.members, ["a", "b", "c"]);
        assert_eq!(x.combine(&y, Combine::And, "and").members, ["b"]);
        assert_eq!(x.combine(&y, Combine::Or, "or").members, ["a", "b", "c", "d"]);
        assert_eq!(x.combine(&y, Combine::AndNot, "not").members, ["a", "c"]);
        assert_eq!(x.invert(&names(), "inv").members, ["d", "e"]);
    }

    #[test]
    fn show_only_hide_and_missing_names() {
        let mut subs = Subsets { list: vec![s(&["b", "zz"]), s(&["b", "e"])], active: Some(0), show: Show::Only };
        assert_eq!(subs.visible(&names()), Some(vec![false, true, false, false, false]));
        subs.show = Show::Hide;
        assert_eq!(subs.visible(&names()), Some(vec![true, false, true, true, true]));
        subs.show = Show::All;
        assert_eq!(subs.visible(&names()), None);
        assert_eq!(subs.colour_index(&names()), [0, 2, 0, 0, 2]);
        let w = subs.drop_missing(&names());
        assert_eq!(w, ["Subset \"s\": 1 source not in the catalog, left out: \"zz\"."]);
        assert_eq!(subs.list[0].members, ["b"]);
    }
}
