//! The per-detection output table (`xclass classify`), one row per input row.

use super::text::{push_field, push_sep_f64, push_sep_field};
use crate::class::{Class, Group};
use crate::feature::FilledMask;
use crate::model::Classification;
use crate::novelty::Novelty;
use crate::table::{InputRow, Role, Schema};
use std::fmt::Write;

/// Writes classified detections as CSV: `name` and `obsid` when the input has them, then the
/// input's position columns (`ra`, `dec` and the like, [`crate::table::RA_COLUMNS`], with
/// their names and text as in the input, in input order), then `cluster`, the 10 class
/// probabilities, `class`, the 4 `agg_*` group probabilities, `agg_class` and `filled`
/// (`;`-separated filled features), then the novelty columns `log_density`,
/// `novelty_percentile`, `outside_training` (`;`-separated), `entropy`, `margin` (unless
/// [`DetectionTable::without_novelty`]).
#[derive(Clone, Debug)]
pub struct DetectionTable {
    /// Whether the novelty columns are written.
    novelty: bool,
    name: Option<usize>,
    obsid: Option<usize>,
    /// Passthrough index and input name of each position column.
    positions: Vec<(usize, String)>,
}

impl DetectionTable {
    /// The layout for an input with this schema.
    pub fn new(schema: &Schema) -> DetectionTable {
        let positions = schema
            .passthrough()
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.role, Role::Ra | Role::Dec))
            .map(|(i, p)| (i, p.name.clone()))
            .collect();
        DetectionTable { novelty: true, name: schema.passthrough_index(Role::Name), obsid: schema.passthrough_index(Role::Obsid), positions }
    }

    /// The same layout without the novelty columns (the table up to `filled`).
    pub fn without_novelty(self) -> DetectionTable {
        DetectionTable { novelty: false, ..self }
    }

    /// The header line, with its line break.
    pub fn header(&self) -> String {
        let mut cols: Vec<String> = Vec::new();
        cols.extend(self.name.map(|_| "name".to_string()));
        cols.extend(self.obsid.map(|_| "obsid".to_string()));
        for (_, name) in &self.positions {
            let mut quoted = String::new();
            super::text::push_field(&mut quoted, name);
            cols.push(quoted);
        }
        cols.push("cluster".into());
        cols.extend(Class::ALL.iter().map(|c| c.name().to_string()));
        cols.push("class".into());
        cols.extend(Group::ALL.iter().map(|g| format!("agg_{}", g.name())));
        cols.push("agg_class".into());
        cols.push("filled".into());
        if self.novelty {
            cols.extend(["log_density", "novelty_percentile", "outside_training", "entropy", "margin"].map(String::from));
        }
        cols.join(",") + "\n"
    }

    /// Appends one row, with its line break; `novelty` is written when the table has its
    /// columns (and must then be given).
    pub fn write_row(&self, out: &mut String, row: &InputRow, c: &Classification, filled: FilledMask, novelty: Option<&Novelty>) {
        let positions = self.positions.iter().map(|(i, _)| *i);
        for i in [self.name, self.obsid].into_iter().flatten().chain(positions) {
            push_field(out, row.get(Some(i)).unwrap_or(""));
            out.push(',');
        }
        let _ = write!(out, "{}", c.cluster);
        c.probs.iter().for_each(|&p| push_sep_f64(out, p));
        push_sep_field(out, c.class().name());
        c.group_probs().iter().for_each(|&p| push_sep_f64(out, p));
        push_sep_field(out, c.group().name());
        push_features(out, filled);
        if self.novelty {
            let novelty = novelty.expect("a table with novelty columns is given each row's novelty");
            push_sep_f64(out, novelty.log_density);
            push_sep_f64(out, novelty.percentile);
            push_features(out, novelty.outside);
            push_sep_f64(out, novelty.entropy);
            push_sep_f64(out, novelty.margin);
        }
        out.push('\n');
    }
}

/// Appends `,` then the features of `set`, `;`-separated.
fn push_features(out: &mut String, set: FilledMask) {
    out.push(',');
    for (i, f) in set.features().enumerate() {
        out.push_str(if i == 0 { "" } else { ";" });
        out.push_str(f.name());
    }
}
