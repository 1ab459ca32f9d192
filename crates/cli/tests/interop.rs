//! The built `xclass` binary with the astronomer's other formats: FITS input (`--hdu`), the
//! bad FITS files of `tests/corpus`, and `xclass match`.

mod common;
#[path = "../../core/tests/known/mod.rs"]
mod known;

use common::{repo, stdout, xclass};
use known::*;
use std::collections::HashMap;




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

#[test]
fn match_writes_csv_votable_and_fits_and_refuses_bad_lists() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("targets.csv");
    // The catalog's first source in hours and degrees, and a position far from every source.
    std::fs::write(&list, "id,ra,dec\nA,00:42:31.14,+41 16 21.6\nB,0,0\n").unwrap();
    let text = stdout(&xclass(&["match", list.to_str().unwrap()]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("id,ra,dec,target_ra,target_dec,matched,separation_arcsec,match_name,"), "{}", lines[0]);
    assert!(lines[1].starts_with("A,00:42:31.14,+41 16 21.6,10.62975,41.272666666666666,true,0.0282"), "{}", lines[1]);
    assert!(lines[1].contains(",2CXO J004231.1+411621,") && lines[1].contains(",HMXB,HMXB,XB,true,97,"), "{}", lines[1]);
    assert!(lines[2].starts_with("B,0,0,0.0,0.0,false,,"), "{}", lines[2]);
    for ext in ["vot", "fits"] {
        let out = dir.path().join(format!("m.{ext}"));
        let o = xclass(&["match", list.to_str().unwrap(), "--radius", "0.01", "-o", out.to_str().unwrap()]);
        assert!(o.status.success());
        let bytes = std::fs::read(&out).unwrap();
        assert!(if ext == "fits" { bytes.starts_with(b"SIMPLE  =") } else { bytes.starts_with(b"<?xml") });
        // 0.028" is beyond a radius of 0.01": nothing matched.
        assert!(String::from_utf8_lossy(&o.stderr).contains("0 of 2 targets matched"));
    }
    // --model: the source as its first detection under that model (here the published
    // model's file: the published first detection's class and probabilities).
    let model = repo().join("assets/model.json");
    let text = stdout(&xclass(&["match", "--model", model.to_str().unwrap(), list.to_str().unwrap()]));
    let row = first_row(&text);
    let cat = xclass_core::catalog::published::read_published(&repo().join("data/umlcaxs")).unwrap();
    let source = cat.sources.iter().find(|s| s.name == "2CXO J004231.1+411621").unwrap();
    let first = &cat.detections[source.first as usize];
    assert_eq!((row["soft_master_class"].as_str(), row["detection_count"].as_str()), (first.class().name(), "1"));
    for (c, p) in xclass_core::Class::ALL.iter().zip(first.probs) {
        let got: f64 = row[&format!("mean_{}", c.name())].parse().unwrap();
        assert!((got - p).abs() <= 1e-6, "{c:?}: {got} vs the published {p}");
    }
    // A model file that does not load: one line naming it, exit 2, no output.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"features\": [").unwrap();
    let out = dir.path().join("never-model.csv");
    let o = xclass(&["match", "--model", broken.to_str().unwrap(), list.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("xclass: {}: ", broken.display())), "{err}");
    assert!(!out.exists());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "ra,dec\n1,2\nx,3\n").unwrap();
    let o = xclass(&["match", bad.to_str().unwrap(), "-o", dir.path().join("never.csv").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.trim(),
        format!("xclass: {}: line 3, column ra: \"x\" is not a right ascension (degrees, or hours as h:m:s or h m s)", bad.display())
    );
    assert!(!dir.path().join("never.csv").exists());
}
