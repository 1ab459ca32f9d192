//! The fitting table: every row of a CSV or VOTable with its raw features, its label cell and
//! its source name, read through the same readers as `xclass classify`.

use super::progress::{Control, FitError};
use crate::feature::N_FEATURES;
use crate::feature_set::FeatureSet;
use crate::table::{Position, Role, TableReader};
use std::io::BufRead;

/// Rows read between progress reports.
const BATCH: usize = 8192;

/// One input row.
#[derive(Clone, Debug, PartialEq)]
pub struct FitRow {
    /// Where it is in the input.
    pub position: Position,
    /// Raw features, `None` where missing.
    pub features: [Option<f64>; N_FEATURES],
    /// The label cell's text (with a label column).
    pub label: Option<String>,
    /// The `name` cell (source level voting).
    pub name: Option<String>,
}

/// A table to fit.
#[derive(Clone, Debug, PartialEq)]
pub struct FitTable {
    /// The file name as given.
    pub file: String,
    /// The column names.
    pub columns: Vec<String>,
    /// The label column used (as written in the table).
    pub label_column: Option<String>,
    /// The features the table has (a column, or the raw columns to derive them).
    pub available: FeatureSet,
    pub rows: Vec<FitRow>,
}

impl FitTable {
    /// Reads a whole table. `label_column` names the label column (any name, case-insensitive;
    /// an error when absent). `progress(bytes, rows)` is called between batches; `Cancel`
    /// stops with [`FitError::Cancelled`].
    pub fn read<R: BufRead>(
        file: &str,
        input: R,
        label_column: Option<&str>,
        progress: &mut dyn FnMut(u64, u64) -> Control,
    ) -> Result<FitTable, FitError> {
        let text = |e: crate::table::TableError| FitError::Table(e.to_string());
        let mut reader = TableReader::open(file, input).map_err(text)?;
        let mut schema = reader.schema().clone();
        schema.retain_passthrough(|r| r == Role::Name);
        let name_i = schema.passthrough_index(Role::Name);
        let label_i = match label_column {
            Some(l) => Some(schema.keep_label_column(l).ok_or_else(|| {
                FitError::Labels(format!(
                    "{file}: no column named {l:?}; the columns are {}",
                    schema.columns().join(", ")
                ))
            })?),
            None => None,
        };
        let label_name = label_i.map(|i| schema.passthrough()[i].name.clone());
        let mut rows = Vec::new();
        loop {
            let batch = reader.read_raw(BATCH).map_err(text)?;
            if batch.is_empty() {
                break;
            }
            for raw in batch.rows() {
                let r = schema.parse(&raw).map_err(text)?;
                rows.push(FitRow {
                    position: r.position,
                    features: r.features,
                    label: r.get(label_i).map(str::to_string),
                    name: r.get(name_i).map(str::to_string),
                });
            }
            if progress(reader.bytes_read(), reader.rows_read()) == Control::Cancel {
                return Err(FitError::Cancelled);
            }
        }
        if rows.is_empty() {
            return Err(FitError::Table(format!(
                "{file}: the table has a header but no data rows"
            )));
        }
        Ok(FitTable {
            file: file.to_string(),
            columns: schema.columns().to_vec(),
            label_column: label_name,
            available: FeatureSet::ALL.without(FeatureSet::of(schema.absent())),
            rows,
        })
    }
}
