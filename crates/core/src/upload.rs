//! Classifying an uploaded table of detections (the paper's "classify your own source"
//! workflow): the rows with their classifications, the per-source votes, and the CLI's own
//! CSV outputs, so that downloads from the browser equal `xclass classify` byte for byte.

use crate::class::ClassProbs;
use crate::feature::{Feature, FeatureVector, FilledMask};
use crate::feature_set::FeatureSet;
use crate::model::{Classification, Model};
use crate::novelty::{Novelty, NoveltyReference};
use crate::pipeline::{classify_rows_with_novelty, DetectionTable, SourceTable};
use crate::table::{Role, TableError, TableReader};
use crate::voting::Vote;
use serde::{Deserialize, Serialize};
use std::io::BufRead;

/// Rows classified between two progress reports.
const BATCH: usize = 4096;

/// One classified uploaded detection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadedDetection {
    pub name: Option<String>,
    pub obsid: Option<String>,
    /// ICRS position in degrees, when the table has parsable `ra` and `dec`.
    pub position: Option<(f64, f64)>,
    /// The label column's text, when a label column was chosen.
    pub label: Option<String>,
    /// Raw-unit features after filling.
    pub features: FeatureVector,
    pub filled: FilledMask,
    pub cluster: u8,
    pub probs: ClassProbs,
    /// How typical the detection is for the model (the CSV's novelty columns).
    pub novelty: Novelty,
}

impl UploadedDetection {
    /// The classification as the model returned it.
    pub fn classification(&self) -> Classification {
        Classification { cluster: self.cluster as usize, probs: self.probs }
    }
}

/// A classified upload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    /// The file's name as given.
    pub file: String,
    /// Label columns found (`otype`, `main_type`, `class`, …), in table order.
    pub label_columns: Vec<String>,
    /// The label column used, if any.
    pub label_column: Option<String>,
    /// Warnings about the table (e.g. features filled in every row).
    pub warnings: Vec<String>,
    pub detections: Vec<UploadedDetection>,
    /// Per source (by `name`, in order of first appearance) with its votes.
    pub sources: Vec<(String, Vote)>,
    /// `xclass classify` output for this input.
    pub detection_csv: String,
    /// `xclass classify --by-source` output (only when the table has a `name` column).
    pub source_csv: Option<String>,
}

impl Upload {
    /// Features filled in every row (the table lacks them, or they are empty throughout): a
    /// refit on this table cannot use them.
    pub fn features_missing_everywhere(&self) -> FeatureSet {
        let all = |f: &Feature| !self.detections.is_empty() && self.detections.iter().all(|d| d.filled.contains(*f));
        FeatureSet::of(Feature::ALL.into_iter().filter(all))
    }
}

fn number(s: Option<&str>) -> Option<f64> {
    s.and_then(|t| t.trim().parse::<f64>().ok()).filter(|v| v.is_finite())
}

/// Classifies every row of `input`, with novelty percentiles against `reference`. `label` picks the label column (by name, case-insensitive;
/// `None` = the first one found). `progress(bytes_read, rows)` is called between batches;
/// returning `false` cancels (the result is then `Ok(None)`).
pub fn classify_upload<R: BufRead>(
    file: &str,
    input: R,
    model: &Model,
    reference: &NoveltyReference,
    label: Option<&str>,
    mut progress: impl FnMut(u64, u64) -> bool,
) -> Result<Option<Upload>, TableError> {
    let mut reader = TableReader::open(file, input)?;
    let schema = reader.schema().clone();
    let table = DetectionTable::new(&schema);
    let index = |role: Role| schema.passthrough_index(role);
    let (name_i, obsid_i, ra_i, dec_i) = (index(Role::Name), index(Role::Obsid), index(Role::Ra), index(Role::Dec));
    let labels: Vec<(usize, String)> =
        schema.passthrough().iter().enumerate().filter(|(_, p)| p.role == Role::Label).map(|(i, p)| (i, p.name.clone())).collect();
    let chosen = match label {
        Some(l) => labels.iter().find(|(_, n)| n.eq_ignore_ascii_case(l)).cloned(),
        None => labels.first().cloned(),
    };
    let mut detections = Vec::new();
    let mut votes = SourceTable::default();
    let mut detection_csv = table.header();
    loop {
        let rows = reader.read_batch(BATCH)?;
        if rows.is_empty() {
            break;
        }
        let (classified, novelty) = classify_rows_with_novelty(model, reference, &rows);
        let each = classified.classifications.into_iter().zip(classified.features).zip(classified.filled);
        for ((row, ((c, features), filled)), nov) in rows.iter().zip(each).zip(&novelty) {
            table.write_row(&mut detection_csv, row, &c, filled, Some(nov));
            let name = row.get(name_i).map(str::to_string);
            if let Some(n) = &name {
                votes.add(n, &c.probs);
            }
            detections.push(UploadedDetection {
                name,
                obsid: row.get(obsid_i).map(str::to_string),
                position: number(row.get(ra_i)).zip(number(row.get(dec_i))),
                label: chosen.as_ref().and_then(|(i, _)| row.get(Some(*i))).map(str::to_string),
                features,
                filled,
                cluster: c.cluster as u8,
                probs: c.probs,
                novelty: *nov,
            });
        }
        if !progress(reader.bytes_read(), reader.rows_read()) {
            return Ok(None);
        }
    }
    if detections.is_empty() {
        return Err(TableError::file(file, crate::table::ErrorKind::Empty, "the table has a header but no data rows"));
    }
    let source_csv = name_i.map(|_| {
        let mut out = SourceTable::header();
        votes.write(&mut out);
        out
    });
    Ok(Some(Upload {
        file: file.to_string(),
        label_columns: labels.into_iter().map(|(_, n)| n).collect(),
        label_column: chosen.map(|(_, n)| n),
        warnings: reader.schema().warnings(),
        sources: votes.votes().map(|(n, v)| (n.to_string(), v)).collect(),
        detections,
        detection_csv,
        source_csv,
    }))
}
