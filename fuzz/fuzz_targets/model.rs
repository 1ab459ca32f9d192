//! The model loader on arbitrary text: no panic; a model it accepts classifies its own fill
//! values to finite probabilities summing to 1.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xclass_core::Model;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Model::from_json(text) {
        Ok(model) => {
            let c = model.classify(&model.fill.values);
            let sum: f64 = c.probs.iter().sum();
            assert!(c.probs.iter().all(|p| p.is_finite()) && (sum - 1.0).abs() < 1e-6, "{:?}", c.probs);
        }
        Err(e) => assert!(!e.to_string().contains('\n')),
    }
});
