//! Confusion matrices and the scores scikit-learn reports from them (`zero_division=0`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts of (true, predicted) label pairs: `counts[true][predicted]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub labels: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

/// Per-class scores, as scikit-learn's `precision_recall_fscore_support(zero_division=0)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassScores {
    pub label: String,
    /// Number of samples whose true label is this class.
    pub support: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// `num / den`, or 0 when `den` is 0.
fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl ConfusionMatrix {
    /// Tallies (true index, predicted index) pairs into a square matrix over `labels`.
    /// Panics if an index is not below `labels.len()`.
    pub fn from_pairs<S: Into<String>>(
        labels: impl IntoIterator<Item = S>,
        pairs: impl IntoIterator<Item = (usize, usize)>,
    ) -> Self {
        let labels: Vec<String> = labels.into_iter().map(Into::into).collect();
        let mut counts = vec![vec![0; labels.len()]; labels.len()];
        for (t, p) in pairs {
            counts[t][p] += 1;
        }
        ConfusionMatrix { labels, counts }
    }

    /// Number of samples.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    fn row_sum(&self, i: usize) -> u64 {
        self.counts[i].iter().sum()
    }

    fn col_sum(&self, j: usize) -> u64 {
        self.counts.iter().map(|r| r[j]).sum()
    }

    /// Each row divided by its sum (fractions of each true class); rows without samples are 0.
    pub fn row_normalised(&self) -> Vec<Vec<f64>> {
        (0..self.labels.len())
            .map(|i| {
                let n = self.row_sum(i);
                self.counts[i].iter().map(|&c| ratio(c, n)).collect()
            })
            .collect()
    }

    /// Fraction of samples on the diagonal (0 when empty).
    pub fn accuracy(&self) -> f64 {
        ratio((0..self.labels.len()).map(|i| self.counts[i][i]).sum(), self.total())
    }

    /// Mean recall over the classes that have true samples (scikit-learn's
    /// `balanced_accuracy_score`); 0 when empty.
    pub fn balanced_accuracy(&self) -> f64 {
        let recalls: Vec<f64> = (0..self.labels.len())
            .filter(|&i| self.row_sum(i) > 0)
            .map(|i| ratio(self.counts[i][i], self.row_sum(i)))
            .collect();
        if recalls.is_empty() {
            0.0
        } else {
            recalls.iter().sum::<f64>() / recalls.len() as f64
        }
    }

    /// Support, precision, recall and F1 per class; 0 where a denominator is 0.
    pub fn per_class(&self) -> Vec<ClassScores> {
        (0..self.labels.len())
            .map(|i| {
                let tp = self.counts[i][i];
                let (support, predicted) = (self.row_sum(i), self.col_sum(i));
                ClassScores {
                    label: self.labels[i].clone(),
                    support,
                    precision: ratio(tp, predicted),
                    recall: ratio(tp, support),
                    f1: ratio(2 * tp, support + predicted),
                }
            })
            .collect()
    }

    /// Folds classes into groups: class `i` goes to group `mapping[i]`.
    /// Panics if `mapping` is shorter than the labels or names a group not in `group_labels`.
    pub fn aggregate<S: Into<String>>(&self, mapping: &[usize], group_labels: impl IntoIterator<Item = S>) -> Self {
        let mut grouped = ConfusionMatrix::from_pairs(group_labels, []);
        for (i, row) in self.counts.iter().enumerate() {
            for (j, &c) in row.iter().enumerate() {
                grouped.counts[mapping[i]][mapping[j]] += c;
            }
        }
        grouped
    }
}

/// The paper's published benchmark (`assets/paper_confusion.json`): row-normalised matrices
/// as printed in Fig. 4 (10 classes) and Fig. 5 (grouped), and the reported scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaperConfusion {
    pub source: String,
    pub classes: Vec<String>,
    pub rows_true_cols_predicted: Vec<Vec<f64>>,
    pub grouped_classes: Vec<String>,
    /// Class name → group name.
    pub grouping: BTreeMap<String, String>,
    pub grouped_rows_true_cols_predicted: Vec<Vec<f64>>,
    /// E.g. `grouped_accuracy`, `grouped_balanced_accuracy`, `linear_svc_grouped_accuracy`.
    pub reported_scores: BTreeMap<String, f64>,
}

impl PaperConfusion {
    /// Parses the JSON file's text.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::{Class, Group};

    /// y_true / y_pred over labels 0..4: class 3 has no true samples, class 2 is never
    /// predicted correctly. Expected values from scikit-learn 1.9.1.
    const Y_TRUE: [usize; 12] = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0, 1, 2];
    const Y_PRED: [usize; 12] = [0, 1, 3, 1, 0, 0, 1, 1, 3, 0, 1, 3];

    fn example() -> ConfusionMatrix {
        ConfusionMatrix::from_pairs(["a", "b", "c", "d"], Y_TRUE.into_iter().zip(Y_PRED))
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-15)
    }

    #[test]
    fn matches_scikit_learn() {
        let cm = example();
        assert_eq!(cm.counts, [[2, 1, 0, 1], [1, 2, 0, 0], [1, 2, 0, 2], [0, 0, 0, 0]]);
        assert_eq!(cm.total(), 12);
        assert_eq!(cm.accuracy(), 0.3333333333333333);
        assert!((cm.balanced_accuracy() - 0.38888888888888884).abs() < 1e-15);
        let rn = cm.row_normalised();
        let want: [&[f64]; 4] = [
            &[0.5, 0.25, 0.0, 0.25],
            &[0.3333333333333333, 0.6666666666666666, 0.0, 0.0],
            &[0.2, 0.4, 0.0, 0.4],
            &[0.0, 0.0, 0.0, 0.0],
        ];
        assert!(rn.iter().zip(want).all(|(r, w)| close(r, w)), "{rn:?}");
        let s = cm.per_class();
        let col = |f: fn(&ClassScores) -> f64| s.iter().map(f).collect::<Vec<_>>();
        assert!(close(&col(|c| c.precision), &[0.5, 0.4, 0.0, 0.0]));
        assert!(close(&col(|c| c.recall), &[0.5, 0.6666666666666666, 0.0, 0.0]));
        assert!(close(&col(|c| c.f1), &[0.5, 0.5, 0.0, 0.0]));
        assert_eq!(s.iter().map(|c| c.support).collect::<Vec<_>>(), [4, 3, 5, 0]);
        assert_eq!(s[3].label, "d");
    }

    #[test]
    fn aggregate_matches_scikit_learn_on_mapped_labels() {
        let g = example().aggregate(&[0, 0, 1, 1], ["x", "y"]);
        assert_eq!(g.counts, [[6, 1], [3, 2]]);
        assert_eq!(g.accuracy(), 0.6666666666666666);
        assert!((g.balanced_accuracy() - 0.6285714285714286).abs() < 1e-15);
        let s = g.per_class();
        assert!((s[0].f1 - 0.75).abs() < 1e-15 && (s[1].recall - 0.4).abs() < 1e-15);
        let empty = ConfusionMatrix::from_pairs(["x"], []);
        assert_eq!((empty.accuracy(), empty.balanced_accuracy()), (0.0, 0.0));
    }

    #[test]
    fn paper_matrices_have_the_crate_shapes() {
        let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/paper_confusion.json"));
        let p = PaperConfusion::from_json(text).unwrap();
        assert_eq!(p.classes, Class::ALL.map(Class::name));
        assert_eq!(p.grouped_classes, Group::ALL.map(Group::name));
        for c in Class::ALL {
            assert_eq!(p.grouping[c.name()], c.group().name());
        }
        assert!(p.rows_true_cols_predicted.len() == 10 && p.rows_true_cols_predicted.iter().all(|r| r.len() == 10));
        assert!(p.grouped_rows_true_cols_predicted.iter().all(|r| r.len() == 4));
        // Our 10-class matrix folded by Class::group has the published grouped shape.
        let fine = ConfusionMatrix::from_pairs(Class::ALL.map(Class::name), [(0, 1), (7, 8), (4, 0)]);
        let grouped = fine.aggregate(&Class::ALL.map(|c| c.group().index()), Group::ALL.map(Group::name));
        assert_eq!(grouped.labels, p.grouped_classes);
        assert_eq!(grouped.counts.len(), p.grouped_rows_true_cols_predicted.len());
        assert_eq!(grouped.counts, [[1, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]]);
        // Printed to two significant figures, each row sums to 1 within rounding.
        for r in p.rows_true_cols_predicted.iter().chain(&p.grouped_rows_true_cols_predicted) {
            assert!((r.iter().sum::<f64>() - 1.0).abs() < 0.03, "{r:?}");
        }
        assert_eq!(p.reported_scores["grouped_accuracy"], 0.68);
        assert_eq!(p.reported_scores["grouped_balanced_accuracy"], 0.61);
        // The grouped balanced accuracy is the mean of the printed diagonal.
        let diag: f64 = (0..4).map(|i| p.grouped_rows_true_cols_predicted[i][i]).sum::<f64>() / 4.0;
        assert!((diag - 0.61).abs() < 0.005, "{diag}");
    }
}
