//! CSV input: a header line, then one detection per record. Lines starting with `#` before
//! the header are comments (as astropy and ECSV write them); later ones are data.

use super::cell::RawBatch;
use super::error::{ErrorKind, Position, TableError};
use std::io::BufRead;

/// Delimiters a one-column header is checked for, to suggest the right one.
const OTHER_DELIMITERS: [(char, &str); 3] = [(';', "';'"), ('\t', "a tab"), ('|', "'|'")];

/// Records of a CSV file.
pub(super) struct CsvSource<R: BufRead> {
    file: String,
    reader: csv::Reader<R>,
    /// Comment lines skipped before the header.
    skipped: u64,
    /// The record being read (its buffers are reused).
    record: csv::ByteRecord,
}

impl<R: BufRead> CsvSource<R> {
    /// Reads the header; returns the source and the column names.
    pub fn open(file: &str, mut input: R, delimiter: u8) -> Result<(CsvSource<R>, Vec<String>), TableError> {
        let skipped = skip_comments(&mut input).map_err(|e| TableError::file(file, ErrorKind::Io, e.to_string()))?;
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(input);
        let header = reader.headers().map_err(|e| csv_error(file, skipped, e))?.clone();
        let line = skipped + header.position().map_or(1, csv::Position::line);
        let columns: Vec<String> = header.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect();
        if columns.iter().all(String::is_empty) {
            return Err(TableError::file(file, ErrorKind::Empty, "no header line (the file holds only comments or blanks)"));
        }
        if let [only] = columns.as_slice() {
            if let Some((_, name)) = OTHER_DELIMITERS.iter().find(|(c, _)| only.contains(*c)) {
                let msg = format!("only one column found; is the delimiter {name}? (CSV input must be comma-separated)");
                return Err(TableError::at(file, Position::Line(line), ErrorKind::Delimiter, msg));
            }
        }
        Ok((CsvSource { file: file.to_string(), reader, skipped, record: csv::ByteRecord::new() }, columns))
    }

    /// Appends the next record to `batch`; `false` at the end. Cells are checked as UTF-8
    /// when interpreted.
    pub fn read_into(&mut self, batch: &mut RawBatch) -> Result<bool, TableError> {
        if !self.reader.read_byte_record(&mut self.record).map_err(|e| csv_error(&self.file, self.skipped, e))? {
            return Ok(false);
        }
        let line = self.skipped + self.record.position().map_or(0, csv::Position::line);
        batch.push_csv(Position::Line(line), &self.record);
        Ok(true)
    }
}

/// Consumes the `#` comment and blank lines at the start; returns how many there were.
fn skip_comments(input: &mut impl BufRead) -> std::io::Result<u64> {
    let mut n = 0;
    while matches!(input.fill_buf()?.first(), Some(b'#' | b'\n' | b'\r')) {
        input.skip_until(b'\n')?;
        n += 1;
    }
    Ok(n)
}

fn csv_error(file: &str, skipped: u64, e: csv::Error) -> TableError {
    let line = e.position().map(|p| Position::Line(skipped + p.line()));
    let (kind, message) = match e.into_kind() {
        csv::ErrorKind::Io(e) => (ErrorKind::Io, e.to_string()),
        csv::ErrorKind::Utf8 { err, .. } => {
            (ErrorKind::Binary, format!("field {} is not valid UTF-8 text (binary data?)", err.field() + 1))
        }
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            (ErrorKind::Ragged, format!("{len} cells, but the header has {expected_len} columns"))
        }
        other => (ErrorKind::Malformed, format!("{other:?}")),
    };
    match line {
        Some(p) => TableError::at(file, p, kind, message),
        None => TableError::file(file, kind, message),
    }
}
