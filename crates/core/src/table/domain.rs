//! Values outside a range per feature, counted while rows are read (on any thread), for one
//! warning line per feature: how many, and the first line or row. [`DomainCounts::physical`]
//! uses each feature's physical domain ([`Feature::domain`]: a hardness ratio of 7, a
//! probability of 42); other ranges (e.g. a model's training range) can use the same type.

use super::error::Position;
use crate::feature::{Feature, N_FEATURES};
use crate::format::thousands;
use crate::message::one_line;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

/// Slack beyond the range's ends, relative to its width (rounding in the input is not noted).
const SLACK: f64 = 1e-6;

/// Per feature: values outside `[lo, hi]` seen so far, and the first position of one.
#[derive(Debug)]
pub struct DomainCounts {
    ranges: [(f64, f64); N_FEATURES],
    what: &'static str,
    counts: [AtomicU64; N_FEATURES],
    first: [AtomicU64; N_FEATURES],
    rows: AtomicBool,
}

impl DomainCounts {
    /// Counts values outside `ranges` ([`Feature::ALL`] order); `what` names the ranges in
    /// warnings ("physical domain").
    pub fn new(ranges: [(f64, f64); N_FEATURES], what: &'static str) -> DomainCounts {
        let ranges = ranges.map(|(lo, hi)| {
            let slack = if (hi - lo).is_finite() { SLACK * (hi - lo) } else { 0.0 };
            (lo - slack, hi + slack)
        });
        let (counts, first) = (Default::default(), std::array::from_fn(|_| AtomicU64::new(u64::MAX)));
        DomainCounts { ranges, what, counts, first, rows: AtomicBool::new(false) }
    }

    /// Counts values outside each feature's physical domain.
    pub fn physical() -> DomainCounts {
        DomainCounts::new(Feature::ALL.map(Feature::domain), "physical domain")
    }

    /// Whether `v` is inside `f`'s range (then nothing is noted); notes it otherwise.
    pub fn check(&self, f: Feature, v: f64, at: Position) -> bool {
        let (lo, hi) = self.ranges[f.index()];
        if v >= lo && v <= hi || v.is_nan() {
            return true;
        }
        let (n, rows) = match at {
            Position::Line(n) => (n, false),
            Position::Row(n) => (n, true),
        };
        self.counts[f.index()].fetch_add(1, Relaxed);
        self.first[f.index()].fetch_min(n, Relaxed);
        self.rows.store(rows, Relaxed);
        false
    }

    /// Values of `f` noted so far, and the first one's position.
    pub fn get(&self, f: Feature) -> (u64, Option<Position>) {
        let n = self.counts[f.index()].load(Relaxed);
        let first = self.first[f.index()].load(Relaxed);
        let at = (n > 0).then(|| if self.rows.load(Relaxed) { Position::Row(first) } else { Position::Line(first) });
        (n, at)
    }

    /// One warning per feature with values noted, for `file`.
    pub fn warnings(&self, file: &str) -> Vec<String> {
        Feature::ALL
            .into_iter()
            .filter_map(|f| {
                let (n, at) = self.get(f);
                let at = at?;
                let (lo, hi) = f.domain();
                let values = if n == 1 { "value" } else { "values" };
                Some(format!(
                    "{}: {} {values} of {} outside its {} [{lo}, {hi}] (first at {at}): classified as they are, but the result means little",
                    one_line(file),
                    thousands(n as usize),
                    f.name(),
                    self.what,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_first_position_per_feature() {
        let d = DomainCounts::physical();
        assert!(d.check(Feature::HardHm, 1.0, Position::Line(2)) && d.check(Feature::HardHm, -1.0000000001, Position::Line(2)));
        assert!(d.check(Feature::PowlawGamma, 1e9, Position::Line(2)) && d.check(Feature::HardHm, f64::NAN, Position::Line(2)));
        assert!(!d.check(Feature::HardHm, 7.0, Position::Line(9)));
        assert!(!d.check(Feature::HardHm, -3.0, Position::Line(4)));
        assert!(!d.check(Feature::VarProbB, 42.0, Position::Line(5)));
        assert_eq!(d.get(Feature::HardHm), (2, Some(Position::Line(4))));
        assert_eq!(d.get(Feature::HardHs), (0, None));
        assert_eq!(
            d.warnings("t.csv"),
            [
                "t.csv: 2 values of hard_hm outside its physical domain [-1, 1] (first at line 4): classified as they are, but the result means little",
                "t.csv: 1 value of var_prob_b outside its physical domain [0, 1] (first at line 5): classified as they are, but the result means little",
            ]
        );
    }
}
