//! The model loader validates every field of a model file and names the field that is wrong
//! (issue 14, section 5). Each case is the published model with one value broken.

use serde_json::{json, Value};
use xclass_core::model::Model;

fn published() -> Value {
    serde_json::from_str(xclass_core::assets::MODEL_JSON).unwrap()
}

/// The message loading `m` gives.
fn error(m: &Value) -> String {
    let e = Model::from_json(&m.to_string()).expect_err("an invalid model is refused").to_string();
    assert!(!e.contains('\n') && !e.contains('\u{1b}'), "one line: {e:?}");
    e
}

fn broken(change: impl FnOnce(&mut Value)) -> String {
    let mut m = published();
    change(&mut m);
    error(&m)
}

#[test]
fn the_published_model_and_its_round_trip_load() {
    let m = Model::published();
    let again = Model::from_json(&m.to_json()).unwrap();
    assert_eq!(again.gmm.weights, m.gmm.weights);
    let mut with_range = published();
    let range: serde_json::Map<String, Value> = m
        .training_range()
        .iter()
        .zip(xclass_core::feature::Feature::ALL)
        .map(|(r, f)| (f.name().to_string(), json!([r.lo.max(-1e300), r.hi.min(1e300)])))
        .collect();
    with_range["training_range"] = Value::Object(range);
    assert!(Model::from_json(&with_range.to_string()).unwrap().trained_on.is_some());
}

#[test]
fn fill_values_inside_their_domains() {
    let e = broken(|m| m["fill_values"]["values"]["bb_kt"] = json!(-0.5));
    assert_eq!(e, "model file: fill_values.values.bb_kt is -0.5, outside the domain of bb_kt (≥ 0)");
    let e = broken(|m| m["fill_values"]["values"]["hard_hm"] = json!(1.5));
    assert_eq!(e, "model file: fill_values.values.hard_hm is 1.5, outside the domain of hard_hm ([-1, 1])");
    let e = broken(|m| m["fill_values"]["values"]["var_prob_b"] = json!(42));
    assert_eq!(e, "model file: fill_values.values.var_prob_b is 42, outside the domain of var_prob_b ([0, 1])");
    let e = broken(|m| m["fill_values"]["values"]["powlaw_gama"] = json!(2));
    assert_eq!(e, "model file: fill_values.values: unknown feature \"powlaw_gama\"");
    let e = broken(|m| m["fill_values"]["values"]["\u{1b}[2J\nxclass: ok"] = json!(2));
    assert_eq!(e, "model file: fill_values.values: unknown feature \"\\u{1b}[2J\\nxclass: ok\"");
    let e = broken(|m| drop(m["fill_values"]["values"].as_object_mut().unwrap().remove("var_newq_b")));
    assert_eq!(e, "model file: no fill value for var_newq_b");
}

#[test]
fn covariances_symmetric_and_positive_definite() {
    let e = broken(|m| m["gmm"]["covariances"][3][2][5] = json!(0.1));
    assert!(e.starts_with("model file: gmm.covariances[3] is not symmetric (entry [2][5] 0.1 vs [5][2] "), "{e}");
    let e = broken(|m| {
        let c = &mut m["gmm"]["covariances"][1];
        for i in 0..12 {
            for j in 0..12 {
                c[i][j] = json!(if i == j {
                    if i == 4 {
                        -1.0
                    } else {
                        1.0
                    }
                } else {
                    0.0
                });
            }
        }
    });
    assert_eq!(e, "model file: gmm.covariances[1] is not positive definite (its Cholesky factorisation fails)");
    let e = broken(|m| drop(m["gmm"]["covariances"][0].as_array_mut().unwrap().pop()));
    assert_eq!(e, "model file: gmm.covariances[0] has 11 rows, not 12");
    let e = broken(|m| drop(m["gmm"]["covariances"][2][7].as_array_mut().unwrap().pop()));
    assert_eq!(e, "model file: gmm.covariances[2][7] has 11 values, not 12");
    let e = broken(|m| m["gmm"]["means"][5].as_array_mut().unwrap().push(json!(0)));
    assert_eq!(e, "model file: gmm.means[5] has 13 values, not 12");
    let e = broken(|m| drop(m["gmm"]["means"].as_array_mut().unwrap().pop()));
    assert_eq!(e, "model file: gmm: 6 weights, 5 means and 6 covariances; the counts must agree");
}

#[test]
fn weights_positive_and_summing_to_one() {
    let e = broken(|m| m["gmm"]["weights"][2] = json!(-0.1));
    assert_eq!(e, "model file: gmm.weights[2] is -0.1; weights must be positive");
    let e = broken(|m| m["gmm"]["weights"][0] = json!(m["gmm"]["weights"][0].as_f64().unwrap() + 0.5));
    assert!(e.starts_with("model file: gmm.weights sum to 1.4999999") && e.ends_with(", not 1"), "{e}");
    let e = broken(|m| m["gmm"]["weights"] = json!([]));
    assert_eq!(e, "model file: gmm.weights is empty: the mixture needs at least one component");
    let e = broken(|m| m["gmm"]["weights"][2] = json!("x"));
    assert!(
        e.starts_with("model file is not valid JSON of the expected shape: gmm.weights[2]: invalid type: string \"x\", expected f64"),
        "{e}"
    );
}

#[test]
fn normalisation_constants_inside_domains() {
    let e = broken(|m| m["normalisation"]["bb_kt"]["shift"] = json!(0));
    assert_eq!(e, "model file: normalisation.bb_kt.shift is 0; it must be > 0");
    let e = broken(|m| m["normalisation"]["hard_hm"] = json!({"kind": "lognorm", "shift": 1, "min": 0, "max": 1}));
    assert_eq!(e, "model file: normalisation.hard_hm.kind is lognorm, but hard_hm takes negative values ([-1, 1])");
    let e = broken(|m| m["normalisation"]["powlaw_gamma"]["max"] = json!(-5));
    assert_eq!(e, "model file: normalisation.powlaw_gamma.max (-5) must exceed normalisation.powlaw_gamma.min (-3.571972604732553)");
    let e = broken(|m| m["normalisation"]["hard_ms"] = json!({"kind": "minmax", "min": -2, "max": 1}));
    assert_eq!(e, "model file: normalisation.hard_ms.min/max: [-2, 1] is outside the domain of hard_ms ([-1, 1])");
    // ln(raw + shift) below ln(shift) would mean negative training values.
    let e = broken(|m| m["normalisation"]["bb_kt"]["min"] = json!(-9));
    assert_eq!(e, "model file: normalisation.bb_kt.min/max: [-9, 5.666806260591546] implies raw values outside the domain of bb_kt (≥ 0)");
    let e = broken(|m| m["normalisation"]["bb_kt"]["kind"] = json!("log"));
    assert_eq!(e, "model file: normalisation.bb_kt.kind is \"log\"; expected raw, minmax or lognorm");
    let e = broken(|m| drop(m["normalisation"]["var_ratio_b"].as_object_mut().unwrap().remove("max")));
    assert_eq!(e, "model file: normalisation.var_ratio_b.max is missing");
    let e = broken(|m| m["normalisation"]["bbkt"] = json!({"kind": "raw"}));
    assert_eq!(e, "model file: normalisation: unknown feature \"bbkt\"");
}

#[test]
fn class_models_symmetric_and_finite() {
    let e = broken(|m| m["classifier"]["2"]["AGN"]["quadratic"][0][11] = json!(7.5));
    assert!(e.starts_with("model file: classifier.2.AGN.quadratic is not symmetric (entry [0][11] 7.5 vs [11][0] "), "{e}");
    let e = broken(|m| m["classifier"]["9"] = m["classifier"]["0"].clone());
    assert_eq!(e, "model file: classifier: key \"9\" is not a cluster of the 6-component mixture (0 to 5)");
    let e = broken(|m| m["classifier"]["1"]["Quasar"] = m["classifier"]["1"]["QSO"].clone());
    assert_eq!(e, "model file: classifier.1: unknown class \"Quasar\"");
    let e = broken(|m| drop(m["classifier"].as_object_mut().unwrap().remove("4")));
    assert_eq!(e, "model file: classifier: no entry for cluster 4");
    let e = broken(|m| m["classifier"]["0"]["YSO"]["linear"] = json!([1, 2]));
    assert!(e.starts_with("model file is not valid JSON of the expected shape: classifier.0.YSO.linear: invalid length 2"), "{e}");
}

#[test]
fn training_range_inside_domains_and_ordered() {
    let range = |m: &mut Value, f: &str, lo: f64, hi: f64| {
        let mut r = serde_json::Map::new();
        for name in ["hard_hm", "hard_hs", "hard_ms"] {
            r.insert(name.into(), json!([-0.5, 0.5]));
        }
        for name in ["var_prob_b", "var_prob_h", "var_prob_s", "bb_kt", "var_ratio_b", "var_ratio_h", "var_ratio_s", "var_newq_b"] {
            r.insert(name.into(), json!([0.0, 0.5]));
        }
        r.insert("powlaw_gamma".into(), json!([-3, 10]));
        r.insert(f.into(), json!([lo, hi]));
        m["training_range"] = Value::Object(r);
    };
    let mut ok = published();
    range(&mut ok, "hard_hm", -1.0, 1.0);
    assert!(Model::from_json(&ok.to_string()).is_ok());
    let e = broken(|m| range(m, "hard_hm", -2.0, 0.0));
    assert_eq!(e, "model file: training_range.hard_hm[0] is -2, outside the domain of hard_hm ([-1, 1])");
    let e = broken(|m| range(m, "bb_kt", 3.0, 2.0));
    assert_eq!(e, "model file: training_range.bb_kt is [3, 2]: the lower bound exceeds the upper");
    let e = broken(|m| {
        range(m, "bb_kt", 0.0, 1.0);
        m["training_range"]["bogus"] = json!([0, 1]);
    });
    assert_eq!(e, "model file: training_range: unknown feature \"bogus\"");
}

#[test]
fn features_left_out_must_not_matter() {
    let eleven: Vec<&str> = xclass_core::feature::Feature::ALL
        .iter()
        .map(|f| f.name())
        .filter(|n| *n != "var_newq_b")
        .collect();
    // The published model uses var_newq_b: declaring it unused is inconsistent.
    let e = broken(|m| m["features_used"] = json!(eleven));
    assert!(
        e.contains("gmm.covariances[0]: var_newq_b is not in features_used")
            && e.contains("covariances with the other features must be 0"),
        "{e}"
    );
    // Made consistent in the mixture (one mean and variance, no covariance), the class models
    // still use it.
    let consistent_mixture = |m: &mut Value| {
        m["features_used"] = json!(eleven);
        let k = m["gmm"]["weights"].as_array().unwrap().len();
        for c in 0..k {
            m["gmm"]["means"][c][11] = json!(0.5);
            for j in 0..12 {
                let v = if j == 11 { 1.0 } else { 0.0 };
                m["gmm"]["covariances"][c][11][j] = json!(v);
                m["gmm"]["covariances"][c][j][11] = json!(v);
            }
        }
    };
    let e = broken(consistent_mixture);
    assert!(
        e.contains("classifier.0.") && e.contains("row and column of the quadratic"),
        "{e}"
    );
    // And with zero rows and columns in every class model, it loads.
    let mut m = published();
    consistent_mixture(&mut m);
    for (_, classes) in m["classifier"].as_object_mut().unwrap() {
        for (_, q) in classes.as_object_mut().unwrap() {
            if q.is_null() {
                continue;
            }
            q["linear"][11] = json!(0.0);
            for j in 0..12 {
                q["quadratic"][11][j] = json!(0.0);
                q["quadratic"][j][11] = json!(0.0);
            }
        }
    }
    let model = Model::from_json(&m.to_string()).expect("consistent");
    assert_eq!(model.features_used.len(), 11);
}
