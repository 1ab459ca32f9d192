//! CSV input: a header line, then one detection per record; `#` starts a comment line.

use super::cell::RawRow;
use super::error::{ErrorKind, Position, TableError};
use std::io::Read;

/// Delimiters a one-column header is checked for, to suggest the right one.
const OTHER_DELIMITERS: [(char, &str); 3] = [(';', "';'"), ('\t', "a tab"), ('|', "'|'")];

/// Records of a CSV file.
pub(super) struct CsvSource<R: Read> {
    file: String,
    columns: Vec<String>,
    reader: csv::Reader<R>,
}

impl<R: Read> CsvSource<R> {
    /// Reads the header; returns the source and the column names.
    pub fn open(file: &str, input: R, delimiter: u8) -> Result<(CsvSource<R>, Vec<String>), TableError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(input);
        let header = reader.headers().map_err(|e| csv_error(file, e))?.clone();
        let line = header.position().map_or(1, csv::Position::line);
        let columns: Vec<String> = header.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
        if columns.iter().all(String::is_empty) {
            return Err(TableError::file(file, ErrorKind::Empty, "no header line (the file holds only comments or blanks)"));
        }
        if let [only] = columns.as_slice() {
            if let Some((_, name)) = OTHER_DELIMITERS.iter().find(|(c, _)| only.contains(*c)) {
                let msg = format!("only one column found; is the delimiter {name}? (CSV input must be comma-separated)");
                return Err(TableError::at(file, Position::Line(line), ErrorKind::Delimiter, msg));
            }
        }
        Ok((CsvSource { file: file.to_string(), columns: columns.clone(), reader }, columns))
    }

    /// The next record, `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, TableError> {
        let mut record = csv::ByteRecord::new();
        if !self.reader.read_byte_record(&mut record).map_err(|e| csv_error(&self.file, e))? {
            return Ok(None);
        }
        let at = Position::Line(record.position().map_or(0, csv::Position::line));
        let record = csv::StringRecord::from_byte_record(record).map_err(|e| {
            let column = self.columns.get(e.utf8_error().field()).map_or("?", String::as_str);
            TableError::at(&self.file, at, ErrorKind::Binary, "not valid UTF-8 text (binary data?)").in_column(column)
        })?;
        Ok(Some(RawRow::csv(at, record)))
    }
}

fn csv_error(file: &str, e: csv::Error) -> TableError {
    let line = e.position().map(|p| Position::Line(p.line()));
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
