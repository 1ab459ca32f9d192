//! CSV input: a header line, then one detection per record. Lines starting with `#` before
//! the header are comments (as astropy and ECSV write them); later ones are data.
//!
//! Records are split by `simd-csv` (delimiters found with SIMD, no copy); each record goes
//! once into the batch, as it is when it has no quotes, unescaped when it has. Line numbers
//! for messages come from [`Newlines`], which notes where the input's line breaks are.

use super::cell::RawBatch;
use super::error::{ErrorKind, Position, TableError};
use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::sync::{Arc, Mutex};

/// Delimiters a one-column header is checked for, to suggest the right one.
const OTHER_DELIMITERS: [(char, &str); 3] = [(';', "';'"), ('\t', "a tab"), ('|', "'|'")];

/// Records of a CSV file.
pub(super) struct CsvSource<R: BufRead> {
    file: String,
    reader: simd_csv::ZeroCopyReader<Newlines<R>>,
    /// Offsets (in the stream the reader reads) of line breaks not yet passed.
    newlines: Arc<Mutex<VecDeque<u64>>>,
    /// Line breaks passed so far (lines before the header included).
    lines: u64,
    /// Cells per record (the header's).
    columns: usize,
}

impl<R: BufRead> CsvSource<R> {
    /// Reads the header; returns the source and the column names.
    pub fn open(file: &str, mut input: R, delimiter: u8) -> Result<(CsvSource<R>, Vec<String>), TableError> {
        let skipped = skip_comments(&mut input).map_err(|e| TableError::file(file, ErrorKind::Io, e.to_string()))?;
        let newlines = Arc::new(Mutex::new(VecDeque::new()));
        let stream = Newlines { inner: input, offset: 0, newlines: newlines.clone() };
        // Flexible: the cell count is checked here, where the line is known.
        let mut reader = simd_csv::ZeroCopyReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(stream);
        let line = skipped + 1;
        let header = reader.byte_headers().map_err(|e| io_error(file, e))?;
        let columns = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = std::str::from_utf8(h).map_err(|_| {
                    let msg = format!("field {} of the header is not valid UTF-8 text (binary data?)", i + 1);
                    TableError::at(file, Position::Line(line), ErrorKind::Binary, msg)
                })?;
                Ok(h.trim_start_matches('\u{feff}').trim().to_string())
            })
            .collect::<Result<Vec<String>, TableError>>()?;
        if columns.iter().any(|c| c.contains('\r')) {
            let msg = "lines end with a lone carriage return (classic Mac OS); save the file with LF or CRLF line ends";
            return Err(TableError::at(file, Position::Line(line), ErrorKind::Malformed, msg));
        }
        if columns.iter().all(String::is_empty) {
            return Err(TableError::file(file, ErrorKind::Empty, "no header line (the file holds only comments or blanks)"));
        }
        if let [only] = columns.as_slice() {
            if let Some((_, name)) = OTHER_DELIMITERS.iter().find(|(c, _)| only.contains(*c)) {
                let msg = format!("only one column found; is the delimiter {name}? (CSV input must be comma-separated)");
                return Err(TableError::at(file, Position::Line(line), ErrorKind::Delimiter, msg));
            }
        }
        let mut source = CsvSource { file: file.to_string(), reader, newlines, lines: skipped, columns: columns.len() };
        source.pass(source.reader.position());
        Ok((source, columns))
    }

    /// Counts the line breaks before `offset` as passed; returns the last one's offset.
    fn pass(&mut self, offset: u64) -> Option<u64> {
        let mut newlines = self.newlines.lock().expect("the newline index is never poisoned");
        let mut last = None;
        while let Some(n) = newlines.front().copied().filter(|&n| n < offset) {
            newlines.pop_front();
            self.lines += 1;
            last = Some(n);
        }
        last
    }

    /// Appends the next record to `batch`; `false` at the end. Cells are checked as UTF-8
    /// when interpreted.
    pub fn read_into(&mut self, batch: &mut RawBatch) -> Result<bool, TableError> {
        let Some(record) = self.reader.read_byte_record().map_err(|e| io_error(&self.file, e))? else {
            return Ok(false);
        };
        let (bytes, cells) = (record.as_slice(), record.len());
        // Only a quoted cell can hold a line break.
        let quoted = memchr::memchr(b'"', bytes).is_some();
        let embedded = if quoted { memchr::memchr_iter(b'\n', bytes).count() as u64 } else { 0 };
        if cells == self.columns {
            // Its line is known once the record is passed; a ragged record is not kept.
            let unknown = Position::Line(0);
            if quoted {
                batch.push_csv_cells(unknown, record.unescaped_iter());
            } else {
                batch.push_csv_record(unknown, bytes, record.iter());
            }
        }
        // The record ends just past its line break, if it has one: the line breaks before that,
        // less its own, give the line it starts on.
        let end = self.reader.position();
        let terminated = self.pass(end) == Some(end.wrapping_sub(1));
        let at = Position::Line(self.lines + 1 - embedded - u64::from(terminated));
        if cells != self.columns {
            let msg = format!("{cells} cells, but the header has {} columns", self.columns);
            return Err(TableError::at(&self.file, at, ErrorKind::Ragged, msg));
        }
        batch.set_last_position(at);
        Ok(true)
    }
}

/// The input of the CSV reader, noting the offset of every line break that goes through.
struct Newlines<R> {
    inner: R,
    offset: u64,
    newlines: Arc<Mutex<VecDeque<u64>>>,
}

impl<R: Read> Read for Newlines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut newlines = self.newlines.lock().expect("the newline index is never poisoned");
        newlines.extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| self.offset + i as u64));
        self.offset += n as u64;
        Ok(n)
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

fn io_error(file: &str, e: simd_csv::Error) -> TableError {
    TableError::file(file, ErrorKind::Io, e.to_string())
}
