//! CSV text output primitives: RFC 4180 quoting and shortest round-trip numbers.

/// Appends a field, quoted only when it holds a comma, quote or line break.
pub fn push_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
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
}
