//! Raw rows as read, before interpretation, and the reading of one cell.

use super::error::Position;
use std::borrow::Cow;
use votable::impls::VOTableValue;

/// Cell texts that mean "no value" (besides VOTable nulls), compared case-insensitively.
pub const MISSING_TOKENS: [&str; 5] = ["", "--", "nan", "null", "none"];

/// One row as read from the input, not yet interpreted: cheap to produce sequentially,
/// then turned into an [`InputRow`](super::InputRow) by [`Schema::parse`](super::Schema::parse),
/// possibly on another thread.
#[derive(Clone, Debug)]
pub struct RawRow {
    /// Where the row is in the input.
    pub position: Position,
    cells: Cells,
}

#[derive(Clone, Debug)]
enum Cells {
    Csv(csv::StringRecord),
    Text(Vec<String>),
    Values(Vec<VOTableValue>),
}

/// One cell's content.
pub(super) enum Cell<'a> {
    Missing,
    Text(Cow<'a, str>),
    Number(f64),
}

impl RawRow {
    pub(super) fn csv(position: Position, record: csv::StringRecord) -> RawRow {
        RawRow { position, cells: Cells::Csv(record) }
    }

    pub(super) fn text(position: Position, cells: Vec<String>) -> RawRow {
        RawRow { position, cells: Cells::Text(cells) }
    }

    pub(super) fn values(position: Position, cells: Vec<VOTableValue>) -> RawRow {
        RawRow { position, cells: Cells::Values(cells) }
    }

    /// The cell in column `i`.
    pub(super) fn cell(&self, i: usize) -> Cell<'_> {
        match &self.cells {
            Cells::Csv(r) => Cell::text(r.get(i).unwrap_or("")),
            Cells::Text(v) => Cell::text(v.get(i).map_or("", String::as_str)),
            Cells::Values(v) => v.get(i).map_or(Cell::Missing, Cell::value),
        }
    }
}

/// Whether a cell text means "no value".
pub fn is_missing(s: &str) -> bool {
    MISSING_TOKENS.iter().any(|t| s.eq_ignore_ascii_case(t))
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        let s = s.trim();
        if is_missing(s) {
            Cell::Missing
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }

    fn value(v: &VOTableValue) -> Cell<'_> {
        let owned = |s: String| Cell::Text(Cow::Owned(s));
        match v {
            VOTableValue::Null => Cell::Missing,
            VOTableValue::Double(x) if x.is_nan() => Cell::Missing,
            VOTableValue::Float(x) if x.is_nan() => Cell::Missing,
            VOTableValue::Double(x) => Cell::Number(*x),
            VOTableValue::Float(x) => Cell::Number(f64::from(*x)),
            VOTableValue::Byte(x) => owned(x.to_string()),
            VOTableValue::Short(x) => owned(x.to_string()),
            VOTableValue::Int(x) => owned(x.to_string()),
            VOTableValue::Long(x) => owned(x.to_string()),
            VOTableValue::Bool(x) => owned(x.to_string()),
            VOTableValue::String(s) => Cell::text(s),
            VOTableValue::CharASCII(c) | VOTableValue::CharUnicode(c) => owned(c.to_string()),
            other => owned(format!("{other:?}")),
        }
    }

    /// The cell as a number: `Ok(None)` when missing; an error message when it is not a
    /// finite number.
    pub(super) fn number(&self) -> Result<Option<f64>, String> {
        let v = match self {
            Cell::Missing => return Ok(None),
            Cell::Number(v) => *v,
            Cell::Text(s) => s.parse::<f64>().map_err(|_| format!("{s:?} is not a number"))?,
        };
        if v.is_nan() {
            Ok(None)
        } else if v.is_infinite() {
            Err(format!("{v} is not a finite number"))
        } else {
            Ok(Some(v))
        }
    }

    /// The cell as text (`None` when missing); numbers in shortest round-trip form.
    pub(super) fn into_text(self) -> Option<String> {
        match self {
            Cell::Missing => None,
            Cell::Text(s) => Some(s.into_owned()),
            Cell::Number(v) => Some(ryu::Buffer::new().format(v).to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tokens_and_numbers() {
        for s in ["", " ", "nan", "NaN", "null", "NULL", "--", "None"] {
            assert!(matches!(Cell::text(s), Cell::Missing), "{s:?}");
        }
        assert_eq!(Cell::text(" 1.5e-3 ").number(), Ok(Some(1.5e-3)));
        assert_eq!(Cell::text("abc").number(), Err("\"abc\" is not a number".into()));
        assert!(Cell::text("inf").number().is_err());
        assert_eq!(Cell::value(&VOTableValue::Double(f64::NAN)).number(), Ok(None));
        assert_eq!(Cell::value(&VOTableValue::Int(4884)).into_text().as_deref(), Some("4884"));
        assert_eq!(Cell::value(&VOTableValue::Double(10.5)).into_text().as_deref(), Some("10.5"));
    }
}
