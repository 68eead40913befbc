//! The terminal report: per spec, per operation, one block per change, then
//! the SDK's public API lines that changed, then the totals.

use std::fmt::Write;

use super::{by_operation, line_ref, spec_heading, Summary};
use crate::diff::{Change, DiffReport, SurfaceChange, SurfaceChangeKind};

pub fn render(reports: &[DiffReport], base: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(base) = base {
        let _ = writeln!(out, "Compared with {base}.");
    }
    for report in reports {
        if report.is_empty() {
            let _ = writeln!(out, "{}: no API changes", spec_heading(report));
            if let Some(note) = &report.surface_note {
                let _ = writeln!(out, "  {note}");
            }
            continue;
        }
        let _ = writeln!(out, "\n{}", spec_heading(report));
        for (operation, changes) in by_operation(&report.changes) {
            let _ = writeln!(out, "  {}", operation.unwrap_or("API-wide"));
            for change in changes {
                write_change(&mut out, change);
            }
        }
        if !report.surface.is_empty() {
            let _ = writeln!(
                out,
                "  Generated SDK public API (semver bump: {}):",
                report.bump()
            );
            for item in &report.surface {
                write_surface(&mut out, item);
            }
        }
        if let Some(note) = &report.surface_note {
            let _ = writeln!(out, "  {note}");
        }
    }
    let summary = Summary::of(reports);
    if reports.iter().all(DiffReport::is_empty) {
        let _ = writeln!(out, "No API changes.");
    } else {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}; SDK semver bump: {}",
        summary.counts_text(),
        summary.bump
    );
    out
}

fn write_change(out: &mut String, change: &Change) {
    let place = line_ref(change)
        .map(|at| format!("  ({at})"))
        .unwrap_or_default();
    let _ = writeln!(out, "    {:<7}  {}{place}", change.level, change.rule);
    let _ = writeln!(out, "             {}: {}", change.location, change.message);
    let _ = writeln!(out, "             {}", change.why);
}

fn write_surface(out: &mut String, item: &SurfaceChange) {
    match (item.change, &item.old, &item.new) {
        (SurfaceChangeKind::Changed, Some(old), Some(new)) => {
            let _ = writeln!(out, "    ~ {old}");
            let _ = writeln!(out, "      → {new}");
        }
        (_, Some(old), None) => {
            let _ = writeln!(out, "    - {old}");
        }
        (_, _, Some(new)) => {
            let _ = writeln!(out, "    + {new}");
        }
        (_, None, None) => {}
    }
}
