//! The rows of a `<TABLEDATA>`, one `<TR>` at a time.

use super::field::{Field, Slice, Value};
use super::header::Xml;
use super::xml::{attr, element_name, push_ref, shown};
use base64::Engine;
use quick_xml::events::Event;
use std::io::BufRead;

/// A TABLEDATA being read.
pub(super) struct TableData<R> {
    xml: Xml<R>,
    buf: Vec<u8>,
}

impl<R: BufRead> TableData<R> {
    /// A TABLEDATA whose start tag has just been read.
    pub fn new(xml: Xml<R>) -> TableData<R> {
        TableData { xml, buf: Vec::new() }
    }

    /// The next row's cell texts (nulls empty); `Ok(None)` at `</TABLEDATA>`.
    pub fn row(&mut self, fields: &[Field]) -> Result<Option<Vec<String>>, String> {
        let xml = &mut self.xml;
        loop {
            match next(xml, &mut self.buf)? {
                Event::Start(e) if element_name(&e) == "TR" => break,
                Event::Empty(e) if element_name(&e) == "TR" => return Ok(Some(Vec::new())),
                Event::Start(e) | Event::Empty(e) => return Err(unexpected(element_name(&e), "TABLEDATA")),
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(eof("TABLEDATA")),
                _ => {}
            }
        }
        let mut cells = Vec::with_capacity(fields.len());
        loop {
            let (empty, base64) = match next(xml, &mut self.buf)? {
                Event::Start(e) if element_name(&e) == "TD" => {
                    let plain = e.attributes_raw().trim_ascii().is_empty();
                    (false, !plain && attr(&e, "encoding")?.as_deref() == Some("base64"))
                }
                Event::Empty(e) if element_name(&e) == "TD" => (true, false),
                Event::Start(e) | Event::Empty(e) => return Err(unexpected(element_name(&e), "TR")),
                Event::End(_) => return Ok(Some(cells)),
                Event::Eof => return Err(eof("TR")),
                _ => continue,
            };
            let text = if empty { String::new() } else { cell_text(xml, &mut self.buf)? };
            cells.push(match fields.get(cells.len()) {
                Some(f) if base64 => decoded(f, &text)?,
                Some(f) => f.text(text),
                None => text,
            });
        }
    }
}

/// The next event.
fn next<'b, R: BufRead>(xml: &mut Xml<R>, buf: &'b mut Vec<u8>) -> Result<Event<'b>, String> {
    buf.clear();
    xml.read_event_into(buf).map_err(|e| format!("not well-formed XML: {e}"))
}

/// The text of a `<TD>` up to its `</TD>`.
fn cell_text<R: BufRead>(xml: &mut Xml<R>, buf: &mut Vec<u8>) -> Result<String, String> {
    let mut text = String::new();
    loop {
        match next(xml, buf)? {
            Event::Text(t) => text.push_str(&t),
            Event::GeneralRef(r) => push_ref(&mut text, &r)?,
            Event::CData(c) => text.push_str(&c),
            Event::End(_) => return Ok(text),
            Event::Start(e) | Event::Empty(e) => return Err(unexpected(element_name(&e), "TD")),
            Event::Eof => return Err(eof("TD")),
            _ => {}
        }
    }
}

fn unexpected(name: &str, parent: &str) -> String {
    format!("unexpected <{}> inside <{parent}>", shown(name))
}

fn eof(inside: &str) -> String {
    format!("the file ends inside <{inside}> (is it truncated?)")
}

/// A `<TD encoding="base64">`: the cell's binary form.
fn decoded(f: &Field, text: &str) -> Result<String, String> {
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&clean)
        .map_err(|e| format!("column {}: a base64 TD that does not decode ({e})", f.name))?;
    match f.decode(&mut Slice(&bytes)) {
        Ok(Value::Text(t)) => Ok(t),
        Ok(Value::Number(x)) => Ok(x.to_string()),
        Ok(Value::Null) => Ok(String::new()),
        Err(_) => Err(format!("column {}: a base64 TD too short for its datatype", f.name)),
    }
}
