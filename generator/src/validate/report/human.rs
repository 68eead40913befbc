//! For people: `file:line:column: message [rule]`, as compilers print.

use super::{entries, summary_line, Report};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for entry in entries(report) {
        let place = match entry.position {
            Some(position) => format!("{}:{position}", entry.file),
            None => entry.file.to_owned(),
        };
        out.push_str(&format!("{place}: {} [{}]\n", entry.message, entry.rule));
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}
