//! CSV input: a header line, then one detection per record. Lines starting with `#` before
//! the header are comments (as astropy and ECSV write them); later ones are data.
//!
//! Records are split by `simd-csv` (delimiters found with SIMD, no copy) up to the line of
//! the first `"`, and from there on by [`QuotedCsv`], which follows Python's csv (a quote
//! opens a field only at its start); see [`csv_input`](super::csv_input). Line numbers for
//! messages come from the line breaks [`Input`](super::csv_input::Input) notes, then from
//! [`QuotedCsv`]. Every record is a row or an error naming its line.

use super::cell::RawBatch;
use super::csv_input::{Plain, Shared};
use super::csv_quoted::{Problem, QuotedCsv};
use super::error::{ErrorKind, Position, TableError};
use std::io::BufRead;

/// Delimiters a one-column header is checked for, to suggest the right one.
const OTHER_DELIMITERS: [(char, &str); 3] = [(';', "';'"), ('\t', "a tab"), ('|', "'|'")];

const LONE_CR: &str = "lines end with a lone carriage return (classic Mac OS); save the file with LF or CRLF line ends";

/// Which reader splits the records from here on.
enum Splitter<R> {
    Simd(Box<simd_csv::ZeroCopyReader<Plain<R>>>),
    Quoted(Box<QuotedCsv<R>>),
}

/// Records of a CSV file.
pub(super) struct CsvSource<R: BufRead> {
    file: String,
    input: Shared<R>,
    splitter: Splitter<R>,
    delimiter: u8,
    /// Line breaks passed so far (lines before the header included).
    lines: u64,
    /// Cells per record (the header's).
    columns: usize,
}

impl<R: BufRead> CsvSource<R> {
    /// Reads the header; returns the source and the column names.
    pub fn open(file: &str, mut input: R, delimiter: u8) -> Result<(CsvSource<R>, Vec<String>), TableError> {
        let skipped = skip_comments(&mut input).map_err(|e| TableError::file(file, ErrorKind::Io, e.to_string()))?;
        let input = Shared::new(input);
        // Flexible: the cell count is checked here, where the line is known.
        let reader = simd_csv::ZeroCopyReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(Plain(input.clone()));
        let splitter = Splitter::Simd(Box::new(reader));
        let mut source = CsvSource { file: file.to_string(), input, splitter, delimiter, lines: skipped, columns: 0 };
        let line = skipped + 1;
        let header = source.header().map_err(|e| e.located(file, line))?;
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
            return Err(TableError::at(file, Position::Line(line), ErrorKind::Malformed, LONE_CR));
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
        source.columns = columns.len();
        if let Splitter::Simd(reader) = &source.splitter {
            let position = reader.position();
            source.pass(position);
        }
        Ok((source, columns))
    }

    /// The header's cells, by `simd-csv` unless a quote is on its line.
    fn header(&mut self) -> Result<Vec<Vec<u8>>, Problem> {
        let Splitter::Simd(reader) = &mut self.splitter else { unreachable!("a source starts with simd-csv") };
        let header = reader.byte_headers().map_err(|e| Problem::Io(e.into()))?;
        if self.input.lock().quoted_from() != Some(0) {
            return Ok(header.iter().map(<[u8]>::to_vec).collect());
        }
        self.input.lock().skip_bom();
        let mut quoted = QuotedCsv::new(self.input.clone(), self.delimiter, self.lines + 1);
        quoted.next_record()?;
        let cells = quoted.cells().map(<[u8]>::to_vec).collect();
        self.splitter = Splitter::Quoted(Box::new(quoted));
        Ok(cells)
    }

    /// Goes on with the quote-aware reader, from the line of the first quote.
    fn switch(&mut self, batch: &mut RawBatch) -> Result<bool, TableError> {
        self.pass(u64::MAX);
        let quoted = QuotedCsv::new(self.input.clone(), self.delimiter, self.lines + 1);
        self.splitter = Splitter::Quoted(Box::new(quoted));
        self.read_into(batch)
    }

    /// Counts the line breaks before `offset` as passed; returns the last one's offset.
    fn pass(&mut self, offset: u64) -> Option<u64> {
        let (n, last) = self.input.lock().pass(offset);
        self.lines += n;
        last
    }

    /// Appends the next record to `batch`; `false` at the end. Cells are checked as UTF-8
    /// when interpreted.
    pub fn read_into(&mut self, batch: &mut RawBatch) -> Result<bool, TableError> {
        let (cells, at) = match &mut self.splitter {
            Splitter::Simd(reader) => {
                let Some(record) = reader.read_byte_record().map_err(|e| io_error(&self.file, e))? else {
                    if self.input.lock().quoted_from().is_none() {
                        return Ok(false);
                    }
                    return self.switch(batch);
                };
                let cells = record.len();
                let kept = cells == self.columns;
                if kept {
                    // Its line is known once the record is passed; a ragged record is not kept.
                    batch.push_csv_record(Position::Line(0), record.as_slice(), record.iter());
                }
                let end = reader.position();
                if self.input.lock().quoted_from().is_some_and(|q| end > q) {
                    // The start of the line with the first quote, cut short: read again.
                    if kept {
                        batch.pop_csv();
                    }
                    return self.switch(batch);
                }
                // The record ends just past its line break, if it has one: the line breaks
                // before that, less its own, give the line it is on.
                let terminated = self.pass(end) == Some(end.wrapping_sub(1));
                let at = Position::Line(self.lines + 1 - u64::from(terminated));
                if kept {
                    batch.set_last_position(at);
                }
                (cells, at)
            }
            Splitter::Quoted(quoted) => {
                let line = match quoted.next_record() {
                    Ok(Some(line)) => line,
                    Ok(None) => return Ok(false),
                    Err(e) => return Err(e.located(&self.file, 0)),
                };
                let at = Position::Line(line);
                if quoted.len() == self.columns {
                    batch.push_csv_cells(at, quoted.cells());
                }
                (quoted.len(), at)
            }
        };
        if cells != self.columns {
            let msg = format!("{cells} cells, but the header has {} columns", self.columns);
            return Err(TableError::at(&self.file, at, ErrorKind::Ragged, msg));
        }
        Ok(true)
    }
}

impl Problem {
    /// The error, in `file`; `line` for an input error.
    fn located(self, file: &str, line: u64) -> TableError {
        let at = |line| Position::Line(line);
        match self {
            Problem::Io(e) if line > 0 => TableError::at(file, at(line), ErrorKind::Io, e.to_string()),
            Problem::Io(e) => TableError::file(file, ErrorKind::Io, e.to_string()),
            Problem::Unterminated(line) => {
                let msg = "a quoted field starts on this line and is never closed (no matching \")";
                TableError::at(file, at(line), ErrorKind::Malformed, msg)
            }
            Problem::LoneCr(line) => TableError::at(file, at(line), ErrorKind::Malformed, LONE_CR),
        }
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
