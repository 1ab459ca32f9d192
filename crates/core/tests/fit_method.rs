//! The whole refit on the shipped labelled table (labels drawn from the published model's
//! probabilities: its truth is known), hand-computed class models, feature subsets, bad input.

mod common;

use xclass_core::class::Class;
use xclass_core::feature::{Feature, N_FEATURES};
use xclass_core::feature_set::FeatureSet;
use xclass_core::fit::{
    class_models, fit_method, Control, EmOptions, FitError, FitOutcome, FitProgress, FitTable,
    MethodOptions, Samples,
};
use xclass_core::model::{ClusterClassifier, Model};

fn labelled_csv() -> String {
    std::fs::read_to_string(
        common::repo().join("crates/core/tests/fixtures/labelled_synthetic.csv"),
    )
    .unwrap()
}

fn table(text: &str, label: Option<&str>) -> Result<FitTable, FitError> {
    FitTable::read("t.csv", text.as_bytes(), label, &mut |_, _| {
        Control::Continue
    })
}

fn go(_: &FitProgress) -> Control {
    Control::Continue
}

fn fit(text: &str, opt: &MethodOptions) -> Result<FitOutcome, FitError> {
    fit_method(&table(text, Some("otype"))?, opt, common::model(), &mut go)
}

#[test]
fn refit_on_a_table_whose_truth_is_known() {
    let text = labelled_csv();
    let out = fit(&text, &MethodOptions::default()).unwrap();
    // Every row accounted for: the script wrote 3,000 rows, labels empty or `Star` on 30%.
    let cells: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    let blank = cells
        .iter()
        .filter(|c| c.is_empty() || **c == "Star")
        .count();
    assert_eq!(
        (out.rows.read, out.rows.fitted, out.rows.incomplete),
        (3000, 3000, 0)
    );
    assert_eq!(
        (out.rows.labelled, out.rows.unlabelled),
        (3000 - blank, blank)
    );
    let v = out.validation.as_ref().unwrap();
    assert_eq!(v.train_rows + v.test_rows, out.rows.labelled);
    assert!((v.test_rows as f64 / out.rows.labelled as f64 - 0.2).abs() < 0.01);
    assert_eq!(
        out.class_counts.iter().flatten().sum::<usize>(),
        v.train_rows
    );
    // The labels were drawn from the published model's probabilities, so its expected accuracy
    // on the test rows is their mean largest probability (binomial spread: 3 sigma).
    let t = table(&text, Some("otype")).unwrap();
    let probs: Vec<f64> = t
        .rows
        .iter()
        .filter(|r| {
            matches!(
                xclass_core::labels::parse_label(r.label.as_deref().unwrap_or("")),
                xclass_core::labels::Label::Class(_)
            )
        })
        .map(|r| {
            common::model()
                .classify_partial(&r.features)
                .0
                .probs
                .iter()
                .copied()
                .fold(0.0, f64::max)
        })
        .collect();
    let expected = probs.iter().sum::<f64>() / probs.len() as f64;
    let acc = v.published.detections.accuracy;
    let sigma = (expected * (1.0 - expected) / v.test_rows as f64).sqrt();
    println!("published accuracy {acc:.4} (expected {expected:.4} ± {sigma:.4}); fitted {:.4}, groups {:.4}", v.fitted.detections.accuracy, v.fitted.detections.group_accuracy);
    assert!(
        (acc - expected).abs() < 3.0 * sigma,
        "published accuracy {acc} vs expected {expected}"
    );
    // The refit learns the classes from 1,700 rows: far above chance (1/4 groups), below the truth.
    assert!(
        v.fitted.detections.group_accuracy > 0.6
            && v.fitted.detections.group_accuracy <= v.published.detections.group_accuracy
    );
    // The model file reads back and classifies like the model in memory, bit for bit.
    let json = out.model_json.as_ref().unwrap();
    let m = Model::from_json(json).unwrap();
    assert_eq!(m.to_json(), *json);
    assert_eq!(m.features_used, FeatureSet::ALL);
    assert!(
        !json.contains("features_used"),
        "all 12: the key is left out, as in the published file"
    );
    assert!(m.trained_on.is_some());
    for r in t.rows.iter().take(200) {
        let (a, b) = (
            m.classify_partial(&r.features),
            out.model().unwrap().classify_partial(&r.features),
        );
        assert_eq!(a, b);
    }
    // Deterministic for a seed.
    assert_eq!(
        fit(&text, &MethodOptions::default()).unwrap().model_json,
        out.model_json
    );
}

#[test]
fn class_models_equal_a_hand_computation() {
    // Two features (columns 3 and 5 of the 12), one cluster. Class AGN: (0,0), (2,0), (0,2):
    // mean (2/3, 2/3), sample covariance [[4/3, -2/3], [-2/3, 4/3]], inverse [[1, 1/2], [1/2, 1]].
    // Class HMXB: (0,1), (1,1), (2,1): covariance [[1, 0], [0, 0]] is singular, pinv [[1, 0], [0, 0]].
    // Class YSO: one row, fewer than the 2 features: absent.
    let rows = [
        [0.0, 0.0],
        [2.0, 0.0],
        [0.0, 2.0],
        [0.0, 1.0],
        [1.0, 1.0],
        [2.0, 1.0],
        [5.0, 5.0],
        [9.0, 9.0],
    ];
    let labels = [
        Some(Class::Agn),
        Some(Class::Agn),
        Some(Class::Agn),
        Some(Class::Hmxb),
        Some(Class::Hmxb),
        Some(Class::Hmxb),
        Some(Class::Yso),
        None,
    ];
    let x = Samples::new(2, rows.iter().flatten().copied().collect(), &[]).unwrap();
    let cm = class_models(&x, &[0; 8], &labels, 1, &[3, 5]);
    assert_eq!(cm.counts[0][Class::Agn.index()], 3);
    assert_eq!(cm.counts[0][Class::Yso.index()], 1);
    let q = &cm.classes[0];
    assert!(q[Class::Yso.index()].is_none() && q[Class::Qso.index()].is_none());
    let a = q[Class::Agn.index()].as_ref().unwrap();
    let close = |u: f64, v: f64| (u - v).abs() < 1e-12;
    assert!(
        close(a.quadratic[3][3], 1.0)
            && close(a.quadratic[3][5], 0.5)
            && close(a.quadratic[5][5], 1.0)
    );
    let h = q[Class::Hmxb.index()].as_ref().unwrap();
    assert!(
        close(h.quadratic[3][3], 1.0)
            && h.quadratic[5][5].abs() < 1e-12
            && h.quadratic[3][5].abs() < 1e-12
    );
    // Unused features: zero rows and columns, zero linear terms.
    for i in (0..N_FEATURES).filter(|&i| i != 3 && i != 5) {
        assert!(
            (0..N_FEATURES).all(|j| a.quadratic[i][j] == 0.0 && a.quadratic[j][i] == 0.0)
                && a.linear[i] == 0.0
        );
    }
    // At (1, 0): q_AGN = (1/3, -2/3) A (1/3, -2/3)ᵀ = 1/3, q_HMXB = 0; p = softmin.
    let cc = ClusterClassifier::new(q.clone(), [0.3; N_FEATURES]);
    let mut v = [7.0; N_FEATURES];
    v[3] = 1.0;
    v[5] = 0.0;
    let p = cc.probabilities(&v);
    let p_agn = (-1.0f64 / 3.0).exp() / ((-1.0f64 / 3.0).exp() + 1.0);
    assert!((p[Class::Agn.index()] - p_agn).abs() < 1e-9, "{p:?}");
    assert!((p[Class::Hmxb.index()] - (1.0 - p_agn)).abs() < 1e-9);
    assert_eq!(p.iter().filter(|&&v| v == 0.0).count(), 8);
}

#[test]
fn a_feature_subset_embeds_in_the_12_feature_model() {
    let text = labelled_csv();
    let used = FeatureSet::ALL.without(FeatureSet::of([Feature::VarNewqB]));
    let opt = MethodOptions {
        features: used,
        ..MethodOptions::default()
    };
    let out = fit(&text, &opt).unwrap();
    let m = out.model().unwrap();
    assert_eq!(m.features_used, used);
    assert!(out
        .model_json
        .as_ref()
        .unwrap()
        .contains(r#""features_used":["hard_hm","#));
    // var_newq_b no longer matters: any value gives the same cluster and the same probabilities.
    let t = table(&text, None).unwrap();
    for r in t.rows.iter().take(300) {
        let mut other = r.features;
        other[Feature::VarNewqB.index()] =
            Some(r.features[Feature::VarNewqB.index()].unwrap() * 3.0 + 0.5);
        assert_eq!(
            m.classify_partial(&r.features).0,
            m.classify_partial(&other).0
        );
    }
    // A table without the column: fitting all 12 is refused, fitting the 11 works.
    let dropped: String = text
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    let e = fit(&dropped, &MethodOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.csv: the table has no column for var_newq_b (leave it out with --features)"
    );
    let again = fit(&dropped, &opt).unwrap();
    assert_eq!(
        again.model_json, out.model_json,
        "the unused column's values never entered the fit"
    );
}

/// A small table of `n` rows: row i has features from a fixed pseudo-random sequence.
fn small_table(n: usize, label: impl Fn(usize) -> &'static str) -> String {
    let mut s = String::from("name,otype,hard_hm,hard_hs,bb_kt\n");
    let mut v = 0.123f64;
    for i in 0..n {
        let mut next = || {
            v = (v * 997.0 + 0.31).fract();
            v
        };
        s += &format!(
            "s{i},{},{},{},{}\n",
            label(i),
            next() - 0.5,
            next() - 0.5,
            next() * 3.0
        );
    }
    s
}

#[test]
fn bad_input_gets_one_clear_message() {
    let few = MethodOptions {
        features: FeatureSet::parse("hard_hm,hard_hs,bb_kt").unwrap(),
        ..MethodOptions::default()
    };
    // No label maps to a class.
    let e = fit(&small_table(50, |_| "Galaxy"), &few).unwrap_err();
    assert!(
        e.to_string()
            .contains("no label in column \"otype\" maps to one of the 10 classes")
            && e.to_string().contains("\"Galaxy\" (50)"),
        "{e}"
    );
    // No label column at all: the mixture only, said so.
    let t = table(&small_table(50, |_| "AGN"), None).unwrap();
    let out = fit_method(&t, &few, common::model(), &mut go).unwrap();
    assert!(out.model_json.is_none() && out.notes[0].contains("no label column"));
    // A label column that is not there.
    let e = table(&small_table(5, |_| "AGN"), Some("simbad")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.csv: no column named \"simbad\"; the columns are name, otype, hard_hm, hard_hs, bb_kt"
    );
    // K larger than the rows.
    let e = fit(&small_table(4, |_| "AGN"), &few).unwrap_err();
    assert_eq!(
        e.to_string(),
        "K = 6 components need at least 6 rows; 4 usable rows"
    );
    // A class with too few rows in every cluster is never predicted, and said so.
    let out = fit(
        &small_table(300, |i| if i < 5 { "HMXB" } else { "AGN" }),
        &MethodOptions {
            em: EmOptions {
                k: 2,
                ..EmOptions::default()
            },
            ..few.clone()
        },
    )
    .unwrap();
    assert_eq!(out.absent_classes, ["HMXB"]);
    assert!(
        out.notes
            .iter()
            .any(|n| n
                == "HMXB never predicted: fewer than 3 labelled training rows in every cluster"),
        "{:?}",
        out.notes
    );
    // A cluster with no class at all.
    let e = fit(&small_table(300, |i| if i < 5 { "HMXB" } else { "" }), &few).unwrap_err();
    assert!(
        e.to_string()
            .contains("has no class with at least 3 labelled training rows"),
        "{e}"
    );
    // Infinite values: the reader's located message.
    let text: Vec<String> = small_table(20, |_| "AGN")
        .lines()
        .map(String::from)
        .collect();
    let mut cells: Vec<&str> = text[4].split(',').collect();
    cells[2] = "inf";
    let bad = [&text[..4], &[cells.join(",")], &text[5..]]
        .concat()
        .join("\n");
    let e = table(&bad, Some("otype")).unwrap_err().to_string();
    assert!(e.starts_with("t.csv: line 5, column hard_hm:"), "{e}");
    // A constant column.
    let constant = small_table(50, |_| "AGN")
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                l.rsplit_once(',').unwrap().0.to_string() + ",0.5"
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let e = fit(&constant, &few).unwrap_err();
    assert_eq!(
        e.to_string(),
        "feature bb_kt is constant (0.5) over all 50 fitting rows: leave it out (--features)"
    );
    // Cancel.
    let t = table(&small_table(300, |_| "AGN"), Some("otype")).unwrap();
    let e = fit_method(&t, &few, common::model(), &mut |_: &FitProgress| {
        Control::Cancel
    })
    .unwrap_err();
    assert_eq!(e, FitError::Cancelled);
}

#[test]
fn a_sweep_shared_among_workers_gives_the_same_model() {
    use xclass_core::fit::{fit_method_with, sweep_options, sweep_part_of, sweep_units, Done};
    let text = labelled_csv();
    let t = table(&text, Some("otype")).unwrap();
    let opt = MethodOptions {
        k_range: Some((2, 4)),
        em: EmOptions {
            restarts: 2,
            ..EmOptions::default()
        },
        ..MethodOptions::default()
    };
    let whole = fit_method(&t, &opt, common::model(), &mut go).unwrap();
    // Two workers, each with every other unit, their fits sent as bytes (as the browser does).
    let units = sweep_units(&sweep_options(&opt).unwrap());
    assert_eq!(units.len(), 6);
    let mut done = Done::new();
    for w in 0..2 {
        let mine: Vec<_> = units.iter().copied().skip(w).step_by(2).collect();
        let part = sweep_part_of(&t, &opt, common::model(), &mine, &mut go).unwrap();
        assert_eq!(part.len(), 3);
        let bytes = postcard::to_allocvec(&part).unwrap();
        done.extend(postcard::from_bytes::<Done>(&bytes).unwrap());
    }
    let mut fits = 0;
    let shared = fit_method_with(&t, &opt, common::model(), &done, &mut |p| {
        fits += usize::from(p.stage == xclass_core::fit::Stage::KMeans);
        Control::Continue
    })
    .unwrap();
    assert_eq!(fits, 0, "no fit made again");
    assert_eq!(shared.model_json, whole.model_json);
    assert_eq!(shared.sweep.as_ref().unwrap().points, whole.sweep.as_ref().unwrap().points);
    assert_eq!(shared.validation, whole.validation);
}
