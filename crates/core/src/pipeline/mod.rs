//! From input rows to output tables: classification of each row, the per-detection CSV and
//! the per-source CSV. The CLI and the browser both use exactly this, so their downloads
//! are identical.

mod detections;
mod sources;
pub mod text;

pub use detections::DetectionTable;
pub use sources::SourceTable;

use crate::feature::FilledMask;
use crate::model::{Classification, Model};
use crate::table::InputRow;

/// Classifies one input row: missing features are filled with the model's fill values and
/// reported in the mask.
pub fn classify_row(model: &Model, row: &InputRow) -> (Classification, FilledMask) {
    model.classify_partial(&row.features)
}

/// [`classify_row`] of many rows at once ([`Model::classify_batch`]: identical results,
/// faster). Returns the classifications and the filled masks, in row order.
pub fn classify_rows(model: &Model, rows: &[InputRow]) -> (Vec<Classification>, Vec<FilledMask>) {
    let (filled, masks): (Vec<_>, Vec<_>) = rows.iter().map(|r| model.fill.fill(&r.features)).unzip();
    (model.classify_batch(&filled), masks)
}
