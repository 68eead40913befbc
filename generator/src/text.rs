//! Spec text → text that is safe to put in a generated file.
//!
//! A spec arrives in a pull request, so its strings may hold characters
//! that break or disguise the code they land in: a bare CR is an error in
//! a doc comment ("bare CR not allowed") and ends a line for some viewers
//! but not for rustc; U+202E and the other bidi controls reorder what a
//! reviewer sees (rustc denies them in comments and literals); U+2028
//! looks like a line break to an editor; other control characters are
//! invisible. Each of them becomes a visible escape (`\r`, `\u{202e}`), so
//! the generated text still says what the spec said and hides nothing.
//!
//! String literals need none of this: `proc_macro2::Literal::string`
//! escapes the same characters itself. Comments, TOML values and plain
//! text files (`api-surface.txt`) go through here.

/// Characters that are invisible or move other text, besides the C0/C1
/// controls: bidi controls (U+061C, U+200E–U+200F, U+202A–U+202E,
/// U+2066–U+2069), line and paragraph separators, zero-width space, word
/// joiner, byte-order mark. Zero-width (non-)joiners stay: scripts need them.
fn is_disguising(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Whether `c` must not appear raw in a generated file (line breaks and
/// tabs aside, which the caller decides on).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_disguising(c)
}

/// Multi-line text for doc comments: `\r\n` becomes `\n`, line breaks and
/// tabs stay, every other hidden character becomes its visible escape.
pub fn visible(text: &str) -> String {
    escape(&text.replace("\r\n", "\n"), |c| c != '\n' && c != '\t')
}

/// One line of text for a comment or a TOML value that people read on
/// one line: like [`visible`], and line breaks and tabs are escaped too.
pub fn visible_line(text: &str) -> String {
    escape(text, |_| true)
}

fn escape(text: &str, escapable: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) && escapable(c) {
            // `\r`, `\n`, `\t`, or `\u{…}` for the rest: Rust's own spelling.
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_and_bare_carriage_returns_become_visible_escapes() {
        assert_eq!(
            visible("a\u{202E}b\rc\r\nd\u{2028}e\u{1b}[2Jf"),
            "a\\u{202e}b\\rc\nd\\u{2028}e\\u{1b}[2Jf"
        );
    }

    #[test]
    fn one_line_text_escapes_line_breaks_and_tabs() {
        assert_eq!(visible_line("a\nb\tc\r\n"), "a\\nb\\tc\\r\\n");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        let text = "カード番号 (16 桁)\n\t`\"quoted\"` \\ 👨\u{200D}👩";
        assert_eq!(visible(text), text);
    }

    #[test]
    fn nothing_hidden_survives() {
        let every_hidden: String = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| is_hidden(*c))
            .collect();
        assert!(visible_line(&every_hidden).chars().all(|c| !is_hidden(c)));
        assert!(visible(&every_hidden)
            .chars()
            .all(|c| !is_hidden(c) || c == '\n' || c == '\t'));
    }
}
