//! The CSV reader against Python's csv module on files full of quotes: stray quotes inside
//! unquoted fields (data), quoted fields with delimiters, doubled quotes and line breaks,
//! text after a closing quote, quoted fields never closed. Fixture and expectations from
//! `scripts/gen_csv_quotes.py` (Python's `csv.reader`, run once). Every record is a row
//! with Python's cells at Python's line, or the error names its line: nothing disappears.

use serde::Deserialize;
use xclass_core::table::{is_missing, ErrorKind, Position, Role, TableReader};

#[derive(Deserialize)]
struct Record {
    line: u64,
    cells: Vec<String>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    records: Vec<Record>,
    unterminated: bool,
}

fn text(cell: &str) -> Option<&str> {
    Some(cell.trim()).filter(|c| !is_missing(c))
}

#[test]
fn rows_lines_and_cells_are_pythons() {
    let cases: Vec<Case> = serde_json::from_str(include_str!("fixtures/csv_quotes.json")).unwrap();
    let (mut rows, mut errors, mut unterminated) = (0, 0, 0);
    for case in &cases {
        let context = format!("{:?}", case.text);
        let (header, records) = case.records.split_first().unwrap();
        assert_eq!(header.cells, ["name", "hard_hm", "class"], "{context}");
        let mut reader = TableReader::open("q.csv", case.text.as_bytes()).unwrap();
        let name = reader.schema().passthrough_index(Role::Name);
        let class = reader.schema().passthrough_index(Role::Label);
        let mut stopped = true;
        for (i, want) in records.iter().enumerate() {
            let got = reader.next().expect("a row or an error for every record");
            let last = i + 1 == records.len();
            if last && case.unterminated {
                let e = got.unwrap_err();
                assert_eq!(e.kind, ErrorKind::Malformed, "{context}");
                let Some(Position::Line(at)) = e.position else { panic!("{e}") };
                assert!(at >= want.line && at <= 1 + case.text.matches('\n').count() as u64, "{e} {context}");
                assert!(e.to_string().ends_with("a quoted field starts on this line and is never closed (no matching \")"));
                unterminated += 1;
                break;
            }
            let at = Position::Line(want.line);
            if want.cells.len() != 3 {
                let e = got.unwrap_err();
                assert_eq!((e.kind, e.position), (ErrorKind::Ragged, Some(at)), "{context}");
                errors += 1;
                break;
            }
            let number = text(&want.cells[1]).map(str::parse::<f64>);
            if let Some(Err(_)) = number {
                let e = got.unwrap_err();
                assert_eq!((e.kind, e.position), (ErrorKind::NotANumber, Some(at)), "{e} {context}");
                errors += 1;
                break;
            }
            let row = got.unwrap_or_else(|e| panic!("{e} {context}"));
            assert_eq!(row.position, at, "{context}");
            assert_eq!(row.get(name), text(&want.cells[0]), "{context}");
            assert_eq!(row.get(class), text(&want.cells[2]), "{context}");
            assert_eq!(row.features[0], number.map(Result::unwrap), "{context}");
            rows += 1;
            stopped = !last;
        }
        if !stopped || records.is_empty() {
            let after = reader.next();
            assert!(after.is_none(), "{after:?} {context}");
        }
    }
    // The fixture exercises all outcomes.
    assert!(rows > 1000 && errors > 50 && unterminated > 10, "{rows} rows, {errors} errors, {unterminated} unterminated");
}

#[test]
fn a_quoted_header_after_a_byte_order_mark() {
    let text = "\u{feff}\"name\",\"hard_hm\"\nSrc \"A,0.5\n";
    let mut r = TableReader::open("bom.csv", text.as_bytes()).unwrap();
    assert_eq!(r.schema().columns(), ["name", "hard_hm"]);
    let row = r.next().unwrap().unwrap();
    assert_eq!((row.position, row.get(Some(0)), row.features[0]), (Position::Line(2), Some("Src \"A"), Some(0.5)));
}
