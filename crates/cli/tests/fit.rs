//! `xclass fit` end to end: the model file it writes classifies exactly as the model fitted in
//! memory, the same bits on any number of threads, and bad input gets one line and exit 2.

mod common;

use common::repo;
use std::path::PathBuf;
use std::process::{Command, Output};
use xclass_core::fit::{fit_method, Control, FitTable, MethodOptions};
use xclass_core::Model;


fn labelled() -> PathBuf {
    repo().join("crates/core/tests/fixtures/labelled_synthetic.csv")
}

fn xclass(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xclass"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run xclass")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "xclass failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn the_written_model_is_the_fitted_model() {
    let dir = tempfile::tempdir().unwrap();
    let (m1, m2) = (dir.path().join("m1.json"), dir.path().join("m2.json"));
    let input = labelled();
    let args = |out: &PathBuf| {
        vec![
            "fit".to_string(),
            input.display().to_string(),
            "--label-column".into(),
            "otype".into(),
            "-o".into(),
            out.display().to_string(),
        ]
    };
    let report = ok(&xclass(
        &args(&m1).iter().map(String::as_str).collect::<Vec<_>>(),
        "2",
    ));
    assert!(
        report.contains("validation: stratified split, test fraction 0.2, seed 42"),
        "{report}"
    );
    assert!(report.contains("mixture: K = 6, mean log-likelihood"));
    ok(&xclass(
        &args(&m2).iter().map(String::as_str).collect::<Vec<_>>(),
        "1",
    ));
    let (a, b) = (
        std::fs::read_to_string(&m1).unwrap(),
        std::fs::read_to_string(&m2).unwrap(),
    );
    assert!(a == b, "one thread and two give the same model");
    // The same fit in memory (the core's API, as the browser's worker calls it).
    let text = std::fs::read_to_string(&input).unwrap();
    let table = FitTable::read(
        &input.display().to_string(),
        text.as_bytes(),
        Some("otype"),
        &mut |_, _| Control::Continue,
    )
    .unwrap();
    let out = fit_method(
        &table,
        &MethodOptions::default(),
        &Model::published(),
        &mut |_| Control::Continue,
    )
    .unwrap();
    assert!(
        out.model_json.as_deref() == Some(a.as_str()),
        "the file holds the model fitted in memory"
    );
    // Classified with the file, the CLI writes what the in-memory model gives, byte for byte.
    let cli = ok(&xclass(&["classify", &input.display().to_string(), "--model", &m1.display().to_string()], "2"));
    let fitted = out.model().unwrap();
    // The novelty reference: the published catalog's first detections under the fitted model, as the CLI does.
    let catalog = xclass_core::Catalog::from_asset(&std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog.bin")).unwrap()).unwrap();
    let features: Vec<_> = catalog.sources.iter().map(|s| s.features).collect();
    let reference = xclass_core::novelty::NoveltyReference::new(&fitted, &features);
    let memory = xclass_core::upload::classify_upload("t.csv", text.as_bytes(), &fitted, &reference, None, |_, _| true).unwrap().unwrap();
    assert!(cli == memory.detection_csv, "classified with the file = with the model in memory");
    assert_ne!(cli, ok(&xclass(&["classify", &input.display().to_string()], "2")), "not the published model's answers");
}

#[test]
fn sweep_and_mixture_only() {
    let o = xclass(
        &[
            "fit",
            &labelled().display().to_string(),
            "--k-range",
            "2..4",
            "--restarts",
            "2",
            "-o",
            "/nonexistent-dir/m.json",
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("xclass: /nonexistent-dir/m.json: cannot create"),
        "{err}"
    );
    let o = xclass(
        &[
            "fit",
            &labelled().display().to_string(),
            "--k-range",
            "2..4",
            "--restarts",
            "2",
        ],
        "2",
    );
    let report = ok(&o);
    assert!(
        report.contains("BIC sweep, 2 fit(s) per K:") && report.contains("suggested K = "),
        "{report}"
    );
    assert!(report.contains(
        "note: no label column: the mixture and the BIC only (class models need labels)"
    ));
    assert_eq!(
        report
            .lines()
            .filter(|l| l.trim_start().starts_with(['2', '3', '4']))
            .count(),
        3,
        "{report}"
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let input = labelled().display().to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["--label-column", "simbad"], "no column named \"simbad\""),
        (
            &["--label-column", "otype", "-k", "4000"],
            "K = 4000 components need at least 4000 rows; 3000 usable rows",
        ),
        (
            &["--label-column", "otype", "--features", "hard_hm,nope"],
            "unknown feature \"nope\"",
        ),
        (
            &["--label-column", "otype", "--k-range", "5..2"],
            "need 1 <= MIN <= MAX",
        ),
    ];
    for (extra, want) in cases {
        let mut args = vec!["fit", input.as_str(), "-o", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        let o = xclass(&args, "2");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(want), "{extra:?}: {err}");
        assert!(!out.exists(), "no model file after a failure");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "no temporary file left"
        );
    }
}
