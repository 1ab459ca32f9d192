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
