//! GitHub Actions workflow commands: each problem becomes an annotation on
//! the file and line in the pull request.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>
//!
//! Control characters in payload text and file names are escaped first
//! (so a key holding `\n::error ...` stays inside its annotation, and no
//! ESC reaches the log), then the workflow-command escapes are applied.

use super::{entries, printable, summary_line, Report};
use crate::annotations::{data, property};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for entry in entries(report) {
        let mut properties = format!("file={}", property(&printable(entry.file)));
        if let Some(position) = entry.position {
            properties.push_str(&format!(",line={},col={}", position.line, position.column));
        }
        properties.push_str(&format!(",title={}", property(&printable(entry.rule))));
        out.push_str(&format!(
            "::error {properties}::{}\n",
            data(&printable(&entry.message))
        ));
    }
    // A plain line: the runner shows it in the log, it annotates nothing.
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}
