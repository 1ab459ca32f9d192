//! Messages for the terminal: whatever they echo (paths, column names, cells) is shown with
//! control characters escaped, so that no input can move the cursor, colour the terminal or
//! forge a second `xclass:` line, and a message is capped in length.

use std::io::Write;

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

/// `text` with control and invisible characters escaped (`\n`, `\u{1b}`, bidirectional
/// overrides; backslashes are left alone) and cut at the core's message length: the core's
/// [`xclass_core::message::one_line`], so the CLI and the core escape alike.
pub fn escape(text: &str) -> String {
    xclass_core::message::one_line(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_long_text_cut() {
        assert_eq!(escape("a\nxclass: b\x1b[31m\tc\\d"), "a\\nxclass: b\\u{1b}[31m\\tc\\d");
        assert_eq!(escape("x\u{202E}y é"), "x\\u{202e}y é");
        let long = escape(&"é".repeat(xclass_core::message::MAX_MESSAGE + 5));
        assert!(long.ends_with("é…"), "{}", &long[long.len() - 40..]);
        assert_eq!(long.chars().filter(|&c| c == 'é').count(), xclass_core::message::MAX_MESSAGE);
    }
}
