//! Row indices of a table that came by SAMP: SAMP integers read, indices checked against the
//! table, and the rows xclass selects (a source's detections, a class) listed. Row `i` of the
//! sender's table is uploaded detection `i`: the upload keeps every row, in order.

use crate::class::Class;
use crate::message::clean;
use crate::upload::Upload;

/// Reads a row index: a SAMP integer (decimal digits, optional sign) that is not negative.
pub fn parse_row(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t.strip_prefix('+').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the row index {} is not a non-negative integer", clean(s)));
    }
    digits.parse().map_err(|_| format!("the row index {} is too large", clean(s)))
}

/// The rows of `rows` inside a table of `n` rows, sorted without repeats, and how many were
/// outside it.
pub fn in_table(rows: &[usize], n: usize) -> (Vec<usize>, usize) {
    let mut kept: Vec<usize> = rows.iter().copied().filter(|&r| r < n).collect();
    kept.sort_unstable();
    kept.dedup();
    (kept, rows.iter().filter(|&&r| r >= n).count())
}

/// The rows of the upload's detections of source `name`, in order.
pub fn rows_of_source(up: &Upload, name: &str) -> Vec<usize> {
    up.detections.iter().enumerate().filter(|(_, d)| d.name.as_deref() == Some(name)).map(|(i, _)| i).collect()
}

/// The rows whose most probable class is `class`, in order.
pub fn rows_of_class(up: &Upload, class: Class) -> Vec<usize> {
    up.detections.iter().enumerate().filter(|(_, d)| d.classification().class() == class).map(|(i, _)| i).collect()
}
