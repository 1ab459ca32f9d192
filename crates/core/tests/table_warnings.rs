//! What the readers say about awkward but readable tables (issue 14, sections 4 and 6):
//! columns named twice, values outside a feature's physical domain, and messages built
//! from hostile column names (control characters, a line break, 100,000 columns), which
//! must stay one line of bounded length.

use xclass_core::table::{ErrorKind, TableReader};
use xclass_core::upload::classify_upload;
use xclass_core::Model;

fn read_all(file: &str, text: &str) -> (Vec<xclass_core::table::InputRow>, Vec<String>) {
    let mut r = TableReader::open(file, text.as_bytes()).unwrap();
    let rows = r.by_ref().collect::<Result<Vec<_>, _>>().unwrap();
    (rows, r.schema().warnings())
}

const ABSENT: &str = "no column for";

#[test]
fn a_feature_named_twice_uses_the_first_column_and_says_so() {
    let (rows, warnings) = read_all("d.csv", "name,hard_hm,obsid,HARD_HM\nA,0.1,1,0.9\n");
    assert_eq!(rows[0].features[0], Some(0.1));
    let warnings: Vec<_> = warnings.into_iter().filter(|w| !w.contains(ABSENT)).collect();
    assert_eq!(warnings, ["d.csv: columns 2 (hard_hm) and 4 (HARD_HM) have the same name: column 2 is used, the others are ignored"]);
    let (_, warnings) = read_all("n.csv", "Name,hard_hm,name,NAME\nA,0.1,B,C\n");
    let warnings: Vec<_> = warnings.into_iter().filter(|w| !w.contains(ABSENT)).collect();
    assert_eq!(
        warnings,
        ["n.csv: columns 1 (Name) and 3 (name) (and 1 more) have the same name: column 1 is used, the others are ignored"]
    );
    // Columns that mean nothing to xclass may repeat.
    let (_, warnings) = read_all("c.csv", "note,hard_hm,note\nx,0.1,y\n");
    assert!(warnings.iter().all(|w| w.contains(ABSENT)), "{warnings:?}");
}

#[test]
fn values_outside_the_physical_domain_are_counted_per_feature() {
    let text = "name,hard_hm,var_prob_b,powlaw_gamma\nA,0.5,0.5,2\nB,7,0.5,1e6\nC,0.2,42,2\nD,-3,0.1,2\nE,1,1,2\n";
    let (rows, warnings) = read_all("far.csv", text);
    assert_eq!(rows.len(), 5, "every row is classified");
    let warnings: Vec<_> = warnings.into_iter().filter(|w| !w.contains(ABSENT)).collect();
    assert_eq!(
        warnings,
        [
            "far.csv: 2 values of hard_hm outside its physical domain [-1, 1] (first at line 3): classified as they are, but the result means little",
            "far.csv: 1 value of var_prob_b outside its physical domain [0, 1] (first at line 4): classified as they are, but the result means little",
        ]
    );
    // The browser's upload gives the same warnings.
    let up = classify_upload("far.csv", text.as_bytes(), &Model::published(), &xclass_core::novelty::NoveltyReference::new(&Model::published(), &[Model::published().fill.values]), None, |_, _| true).unwrap().unwrap();
    assert_eq!(up.detections.len(), 5);
    assert_eq!(up.warnings.iter().filter(|w| w.contains("physical domain")).count(), 2, "{:?}", up.warnings);
}

#[test]
fn hostile_column_names_give_one_bounded_line() {
    let e = TableReader::open("h.csv", "\"a\nxclass: all good\",\u{1b}[2Jb,c\n1,2,3\n".as_bytes()).err().unwrap();
    assert_eq!(e.kind, ErrorKind::NoFeatures);
    let s = e.to_string();
    assert!(!s.contains('\n') && !s.contains('\u{1b}'), "{s:?}");
    assert!(s.ends_with("found: a\\nxclass: all good, \\u{1b}[2Jb, c"), "{s}");

    let header: Vec<String> = (0..100_000).map(|i| format!("col{i}")).collect();
    let text = format!("{}\n{}\n", header.join(","), vec!["1"; 100_000].join(","));
    let e = TableReader::open("wide.csv", text.as_bytes()).err().unwrap().to_string();
    assert!(e.len() < 2_000, "{} bytes", e.len());
    assert!(e.ends_with("found: col0, col1, col2, col3, col4, col5, col6, col7, col8, col9, col10, col11, col12, col13, col14, col15, col16, col17, col18, col19 … and 99,980 more"), "{e}");

    // A cell echoed in a message is escaped and cut.
    let long = format!("x\u{7}{}", "y".repeat(500));
    let e = TableReader::open("c.csv", format!("hard_hm\n{long}\n").as_bytes()).unwrap().next().unwrap().unwrap_err().to_string();
    assert_eq!(e, format!("c.csv: line 2, column hard_hm: \"x\\u{{7}}{}…\" is not a number", "y".repeat(78)));
}
