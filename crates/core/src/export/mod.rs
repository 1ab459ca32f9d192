//! Tables written for download: CSV (`csv` crate), VOTable ([`votable`], written directly)
//! and FITS ([`crate::fits`]).

use crate::catalog::{Catalog, Source};
use crate::class::Class;
use crate::feature::Feature;

mod votable;

/// A column's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Real,
    Integer,
    Boolean,
}

/// A column: name, type, and optional unit and UCD.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    pub unit: Option<&'static str>,
    pub ucd: Option<&'static str>,
}

impl Column {
    pub fn new(name: impl Into<String>, kind: Kind) -> Column {
        Column { name: name.into(), kind, unit: None, ucd: None }
    }

    pub fn unit(mut self, unit: &'static str, ucd: &'static str) -> Column {
        self.unit = Some(unit);
        self.ucd = Some(ucd);
        self
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Real(f64),
    Integer(i64),
    Boolean(bool),
    Null,
}

/// A table to export.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutTable {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Text(s) => crate::pipeline::text::spreadsheet_safe(s).into_owned(),
            Value::Real(v) if v.is_finite() => format!("{v:?}"),
            Value::Real(_) | Value::Null => String::new(),
            Value::Integer(v) => v.to_string(),
            Value::Boolean(b) => b.to_string(),
        }
    }
}

impl OutTable {
    /// CSV with a header row; reals at full (shortest round-trip) precision, missing = empty;
    /// text that a spreadsheet would run as a formula gets a leading `'`
    /// ([`crate::pipeline::text::spreadsheet_safe`]).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|c| c.name.as_str())).expect("in memory");
        for row in &self.rows {
            w.write_record(row.iter().map(Value::text)).expect("in memory");
        }
        String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8")
    }

    /// A VOTable 1.4 with one TABLEDATA table (never fails; `Result` for the callers' chains).
    pub fn to_votable(&self, description: &str) -> Result<String, String> {
        Ok(votable::write(self, description))
    }

    /// A FITS file: an empty primary HDU and one binary table (`EXTNAME = 'XCLASS'`).
    pub fn to_fits(&self, description: &str) -> Vec<u8> {
        crate::fits::write_bintable(self, "XCLASS", description)
    }
}

/// A source's verdict: its master classes (soft, hard, aggregated), whether it is uniquely
/// classified, its detection count, and the mean probability of every class.
pub fn source_verdict_columns() -> Vec<Column> {
    let mut columns = vec![
        Column::new("soft_master_class", Kind::Text),
        Column::new("hard_master_class", Kind::Text),
        Column::new("agg_master_class", Kind::Text),
        Column::new("uniquely_classified", Kind::Boolean),
        Column::new("detection_count", Kind::Integer),
    ];
    columns.extend(Class::ALL.iter().map(|c| Column::new(format!("mean_{}", c.name()), Kind::Real)));
    columns
}

/// The values of [`source_verdict_columns`] for `s`.
pub fn source_verdict_values(s: &Source) -> impl Iterator<Item = Value> + '_ {
    [
        Value::Text(s.soft.name().into()),
        Value::Text(s.hard.name().into()),
        Value::Text(s.group().name().into()),
        Value::Boolean(s.is_unique()),
        Value::Integer(s.detection_count() as i64),
    ]
    .into_iter()
    .chain(s.mean.iter().map(|p| Value::Real(*p)))
}

/// The catalog's sources where `keep[i]`, with master classes, mean±std probabilities and the
/// first detection's features.
pub fn catalog_sources(cat: &Catalog, keep: &[bool]) -> OutTable {
    let mut columns = vec![
        Column::new("name", Kind::Text),
        Column::new("ra", Kind::Real).unit("deg", "pos.eq.ra;meta.main"),
        Column::new("dec", Kind::Real).unit("deg", "pos.eq.dec;meta.main"),
    ];
    columns.extend(source_verdict_columns());
    for c in Class::ALL {
        columns.push(Column::new(format!("std_{}", c.name()), Kind::Real));
    }
    for f in Feature::ALL {
        columns.push(Column::new(f.name(), Kind::Real));
    }
    let rows = cat
        .sources
        .iter()
        .enumerate()
        .filter(|(i, _)| keep.get(*i).copied().unwrap_or(false))
        .map(|(_, s)| {
            let mut r = vec![
                Value::Text(s.name.clone()),
                Value::Real(s.ra),
                Value::Real(s.dec),
            ];
            r.extend(source_verdict_values(s));
            r.extend(s.std.iter().chain(&s.features).map(|v| Value::Real(*v)));
            r
        })
        .collect();
    OutTable { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> OutTable {
        OutTable {
            columns: vec![Column::new("name", Kind::Text), Column::new("x", Kind::Real), Column::new("n", Kind::Integer)],
            rows: vec![
                vec![Value::Text("a, \"quoted\"".into()), Value::Real(0.1), Value::Integer(3)],
                vec![Value::Text("b".into()), Value::Real(f64::NAN), Value::Null],
            ],
        }
    }

    #[test]
    fn csv_quotes_and_keeps_full_precision() {
        let csv = sample().to_csv();
        assert_eq!(csv, "name,x,n\n\"a, \"\"quoted\"\"\",0.1,3\nb,,\n");
    }

    fn rich_sample() -> OutTable {
        OutTable {
            columns: vec![
                Column::new("name", Kind::Text),
                Column::new("ra", Kind::Real).unit("deg", "pos.eq.ra;meta.main"),
                Column::new("n", Kind::Integer),
                Column::new("unique", Kind::Boolean),
            ],
            rows: vec![
                vec![Value::Text("a, \"quoted\" <&>".into()), Value::Real(10.781298349312351), Value::Integer(4884), Value::Boolean(true)],
                vec![Value::Text("é\u{1}tab\t".into()), Value::Real(f64::NAN), Value::Null, Value::Boolean(false)],
                vec![Value::Text("2CXO J004307.5-092302".into()), Value::Real(1e-300), Value::Integer(-9007199254740993), Value::Null],
            ],
        }
    }

    /// The writer's output is the committed `tests/votable/export_sample.vot`, and astropy
    /// reads from that file the values written (`export_sample.json`, recorded by
    /// `tests/votable/record_astropy.py`): a control character becomes U+FFFD, NaN and nulls
    /// are masked.
    #[test]
    fn votable_is_read_by_astropy() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/votable/");
        let xml = rich_sample().to_votable("test <&>").unwrap();
        if std::env::var_os("XCLASS_BLESS").is_some() {
            std::fs::write(format!("{dir}export_sample.vot"), &xml).unwrap();
        }
        assert_eq!(xml, std::fs::read_to_string(format!("{dir}export_sample.vot")).unwrap());
        let astropy: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}export_sample.json")).unwrap()).unwrap();
        assert_eq!(astropy["names"], serde_json::json!(["name", "ra", "n", "unique"]));
        assert_eq!(astropy["datatypes"], serde_json::json!(["unicodeChar", "double", "long", "boolean"]));
        assert_eq!(astropy["units"], serde_json::json!([null, "deg", null, null]));
        let want = serde_json::json!([
            ["a, \"quoted\" <&>", 10.781298349312351, 4884, true],
            ["é\u{FFFD}tab", null, null, false],
            ["2CXO J004307.5-092302", 1e-300, -9007199254740993i64, null],
        ]);
        assert_eq!(astropy["rows"], want);
    }

    #[test]
    fn csv_neutralises_formulas_in_text_only() {
        let t = OutTable {
            columns: vec![Column::new("name", Kind::Text), Column::new("x", Kind::Real)],
            rows: vec![vec![Value::Text("=HYPERLINK(1)".into()), Value::Real(-0.5)], vec![Value::Text("-0.25".into()), Value::Real(1.0)]],
        };
        assert_eq!(t.to_csv(), "name,x\n'=HYPERLINK(1),-0.5\n-0.25,1.0\n");
    }
}

/// Reads a CSV text (e.g. the CLI's output) into a table, typing each column: integer if every
/// non-empty cell is one, real if every non-empty cell is a number, text otherwise.
pub fn csv_to_table(text: &str) -> Result<OutTable, String> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let names: Vec<String> = rdr.headers().map_err(|e| e.to_string())?.iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    let kinds: Vec<Kind> = (0..names.len())
        .map(|j| {
            let cells = || records.iter().map(|r| r.get(j).unwrap_or("")).filter(|c| !c.is_empty());
            if cells().clone().next().is_none() {
                Kind::Text
            } else if cells().all(|c| c.parse::<i64>().is_ok()) {
                Kind::Integer
            } else if cells().all(|c| c.parse::<f64>().is_ok()) {
                Kind::Real
            } else if cells().all(|c| c == "true" || c == "false") {
                Kind::Boolean
            } else {
                Kind::Text
            }
        })
        .collect();
    let rows = records
        .iter()
        .map(|r| {
            (0..names.len())
                .map(|j| {
                    let c = r.get(j).unwrap_or("");
                    match (kinds[j], c.is_empty()) {
                        (Kind::Text, _) => Value::Text(c.to_string()),
                        (_, true) => Value::Null,
                        (Kind::Integer, _) => Value::Integer(c.parse().unwrap_or_default()),
                        (Kind::Real, _) => Value::Real(c.parse().unwrap_or(f64::NAN)),
                        (Kind::Boolean, _) => Value::Boolean(c == "true"),
                    }
                })
                .collect()
        })
        .collect();
    Ok(OutTable { columns: names.into_iter().zip(kinds).map(|(n, k)| Column::new(n, k)).collect(), rows })
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn csv_columns_are_typed_and_round_trip() {
        let text = "name,obsid,HMXB,class,filled,unique\nA,4884,0.684173,HMXB,powlaw_gamma;bb_kt,true\nB,12,1e-3,LMXB,,false\n";
        let t = csv_to_table(text).unwrap();
        let kinds: Vec<Kind> = t.columns.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::Text, Kind::Integer, Kind::Real, Kind::Text, Kind::Text, Kind::Boolean]);
        assert_eq!(t.rows[1][2], Value::Real(0.001));
        assert_eq!(t.to_csv(), "name,obsid,HMXB,class,filled,unique\nA,4884,0.684173,HMXB,powlaw_gamma;bb_kt,true\nB,12,0.001,LMXB,,false\n");
    }
}
