//! The paper's validation metrics (Fig. 4/5): confusion matrices, 10 classes and the 4
//! groups, accuracy, balanced accuracy, per-class precision/recall/F1, at detection level and
//! at source level (soft vote over a source's detections).

use crate::class::{Class, ClassProbs, Group};
use crate::stats::{ClassScores, ConfusionMatrix};
use crate::voting::vote;
use serde::{Deserialize, Serialize};

/// Scores of predictions against labels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Rows = label, columns = prediction.
    pub classes: ConfusionMatrix,
    pub groups: ConfusionMatrix,
    pub accuracy: f64,
    pub balanced_accuracy: f64,
    pub group_accuracy: f64,
    pub group_balanced_accuracy: f64,
    pub per_class: Vec<ClassScores>,
    pub per_group: Vec<ClassScores>,
}

impl Metrics {
    /// From (label, prediction) pairs.
    pub fn of(pairs: impl IntoIterator<Item = (Class, Class)>) -> Metrics {
        let classes = ConfusionMatrix::from_pairs(
            Class::ALL.map(Class::name),
            pairs.into_iter().map(|(t, p)| (t.index(), p.index())),
        );
        let groups = classes.aggregate(
            &Class::ALL.map(|c| c.group().index()),
            Group::ALL.map(Group::name),
        );
        Metrics {
            accuracy: classes.accuracy(),
            balanced_accuracy: classes.balanced_accuracy(),
            group_accuracy: groups.accuracy(),
            group_balanced_accuracy: groups.balanced_accuracy(),
            per_class: classes.per_class(),
            per_group: groups.per_class(),
            classes,
            groups,
        }
    }
}

/// Detection-level and source-level metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelMetrics {
    pub detections: Metrics,
    /// Soft votes of each source's test detections against the label of its first one
    /// (`None` when the table has no `name` column).
    pub sources: Option<Metrics>,
}

impl LevelMetrics {
    /// From each test row's label, probabilities and source name.
    pub fn of(truth: &[Class], probs: &[ClassProbs], names: &[Option<&str>]) -> LevelMetrics {
        let detections = Metrics::of(
            truth
                .iter()
                .zip(probs)
                .map(|(&t, p)| (t, Class::ALL[crate::class::argmax(p)])),
        );
        let mut order: Vec<&str> = Vec::new();
        let mut by_name: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (i, n) in names.iter().enumerate() {
            if let Some(n) = n {
                by_name.entry(n).or_insert_with(|| {
                    order.push(n);
                    Vec::new()
                });
                by_name.get_mut(n).expect("inserted").push(i);
            }
        }
        let sources = (!order.is_empty()).then(|| {
            Metrics::of(order.iter().map(|n| {
                let rows = &by_name[n];
                let v = vote(rows.iter().map(|&i| &probs[i])).expect("a source has rows");
                (truth[rows[0]], v.soft)
            }))
        });
        LevelMetrics {
            detections,
            sources,
        }
    }
}

/// The validation of a fitted model and of the published one on the same test rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationReport {
    pub test_fraction: f64,
    pub seed: u64,
    /// Labelled rows the class models were built from, and rows classified.
    pub train_rows: usize,
    pub test_rows: usize,
    pub fitted: LevelMetrics,
    pub published: LevelMetrics,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_level_uses_soft_votes() {
        let p = |c: Class, v: f64| {
            let mut a = [(1.0 - v) / 9.0; 10];
            a[c.index()] = v;
            a
        };
        // Source s: two detections leaning HMXB a little, one strongly AGN: soft vote AGN.
        let truth = [Class::Agn, Class::Agn, Class::Agn, Class::Yso];
        let probs = [
            p(Class::Hmxb, 0.3),
            p(Class::Hmxb, 0.3),
            p(Class::Agn, 0.99),
            p(Class::Yso, 0.9),
        ];
        let names = [Some("s"), Some("s"), Some("s"), Some("t")];
        let m = LevelMetrics::of(&truth, &probs, &names);
        assert_eq!(m.detections.accuracy, 0.5);
        let s = m.sources.unwrap();
        assert_eq!((s.accuracy, s.classes.total()), (1.0, 2));
        assert_eq!(s.group_balanced_accuracy, 1.0);
        assert!(LevelMetrics::of(&truth, &probs, &[None; 4])
            .sources
            .is_none());
    }
}
