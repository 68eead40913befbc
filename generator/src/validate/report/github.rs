//! GitHub Actions workflow commands: each problem becomes an annotation on
//! the file and line in the pull request.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use super::{entries, summary_line, Report};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for entry in entries(report) {
        let mut properties = format!("file={}", property(entry.file));
        if let Some(position) = entry.position {
            properties.push_str(&format!(",line={},col={}", position.line, position.column));
        }
        properties.push_str(&format!(",title={}", property(entry.rule)));
        out.push_str(&format!("::error {properties}::{}\n", data(&entry.message)));
    }
    // A plain line: the runner shows it in the log, it annotates nothing.
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Escapes a command's message, as the Actions toolkit does.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which also ends at `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_in_values_are_escaped() {
        assert_eq!(property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(data("line\nnext: 50%"), "line%0Anext: 50%25");
    }
}
