//! Where a command's results go, safely. A regular file appears whole or not at all: the
//! rows go to a temporary file created exclusively, with an unpredictable name, in the
//! destination's folder (the `tempfile` crate), which is renamed over the destination on
//! success and removed on error, on drop and on SIGINT/SIGTERM. A symbolic link is written
//! through to its target; the destination's mode (and owner, when permitted) is kept; a
//! device or FIFO (`/dev/null`, a named pipe) is written directly, never replaced; `-` (or no
//! destination) is standard output. A broken pipe ends the process quietly with exit code 141
//! (the reader has gone, as `yes | head`); any other write error is one message.

mod signals;

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Buffer between the rows and the file.
const BUFFER: usize = 1 << 20;
/// Symbolic links followed before giving up (as Linux's `ELOOP`).
const MAX_LINKS: usize = 40;

/// An open destination: write to it, then [`Output::commit`].
pub struct Output {
    name: String,
    sink: Sink,
}

enum Sink {
    /// Standard output or a special file: written in place (a failure leaves what was written).
    Direct(BufWriter<File>),
    /// A temporary file beside `dest`, renamed to it by [`Output::commit`].
    Temp { writer: Option<BufWriter<NamedTempFile>>, dest: PathBuf },
}

impl Output {
    /// Opens `dest` (`None` or `-`: standard output).
    pub fn create(dest: Option<&Path>) -> Result<Output, String> {
        let dest = dest.filter(|d| *d != Path::new("-") && *d != Path::new("/dev/stdout"));
        let Some(dest) = dest else {
            if stdout_was_closed() {
                return Err("<stdout>: standard output is closed".into());
            }
            let fd = io::stdout().as_fd().try_clone_to_owned();
            let file = fd.map_err(|e| format!("<stdout>: standard output is not open ({e})"))?;
            return Ok(Output {
                name: "<stdout>".into(),
                sink: Sink::Direct(BufWriter::with_capacity(BUFFER, file.into())),
            });
        };
        let name = dest.display().to_string();
        let fail = |what: &str, e: io::Error| format!("{name}: {what}: {e}");
        let (target, special) = resolve(dest).map_err(|e| fail("cannot resolve", e))?;
        let existing = match fs::metadata(&target) {
            Ok(m) if m.is_dir() => return Err(format!("{name}: is a directory")),
            Ok(m) if special || !m.is_file() => {
                // Appending: a file reached through /proc (`-o /dev/stderr` with `2>>log`) keeps
                // what is already there; devices and FIFOs ignore it.
                let file = OpenOptions::new().append(true).open(dest).map_err(|e| fail("cannot open", e))?;
                return Ok(Output { name, sink: Sink::Direct(BufWriter::with_capacity(BUFFER, file)) });
            }
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(fail("cannot open", e)),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let prefix = format!(".{}.", target.file_name().map_or("out".into(), |f| f.to_string_lossy()));
        let tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".xclass.tmp")
            .permissions(Permissions::from_mode(0o666)) // less the umask, as any new file
            .tempfile_in(dir)
            .map_err(|e| fail(&format!("cannot create a temporary file in {}", dir.display()), e))?;
        signals::remove_on_signal(tmp.path());
        if let Some(m) = existing {
            // Keep the destination's mode exactly (not less the umask), and its owner if allowed.
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
            tmp.as_file()
                .set_permissions(Permissions::from_mode(m.mode() & 0o7777))
                .map_err(|e| fail("cannot set mode", e))?;
        }
        Ok(Output { name, sink: Sink::Temp { writer: Some(BufWriter::with_capacity(BUFFER, tmp)), dest: target } })
    }

    /// Writes bytes; errors name the destination.
    pub fn put(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.write_all(bytes).map_err(|e| self.error(e))
    }

    /// A write error, naming the destination. A broken pipe exits the process (code 141).
    pub fn error(&self, e: io::Error) -> String {
        write_error(&self.name, e)
    }

    /// Flushes and, for a temporary file, moves it into place.
    pub fn commit(mut self) -> Result<(), String> {
        let name = &self.name;
        match &mut self.sink {
            Sink::Direct(w) => w.flush().map_err(|e| write_error(name, e)),
            Sink::Temp { writer, dest } => {
                let tmp = writer.take().expect("open until commit").into_inner().map_err(|e| e.into_error());
                signals::persist(tmp.map_err(|e| write_error(name, e))?, dest).map_err(|e| write_error(name, e))
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Direct(w) => w.write(buf),
            Sink::Temp { writer, .. } => writer.as_mut().expect("open until commit").write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Direct(w) => w.flush(),
            Sink::Temp { writer, .. } => writer.as_mut().expect("open until commit").flush(),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Sink::Temp { writer, .. } = &mut self.sink {
            if let Some(w) = writer.take() {
                // Not committed: remove the temporary file (unflushed), then stop watching it.
                let (tmp, _unwritten) = w.into_parts();
                let path = tmp.path().to_path_buf();
                drop(tmp);
                signals::forget(&path);
            }
        }
    }
}

/// The message for a write error. A broken pipe exits the process instead (code 141).
fn write_error(name: &str, e: io::Error) -> String {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(141);
    }
    format!("{name}: cannot write: {e}")
}

/// Whether standard output was closed when the process started. Rust's runtime then opens
/// `/dev/null` on it, read-write, so writes would vanish; a shell's `>/dev/null` opens it
/// write-only. (Linux's `/proc`; elsewhere assumed open.)
fn stdout_was_closed() -> bool {
    let null = fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
    let flags = fs::read_to_string("/proc/self/fdinfo/1").ok().and_then(|info| {
        let line = info.lines().find_map(|l| l.strip_prefix("flags:"))?;
        u32::from_str_radix(line.trim(), 8).ok()
    });
    null && flags.is_some_and(|f| f & 0o3 == 0o2) // O_ACCMODE == O_RDWR
}

/// Follows `path` through symbolic links to the file they name, which may not exist yet.
/// `true` when a link leads into `/proc` or `/dev/fd` (e.g. `/dev/stderr`): such a file is
/// opened through its link and written in place.
fn resolve(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = p.parent().map_or(link.clone(), |dir| dir.join(&link));
                if p.starts_with("/proc") || p.starts_with("/dev/fd") {
                    return Ok((p, true));
                }
            }
            Ok(_) => return Ok((p, false)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((p, false)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Refuses an output that is one of the inputs (the same device and inode, however named;
/// `-` is standard input), before anything is read or written.
pub fn check_distinct(dest: Option<&Path>, inputs: &[&Path]) -> Result<(), String> {
    let Some(dest) = dest.filter(|d| *d != Path::new("-")) else {
        return Ok(());
    };
    let Some(out) = identity(dest) else {
        return Ok(());
    };
    match inputs.iter().find(|i| identity(i) == Some(out)) {
        Some(input) => {
            Err(format!("{}: is the input file {}; write the output elsewhere", dest.display(), input.display()))
        }
        None => Ok(()),
    }
}

/// A file's device and inode (symbolic links followed); `-` is standard input.
fn identity(path: &Path) -> Option<(u64, u64)> {
    let m = if path == Path::new("-") {
        File::from(io::stdin().as_fd().try_clone_to_owned().ok()?).metadata()
    } else {
        fs::metadata(path)
    };
    m.ok().filter(|m| m.is_file()).map(|m| (m.dev(), m.ino()))
}
