//! Streaming reading of per-detection input tables, CSV or VOTable, from any [`BufRead`].
//!
//! [`TableReader::open`] detects the format ([`detect`]) and interprets the header
//! ([`Schema`]); rows are then pulled one at a time or in batches, with the bytes and rows
//! consumed so far available for progress. Reading is split in two steps so that callers can
//! parallelise: [`TableReader::read_raw`] is the sequential part, [`Schema::parse`] (numbers,
//! derived features, domain checks) of each row of the [`RawBatch`] can run on any thread.
//!
//! Features: the column named like the feature wins when its cell holds a value, else the
//! feature is derived from the raw CSC columns ([`crate::feature::Derivation`]); a
//! non-finite derived value counts as missing. Missing cells ([`MISSING_TOKENS`], VOTable
//! nulls) are `None` in [`InputRow::features`], filled later by the model.

mod cell;
mod counting;
mod csv_input;
mod csv_quoted;
mod csv_source;
mod domain;
mod error;
mod format;
mod schema;
mod votable;

pub use cell::{is_missing, RawBatch, RawRow, MISSING_TOKENS};
pub use domain::DomainCounts;
pub use error::{ErrorKind, Position, TableError};
pub use format::{detect, Format};
pub use schema::{InputRow, Passthrough, Role, Schema, DEC_COLUMNS, LABEL_COLUMNS, RA_COLUMNS};

use cell::BatchSize;
use counting::Counting;
use csv_source::CsvSource;
use std::io::BufRead;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use votable::VoTableSource;

enum Source<R: BufRead> {
    Csv(Box<CsvSource<Counting<R>>>),
    VoTable(Box<VoTableSource<Counting<R>>>),
}

/// A streaming reader of one input table.
pub struct TableReader<R: BufRead> {
    format: Format,
    schema: Schema,
    source: Source<R>,
    bytes: Arc<AtomicU64>,
    rows: u64,
    done: bool,
    /// A reading error met after some rows of a batch, for the next call.
    error: Option<TableError>,
    /// The previous batch's sizes, to allocate the next one at once.
    last: BatchSize,
}

impl<R: BufRead> TableReader<R> {
    /// Opens a table: `file` names it in messages and its extension helps detection.
    pub fn open(file: &str, mut input: R) -> Result<TableReader<R>, TableError> {
        let head = input.fill_buf().map_err(|e| TableError::file(file, ErrorKind::Io, e.to_string()))?;
        let format = detect(file, head)?;
        let bytes = Arc::new(AtomicU64::new(0));
        let input = Counting::new(input, bytes.clone());
        let (source, columns) = match format {
            Format::Csv { delimiter } => {
                let (s, c) = CsvSource::open(file, input, delimiter)?;
                (Source::Csv(Box::new(s)), c)
            }
            Format::VoTable => {
                let (s, c) = VoTableSource::open(file, input)?;
                (Source::VoTable(Box::new(s)), c)
            }
        };
        let schema = Schema::new(file, columns)?;
        Ok(TableReader { format, schema, source, bytes, rows: 0, done: false, error: None, last: BatchSize::default() })
    }

    /// The detected format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// What the columns mean.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Bytes of input consumed so far (the parsers read ahead by at most a buffer).
    pub fn bytes_read(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows
    }

    /// Up to `max` rows as read; empty at the end. A reading error comes after the rows
    /// before it: it ends the batch and is returned by the next call.
    pub fn read_raw(&mut self, max: usize) -> Result<RawBatch, TableError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let mut batch = RawBatch::with_capacity(self.last);
        while !self.done && batch.len() < max {
            let more = match &mut self.source {
                Source::Csv(s) => s.read_into(&mut batch),
                Source::VoTable(s) => s.read_into(&mut batch),
            };
            match more {
                Ok(more) => self.done = !more,
                Err(e) => {
                    self.done = true;
                    if batch.is_empty() {
                        return Err(e);
                    }
                    self.error = Some(e);
                }
            }
        }
        batch.finish();
        self.last = batch.size();
        self.rows += batch.len() as u64;
        Ok(batch)
    }

    /// Up to `max` interpreted rows; empty at the end.
    pub fn read_batch(&mut self, max: usize) -> Result<Vec<InputRow>, TableError> {
        self.read_raw(max)?.rows().map(|r| self.schema.parse(&r)).collect()
    }
}

/// Reads every row of a VOTable without interpreting its columns: the row count, or the
/// first error (the fuzz target's entry: no column names needed).
#[doc(hidden)]
pub fn votable_rows<R: BufRead>(file: &str, input: R) -> Result<u64, TableError> {
    VoTableSource::count_rows(file, input)
}

impl<R: BufRead> Iterator for TableReader<R> {
    type Item = Result<InputRow, TableError>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = self.read_batch(1).map(|mut rows| rows.pop()).transpose()?;
        self.done |= row.is_err();
        Some(row)
    }
}
