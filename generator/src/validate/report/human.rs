//! For people: `file:line:column: message [rule]`, as compilers print.
//! Payload text and file names are printed with control characters
//! escaped, so every entry is one line and nothing reaches the terminal
//! (or a CI log) as a command.

use super::{entries, printable, summary_line, Report};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for entry in entries(report) {
        let file = printable(entry.file);
        let place = match entry.position {
            Some(position) => format!("{file}:{position}"),
            None => file.into_owned(),
        };
        out.push_str(&format!(
            "{place}: {} [{}]\n",
            printable(&entry.message),
            printable(entry.rule)
        ));
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}
