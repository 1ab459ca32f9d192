//! A target list: delimited text (`,`, tab or `;`, from the header line; `#` comment lines
//! before it) with positions as `ra`/`dec` columns (degrees, or RA in hours `h:m:s`/`h m s`
//! and Dec in degrees `d:m:s`/`d m s`) or, failing those, CSC names (`2CXO J…`). Every
//! column is kept as written, to be carried to the output.

use crate::sky::{parse_csc_name, parse_dec, parse_ra};
use crate::table::{ErrorKind, Position, TableError};

/// Column names taken as right ascension and declination (compared case-insensitively).
pub const RA_COLUMNS: [&str; 6] = ["ra", "raj2000", "_raj2000", "ra_icrs", "ra_deg", "radeg"];
pub const DEC_COLUMNS: [&str; 7] = ["dec", "dej2000", "_dej2000", "decj2000", "de_icrs", "dec_icrs", "dec_deg"];

/// One target: its cells as written and its position (ICRS degrees).
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// Line of the input (the header is after any comment lines).
    pub line: u64,
    pub cells: Vec<String>,
    pub ra: f64,
    pub dec: f64,
}

/// How positions were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PositionSource {
    /// Columns `ra`, `dec` (their indices).
    Columns(usize, usize),
    /// A column of CSC names (its index).
    Names(usize),
}

/// A parsed target list.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetList {
    pub columns: Vec<String>,
    pub source: PositionSource,
    pub targets: Vec<Target>,
}

fn find(columns: &[String], names: &[&str]) -> Option<usize> {
    columns.iter().position(|c| names.iter().any(|n| c.eq_ignore_ascii_case(n)))
}

/// Reads a target list; errors name the line and column, like the table readers.
pub fn read_targets(file: &str, text: &str) -> Result<TargetList, TableError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut skipped = 0u64;
    let mut rest = text;
    while rest.starts_with('#') || rest.starts_with('\n') || rest.starts_with('\r') {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
        skipped += 1;
    }
    let header_line = rest.lines().next().unwrap_or("");
    if header_line.trim().is_empty() {
        return Err(TableError::file(file, ErrorKind::Empty, "the target list is empty"));
    }
    let delimiter = [b',', b'\t', b';'].into_iter().find(|d| header_line.as_bytes().contains(d)).unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(rest.as_bytes());
    let line_of = |p: Option<&csv::Position>| skipped + p.map_or(1, |p| p.line());
    let columns: Vec<String> = rdr
        .headers()
        .map_err(|e| TableError::at(file, Position::Line(skipped + 1), ErrorKind::Malformed, e.to_string()))?
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    let records: Vec<(u64, csv::StringRecord)> = rdr
        .records()
        .map(|r| r.map(|r| (line_of(r.position()), r)))
        .collect::<Result<_, _>>()
        .map_err(|e| TableError::at(file, Position::Line(line_of(e.position())), ErrorKind::Malformed, e.to_string()))?;
    let source = match (find(&columns, &RA_COLUMNS), find(&columns, &DEC_COLUMNS)) {
        (Some(r), Some(d)) => PositionSource::Columns(r, d),
        _ => {
            let first = records.first().map(|(_, r)| r);
            let names = (0..columns.len()).find(|&j| first.and_then(|r| r.get(j)).and_then(parse_csc_name).is_some());
            match names {
                Some(j) => PositionSource::Names(j),
                None => {
                    let msg = format!(
                        "no position columns: expected ra and dec (degrees, or h:m:s and d:m:s) or CSC names (2CXO Jhhmmss.s±ddmmss); found: {}",
                        columns.join(", ")
                    );
                    return Err(TableError::at(file, Position::Line(skipped + 1), ErrorKind::NoFeatures, msg));
                }
            }
        }
    };
    let mut targets = Vec::with_capacity(records.len());
    for (line, r) in records {
        let at = Position::Line(line);
        if r.len() != columns.len() {
            let msg = format!("{} cells, but the header has {} columns", r.len(), columns.len());
            return Err(TableError::at(file, at, ErrorKind::Ragged, msg));
        }
        let cell = |j: usize| r.get(j).unwrap_or("").trim();
        let bad =
            |j: usize, what: &str| TableError::at(file, at, ErrorKind::NotANumber, format!("{:?} is not {what}", cell(j))).in_column(&columns[j]);
        let (ra, dec) = match source {
            PositionSource::Columns(rj, dj) => (
                parse_ra(cell(rj)).ok_or_else(|| bad(rj, "a right ascension (degrees, or hours as h:m:s or h m s)"))?,
                parse_dec(cell(dj)).ok_or_else(|| bad(dj, "a declination (degrees, or d:m:s or d m s)"))?,
            ),
            PositionSource::Names(j) => parse_csc_name(cell(j)).ok_or_else(|| bad(j, "a CSC name (2CXO Jhhmmss.s±ddmmss)"))?,
        };
        targets.push(Target { line, cells: r.iter().map(String::from).collect(), ra, dec });
    }
    if targets.is_empty() {
        return Err(TableError::file(file, ErrorKind::Empty, "the target list has a header but no rows"));
    }
    Ok(TargetList { columns, source, targets })
}
