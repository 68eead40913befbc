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
        }
    }
    entries
}

/// `N files checked, N valid, N invalid, N not JSON`.
fn summary_line(report: &Report) -> String {
    let s = report.summary();
    format!(
        "{} files checked, {} valid, {} invalid, {} not JSON",
        s.files, s.valid, s.invalid, s.not_json
    )
}

/// The target's kind and parts, for machine-readable formats.
fn target_parts(target: &Target) -> (&'static str, [Option<&str>; 4]) {
    match target {
        Target::Schema(name) => ("schema", [Some(name), None, None, None]),
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
