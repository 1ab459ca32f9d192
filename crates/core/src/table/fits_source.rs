//! FITS input: one `BINTABLE` HDU (the first, or one chosen by index or `EXTNAME`), read row
//! by row: memory holds one header and one row. HDUs before it are read and dropped.
//! Problems name the HDU and the keyword at fault.

use super::cell::RawBatch;
use super::error::{ErrorKind, Position, TableError};
use crate::fits::bintable::{columns, Column, FitsValue};
use crate::fits::hdu::{padding, read_full, read_header, skip, Hdu, Kind};
use std::io::BufRead;
use super::votable::Value;

/// Bytes per row at most (a row is held in memory).
const MAX_ROW_BYTES: i64 = 1 << 24;

/// Which HDU to read: by index (0 is the primary HDU, 1 the first extension) or by `EXTNAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HduChoice {
    Index(usize),
    Name(String),
}

impl HduChoice {
    /// `2` → index 2; anything else → an `EXTNAME`.
    pub fn parse(s: &str) -> HduChoice {
        s.trim().parse().map_or_else(|_| HduChoice::Name(s.trim().to_string()), HduChoice::Index)
    }

    fn matches(&self, hdu: &Hdu) -> bool {
        match self {
            HduChoice::Index(i) => hdu.index == *i,
            HduChoice::Name(n) => hdu.extname().is_some_and(|e| e.eq_ignore_ascii_case(n)),
        }
    }
}

/// Rows of a FITS binary table.
pub(super) struct FitsSource<R: BufRead> {
    file: String,
    input: R,
    label: String,
    columns: Vec<Column>,
    /// `NAXIS1`, `NAXIS2`, `PCOUNT`.
    row_bytes: usize,
    rows: u64,
    heap: u64,
    row: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> FitsSource<R> {
    /// Finds the table; returns the source and the column names (`TTYPEn`).
    pub fn open(file: &str, mut input: R, choice: Option<&HduChoice>) -> Result<(FitsSource<R>, Vec<String>), TableError> {
        let err = |kind, msg: String| TableError::file(file, kind, msg);
        let mut seen = Vec::new();
        for index in 0.. {
            let Some(hdu) = read_header(&mut input, index).map_err(|m| err(ErrorKind::Malformed, m))? else {
                break;
            };
            let chosen = match choice {
                Some(c) => c.matches(&hdu),
                None => hdu.kind == Kind::BinTable,
            };
            if chosen && hdu.kind != Kind::BinTable {
                let msg = format!("{} is {}, not a binary table (XTENSION = 'BINTABLE')", hdu.label(), hdu.describe());
                return Err(err(ErrorKind::UnknownFormat, msg));
            }
            if chosen {
                return FitsSource::table(file, input, &hdu);
            }
            let bytes = hdu.data_bytes().map_err(|m| err(ErrorKind::Malformed, m))?;
            let got = skip(&mut input, bytes + padding(bytes)).map_err(|e| err(ErrorKind::Io, e.to_string()))?;
            if got < bytes {
                let msg = format!("{}: truncated: its data unit should hold {bytes} bytes (NAXISn), the file ends after {got}", hdu.label());
                return Err(err(ErrorKind::Malformed, msg));
            }
            seen.push(format!("{}: {}", hdu.label(), hdu.describe()));
        }
        let msg = match choice {
            None => format!("no binary table in the FITS file ({})", seen.join("; ")),
            Some(HduChoice::Index(i)) => format!("there is no HDU {i}; the file has {} ({})", seen.len(), seen.join("; ")),
            Some(HduChoice::Name(n)) => format!("no HDU has EXTNAME = '{n}' ({})", seen.join("; ")),
        };
        Err(err(ErrorKind::UnknownFormat, msg))
    }

    fn table(file: &str, input: R, hdu: &Hdu) -> Result<(FitsSource<R>, Vec<String>), TableError> {
        let err = |msg: String| TableError::file(file, ErrorKind::Malformed, msg);
        let label = hdu.label();
        for (k, want) in [("BITPIX", 8), ("NAXIS", 2)] {
            let v = hdu.required(k).map_err(err)?;
            if v != want {
                return Err(err(format!("{label}: {k} = {v}, but a binary table has {k} = {want}")));
            }
        }
        let row_bytes = hdu.required("NAXIS1").map_err(err)?;
        if !(0..=MAX_ROW_BYTES).contains(&row_bytes) {
            return Err(err(format!("{label}: NAXIS1 = {row_bytes} bytes per row is outside 0 to {MAX_ROW_BYTES}")));
        }
        let total = hdu.data_bytes().map_err(err)?;
        let columns = columns(&hdu.header).map_err(|m| err(format!("{label}: {m}")))?;
        let width: usize = columns.iter().map(|c| c.width).sum();
        if width as i64 != row_bytes {
            return Err(err(format!("{label}: NAXIS1 = {row_bytes}, but the columns (TFORMn) take {width} bytes per row")));
        }
        let rows = hdu.required("NAXIS2").map_err(err)? as u64;
        let heap = total.saturating_sub(rows * row_bytes as u64);
        let names = columns.iter().map(|c| c.name.clone()).collect();
        let buf = vec![0; row_bytes as usize];
        let source = FitsSource { file: file.to_string(), input, label, columns, row_bytes: row_bytes as usize, rows, heap, row: 0, buf };
        Ok((source, names))
    }

    /// Appends the next row to `batch`; `false` after the last one (`NAXIS2`).
    pub fn read_into(&mut self, batch: &mut RawBatch) -> Result<bool, TableError> {
        if self.row == self.rows {
            self.check_end()?;
            return Ok(false);
        }
        self.row += 1;
        let at = Position::Row(self.row);
        let n = read_full(&mut self.input, &mut self.buf).map_err(|e| TableError::at(&self.file, at, ErrorKind::Io, e.to_string()))?;
        if n < self.row_bytes {
            let msg = format!(
                "{}: truncated: NAXIS2 = {} rows of NAXIS1 = {} bytes, but the data end {} (is the file cut, or NAXIS2 wrong?)",
                self.label,
                self.rows,
                self.row_bytes,
                if n == 0 { format!("after row {}", self.row - 1) } else { format!("{n} bytes into row {}", self.row) }
            );
            return Err(TableError::at(&self.file, at, ErrorKind::Malformed, msg));
        }
        let mut at_byte = 0;
        let cells = self
            .columns
            .iter()
            .map(|c| {
                let v = c.decode(&self.buf[at_byte..at_byte + c.width]);
                at_byte += c.width;
                match v {
                    FitsValue::Null => Value::Null,
                    FitsValue::Bool(b) => Value::Text(if b { "true" } else { "false" }.into()),
                    FitsValue::Int(i) => Value::Text(i.to_string()),
                    FitsValue::Real(x) if x.is_nan() => Value::Null,
                    FitsValue::Real(x) => Value::Number(x),
                    FitsValue::Text(s) => Value::Text(s),
                }
            })
            .collect();
        batch.push_values(at, cells);
        Ok(true)
    }

    /// After the last row: the heap, zero padding, then the end of the file or another HDU.
    /// Anything else means the table goes on: `NAXIS2` is too small.
    fn check_end(&mut self) -> Result<(), TableError> {
        let io = |e: std::io::Error| TableError::file(&self.file, ErrorKind::Io, e.to_string());
        skip(&mut self.input, self.heap).map_err(io)?;
        let mut pad = vec![0u8; padding(self.rows * self.row_bytes as u64 + self.heap) as usize];
        let n = read_full(&mut self.input, &mut pad).map_err(io)?;
        let mut next = [0u8; 9];
        let m = if n == pad.len() { read_full(&mut self.input, &mut next).map_err(io)? } else { 0 };
        if pad[..n].iter().any(|&b| b != 0) || (m > 0 && &next[..m] != b"XTENSION=") {
            let msg = format!("{}: the data go on after NAXIS2 = {} rows (is NAXIS2 wrong?)", self.label, self.rows);
            return Err(TableError::file(&self.file, ErrorKind::Malformed, msg));
        }
        Ok(())
    }
}
