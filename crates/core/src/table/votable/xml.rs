//! What the VOTable reader needs around `quick-xml`: line numbers for messages, element
//! and attribute names without namespace prefixes, entity references, safe quoting.

use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::XmlVersion;
use std::io::{BufRead, Read, Result};

/// Elements nested deeper than this are refused (VOTables nest about ten deep; MIVOT
/// annotations a few more). The reader is iterative, so this bounds memory, not the stack.
pub(super) const MAX_DEPTH: usize = 256;

/// A reader that counts the line breaks its consumer has passed, until told to stop (the
/// data's messages name rows; counting every event's bytes cost 15% of TABLEDATA reading).
pub(super) struct Lines<R> {
    inner: R,
    newlines: u64,
    counting: bool,
}

impl<R> Lines<R> {
    pub fn new(inner: R) -> Lines<R> {
        Lines { inner, newlines: 0, counting: true }
    }

    /// The 1-based line the consumer is on (while counting).
    pub fn line(&self) -> u64 {
        self.newlines + 1
    }

    /// Stops counting: [`Lines::line`] stays where it is.
    pub fn stop_counting(&mut self) {
        self.counting = false;
    }
}

fn newlines(b: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', b).count() as u64
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        let n = self.inner.read(buf)?;
        if self.counting {
            self.newlines += newlines(&buf[..n]);
        }
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        // The bytes consumed are the front of the buffer the consumer has just seen.
        if self.counting {
            if let Ok(b) = self.inner.fill_buf() {
                self.newlines += newlines(&b[..n.min(b.len())]);
            }
        }
        self.inner.consume(n)
    }
}

/// A name without its namespace prefix (`vot:TABLE` → `TABLE`).
pub(super) fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// The element's name without prefix.
pub(super) fn element_name<'a>(e: &'a BytesStart<'_>) -> &'a str {
    local(e.name().0)
}

/// The value of attribute `key` (matched without prefix), entities resolved.
pub(super) fn attr(e: &BytesStart<'_>, key: &str) -> std::result::Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|err| format!("a broken attribute in <{}>: {err}", element_name(e)))?;
        if local(a.key.0) == key {
            let v =
                a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| format!("attribute {key} of <{}>: {err}", element_name(e)))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Appends the text an entity or character reference stands for.
pub(super) fn push_ref(out: &mut String, r: &BytesRef<'_>) -> std::result::Result<(), String> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| format!("a bad character reference &{};: {e}", shown(r)))? {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
        out.push_str(s);
    } else {
        return Err(format!("unknown entity &{};", shown(r)));
    }
    Ok(())
}

/// Text from the input made safe for a one-line message: control characters escaped, cut
/// after 60 characters.
pub(super) fn shown(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().take(60) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if s.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_as_consumed() {
        let mut r = Lines::new(&b"a\nb\nc"[..]);
        assert_eq!(r.line(), 1);
        r.consume(2);
        assert_eq!(r.line(), 2);
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert_eq!((r.line(), rest.as_str()), (3, "b\nc"));
        let mut r = Lines::new(&b"a\nb\nc"[..]);
        r.stop_counting();
        r.consume(4);
        assert_eq!(r.line(), 1);
    }

    #[test]
    fn names_and_quoting() {
        assert_eq!(local("vot:TABLE"), "TABLE");
        assert_eq!(local("TABLE"), "TABLE");
        assert_eq!(shown("a\nb\u{1b}[31m \"q\""), "a\\nb\\u{1b}[31m \"q\"");
        assert_eq!(shown(&"x".repeat(70)), format!("{}…", "x".repeat(60)));
    }
}
