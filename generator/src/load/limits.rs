//! Input limits a spec must stay within before it is parsed at all.
//!
//! A spec arrives in a pull request, so its size and shape are chosen by
//! whoever wrote it. YAML parsers take time and memory that grow faster
//! than the input on deeply nested documents (`[[[[…` or `{a: {a: …`), so
//! nesting is measured first, in one pass over the text, and a document
//! past [`MAX_SPEC_DEPTH`] is refused before any parser sees it.

use crate::load::Position;

/// The largest spec read, in bytes. GitHub's REST description, among the
/// largest public OpenAPI documents, is about 12 MB as JSON.
pub const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// The deepest nesting of mappings and sequences accepted in a spec.
/// Real documents stay under 30; the YAML parser itself stops at 128.
pub const MAX_SPEC_DEPTH: usize = 100;

/// The most files one spec may read through `$ref`s besides itself.
/// A spec split by component keeps one file per schema at most; a few
/// hundred covers the largest public ones.
pub const MAX_REFERENCED_FILES: usize = 1000;

/// The most bytes the root spec and every file it references may hold in
/// all: each is also held to [`MAX_SPEC_BYTES`] on its own.
pub const MAX_TOTAL_SPEC_BYTES: u64 = 2 * MAX_SPEC_BYTES;

/// The most JSON values copied from referenced files into the bundled
/// document. Each target is copied once, but targets nested in one another
/// (`a.yaml#/x`, `a.yaml#/x/y`, ...) are copied each, so the copies could
/// otherwise grow past the bytes read; GitHub's REST description, read
/// whole, is about one million values.
pub const MAX_COPIED_VALUES: usize = 4_000_000;

/// The limits on the files a spec references, together: bundling is
/// given them, so a test can use small ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundleLimits {
    pub files: usize,
    pub total_bytes: u64,
    pub copied_values: usize,
}

impl Default for BundleLimits {
    fn default() -> Self {
        Self {
            files: MAX_REFERENCED_FILES,
            total_bytes: MAX_TOTAL_SPEC_BYTES,
            copied_values: MAX_COPIED_VALUES,
        }
    }
}

/// Where the document first nests deeper than [`MAX_SPEC_DEPTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub position: Position,
}

/// Measures how deeply `text` nests, in one pass, without parsing it.
///
/// The measure is the number of open block levels (distinct indentations,
/// and `- ` entries opened on one line) plus the open flow collections
/// (`[`, `{`). Brackets and quotes count only where YAML reads them as
/// syntax: at the start of a value, or anywhere inside a flow collection;
/// block scalars (`|`, `>`) and comments are skipped. It may differ from
/// the parser's own count by a level or two, which the margin below the
/// parser's limit absorbs; it never misses nesting written with brackets.
pub fn check_depth(text: &str) -> Result<(), TooDeep> {
    let mut scan = Scan::default();
    for (index, line) in text.lines().enumerate() {
        scan.line(index + 1, line)?;
    }
    Ok(())
}

#[derive(Default)]
struct Scan {
    /// Indentations of the open block levels, innermost last.
    indents: Vec<usize>,
    /// Open `[` and `{`.
    flow: usize,
    /// Inside a quoted scalar that continues on the next line.
    quote: Option<char>,
    /// Lines indented deeper than this belong to a block scalar.
    block_scalar: Option<usize>,
}

impl Scan {
    fn line(&mut self, number: usize, line: &str) -> Result<(), TooDeep> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(parent) = self.block_scalar {
            if rest.is_empty() || indent > parent {
                return Ok(());
            }
            self.block_scalar = None;
        }
        if self.quote.is_none() && self.flow == 0 {
            if rest.is_empty() || rest.starts_with('#') {
                return Ok(());
            }
            while self.indents.last().is_some_and(|&open| open >= indent) {
                self.indents.pop();
            }
            self.indents.push(indent);
        }
        let mut dashes = 0;
        let mut at_value_start = self.flow == 0 && self.quote.is_none();
        let mut previous = ' ';
        let mut chars = rest.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            let column = indent + offset + 1;
            if let Some(open) = self.quote {
                if open == '"' && c == '\\' {
                    chars.next();
                } else if c == open {
                    if open == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        self.quote = None;
                    }
                }
                previous = c;
                continue;
            }
            let token_start = at_value_start || (self.flow > 0 && "[{,:".contains(previous));
            match c {
                ' ' | '\t' => {
                    previous = c;
                    continue;
                }
                '#' if previous == ' ' || previous == '\t' => break,
                // An anchor or a tag leaves the value still to come.
                '&' | '!' if token_start => {
                    while chars.peek().is_some_and(|&(_, n)| n != ' ') {
                        chars.next();
                    }
                    previous = ' ';
                    continue;
                }
                '"' | '\'' if token_start => self.quote = Some(c),
                '[' | '{' if token_start || self.flow > 0 => {
                    self.flow += 1;
                    self.deeper_than_allowed(dashes, number, column)?;
                }
                ']' | '}' if self.flow > 0 => self.flow -= 1,
                '-' if at_value_start && chars.peek().is_none_or(|&(_, n)| n == ' ') => {
                    dashes += 1;
                    self.deeper_than_allowed(dashes, number, column)?;
                    previous = c;
                    continue;
                }
                ':' if self.flow == 0 && chars.peek().is_none_or(|&(_, n)| n == ' ') => {
                    at_value_start = true;
                    previous = c;
                    continue;
                }
                '|' | '>' if at_value_start && self.flow == 0 => {
                    self.block_scalar = Some(indent);
                    break;
                }
                _ => {}
            }
            at_value_start = false;
            previous = c;
        }
        self.deeper_than_allowed(dashes, number, indent + 1)
    }

    fn deeper_than_allowed(
        &self,
        dashes: usize,
        line: usize,
        column: usize,
    ) -> Result<(), TooDeep> {
        if self.indents.len() + dashes + self.flow > MAX_SPEC_DEPTH {
            return Err(TooDeep {
                position: Position { line, column },
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(text: &str) -> bool {
        check_depth(text).is_ok()
    }

    #[test]
    fn deep_flow_collections_are_refused_where_they_pass_the_limit() {
        let deep = format!("x: {}{}\n", "[".repeat(200), "]".repeat(200));
        let error = check_depth(&deep).unwrap_err();
        assert_eq!(error.position.line, 1);
        assert_eq!(error.position.column, 3 + MAX_SPEC_DEPTH);
        let maps = format!("x: {}1{}\n", "{a: ".repeat(200), "}".repeat(200));
        assert!(!depth_ok(&maps));
        let anchored = format!("x: {}1{}\n", "&a [".repeat(200), "]".repeat(200));
        assert!(!depth_ok(&anchored));
        assert!(depth_ok(&format!(
            "x: {}{}\n",
            "[".repeat(50),
            "]".repeat(50)
        )));
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut text = String::new();
        for level in 0..150 {
            text.push_str(&" ".repeat(level));
            text.push_str("a:\n");
        }
        assert!(!depth_ok(&text));
        let dashes = format!("x:\n{} 1\n", "- ".repeat(150));
        assert!(!depth_ok(&dashes));
    }

    #[test]
    fn brackets_and_quotes_in_text_are_not_nesting() {
        // Brackets inside plain scalars, quoted strings, comments and block
        // scalars are text, however many there are.
        let text = format!(
            "a: see [RFC 1234] and {{x}}\nb: 'it''s [[[' # [[[[\nc: \"[{{\\\"\"\nd: |\n  {}\n  more\ne: it's {}\n",
            "[".repeat(500),
            "{".repeat(500)
        );
        assert!(depth_ok(&text), "{:?}", check_depth(&text));
    }

    #[test]
    fn json_documents_are_measured_too() {
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(150), "]".repeat(150));
        assert!(!depth_ok(&deep));
        let shallow = "{\"a\": [\"]]]\", {\"b\": \"[[[\"}]}";
        assert!(depth_ok(shallow));
    }

    #[test]
    fn the_project_specs_are_well_within_the_limit() {
        for spec in ["komoju.yaml", "paymentoptions.yaml"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../spec")
                .join(spec);
            let text = std::fs::read_to_string(path).expect("the project's specs are readable");
            assert!(depth_ok(&text), "{spec}");
        }
    }
}
