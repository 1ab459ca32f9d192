//! The malformed-input corpus (`tests/corpus`, see its README): every file through the built
//! `xclass`, with the exit code, message, row count and an untouched OUTPUT it promises.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};

/// What a corpus file's `.expect` promises.
#[derive(Debug)]
struct Expect {
    exit: i32,
    message: Option<String>,
    rows: Option<usize>,
}

fn parse_expect(path: &Path) -> Expect {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let exit = lines.next().and_then(|l| l.strip_prefix("exit ")).and_then(|n| n.trim().parse().ok());
    let exit = exit.unwrap_or_else(|| panic!("{}: line 1 must be `exit N`", path.display()));
    let message = match lines.next().map(str::trim_end) {
        Some("-") => None,
        Some(m) if !m.is_empty() => Some(m.to_string()),
        _ => panic!("{}: line 2 must be a substring of the message or `-`", path.display()),
    };
    let rows = lines.next().filter(|l| !l.trim().is_empty()).map(|l| {
        let n = l.strip_prefix("rows ").and_then(|n| n.trim().parse().ok());
        n.unwrap_or_else(|| panic!("{}: line 3 must be `rows N`", path.display()))
    });
    assert!(lines.all(|l| l.trim().is_empty()), "{}: more than 3 lines", path.display());
    Expect { exit, message, rows }
}

/// The corpus's input files, sorted.
fn corpus() -> Vec<PathBuf> {
    let dir = repo().join("tests/corpus");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !(name.starts_with('.') || name == "README.md" || name.ends_with(".expect") || name.ends_with(".input"))
        })
        .collect();
    files.sort();
    files
}

/// Runs one corpus file; returns what went wrong, if anything.
fn check(file: &Path) -> Result<(), String> {
    let expect = parse_expect(&PathBuf::from(format!("{}.expect", file.display())));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let sentinel = b"results of an earlier run\n";
    fs::write(&out, sentinel).unwrap();
    let args: Vec<String> = if file.extension().is_some_and(|e| e == "json") {
        let input = fs::read_to_string(format!("{}.input", file.display()))
            .map_or_else(|_| example(), |p| repo().join(p.trim()));
        vec!["classify".into(), s(&input).into(), "--model".into(), s(file).into()]
    } else {
        vec!["classify".into(), s(file).into()]
    };
    let mut all = args.clone();
    all.extend(["-o".into(), s(&out).into()]);
    let o = xclass(&all.iter().map(String::as_str).collect::<Vec<_>>());
    let e = err(&o);
    let fail = |what: String| Err(format!("{what}\n  stderr: {e:?}"));
    if o.status.code() != Some(expect.exit) {
        return fail(format!("exit {:?}, expected {}", o.status.code(), expect.exit));
    }
    if e.contains("panicked") || e.contains("RUST_BACKTRACE") {
        return fail("a panic".into());
    }
    if let Some(m) = &expect.message {
        if !e.contains(m.as_str()) {
            return fail(format!("stderr lacks {m:?}"));
        }
    }
    if expect.exit == 2 && !(e.lines().count() == 1 && e.starts_with("xclass: ")) {
        return fail("not exactly one `xclass: ` line".into());
    }
    let written = fs::read(&out).unwrap();
    if expect.exit != 0 && written != sentinel {
        return fail("the existing OUTPUT was changed".into());
    }
    if files_in(dir.path()) != ["out.csv"] {
        return fail(format!("files left beside OUTPUT: {:?}", files_in(dir.path())));
    }
    if let Some(n) = expect.rows {
        let got = records(&written).saturating_sub(1);
        if expect.exit != 0 || got != n {
            return fail(format!("{got} data rows written, expected {n}"));
        }
        // Standard output carries the same bytes as the file.
        let to_stdout = xclass(&args.iter().map(String::as_str).collect::<Vec<_>>());
        if to_stdout.stdout != written {
            return fail("stdout differs from OUTPUT".into());
        }
    }
    Ok(())
}

/// CSV records in `bytes`: line breaks outside quoted fields (a quoted name may hold one).
fn records(bytes: &[u8]) -> usize {
    let mut quoted = false;
    let breaks = bytes.iter().filter(|&&b| {
        quoted ^= b == b'"';
        b == b'\n' && !quoted
    });
    breaks.count() + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

#[test]
fn every_corpus_file_gets_its_promised_answer() {
    let files = corpus();
    assert!(files.len() >= 15, "the corpus shrank to {} files", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| check(f).err().map(|e| format!("{}: {e}", f.file_name().unwrap().to_string_lossy())))
        .collect();
    assert!(failures.is_empty(), "{} of {} corpus files failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn records_are_counted_as_csv_counts_them() {
    assert_eq!(records(b"h\na\n\"b\nc\",1\nd"), 4);
    assert_eq!(records(b"h\n\"x\"\"\ny\"\n"), 2);
    assert_eq!(records(b""), 0);
}

#[test]
fn every_corpus_file_has_a_well_formed_expect() {
    for f in corpus() {
        let e = parse_expect(&PathBuf::from(format!("{}.expect", f.display())));
        assert!([0, 2].contains(&e.exit), "{}: exit {}", f.display(), e.exit);
        assert!(e.exit == 0 || e.message.is_some(), "{}: a failure must name its message", f.display());
    }
    // And no orphan `.expect` or `.input`.
    for entry in fs::read_dir(repo().join("tests/corpus")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.to_string_lossy();
        if let Some(base) = name.strip_suffix(".expect").or_else(|| name.strip_suffix(".input")) {
            assert!(Path::new(base).exists(), "{name} has no corpus file");
        }
    }
}
