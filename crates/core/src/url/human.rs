//! Why a pair was ignored, in words for people rather than the parser's (serde's, base64's).

/// Rewrites a decoder's reason (`unknown variant `martian`, expected ...`, `invalid type:
/// string "abc", expected u32`, `Invalid symbol 33, offset 3.`) as a sentence for people.
/// Reasons it does not recognise are kept as they are.
pub(super) fn humanise(why: &str) -> String {
    if let Some(rest) = why.strip_prefix("unknown variant ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let options: Vec<&str> = expected
            .trim_start_matches("one of ")
            .split([',', ' '])
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty() && *s != "or")
            .collect();
        let got = got.trim_matches('`');
        return if options.is_empty() {
            format!("\"{got}\" is not a known choice")
        } else {
            format!("\"{got}\" is not one of: {}", options.join(", "))
        };
    }
    if let Some(rest) = why
        .strip_prefix("invalid type: ")
        .or_else(|| why.strip_prefix("invalid value: "))
    {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "{} was given where {} is needed",
            given(got),
            wanted(expected)
        );
    }
    if let Some(field) = why.strip_prefix("missing field ") {
        return format!("incomplete: {} must be given too", field.trim_matches('`'));
    }
    if why.starts_with("bad compact value")
        || why.contains("Invalid symbol")
        || why.contains("Invalid last symbol")
    {
        return "its compressed part is damaged (was the link cut short or edited?)".into();
    }
    match why {
        "unknown key" => "there is no such setting".into(),
        "index past the end of the list" => "it refers past the end of a list".into(),
        "expected key=value" => "not a setting (expected name=value)".into(),
        "repeated key" => "the same setting is given again later in the link".into(),
        "not UTF-8 after %-decoding" => "its %-escapes do not spell text".into(),
        _ => why.to_string(),
    }
}

/// `string "abc"` → `the text "abc"`; `integer `-1`` → `the number -1`.
fn given(got: &str) -> String {
    let (kind, value) = got.split_once(' ').unwrap_or((got, ""));
    let value = value.trim_matches('`');
    match kind {
        "string" => format!("the text {value}"),
        "integer" | "floating" => format!(
            "the number {}",
            value.trim_start_matches("point ").trim_matches('`')
        ),
        "boolean" => format!("the value {value}"),
        "null" => "nothing".into(),
        "sequence" => "a list".into(),
        "map" => "a group of settings".into(),
        _ => got.to_string(),
    }
}

/// `u32` → `a whole number of at least 0`; `f64` → `a number`.
fn wanted(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a string" => "text".into(),
        "" => "something else".into(),
        e if e.starts_with("a sequence") => "a list".into(),
        e if e.starts_with("struct ") || e.starts_with("a map") => "a group of settings".into(),
        e if e.starts_with("enum ") => "one of its choices".into(),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::humanise;

    #[test]
    fn parser_reasons_read_as_sentences() {
        assert_eq!(
            humanise("unknown variant `martian`, expected one of `published`, `synthetic`"),
            "\"martian\" is not one of: published, synthetic"
        );
        assert_eq!(
            humanise("unknown variant `x`, expected `a` or `b`"),
            "\"x\" is not one of: a, b"
        );
        assert_eq!(
            humanise("invalid type: string \"abc\", expected u32"),
            "the text \"abc\" was given where a whole number (0 or more) is needed"
        );
        assert_eq!(
            humanise("invalid value: integer `-1`, expected u32"),
            "the number -1 was given where a whole number (0 or more) is needed"
        );
        assert_eq!(
            humanise("invalid type: floating point `1.5`, expected u32"),
            "the number 1.5 was given where a whole number (0 or more) is needed"
        );
        assert_eq!(
            humanise("bad compact value: Invalid symbol 33, offset 3."),
            "its compressed part is damaged (was the link cut short or edited?)"
        );
        assert_eq!(
            humanise("missing field `dec`"),
            "incomplete: dec must be given too"
        );
        assert_eq!(humanise("unknown key"), "there is no such setting");
    }
}
