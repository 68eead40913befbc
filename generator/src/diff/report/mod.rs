//! Reports of a diff, for people ([`text`], [`markdown`] for a pull-request
//! comment), for machines ([`json`], a stable documented schema) and for CI
//! ([`github`] workflow annotations).
//!
//! Each renderer takes every spec's [`DiffReport`] and an optional label of
//! the base the old side was read from, and returns the whole output; the
//! same input always gives the same bytes.

pub mod github;
pub mod json;
pub mod markdown;
pub mod text;

use std::fmt;

use super::{Bump, Change, Counts, DiffReport, Level};

/// An output format; `Display` gives the name `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Github,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Github => "github",
        })
    }
}

/// Renders `reports` in `format`. `base` says what the old side is
/// (`origin/main (merge base 1a2b3c4)`), when it came from git.
pub fn render(format: Format, reports: &[DiffReport], base: Option<&str>) -> String {
    match format {
        Format::Text => text::render(reports, base),
        Format::Markdown => markdown::render(reports, base),
        Format::Json => json::render(reports, base),
        Format::Github => github::render(reports),
    }
}

/// Totals over every spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub counts: Counts,
    pub bump: Bump,
}

impl Summary {
    pub fn of(reports: &[DiffReport]) -> Self {
        Summary {
            counts: reports
                .iter()
                .fold(Counts::default(), |sum, r| sum + r.counts()),
            bump: reports
                .iter()
                .map(DiffReport::bump)
                .max()
                .unwrap_or(Bump::Patch),
        }
    }

    /// `1 error, 2 warnings, 0 info`.
    pub fn counts_text(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "{}, {}, {} info",
            plural(self.counts.errors, "error"),
            plural(self.counts.warnings, "warning"),
            self.counts.info
        )
    }
}

/// A report's changes grouped by operation, in order of first appearance;
/// API-wide changes (no operation) come first.
pub(crate) fn by_operation<'a>(
    changes: impl IntoIterator<Item = &'a Change>,
) -> Vec<(Option<&'a str>, Vec<&'a Change>)> {
    let mut groups: Vec<(Option<&str>, Vec<&Change>)> = Vec::new();
    for change in changes {
        let key = change.operation.as_deref();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(change),
            None => groups.push((key, vec![change])),
        }
    }
    groups.sort_by_key(|(key, _)| key.is_some());
    groups
}

/// `spec/x.yaml:12`, the line where the change is: the new side's when
/// there is one, else the old side's.
pub(crate) fn line_ref(change: &Change) -> Option<String> {
    let source = change.new_source.as_ref().or(change.old_source.as_ref())?;
    Some(match source.line {
        Some(line) => format!("{}:{line}", source.file),
        None => source.file.clone(),
    })
}

/// The heading of one spec's section: its path, and the versions compared.
pub(crate) fn spec_heading(report: &DiffReport) -> String {
    match (&report.old, &report.new) {
        (Some(old), Some(new)) => format!("{} ({old} → {new})", report.path),
        (None, Some(new)) => format!("{} (new: {new})", report.path),
        (Some(old), None) => format!("{} (removed; was {old})", report.path),
        (None, None) => report.path.clone(),
    }
}

/// Changes at `level` or above exist in any report.
pub fn has_level_at_least(reports: &[DiffReport], level: Level) -> bool {
    reports
        .iter()
        .any(|r| r.worst().is_some_and(|worst| worst >= level))
}
