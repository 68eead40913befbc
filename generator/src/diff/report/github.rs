//! GitHub Actions workflow commands: one annotation per change, on the
//! spec line it concerns, so the pull request's "Files changed" view shows
//! it in place.
//!
//! `::error file=spec/x.yaml,line=N,title=RULE::message` for errors,
//! `::warning` for warnings and `::notice` for info. A change to a schema
//! shared by several operations is one annotation naming them all.
//! Annotations point at the new spec; a removal points at the node that
//! lost the item, and a removed spec gets file-level annotations.

use crate::annotations::{data, property};
use std::fmt::Write;

use super::Summary;
use crate::diff::{Change, DiffReport, Level};

pub fn render(reports: &[DiffReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let mut groups: Vec<(Key, Vec<&str>)> = Vec::new();
        for change in &report.changes {
            let key = Key::of(change);
            let operation = change.operation.as_deref().unwrap_or("API-wide");
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, operations)) => operations.push(operation),
                None => groups.push((key, vec![operation])),
            }
        }
        for (key, operations) in groups {
            let command = match key.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "notice",
            };
            let line = key.line.map(|l| format!(",line={l}")).unwrap_or_default();
            let message = format!(
                "{}: {}: {}. {}",
                operations.join(", "),
                key.location,
                key.message,
                key.why
            );
            let _ = writeln!(
                out,
                "::{command} file={}{line},title={}::{}",
                property(&report.path),
                property(&key.rule),
                data(&message)
            );
        }
    }
    if reports.iter().any(|r| !r.is_empty()) {
        let summary = Summary::of(reports);
        let message = format!(
            "{}; SDK semver bump: {}",
            summary.counts_text(),
            summary.bump
        );
        let _ = writeln!(out, "::notice title=API diff::{}", data(&message));
    }
    out
}

/// What makes two changes the same annotation.
#[derive(PartialEq)]
struct Key {
    level: Level,
    line: Option<usize>,
    rule: String,
    location: String,
    message: String,
    why: String,
}

impl Key {
    fn of(change: &Change) -> Self {
        Key {
            level: change.level,
            line: change.new_source.as_ref().and_then(|s| s.line),
            rule: change.rule.clone(),
            location: change.location.clone(),
            message: change.message.clone(),
            why: change.why.clone(),
        }
    }
}
