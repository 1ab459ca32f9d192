//! The built `xclass` binary with the astronomer's other formats: FITS input (`--hdu`), the
//! bad FITS files of `tests/corpus`, and `xclass match`.

#[path = "../../core/tests/known/mod.rs"]
mod known;

use known::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn xclass(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xclass")).args(args).output().expect("run xclass")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "xclass failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The first data row of a CSV without quoted fields.
fn first_row(text: &str) -> HashMap<String, String> {
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',');
    header.map(String::from).zip(lines.next().unwrap().split(',').map(String::from)).collect()
}

fn path(p: &str) -> String {
    repo().join(p).to_str().unwrap().to_string()
}

#[test]
fn fits_example_gives_the_published_answer() {
    for args in [vec![path("tests/fits/example.fits")], vec![path("tests/fits/multi.fits"), "--hdu".into(), "DETECTIONS".into()]] {
        let mut all = vec!["classify"];
        all.extend(args.iter().map(String::as_str));
        let r = first_row(&stdout(&xclass(&all)));
        let num = |c: &str| r[c].parse::<f64>().unwrap();
        assert_example(num("cluster") as usize, num, |g| num(&format!("agg_{g}")), &r["class"], &r["agg_class"]);
        assert_eq!(r["filled"], EXAMPLE_FILLED);
    }
    // The same bytes as from the VOTable.
    let vot = stdout(&xclass(&["classify", &path(EXAMPLE_VOT)]));
    assert_eq!(stdout(&xclass(&["classify", &path("tests/fits/example.fits")])), vot);
}

#[test]
fn bad_fits_exits_2_with_one_line() {
    let dir = repo().join("tests/corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".fits") {
            continue;
        }
        let expect = std::fs::read_to_string(dir.join(format!("{name}.expect"))).unwrap();
        let mut lines = expect.lines();
        assert_eq!(lines.next(), Some("exit 2"));
        let want = lines.next().unwrap();
        let o = xclass(&["classify", p.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("xclass: {}: ", p.display())) && err.contains(want), "{name}: {err:?} lacks {want:?}");
        n += 1;
    }
    assert!(n >= 8);
    let o = xclass(&["classify", &path("tests/fits/multi.fits"), "--hdu", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("there is no HDU 7"));
}
