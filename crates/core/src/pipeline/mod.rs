//! From input rows to output tables: classification of each row, the per-detection CSV and
//! the per-source CSV. The CLI and the browser both use exactly this, so their downloads
//! are identical.

mod detections;
mod sources;
pub mod text;

pub use detections::DetectionTable;
pub use sources::SourceTable;

use crate::feature::{FeatureVector, FilledMask};
use crate::model::{Classification, Model};
use crate::novelty::{Novelty, NoveltyReference};
use crate::table::InputRow;

/// Classifies one input row: missing features are filled with the model's fill values and
/// reported in the mask.
pub fn classify_row(model: &Model, row: &InputRow) -> (Classification, FilledMask) {
    model.classify_partial(&row.features)
}

/// Many rows classified at once ([`classify_rows`]).
#[derive(Clone, Debug, Default)]
pub struct ClassifiedRows {
    /// Per row, as [`classify_row`] gives it.
    pub classifications: Vec<Classification>,
    /// Per row, the raw features after filling (what was classified).
    pub features: Vec<FeatureVector>,
    /// Per row, which features were filled.
    pub filled: Vec<FilledMask>,
}

/// [`classify_row`] of many rows at once ([`Model::classify_batch`]: identical results,
/// faster), in row order.
pub fn classify_rows(model: &Model, rows: &[InputRow]) -> ClassifiedRows {
    let (features, filled) = filled_rows(model, rows);
    ClassifiedRows { classifications: model.classify_batch(&features), features, filled }
}

/// Each row's raw features after filling, and which were filled.
fn filled_rows(model: &Model, rows: &[InputRow]) -> (Vec<FeatureVector>, Vec<FilledMask>) {
    rows.iter().map(|r| model.fill.fill(&r.features)).unzip()
}

/// [`classify_rows`] and the novelty of each row, in one pass of the kernel
/// ([`Novelty::classify`]).
pub fn classify_rows_with_novelty(model: &Model, reference: &NoveltyReference, rows: &[InputRow]) -> (ClassifiedRows, Vec<Novelty>) {
    let (features, filled) = filled_rows(model, rows);
    let (classifications, novelty) = Novelty::classify(model, reference, &features);
    (ClassifiedRows { classifications, features, filled }, novelty)
}
