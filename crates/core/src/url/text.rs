//! The text of one value (its grammar is in [`super`]): JSON scalars and scalar lists ↔
//! readable, percent-encoded text, and the compact form of long values.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Number, Value};

/// Characters written as they are in values; everything else is %-escaped.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'*').remove(b':');
/// Key segments also escape `.`, the path separator.
pub(super) const KEY: &AsciiSet = &VALUE.add(b'.');

/// Values whose readable text is longer than this are written compactly when that is shorter.
const COMPACT_OVER: usize = 200;
/// Largest inflated compact value accepted.
const INFLATE_LIMIT: usize = 1 << 20;
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Percent-decodes into UTF-8.
pub(super) fn unescape(s: &str) -> Result<String, String> {
    percent_decode_str(s).decode_utf8().map(|c| c.into_owned()).map_err(|_| "not UTF-8 after %-decoding".into())
}

fn is_number(s: &str) -> bool {
    serde_json::from_str::<Number>(s).is_ok()
}

/// A scalar's text (`None` for an array or object).
fn scalar_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        // serde_json writes 1e+300; `+` reads as a space in form-encoded queries.
        Value::Number(n) => n.to_string().replace("e+", "e"),
        Value::String(s) => {
            let t = utf8_percent_encode(s, VALUE).to_string();
            if matches!(t.as_str(), "null" | "true" | "false") || t.starts_with('~') || is_number(&t) {
                format!("%{:02X}{}", t.as_bytes()[0], &t[1..])
            } else {
                t
            }
        }
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// The text of a scalar or an array of scalars, compact when long; `None` for anything else.
pub(super) fn value_text(v: &Value) -> Option<String> {
    let text = match v {
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) => items.iter().map(scalar_text).collect::<Option<Vec<_>>>()?.join(","),
        Value::Object(m) if m.is_empty() => "{}".into(),
        _ => scalar_text(v)?,
    };
    if text.len() > COMPACT_OVER {
        let packed = format!("~{}", BASE64.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9)));
        if packed.len() < text.len() {
            return Some(packed);
        }
    }
    Some(text)
}

fn scalar(text: &str) -> Result<Value, String> {
    Ok(match text {
        "null" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match serde_json::from_str::<Number>(text) {
            Ok(n) => Value::Number(n),
            Err(_) => Value::String(unescape(text)?),
        },
    })
}

/// The readings of a value's text, most likely first: the grammar's, then tolerant ones for
/// hand-written values (a lone scalar as a one-element array; the literal text as a string).
pub(super) fn readings(text: &str) -> Result<Vec<Value>, String> {
    let text = match text.strip_prefix('~') {
        Some(packed) => inflate(packed)?,
        None => text.to_string(),
    };
    Ok(match text.as_str() {
        "[]" => vec![Value::Array(vec![])],
        "{}" => vec![Value::Object(Map::new())],
        t if t.contains(',') => {
            let items = t.split(',').map(scalar).collect::<Result<Vec<_>, _>>()?;
            vec![Value::Array(items), Value::String(unescape(t)?)]
        }
        t => {
            let s = scalar(t)?;
            let literal = (!s.is_string()).then(|| unescape(t)).transpose()?.map(Value::String);
            [Some(s.clone()), Some(Value::Array(vec![s])), literal].into_iter().flatten().collect()
        }
    })
}

fn inflate(packed: &str) -> Result<String, String> {
    let bytes = BASE64.decode(packed).map_err(|e| format!("bad compact value: {e}"))?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, INFLATE_LIMIT)
        .map_err(|_| "bad compact value: does not inflate".to_string())?;
    match String::from_utf8(raw) {
        Ok(t) if !t.starts_with('~') => Ok(t),
        _ => Err("bad compact value: not a value's text".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn readable_text() {
        let t = |v: Value| value_text(&v).unwrap();
        assert_eq!(t(json!("AGN")), "AGN");
        assert_eq!(t(json!(["AGN", "XB"])), "AGN,XB");
        assert_eq!(t(json!("a,b&c=d#e f")), "a%2Cb%26c%3Dd%23e%20f");
        assert_eq!(t(json!("true")), "%74rue");
        assert_eq!(t(json!("-1.5")), "%2D1.5");
        assert_eq!(t(json!("~x")), "%7Ex");
        assert_eq!(t(json!("x~:*.")), "x~:*.");
        assert_eq!(t(json!(0.1)), "0.1");
        assert_eq!(t(json!(1e300)), "1e300");
        assert_eq!(t(json!([])), "[]");
        assert_eq!(t(json!([null, 2, false])), "null,2,false");
        assert_eq!(value_text(&json!([[1]])), None);
    }

    #[test]
    fn readings_follow_the_grammar_first() {
        assert_eq!(readings("%74rue").unwrap(), [json!("true"), json!(["true"])]);
        assert_eq!(readings("true").unwrap(), [json!(true), json!([true]), json!("true")]);
        assert_eq!(readings("a,%2C").unwrap(), [json!(["a", ","]), json!("a,,")]);
        assert_eq!(readings("").unwrap(), [json!(""), json!([""])]);
        assert_eq!(readings("1e400").unwrap()[0], json!("1e400")); // not a finite number
        assert!(readings("%FF").is_err());
    }

    #[test]
    fn long_values_are_compact_and_come_back() {
        let long = json!(vec!["hard_hs"; 100]);
        let text = value_text(&long).unwrap();
        assert!(text.starts_with('~') && text.len() < 100, "{text}");
        assert_eq!(readings(&text).unwrap()[0], long);
        assert!(readings(&text[..text.len() / 2]).is_err());
        assert!(readings("~!!").is_err());
    }
}
