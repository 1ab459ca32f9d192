//! Streaming reading of per-detection input tables, CSV or VOTable, from any [`BufRead`].
//!
//! [`TableReader::open`] detects the format ([`detect`]) and interprets the header
//! ([`Schema`]); rows are then pulled one at a time or in batches, with the bytes and rows
//! consumed so far available for progress. Reading is split in two steps so that callers can
//! parallelise: [`TableReader::read_raw`] is the sequential part, [`Schema::parse`] (numbers,
//! derived features, domain checks) can run on any thread.
//!
//! Features: the column named like the feature wins when its cell holds a value, else the
//! feature is derived from the raw CSC columns ([`crate::feature::Derivation`]); a
//! non-finite derived value counts as missing. Missing cells ([`MISSING_TOKENS`], VOTable
//! nulls) are `None` in [`InputRow::features`], filled later by the model.

mod cell;
mod counting;
mod csv_source;
mod error;
mod format;
mod schema;
mod votable_source;

pub use cell::{is_missing, RawRow, MISSING_TOKENS};
pub use error::{ErrorKind, Position, TableError};
pub use format::{detect, Format};
pub use schema::{InputRow, Passthrough, Role, Schema, LABEL_COLUMNS};

use counting::Counting;
use csv_source::CsvSource;
use std::io::BufRead;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use votable_source::VoTableSource;

enum Source<R: BufRead> {
    Csv(CsvSource<Counting<R>>),
    VoTable(VoTableSource<Counting<R>>),
}

/// A streaming reader of one input table.
pub struct TableReader<R: BufRead> {
    format: Format,
    schema: Schema,
    source: Source<R>,
    bytes: Arc<AtomicU64>,
    rows: u64,
    done: bool,
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
                (Source::Csv(s), c)
            }
            Format::VoTable => {
                let (s, c) = VoTableSource::open(file, input)?;
                (Source::VoTable(s), c)
            }
        };
        let schema = Schema::new(file, columns)?;
        Ok(TableReader { format, schema, source, bytes, rows: 0, done: false })
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

    /// The next raw row, `None` at the end (and after an error).
    pub fn next_raw(&mut self) -> Result<Option<RawRow>, TableError> {
        if self.done {
            return Ok(None);
        }
        let row = match &mut self.source {
            Source::Csv(s) => s.next_row(),
            Source::VoTable(s) => s.next_row(),
        };
        match &row {
            Ok(Some(_)) => self.rows += 1,
            _ => self.done = true,
        }
        row
    }

    /// Up to `max` raw rows; empty at the end.
    pub fn read_raw(&mut self, max: usize) -> Result<Vec<RawRow>, TableError> {
        let mut rows = Vec::with_capacity(max.min(1 << 16));
        while rows.len() < max {
            match self.next_raw()? {
                Some(r) => rows.push(r),
                None => break,
            }
        }
        Ok(rows)
    }

    /// Up to `max` interpreted rows; empty at the end.
    pub fn read_batch(&mut self, max: usize) -> Result<Vec<InputRow>, TableError> {
        let raw = self.read_raw(max)?;
        raw.iter().map(|r| self.schema.parse(r)).collect()
    }
}

impl<R: BufRead> Iterator for TableReader<R> {
    type Item = Result<InputRow, TableError>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = self.next_raw().transpose()?.and_then(|r| self.schema.parse(&r));
        self.done |= row.is_err();
        Some(row)
    }
}
