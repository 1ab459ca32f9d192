//! CSV text output primitives: RFC 4180 quoting, spreadsheet-safe text and shortest
//! round-trip numbers.

use std::borrow::Cow;

/// A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-` or
/// `@`, and is not a number) gets a leading `'`, which spreadsheets show as text (OWASP's
/// advice against CSV injection). Numbers, such as `-0.5`, are never changed.
pub fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    // Numbers and sexagesimal positions (`+41 16 21.6`, `-09:23:02`) are data, not formulas:
    // without letters or parentheses a spreadsheet cannot call anything.
    let sexagesimal = |t: &str| {
        let rest = t.trim().trim_start_matches(['+', '-']);
        rest.contains([' ', ':']) && rest.starts_with(|c: char| c.is_ascii_digit()) && rest.bytes().all(|b| b.is_ascii_digit() || b" .:".contains(&b))
    };
    let numeric = |t: &str| t.trim().parse::<f64>().is_ok() || sexagesimal(t);
    let risky = s.starts_with(['=', '+', '-', '@']) && !numeric(s);
    if risky {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Appends a text field ([`spreadsheet_safe`]), quoted only when it holds a comma, quote or
/// line break.
pub fn push_field(out: &mut String, s: &str) {
    let s = spreadsheet_safe(s);
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&s);
    }
}

/// Appends a number in its shortest form that parses back to the same f64.
pub fn push_f64(out: &mut String, v: f64) {
    out.push_str(zmij::Buffer::new().format(v));
}

/// Appends `,` then the field.
pub fn push_sep_field(out: &mut String, s: &str) {
    out.push(',');
    push_field(out, s);
}

/// Appends `,` then the number.
pub fn push_sep_f64(out: &mut String, v: f64) {
    out.push(',');
    push_f64(out, v);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_round_trip() {
        let mut s = String::new();
        push_field(&mut s, "2CXO J004307.5-092302");
        push_sep_field(&mut s, "a,\"b\"");
        push_sep_f64(&mut s, 0.1 + 0.2);
        push_sep_f64(&mut s, 1.65e-7);
        assert_eq!(s, "2CXO J004307.5-092302,\"a,\"\"b\"\"\",0.30000000000000004,1.65e-7");
    }

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        let field = |t: &str| {
            let mut s = String::new();
            push_field(&mut s, t);
            s
        };
        assert_eq!(field("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assert_eq!(field("+1+1"), "'+1+1");
        assert_eq!(field("-cmd|x"), "'-cmd|x");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-0.5"), "-0.5");
        assert_eq!(field("+3"), "+3");
        assert_eq!(field("-1e-3"), "-1e-3");
        assert_eq!(field("2CXO J004307.5-092302"), "2CXO J004307.5-092302");
        // Sexagesimal positions are data, carried through as written.
        assert_eq!(field("+41 16 21.6"), "+41 16 21.6");
        assert_eq!(field("-09:23:02.1"), "-09:23:02.1");
        assert_eq!(field("-1 +cmd|' /C calc'!A0"), "'-1 +cmd|' /C calc'!A0");
    }
}
