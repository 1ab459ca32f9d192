//! The process's contract (issue 14, sections 4 and 6): usage errors in one line, escaped
//! messages, thread counts that never panic, a closed or broken standard output that fails.

mod common;

use common::*;
use std::process::Stdio;

#[test]
fn usage_errors_are_one_line_and_help_and_version_exit_0() {
    for (args, what) in [
        (&[][..], "a command is needed"),
        (&["--bogus"][..], "unexpected argument '--bogus'"),
        (&["frob"][..], "unrecognized subcommand 'frob'"),
        (&["classify"][..], "required arguments were not provided: <INPUT> (usage: xclass classify"),
        (&["synth", "many"][..], "invalid value 'many'"),
        (&["classify", "x.csv", "--by-source=3"][..], "--by-source"),
    ] {
        assert_one_line_error(&xclass(args), what);
    }
    for args in [&["--help"][..], &["classify", "--help"], &["help", "synth"], &["-V"], &["--version"]] {
        let o = xclass(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", err(&o));
        assert!(o.stderr.is_empty(), "{args:?}");
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains("xclass") || text.contains("Usage"), "{args:?}: {text}");
    }
    assert!(String::from_utf8(xclass(&["--version"]).stdout).unwrap().starts_with("xclass 0."));
}

#[test]
fn echoed_paths_and_names_cannot_forge_lines_or_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("a\nxclass: all good\x1b[2J\u{202e}.csv");
    let o = xclass(&["classify", s(&hostile)]);
    assert_one_line_error(&o, "a\\nxclass: all good\\u{1b}[2J\\u{202e}.csv: No such file");
    // The same through clap's own messages (clap drops escape sequences itself).
    for arg in ["1\nxclass: forged", "1\x1b[2J\x07"] {
        let o = xclass(&["synth", arg]);
        assert_one_line_error(&o, "invalid value '1");
        assert!(!err(&o).trim_end().contains(|c: char| c.is_control()), "{:?}", err(&o));
    }
    // And a file that does exist, with a column name holding escapes (a warning).
    let table = dir.path().join("t\rx.csv");
    std::fs::write(&table, "hard_hm,hard_hs\n0.1,0.2\n").unwrap();
    let o = xclass(&["classify", s(&table)]);
    assert!(o.status.success());
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e:?}");
    assert!(e.starts_with("xclass: warning: ") && e.contains("t\\rx.csv: no column for hard_ms"), "{e:?}");
}

#[test]
fn rayon_num_threads_is_capped_and_checked_never_a_panic() {
    let want = example_csv();
    let run = |value: &str| cmd(&["classify", s(&example())]).env("RAYON_NUM_THREADS", value).output().unwrap();
    let cores = std::thread::available_parallelism().unwrap().get();
    for (value, warning) in [
        (
            "100000".to_string(),
            Some(format!("RAYON_NUM_THREADS=100000 is more than 4 per core; using {} threads", 4 * cores)),
        ),
        ("18446744073709551616".into(), Some("=18446744073709551616 is more than 4 per core".into())),
        ("lots".into(), Some(format!("RAYON_NUM_THREADS=\"lots\" is not a number; using {cores} threads"))),
        ("0".into(), None),
        ("1".into(), None),
        (format!("{}", 4 * cores), None),
    ] {
        let o = run(&value);
        assert_eq!(o.status.code(), Some(0), "{value}: {}", err(&o));
        assert_eq!(o.stdout, want, "{value}");
        match warning {
            Some(w) => {
                assert_eq!(err(&o).lines().count(), 1, "{value}: {}", err(&o));
                assert!(err(&o).starts_with("xclass: warning: ") && err(&o).contains(&w), "{value}: {}", err(&o));
            }
            None => assert!(o.stderr.is_empty(), "{value}: {}", err(&o)),
        }
    }
}

#[test]
fn a_closed_standard_output_fails_in_one_line() {
    // `>&-`: the shell closes fd 1 (Rust's runtime then quietly puts /dev/null there).
    let o = std::process::Command::new("sh")
        .args(["-c", "exec \"$0\" classify \"$1\" >&-", env!("CARGO_BIN_EXE_xclass"), s(&example())])
        .output()
        .unwrap();
    assert_one_line_error(&o, "xclass: <stdout>: standard output is closed");
    // `>/dev/null` is a choice, not an error.
    let o = cmd(&["classify", s(&example())]).stdout(Stdio::null()).output().unwrap();
    assert!(o.status.success() && o.stderr.is_empty(), "{}", err(&o));
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly_with_141() {
    // Enough output to fill the pipe: the reader closes it before reading anything.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.csv");
    assert!(xclass(&["synth", "20000", "-o", s(&input)]).status.success());
    let mut child = cmd(&["classify", s(&input)]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(141), "{}", err(&o));
    assert!(o.stderr.is_empty(), "{}", err(&o));
}

#[test]
fn help_states_the_memory_of_by_source_and_the_exit_codes() {
    let help = String::from_utf8(xclass(&["classify", "--help"]).stdout).unwrap();
    for s in ["bytes each", "2,000,000 names", "130 or 143", "141", "unpredictable name", "symbolic link"] {
        assert!(help.contains(s), "classify --help lacks {s:?}");
    }
}
