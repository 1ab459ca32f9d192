//! The permalink decoder on arbitrary text: no panic, and what it restores encodes and
//! decodes again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xclass_core::state::ViewState;
use xclass_core::url::{decode, encode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let decoded = decode::<ViewState>(text);
    let _ = decode::<ViewState>(&encode(&decoded.state));
});
