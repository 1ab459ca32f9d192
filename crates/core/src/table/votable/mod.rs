//! VOTable input: the first TABLE of the document (at any depth, in document order), its
//! TABLEDATA, BINARY or BINARY2 rows read one at a time without holding the table.
//!
//! Why a reader of our own over `quick-xml` rather than the `votable` crate (which xclass
//! used until issue 14): that crate builds the whole document model before the first row, by
//! recursion (46 KB of nested `<GROUP>` overflowed the stack), asserts on input it does not
//! expect (`<STREAM href>` aborted the process), and refuses what archives write (version
//! `v1.0`, unknown COOSYS systems, TIMESYS, MIVOT annotations, `unicodeChar`, T/F booleans).
//! xclass needs only the FIELDs (name, datatype, arraysize, null) and the rows, so this reader
//! walks the XML iteratively with a depth limit ([`xml::MAX_DEPTH`]), skips every element it
//! does not need, never follows a link, and decodes base64 streams a block at a time.
//! `quick-xml` expands no DTD entities (no entity-expansion attacks) and builds for wasm32.

mod field;
mod header;
mod stream;
mod tabledata;
mod xml;

#[cfg(test)]
mod tests;

use super::cell::RawBatch;
use super::error::{ErrorKind, Position, TableError};
use field::Field;
pub(super) use field::Value;
use header::{Header, Serialization};
use std::io::{BufRead, BufReader};
use stream::Stream;
use tabledata::TableData;
use xml::Lines;

/// The input as the XML reader takes it: through a buffer of our own, so that its many small
/// `consume`s do not each update the shared byte count (an atomic; 20% of TABLEDATA reading).
type Buffered<R> = BufReader<R>;

enum Rows<R> {
    TableData(Box<TableData<Buffered<R>>>),
    Binary { stream: Box<Stream<Buffered<R>>>, binary2: bool },
    None,
}

/// Rows of a VOTable.
pub(super) struct VoTableSource<R: BufRead> {
    file: String,
    fields: Vec<Field>,
    rows: Rows<R>,
    /// Rows read so far.
    row: u64,
}

impl<R: BufRead> VoTableSource<R> {
    /// Reads up to the data; returns the source and the FIELD names.
    pub fn open(file: &str, input: R) -> Result<(VoTableSource<R>, Vec<String>), TableError> {
        let source = VoTableSource::any(file, input)?;
        if source.fields.is_empty() {
            return Err(TableError::file(file, ErrorKind::Malformed, "the VOTable's first table declares no FIELD (no columns)"));
        }
        let names = source.fields.iter().map(|f| f.name.clone()).collect();
        Ok((source, names))
    }

    /// Reads up to the data of a table that may have no FIELD.
    fn any(file: &str, input: R) -> Result<VoTableSource<R>, TableError> {
        let mut xml = quick_xml::Reader::from_reader(Lines::new(BufReader::with_capacity(1 << 16, input)));
        let Header { fields, data } = header::read(&mut xml).map_err(|(kind, m)| TableError::file(file, kind, m))?;
        // From here on, messages name the row.
        xml.get_mut().stop_counting();
        let rows = match data {
            Serialization::None => Rows::None,
            Serialization::TableData => Rows::TableData(Box::new(TableData::new(xml))),
            // Rows of no bytes cannot be counted: a table without FIELD has none.
            Serialization::Binary { .. } if fields.is_empty() => Rows::None,
            Serialization::Binary { binary2, line } => Rows::Binary { stream: Box::new(Stream::new(xml, line, binary2)), binary2 },
        };
        Ok(VoTableSource { file: file.to_string(), fields, rows, row: 0 })
    }

    /// Reads every row without interpreting a column (for fuzzing): the row count, or the
    /// first error.
    pub fn count_rows(file: &str, input: R) -> Result<u64, TableError> {
        let mut source = VoTableSource::any(file, input)?;
        let mut batch = RawBatch::default();
        while source.read_into(&mut batch)? {
            if batch.len() >= 1024 {
                batch = RawBatch::default();
            }
        }
        Ok(source.row)
    }

    /// Appends the next row to `batch`; `false` at the end of the table.
    pub fn read_into(&mut self, batch: &mut RawBatch) -> Result<bool, TableError> {
        let at = Position::Row(self.row + 1);
        let malformed = |m: String| TableError::at(&self.file, at, ErrorKind::Malformed, m);
        match &mut self.rows {
            Rows::None => return Ok(false),
            Rows::TableData(t) => {
                let Some(cells) = t.row(&self.fields).map_err(malformed)? else {
                    return Ok(false);
                };
                if cells.len() != self.fields.len() {
                    let msg = format!("{} cells, but the table declares {} FIELDs", cells.len(), self.fields.len());
                    return Err(TableError::at(&self.file, at, ErrorKind::Ragged, msg));
                }
                batch.push_text(at, cells);
            }
            Rows::Binary { stream, binary2 } => {
                let Some(cells) = stream.row(&self.fields, *binary2).map_err(malformed)? else {
                    return Ok(false);
                };
                batch.push_values(at, cells);
            }
        }
        self.row += 1;
        Ok(true)
    }
}
