//! EM iterations of the refit, and classification with and without the novelty columns,
//! built for wasm32 with no imports, so that Node can time them (`tests/bench/em_wasm.mjs`,
//! `tests/bench/novelty_wasm.mjs`): the browser's workers run this same core code.
//!
//! `prepare(rows)` samples `rows` detections from the published mixture (as `em_time` does
//! for its synthetic runs) and normalises them; `iterate(n)` runs n EM iterations (K = 6, from
//! the published mixture) and returns the sum of their lower bounds (so they are not elided).

use std::cell::RefCell;
use xclass_core::fit::{Mixture, Samples};
use xclass_core::novelty::{Novelty, NoveltyReference};
use xclass_core::FeatureVector;
use xclass_core::synth::sample;
use xclass_core::Model;

thread_local! {
    static STATE: RefCell<Option<(Samples, Mixture)>> = const { RefCell::new(None) };
    static ROWS: RefCell<Option<(Model, Vec<FeatureVector>, NoveltyReference)>> = const { RefCell::new(None) };
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

/// Samples `rows` raw detections from the published mixture (seed 42, as `novelty_cost`)
/// and a novelty reference of their first 8,756; returns how many.
#[no_mangle]
pub extern "C" fn prepare_rows(rows: u32) -> u32 {
    let model = Model::published();
    let features: Vec<FeatureVector> = sample(&model, rows as usize, 42).map(|d| d.features).collect();
    let reference = NoveltyReference::new(&model, &features[..features.len().min(8756)]);
    let n = features.len() as u32;
    ROWS.with(|r| *r.borrow_mut() = Some((model, features, reference)));
    n
}

/// Classifies the prepared rows in tasks of 256 (as the upload worker's batches), with the
/// novelty columns if `novelty` is not 0; returns the sum of the clusters (so the work is not
/// elided).
#[no_mangle]
pub extern "C" fn classify(novelty: u32) -> f64 {
    ROWS.with(|r| {
        let r = r.borrow();
        let (model, features, reference) = r.as_ref().expect("prepare_rows first");
        features
            .chunks(256)
            .map(|c| {
                if novelty != 0 {
                    let (cl, nov) = Novelty::classify(model, reference, c);
                    cl.iter().map(|x| x.cluster as f64).sum::<f64>() + nov.iter().map(|n| n.percentile).sum::<f64>()
                } else {
                    model.classify_batch(c).iter().map(|x| x.cluster as f64).sum::<f64>()
                }
            })
            .sum()
    })
}
