//! The rows the views show: the published catalog, or a synthetic set at scale.

use std::sync::Arc;
use xclass_core::names::Names;
use xclass_core::points::{Level, Points};
use xclass_core::state;
use xclass_core::Catalog;

/// One dataset in the columns the views draw.
pub struct Dataset {
    /// What this is (part of the view state).
    pub id: state::Dataset,
    /// The full catalog, when the dataset is the published one.
    pub catalog: Option<Arc<Catalog>>,
    /// Source names, sorted, by source index.
    pub names: Names,
    /// One row per source.
    pub sources: Points,
    /// One row per detection; `None` when every source has exactly one (synthetic sets).
    pub detections: Option<Points>,
}

impl Dataset {
    /// The published catalog.
    pub fn published(catalog: Arc<Catalog>) -> Dataset {
        Dataset {
            id: state::Dataset::Published,
            names: catalog.sources.iter().map(|s| s.name.as_str()).collect(),
            sources: Points::sources(&catalog),
            detections: Some(Points::detections(&catalog)),
            catalog: Some(catalog),
        }
    }

    /// The rows of one level.
    pub fn points(&self, level: Level) -> &Points {
        match level {
            Level::Source => &self.sources,
            Level::Detection => self.detections.as_ref().unwrap_or(&self.sources),
        }
    }

    /// Number of sources.
    pub fn n_sources(&self) -> usize {
        self.sources.len()
    }
}
