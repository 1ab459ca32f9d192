//! The batched evaluation (`Model::classify_batch`, used by the CLI and the browser's upload
//! worker) on every instruction set this CPU runs (the portable build, as in the browser,
//! AVX2, AVX-512) against the one-detection path: identical bits, on the published
//! detections, on samples of the mixture and on extreme inputs. The same for the kernel's
//! typicality (`classify_batch_typical`: log-density, entropy, margin): the same bits on
//! every instruction set, equal to `Model::log_densities` and the one-row margin bit for bit,
//! and to the one-row entropy (from the probabilities) to rounding.

mod common;
use common::*;
use xclass_core::novelty::{entropy, margin, outside_mask};
use xclass_core::synth::sample;
use xclass_core::model::Simd;
use xclass_core::{Classification, FeatureVector};

/// Every instruction set this CPU runs (the portable one always) against one by one.
fn assert_same_bits(xs: &[FeatureVector]) {
    let model = model();
    let one: Vec<Classification> = xs.iter().map(|x| model.classify(x)).collect();
    let log_density = model.log_densities(xs);
    let range = model.training_range();
    for simd in Simd::ALL.into_iter().filter(|s| s.supported()) {
        let batch = model.classify_batch_on(simd, xs).expect("supported");
        assert_eq!(batch.len(), xs.len(), "{simd:?}");
        for ((x, b), one) in xs.iter().zip(&batch).zip(&one) {
            assert_eq!(b.cluster, one.cluster, "{simd:?} {x:?}");
            let (pb, po) = (b.probs.map(f64::to_bits), one.probs.map(f64::to_bits));
            assert_eq!(pb, po, "{simd:?} {x:?}: {:?} vs {:?}", b.probs, one.probs);
        }
        let (with, typ) = model.classify_batch_typical_on(simd, xs).expect("supported");
        // Every instruction set gives the portable build's bits (the browser's).
        let portable = model.classify_batch_typical_on(Simd::Portable, xs).expect("always").1;
        assert!(typ.iter().zip(&portable).all(|(a, b)| a.outside == b.outside && [a.log_density, a.entropy, a.margin].map(f64::to_bits) == [b.log_density, b.entropy, b.margin].map(f64::to_bits)), "{simd:?}: the portable bits");
        assert_eq!(with, batch, "{simd:?}: the same classifications with the typicality");
        assert_eq!(typ.len(), xs.len());
        for (((x, t), one), ld) in xs.iter().zip(&typ).zip(&one).zip(&log_density) {
            let bits = |v: f64| if v.is_nan() { u64::MAX } else { v.to_bits() };
            assert_eq!(bits(t.log_density), bits(*ld), "{simd:?} {x:?}: log-density {} vs {ld}", t.log_density);
            // From the logits (one ln per row), not the probabilities: equal to rounding.
            let want = entropy(&one.probs);
            assert!(t.entropy >= 0.0 && (t.entropy - want).abs() <= 1e-13, "{simd:?} {x:?}: entropy {} vs {want}", t.entropy);
            assert_eq!(bits(t.margin), bits(margin(&one.probs)), "{simd:?} {x:?}: margin");
            assert_eq!(t.outside, outside_mask(&range, x), "{simd:?} {x:?}: outside the training range");
        }
    }
}

#[test]
fn batch_equals_one_by_one_on_the_published_detections() {
    let xs: Vec<FeatureVector> = catalog().sources.iter().map(|s| s.features).collect();
    assert_eq!(xs.len(), 8_756);
    assert_same_bits(&xs);
    // The published answer through the batch too (also checked one by one in model_published).
    let c = model().classify_batch(&xs);
    let cat = catalog();
    for (s, c) in cat.sources.iter().zip(&c) {
        assert_eq!(c.cluster, cat.detections[s.first as usize].cluster as usize, "{}", s.name);
    }
}

#[test]
fn batch_equals_one_by_one_on_mixture_samples_of_every_length() {
    let xs: Vec<FeatureVector> = sample(model(), 100_003, 11).map(|d| d.features).collect();
    assert_same_bits(&xs);
    for n in 0..9 {
        assert_same_bits(&xs[..n]);
    }
}

#[test]
fn batch_equals_one_by_one_on_extreme_inputs() {
    let values = [0.0, -0.0, 1e-300, 5e-324, -1e300, 1e300, f64::MAX, -f64::MAX, 1e6, -3.5, 0.5, 1e-12, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    let xs: Vec<FeatureVector> = (0..values.len() * 13)
        .map(|i| std::array::from_fn(|j| values[(i * 7 + j * (i % 5 + 1)) % values.len()]))
        .collect();
    assert_same_bits(&xs);
}
