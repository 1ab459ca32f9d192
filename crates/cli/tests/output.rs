//! Writing OUTPUT safely (issue 14, section 2): symbolic links written through, special files
//! written in place, modes kept, `-o -`, the input never overwritten, temporary files that are
//! unpredictable and gone after an interruption.

mod common;

use common::*;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().mode() & 0o7777
}

#[test]
fn a_symlink_is_written_through_to_its_target_and_modes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (real, link) = (dir.path().join("real.csv"), dir.path().join("link.csv"));
    fs::write(&real, "old\n").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    let o = xclass(&["classify", s(&example()), "-o", s(&link)]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    assert_eq!(fs::read(&real).unwrap(), example_csv());
    assert_eq!(mode(&real), 0o640);
    assert_eq!(files_in(dir.path()), ["link.csv", "real.csv"]);

    // An existing file's exact mode is kept (not narrowed by the umask, nor widened).
    for m in [0o600, 0o755] {
        let out = dir.path().join(format!("out{m:o}.csv"));
        fs::write(&out, "old\n").unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(m)).unwrap();
        assert!(xclass(&["classify", s(&example()), "-o", s(&out)]).status.success());
        assert_eq!((mode(&out), fs::read(&out).unwrap()), (m, example_csv()));
    }
    // A new file gets the mode any new file gets here.
    let (new, probe) = (dir.path().join("new.csv"), dir.path().join("probe"));
    fs::File::create(&probe).unwrap();
    assert!(xclass(&["classify", s(&example()), "-o", s(&new)]).status.success());
    assert_eq!(mode(&new), mode(&probe));
}

#[test]
fn a_dangling_symlink_creates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("sub/target.csv", &link).unwrap();
    assert!(xclass(&["classify", s(&example()), "-o", s(&link)]).status.success());
    assert_eq!(fs::read(dir.path().join("sub/target.csv")).unwrap(), example_csv());
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(files_in(&dir.path().join("sub")), ["target.csv"]);
    // A link into a folder that does not exist: one line, nothing created.
    let broken = dir.path().join("broken.csv");
    std::os::unix::fs::symlink("nowhere/x.csv", &broken).unwrap();
    assert_one_line_error(&xclass(&["classify", s(&example()), "-o", s(&broken)]), "nowhere");
}

#[test]
fn a_fifo_is_written_directly() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut got = Vec::new();
            fs::File::open(&fifo).unwrap().read_to_end(&mut got).unwrap();
            got
        })
    };
    let o = xclass(&["classify", s(&example()), "-o", s(&fifo)]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(reader.join().unwrap(), example_csv());
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
    assert_eq!(files_in(dir.path()), ["pipe"]);
}

#[test]
fn dev_null_is_written_not_replaced() {
    // The tests run as root here: a rename over /dev/null would succeed, so this can fail.
    let o = xclass(&["classify", s(&example()), "-o", "/dev/null"]);
    assert!(o.status.success() && o.stdout.is_empty(), "{}", err(&o));
    let m = fs::symlink_metadata("/dev/null").unwrap();
    assert!(m.file_type().is_char_device(), "/dev/null is no longer a device");
}

#[test]
fn dash_and_dev_stdout_are_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    for dest in ["-", "/dev/stdout"] {
        let o = cmd(&["classify", s(&example()), "-o", dest]).current_dir(dir.path()).output().unwrap();
        assert!(o.status.success(), "{}", err(&o));
        assert_eq!(o.stdout, example_csv(), "-o {dest}");
        assert!(files_in(dir.path()).is_empty(), "-o {dest} created {:?}", files_in(dir.path()));
    }
}

#[test]
fn the_input_is_never_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.vot");
    fs::copy(example(), &input).unwrap();
    let original = fs::read(&input).unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("in.vot", dir.path().join("link.vot")).unwrap();
    fs::hard_link(&input, dir.path().join("hard.vot")).unwrap();
    let other_path = dir.path().join("sub/../in.vot");
    for (inp, out) in [
        (input.clone(), input.clone()),
        (input.clone(), other_path),
        (input.clone(), dir.path().join("link.vot")),
        (dir.path().join("link.vot"), input.clone()),
        (input.clone(), dir.path().join("hard.vot")),
    ] {
        let o = xclass(&["classify", s(&inp), "-o", s(&out)]);
        assert_one_line_error(&o, "is the input file");
        assert!(err(&o).starts_with(&format!("xclass: {}: ", out.display())), "{}", err(&o));
        assert_eq!(fs::read(&input).unwrap(), original);
    }
    // Standard input redirected from the output file, and the model file.
    let o = cmd(&["classify", "-", "-o", s(&input)]).stdin(fs::File::open(&input).unwrap()).output().unwrap();
    assert_one_line_error(&o, "is the input file -");
    let model = dir.path().join("model.json");
    fs::copy(repo().join("assets/model.json"), &model).unwrap();
    let o = xclass(&["classify", s(&input), "--model", s(&model), "-o", s(&model)]);
    assert_one_line_error(&o, "is the input file");
    assert_eq!(fs::read(&model).unwrap(), fs::read(repo().join("assets/model.json")).unwrap());
    assert_eq!(fs::read(&input).unwrap(), original);
}

/// Starts `classify - -o out.csv` on a pipe that stays open, waits for its temporary file.
/// The caller waits for the child.
#[allow(clippy::zombie_processes)]
fn start_interruptible(dir: &Path) -> (std::process::Child, std::process::ChildStdin, String) {
    let out = dir.join("out.csv");
    let mut child =
        cmd(&["classify", "-", "-o", s(&out)]).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut rows = String::from("hard_hm,hard_hs\n");
    for i in 0..20_000 {
        rows.push_str(&format!("0.{i},0.5\n"));
    }
    stdin.write_all(rows.as_bytes()).unwrap();
    let start = Instant::now();
    loop {
        let tmp = files_in(dir).into_iter().find(|f| f.starts_with(".out.csv.") && f.ends_with(".xclass.tmp"));
        if let Some(tmp) = tmp {
            return (child, stdin, tmp);
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file_and_the_old_output_intact() {
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("out.csv"), "previous\n").unwrap();
        let (mut child, stdin, tmp) = start_interruptible(dir.path());
        assert!(tmp.len() > ".out.csv..xclass.tmp".len() + 4, "a predictable name: {tmp}");
        let kill = std::process::Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        assert!(kill.success());
        let status = child.wait().unwrap();
        drop(stdin);
        assert_eq!(status.code(), Some(code), "{signal}");
        assert_eq!(files_in(dir.path()), ["out.csv"], "{signal}");
        assert_eq!(fs::read_to_string(dir.path().join("out.csv")).unwrap(), "previous\n");
    }
}

#[test]
fn temporary_names_are_unpredictable_and_planted_links_are_ignored() {
    // The old scheme used `.NAME.xclass-PID.tmp`: plant that name for the next PIDs, pointing
    // at a victim file, and check that a run writes neither through them nor to them.
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "precious\n").unwrap();
    let next_pid = std::process::Command::new("true").spawn().unwrap().id();
    for pid in next_pid..next_pid + 200 {
        std::os::unix::fs::symlink(&victim, dir.path().join(format!(".out.csv.xclass-{pid}.tmp"))).unwrap();
    }
    let out = dir.path().join("out.csv");
    let child = cmd(&["classify", s(&example()), "-o", s(&out)]).stderr(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(fs::read(&out).unwrap(), example_csv());
    assert_eq!(files_in(dir.path()).len(), 202, "files were added or removed");
    eprintln!("run as pid {pid}; links planted for {next_pid}..{}", next_pid + 200);

    // Running runs show their temporary names: random, not derived from the PID.
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut a, in_a, name_a) = start_interruptible(d1.path());
    let (mut b, in_b, name_b) = start_interruptible(d2.path());
    assert_ne!(name_a, name_b);
    for (c, name) in [(&a, &name_a), (&b, &name_b)] {
        assert!(!name.contains(&c.id().to_string()), "{name} holds the PID");
    }
    for (c, i) in [(&mut a, in_a), (&mut b, in_b)] {
        c.kill().unwrap();
        drop(i);
        c.wait().unwrap();
    }
}

#[test]
fn every_writing_command_uses_the_safe_path() {
    let dir = tempfile::tempdir().unwrap();
    let (real, link) = (dir.path().join("real.csv"), dir.path().join("link.csv"));
    fs::write(&real, "old\n").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o604)).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = xclass(&["synth", "10", "-o", s(&link)]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(fs::read(&real).unwrap(), xclass(&["synth", "10"]).stdout);
    assert_eq!(mode(&real), 0o604);
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let o = xclass(&["synth", "10", "-o", "/dev/null"]);
    assert!(o.status.success() && fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device());

    // pack: through a symlink, and a failure leaves the old asset as it was.
    let asset = dir.path().join("catalog.bin");
    fs::write(&asset, "old asset").unwrap();
    let o = xclass(&["pack", "--from", s(&dir.path().join("missing")), "--to", s(&asset)]);
    assert_one_line_error(&o, &format!("{}: ", dir.path().join("missing").display()));
    assert_eq!(fs::read_to_string(&asset).unwrap(), "old asset");
    let alink = dir.path().join("asset-link.bin");
    std::os::unix::fs::symlink(&asset, &alink).unwrap();
    let o = xclass(&["pack", "--from", s(&repo().join("data/umlcaxs")), "--to", s(&alink)]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(fs::read(&asset).unwrap(), fs::read(repo().join("assets/catalog.bin")).unwrap());
    assert!(fs::symlink_metadata(&alink).unwrap().file_type().is_symlink());
}
