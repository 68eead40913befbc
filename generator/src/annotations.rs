//! GitHub Actions workflow commands (`::error file=...::message`), shared
//! by the validate and diff reports.

/// Escapes a command's message, as the Actions toolkit does.
pub(crate) fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`), which also ends at `:` and `,`.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_in_values_are_escaped() {
        assert_eq!(property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(data("line\nnext: 50%"), "line%0Anext: 50%25");
        assert_eq!(data("\r"), "%0D");
    }
}
