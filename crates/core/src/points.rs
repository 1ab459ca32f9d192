//! Plottable, filterable rows (sources or detections) in columns: what every view draws.
//!
//! Built once from a [`Catalog`] (or any other classified set, e.g. a synthetic one) so that
//! filtering and drawing are tight loops over arrays, at 14,507 rows or 1,000,000.

use crate::catalog::Catalog;
use crate::class::{argmax, Class};
use crate::feature::N_FEATURES;
use serde::{Deserialize, Serialize};

/// What one row of a [`Points`] is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// One row per source (features of its first detection, master classes).
    #[default]
    Source,
    /// One row per detection (its own cluster and probabilities).
    Detection,
}

/// Columns of plotted rows. Filter attributes are the source's (master class, unique,
/// detection count, mean probability, features of the first detection) so that one filter
/// selects the same sources in every view; `cluster` and the `own_*` columns are the row's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Points {
    /// Source level or detection level.
    pub level: Level,
    /// Index of the row's source in its catalog.
    pub source: Vec<u32>,
    /// ICRS right ascension, degrees.
    pub ra: Vec<f64>,
    /// ICRS declination, degrees.
    pub dec: Vec<f64>,
    /// The source's master class (soft vote).
    pub class: Vec<Class>,
    /// The source's hard-vote master class.
    pub hard: Vec<Class>,
    /// The source's soft and hard votes agree.
    pub unique: Vec<bool>,
    /// The source's number of detections.
    pub count: Vec<u32>,
    /// The source's largest mean class probability.
    pub max_prob: Vec<f32>,
    /// Raw features of the source's first detection (NaN where unknown).
    pub features: Vec<[f32; N_FEATURES]>,
    /// The row's GMM cluster (a source's is its first detection's).
    pub cluster: Vec<u8>,
    /// The row's own predicted class (detections: their argmax; sources: the master class).
    pub own_class: Vec<Class>,
    /// The row's own largest class probability.
    pub own_max_prob: Vec<f32>,
    /// The row carries its own features (sources, and first detections).
    pub own_features: Vec<bool>,
    /// Novelty, entropy and margin by row (empty until computed; filled beside the rows,
    /// not by [`Points::push`]).
    pub novelty: crate::novelty::NoveltyColumns,
}

fn max_of(p: &[f64]) -> f32 {
    p[argmax(p)] as f32
}

impl Points {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.source.len()
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.source.is_empty()
    }

    /// Empty columns with room for `n` rows.
    pub fn with_capacity(level: Level, n: usize) -> Points {
        Points {
            level,
            source: Vec::with_capacity(n),
            ra: Vec::with_capacity(n),
            dec: Vec::with_capacity(n),
            class: Vec::with_capacity(n),
            hard: Vec::with_capacity(n),
            unique: Vec::with_capacity(n),
            count: Vec::with_capacity(n),
            max_prob: Vec::with_capacity(n),
            features: Vec::with_capacity(n),
            cluster: Vec::with_capacity(n),
            own_class: Vec::with_capacity(n),
            own_max_prob: Vec::with_capacity(n),
            own_features: Vec::with_capacity(n),
            novelty: Default::default(),
        }
    }

    /// Appends one row.
    pub fn push(&mut self, row: Row) {
        self.source.push(row.source);
        self.ra.push(row.ra);
        self.dec.push(row.dec);
        self.class.push(row.class);
        self.hard.push(row.hard);
        self.unique.push(row.unique);
        self.count.push(row.count);
        self.max_prob.push(row.max_prob);
        self.features.push(row.features);
        self.cluster.push(row.cluster);
        self.own_class.push(row.own_class);
        self.own_max_prob.push(row.own_max_prob);
        self.own_features.push(row.own_features);
    }

    /// The row of source `i` as a whole (its first detection's cluster).
    fn source_row(cat: &Catalog, i: usize) -> Row {
        let s = &cat.sources[i];
        Row {
            source: i as u32,
            ra: s.ra,
            dec: s.dec,
            class: s.soft,
            hard: s.hard,
            unique: s.is_unique(),
            count: s.detection_count() as u32,
            max_prob: max_of(&s.mean),
            features: s.features.map(|v| v as f32),
            cluster: cat.detections[s.first as usize].cluster,
            own_class: s.soft,
            own_max_prob: max_of(&s.mean),
            own_features: true,
        }
    }

    /// One row per source of the catalog.
    pub fn sources(cat: &Catalog) -> Points {
        let mut p = Points::with_capacity(Level::Source, cat.sources.len());
        (0..cat.sources.len()).for_each(|i| p.push(Points::source_row(cat, i)));
        p
    }

    /// One row per detection of the catalog.
    pub fn detections(cat: &Catalog) -> Points {
        let mut p = Points::with_capacity(Level::Detection, cat.detections.len());
        for (d, det) in cat.detections.iter().enumerate() {
            p.push(Row {
                ra: det.ra,
                dec: det.dec,
                cluster: det.cluster,
                own_class: det.class(),
                own_max_prob: max_of(&det.probs),
                own_features: d as u32 == cat.sources[det.source as usize].first,
                ..Points::source_row(cat, det.source as usize)
            });
        }
        p
    }
}

/// One row's values, for [`Points::push`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub source: u32,
    pub ra: f64,
    pub dec: f64,
    pub class: Class,
    pub hard: Class,
    pub unique: bool,
    pub count: u32,
    pub max_prob: f32,
    pub features: [f32; N_FEATURES],
    pub cluster: u8,
    pub own_class: Class,
    pub own_max_prob: f32,
    pub own_features: bool,
}
