//! Temporary files removed when the process is interrupted: on the first SIGINT, SIGTERM or
//! SIGHUP a watcher thread (`signal-hook`) removes the pending temporary files and exits with
//! 128 + the signal's number (130, 143, 129), as a shell reports a process the signal killed.
//! Renaming a file into place and a signal's cleanup exclude each other (one lock), so a
//! destination is either replaced whole or left as it was.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};
use tempfile::NamedTempFile;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static WATCHER: Once = Once::new();

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes `path` if the process is interrupted before [`persist`] or [`forget`].
pub fn remove_on_signal(path: &Path) {
    WATCHER.call_once(|| {
        // Without a watcher (no thread could be started) a signal kills the process as before.
        if let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            let _ = std::thread::Builder::new().name("xclass-signals".into()).spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    for p in pending().iter() {
                        let _ = std::fs::remove_file(p);
                    }
                    std::process::exit(128 + signal);
                }
            });
        }
    });
    pending().push(path.to_path_buf());
}

/// Stops watching `path` (it has been removed).
pub fn forget(path: &Path) {
    pending().retain(|p| p != path);
}

/// Renames `tmp` to `dest` (replacing it), never interleaved with a signal's cleanup.
pub fn persist(tmp: NamedTempFile, dest: &Path) -> io::Result<()> {
    let mut pending = pending();
    let path = tmp.path().to_path_buf();
    // On failure the temporary file comes back inside the error and is removed as it drops.
    let result = tmp.persist(dest).map(drop).map_err(|e| e.error);
    pending.retain(|p| *p != path);
    result
}
