//! EM iterations of the refit built for wasm32 with no imports, so that Node can time them
//! (`tests/bench/em_wasm.mjs`): the browser's worker runs this same core code.
//!
//! `prepare(rows)` samples `rows` detections from the published mixture (as `em_time` does
//! for its synthetic runs) and normalises them; `iterate(n)` runs n EM iterations (K = 6, from
//! the published mixture) and returns the sum of their lower bounds (so they are not elided).

use std::cell::RefCell;
use xclass_core::fit::{Mixture, Samples};
use xclass_core::synth::sample;
use xclass_core::Model;

thread_local! {
    static STATE: RefCell<Option<(Samples, Mixture)>> = const { RefCell::new(None) };
}

/// Samples and normalises `rows` rows; returns how many.
#[no_mangle]
pub extern "C" fn prepare(rows: u32) -> u32 {
    let model = &Model::published();
    let x = Samples::normalised(
        &model.normaliser,
        sample(model, rows as usize, 42).map(|d| d.features),
    )
    .expect("finite samples");
    let start = Mixture::from_gmm(&model.gmm);
    let n = x.n() as u32;
    STATE.with(|s| *s.borrow_mut() = Some((x, start)));
    n
}

/// Runs `n` EM iterations from the published mixture; the sum of their lower bounds.
#[no_mangle]
pub extern "C" fn iterate(n: u32) -> f64 {
    STATE.with(|s| {
        let s = s.borrow();
        let (x, start) = s.as_ref().expect("prepare first");
        (0..n)
            .map(|_| start.em_step(x, 1e-6).expect("factorisable").1)
            .sum()
    })
}
