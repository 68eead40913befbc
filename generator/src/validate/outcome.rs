//! What checking files found: per file, and for the whole run.

use super::target::Target;
use super::violation::Finding;
use crate::load::Position;

/// One checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file as reports name it (the path as given on the command line).
    pub file: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Valid,
    /// Every violation, in the order they appear in the file.
    Invalid(Vec<Finding>),
    /// The file could not be checked at all.
    NotJson(NotJson),
    /// The file could not be read: missing, unreadable, not a regular
    /// file, or over the size limit.
    Unreadable(Unreadable),
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub message: String,
}

/// Why a file is not JSON, and where the parser gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotJson {
    pub message: String,
    pub position: Option<Position>,
}

impl NotJson {
    pub(super) fn from_error(error: &serde_json::Error) -> Self {
        // serde_json ends its messages with "at line X column Y"; reports
        // print the position themselves, in the `file:line:column` form.
        let text = error.to_string();
        let mut message = match text.find(" at line ") {
            Some(cut) => text[..cut].to_owned(),
            None => text,
        };
        if message == "recursion limit exceeded" {
            message = format!(
                "arrays and objects nested more than {} deep (the limit)",
                super::payload::MAX_NESTING
            );
        }
        // Column 0 is serde_json's "just after a newline"; editors and
        // SARIF count from 1.
        let position = (error.line() > 0).then(|| Position {
            line: error.line(),
            column: error.column().max(1),
        });
        NotJson { message, position }
    }
}

/// A whole run: the target every file was checked against, and the files
/// in the order they were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The spec, as given on the command line.
    pub spec: String,
    pub target: Target,
    pub strict: bool,
    pub files: Vec<FileReport>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub valid: usize,
    pub invalid: usize,
    pub not_json: usize,
    pub unreadable: usize,
    pub violations: usize,
}

/// The worst thing a run found, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    AllValid,
    SomeInvalid,
    /// At least one file could not be checked. Ranks above invalid files:
    /// a file that is not JSON hides whether its payload fits the contract,
    /// and usually means the pipeline feeding the check is broken.
    SomeNotJson,
    /// At least one file could not be read (missing, not a regular file,
    /// too large). Ranks highest: the run did not even see that input.
    SomeUnreadable,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for file in &self.files {
            match &file.outcome {
                Outcome::Valid => summary.valid += 1,
                Outcome::Invalid(findings) => {
                    summary.invalid += 1;
                    summary.violations += findings.len();
                }
                Outcome::NotJson(_) => summary.not_json += 1,
                Outcome::Unreadable(_) => summary.unreadable += 1,
            }
        }
        summary
    }

    pub fn verdict(&self) -> Verdict {
        self.files
            .iter()
            .map(|file| match file.outcome {
                Outcome::Valid => Verdict::AllValid,
                Outcome::Invalid(_) => Verdict::SomeInvalid,
                Outcome::NotJson(_) => Verdict::SomeNotJson,
                Outcome::Unreadable(_) => Verdict::SomeUnreadable,
            })
            .max()
            .unwrap_or(Verdict::AllValid)
    }
}
