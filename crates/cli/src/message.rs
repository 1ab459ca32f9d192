//! Messages for the terminal: whatever they echo (paths, column names, cells) is shown with
//! control characters escaped, so that no input can move the cursor, colour the terminal or
//! forge a second `xclass:` line, and a message is capped in length.

use std::io::Write;

/// Longest message printed, in characters.
const MAX_CHARS: usize = 2000;

/// Prints `xclass: <text>` on stderr, escaped, as one line; never panics (a closed stderr
/// is ignored).
pub fn error(text: &str) {
    let _ = writeln!(std::io::stderr(), "xclass: {}", escape(text));
}

/// Prints a progress note on stderr, escaped, as one line.
pub fn info(text: &str) {
    let _ = writeln!(std::io::stderr(), "{}", escape(text));
}

/// Prints `xclass: warning: <text>` on stderr, as [`error`].
pub fn warn(text: &str) {
    error(&format!("warning: {text}"));
}

/// A clap parse error as one line: what is wrong and the usage line, without clap's tips.
pub fn usage(e: &clap::Error) -> String {
    use clap::error::ErrorKind;
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return "a command is needed: classify, synth or pack (`xclass --help` describes them)".into();
    }
    let text = e.render().to_string();
    let mut what = Vec::new();
    let mut usage = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(u) = line.strip_prefix("Usage: ") {
            usage = Some(u.to_string());
        } else if !(line.starts_with("tip:") || line.starts_with("For more information")) {
            what.push(line.strip_prefix("error: ").unwrap_or(line));
        }
    }
    match usage {
        Some(u) => format!("{} (usage: {u}; --help for more)", what.join(" ")),
        None => what.join(" "),
    }
}

/// `text` with control characters escaped (`\n`, `\r`, `\t`, `\u{1b}`, …; backslashes are
/// left alone) and cut at [`MAX_CHARS`] with a count of what was left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS + 64));
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CHARS {
            let rest = text.chars().count() - i;
            out.push_str(&format!("… ({rest} more characters)"));
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Unicode's bidirectional overrides and isolates, which reorder what a terminal shows.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_long_text_cut() {
        assert_eq!(escape("a\nxclass: b\x1b[31m\tc\\d"), "a\\nxclass: b\\u{1b}[31m\\tc\\d");
        assert_eq!(escape("x\u{202E}y é"), "x\\u{202e}y é");
        let long = escape(&"é".repeat(MAX_CHARS + 5));
        assert!(long.ends_with("é… (5 more characters)"), "{}", &long[long.len() - 40..]);
        assert_eq!(long.chars().filter(|&c| c == 'é').count(), MAX_CHARS);
    }
}
