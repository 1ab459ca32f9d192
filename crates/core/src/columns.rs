//! The source table's columns: which exist (every feature, every class probability, the group
//! probabilities), their headers, and each row's value, for the table view and its sort.

use crate::catalog::Catalog;
use crate::class::{group_probs, Class, Group};
use crate::feature::Feature;
use crate::points::Points;
use serde::{Deserialize, Serialize};

/// A column of the source table (besides the name, always shown first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableColumn {
    Ra,
    Dec,
    /// Master class by soft voting.
    Class,
    /// Master class by hard voting.
    Hard,
    Group,
    /// Number of detections.
    Count,
    /// Largest mean class probability.
    MaxProb,
    /// GMM cluster of the first detection.
    Cluster,
    /// A raw feature of the first detection.
    Feature(Feature),
    /// Mean probability of one class over the source's detections.
    Prob(Class),
    /// Mean probability of one aggregated group.
    GroupProb(Group),
    /// Novelty percentile under the active model (100 = least typical of the catalog).
    Novelty,
    /// Entropy of the class probabilities (nats).
    Entropy,
    /// Margin between the two most probable classes.
    Margin,
}

/// One cell, for the view to format.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    Text(&'static str),
    Int(u32),
    /// A number and how many decimals it is shown with.
    Num(f64, usize),
    /// Degrees with a sign always shown.
    SignedNum(f64, usize),
    /// Not known for this row (e.g. probabilities of a synthetic set).
    Missing,
}

impl TableColumn {
    /// The columns shown by default.
    pub const DEFAULT: [TableColumn; 10] = [
        TableColumn::Ra,
        TableColumn::Dec,
        TableColumn::Class,
        TableColumn::Hard,
        TableColumn::Group,
        TableColumn::Count,
        TableColumn::MaxProb,
        TableColumn::Cluster,
        TableColumn::Feature(Feature::HardHs),
        TableColumn::Novelty,
    ];

    /// Every column that can be chosen, in the chooser's order.
    pub fn all() -> Vec<TableColumn> {
        let mut v = TableColumn::DEFAULT[..8].to_vec();
        v.extend(Feature::ALL.map(TableColumn::Feature));
        v.extend(Class::ALL.map(TableColumn::Prob));
        v.extend(Group::ALL.map(TableColumn::GroupProb));
        v.extend([TableColumn::Novelty, TableColumn::Entropy, TableColumn::Margin]);
        v
    }

    /// The header text.
    pub fn label(self) -> String {
        match self {
            TableColumn::Ra => "RA °".into(),
            TableColumn::Dec => "Dec °".into(),
            TableColumn::Class => "Class".into(),
            TableColumn::Hard => "Hard".into(),
            TableColumn::Group => "Group".into(),
            TableColumn::Count => "Det.".into(),
            TableColumn::MaxProb => "Max P".into(),
            TableColumn::Cluster => "Cl.".into(),
            TableColumn::Feature(f) => f.name().into(),
            TableColumn::Prob(c) => format!("P({})", c.name()),
            TableColumn::GroupProb(g) => format!("P({} group)", g.name()),
            TableColumn::Novelty => "Novelty".into(),
            TableColumn::Entropy => "Entropy".into(),
            TableColumn::Margin => "Margin".into(),
        }
    }

    /// What the column holds, for its tooltip.
    pub fn title(self) -> String {
        match self {
            TableColumn::Ra => "ICRS right ascension".into(),
            TableColumn::Dec => "ICRS declination".into(),
            TableColumn::Class => "Master class by soft voting (largest mean probability)".into(),
            TableColumn::Hard => "Master class by hard voting (most frequent detection class); orange where it differs from the soft vote".into(),
            TableColumn::Group => "Aggregated class of the soft master class".into(),
            TableColumn::Count => "Number of detections".into(),
            TableColumn::MaxProb => "Largest mean class probability".into(),
            TableColumn::Cluster => "GMM cluster of the first detection".into(),
            TableColumn::Feature(f) => format!("{} (first detection)", f.describe()),
            TableColumn::Prob(c) => format!("Mean probability of {} over the source's detections", c.name()),
            TableColumn::GroupProb(g) => format!("Mean probability of the {} group (sum of its classes)", g.name()),
            TableColumn::Novelty => "Novelty percentile: more unusual for the model than this % of the catalog".into(),
            TableColumn::Entropy => "Entropy of the class probabilities (nats): high where the model is unsure".into(),
            TableColumn::Margin => "Margin between the two most probable classes: low where the model is unsure".into(),
        }
    }

    /// Row `i` of the source-level `p` (`cat`: the catalog its sources index, when there is one).
    pub fn cell(self, p: &Points, cat: Option<&Catalog>, i: usize) -> Cell {
        let mean = || cat.and_then(|c| c.sources.get(p.source[i] as usize)).map(|s| s.mean);
        match self {
            TableColumn::Ra => Cell::Num(p.ra[i], 5),
            TableColumn::Dec => Cell::SignedNum(p.dec[i], 5),
            TableColumn::Class => Cell::Text(p.class[i].name()),
            TableColumn::Hard => Cell::Text(p.hard[i].name()),
            TableColumn::Group => Cell::Text(p.class[i].group().name()),
            TableColumn::Count => Cell::Int(p.count[i]),
            TableColumn::MaxProb => Cell::Num(f64::from(p.max_prob[i]), 3),
            TableColumn::Cluster => Cell::Int(u32::from(p.cluster[i])),
            TableColumn::Feature(f) => match p.features[i][f.index()] {
                v if v.is_nan() => Cell::Missing,
                v => Cell::Num(f64::from(v), 3),
            },
            TableColumn::Prob(c) => mean().map_or(Cell::Missing, |m| Cell::Num(m[c.index()], 3)),
            TableColumn::GroupProb(g) => mean().map_or(Cell::Missing, |m| Cell::Num(group_probs(&m)[g.index()], 3)),
            TableColumn::Novelty => novelty(&p.novelty.percentile, i, 1),
            TableColumn::Entropy => novelty(&p.novelty.entropy, i, 3),
            TableColumn::Margin => novelty(&p.novelty.margin, i, 3),
        }
    }

    /// A number to sort by (text columns: their class or group order; missing: NaN).
    pub fn sort_value(self, p: &Points, cat: Option<&Catalog>, i: usize) -> f64 {
        match self {
            TableColumn::Class => p.class[i].index() as f64,
            TableColumn::Hard => p.hard[i].index() as f64,
            TableColumn::Group => p.class[i].group().index() as f64,
            _ => match self.cell(p, cat, i) {
                Cell::Int(v) => f64::from(v),
                Cell::Num(v, _) | Cell::SignedNum(v, _) => v,
                Cell::Text(_) | Cell::Missing => f64::NAN,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::published::read_published;

    #[test]
    fn every_feature_probability_and_group_is_a_column() {
        let all = TableColumn::all();
        assert_eq!(all.len(), 8 + 12 + 10 + 4 + 3);
        assert!(TableColumn::DEFAULT.iter().all(|c| all.contains(c)));
        let mut labels: Vec<String> = all.iter().map(|c| c.label()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), all.len());
    }

    #[test]
    fn probabilities_are_the_published_means() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/umlcaxs");
        let cat = read_published(&dir).unwrap();
        let p = Points::sources(&cat);
        // ambiguous_classification.csv prints this source's means rounded to 3 decimals:
        // HMXB 0.217±0.238, LMXB 0.171, XB 0.167 (XB group 0.555); first detection hard_hs -0.116.
        let i = (0..p.len()).find(|&i| cat.sources[p.source[i] as usize].name == "2CXO J004228.2+411222").unwrap();
        let Cell::Num(hmxb, 3) = TableColumn::Prob(Class::Hmxb).cell(&p, Some(&cat), i) else { panic!() };
        let Cell::Num(xb, 3) = TableColumn::GroupProb(Group::Xb).cell(&p, Some(&cat), i) else { panic!() };
        assert!((hmxb - 0.217).abs() < 5e-4 && (xb - 0.555).abs() < 1.5e-3, "{hmxb} {xb}");
        let Cell::Num(hs, 3) = TableColumn::Feature(Feature::HardHs).cell(&p, Some(&cat), i) else { panic!() };
        assert!((hs + 0.11617738913179).abs() < 1e-6, "{hs}");
        assert_eq!(TableColumn::Prob(Class::Hmxb).cell(&p, None, i), Cell::Missing);
    }
}

/// A novelty column's cell (missing where the rows have no novelty values).
fn novelty(values: &[f32], i: usize, decimals: usize) -> Cell {
    match values.get(i) {
        Some(v) if !v.is_nan() => Cell::Num(f64::from(*v), decimals),
        _ => Cell::Missing,
    }
}
