//! The VOTable reader on arbitrary bytes: it must return rows or an error, never panic, hang
//! or overflow the stack. Both the raw reader (no column names needed) and the full path
//! (format detection, schema, every row interpreted) run, through a buffer whose size the
//! first byte picks, so that stream blocks and XML events split at every place.
//!
//! Run (nightly, cargo-fuzz 0.13), seeded with the corpus and astropy's files:
//! `cd fuzz && nice cargo +nightly fuzz run -s none -a votable corpus/votable ../tests/corpus ../tests/votable/astropy ../tests/votable -- -runs=1000000 -max_len=8192`
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::BufReader;
use xclass_core::table::{votable_rows, TableReader};

fuzz_target!(|data: &[u8]| {
    let Some((&first, data)) = data.split_first() else { return };
    let capacity = 1 + usize::from(first) * 8;
    let _ = votable_rows("fuzz.vot", BufReader::with_capacity(capacity, data));
    if let Ok(mut reader) = TableReader::open("fuzz.vot", BufReader::with_capacity(capacity, data)) {
        for row in reader.by_ref() {
            if row.is_err() {
                break;
            }
        }
    }
});
