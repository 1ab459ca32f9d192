//! The CSV reader (simd-csv underneath, Python's rules from the first quote on) on awkward
//! files: quoted names holding delimiters, doubled quotes and line breaks, stray quotes
//! inside unquoted names and an ignored comment column (data, as Python's csv reads them),
//! CRLF and LF line ends, blank lines, comments before the header, a missing final line
//! break. Every row's cells must be what was written (and what the `csv` crate reads), every
//! row's line (as messages give it) the one it starts on, and a ragged row is reported at its
//! line.

use proptest::prelude::*;
use xclass_core::table::{Position, Role, TableReader};

/// A name cell as written, and as read: plain, or quoted with a delimiter, doubled quotes or
/// a line break in it.
fn name() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        "[A-Z]{1,3} J[0-9]{4}".prop_map(|s| (s.clone(), s)),
        "[a-z]{0,3}".prop_map(|s| (format!("\"{s},{s}\""), format!("{s},{s}"))),
        "[a-z]{0,3}".prop_map(|s| (format!("\"{s}\"\"q\"\"\""), format!("{s}\"q\""))),
        "[a-z]{0,3}".prop_map(|s| (format!("\"{s}\nnext\""), format!("{s}\nnext"))),
        "[a-z]{0,3}".prop_map(|s| (format!("\"{s}\r\nnext\""), format!("{s}\r\nnext"))),
        "Src \"[A-Z]{0,2}".prop_map(|s| (s.clone(), s)),
        "[A-Z]{1,3}\"".prop_map(|s| (s.clone(), s)),
    ]
}

/// An ignored comment cell: plain, or an inch mark.
fn note() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z ]{0,6}", "[0-9]{1,2}\" off-axis", "a \"b\" c"]
}

/// A file (comments, a header, rows each followed by its line break and maybe blank
/// lines) and what it holds: each row's first line (1-based, counting every line break
/// before it), name and hard_hm.
fn file() -> impl Strategy<Value = (String, Vec<(u64, String, f64)>)> {
    let row = (name(), note(), 0..3usize, any::<bool>());
    (0..3usize, any::<bool>(), proptest::collection::vec(row, 1..12), any::<bool>()).prop_map(|(comments, crlf, rows, last_newline)| {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut s: String = (0..comments).map(|i| format!("# comment {i}{nl}")).collect();
        s += &format!("name,hard_hm,hard_hs,note{nl}");
        let n = rows.len();
        let mut want = Vec::new();
        for (i, ((written, read), note, blanks, lf)) in rows.into_iter().enumerate() {
            want.push((1 + s.matches('\n').count() as u64, read, i as f64 + 0.5));
            s += &format!("{written},{i}.5,-0.25,{note}");
            if i + 1 < n || last_newline {
                s += if lf { "\n" } else { nl };
                for _ in 0..blanks {
                    s += nl;
                }
            }
        }
        (s, want)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    #[test]
    fn rows_and_lines_are_those_written((text, want) in file()) {
        let mut r = TableReader::open("t.csv", text.as_bytes()).unwrap();
        let name = r.schema().passthrough_index(Role::Name).unwrap();
        let rows = r.by_ref().collect::<Result<Vec<_>, _>>().unwrap();
        prop_assert_eq!(rows.len(), want.len());
        for (row, (line, cell, hard_hm)) in rows.iter().zip(&want) {
            prop_assert_eq!(row.position, Position::Line(*line), "{:?}", text);
            prop_assert_eq!(row.get(Some(name)), Some(cell.trim()), "{:?}", text);
            prop_assert_eq!(row.features[0], Some(*hard_hm));
        }
    }

    /// The `csv` crate reads the same cells (its line numbers differ after CRLF and blank
    /// lines: it counts from where it was before skipping them).
    #[test]
    fn cells_are_those_the_csv_crate_reads((text, want) in file()) {
        let body: usize = text.split_inclusive('\n').take_while(|l| l.starts_with('#')).map(str::len).sum();
        let cells: Vec<String> = csv::Reader::from_reader(&text.as_bytes()[body..]).records().map(|r| r.unwrap()[0].to_string()).collect();
        prop_assert_eq!(cells, want.iter().map(|w| w.1.clone()).collect::<Vec<_>>());
    }

    #[test]
    fn a_ragged_row_is_reported_at_its_line((text, want) in file(), which in 0..12usize) {
        let which = which % want.len();
        // Drop the last cell of one row: the message must point at its line.
        let cut = text.replacen(&format!(",{which}.5,-0.25,"), &format!(",{which}.5,"), 1);
        let e = TableReader::open("t.csv", cut.as_bytes()).unwrap().by_ref().collect::<Result<Vec<_>, _>>().unwrap_err();
        prop_assert_eq!(e.to_string(), format!("t.csv: line {}: 3 cells, but the header has 4 columns", want[which].0));
    }

    /// Many quote-free rows (past simd-csv's 8 KB buffer), blank lines, then a stray quote on
    /// a line that may straddle a buffer boundary: every row read, at its line.
    #[test]
    fn a_late_stray_quote_loses_nothing(pad in 0..64usize, before in 100..300usize, blanks in 0..3usize, after in 0..5usize) {
        let mut s = String::from("name,hard_hm,note\n");
        let mut want = Vec::new();
        for i in 0..before {
            want.push((s.matches('\n').count() as u64 + 1, format!("S{i}")));
            s += &format!("S{i},0.5,{}\n", "x".repeat((i * 7 + pad) % 61));
        }
        s += &"\n".repeat(blanks);
        want.push((s.matches('\n').count() as u64 + 1, "Src \"A".to_string()));
        s += &format!("Src \"A,0.5,y{}\"\n", "y".repeat(pad));
        for i in 0..after {
            want.push((s.matches('\n').count() as u64 + 1, format!("T{i}")));
            s += &format!("T{i},0.25,z\n");
        }
        let mut r = TableReader::open("t.csv", s.as_bytes()).unwrap();
        let name = r.schema().passthrough_index(Role::Name);
        let rows = r.by_ref().collect::<Result<Vec<_>, _>>().unwrap();
        let got: Vec<(u64, String)> = rows.iter().map(|row| {
            let Position::Line(n) = row.position else { unreachable!() };
            (n, row.get(name).unwrap().to_string())
        }).collect();
        prop_assert_eq!(got, want);
    }
}
