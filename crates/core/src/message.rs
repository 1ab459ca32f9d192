//! Text from inputs (column names, cells, file names, model keys) made safe to show in a
//! one-line message: control and invisible formatting characters escaped (`\n`, `\u{1b}`),
//! long texts cut, long lists cut with a count (`… and 99,988 more`). Every message the core
//! builds from input text goes through here, and [`one_line`] guards whole messages.

/// Characters of one text kept before it is cut.
pub const MAX_TEXT: usize = 80;
/// Items of a list shown before the count of the rest.
pub const MAX_ITEMS: usize = 20;
/// Characters of a whole message kept before it is cut.
pub const MAX_MESSAGE: usize = 2000;

/// Appends `c`, escaped when it is a control character or is not printable (line breaks,
/// escape sequences, bidirectional overrides, zero-width characters).
fn push_char(out: &mut String, c: char) {
    let escaped = c.escape_debug();
    if escaped.len() > 1 && !matches!(c, '"' | '\'' | '\\') {
        out.extend(escaped);
    } else {
        out.push(c);
    }
}

/// `s` with unsafe characters escaped, cut after `max` characters (`…` marks the cut).
fn escape(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max + 8));
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        push_char(&mut out, c);
    }
    out
}

/// One input text (a name, a cell) safe to show: escaped and cut after [`MAX_TEXT`] characters.
pub fn clean(s: &str) -> String {
    escape(s, MAX_TEXT)
}

/// One input text in double quotes (`"abc"`), escaped and cut as by [`clean`].
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", clean(s).replace('"', "\\\""))
}

/// Input texts joined by `, `, each [`clean`]ed; after [`MAX_ITEMS`], how many more there are.
pub fn list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    let mut more = 0usize;
    for (i, s) in items.into_iter().enumerate() {
        if i >= MAX_ITEMS {
            more += 1;
        } else {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&clean(s.as_ref()));
        }
    }
    if more > 0 {
        out.push_str(&format!(" … and {} more", crate::format::thousands(more)));
    }
    out
}

/// A whole message on one line: unsafe characters escaped, cut after [`MAX_MESSAGE`] characters.
pub fn one_line(s: &str) -> String {
    escape(s, MAX_MESSAGE)
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_text_kept() {
        assert_eq!(clean("hard_hm"), "hard_hm");
        assert_eq!(clean("Src \"A\" é ✓"), "Src \"A\" é ✓");
        assert_eq!(clean("a\nxclass: forged"), "a\\nxclass: forged");
        assert_eq!(clean("\u{1b}[31mred\r\t"), "\\u{1b}[31mred\\r\\t");
        assert_eq!(clean("abc\u{202e}cba\u{200b}\u{85}"), "abc\\u{202e}cba\\u{200b}\\u{85}");
        assert_eq!(quoted("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(clean(&"x".repeat(100)), format!("{}…", "x".repeat(MAX_TEXT)));
        assert_eq!(one_line("line 1\nline 2"), "line 1\\nline 2");
    }

    #[test]
    fn long_lists_end_with_a_count() {
        assert_eq!(list(["a", "b\n"]), "a, b\\n");
        let names: Vec<String> = (0..100_008).map(|i| format!("c{i}")).collect();
        let l = list(&names);
        assert!(l.starts_with("c0, c1, ") && l.ends_with(", c19 … and 99,988 more"), "{l}");
        assert_eq!([0, 999, 1000, 1_234_567].map(crate::format::thousands), ["0", "999", "1,000", "1,234,567"]);
    }
}
