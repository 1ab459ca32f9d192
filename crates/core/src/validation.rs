//! Validation on a labelled upload (the paper's Fig. 4/5 on the user's own data): true SIMBAD
//! labels against predicted classes, with scikit-learn's scores.

use crate::class::{Class, Group};
use crate::labels::{parse_label, Label};
use crate::stats::ConfusionMatrix;
use crate::upload::Upload;
use std::collections::BTreeMap;

/// Labels against predictions, and what could not be compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Validation {
    /// 10 classes, rows = SIMBAD label, columns = predicted class.
    pub classes: ConfusionMatrix,
    /// The same folded into the 4 groups.
    pub groups: ConfusionMatrix,
    /// Rows with no label, or a type the paper counts as unlabelled (Star, X, …).
    pub unlabelled: usize,
    /// Labels that map to no class, with their counts.
    pub unmapped: BTreeMap<String, usize>,
    /// Labelled rows that needed at least one median-filled feature.
    pub filled: usize,
}

impl Validation {
    /// Compares the upload's labels with its predictions (`None` without a label column).
    pub fn of(up: &Upload) -> Option<Validation> {
        up.label_column.as_ref()?;
        let mut pairs = Vec::new();
        let (mut unlabelled, mut filled) = (0, 0);
        let mut unmapped = BTreeMap::new();
        for d in &up.detections {
            match parse_label(d.label.as_deref().unwrap_or("")) {
                Label::Class(truth) => {
                    pairs.push((truth.index(), d.classification().class().index()));
                    filled += usize::from(!d.filled.is_empty());
                }
                Label::Unlabelled => unlabelled += 1,
                Label::Unknown(s) => *unmapped.entry(s).or_insert(0) += 1,
            }
        }
        let classes = ConfusionMatrix::from_pairs(Class::ALL.map(Class::name), pairs);
        let mapping = Class::ALL.map(|c| c.group().index());
        let groups = classes.aggregate(&mapping, Group::ALL.map(Group::name));
        Some(Validation { classes, groups, unlabelled, unmapped, filled })
    }

    /// Number of rows compared.
    pub fn labelled(&self) -> u64 {
        self.classes.total()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::upload::classify_upload;

    #[test]
    fn labels_in_any_spelling_are_compared_and_the_rest_counted() {
        let model = Model::published();
        // Hardness ratios of a hard source, of a soft one; labels in SIMBAD and paper spellings.
        let csv = "name,otype,hard_hm,hard_hs,hard_ms,var_prob_b\n\
                   a,HighMassXBin,0.3,0.5,0.2,0.1\n\
                   b,HMXB,0.3,0.5,0.2,0.1\n\
                   c,Y*O,-0.6,-0.9,-0.7,0.9\n\
                   d,Star,0.1,0.1,0.1,0.1\n\
                   e,Galaxy,0.1,0.1,0.1,0.1\n\
                   f,,0.1,0.1,0.1,0.1\n";
        let up = classify_upload("v.csv", csv.as_bytes(), &model, &crate::novelty::NoveltyReference::from_sorted(vec![0.0]).unwrap(), None, |_, _| true).unwrap().unwrap();
        let v = Validation::of(&up).unwrap();
        assert_eq!(v.labelled(), 3);
        assert_eq!(v.unlabelled, 2);
        assert_eq!(v.unmapped.get("Galaxy"), Some(&1));
        assert_eq!(v.filled, 3); // powlaw_gamma etc. are absent: every row is filled
        // Both HMXB rows are the same vector, so they land in one cell of the HMXB row.
        let hmxb = &v.classes.counts[Class::Hmxb.index()];
        assert_eq!(hmxb.iter().sum::<u64>(), 2);
        assert_eq!(hmxb.iter().filter(|c| **c > 0).count(), 1);
        assert_eq!(v.groups.total(), 3);
        assert!(Validation::of(&classify_upload("n.csv", "hard_hm\n0.1\n".as_bytes(), &model, &crate::novelty::NoveltyReference::from_sorted(vec![0.0]).unwrap(), None, |_, _| true).unwrap().unwrap()).is_none());
    }
}
