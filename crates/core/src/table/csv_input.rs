//! The bytes of a CSV input, shared by its two readers: `simd-csv` reads up to the line
//! of the first `"`, [`QuotedCsv`](super::csv_quoted::QuotedCsv) reads from that line on.
//!
//! `simd-csv` opens a quoted field at any `"`, even inside an unquoted field (`Src "A`),
//! where Python's csv (and RFC 4180 readers) take it as data; its fast path is kept for
//! quote-free input, which is where it is exact. Invariant: every byte `simd-csv` is given
//! lies before the start of the line holding the first `"`; the bytes from that line's
//! start on are held for the quote-aware reader.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex, MutexGuard};

/// The input and what the readers need to know about it.
pub(super) struct Input<R> {
    inner: R,
    /// Bytes handed to `simd-csv` so far.
    offset: u64,
    /// Offsets of the line breaks handed to `simd-csv` and not yet counted by the source.
    newlines: VecDeque<u64>,
    /// Bytes handed to `simd-csv` since its last line break (the line being read).
    partial: Vec<u8>,
    /// From the line of the first quote on: where it starts, its bytes, how many were read.
    held: Option<(u64, Vec<u8>, usize)>,
}

/// A shared handle on an [`Input`].
pub(super) struct Shared<R>(Arc<Mutex<Input<R>>>);

impl<R> Clone for Shared<R> {
    fn clone(&self) -> Shared<R> {
        Shared(self.0.clone())
    }
}

impl<R: Read> Shared<R> {
    pub fn new(inner: R) -> Shared<R> {
        let input = Input { inner, offset: 0, newlines: VecDeque::new(), partial: Vec::new(), held: None };
        Shared(Arc::new(Mutex::new(input)))
    }

    pub fn lock(&self) -> MutexGuard<'_, Input<R>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<R: Read> Input<R> {
    /// Where the line of the first quote starts, once one was seen.
    pub fn quoted_from(&self) -> Option<u64> {
        self.held.as_ref().map(|h| h.0)
    }

    /// Removes the noted line breaks before `offset`; returns how many and the last one.
    pub fn pass(&mut self, offset: u64) -> (u64, Option<u64>) {
        let (mut n, mut last) = (0, None);
        while let Some(b) = self.newlines.front().copied().filter(|&b| b < offset) {
            self.newlines.pop_front();
            n += 1;
            last = Some(b);
        }
        (n, last)
    }

    /// Skips a UTF-8 byte order mark at the start of the input, if the quote-aware reader
    /// reads from there.
    pub fn skip_bom(&mut self) {
        if let Some((0, held, read @ 0)) = &mut self.held {
            if held.starts_with(b"\xEF\xBB\xBF") {
                *read = 3;
            }
        }
    }

    /// Reads for the quote-aware reader: the held bytes, then the rest of the input.
    pub fn read_quoted(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some((_, held, read)) = &mut self.held {
            if *read < held.len() {
                let n = buf.len().min(held.len() - *read);
                buf[..n].copy_from_slice(&held[*read..*read + n]);
                *read += n;
                return Ok(n);
            }
        }
        self.inner.read(buf)
    }

    /// Reads for `simd-csv`: nothing from the line of the first quote on.
    fn read_plain(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.held.is_some() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        let mut given = n;
        if let Some(q) = memchr::memchr(b'"', &buf[..n]) {
            given = memchr::memrchr(b'\n', &buf[..q]).map_or(0, |p| p + 1);
            let mut held = if given == 0 { std::mem::take(&mut self.partial) } else { Vec::new() };
            let start = self.offset + given as u64 - held.len() as u64;
            held.extend_from_slice(&buf[given..n]);
            self.held = Some((start, held, 0));
        } else {
            match memchr::memrchr(b'\n', &buf[..n]) {
                Some(p) => {
                    self.partial.clear();
                    self.partial.extend_from_slice(&buf[p + 1..n]);
                }
                None => self.partial.extend_from_slice(&buf[..n]),
            }
        }
        let offset = self.offset;
        self.newlines.extend(memchr::memchr_iter(b'\n', &buf[..given]).map(|i| offset + i as u64));
        self.offset += given as u64;
        Ok(given)
    }
}

/// What `simd-csv` reads.
pub(super) struct Plain<R>(pub Shared<R>);

impl<R: Read> Read for Plain<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.lock().read_plain(buf)
    }
}
