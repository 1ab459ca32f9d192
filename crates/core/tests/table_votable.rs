//! VOTable input: astropy's BINARY and BINARY2 writing of the paper's example, the
//! malformed-input corpus (`tests/corpus/*.vot`, made by `tests/votable/make_corpus.py`)
//! read through the core reader the CLI and the browser worker share, streaming in bounded
//! memory, and nesting far beyond the limit.

mod common;
mod known;
use common::*;
use xclass_core::table::{ErrorKind, TableError, TableReader};

/// Every row of a table, or its first error.
fn read_all(file: &str, bytes: &[u8]) -> Result<Vec<xclass_core::table::InputRow>, TableError> {
    TableReader::open(file, bytes)?.collect()
}

#[test]
fn astropy_binary_and_binary2_give_the_published_answer() {
    for name in ["example_binary.vot", "example_binary2.vot"] {
        let bytes = std::fs::read(repo().join("tests/votable").join(name)).unwrap();
        let rows = read_all(name, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), 1, "{name}");
        known::assert_example_classified(&rows[0]);
    }
}

/// The corpus's expectations hold for the core reader too (the CLI runs them in `crates/cli`).
#[test]
fn corpus_messages_and_row_counts() {
    let dir = repo().join("tests/corpus");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("vot") {
            continue;
        }
        let expect = std::fs::read_to_string(path.with_extension("vot.expect")).unwrap();
        let lines: Vec<&str> = expect.lines().collect();
        let file = path.file_name().unwrap().to_str().unwrap();
        let got = read_all(file, &std::fs::read(&path).unwrap());
        match (lines[0], got) {
            ("exit 2", Err(e)) => assert!(e.to_string().contains(lines[1]), "{file}: {e}"),
            ("exit 0", Ok(rows)) => {
                if let Some(n) = lines.get(2).and_then(|l| l.strip_prefix("rows ")) {
                    assert_eq!(rows.len(), n.parse::<usize>().unwrap(), "{file}");
                }
            }
            (want, got) => panic!("{file}: expected {want}, got {:?}", got.map(|r| r.len())),
        }
        seen += 1;
    }
    assert!(seen >= 25, "{seen} corpus files");
}

fn binary2_table(rows: usize) -> Vec<u8> {
    use base64::Engine;
    let mut data = Vec::new();
    for i in 0..rows {
        data.push(0u8); // no null
        data.extend((i as f64 / rows as f64 - 0.5).to_be_bytes());
        data.extend(0.25f64.to_be_bytes());
    }
    let text = base64::engine::general_purpose::STANDARD.encode(&data);
    let mut wrapped = String::new();
    for line in text.as_bytes().chunks(76) {
        wrapped.push_str(std::str::from_utf8(line).unwrap());
        wrapped.push('\n');
    }
    format!(
        "<?xml version=\"1.0\"?>\n<VOTABLE version=\"1.4\"><RESOURCE><TABLE>\n\
         <FIELD name=\"hard_hm\" datatype=\"double\"/><FIELD name=\"hard_hs\" datatype=\"double\"/>\n\
         <DATA><BINARY2><STREAM encoding=\"base64\">\n{wrapped}</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>\n"
    )
    .into_bytes()
}

#[test]
fn binary_streams_are_read_a_block_at_a_time() {
    let bytes = binary2_table(50_000);
    let mut r = TableReader::open("big.vot", bytes.as_slice()).unwrap();
    let first = r.read_batch(10).unwrap();
    assert_eq!(first[0].features[xclass_core::Feature::HardHm.index()], Some(-0.5));
    // 1.1 MB of input; the first rows need the first block of the stream only.
    assert!(bytes.len() > 1_000_000 && r.bytes_read() < 100_000, "{} of {}", r.bytes_read(), bytes.len());
    let rest = r.by_ref().count();
    assert_eq!(rest + 10, 50_000);
    assert_eq!(r.rows_read(), 50_000);
}

#[test]
fn nesting_far_beyond_the_limit_is_an_error_not_a_crash() {
    for element in ["GROUP", "RESOURCE", "INFO", "x:ANYTHING"] {
        let n = 200_000;
        let doc = format!("<VOTABLE>{}{}</VOTABLE>", format!("<{element}>").repeat(n), format!("</{element}>").repeat(n));
        let e = read_all("deep.vot", doc.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Malformed);
        assert_eq!(e.to_string(), "deep.vot: line 1: elements nested deeper than 256 levels");
    }
}
