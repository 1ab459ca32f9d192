//! The rows of a BINARY or BINARY2 `<STREAM encoding="base64">`, decoded as they are read:
//! the base64 text is taken straight from the input (not as one XML text event, which would
//! hold the whole stream), a block at a time, so memory stays bounded.

use super::field::{DecodeError, Field, Take, Value};
use super::header::Xml;
use super::xml::{element_name, shown};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use quick_xml::events::Event;
use std::io::BufRead;

/// Lenient as Python's `base64.b64decode`, which astropy uses: padding optional, trailing bits
/// ignored; any other character than the alphabet and blanks is an error.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent).with_decode_allow_trailing_bits(true),
);

/// A binary stream being read.
pub(super) struct Stream<R> {
    xml: Xml<R>,
    /// Base64 characters read but not yet decoded (fewer than 4 until the stream ends).
    chars: Vec<u8>,
    /// Base64 characters decoded so far, for messages.
    decoded_chars: u64,
    /// Decoded bytes; `bytes[pos..]` are not yet taken.
    bytes: Vec<u8>,
    pos: usize,
    /// Decoded bytes taken so far.
    taken: u64,
    /// The `<` after the stream's text has been reached.
    ended: bool,
    /// Line of the `<STREAM>` tag, and the element's name, for messages.
    pub line: u64,
    pub what: &'static str,
}

/// Bytes taken from the input at a time.
const BLOCK: usize = 1 << 16;

impl<R: BufRead> Stream<R> {
    /// A stream whose `<STREAM>` start tag (at `line`) has just been read.
    pub fn new(xml: Xml<R>, line: u64, binary2: bool) -> Stream<R> {
        let what = if binary2 { "BINARY2" } else { "BINARY" };
        Stream { xml, chars: Vec::new(), decoded_chars: 0, bytes: Vec::new(), pos: 0, taken: 0, ended: false, line, what }
    }

    /// The next row's cells (BINARY2: null flags first); `Ok(None)` after the last row.
    pub fn row(&mut self, fields: &[Field], binary2: bool) -> Result<Option<Vec<Value>>, String> {
        if !self.more()? {
            return Ok(None);
        }
        let start = self.taken;
        let flags = if binary2 {
            let n = fields.len().div_ceil(8);
            let flags = self.take(n)?.map(<[u8]>::to_vec);
            flags.ok_or_else(|| self.truncated("its null flags"))?
        } else {
            Vec::new()
        };
        let mut cells = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let v = f.decode(self).map_err(|e| match e {
                DecodeError::Truncated => self.truncated(&format!("column {}", f.name)),
                DecodeError::Invalid(m) => m,
            })?;
            let null = flags.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0);
            cells.push(if null { Value::Null } else { v });
        }
        if self.taken == start {
            return Err(format!("the {} stream's rows hold no bytes (every FIELD has arraysize 0)", self.what));
        }
        Ok(Some(cells))
    }

    fn truncated(&self, place: &str) -> String {
        format!("the {} stream (STREAM at line {}) ends inside this row, in {place}: the data is truncated", self.what, self.line)
    }

    /// Whether bytes remain; at the end, checks that `</STREAM>` closes the stream.
    fn more(&mut self) -> Result<bool, String> {
        while self.pos == self.bytes.len() {
            if self.ended {
                self.close()?;
                return Ok(false);
            }
            self.refill()?;
        }
        Ok(true)
    }

    /// Reads and decodes the next block of base64 text.
    fn refill(&mut self) -> Result<(), String> {
        if self.pos > 0 {
            self.bytes.drain(..self.pos);
            self.pos = 0;
        }
        let mut input = self.xml.stream();
        let buf = input.fill_buf().map_err(|e| format!("reading the {} stream: {e}", self.what))?;
        if buf.is_empty() {
            return Err(format!("the file ends inside the {} stream (STREAM at line {}): it is truncated", self.what, self.line));
        }
        let buf = &buf[..buf.len().min(BLOCK)];
        let end = memchr::memchr(b'<', buf);
        let text = &buf[..end.unwrap_or(buf.len())];
        self.chars.extend(text.iter().filter(|b| !b.is_ascii_whitespace()));
        let n = text.len();
        input.consume(n);
        self.ended = end.is_some();
        let usable = if self.ended { self.chars.len() } else { self.chars.len() / 4 * 4 };
        BASE64.decode_vec(&self.chars[..usable], &mut self.bytes).map_err(|e| self.bad_base64(e))?;
        self.decoded_chars += usable as u64;
        self.chars.drain(..usable);
        Ok(())
    }

    fn bad_base64(&self, e: base64::DecodeError) -> String {
        let at = |offset: usize| self.decoded_chars + offset as u64 + 1;
        let what = match e {
            base64::DecodeError::InvalidByte(i, b) => {
                format!("{:?} at character {}", char::from(b), at(i))
            }
            base64::DecodeError::InvalidLastSymbol(i, b) => {
                format!("{:?} ends it at character {}", char::from(b), at(i))
            }
            base64::DecodeError::InvalidLength(_) => "its length is not a whole number of bytes".into(),
            base64::DecodeError::InvalidPadding => "bad padding".into(),
        };
        format!("the {} stream (STREAM at line {}) is not valid base64: {what}", self.what, self.line)
    }

    /// After the stream's text: only `</STREAM>` may follow.
    fn close(&mut self) -> Result<(), String> {
        let mut buf = Vec::new();
        match self.xml.read_event_into(&mut buf) {
            Ok(Event::End(_)) => Ok(()),
            Ok(other) => Err(format!(
                "the {} stream (STREAM at line {}) holds {}; only base64 text may be inside",
                self.what,
                self.line,
                markup(&other)
            )),
            Err(e) => Err(format!("not well-formed XML after the {} stream: {e}", self.what)),
        }
    }
}

/// What an XML event is, for a message.
fn markup(e: &Event<'_>) -> String {
    match e {
        Event::Start(e) | Event::Empty(e) => format!("an element <{}>", shown(element_name(e))),
        Event::Comment(_) => "a comment".into(),
        Event::CData(_) => "a CDATA section".into(),
        Event::PI(_) => "a processing instruction".into(),
        Event::GeneralRef(_) => "an entity reference".into(),
        Event::Eof => "nothing more (the file ends)".into(),
        _ => "markup".into(),
    }
}

impl<R: BufRead> Take for Stream<R> {
    fn take(&mut self, n: usize) -> Result<Option<&[u8]>, String> {
        while self.bytes.len() - self.pos < n {
            if self.ended {
                return Ok(None);
            }
            self.refill()?;
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        self.taken += n as u64;
        Ok(Some(s))
    }
}
