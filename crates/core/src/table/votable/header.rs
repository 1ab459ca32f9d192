//! From the start of a VOTable to the start of its first table's data: the FIELDs and how
//! the data is serialised. Everything else (PARAM, GROUP, COOSYS, TIMESYS, INFO, LINK, MIVOT
//! and VODML annotations, unknown elements, any version attribute) is skipped unread.

use super::field::Field;
use super::xml::{attr, element_name, shown, Lines, MAX_DEPTH};
use crate::table::ErrorKind;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::BufRead;

/// The XML reader the VOTable is read with.
pub(super) type Xml<R> = Reader<Lines<R>>;

/// How the table's rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Serialization {
    /// No DATA, or an empty one: the table has no rows.
    None,
    /// `<TABLEDATA>`; the reader is after its start tag.
    TableData,
    /// `<BINARY>` or `<BINARY2>`; the reader is after the `<STREAM>` start tag, at `line`.
    Binary { binary2: bool, line: u64 },
}

/// The first table's columns and the way to its rows.
#[derive(Debug)]
pub(super) struct Header {
    pub fields: Vec<Field>,
    pub data: Serialization,
}

/// A problem before the data, for [`crate::table::TableError::file`].
pub(super) type HeaderError = (ErrorKind, String);

fn malformed(line: u64, what: impl std::fmt::Display) -> HeaderError {
    (ErrorKind::Malformed, format!("line {line}: {what}"))
}

fn unsupported(line: u64, what: impl std::fmt::Display) -> HeaderError {
    (ErrorKind::UnknownFormat, format!("line {line}: {what}"))
}

/// Where the walk is, by the depth of the elements that matter (the root is depth 1).
#[derive(Default)]
struct Walk {
    depth: usize,
    root: bool,
    table: Option<usize>,
    field: Option<usize>,
    data: Option<usize>,
    binary: Option<(usize, bool)>,
    /// The text of an `INFO` that reports a service error, and whether it is being read.
    service_error: Option<String>,
    reading_error: Option<usize>,
    fields: Vec<Field>,
    /// `<VALUES ID="…" null="…">`, and the FIELDs whose `<VALUES ref="…">` names one.
    null_ids: Vec<(String, String)>,
    null_refs: Vec<(usize, String)>,
}

/// Reads up to the first table's data.
pub(super) fn read<R: BufRead>(xml: &mut Xml<R>) -> Result<Header, HeaderError> {
    let mut walk = Walk::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf);
        let line = xml.get_ref().line();
        let event = event.map_err(|e| malformed(line, format_args!("not well-formed XML: {e}")))?;
        let done = match event {
            Event::Start(e) => walk.start(&e, false, line)?,
            Event::Empty(e) => walk.start(&e, true, line)?,
            Event::End(_) => walk.end(),
            Event::Text(t) if walk.reading_error.is_some() => {
                walk.service_error.get_or_insert_with(String::new).push_str(&t);
                None
            }
            Event::Eof => return Err(walk.no_table(line)),
            _ => None,
        };
        if let Some(data) = done {
            for (i, id) in &walk.null_refs {
                let null = walk.null_ids.iter().find(|(v, _)| v == id).map(|(_, n)| n.clone());
                walk.fields[*i].null = walk.fields[*i].null.take().or(null);
            }
            return Ok(Header { fields: walk.fields, data });
        }
    }
}

impl Walk {
    /// An element starts (or is empty); `Some` when the data is reached.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool, line: u64) -> Result<Option<Serialization>, HeaderError> {
        let name = element_name(e);
        let depth = self.depth + 1;
        if !empty {
            if depth > MAX_DEPTH {
                return Err(malformed(line, format_args!("elements nested deeper than {MAX_DEPTH} levels")));
            }
            self.depth = depth;
        }
        let attr = |key| attr(e, key).map_err(|m| malformed(line, m));
        if !self.root {
            self.root = true;
            if name != "VOTABLE" {
                return Err((ErrorKind::UnknownFormat, format!("not a VOTable: its root element is <{}>", shown(name))));
            }
            return Ok(None);
        }
        let Some(table) = self.table else {
            match name {
                "TABLE" if empty => return Ok(Some(Serialization::None)),
                "TABLE" => self.table = Some(depth),
                "INFO" if is_error_info(&attr("name")?, &attr("value")?) => {
                    self.service_error = attr("value")?.filter(|v| v != "ERROR");
                    self.reading_error = (!empty).then_some(depth);
                }
                _ => {}
            }
            return Ok(None);
        };
        let parent = depth - 1;
        if parent == table && name == "FIELD" {
            let label = attr("name")?.or(attr("ID")?).unwrap_or_else(|| format!("column {}", self.fields.len() + 1));
            let field = Field::new(label, attr("datatype")?.as_deref(), attr("arraysize")?.as_deref());
            self.fields.push(field.map_err(|m| malformed(line, m))?);
            self.field = (!empty).then_some(depth);
        } else if self.field == Some(parent) && name == "VALUES" {
            let (null, last) = (attr("null")?, self.fields.len() - 1);
            if let (Some(id), Some(null)) = (attr("ID")?, &null) {
                self.null_ids.push((id, null.clone()));
            }
            if let Some(id) = attr("ref")? {
                self.null_refs.push((last, id));
            }
            self.fields[last].null = null;
        } else if parent == table && name == "DATA" {
            if empty {
                return Ok(Some(Serialization::None));
            }
            self.data = Some(depth);
        } else if self.data == Some(parent) {
            return match name {
                "TABLEDATA" if empty => Ok(Some(Serialization::None)),
                "TABLEDATA" => Ok(Some(Serialization::TableData)),
                "BINARY" | "BINARY2" if empty => Err(malformed(line, format_args!("<{name}/> holds no STREAM"))),
                "BINARY" | "BINARY2" => {
                    self.binary = Some((depth, name == "BINARY2"));
                    Ok(None)
                }
                "FITS" => Err(unsupported(line, "the table's data is FITS-serialised, which xclass does not read (convert it to TABLEDATA or BINARY, e.g. with TOPCAT or astropy)")),
                "PARQUET" => Err(unsupported(line, "the table's data is Parquet-serialised, which xclass does not read (convert it to TABLEDATA or BINARY)")),
                _ => Ok(None),
            };
        } else if let Some((_, binary2)) = self.binary.filter(|(at, _)| *at == parent) {
            if name == "STREAM" {
                stream_is_readable(attr("href")?, attr("encoding")?).map_err(|m| unsupported(line, m))?;
                return Ok(Some(if empty { Serialization::None } else { Serialization::Binary { binary2, line } }));
            }
        }
        Ok(None)
    }

    /// An element ends; `Some` when the table ends without data.
    fn end(&mut self) -> Option<Serialization> {
        let depth = self.depth;
        self.depth = depth.saturating_sub(1);
        if self.reading_error == Some(depth) {
            self.reading_error = None;
        }
        if self.field == Some(depth) {
            self.field = None;
        }
        (self.table == Some(depth) || self.data == Some(depth)).then_some(Serialization::None)
    }

    /// The message for a document without a table.
    fn no_table(&self, line: u64) -> HeaderError {
        if !self.root {
            return (ErrorKind::UnknownFormat, "not a VOTable: it holds no XML element".into());
        }
        if self.depth > 0 {
            return malformed(line, "the file ends before its first table's data (is it truncated?)");
        }
        let why = match self.service_error.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => format!("; the service that wrote it reports an error: {}", shown(text)),
            Some(_) => "; the service that wrote it reports an error".into(),
            None => String::new(),
        };
        (ErrorKind::Empty, format!("the VOTable holds no TABLE{why}"))
    }
}

/// `<INFO name="ERROR">` (IRSA) or `<INFO name="QUERY_STATUS" value="ERROR">` (DALI).
fn is_error_info(name: &Option<String>, value: &Option<String>) -> bool {
    match name.as_deref() {
        Some("ERROR" | "Error" | "error") => true,
        Some("QUERY_STATUS") => value.as_deref() == Some("ERROR"),
        _ => false,
    }
}

/// Only inline base64 streams are read: a link is never followed, other encodings are not
/// decoded.
fn stream_is_readable(href: Option<String>, encoding: Option<String>) -> Result<(), String> {
    if let Some(href) = href {
        return Err(format!(
            "the table's data is in another file (STREAM href=\"{}\"), which xclass never fetches or opens; \
             save the table with its data inline (e.g. with TOPCAT or astropy)",
            shown(&href)
        ));
    }
    match encoding.as_deref().map(str::trim) {
        None | Some("base64") => Ok(()),
        Some("gzip") => Err("the table's data is a gzip-encoded STREAM, which xclass does not read; \
                             save it with base64 encoding"
            .into()),
        Some(other) => Err(format!("the table's data is a STREAM with encoding \"{}\", which xclass does not read", shown(other))),
    }
}
