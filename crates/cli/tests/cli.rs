//! The built `xclass` binary on the published example, the published catalog's known
//! answers, and bad input.

mod common;
#[path = "../../core/tests/known/mod.rs"]
mod known;

use common::{files_in, repo, stdout, xclass};
use known::*;
use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use xclass_core::catalog::published::read_published;
use xclass_core::{Catalog, Class, Feature};




/// Rows of a CSV without quoted fields, as column → value maps.
fn rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    lines.map(|l| header.iter().map(|h| h.to_string()).zip(l.split(',').map(String::from)).collect()).collect()
}

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col].parse().unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

fn catalog() -> Catalog {
    read_published(&repo().join("data/umlcaxs")).unwrap()
}

#[test]
fn example_votable_gives_the_published_answer() {
    let example = repo().join(EXAMPLE_VOT);
    let o = xclass(&["classify", example.to_str().unwrap()]);
    let text = stdout(&o);
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = &rows(&text)[0];
    assert_example(num(r, "cluster") as usize, |c| num(r, c), |g| num(r, &format!("agg_{g}")), &r["class"], &r["agg_class"]);
    assert_eq!((r["name"].as_str(), r["obsid"].as_str()), ("2CXO J004307.5-092302", "4884"));
    assert_eq!(r["filled"], EXAMPLE_FILLED);
    // The input's ra and dec follow name and obsid; the novelty columns come after all earlier
    // ones (their positions hold), with the values crates/core/tests/science.rs states for this source.
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header[..5].join(","), "name,obsid,ra,dec,cluster");
    assert_eq!(header[21..].join(","), "filled,log_density,novelty_percentile,outside_training,entropy,margin");
    assert!((num(r, "log_density") - 16.222313).abs() < 1e-6 && (num(r, "novelty_percentile") - 74.55).abs() < 0.01);
    assert!((num(r, "entropy") - 0.715678).abs() < 2e-6 && (num(r, "margin") - 0.387366).abs() < 2e-6);
    assert_eq!(r["outside_training"], "");
    // --no-novelty: the same table up to `filled`, byte for byte, and nothing after it.
    let plain = stdout(&xclass(&["classify", "--no-novelty", example.to_str().unwrap()]));
    let cut = |line: &str| line.split(',').take(22).collect::<Vec<_>>().join(",");
    assert_eq!(plain.lines().map(str::to_string).collect::<Vec<_>>(), text.lines().map(cut).collect::<Vec<_>>());
    let both = xclass(&["classify", "--no-novelty", "--by-source", example.to_str().unwrap()]);
    assert_eq!(both.status.code(), Some(2), "--no-novelty with --by-source is refused");

    let s = &rows(&stdout(&xclass(&["classify", "--by-source", example.to_str().unwrap()])))[0];
    assert_eq!((s["detection_count"].as_str(), s["unique"].as_str()), ("1", "true"));
    assert_eq!((s["soft_master_class"].as_str(), s["agg_master_class"].as_str()), EXAMPLE_CLASS);
    assert!((num(s, "mean_HMXB") - 0.684173).abs() <= 1e-6);
}

#[test]
fn published_first_detections_reproduce_their_clusters_and_probabilities() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("first_detections.csv");
    let mut csv = format!("name,obsid,{}\n", Feature::ALL.map(Feature::name).join(","));
    for s in &cat.sources {
        let d = &cat.detections[s.first as usize];
        let f: Vec<String> = s.features.iter().map(f64::to_string).collect();
        csv.push_str(&format!("{},{},{}\n", s.name, d.obsid, f.join(",")));
    }
    std::fs::write(&input, csv).unwrap();
    let output = dir.path().join("out.csv");
    let o = xclass(&["classify", input.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    assert!(o.status.success() && o.stdout.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = rows(&std::fs::read_to_string(&output).unwrap());
    assert_eq!(out.len(), 8_756);
    let mut max_err: f64 = 0.0;
    for (s, r) in cat.sources.iter().zip(&out) {
        let d = &cat.detections[s.first as usize];
        assert_eq!((r["name"].as_str(), num(r, "obsid") as u32), (s.name.as_str(), d.obsid));
        assert_eq!(num(r, "cluster") as u8, d.cluster, "{}", s.name);
        for c in Class::ALL {
            max_err = max_err.max((num(r, c.name()) - d.probs[c.index()]).abs());
        }
        assert_eq!(r["class"], d.class().name(), "{}", s.name);
        assert_eq!(r["filled"], "");
        assert_eq!(r["outside_training"], "", "{}: the model was fitted on these", s.name);
    }
    // The catalog's own detections: novelty percentiles spread evenly over 0-100.
    let p: Vec<f64> = out.iter().map(|r| num(r, "novelty_percentile")).collect();
    let below = |t: f64| p.iter().filter(|&&v| v < t).count() as f64 / p.len() as f64;
    assert!(p.iter().all(|v| (0.0..=100.0).contains(v)));
    assert!((below(10.0) - 0.1).abs() < 0.01 && (below(50.0) - 0.5).abs() < 0.01 && (below(99.0) - 0.99).abs() < 0.002);
    eprintln!("max abs probability error over 8,756 published detections (CLI): {max_err:.3e}");
    assert!(max_err < 1e-6, "{max_err}");
}

#[test]
fn by_source_votes_with_the_tie_rule() {
    // Two published sources of different classes, named alike: 2 detections each.
    let cat = catalog();
    let a = cat.sources.iter().find(|s| s.detection_count() == 1 && s.hard == Class::Lmxb).unwrap();
    let b = cat.sources.iter().find(|s| s.detection_count() == 1 && s.hard == Class::Agn).unwrap();
    let line = |s: &xclass_core::Source| {
        format!("S,{}\n", s.features.iter().map(f64::to_string).collect::<Vec<_>>().join(","))
    };
    let csv = format!("name,{}\n{}{}{}{}", Feature::ALL.map(Feature::name).join(","), line(a), line(b), line(b), line(a));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tie.csv");
    std::fs::write(&input, csv).unwrap();
    let r = &rows(&stdout(&xclass(&["classify", "--by-source", input.to_str().unwrap()])))[0];
    assert_eq!(r["detection_count"], "4");
    assert_eq!(r["hard_master_class"], "LMXB"); // 2-2 tie: the class seen first
    let (pa, pb) = (&cat.detections[a.first as usize].probs, &cat.detections[b.first as usize].probs);
    for c in Class::ALL {
        let mean = (pa[c.index()] + pb[c.index()]) / 2.0;
        assert!((num(r, &format!("mean_{}", c.name())) - mean).abs() < 1e-6, "{}", c.name());
        let std = (pa[c.index()] - pb[c.index()]).abs() / 2.0;
        assert!((num(r, &format!("std_{}", c.name())) - std).abs() < 1e-6, "{}", c.name());
    }
}

/// Runs `classify` on `content` saved as `file`, expecting failure: checks exit code 2, a
/// single-line message containing `expect`, and that no output (or temporary) file remains.
fn assert_refused(file: &str, content: &[u8], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(file);
    std::fs::write(&input, content).unwrap();
    let output = dir.path().join("out.csv");
    let o = xclass(&["classify", input.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{file}: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("xclass: {}: ", input.display())), "{err}");
    assert!(err.contains(expect), "{file}: {err:?} lacks {expect:?}");
    assert_eq!(files_in(dir.path()), [file], "{file}: left files behind");
}


#[test]
fn bad_input_is_refused_with_its_location_and_leaves_no_output() {
    assert_refused("nan.csv", b"name,hard_hm\na,0.1\nb,abc\n", "line 3, column hard_hm: \"abc\" is not a number");
    assert_refused("ragged.csv", b"hard_hm,hard_hs\n0.1,0.2\n0.1,0.2,0.3\n", "line 3: 3 cells, but the header has 2 columns");
    // A bad number comes before a later ragged row: the first error in input order wins.
    assert_refused("order.csv", b"hard_hm,hard_hs\nabc,0.1\n0.1\n", "line 2, column hard_hm");
    assert_refused("semi.csv", b"hard_hm;hard_hs\n0.1;0.2\n", "line 1: only one column found; is the delimiter ';'?");
    assert_refused("empty.csv", b"", "the file is empty");
    assert_refused("garbage.csv", b"\x00\x01\x02binary\xff", "binary data");
    assert_refused("table.json", b"[1, 2]", "unknown format (.json)");
    assert_refused("none.csv", b"ra,dec\n1,2\n", "none of the 12 features can be read");
    assert_refused("neg.csv", b"bb_kt\n-0.5\n", "line 2, column bb_kt: -0.5 is negative");
    let vot = std::fs::read_to_string(repo().join(EXAMPLE_VOT)).unwrap().replace("0.50165526192568", "zero");
    assert_refused("bad.vot", vot.as_bytes(), "row 1, column var_prob_b: \"zero\" is not a number");
}

#[test]
fn a_late_error_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.csv");
    let mut csv = String::from("hard_hm,hard_hs\n");
    for i in 0..50_000 {
        csv.push_str(&format!("0.{i},0.5\n"));
    }
    csv.push_str("0.1,oops\n");
    std::fs::write(&input, csv).unwrap();
    let output = dir.path().join("out.csv");
    std::fs::write(&output, "previous results\n").unwrap();
    let o = xclass(&["classify", input.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 50002, column hard_hs"));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "previous results\n");
    assert_eq!(files_in(dir.path()), ["big.csv", "out.csv"]);
}

#[test]
fn missing_input_file_and_absent_columns() {
    let o = xclass(&["classify", "/nonexistent/x.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("xclass: /nonexistent/x.csv: "));
    // Only hardness ratios: every other feature is filled, with a warning.
    let mut child = Command::new(env!("CARGO_BIN_EXE_xclass"))
        .args(["classify", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"hard_hm,hard_hs,hard_ms\n0.1,0.2,0.3\n").unwrap();
    let o = child.wait_with_output().unwrap();
    let r = &rows(&stdout(&o))[0];
    assert!(r["filled"].starts_with("powlaw_gamma;bb_kt;var_prob_b"), "{}", r["filled"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("warning: -: no column for powlaw_gamma"));
}

#[test]
fn another_model_file_can_be_given() {
    let (example, model) = (repo().join(EXAMPLE_VOT), repo().join("assets/model.json"));
    let with = stdout(&xclass(&["classify", example.to_str().unwrap(), "--model", model.to_str().unwrap()]));
    assert_eq!(with, stdout(&xclass(&["classify", example.to_str().unwrap()])));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("model.json");
    std::fs::write(&bad, "{\"features\": []}").unwrap();
    let o = xclass(&["classify", example.to_str().unwrap(), "--model", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with(&format!("xclass: {}: model file", bad.display())));
}

#[test]
fn synthetic_detections_round_trip_through_classify() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    for p in [&a, &b] {
        stdout(&xclass(&["synth", "3000", "--raw", "--seed", "1", "-o", p.to_str().unwrap()]));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let out = rows(&stdout(&xclass(&["classify", a.to_str().unwrap()])));
    assert_eq!(out.len(), 3000);
    assert!(out.iter().all(|r| r["filled"].is_empty() && r["name"].starts_with("SYN J")));
    let sum: f64 = Class::ALL.iter().map(|c| num(&out[0], c.name())).sum();
    assert!((sum - 1.0).abs() < 1e-12);
}

#[test]
fn help_documents_formats_columns_rules_and_exit_codes() {
    let top = stdout(&xclass(&["--help"]));
    for s in ["classify", "synth", "Exit codes"] {
        assert!(top.contains(s), "--help lacks {s}");
    }
    let help = stdout(&xclass(&["classify", "--help"]));
    for s in [
        "VOTable", "BINARY2", "var_sigma_b", "var_min_b", "fill value", "--by-source", "TTau*", "agg_class", "filled",
        "log_density", "novelty_percentile", "outside_training", "entropy", "margin",
        "tie goes to the tied class", "seen first", "EXIT CODES", "--model", "RAYON_NUM_THREADS",
    ] {
        assert!(help.contains(s), "classify --help lacks {s:?}");
    }
}

#[test]
fn position_columns_are_kept_and_formulas_neutralised_as_documented() {
    // Issue 16, bugs 10 and 11: ra/dec (any of the recognised spellings) follow name and obsid
    // with their input names; a name a spreadsheet would run gets a leading quote.
    let dir = std::env::temp_dir().join(format!("xclass-cli-pos-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("pos.csv");
    std::fs::write(&input, "RAJ2000,hard_hm,name,DEJ2000,obsid\n10.5,0.1,=cmd|x,-20.25,7\n1,0.2,-0.5,2,8\n").unwrap();
    let out = stdout(&xclass(&["classify", input.to_str().unwrap()]));
    let mut lines = out.lines();
    assert!(lines.next().unwrap().starts_with("name,obsid,RAJ2000,DEJ2000,cluster,QSO,"));
    assert!(lines.next().unwrap().starts_with("'=cmd|x,7,10.5,-20.25,"));
    assert!(lines.next().unwrap().starts_with("-0.5,8,1,2,"));
    let help = stdout(&xclass(&["classify", "--help"]));
    assert!(help.contains("the input's position columns (when it has them, with\n  their input names, in input order), cluster"), "{help}");
    assert!(help.contains("leading '"));
    std::fs::remove_dir_all(&dir).ok();
}
