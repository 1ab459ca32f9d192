//! The per-source output table (`xclass classify --by-source`): detections grouped by name,
//! soft and hard voting ([`crate::voting`]).

use super::text::{push_field, push_sep_f64, push_sep_field};
use crate::class::{Class, ClassProbs};
use crate::voting::{Ballot, Vote};
use hashbrown::HashTable;
use std::hash::{BuildHasher, RandomState};

/// Accumulates detections by source name, in order of first appearance. Memory grows with
/// the number of distinct names, not of detections: about 260 bytes a name (the name's bytes
/// in one shared buffer, its end offset, a 216-byte [`Ballot`] and a 4-byte hash-table slot).
#[derive(Clone, Debug, Default)]
pub struct SourceTable {
    /// Every distinct name, concatenated in order of first appearance.
    names: String,
    /// Where each name ends in `names`.
    ends: Vec<usize>,
    ballots: Vec<Ballot>,
    /// Indices into `ballots`, hashed by name.
    index: HashTable<u32>,
    hasher: RandomState,
}

impl SourceTable {
    /// Adds one detection of source `name`.
    pub fn add(&mut self, name: &str, probs: &ClassProbs) {
        let hash = self.hasher.hash_one(name);
        let (names, ends) = (&self.names, &self.ends);
        let name_of = |i: u32| name_at(names, ends, i as usize);
        let i = match self.index.find(hash, |&i| name_of(i) == name) {
            Some(&i) => i as usize,
            None => {
                let i = self.ballots.len();
                let id = u32::try_from(i).expect("fewer than 2^32 distinct source names");
                let hasher = &self.hasher;
                self.index.insert_unique(hash, id, |&j| hasher.hash_one(name_of(j)));
                self.names.push_str(name);
                self.ends.push(self.names.len());
                self.ballots.push(Ballot::default());
                i
            }
        };
        self.ballots[i].add(probs);
    }

    /// Sources with their votes, in order of first appearance.
    pub fn votes(&self) -> impl Iterator<Item = (&str, Vote)> {
        let name = |i| name_at(&self.names, &self.ends, i);
        self.ballots.iter().enumerate().map(move |(i, b)| (name(i), b.vote().expect("a source has ≥ 1 detection")))
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

/// The `i`-th distinct name.
fn name_at<'a>(names: &'a str, ends: &[usize], i: usize) -> &'a str {
    &names[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]
}
