//! FITS binary tables: files written by astropy (`scripts/gen_fits_fixtures.py`) read as
//! astropy reads them (`tests/fits/*.json`), the paper's example as FITS giving the published
//! answer, HDU choice, every bad file of `tests/corpus/*.fits` refused with its expected
//! message, and the FITS export read back.

mod common;
mod known;
use common::*;
use known::*;
use serde_json::Value as Json;
use xclass_core::export::{Column, Kind, OutTable, Value};
use xclass_core::table::{Format, HduChoice, InputRow, Role, TableError, TableReader};
use xclass_core::Feature;

fn bytes(path: &str) -> Vec<u8> {
    std::fs::read(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_all<'a>(file: &str, data: &'a [u8], hdu: Option<&HduChoice>) -> Result<(TableReader<&'a [u8]>, Vec<InputRow>), TableError> {
    let mut r = TableReader::open_hdu(file, data, hdu)?;
    let rows = r.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok((r, rows))
}

fn assert_example(file: &str, data: &[u8], hdu: Option<&HduChoice>) {
    let (r, rows) = read_all(file, data, hdu).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.format(), Format::Fits);
    assert_eq!(rows.len(), 1);
    known::assert_example_classified(&rows[0]);
    let s = r.schema();
    assert_eq!(rows[0].get(s.passthrough_index(Role::Name)), Some("2CXO J004307.5-092302"));
    assert_eq!(rows[0].get(s.passthrough_index(Role::Obsid)), Some("4884"));
    let ra: f64 = rows[0].get(s.passthrough_index(Role::Ra)).unwrap().parse().unwrap();
    assert_eq!(ra, 10.781298349312351);
}

#[test]
fn the_example_written_by_astropy_gives_the_published_answer() {
    assert_example("example.fits", &bytes("tests/fits/example.fits"), None);
    assert_eq!(EXAMPLE_CLUSTER, 5);
}

#[test]
fn an_hdu_is_chosen_by_index_or_extname() {
    let multi = bytes("tests/fits/multi.fits");
    assert_example("multi.fits", &multi, Some(&HduChoice::Index(3)));
    assert_example("multi.fits", &multi, Some(&HduChoice::parse("detections")));
    // The first binary table (OTHER) is the default: it has no feature.
    let e = read_all("multi.fits", &multi, None).err().unwrap();
    assert!(e.message.contains("found: x"), "{e}");
    let e = read_all("multi.fits", &multi, Some(&HduChoice::parse("SKY"))).err().unwrap();
    assert_eq!(e.to_string(), "multi.fits: HDU 1 (SKY) is an extension of type XTENSION = 'IMAGE', not a binary table (XTENSION = 'BINTABLE')");
    let e = read_all("multi.fits", &multi, Some(&HduChoice::Index(0))).err().unwrap();
    assert!(e.message.starts_with("HDU 0 is the primary array, not a binary table"), "{e}");
    let e = read_all("multi.fits", &multi, Some(&HduChoice::Index(9))).err().unwrap();
    assert!(e.message.starts_with("there is no HDU 9; the file has 4 (HDU 0: the primary array; HDU 1 (SKY)"), "{e}");
    let e = read_all("multi.fits", &multi, Some(&HduChoice::parse("nope"))).err().unwrap();
    assert!(e.message.starts_with("no HDU has EXTNAME = 'nope'"), "{e}");
}

/// Every type, TNULL, TSCAL/TZERO, arrays and bits: each feature and passthrough value equal
/// to what astropy reads.
#[test]
fn all_types_read_as_astropy_reads_them() {
    let data = bytes("tests/fits/types.fits");
    let want: Json = serde_json::from_slice(&bytes("tests/fits/types.fits.json")).unwrap();
    let names: Vec<&str> = want["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    let (r, rows) = read_all("types.fits", &data, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.schema().columns(), names.as_slice());
    let want_rows = want["rows"].as_array().unwrap();
    assert_eq!(rows.len(), want_rows.len());
    let mut checked = 0;
    for (row, expected) in rows.iter().zip(want_rows) {
        for (j, name) in names.iter().enumerate() {
            let w = &expected[j];
            if let Some(f) = Feature::from_name(name) {
                assert_eq!(row.features[f.index()], w.as_f64(), "{name} in {expected}");
                checked += 1;
            } else if let Some(p) = r.schema().passthrough().iter().position(|p| p.name == *name) {
                let got = row.passthrough[p].as_deref();
                match w {
                    Json::Null => assert_eq!(got, None, "{name}"),
                    Json::String(s) if s.is_empty() => assert_eq!(got, None, "{name}"),
                    Json::String(s) => assert_eq!(got, Some(s.as_str()), "{name}"),
                    Json::Bool(b) => assert_eq!(got, Some(b.to_string().as_str()), "{name}"),
                    Json::Number(n) => assert_eq!(got.unwrap().parse::<f64>().unwrap(), n.as_f64().unwrap(), "{name}"),
                    other => panic!("{other}"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 12);
}

/// The bad files of the corpus, each refused with the message its `.expect` names.
#[test]
fn bad_fits_files_are_refused_with_the_hdu_and_keyword() {
    let dir = repo().join("tests/corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".fits") {
            continue;
        }
        let expect = std::fs::read_to_string(dir.join(format!("{name}.expect"))).unwrap();
        let want = expect.lines().nth(1).unwrap();
        let data = std::fs::read(&path).unwrap();
        let e = read_all(&name, &data, None).err().unwrap_or_else(|| panic!("{name} was read"));
        assert!(e.to_string().contains(want), "{name}: {e} (expected {want:?})");
        n += 1;
    }
    assert!(n >= 7, "{n} bad FITS files");
}

#[test]
fn other_bad_input_is_refused() {
    let e = read_all("a.fits", b"name,ra\nx,1\n", None).err().unwrap();
    assert!(e.message.contains("does not look like FITS"), "{e}");
    // A primary HDU alone: no table.
    let mut only = bytes("tests/fits/example.fits");
    only.truncate(2880);
    let e = read_all("p.fits", &only, None).err().unwrap();
    assert_eq!(e.message, "no binary table in the FITS file (HDU 0: the primary array)");
    // A wrong BITPIX in the table.
    let mut data = bytes("tests/fits/example.fits");
    let at = find(&data, b"BITPIX  =", 2880);
    data[at..at + 30].copy_from_slice(b"BITPIX  =                   16");
    let e = read_all("b.fits", &data, None).err().unwrap();
    assert_eq!(e.message, "HDU 1: BITPIX = 16, but a binary table has BITPIX = 8");
    // Not a FITS header at all after the magic.
    let mut data = bytes("tests/fits/example.fits");
    data[80..89].copy_from_slice(b"\0\0\0\0\0\0\0\0\0");
    let e = read_all("c.fits", &data, None).err().unwrap();
    assert!(e.message.starts_with("HDU 0: no END card"), "{e}");
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> usize {
    from + hay[from..].windows(needle.len()).position(|w| w == needle).unwrap()
}

/// The export read back: every column and value, nulls included.
#[test]
fn exported_fits_reads_back() {
    let table = OutTable {
        columns: vec![
            Column::new("name", Kind::Text),
            Column::new("hard_hm", Kind::Real).unit("deg", "x"),
            Column::new("obsid", Kind::Integer),
            Column::new("class", Kind::Boolean),
        ],
        rows: vec![
            vec![Value::Text("2CXO J1 'q'".into()), Value::Real(0.1), Value::Integer(4884), Value::Boolean(true)],
            vec![Value::Text("é".into()), Value::Null, Value::Null, Value::Null],
            vec![Value::Null, Value::Real(-1e-300), Value::Integer(-5), Value::Boolean(false)],
        ],
    };
    let fits = table.to_fits("credit line");
    assert_eq!(fits.len() % 2880, 0);
    let (r, rows) = read_all("out.fits", &fits, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.schema().columns(), ["name", "hard_hm", "obsid", "class"]);
    let f = Feature::from_name("hard_hm").unwrap().index();
    assert_eq!(rows.iter().map(|r| r.features[f]).collect::<Vec<_>>(), [Some(0.1), None, Some(-1e-300)]);
    let pass = |i: usize| rows.iter().map(|r| r.passthrough[i].clone()).collect::<Vec<_>>();
    let s = |v: &str| Some(v.to_string());
    assert_eq!(pass(0), [s("2CXO J1 'q'"), s("?"), None]);
    assert_eq!(pass(1), [s("4884"), None, s("-5")]);
    assert_eq!(pass(2), [s("true"), None, s("false")]);
}
