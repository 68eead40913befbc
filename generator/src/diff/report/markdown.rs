//! The pull-request comment.
//!
//! Written to be posted as one comment and updated in place: it starts with
//! [`MARKER`], a hidden HTML comment a workflow searches for. Breaking
//! changes come first, in a table; the rest follow per operation; the SDK's
//! public API diff is collapsed in `<details>`. GitHub rejects comments
//! over 65,536 characters, so sections are cut (with a note saying how many
//! entries were left out) to keep the whole under [`LIMIT`] bytes, which is
//! never more characters than that.

use super::{by_operation, line_ref, Summary};
use crate::diff::{Change, DiffReport, Level, SpecStatus};

/// Identifies the comment this report is posted as.
pub const MARKER: &str = "<!-- openapi-sdkgen:api-diff -->";

/// GitHub's limit on a comment body.
pub const LIMIT: usize = 65_536;

/// Room kept for the closing lines and notes of cut sections.
const RESERVE: usize = 2_048;

pub fn render(reports: &[DiffReport], base: Option<&str>) -> String {
    let summary = Summary::of(reports);
    let mut comment = Comment::default();
    comment.text.push_str(MARKER);
    comment.text.push('\n');
    comment.text.push_str(&headline(&summary, reports));
    comment.text.push_str(&compared(reports, base));

    let breaking: Vec<(&DiffReport, &Change)> = reports
        .iter()
        .flat_map(|r| r.changes.iter().map(move |c| (r, c)))
        .filter(|(_, c)| c.level == Level::Error)
        .collect();
    let rows: Vec<String> = breaking.iter().map(|(_, c)| table_row(c)).collect();
    comment.section(
        "\n### Breaking changes\n\n| Rule | Where | Change | Why it matters |\n|---|---|---|---|\n",
        &rows,
        "",
        "breaking changes",
    );

    let mut others = Vec::new();
    for report in reports {
        let rest = report.changes.iter().filter(|c| c.level != Level::Error);
        for (operation, mut changes) in by_operation(rest) {
            // Warnings before info; the sort is stable, so order is kept within a level.
            changes.sort_by_key(|c| std::cmp::Reverse(c.level));
            let heading = match operation {
                Some(op) => format!("\n#### {} · {}\n\n", code(op), code(&report.path)),
                None => format!("\n#### API-wide · {}\n\n", code(&report.path)),
            };
            for (index, change) in changes.iter().enumerate() {
                let bullet = bullet(change);
                others.push(if index == 0 {
                    heading.clone() + &bullet
                } else {
                    bullet
                });
            }
        }
    }
    comment.section("\n### Other changes\n", &others, "", "other changes");

    let notes: Vec<String> = reports
        .iter()
        .filter_map(|r| r.surface_note.as_ref())
        .map(|note| format!("\n> {}\n", code(note)))
        .collect();
    comment.section("", &notes, "", "notes");

    let mut lines = Vec::new();
    for report in reports {
        for item in &report.surface {
            let mut block = String::new();
            if let Some(old) = &item.old {
                block.push_str(&format!("- {old}\n"));
            }
            if let Some(new) = &item.new {
                block.push_str(&format!("+ {new}\n"));
            }
            lines.push(block);
        }
    }
    let fence = fence_for(&lines.concat());
    let changed = lines.len();
    let opening = format!(
        "\n<details>\n<summary>Generated SDK public API: {changed} item{} changed, semver bump {}</summary>\n\n{fence}diff\n",
        if changed == 1 { "" } else { "s" },
        summary.bump
    );
    comment.section(
        &opening,
        &lines,
        &format!("{fence}\n\n</details>\n"),
        "API lines",
    );
    comment.text
}

/// The comment under construction, and whether a section was cut.
#[derive(Default)]
struct Comment {
    text: String,
    cut: bool,
}

impl Comment {
    fn fits(&self, block: &str) -> bool {
        self.text.len() + block.len() + RESERVE <= LIMIT
    }

    /// Appends `opening`, as many `items` as fit, and `closing`; a note
    /// says how many items did not fit. Once one section is cut, later
    /// sections are only counted.
    fn section(&mut self, opening: &str, items: &[String], closing: &str, what: &str) {
        if items.is_empty() {
            return;
        }
        if self.cut || !self.fits(opening) {
            self.note(items.len(), what);
            return;
        }
        self.text.push_str(opening);
        let mut shown = 0;
        for item in items {
            if !self.fits(item) {
                break;
            }
            self.text.push_str(item);
            shown += 1;
        }
        self.text.push_str(closing);
        if shown < items.len() {
            self.note(items.len() - shown, what);
        }
    }

    fn note(&mut self, left_out: usize, what: &str) {
        self.cut = true;
        self.text.push_str(&format!(
            "\n_{left_out} more {what} not shown: a comment holds at most 65,536 characters. \
             Run `cargo xtask diff` for the full report._\n"
        ));
    }
}

fn headline(summary: &Summary, reports: &[DiffReport]) -> String {
    if reports.iter().all(DiffReport::is_empty) {
        return "## API diff: no changes\n\nNo change to the API or to the generated SDK's public API (semver bump: patch).\n".to_owned();
    }
    let c = summary.counts;
    format!(
        "## API diff: {} breaking, {} warning{}, {} info\n\nSDK semver bump: **{}**\n",
        c.errors,
        c.warnings,
        if c.warnings == 1 { "" } else { "s" },
        c.info,
        summary.bump
    )
}

fn compared(reports: &[DiffReport], base: Option<&str>) -> String {
    let specs: Vec<String> = reports
        .iter()
        .map(|r| {
            let state = match (r.status(), r.is_empty()) {
                (SpecStatus::Added, _) => "new",
                (SpecStatus::Removed, _) => "removed",
                (SpecStatus::Modified, true) => "unchanged",
                (SpecStatus::Modified, false) => "changed",
            };
            format!("{} ({state})", code(&r.path))
        })
        .collect();
    let against = base
        .map(|b| format!(" against {}", code(b)))
        .unwrap_or_default();
    format!("\nCompared{against}: {}.\n", specs.join(", "))
}

fn table_row(change: &Change) -> String {
    let mut place = Vec::new();
    if let Some(op) = &change.operation {
        place.push(code(op));
    }
    place.push(code(&change.location));
    if let Some(at) = line_ref(change) {
        place.push(code(&at));
    }
    format!(
        "| {} | {} | {} | {} |\n",
        cell(&code(&change.rule)),
        cell(&place.join("<br>")),
        cell(&change.message),
        cell(&change.why)
    )
}

fn bullet(change: &Change) -> String {
    let at = line_ref(change)
        .map(|at| format!(" ({})", code(&at)))
        .unwrap_or_default();
    format!(
        "- **{}** {} {}: {}{at}. {}\n",
        change.level,
        code(&change.rule),
        code(&change.location),
        one_line(&change.message),
        one_line(&change.why)
    )
}

/// Text as an inline code span, whatever backticks it holds.
fn code(text: &str) -> String {
    let ticks = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{}{pad}{ticks}", one_line(text))
}

/// A code fence longer than any backtick run in `content`.
fn fence_for(content: &str) -> String {
    "`".repeat((longest_run(content, '`') + 1).max(3))
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut current) = (0, 0);
    for ch in text.chars() {
        current = if ch == c { current + 1 } else { 0 };
        best = best.max(current);
    }
    best
}

/// A table cell: pipes escaped, so they do not end the cell.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks_and_cells_survive_pipes() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(fence_for("x ```` y"), "`````");
    }
}
