//! A target list matched by position to the catalog's sources: each target's nearest source
//! within a radius ([`SkyIndex`]), and the result table (the target's columns first, as
//! written, then the match: separation, the source's master classes, probabilities and
//! detection count; unmatched targets have `matched = false` and empty match cells).

mod index;
mod targets;

pub use index::{Hit, SkyIndex, MAX_RADIUS_DEG};
pub use targets::{read_targets, PositionSource, Target, TargetList, DEC_COLUMNS, RA_COLUMNS};

use crate::catalog::Catalog;
use crate::export::{source_verdict_columns, source_verdict_values, Column, Kind, OutTable, Value};

/// The default matching radius, arcseconds (the CSC's typical position error is about 1").
pub const DEFAULT_RADIUS_ARCSEC: f64 = 2.0;

/// The matching of a target list.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchResult {
    pub radius_arcsec: f64,
    /// Per target, in input order: the matched source (index into `Catalog::sources`).
    pub hits: Vec<Option<Hit>>,
}

impl MatchResult {
    /// Targets with a match.
    pub fn matched(&self) -> usize {
        self.hits.iter().filter(|h| h.is_some()).count()
    }

    /// Per source index (up to the largest matched), whether some target matched it.
    pub fn sources_hit(&self) -> Vec<bool> {
        let mut hit = vec![false; self.hits.iter().flatten().map(|h| h.index + 1).max().unwrap_or(0)];
        for h in self.hits.iter().flatten() {
            hit[h.index] = true;
        }
        hit
    }
}

/// A target list with its matches, as the app keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct Matched {
    pub file: String,
    pub list: TargetList,
    pub result: MatchResult,
}

/// Reads a target list from `text` and matches it to `cat` within `radius_arcsec`.
pub fn match_text(file: &str, text: &str, cat: &Catalog, radius_arcsec: f64) -> Result<Matched, String> {
    let radius = check_radius(radius_arcsec)?;
    let list = read_targets(file, text).map_err(|e| e.to_string())?;
    let result = match_targets(&catalog_index(cat, radius), &list.targets);
    Ok(Matched { file: file.to_string(), list, result })
}

/// Checks a radius given by a user, in arcseconds.
pub fn check_radius(arcsec: f64) -> Result<f64, String> {
    if arcsec.is_finite() && arcsec > 0.0 && arcsec <= MAX_RADIUS_DEG * 3600.0 {
        Ok(arcsec)
    } else {
        Err(format!("the radius must be more than 0 and at most {} arcsec (got {arcsec})", MAX_RADIUS_DEG * 3600.0))
    }
}

/// An index of the catalog's source positions for `radius_arcsec`.
pub fn catalog_index(cat: &Catalog, radius_arcsec: f64) -> SkyIndex {
    SkyIndex::new(cat.sources.iter().map(|s| (s.ra, s.dec)), radius_arcsec / 3600.0)
}

/// Matches every target to its nearest indexed source.
pub fn match_targets(index: &SkyIndex, targets: &[Target]) -> MatchResult {
    MatchResult { radius_arcsec: index.radius_deg() * 3600.0, hits: targets.iter().map(|t| index.nearest(t.ra, t.dec)).collect() }
}

/// The columns added after the target's own.
fn match_columns() -> Vec<Column> {
    let mut c = vec![
        Column::new("target_ra", Kind::Real).unit("deg", "pos.eq.ra"),
        Column::new("target_dec", Kind::Real).unit("deg", "pos.eq.dec"),
        Column::new("matched", Kind::Boolean),
        Column::new("separation_arcsec", Kind::Real).unit("arcsec", "pos.angDistance"),
        Column::new("match_name", Kind::Text),
        Column::new("match_ra", Kind::Real).unit("deg", "pos.eq.ra;meta.main"),
        Column::new("match_dec", Kind::Real).unit("deg", "pos.eq.dec;meta.main"),
    ];
    c.extend(source_verdict_columns());
    c
}

/// The result table: every target in input order, its columns as written (text) first.
pub fn result_table(list: &TargetList, cat: &Catalog, result: &MatchResult) -> OutTable {
    let mut columns: Vec<Column> = list.columns.iter().map(|c| Column::new(c.clone(), Kind::Text)).collect();
    columns.extend(match_columns());
    let rows = list
        .targets
        .iter()
        .zip(&result.hits)
        .map(|(t, hit)| {
            let mut r: Vec<Value> = t.cells.iter().map(|c| Value::Text(c.clone())).collect();
            r.extend([Value::Real(t.ra), Value::Real(t.dec), Value::Boolean(hit.is_some())]);
            match hit {
                Some(h) => {
                    let s = &cat.sources[h.index];
                    r.extend([
                        Value::Real(h.separation_deg * 3600.0),
                        Value::Text(s.name.clone()),
                        Value::Real(s.ra),
                        Value::Real(s.dec),
                    ]);
                    r.extend(source_verdict_values(s));
                }
                // separation, name, ra, dec and the verdict.
                None => r.extend(std::iter::repeat_n(Value::Null, 4 + source_verdict_columns().len())),
            }
            r
        })
        .collect();
    OutTable { columns, rows }
}
