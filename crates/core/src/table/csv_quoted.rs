//! CSV records by Python's `csv` rules (its default dialect, as `_csv.c` reads it): a `"`
//! opens a quoted field only at the start of a field, elsewhere it is data; in a quoted
//! field `""` is a quote and the closing quote may be followed by more data (`"ab"c` is
//! `abc`). Line ends are LF or CRLF; blank lines are skipped.
//!
//! Written by hand rather than with `csv-core` because messages need what it does not say:
//! the exact line each record starts on (it counts blank lines into the next record) and,
//! for a quoted field left open at the end of the input, the line where it opened (it
//! silently ends the record there, as Python's non-strict reader does).

use super::csv_input::Shared;
use std::io::Read;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// Why reading stopped.
pub(super) enum Problem {
    Io(std::io::Error),
    /// A quoted field opened on this line and never closed.
    Unterminated(u64),
    /// A carriage return not followed by a line feed ends this line.
    LoneCr(u64),
}

/// A reader of records by Python's rules.
pub(super) struct QuotedCsv<R> {
    input: Shared<R>,
    delimiter: u8,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// The line `buf[pos]` is on.
    line: u64,
    /// The last record's cells, one after the other, and where each ends.
    cells: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> QuotedCsv<R> {
    /// Reads `input`'s held bytes and then the rest, starting on line `line`.
    pub fn new(input: Shared<R>, delimiter: u8, line: u64) -> QuotedCsv<R> {
        let buf = vec![0; 1 << 16].into_boxed_slice();
        QuotedCsv { input, delimiter, buf, pos: 0, len: 0, line, cells: Vec::new(), ends: Vec::new() }
    }

    /// The cells of the record last read.
    pub fn cells(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|e| e + 1));
        starts.zip(&self.ends).map(|(s, &e)| &self.cells[s.min(e)..e])
    }

    /// How many cells the record last read has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    fn end_cell(&mut self) {
        self.ends.push(self.cells.len());
        self.cells.push(b',');
    }

    /// Reads the next record; returns the line it starts on, `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<u64>, Problem> {
        use State::*;
        self.cells.clear();
        self.ends.clear();
        let (mut state, mut start, mut opened) = (StartRecord, self.line, self.line);
        let mut cr = false;
        loop {
            if self.pos == self.len {
                self.pos = 0;
                self.len = self.input.lock().read_quoted(&mut self.buf).map_err(Problem::Io)?;
                if self.len == 0 {
                    return match state {
                        StartRecord => Ok(None),
                        InQuoted => Err(Problem::Unterminated(opened)),
                        _ => {
                            self.end_cell();
                            Ok(Some(start))
                        }
                    };
                }
            }
            let c = self.buf[self.pos];
            self.pos += 1;
            if std::mem::take(&mut cr) && c != b'\n' {
                return Err(Problem::LoneCr(self.line));
            }
            if c == b'\n' {
                self.line += 1;
            }
            let eol = c == b'\n' || c == b'\r';
            cr = c == b'\r' && state != InQuoted;
            state = match state {
                StartRecord if eol => StartRecord,
                StartRecord | StartField => {
                    start = if state == StartRecord { self.line } else { start };
                    if c == b'"' {
                        opened = self.line;
                        InQuoted
                    } else if c == self.delimiter {
                        self.end_cell();
                        StartField
                    } else if eol {
                        self.end_cell();
                        break;
                    } else {
                        self.cells.push(c);
                        InField
                    }
                }
                InField | QuoteInQuoted if c == self.delimiter => {
                    self.end_cell();
                    StartField
                }
                InField | QuoteInQuoted if eol => {
                    self.end_cell();
                    break;
                }
                InQuoted if c == b'"' => QuoteInQuoted,
                QuoteInQuoted if c == b'"' => {
                    self.cells.push(c);
                    InQuoted
                }
                InQuoted => {
                    self.cells.push(c);
                    InQuoted
                }
                InField | QuoteInQuoted => {
                    self.cells.push(c);
                    InField
                }
            };
        }
        if cr {
            // The line feed of a CRLF, unless the input ends here.
            self.peek_lf()?;
        }
        Ok(Some(start))
    }

    /// After a record ended by a carriage return: consumes the line feed that must follow.
    fn peek_lf(&mut self) -> Result<(), Problem> {
        if self.pos == self.len {
            self.pos = 0;
            self.len = self.input.lock().read_quoted(&mut self.buf).map_err(Problem::Io)?;
            if self.len == 0 {
                return Ok(());
            }
        }
        if self.buf[self.pos] != b'\n' {
            return Err(Problem::LoneCr(self.line));
        }
        self.pos += 1;
        self.line += 1;
        Ok(())
    }
}
