//! Synthetic detections as CSV input for `xclass classify`.

use super::SyntheticDetection;
use crate::feature::{Feature, RAW_COLUMNS};
use crate::pipeline::text::{push_field, push_sep_f64};
use std::io::{self, Write};

/// Writes `name,ra,dec` then either the 12 features or (with `raw`) the raw CSC columns
/// they derive from; returns the number of rows written.
pub fn write_csv<W: Write>(out: &mut W, detections: impl Iterator<Item = SyntheticDetection>, raw: bool) -> io::Result<u64> {
    let columns: Vec<&str> = if raw { RAW_COLUMNS.to_vec() } else { Feature::ALL.map(Feature::name).to_vec() };
    writeln!(out, "name,ra,dec,{}", columns.join(","))?;
    let mut buf = String::with_capacity(1 << 16);
    let mut rows = 0;
    for d in detections {
        push_field(&mut buf, &d.name);
        push_sep_f64(&mut buf, d.ra);
        push_sep_f64(&mut buf, d.dec);
        if raw {
            d.raw_columns().iter().for_each(|&v| push_sep_f64(&mut buf, v));
        } else {
            d.features.iter().for_each(|&v| push_sep_f64(&mut buf, v));
        }
        buf.push('\n');
        rows += 1;
        if buf.len() > 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    Ok(rows)
}
