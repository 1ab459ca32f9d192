//! Input format detection, by content first and file extension second.

use super::error::{ErrorKind, TableError};

/// A supported input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Delimited text with a header line (`,`, or tab for `.tsv`/`.tab`).
    Csv { delimiter: u8 },
    /// IVOA VOTable (TABLEDATA, BINARY or BINARY2), first table of the first resource.
    VoTable,
}

const CSV_EXTENSIONS: [&str; 5] = ["csv", "tsv", "tab", "txt", "dat"];
const VOTABLE_EXTENSIONS: [&str; 3] = ["vot", "votable", "xml"];

/// Bytes of the head examined.
const SAMPLE: usize = 1 << 16;

fn extension(file: &str) -> Option<String> {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// Decides the format from the file name and the first bytes of the input.
///
/// `<` as first non-blank byte means VOTable; binary content, or an extension that is
/// neither CSV nor VOTable (nor absent), is an error.
pub fn detect(file: &str, head: &[u8]) -> Result<Format, TableError> {
    let head = &head[..head.len().min(SAMPLE)];
    let err = |kind, msg: String| Err(TableError::file(file, kind, msg));
    let text = head.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(head);
    let first = text.iter().position(|b| !b.is_ascii_whitespace());
    let ext = extension(file);
    let Some(first) = first else {
        return err(ErrorKind::Empty, "the file is empty".into());
    };
    if text[first] == b'<' {
        return Ok(Format::VoTable);
    }
    if let Some(what) = binary(head) {
        return err(ErrorKind::Binary, format!("{what}, not a CSV or VOTable table"));
    }
    match ext.as_deref() {
        Some(e) if VOTABLE_EXTENSIONS.contains(&e) => {
            err(ErrorKind::UnknownFormat, "does not look like a VOTable (it should start with <?xml or <VOTABLE)".into())
        }
        Some("tsv" | "tab") => Ok(Format::Csv { delimiter: b'\t' }),
        Some(e) if CSV_EXTENSIONS.contains(&e) => Ok(Format::Csv { delimiter: b',' }),
        None => Ok(Format::Csv { delimiter: b',' }),
        Some(e) => err(
            ErrorKind::UnknownFormat,
            format!("unknown format (.{}); expected CSV (.csv, .tsv) or VOTable (.vot, .xml)", crate::message::clean(e)),
        ),
    }
}

/// Describes `head` if it is binary data rather than text.
fn binary(head: &[u8]) -> Option<String> {
    if head.starts_with(&[0x1f, 0x8b]) {
        return Some("gzip-compressed data (decompress it first)".into());
    }
    if head.starts_with(b"SIMPLE  =") {
        return Some("a FITS file".into());
    }
    if let Some(i) = head.iter().position(|&b| b == 0) {
        return Some(format!("binary data (NUL byte at offset {i})"));
    }
    match std::str::from_utf8(head) {
        // An incomplete character at the very end is only the sample's cut.
        Err(e) if e.error_len().is_some() => Some(format!("binary data (invalid UTF-8 at offset {})", e.valid_up_to())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_then_extension() {
        assert_eq!(detect("a.csv", b"  \n<?xml version").unwrap(), Format::VoTable);
        assert_eq!(detect("-", b"\xEF\xBB\xBF<VOTABLE>").unwrap(), Format::VoTable);
        assert_eq!(detect("a.TSV", b"x\ty").unwrap(), Format::Csv { delimiter: b'\t' });
        assert_eq!(detect("dir.v2/a", b"x,y").unwrap(), Format::Csv { delimiter: b',' });
        assert_eq!(detect("a.json", b"{\"x\": 1}").unwrap_err().kind, ErrorKind::UnknownFormat);
        assert_eq!(detect("a.vot", b"x,y").unwrap_err().kind, ErrorKind::UnknownFormat);
        assert_eq!(detect("a.csv", b" \n\t").unwrap_err().kind, ErrorKind::Empty);
        assert_eq!(detect("a.csv", b"ab\0cd").unwrap_err().kind, ErrorKind::Binary);
        assert_eq!(detect("a.csv", b"ab\xff\xfecd").unwrap_err().kind, ErrorKind::Binary);
        assert!(detect("a.csv", "hard_hm,é".as_bytes().split_last().unwrap().1).is_ok());
        assert!(detect("a.csv.gz", b"\x1f\x8b\x08").unwrap_err().message.contains("gzip"));
    }
}
