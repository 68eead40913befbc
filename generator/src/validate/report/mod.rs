//! A [`Report`] in the format its reader wants: people, programs, GitHub
//! Actions or code scanning. Every format lists the same findings in the
//! same order, and none prints a secret unmasked (violations carry masked
//! values only).

mod github;
mod human;
mod json;
mod sarif;

use std::borrow::Cow;

use super::outcome::{Outcome, Report};
use super::target::Target;
use crate::load::Position;

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per violation (`file:line:column: message [rule]`) and a
    /// summary line.
    Human,
    /// A stable, versioned document (see the [module docs](super)).
    Json,
    /// GitHub Actions workflow commands (`::error file=...::...`).
    Github,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
}

/// The rule name of a file that is not JSON, next to the JSON Schema
/// keywords of violations.
pub const SYNTAX_RULE: &str = "syntax";
/// The rule name of a file that could not be read.
pub const READ_RULE: &str = "read";

/// Renders `report`; the text ends with a newline.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human::render(report),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
    }
}

/// One line of any report: a problem at a place in a file.
struct Entry<'a> {
    file: &'a str,
    position: Option<Position>,
    rule: &'a str,
    message: Cow<'a, str>,
}

/// Every problem of every file, in report order.
fn entries(report: &Report) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    for file in &report.files {
        match &file.outcome {
            Outcome::Valid => {}
            Outcome::Invalid(findings) => entries.extend(findings.iter().map(|f| Entry {
                file: &file.file,
                position: f.position,
                rule: &f.violation.rule,
                message: Cow::Borrowed(&f.violation.message),
            })),
            Outcome::NotJson(error) => entries.push(Entry {
                file: &file.file,
                position: error.position,
                rule: SYNTAX_RULE,
                message: Cow::Owned(format!("not JSON: {}", error.message)),
            }),
            Outcome::Unreadable(error) => entries.push(Entry {
                file: &file.file,
                position: None,
                rule: READ_RULE,
                message: Cow::Owned(format!("cannot read: {}", error.message)),
            }),
        }
    }
    entries
}

/// `N files checked, N valid, N invalid, N not JSON`, and `, N unreadable`
/// when some file could not be read.
fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let mut line = format!(
        "{} files checked, {} valid, {} invalid, {} not JSON",
        s.files, s.valid, s.invalid, s.not_json
    );
    if s.unreadable > 0 {
        line.push_str(&format!(", {} unreadable", s.unreadable));
    }
    line
}

/// Text from a payload or a file name, safe to print on a terminal or
/// into a CI log: control characters (a newline that would start a line
/// GitHub Actions runs as a workflow command, an ESC that starts a
/// terminal sequence) and the invisible characters that reorder text
/// are written as `\u{..}` escapes (`\n`, `\r`, `\t` for the common ones).
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls, DEL, and the bidirectional formatting characters
/// ("Trojan Source": U+202A–U+202E, U+2066–U+2069, and the marks).
fn needs_escape(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The target's kind and parts, for machine-readable formats.
fn target_parts(target: &Target) -> (&'static str, [Option<&str>; 4]) {
    match target {
        Target::Schema(name) | Target::SchemaPath(name) => {
            ("schema", [Some(name), None, None, None])
        }
        Target::Request { operation } => ("request", [None, Some(operation), None, None]),
        Target::Response { operation, status } => {
            ("response", [None, Some(operation), Some(status), None])
        }
        Target::Callback {
            operation,
            callback,
        } => ("callback", [None, Some(operation), None, Some(callback)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_reordering_characters_are_escaped() {
        assert_eq!(printable("plain 決済 /a~1b"), "plain 決済 /a~1b");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\n::error file=x::y\r\t\u{1b}[31m\u{7f}\u{9b}\u{202e}"),
            "a\\n::error file=x::y\\r\\t\\u{1b}[31m\\u{7f}\\u{9b}\\u{202e}"
        );
    }
}
