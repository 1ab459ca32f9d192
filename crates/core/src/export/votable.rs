//! VOTable 1.4 output: one TABLEDATA table, written directly (no document model: the format
//! is a few fixed elements, and the `votable` crate it replaces is no longer needed to read).

use super::{Kind, OutTable, Value};
use std::fmt::Write;

/// The text of `s` as XML character data or attribute value: markup escaped, and the
/// characters XML 1.0 forbids even escaped (most C0 controls, U+FFFE/U+FFFF) replaced by U+FFFD.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn datatype(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "unicodeChar\" arraysize=\"*",
        Kind::Real => "double",
        Kind::Integer => "long",
        Kind::Boolean => "boolean",
    }
}

/// The table as a VOTable document; missing and non-finite values are empty cells (null).
pub(super) fn write(table: &OutTable, description: &str) -> String {
    let mut out = String::with_capacity(256 + table.rows.len() * table.columns.len() * 24);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n");
    let _ = writeln!(out, "  <DESCRIPTION>{}</DESCRIPTION>\n  <RESOURCE>\n    <TABLE name=\"xclass\">", xml(description));
    for c in &table.columns {
        let _ = write!(out, "      <FIELD name=\"{}\" datatype=\"{}\"", xml(&c.name), datatype(c.kind));
        if let (Some(unit), Some(ucd)) = (c.unit, c.ucd) {
            let _ = write!(out, " unit=\"{}\" ucd=\"{}\"", xml(unit), xml(ucd));
        }
        out.push_str("/>\n");
    }
    out.push_str("      <DATA>\n        <TABLEDATA>\n");
    for row in &table.rows {
        out.push_str("          <TR>");
        for v in row {
            match v {
                Value::Text(s) => {
                    let _ = write!(out, "<TD>{}</TD>", xml(s));
                }
                Value::Null => out.push_str("<TD/>"),
                v => {
                    let _ = write!(out, "<TD>{}</TD>", v.text());
                }
            }
        }
        out.push_str("</TR>\n");
    }
    out.push_str("        </TABLEDATA>\n      </DATA>\n    </TABLE>\n  </RESOURCE>\n</VOTABLE>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_kept_valid_xml() {
        assert_eq!(xml("a<b & \"c\" > d"), "a&lt;b &amp; &quot;c&quot; &gt; d");
        assert_eq!(xml("tab\there\u{1}\u{1b}[31m\u{FFFF}é"), "tab\there\u{FFFD}\u{FFFD}[31m\u{FFFD}é");
    }
}
