//! Output that appears whole or not at all: a temporary file next to the destination,
//! renamed over it on success and removed on failure; or stdout.

use std::fs::File;
use std::io::{self, BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

/// Where results go.
pub enum Output {
    /// Standard output (rows already written stay written if a later row fails).
    Stdout(BufWriter<Stdout>),
    /// A temporary file, renamed to `dest` by [`Output::commit`].
    File { tmp: PathBuf, dest: PathBuf, writer: Option<BufWriter<File>> },
}

impl Output {
    /// Opens `dest` (a temporary file beside it), or stdout when `None`.
    pub fn create(dest: Option<&Path>) -> Result<Output, String> {
        let Some(dest) = dest else {
            return Ok(Output::Stdout(BufWriter::with_capacity(1 << 20, io::stdout())));
        };
        let name = dest.file_name().ok_or_else(|| format!("{}: not a file name", dest.display()))?;
        let tmp = dest.with_file_name(format!(".{}.xclass-{}.tmp", name.to_string_lossy(), std::process::id()));
        let file = File::create(&tmp).map_err(|e| format!("{}: cannot create: {e}", dest.display()))?;
        Ok(Output::File { tmp, dest: dest.to_path_buf(), writer: Some(BufWriter::with_capacity(1 << 20, file)) })
    }

    /// Writes bytes; errors name the destination.
    pub fn put(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.write_all(bytes).map_err(|e| self.error(e))
    }

    /// A write error, naming the destination.
    pub fn error(&self, e: io::Error) -> String {
        format!("{}: cannot write: {e}", self.name())
    }

    /// Flushes and, for a file, moves it into place.
    pub fn commit(mut self) -> Result<(), String> {
        let name = self.name();
        let fail = |e: io::Error| format!("{name}: cannot write: {e}");
        match &mut self {
            Output::Stdout(w) => w.flush().map_err(fail),
            Output::File { tmp, dest, writer } => {
                writer.take().expect("open until commit").into_inner().map_err(|e| fail(e.into_error()))?;
                std::fs::rename(&*tmp, &*dest).map_err(fail)
            }
        }
    }

    fn name(&self) -> String {
        match self {
            Output::Stdout(_) => "<stdout>".into(),
            Output::File { dest, .. } => dest.display().to_string(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File { writer, .. } => writer.as_mut().expect("open until commit").write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { writer, .. } => writer.as_mut().expect("open until commit").flush(),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Output::File { tmp, .. } = self {
            // Gone after a successful commit; otherwise leave nothing behind.
            let _ = std::fs::remove_file(tmp);
        }
    }
}
