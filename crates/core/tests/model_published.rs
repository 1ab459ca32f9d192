//! The model against the published catalog's known answers.

mod common;
use common::*;
use xclass_core::class::N_CLASSES;
use xclass_core::voting::vote;
use xclass_core::Class;

#[test]
fn every_known_feature_detection_reproduces_its_cluster_and_probabilities() {
    let (cat, model) = (catalog(), model());
    let mut max_err: f64 = 0.0;
    for s in &cat.sources {
        let det = &cat.detections[s.first as usize];
        let c = model.classify(&s.features);
        assert_eq!(c.cluster, det.cluster as usize, "{}", s.name);
        for i in 0..N_CLASSES {
            max_err = max_err.max((c.probs[i] - det.probs[i]).abs());
        }
        assert_eq!(c.class(), det.class(), "{}", s.name);
    }
    eprintln!("max abs probability error over 8,756 detections: {max_err:.3e}");
    assert!(max_err < 1e-6, "max abs error {max_err}");
}

#[test]
fn voting_reproduces_every_published_master_class() {
    let cat = catalog();
    let mut unique = 0;
    for (i, s) in cat.sources.iter().enumerate() {
        let v = vote(cat.detections_of(i).iter().map(|d| &d.probs)).unwrap();
        assert_eq!((v.soft, v.hard), (s.soft, s.hard), "{}", s.name);
        unique += v.is_unique() as usize;
        for c in 0..N_CLASSES {
            // The published mean±std are rounded to 3 decimals.
            assert!((v.mean[c] - s.mean[c]).abs() <= 5e-4 + 1e-12, "{} mean {}", s.name, Class::ALL[c].name());
            assert!((v.std[c] - s.std[c]).abs() <= 5e-4 + 1e-12, "{} std {}", s.name, Class::ALL[c].name());
        }
    }
    assert_eq!(unique, 8_271);
}

#[test]
fn gmm_factorisation_matches_the_published_precision_cholesky() {
    let gmm: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(published_dir().join("gmm.json")).unwrap()).unwrap();
    let model = model();
    for k in 0..6 {
        let p = model.gmm.precision_cholesky(k);
        for i in 0..12 {
            for j in 0..12 {
                let want = gmm["precisions_cholesky"][k][i][j].as_f64().unwrap();
                assert!((p[(i, j)] - want).abs() <= 1e-9 * want.abs().max(1.0), "component {k} ({i},{j})");
            }
        }
    }
}

#[test]
fn model_json_round_trips() {
    let m = model();
    let again = xclass_core::Model::from_json(&m.to_json()).unwrap();
    let x = catalog().sources[17].features;
    assert_eq!(again.classify(&x), m.classify(&x));
}
