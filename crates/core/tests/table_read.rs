//! Reading input tables: the published example in every encoding, columns, missing values,
//! derivation, passthrough and streaming.

mod common;
mod known;
use common::*;
use known::*;
use xclass_core::pipeline::classify_row;
use xclass_core::table::{Format, Position, Role, TableReader};
use xclass_core::Feature;

fn example_bytes() -> Vec<u8> {
    std::fs::read(repo().join(EXAMPLE_VOT)).unwrap()
}

fn text_find(bytes: &[u8], what: &str) -> usize {
    std::str::from_utf8(bytes).unwrap().find(what).unwrap()
}

/// Reads every row of an in-memory table.
fn read<'a>(file: &str, bytes: &'a [u8]) -> (TableReader<&'a [u8]>, Vec<xclass_core::table::InputRow>) {
    let mut r = TableReader::open(file, bytes).unwrap_or_else(|e| panic!("{e}"));
    let rows = r.by_ref().collect::<Result<Vec<_>, _>>().unwrap_or_else(|e| panic!("{e}"));
    (r, rows)
}

fn assert_example_row(file: &str, bytes: &[u8]) {
    let (r, rows) = read(file, bytes);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    known::assert_example_classified(row);
    let s = r.schema();
    assert_eq!(row.get(s.passthrough_index(Role::Name)), Some("2CXO J004307.5-092302"));
    assert_eq!(row.get(s.passthrough_index(Role::Obsid)), Some("4884"));
    let ra: f64 = row.get(s.passthrough_index(Role::Ra)).unwrap().parse().unwrap();
    assert_eq!(ra, 10.781298349312351);
}

#[test]
fn example_votable_tabledata_gives_the_published_answer() {
    let bytes = example_bytes();
    assert_example_row("your_xray_example.vot", &bytes);
    let (r, _) = read("x.vot", &bytes);
    assert_eq!(r.format(), Format::VoTable);
    // Progress reaches the end of the data (the closing tags after it need not be read).
    let data_end = text_find(&bytes, "</TABLEDATA>");
    assert!(r.bytes_read() >= data_end as u64 && r.bytes_read() <= bytes.len() as u64);
}

// BINARY and BINARY2 as astropy writes them: tests/table_votable.rs.

#[test]
fn example_as_csv_of_raw_columns_gives_the_published_answer() {
    // The example's values, copied from the VOTable, with the two empty cells.
    let csv = "name,obsid,hard_ms,hard_hm,hard_hs,powlaw_gamma,bb_kt,var_prob_b,var_prob_h,var_prob_s,\
var_mean_b,var_mean_h,var_mean_s,var_sigma_h,var_sigma_s,var_sigma_b,var_max_b,var_min_b,ra\n\
2CXO J004307.5-092302,4884,-0.13616489693941,0.23110555902561,0.10243597751405,,,0.50165526192568,\
0.50814899377374,0.562971133281,0.0038287120278008738,0.001575845804562533,9.007070382772946E-4,\
2.164292244738912E-4,1.1692215714259091E-4,7.008065460605226E-4,0.007166455525771607,0.003322752613583475,\
10.781298349312351\n";
    assert_example_row("example.csv", csv.as_bytes());
}

#[test]
fn feature_column_wins_over_derivation_and_missing_cells_are_filled() {
    let csv = "# a comment line\nname,var_ratio_b,var_sigma_b,var_mean_b,hard_hm,bb_kt\n\
a,0.5,1,4,0.1,1\n\
b,,1,4,NaN,null\n\
c,--,1,0,none,\n";
    let (r, rows) = read("t.csv", csv.as_bytes());
    let f = |row: usize, x: Feature| rows[row].features[x.index()];
    assert_eq!(f(0, Feature::VarRatioB), Some(0.5));
    assert_eq!(f(1, Feature::VarRatioB), Some(0.25)); // derived: 1 / 4
    assert_eq!(f(2, Feature::VarRatioB), None); // 1 / 0 is not finite: missing
    assert_eq!((f(1, Feature::HardHm), f(1, Feature::BbKt)), (None, None));
    assert_eq!(rows[2].position, Position::Line(5));
    let (_, mask) = classify_row(model(), &rows[1]);
    assert!(mask.contains(Feature::HardHm) && mask.contains(Feature::BbKt) && !mask.contains(Feature::VarRatioB));
    let absent = r.schema().absent();
    assert!(absent.contains(&Feature::PowlawGamma) && !absent.contains(&Feature::VarRatioB));
    assert!(r.schema().warnings()[0].contains("powlaw_gamma"), "{:?}", r.schema().warnings());
}

#[test]
fn passthrough_keeps_names_positions_and_labels() {
    let csv = "Name,RA,dec,otype,main_type,hard_hm\nx,1.5,-2,HMXB,XB,0.1\n";
    let (r, rows) = read("t.csv", csv.as_bytes());
    let names: Vec<_> = r.schema().passthrough().iter().map(|p| (p.role, p.name.as_str())).collect();
    assert_eq!(
        names,
        [(Role::Name, "Name"), (Role::Ra, "RA"), (Role::Dec, "dec"), (Role::Label, "otype"), (Role::Label, "main_type")]
    );
    assert_eq!(rows[0].passthrough, [Some("x"), Some("1.5"), Some("-2"), Some("HMXB"), Some("XB")].map(|s| s.map(String::from)));
}

#[test]
fn rows_are_pulled_in_batches_with_progress() {
    let mut csv = String::from("hard_hm,hard_hs\n");
    for i in 0..1000 {
        csv.push_str(&format!("0.{i},-0.5\n"));
    }
    let mut r = TableReader::open("t.csv", csv.as_bytes()).unwrap();
    let mut sizes = vec![];
    loop {
        let batch = r.read_batch(300).unwrap();
        if batch.is_empty() {
            break;
        }
        sizes.push(batch.len());
        assert_eq!(r.rows_read(), sizes.iter().sum::<usize>() as u64);
        assert!(r.bytes_read() <= csv.len() as u64);
    }
    assert_eq!(sizes, [300, 300, 300, 100]);
    assert_eq!(r.bytes_read(), csv.len() as u64);
}
