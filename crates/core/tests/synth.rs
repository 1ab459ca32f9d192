//! Synthetic detections against the published mixture they are drawn from.

mod common;
use common::*;
use xclass_core::feature::{Derivation, Feature, RAW_COLUMNS};
use xclass_core::synth::{sample, write_csv};
use xclass_core::table::TableReader;

const N: usize = 60_000;

#[test]
fn component_frequencies_follow_the_published_weights() {
    let m = model();
    let mut counts = vec![0usize; m.gmm.n_components()];
    for d in sample(m, N, 7) {
        counts[d.component] += 1;
    }
    for (k, &w) in m.gmm.weights.iter().enumerate() {
        let sd = (N as f64 * w * (1.0 - w)).sqrt();
        assert!((counts[k] as f64 - N as f64 * w).abs() < 5.0 * sd, "component {k}: {} vs weight {w}", counts[k]);
    }
}

#[test]
fn unclamped_feature_means_follow_the_published_means() {
    // powlaw_gamma is min-max scaled and unbounded: its mean per component maps back exactly.
    let m = model();
    let g = Feature::PowlawGamma.index();
    let k_max = m.gmm.n_components();
    let mut sums = vec![(0.0, 0usize); k_max];
    for d in sample(m, N, 11) {
        sums[d.component].0 += m.normaliser.scalings[g].apply(d.features[g]);
        sums[d.component].1 += 1;
    }
    for (k, (sum, n)) in sums.into_iter().enumerate() {
        let se = (m.gmm.covariances[k][g][g] / n as f64).sqrt();
        let mean = sum / n as f64;
        assert!((mean - m.gmm.means[k][g]).abs() < 5.0 * se, "component {k}: {mean} vs {}", m.gmm.means[k][g]);
    }
}

#[test]
fn detections_are_deterministic_in_domain_and_on_the_sky() {
    let m = model();
    let a: Vec<_> = sample(m, 500, 3).collect();
    assert_eq!(a, sample(m, 500, 3).collect::<Vec<_>>());
    assert_ne!(a, sample(m, 500, 4).collect::<Vec<_>>());
    for d in &a {
        for f in Feature::ALL {
            let (lo, hi) = f.domain();
            let v = d.features[f.index()];
            assert!(v.is_finite() && (lo..=hi).contains(&v), "{} = {v}", f.name());
        }
        assert!((0.0..360.0).contains(&d.ra) && (-90.0..=90.0).contains(&d.dec));
        assert!(d.name.starts_with("SYN J") && d.name.len() == 20, "{}", d.name);
    }
}

#[test]
fn raw_columns_derive_back_to_the_features() {
    let m = model();
    let col = |name: &str| RAW_COLUMNS.iter().position(|c| *c == name).unwrap();
    for d in sample(m, 2000, 5) {
        let raw = d.raw_columns();
        for f in Feature::ALL {
            let want = d.features[f.index()];
            let got = match f.derivation() {
                Some(r) => Derivation::apply(r, &r.inputs().iter().map(|c| raw[col(c)]).collect::<Vec<_>>()),
                None => raw[col(f.name())],
            };
            assert!((got - want).abs() <= 1e-12 * want.abs().max(1e-300), "{}: {got} vs {want}", f.name());
        }
        assert!(raw.iter().all(|v| v.is_finite()));
    }
}

#[test]
fn csv_output_is_readable_input() {
    let m = model();
    for raw in [false, true] {
        let mut out = Vec::new();
        assert_eq!(write_csv(&mut out, sample(m, 300, 9), raw).unwrap(), 300);
        let r = TableReader::open("synth.csv", out.as_slice()).unwrap();
        assert!(r.schema().absent().is_empty());
        let rows: Vec<_> = r.collect::<Result<_, _>>().unwrap();
        let expect: Vec<_> = sample(m, 300, 9).collect();
        for (row, d) in rows.iter().zip(&expect) {
            for f in Feature::ALL {
                let v = row.features[f.index()].unwrap();
                assert!((v - d.features[f.index()]).abs() <= 1e-12 * v.abs().max(1e-300));
            }
        }
    }
}
