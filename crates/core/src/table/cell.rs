//! Rows as read, before interpretation, and the reading of one cell.

use super::error::{ErrorKind, Position};
use super::votable::Value;
use std::borrow::Cow;
use std::ops::Range;

/// Cell texts that mean "no value" (besides VOTable nulls), compared case-insensitively.
pub const MISSING_TOKENS: [&str; 5] = ["", "--", "nan", "null", "none"];

/// Rows as read from the input, not yet interpreted: cheap to produce sequentially (CSV
/// cells share one buffer), then interpreted row by row with
/// [`Schema::parse`](super::Schema::parse), possibly on several threads.
#[derive(Clone, Debug, Default)]
pub struct RawBatch {
    positions: Vec<Position>,
    cells: Cells,
}

#[derive(Clone, Debug)]
enum Cells {
    /// All CSV cells, each one byte after the previous one's end (a delimiter or a row
    /// separator; the buffer starts with one); `ends` holds each cell's end, `rows` each
    /// row's cells.
    Csv { buf: CsvBuf, ends: Vec<usize>, rows: Vec<Range<usize>> },
    Text(Vec<Vec<String>>),
    Values(Vec<Vec<Value>>),
}

/// The CSV cells' bytes: checked as UTF-8 at once when the batch is complete.
#[derive(Clone, Debug)]
enum CsvBuf {
    /// Being filled, or not UTF-8 (then each cell is checked alone, to locate the problem).
    Bytes(Vec<u8>),
    Text(String),
}

impl Default for Cells {
    fn default() -> Cells {
        Cells::Csv { buf: CsvBuf::Bytes(Vec::new()), ends: Vec::new(), rows: Vec::new() }
    }
}

/// One row of a [`RawBatch`].
#[derive(Clone, Copy, Debug)]
pub struct RawRow<'a> {
    /// Where the row is in the input.
    pub position: Position,
    cells: RowCells<'a>,
}

#[derive(Clone, Copy, Debug)]
enum RowCells<'a> {
    Csv { buf: Result<&'a str, &'a [u8]>, ends: &'a [usize], start: usize },
    Text(&'a [String]),
    Values(&'a [Value]),
}

/// How much a batch holds: CSV bytes, cells and rows.
#[derive(Clone, Copy, Debug, Default)]
pub struct BatchSize {
    bytes: usize,
    cells: usize,
    rows: usize,
}

impl RawBatch {
    /// An empty batch with room for `size` (e.g. the previous batch's).
    pub(super) fn with_capacity(size: BatchSize) -> RawBatch {
        let cells = Cells::Csv {
            buf: CsvBuf::Bytes(Vec::with_capacity(size.bytes)),
            ends: Vec::with_capacity(size.cells),
            rows: Vec::with_capacity(size.rows),
        };
        RawBatch { positions: Vec::with_capacity(size.rows), cells }
    }

    /// What the batch holds (CSV batches; others count rows only).
    pub(super) fn size(&self) -> BatchSize {
        match &self.cells {
            Cells::Csv { buf, ends, rows } => {
                let bytes = match buf {
                    CsvBuf::Bytes(b) => b.len(),
                    CsvBuf::Text(t) => t.len(),
                };
                BatchSize { bytes, cells: ends.len(), rows: rows.len() }
            }
            _ => BatchSize { rows: self.len(), ..BatchSize::default() },
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Whether the batch holds no row (the end of the input).
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> RawRow<'_> {
        let cells = match &self.cells {
            Cells::Csv { buf, ends, rows } => {
                let r = &rows[i];
                let buf = match buf {
                    CsvBuf::Text(t) => Ok(t.as_str()),
                    CsvBuf::Bytes(b) => Err(b.as_slice()),
                };
                RowCells::Csv { buf, ends: &ends[r.clone()], start: if r.start == 0 { 0 } else { ends[r.start - 1] } }
            }
            Cells::Text(v) => RowCells::Text(&v[i]),
            Cells::Values(v) => RowCells::Values(&v[i]),
        };
        RawRow { position: self.positions[i], cells }
    }

    /// All rows, in input order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = RawRow<'_>> {
        (0..self.len()).map(|i| self.row(i))
    }

    /// The CSV buffer and cell ends, with a separator written for the next row: every cell
    /// starts one byte after the previous cell's end (the buffer starts with a separator).
    fn csv_row(&mut self) -> (&mut Vec<u8>, &mut Vec<usize>) {
        if !matches!(self.cells, Cells::Csv { .. }) {
            self.cells = Cells::default();
        }
        let Cells::Csv { buf: CsvBuf::Bytes(bytes), ends, rows } = &mut self.cells else {
            unreachable!("CSV rows are pushed before the batch is finished")
        };
        rows.push(ends.len()..ends.len());
        bytes.push(b'\n');
        (bytes, ends)
    }

    /// Ends the row [`RawBatch::csv_row`] began.
    fn csv_row_done(&mut self, position: Position) {
        if let Cells::Csv { ends, rows, .. } = &mut self.cells {
            rows.last_mut().expect("a row was begun").end = ends.len();
        }
        self.positions.push(position);
    }

    /// Appends a CSV record that needs no unescaping: its bytes as read, and its cells
    /// (pieces of `bytes`, one delimiter apart).
    pub(super) fn push_csv_record<'a>(&mut self, position: Position, bytes: &'a [u8], cells: impl Iterator<Item = &'a [u8]>) {
        let (buf, ends) = self.csv_row();
        let offset = buf.len();
        buf.extend_from_slice(bytes);
        ends.extend(cells.map(|c| offset + (c.as_ptr() as usize - bytes.as_ptr() as usize) + c.len()));
        self.csv_row_done(position);
    }

    /// Appends a CSV record cell by cell (unescaped cells).
    pub(super) fn push_csv_cells<C: AsRef<[u8]>>(&mut self, position: Position, cells: impl Iterator<Item = C>) {
        let (buf, ends) = self.csv_row();
        for (i, c) in cells.enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(c.as_ref());
            ends.push(buf.len());
        }
        self.csv_row_done(position);
    }

    /// Removes the last CSV row pushed.
    pub(super) fn pop_csv(&mut self) {
        if let Cells::Csv { buf: CsvBuf::Bytes(bytes), ends, rows } = &mut self.cells {
            if let Some(r) = rows.pop() {
                bytes.truncate(if r.start == 0 { 0 } else { ends[r.start - 1] });
                ends.truncate(r.start);
                self.positions.pop();
            }
        }
    }

    /// Sets the position of the last row.
    pub(super) fn set_last_position(&mut self, position: Position) {
        *self.positions.last_mut().expect("a row was pushed") = position;
    }

    /// Ends filling: checks the CSV bytes as UTF-8 in one pass.
    pub(super) fn finish(&mut self) {
        if let Cells::Csv { buf, .. } = &mut self.cells {
            if let CsvBuf::Bytes(b) = buf {
                *buf = match String::from_utf8(std::mem::take(b)) {
                    Ok(text) => CsvBuf::Text(text),
                    Err(e) => CsvBuf::Bytes(e.into_bytes()),
                };
            }
        }
    }

    /// Appends a row of VOTable TABLEDATA texts.
    pub(super) fn push_text(&mut self, position: Position, cells: Vec<String>) {
        match &mut self.cells {
            Cells::Text(v) => v.push(cells),
            c => *c = Cells::Text(vec![cells]),
        }
        self.positions.push(position);
    }

    /// Appends a row of VOTable binary values.
    pub(super) fn push_values(&mut self, position: Position, cells: Vec<Value>) {
        match &mut self.cells {
            Cells::Values(v) => v.push(cells),
            c => *c = Cells::Values(vec![cells]),
        }
        self.positions.push(position);
    }
}

/// One cell's content.
pub(super) enum Cell<'a> {
    Missing,
    /// CSV bytes that are not UTF-8 text.
    Binary,
    Text(Cow<'a, str>),
    Number(f64),
}

/// Why a cell could not be read: the kind and a message.
pub(super) type CellError = (ErrorKind, String);

impl RawRow<'_> {
    /// The cell in column `i`.
    pub(super) fn cell(&self, i: usize) -> Cell<'_> {
        match self.cells {
            RowCells::Csv { buf, ends, start } => {
                let Some(&end) = ends.get(i) else { return Cell::Missing };
                let from = if i == 0 { start } else { ends[i - 1] } + 1;
                match buf {
                    // A cell boundary inside a character means the cells are not text.
                    Ok(text) => text.get(from..end).map_or(Cell::Binary, Cell::text),
                    Err(bytes) => std::str::from_utf8(&bytes[from..end]).map_or(Cell::Binary, Cell::text),
                }
            }
            RowCells::Text(v) => v.get(i).map_or(Cell::Missing, |s| Cell::text(s)),
            RowCells::Values(v) => v.get(i).map_or(Cell::Missing, Cell::value),
        }
    }
}

/// Whether a cell text means "no value".
pub fn is_missing(s: &str) -> bool {
    MISSING_TOKENS.iter().any(|t| s.eq_ignore_ascii_case(t))
}

fn binary() -> CellError {
    (ErrorKind::Binary, "not valid UTF-8 text (binary data?)".into())
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        let s = s.trim_ascii();
        if s.len() <= 4 && is_missing(s) {
            Cell::Missing
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }

    fn value(v: &Value) -> Cell<'_> {
        match v {
            Value::Null => Cell::Missing,
            Value::Number(x) if x.is_nan() => Cell::Missing,
            Value::Number(x) => Cell::Number(*x),
            Value::Text(s) => Cell::text(s),
        }
    }

    fn str(&self) -> Result<Option<&str>, CellError> {
        match self {
            Cell::Missing | Cell::Number(_) => Ok(None),
            Cell::Binary => Err(binary()),
            Cell::Text(s) => Ok(Some(s)),
        }
    }

    /// The cell as a number: `Ok(None)` when missing; an error when it is not a finite
    /// number (or not text).
    pub(super) fn number(&self) -> Result<Option<f64>, CellError> {
        let not_a_number = |m: String| (ErrorKind::NotANumber, m);
        let v = match (self, self.str()?) {
            (Cell::Number(v), _) => *v,
            (_, Some(s)) => fast_float2::parse(s).map_err(|_| not_a_number(format!("{} is not a number", crate::message::quoted(s))))?,
            (_, None) => return Ok(None),
        };
        if v.is_nan() {
            Ok(None)
        } else if v.is_infinite() {
            Err(not_a_number(format!("{v} is not a finite number")))
        } else {
            Ok(Some(v))
        }
    }

    /// The cell as text (`None` when missing); numbers in shortest round-trip form.
    pub(super) fn into_text(self) -> Result<Option<String>, CellError> {
        Ok(match self {
            Cell::Number(v) => Some(zmij::Buffer::new().format(v).to_string()),
            Cell::Text(Cow::Owned(s)) => Some(s),
            other => other.str()?.map(String::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_cells(line: &str, second: &[u8]) -> RawBatch {
        let mut b = RawBatch::default();
        b.push_csv_record(Position::Line(1), line.as_bytes(), line.split(',').map(str::as_bytes));
        b.push_csv_cells(Position::Line(2), [b"x".as_slice(), second].into_iter());
        b.finish();
        b
    }

    /// fast-float2 reads what `str::parse::<f64>` reads, to the same value, and refuses the rest.
    #[test]
    fn numbers_parse_as_the_standard_library_does() {
        let mut cases: Vec<String> = [
            "1", "-1", "+1", "1.", ".5", "-.5", "1e5", "1E+5", "1e-5", "1.5e", "e5", ".", "+", "-", "", "inf", "-inf",
            "Infinity", "nan", "NaN", "0x10", "1_0", "1e400", "1e-400", "4.9e-324", "2.2250738585072014e-308", "00012",
            "1.0000000000000000000000000001", "1e+", "--1", "1..2", "1e5.5", "infx", "123456789012345678901234567890",
        ]
        .map(String::from)
        .to_vec();
        let mut x = 0.1f64;
        for i in 0..20_000 {
            x = (x * 1.618_033_988_749_895 + i as f64 * 1e-7).fract() * 10f64.powi(i % 40 - 20);
            cases.push(zmij::Buffer::new().format(x).to_string());
            cases.push(format!("{x:.12e}"));
        }
        for c in &cases {
            let (ours, std) = (fast_float2::parse::<f64, _>(c).ok(), c.parse::<f64>().ok());
            assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{c:?}");
        }
    }

    #[test]
    fn missing_tokens_and_numbers() {
        let line = ", ,nan,NaN,null,NULL,--,None, 1.5e-3 ,abc,inf";
        // Text checked at once, and (when some cell is not UTF-8) cell by cell.
        for (second, text) in [("ÿ".as_bytes(), Ok(Some("ÿ".to_string()))), (b"\xff".as_slice(), Err(ErrorKind::Binary))] {
            let b = csv_cells(line, second);
            let r = b.row(0);
            for i in 0..8 {
                assert!(matches!(r.cell(i), Cell::Missing), "cell {i}");
            }
            assert_eq!(r.cell(8).number(), Ok(Some(1.5e-3)));
            assert_eq!(r.cell(9).number(), Err((ErrorKind::NotANumber, "\"abc\" is not a number".into())));
            assert!(r.cell(10).number().is_err());
            assert!(matches!(r.cell(11), Cell::Missing));
            assert_eq!(b.row(1).cell(1).into_text().map_err(|e| e.0), text);
        }
        assert_eq!(Cell::value(&Value::Number(f64::NAN)).number(), Ok(None));
        assert_eq!(Cell::value(&Value::Text("4884".into())).into_text(), Ok(Some("4884".into())));
        assert_eq!(Cell::value(&Value::Number(10.5)).into_text(), Ok(Some("10.5".into())));
    }
}
