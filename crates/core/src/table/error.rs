//! The one error type of table reading: which file, where, which column, what.

use crate::message::{clean, one_line};
use std::fmt;

/// Where in the input a problem is: a text line (CSV) or a data row (VOTable), 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Line of a text file (the header is line 1).
    Line(u64),
    /// Data row of a VOTable (the first row is row 1).
    Row(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(n) => write!(f, "line {n}"),
            Position::Row(n) => write!(f, "row {n}"),
        }
    }
}

/// What kind of problem, for callers that react differently (the message says it all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input could not be read.
    Io,
    /// The input holds no bytes (or only blanks).
    Empty,
    /// Binary data: NUL bytes, invalid UTF-8, compressed or FITS files.
    Binary,
    /// Neither CSV nor VOTable.
    UnknownFormat,
    /// A CSV header of one column that looks split by another delimiter.
    Delimiter,
    /// A row with a different number of cells than the header.
    Ragged,
    /// Broken CSV quoting or VOTable XML.
    Malformed,
    /// A cell that should be a number is not (or is infinite).
    NotANumber,
    /// A negative value for a feature that must be ≥ 0.
    Negative,
    /// None of the 12 features can be read or derived from the columns.
    NoFeatures,
}

/// A problem with an input table.
///
/// Displays as `input.csv: line 7, column hard_hm: "abc" is not a number`, always on one
/// line: control characters in the file name, column and message are escaped
/// ([`crate::message`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    /// The file name as given by the caller.
    pub file: String,
    /// Line or row, when the problem is at one.
    pub position: Option<Position>,
    /// Column name, when the problem is in one.
    pub column: Option<String>,
    /// What kind of problem.
    pub kind: ErrorKind,
    /// What is wrong, for a human.
    pub message: String,
}

impl TableError {
    /// An error about the whole file.
    pub fn file(file: &str, kind: ErrorKind, message: impl Into<String>) -> TableError {
        TableError { file: file.to_string(), position: None, column: None, kind, message: message.into() }
    }

    /// An error at a line or row.
    pub fn at(file: &str, position: Position, kind: ErrorKind, message: impl Into<String>) -> TableError {
        TableError { position: Some(position), ..TableError::file(file, kind, message) }
    }

    /// The same error, located in a column.
    pub fn in_column(self, column: &str) -> TableError {
        TableError { column: Some(column.to_string()), ..self }
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", one_line(&self.file))?;
        let mut sep = ":";
        if let Some(p) = self.position {
            write!(f, "{sep} {p}")?;
            sep = ",";
        }
        if let Some(c) = &self.column {
            write!(f, "{sep} column {}", clean(c))?;
        }
        write!(f, ": {}", one_line(&self.message))
    }
}

impl std::error::Error for TableError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let e = TableError::at("input.csv", Position::Line(7), ErrorKind::NotANumber, "\"abc\" is not a number")
            .in_column("hard_hm");
        assert_eq!(e.to_string(), "input.csv: line 7, column hard_hm: \"abc\" is not a number");
        let e = TableError::at("t.vot", Position::Row(3), ErrorKind::Ragged, "2 cells");
        assert_eq!(e.to_string(), "t.vot: row 3: 2 cells");
        assert_eq!(TableError::file("x", ErrorKind::Empty, "the file is empty").to_string(), "x: the file is empty");
        let e = TableError::at("a\nb.csv", Position::Line(2), ErrorKind::NotANumber, "x\ny").in_column("c\u{1b}[2J");
        assert_eq!(e.to_string(), "a\\nb.csv: line 2, column c\\u{1b}[2J: x\\ny");
    }
}
