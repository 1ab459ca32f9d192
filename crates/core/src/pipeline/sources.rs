//! The per-source output table (`xclass classify --by-source`): detections grouped by name,
//! soft and hard voting ([`crate::voting`]).

use super::text::{push_field, push_sep_f64, push_sep_field};
use crate::class::{Class, ClassProbs};
use crate::voting::{Ballot, Vote};
use indexmap::IndexMap;

/// Accumulates detections by source name; memory grows with the number of distinct names
/// (a few hundred bytes each), not with the number of detections.
#[derive(Clone, Debug, Default)]
pub struct SourceTable {
    sources: IndexMap<String, Ballot>,
}

impl SourceTable {
    /// Adds one detection of source `name`.
    pub fn add(&mut self, name: &str, probs: &ClassProbs) {
        match self.sources.get_mut(name) {
            Some(b) => b.add(probs),
            None => self.sources.entry(name.to_string()).or_default().add(probs),
        }
    }

    /// Sources with their votes, in order of first appearance.
    pub fn votes(&self) -> impl Iterator<Item = (&str, Vote)> {
        self.sources.iter().map(|(n, b)| (n.as_str(), b.vote().expect("a source has ≥ 1 detection")))
    }

    /// The header line: `name`, `detection_count`, `mean_<class>` ×10, `std_<class>` ×10,
    /// `soft_master_class`, `hard_master_class`, `agg_master_class` (group of the soft
    /// class), `unique` (soft = hard).
    pub fn header() -> String {
        let mut cols = vec!["name".to_string(), "detection_count".to_string()];
        for prefix in ["mean", "std"] {
            cols.extend(Class::ALL.iter().map(|c| format!("{prefix}_{}", c.name())));
        }
        cols.extend(["soft_master_class", "hard_master_class", "agg_master_class", "unique"].map(String::from));
        cols.join(",") + "\n"
    }

    /// Appends one source's row.
    pub fn write_row(out: &mut String, name: &str, v: &Vote) {
        push_field(out, name);
        out.push(',');
        out.push_str(&v.count.to_string());
        v.mean.iter().chain(&v.std).for_each(|&x| push_sep_f64(out, x));
        push_sep_field(out, v.soft.name());
        push_sep_field(out, v.hard.name());
        push_sep_field(out, v.soft.group().name());
        push_sep_field(out, if v.is_unique() { "true" } else { "false" });
        out.push('\n');
    }

    /// Appends every source's row, in order of first appearance.
    pub fn write(&self, out: &mut String) {
        self.votes().for_each(|(name, v)| SourceTable::write_row(out, name, &v));
    }
}
