//! The CSV reader on arbitrary bytes, through `TableReader` as the CLI and the browser use
//! it: no panic, and every row's line lies inside the input, in increasing order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xclass_core::table::{Position, TableReader};

fuzz_target!(|data: &[u8]| {
    // Input starting with `<` is a VOTable: that reader has its own target.
    if data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return;
    }
    let lines = 1 + data.iter().filter(|&&b| b == b'\n').count() as u64;
    let Ok(mut reader) = TableReader::open("fuzz.csv", data) else { return };
    let mut last = 0;
    loop {
        match reader.read_raw(7) {
            Ok(batch) if batch.is_empty() => break,
            Ok(batch) => {
                for row in batch.rows() {
                    let Position::Line(n) = row.position else { panic!("a CSV row at {:?}", row.position) };
                    assert!(n > last && n <= lines, "row at line {n} after line {last}, {lines} lines");
                    last = n;
                    let _ = reader.schema().parse(&row);
                }
            }
            Err(e) => {
                assert!(!e.to_string().contains('\n'));
                break;
            }
        }
    }
    for w in reader.schema().warnings() {
        assert!(!w.contains('\n'));
    }
});
