//! What the columns of an input table mean: how each feature is read or derived, which
//! columns are passed through, and the interpretation of one raw row.

use super::cell::RawRow;
use super::domain::DomainCounts;
use super::error::{ErrorKind, Position, TableError};
use crate::feature::{Derivation, Feature, N_FEATURES, RAW_COLUMNS};
use crate::message::{clean, one_line};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Columns recognised as labels (SIMBAD types or a class), passed through.
pub const LABEL_COLUMNS: [&str; 5] = ["main_type", "otype", "class", "label", "master_class"];

/// Columns recognised as right ascension (degrees), passed through to the output.
pub const RA_COLUMNS: [&str; 5] = ["ra", "ra_deg", "raj2000", "ra_icrs", "ra_j2000"];
/// Columns recognised as declination (degrees), passed through to the output.
pub const DEC_COLUMNS: [&str; 6] = ["dec", "dec_deg", "dej2000", "decj2000", "de_icrs", "dec_j2000"];

/// Why a passthrough column is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Source name (`name`), the key of per-source voting.
    Name,
    /// Observation identifier (`obsid`).
    Obsid,
    /// Right ascension, degrees (`ra` or one of [`RA_COLUMNS`]).
    Ra,
    /// Declination, degrees (`dec` or one of [`DEC_COLUMNS`]).
    Dec,
    /// A label column, one of [`LABEL_COLUMNS`].
    Label,
}

impl Role {
    fn of(column: &str) -> Option<Role> {
        let is = |s: &str| column.eq_ignore_ascii_case(s);
        match () {
            _ if is("name") => Some(Role::Name),
            _ if is("obsid") => Some(Role::Obsid),
            _ if RA_COLUMNS.iter().any(|c| is(c)) => Some(Role::Ra),
            _ if DEC_COLUMNS.iter().any(|c| is(c)) => Some(Role::Dec),
            _ if LABEL_COLUMNS.iter().any(|l| is(l)) => Some(Role::Label),
            _ => None,
        }
    }
}

/// A column kept as text for the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passthrough {
    /// Why it is kept.
    pub role: Role,
    /// The column's name as written in the input.
    pub name: String,
    index: usize,
}

/// How one feature is obtained: its own column first, else its derivation.
#[derive(Clone, Debug, Default)]
struct Recipe {
    column: Option<usize>,
    derived: Option<(Derivation, Vec<usize>)>,
}

/// The meaning of an input table's columns, and what was noticed reading its rows.
///
/// Clones share the counts of values outside the physical domain ([`DomainCounts`]), so
/// that rows parsed on several threads with clones are all counted.
#[derive(Clone, Debug)]
pub struct Schema {
    file: String,
    columns: Vec<String>,
    recipes: [Recipe; N_FEATURES],
    passthrough: Vec<Passthrough>,
    /// Warnings about the columns (duplicates).
    notes: Vec<String>,
    domain: Arc<DomainCounts>,
}

/// One interpreted input row.
#[derive(Clone, Debug, PartialEq)]
pub struct InputRow {
    /// Where the row is in the input.
    pub position: Position,
    /// Raw-unit features, `None` where missing (to be filled by the model).
    pub features: [Option<f64>; N_FEATURES],
    /// Passthrough values, aligned with [`Schema::passthrough`]; `None` where missing.
    pub passthrough: Vec<Option<String>>,
}

impl Schema {
    /// Interprets the column names of `file`. Errors when none of the 12 features can be
    /// read or derived.
    pub fn new(file: &str, columns: Vec<String>) -> Result<Schema, TableError> {
        let find = |name: &str| columns.iter().position(|c| c.eq_ignore_ascii_case(name));
        let recipes = Feature::ALL.map(|f| Recipe {
            column: find(f.name()),
            derived: f.derivation().and_then(|d| {
                let inputs: Option<Vec<usize>> = d.inputs().into_iter().map(find).collect();
                inputs.map(|i| (d, i))
            }),
        });
        let mut passthrough = Vec::new();
        for (index, c) in columns.iter().enumerate() {
            if let Some(role) = Role::of(c) {
                passthrough.push(Passthrough { role, name: c.clone(), index });
            }
        }
        let notes = duplicates(file, &columns);
        let schema = Schema { file: file.to_string(), columns, recipes, passthrough, notes, domain: Arc::new(DomainCounts::physical()) };
        if schema.absent().len() == N_FEATURES {
            let msg = format!(
                "none of the 12 features can be read. Expected the feature columns ({}) or the raw CSC columns ({}); found: {}",
                Feature::ALL.map(Feature::name).join(", "),
                RAW_COLUMNS.join(", "),
                crate::message::list(&schema.columns)
            );
            return Err(TableError::file(file, ErrorKind::NoFeatures, msg));
        }
        Ok(schema)
    }

    /// The file name given when opening, as used in messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The column names as written in the input.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The passthrough columns, in input order.
    pub fn passthrough(&self) -> &[Passthrough] {
        &self.passthrough
    }

    /// Position in [`Schema::passthrough`] (and [`InputRow::passthrough`]) of the first
    /// column with this role.
    pub fn passthrough_index(&self, role: Role) -> Option<usize> {
        self.passthrough.iter().position(|p| p.role == role)
    }

    /// Keeps only the passthrough columns whose role passes `keep` (fewer values to copy).
    pub fn retain_passthrough(&mut self, keep: impl Fn(Role) -> bool) {
        self.passthrough.retain(|p| keep(p.role));
    }

    /// Keeps the column named `name` (case-insensitive) as a label passthrough, whatever its
    /// name (`xclass fit --label-column`); its index in [`Schema::passthrough`], or `None`
    /// when the table has no such column.
    pub fn keep_label_column(&mut self, name: &str) -> Option<usize> {
        let index = self.columns.iter().position(|c| c.eq_ignore_ascii_case(name.trim()))?;
        if let Some(p) = self.passthrough.iter().position(|p| p.index == index) {
            return Some(p);
        }
        self.passthrough.push(Passthrough { role: Role::Label, name: self.columns[index].clone(), index });
        Some(self.passthrough.len() - 1)
    }

    /// Features with no column and no way to derive them: filled in every row.
    pub fn absent(&self) -> Vec<Feature> {
        Feature::ALL.into_iter().filter(|f| self.recipe(*f).column.is_none() && self.recipe(*f).derived.is_none()).collect()
    }

    /// Warnings for the user, one line each: features wholly absent, columns named twice,
    /// and (once rows were parsed) values outside a feature's physical domain.
    pub fn warnings(&self) -> Vec<String> {
        let absent = self.absent();
        let absent = (!absent.is_empty()).then(|| {
            format!(
                "{}: no column for {} (nor raw columns to derive it): filled with the model's fill value in every row",
                one_line(&self.file),
                absent.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
            )
        });
        absent.into_iter().chain(self.notes.iter().cloned()).chain(self.domain.warnings(&self.file)).collect()
    }

    /// The counts of values outside the physical domain, so far.
    pub fn domain_counts(&self) -> &DomainCounts {
        &self.domain
    }

    fn recipe(&self, f: Feature) -> &Recipe {
        &self.recipes[f.index()]
    }

    /// Interprets one raw row: parses numbers, derives features, checks domains.
    pub fn parse(&self, raw: &RawRow<'_>) -> Result<InputRow, TableError> {
        let at = raw.position;
        let located = |i: usize| move |(kind, m)| TableError::at(&self.file, at, kind, m).in_column(&self.columns[i]);
        let number = |i: usize| raw.cell(i).number().map_err(located(i));
        let mut features = [None; N_FEATURES];
        for f in Feature::ALL {
            let r = self.recipe(f);
            let mut value = r.column.map(number).transpose()?.flatten();
            let mut derived = false;
            if let (None, Some((d, inputs))) = (value, &r.derived) {
                let mut v = [0.0; 3];
                let mut complete = true;
                for (slot, &i) in v.iter_mut().zip(inputs) {
                    match number(i)? {
                        Some(x) => *slot = x,
                        None => complete = false,
                    }
                }
                value = complete.then(|| d.apply(&v[..inputs.len()])).filter(|x| x.is_finite());
                derived = true;
            }
            if let Some(v) = value.filter(|v| f.non_negative() && *v < 0.0) {
                let column = match (derived, r.column) {
                    (false, Some(i)) => self.columns[i].clone(),
                    _ => format!("{} (derived from {})", f.name(), r.derived.as_ref().map_or(vec![], |d| d.0.inputs()).join(", ")),
                };
                let msg = format!("{v} is negative; {} must be ≥ 0", f.name());
                return Err(TableError::at(&self.file, at, ErrorKind::Negative, msg).in_column(&column));
            }
            if let Some(v) = value {
                self.domain.check(f, v, at);
            }
            features[f.index()] = value;
        }
        let passthrough =
            self.passthrough.iter().map(|p| raw.cell(p.index).into_text().map_err(located(p.index))).collect::<Result<_, _>>()?;
        Ok(InputRow { position: at, features, passthrough })
    }
}

/// A warning for each meaningful column name (a feature, a raw CSC column, a passthrough
/// role) given to more than one column, case-insensitively: the first is used.
fn duplicates(file: &str, columns: &[String]) -> Vec<String> {
    let meaningful = |c: &str| {
        Feature::ALL.iter().any(|f| c.eq_ignore_ascii_case(f.name()))
            || RAW_COLUMNS.iter().any(|r| c.eq_ignore_ascii_case(r))
            || Role::of(c).is_some()
    };
    // Each meaningful name (lower case) → the columns that have it, in order.
    let mut seen: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in columns.iter().enumerate().filter(|(_, c)| meaningful(c)) {
        seen.entry(c.to_ascii_lowercase()).or_default().push(i);
    }
    let mut repeated: Vec<&Vec<usize>> = seen.values().filter(|at| at.len() > 1).collect();
    repeated.sort();
    repeated
        .into_iter()
        .map(|at| {
            let (i, j) = (at[0], at[1]);
            let more = if at.len() > 2 { format!(" (and {} more)", at.len() - 2) } else { String::new() };
            format!(
                "{}: columns {} ({}) and {} ({}){more} have the same name: column {} is used, the others are ignored",
                one_line(file),
                i + 1,
                clean(&columns[i]),
                j + 1,
                clean(&columns[j]),
                i + 1
            )
        })
        .collect()
}

impl InputRow {
    /// The value of the passthrough column at `index` of [`Schema::passthrough`].
    pub fn get(&self, index: Option<usize>) -> Option<&str> {
        index.and_then(|i| self.passthrough[i].as_deref())
    }
}
