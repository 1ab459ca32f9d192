//! FITS header cards (80 ASCII characters, 36 to a 2880-byte block): parsing a header's
//! keywords and values, and formatting cards for writing.

/// Bytes of a FITS block.
pub const BLOCK: usize = 2880;
/// Bytes of a header card.
pub const CARD: usize = 80;

/// A card's value, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum CardValue {
    /// A quoted string (quotes removed, `''` unescaped, trailing blanks dropped).
    Text(String),
    /// Anything else (a number or `T`/`F`), trimmed, without its comment.
    Raw(String),
}

/// A parsed header: keywords in order with their values (commentary cards are dropped).
#[derive(Clone, Debug, Default)]
pub struct Header {
    cards: Vec<(String, CardValue)>,
}

/// Why a card could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardError {
    /// The card holds bytes that are not printable ASCII (data, not a header).
    NotText,
}

impl Header {
    /// Parses one card and adds it; `Ok(true)` when it is the `END` card.
    pub fn push_card(&mut self, card: &[u8]) -> Result<bool, CardError> {
        if card.iter().any(|b| !(b' '..=b'~').contains(b)) {
            return Err(CardError::NotText);
        }
        let text = std::str::from_utf8(card).map_err(|_| CardError::NotText)?;
        let keyword = text[..8.min(text.len())].trim_end();
        if keyword == "END" && text[3..].trim().is_empty() {
            return Ok(true);
        }
        if text.len() < 10 || &text[8..10] != "= " || keyword.is_empty() {
            return Ok(false); // COMMENT, HISTORY, blank or a keyword without value
        }
        self.cards.push((keyword.to_string(), parse_value(&text[10..])));
        Ok(false)
    }

    /// The value of `keyword` (the first card with it).
    pub fn get(&self, keyword: &str) -> Option<&CardValue> {
        self.cards.iter().find(|(k, _)| k == keyword).map(|(_, v)| v)
    }

    /// The first keyword of the header.
    pub fn first_keyword(&self) -> Option<&str> {
        self.cards.first().map(|(k, _)| k.as_str())
    }

    /// A string value (`None` when absent); a non-string value is returned as written.
    pub fn text(&self, keyword: &str) -> Option<&str> {
        self.get(keyword).map(|v| match v {
            CardValue::Text(s) | CardValue::Raw(s) => s.as_str(),
        })
    }

    /// An integer value: `Ok(None)` when absent, `Err(written)` when not an integer.
    pub fn int(&self, keyword: &str) -> Result<Option<i64>, String> {
        match self.get(keyword) {
            None => Ok(None),
            Some(CardValue::Raw(s)) => s.parse::<i64>().map(Some).map_err(|_| s.clone()),
            Some(CardValue::Text(s)) => Err(format!("'{s}'")),
        }
    }

    /// A real value (FITS allows `D` exponents): `Ok(None)` when absent.
    pub fn real(&self, keyword: &str) -> Result<Option<f64>, String> {
        match self.get(keyword) {
            None => Ok(None),
            Some(CardValue::Raw(s)) => s.replace(['D', 'd'], "E").parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or_else(|| s.clone()),
            Some(CardValue::Text(s)) => Err(format!("'{s}'")),
        }
    }

    /// A logical value: `Some(true)` for `T`.
    pub fn logical(&self, keyword: &str) -> Option<bool> {
        match self.get(keyword) {
            Some(CardValue::Raw(s)) => Some(s == "T"),
            _ => None,
        }
    }
}

fn parse_value(field: &str) -> CardValue {
    let field = field.trim_start();
    if let Some(rest) = field.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(c);
        }
        return CardValue::Text(out.trim_end().to_string());
    }
    let value = field.split('/').next().unwrap_or("");
    CardValue::Raw(value.trim().to_string())
}

/// Formats a card with a value; `value` is written as is (quote strings with [`quoted`]).
/// Longer values are cut at 80 characters.
pub fn card(keyword: &str, value: &str) -> [u8; CARD] {
    let mut out = [b' '; CARD];
    let text = format!("{keyword:<8}= {value:>20}");
    for (o, b) in out.iter_mut().zip(text.bytes().filter(|b| (b' '..=b'~').contains(b))) {
        *o = b;
    }
    out
}

/// A string value quoted as FITS wants (`''` for a quote, at least 8 characters inside).
/// Characters outside printable ASCII become `?`.
pub fn quoted(s: &str) -> String {
    let ascii: String = s.chars().map(|c| if (' '..='~').contains(&c) { c } else { '?' }).collect();
    let inner = ascii.replace('\'', "''");
    format!("'{inner:<8}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pad(s: &str) -> Vec<u8> {
        format!("{s:<80}").into_bytes()
    }

    #[test]
    fn cards_parse_as_the_standard_says() {
        let mut h = Header::default();
        for c in [
            "XTENSION= 'BINTABLE'           / binary table extension",
            "NAXIS1  =                   40 / width of table in bytes",
            "TTYPE1  = 'it''s   '",
            "TSCAL1  =               1.5D-1",
            "COMMENT   not a value = 3",
            "ZIMAGE  =                    T",
        ] {
            assert_eq!(h.push_card(&pad(c)), Ok(false));
        }
        assert_eq!(h.text("XTENSION"), Some("BINTABLE"));
        assert_eq!(h.int("NAXIS1"), Ok(Some(40)));
        assert_eq!(h.text("TTYPE1"), Some("it's"));
        assert_eq!(h.real("TSCAL1"), Ok(Some(0.15)));
        assert_eq!(h.int("TTYPE1"), Err("'it's'".into()));
        assert_eq!(h.int("COMMENT"), Ok(None));
        assert_eq!(h.logical("ZIMAGE"), Some(true));
        assert_eq!(h.push_card(&pad("END")), Ok(true));
        assert_eq!(h.push_card(b"\0\0\0"), Err(CardError::NotText));
    }

    #[test]
    fn written_cards_read_back() {
        let mut h = Header::default();
        h.push_card(&card("TTYPE1", &quoted("o'k é"))).unwrap();
        h.push_card(&card("NAXIS2", "12")).unwrap();
        assert_eq!(h.text("TTYPE1"), Some("o'k ?"));
        assert_eq!(h.int("NAXIS2"), Ok(Some(12)));
        assert_eq!(&card("NAXIS2", "12")[..30], b"NAXIS2  =                   12");
    }
}
