//! From detections to sources: soft and hard voting, unique vs ambiguous.

use crate::class::{argmax, Class, ClassProbs, N_CLASSES};
use serde::{Deserialize, Serialize};

/// The master classification of one source from its detections.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    /// Number of detections voted.
    pub count: usize,
    /// Mean probability per class.
    pub mean: ClassProbs,
    /// Population standard deviation (ddof = 0, as published) per class.
    pub std: ClassProbs,
    /// Soft vote: argmax of the mean probabilities.
    pub soft: Class,
    /// Hard vote: the most common detection class. Ties go to the tied class whose first
    /// detection comes first in input order (pandas `value_counts`, which the authors used).
    pub hard: Class,
}

impl Vote {
    /// Soft and hard votes agree ("uniquely classified").
    pub fn is_unique(&self) -> bool {
        self.soft == self.hard
    }
}

/// Accumulates detections of one source in input order; memory is constant and compact
/// (216 bytes: `xclass classify --by-source` holds one per distinct name). Votes per class are
/// counted exactly up to 4,294,967,295 detections of one source.
#[derive(Clone, Debug, Default)]
pub struct Ballot {
    sum: ClassProbs,
    sum_sq: ClassProbs,
    votes: [u32; N_CLASSES],
    /// Each class's rank in order of first appearance (valid where `votes > 0`).
    first_seen: [u8; N_CLASSES],
    /// Distinct classes voted so far.
    seen: u8,
}

impl Ballot {
    /// Adds one detection's probabilities.
    pub fn add(&mut self, p: &ClassProbs) {
        let c = argmax(p);
        if self.votes[c] == 0 {
            self.first_seen[c] = self.seen;
            self.seen += 1;
        }
        self.votes[c] = self.votes[c].saturating_add(1);
        for ((s, sq), &x) in self.sum.iter_mut().zip(&mut self.sum_sq).zip(p) {
            *s += x;
            *sq += x * x;
        }
    }

    /// Detections added.
    pub fn count(&self) -> usize {
        self.votes.iter().map(|&v| v as usize).sum()
    }

    /// The vote so far (`None` before any detection).
    pub fn vote(&self) -> Option<Vote> {
        let count = self.count();
        if count == 0 {
            return None;
        }
        let n = count as f64;
        let mean: ClassProbs = self.sum.map(|s| s / n);
        let std = std::array::from_fn(|i| (self.sum_sq[i] / n - mean[i] * mean[i]).max(0.0).sqrt());
        let hard = (0..N_CLASSES)
            .filter(|&c| self.votes[c] > 0)
            .max_by(|&a, &b| self.votes[a].cmp(&self.votes[b]).then(self.first_seen[b].cmp(&self.first_seen[a])))
            .expect("count > 0");
        Some(Vote { count, mean, std, soft: Class::ALL[argmax(&mean)], hard: Class::ALL[hard] })
    }
}

/// Votes over a source's detection probabilities, in input order.
pub fn vote<'a>(detections: impl IntoIterator<Item = &'a ClassProbs>) -> Option<Vote> {
    let mut b = Ballot::default();
    detections.into_iter().for_each(|p| b.add(p));
    b.vote()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_hot(c: usize, p: f64) -> ClassProbs {
        let mut v = [(1.0 - p) / 9.0; N_CLASSES];
        v[c] = p;
        v
    }

    #[test]
    fn hard_tie_goes_to_the_first_seen_class() {
        let dets = [one_hot(4, 0.6), one_hot(0, 0.9), one_hot(0, 0.9), one_hot(4, 0.6)];
        let v = vote(&dets).unwrap();
        assert_eq!(v.hard, Class::Hmxb);
        assert_eq!(v.soft, Class::Qso);
        assert!(!v.is_unique());
    }

    #[test]
    fn a_ballot_is_compact() {
        assert_eq!(std::mem::size_of::<Ballot>(), 216);
    }

    #[test]
    fn mean_and_population_std() {
        let v = vote(&[one_hot(1, 1.0), one_hot(1, 0.0)]).unwrap();
        assert!((v.mean[1] - 0.5).abs() < 1e-15 && (v.std[1] - 0.5).abs() < 1e-15);
        assert!(vote(&[]).is_none());
    }
}
