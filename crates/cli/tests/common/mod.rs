//! Helpers shared by the CLI's integration tests: the built binary, the repository, files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The paper's example VOTable (one detection).
pub fn example() -> PathBuf {
    repo().join("assets/your_xray_example.vot")
}

/// A command running the built `xclass` with `args`.
pub fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xclass"));
    c.args(args);
    c
}

/// Runs the built `xclass` with `args`.
pub fn xclass(args: &[&str]) -> Output {
    cmd(args).output().expect("run xclass")
}

/// stdout as text, after checking that `xclass` succeeded.
pub fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "xclass failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// stderr as text.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts exit code 2 and exactly one stderr line, starting `xclass: ` and containing `what`.
pub fn assert_one_line_error(o: &Output, what: &str) {
    let e = err(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert_eq!(e.lines().count(), 1, "not one line: {e:?}");
    assert!(e.starts_with("xclass: ") && e.ends_with('\n'), "{e:?}");
    assert!(e.contains(what), "{e:?} lacks {what:?}");
}

/// The example classified to standard output: what every destination must receive.
pub fn example_csv() -> Vec<u8> {
    let o = xclass(&["classify", example().to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(o.stdout.starts_with(b"name,obsid,") && o.stdout.windows(9).any(|w| w == b",cluster,"));
    o.stdout
}

/// A folder's entries (names), sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    v.sort();
    v
}

/// `p` as `&str`.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}
