//! Bad input tables: each gives one clear, located error.

use xclass_core::table::{ErrorKind, TableError, TableReader};

/// The first error met opening and reading `bytes` as `file`.
fn error(file: &str, bytes: &[u8]) -> TableError {
    match TableReader::open(file, bytes) {
        Err(e) => e,
        Ok(mut r) => r.find_map(Result::err).expect("an error"),
    }
}

#[test]
fn unparsable_number_names_file_line_and_column() {
    let e = error("input.csv", b"name,hard_hm,hard_hs\na,0.1,0.2\nb,abc,0.3\n");
    assert_eq!(e.to_string(), "input.csv: line 3, column hard_hm: \"abc\" is not a number");
    assert_eq!(e.kind, ErrorKind::NotANumber);
    let e = error("input.csv", b"hard_hm\n1e999\n");
    assert_eq!(e.to_string(), "input.csv: line 2, column hard_hm: inf is not a finite number");
}

#[test]
fn ragged_rows_are_refused() {
    let e = error("r.csv", b"hard_hm,hard_hs\n0.1,0.2\n0.1\n");
    assert_eq!(e.to_string(), "r.csv: line 3: 1 cells, but the header has 2 columns");
    assert_eq!(e.kind, ErrorKind::Ragged);
}

#[test]
fn lone_carriage_returns_are_named() {
    let e = error("mac.csv", b"hard_hm,hard_hs\r0.1,0.2\r");
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(e.to_string().starts_with("mac.csv: line 1: lines end with a lone carriage return"), "{e}");
}

#[test]
fn a_wrong_delimiter_is_named() {
    let e = error("semi.csv", b"hard_hm;hard_hs\n0.1;0.2\n");
    assert_eq!(e.kind, ErrorKind::Delimiter);
    assert!(e.to_string().starts_with("semi.csv: line 1: only one column found; is the delimiter ';'?"), "{e}");
    let e = error("tabs.csv", b"hard_hm\thard_hs\n0.1\t0.2\n");
    assert!(e.to_string().contains("line 1: only one column found; is the delimiter a tab?"), "{e}");
    // The same file is fine as .tsv.
    assert!(TableReader::open("tabs.tsv", b"hard_hm\thard_hs\n0.1\t0.2\n".as_slice()).is_ok());
}

#[test]
fn empty_and_binary_files_are_refused() {
    assert_eq!(error("e.csv", b"").to_string(), "e.csv: the file is empty");
    assert_eq!(error("e.csv", b" \n\n").kind, ErrorKind::Empty);
    assert_eq!(error("c.csv", b"# only a comment\n").kind, ErrorKind::Empty);
    let e = error("g.csv", b"hard_hm\x00\x01\x02\xff");
    assert_eq!(e.kind, ErrorKind::Binary);
    assert!(e.to_string().contains("NUL byte"), "{e}");
    // Invalid UTF-8 after the sniffed head is caught by the parser, with its line.
    let mut late = b"hard_hm,name\n".to_vec();
    late.extend(std::iter::repeat_n(b"0.1,a\n".as_slice(), 3000).flatten());
    late.extend(b"0.2,\xff\xfe\n");
    let mut r = TableReader::open("late.csv", std::io::BufReader::with_capacity(4096, late.as_slice())).unwrap();
    let e = r.find_map(Result::err).unwrap();
    assert_eq!(e.to_string(), "late.csv: line 3002, column name: not valid UTF-8 text (binary data?)");
}

#[test]
fn unknown_formats_are_refused() {
    let e = error("t.json", b"{\"hard_hm\": 1}");
    assert_eq!(e.kind, ErrorKind::UnknownFormat);
    assert!(e.to_string().starts_with("t.json: unknown format (.json)"), "{e}");
    // A FITS file is read as FITS: this one is cut inside its primary header.
    assert_eq!(error("t.fits", b"SIMPLE  =                    T").kind, ErrorKind::Malformed);
    assert_eq!(error("t.vot", b"hard_hm\n1\n").kind, ErrorKind::UnknownFormat);
    assert_eq!(error("t.xml", b"<?xml version=\"1.0\"?><html></html>").message, "not a VOTable: its root element is <html>");
}

#[test]
fn no_usable_column_lists_the_expected_ones() {
    let e = error("n.csv", b"ra,dec,flux\n1,2,3\n");
    assert_eq!(e.kind, ErrorKind::NoFeatures);
    let msg = e.to_string();
    for c in ["hard_hm", "var_newq_b", "var_sigma_b", "var_min_b", "found: ra, dec, flux"] {
        assert!(msg.contains(c), "{msg}");
    }
}

#[test]
fn negative_log_scaled_values_are_refused() {
    let e = error("neg.csv", b"bb_kt,hard_hm\n0.5,-0.5\n-1,0.2\n");
    assert_eq!(e.to_string(), "neg.csv: line 3, column bb_kt: -1 is negative; bb_kt must be ≥ 0");
    let e = error("neg.csv", b"var_sigma_h,var_mean_h\n-1,2\n");
    assert_eq!(e.kind, ErrorKind::Negative);
    assert_eq!(e.column.as_deref(), Some("var_ratio_h (derived from var_sigma_h, var_mean_h)"));
}

#[test]
fn votable_errors_name_the_row() {
    let head = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\"><RESOURCE><TABLE>\
<FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"hard_hm\" datatype=\"double\"/>\
<FIELD name=\"bb_kt\" datatype=\"char\" arraysize=\"*\"/><DATA><TABLEDATA>";
    let tail = "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
    let vot = |rows: &str| format!("{head}{rows}{tail}");
    let ok = "<TR><TD>a</TD><TD>0.1</TD><TD>1</TD></TR>";
    let e = error("t.vot", vot(&format!("{ok}<TR><TD>b</TD><TD>0.2</TD><TD>x1</TD></TR>")).as_bytes());
    assert_eq!(e.to_string(), "t.vot: row 2, column bb_kt: \"x1\" is not a number");
    let e = error("t.vot", vot(&format!("{ok}{ok}<TR><TD>c</TD><TD>0.2</TD></TR>")).as_bytes());
    assert_eq!(e.to_string(), "t.vot: row 3: 2 cells, but the table declares 3 FIELDs");
    let e = error("t.vot", format!("{head}{ok}<TR><TD>a").as_bytes());
    assert_eq!((e.kind, e.position.map(|p| p.to_string())), (ErrorKind::Malformed, Some("row 2".into())));
}
