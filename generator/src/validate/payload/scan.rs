//! One pass over a payload's bytes that finds where things are, for the
//! few pointers a report needs, instead of an index of every node.
//!
//! The scanner keeps the JSON pointer of the node it is in as one string
//! (a segment is pushed on entry and cut on exit) and a stack of the open
//! objects and arrays, so its memory follows the depth of the payload, not
//! its size. A container that holds no wanted pointer is skipped without
//! building pointers for its children. Optionally, the same pass reports
//! keys that repeat in an object, and numbers too large for a 64-bit float.
//!
//! Positions follow the spec's source map: the line and column (1-based,
//! columns in characters) of the node, or of the key that holds it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::load::{escape_segment, Position};

/// What to look for.
#[derive(Debug, Default)]
pub(super) struct Wanted {
    /// Pointers whose position is wanted, with all their ancestors.
    pub(super) pointers: HashSet<String>,
    /// Report keys that repeat within one object.
    pub duplicate_keys: bool,
    /// Report numbers beyond `f64` (`1e400`), which serde_json refuses.
    pub huge_numbers: bool,
}

impl Wanted {
    /// Wants the position of `pointer`, and of each of its ancestors (the
    /// fallback when the pointer names nothing in the file).
    pub fn position_of(&mut self, pointer: &str) {
        let mut current = pointer;
        while self.pointers.insert(current.to_owned()) {
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => break,
            }
        }
    }
}

/// What the scan found.
#[derive(Debug, Default)]
pub(super) struct Found {
    positions: HashMap<String, Position>,
    pub duplicate_keys: Vec<DuplicateKey>,
    pub huge_numbers: Vec<HugeNumber>,
}

impl Found {
    /// The position of the node at `pointer`, or of its nearest ancestor
    /// that has one.
    pub fn position(&self, pointer: &str) -> Option<Position> {
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return Some(*position);
            }
            current = &current[..current.rfind('/')?];
        }
    }
}

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DuplicateKey {
    /// The member's pointer.
    pub pointer: String,
    pub first: Position,
    pub again: Position,
}

/// A number literal whose value no `f64` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HugeNumber {
    pub pointer: String,
    /// Where the literal sits in the bytes scanned.
    pub bytes: Range<usize>,
}

/// The bytes are not JSON where the scanner got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Malformed;

/// Scans `bytes` (one JSON document) for what `wanted` asks.
pub(super) fn scan(bytes: &[u8], wanted: &Wanted) -> Result<Found, Malformed> {
    let mut scanner = Scanner {
        cursor: Cursor::new(bytes),
        wanted,
        path: String::new(),
        stack: Vec::new(),
        found: Found::default(),
    };
    scanner.run()?;
    Ok(scanner.found)
}

enum Frame {
    Object {
        /// Length of the object's own pointer in `Scanner::path`.
        pointer_len: usize,
        /// Keys seen so far, when repeated keys are looked for.
        keys: Option<HashMap<String, Position>>,
    },
    Array {
        pointer_len: usize,
        next_index: usize,
    },
}

struct Scanner<'b, 'w> {
    cursor: Cursor<'b>,
    wanted: &'w Wanted,
    /// The pointer of the node being read.
    path: String,
    stack: Vec<Frame>,
    found: Found,
}

impl Scanner<'_, '_> {
    fn run(&mut self) -> Result<(), Malformed> {
        self.cursor.skip_whitespace();
        let mut at = self.cursor.position();
        loop {
            // A value starts here; its pointer is `self.path`, and `at`
            // is where it (or its key) is.
            if self.value(at)? {
                // A container was opened: read its first member or item.
                if let Some(first) = self.open()? {
                    at = first;
                    continue;
                }
            }
            match self.close()? {
                Some(next) => at = next,
                None => break,
            }
        }
        self.cursor.skip_whitespace();
        if self.cursor.at_end() {
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// Reads the value at the cursor; true when it opens a container
    /// whose members are to be read.
    fn value(&mut self, at: Position) -> Result<bool, Malformed> {
        let wanted = self.wanted.pointers.contains(&self.path);
        if wanted {
            self.found.positions.insert(self.path.clone(), at);
        }
        let descend = wanted || self.wanted.duplicate_keys || self.wanted.huge_numbers;
        match self.cursor.peek().ok_or(Malformed)? {
            b'{' | b'[' if !descend => self.cursor.skip_container().map(|()| false),
            b'{' => {
                self.cursor.advance();
                let keys = self.wanted.duplicate_keys.then(HashMap::new);
                self.stack.push(Frame::Object {
                    pointer_len: self.path.len(),
                    keys,
                });
                Ok(true)
            }
            b'[' => {
                self.cursor.advance();
                self.stack.push(Frame::Array {
                    pointer_len: self.path.len(),
                    next_index: 0,
                });
                Ok(true)
            }
            b'"' => self.cursor.string().map(|_| false),
            _ => {
                let literal = self.cursor.literal()?;
                if self.wanted.huge_numbers && is_huge_number(&self.cursor.bytes[literal.clone()]) {
                    self.found.huge_numbers.push(HugeNumber {
                        pointer: self.path.clone(),
                        bytes: literal,
                    });
                }
                Ok(false)
            }
        }
    }

    /// Just after `{` or `[`: the position of the first member or item,
    /// or `None` when the container is empty (and has been closed).
    fn open(&mut self) -> Result<Option<Position>, Malformed> {
        self.cursor.skip_whitespace();
        let closing = match self.stack.last() {
            Some(Frame::Object { .. }) => b'}',
            _ => b']',
        };
        if self.cursor.peek() == Some(closing) {
            self.cursor.advance();
            self.stack.pop();
            return Ok(None);
        }
        self.next_child().map(Some)
    }

    /// After a value: reads separators and closing brackets up to the
    /// next value, whose position it returns; `None` at the end of the
    /// document.
    fn close(&mut self) -> Result<Option<Position>, Malformed> {
        loop {
            self.cursor.skip_whitespace();
            let Some(frame) = self.stack.last() else {
                return Ok(None);
            };
            let (pointer_len, closing) = match frame {
                Frame::Object { pointer_len, .. } => (*pointer_len, b'}'),
                Frame::Array { pointer_len, .. } => (*pointer_len, b']'),
            };
            match self.cursor.next() {
                Some(b',') => {
                    if let Some(Frame::Array { next_index, .. }) = self.stack.last_mut() {
                        *next_index += 1;
                    }
                    self.cursor.skip_whitespace();
                    return self.next_child().map(Some);
                }
                Some(byte) if byte == closing => {
                    self.stack.pop();
                    self.path.truncate(pointer_len);
                }
                _ => return Err(Malformed),
            }
        }
    }

    /// At the start of an object's member or an array's item: sets the
    /// path to it and returns where it is (the key, for a member).
    fn next_child(&mut self) -> Result<Position, Malformed> {
        let at = self.cursor.position();
        match self.stack.last_mut() {
            Some(Frame::Array {
                pointer_len,
                next_index,
            }) => {
                self.path.truncate(*pointer_len);
                self.path.push('/');
                self.path.push_str(&next_index.to_string());
            }
            Some(Frame::Object { pointer_len, keys }) => {
                let key = self.cursor.key()?;
                self.path.truncate(*pointer_len);
                self.path.push('/');
                self.path.push_str(&escape_segment(&key));
                if let Some(first) = keys.as_mut().and_then(|keys| match keys.get(&key) {
                    Some(first) => Some(*first),
                    None => {
                        keys.insert(key, at);
                        None
                    }
                }) {
                    self.found.duplicate_keys.push(DuplicateKey {
                        pointer: self.path.clone(),
                        first,
                        again: at,
                    });
                }
                self.cursor.skip_whitespace();
                if self.cursor.next() != Some(b':') {
                    return Err(Malformed);
                }
                self.cursor.skip_whitespace();
            }
            None => return Err(Malformed),
        }
        Ok(at)
    }
}

/// A number literal that parses to an infinite `f64`.
fn is_huge_number(literal: &[u8]) -> bool {
    std::str::from_utf8(literal)
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .is_some_and(f64::is_infinite)
}

/// A position in the bytes, with lines and columns counted as it moves.
struct Cursor<'b> {
    bytes: &'b [u8],
    offset: usize,
    line: usize,
    /// Where the current line starts, and a column already counted on it
    /// (columns are counted incrementally: a minified payload is one line).
    counted_offset: usize,
    counted_column: usize,
}

impl<'b> Cursor<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        Cursor {
            bytes,
            offset: 0,
            line: 1,
            counted_offset: 0,
            counted_column: 1,
        }
    }

    fn at_end(&self) -> bool {
        self.offset >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn advance(&mut self) {
        self.offset += 1;
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.advance();
        if byte == b'\n' {
            self.new_line();
        }
        Some(byte)
    }

    fn new_line(&mut self) {
        self.line += 1;
        self.counted_offset = self.offset;
        self.counted_column = 1;
    }

    /// Line and column of the cursor; columns count characters (UTF-8
    /// sequences), as editors and SARIF's `unicodeCodePoints` do.
    fn position(&mut self) -> Position {
        let characters = self.bytes[self.counted_offset..self.offset]
            .iter()
            .filter(|byte| (**byte & 0xC0) != 0x80)
            .count();
        self.counted_column += characters;
        self.counted_offset = self.offset;
        Position {
            line: self.line,
            column: self.counted_column,
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(byte @ (b' ' | b'\t' | b'\r' | b'\n')) = self.peek() {
            self.advance();
            if byte == b'\n' {
                self.new_line();
            }
        }
    }

    /// A string at the cursor (which is on its opening quote); returns
    /// the bytes between the quotes, still escaped.
    fn string(&mut self) -> Result<Range<usize>, Malformed> {
        self.advance();
        let start = self.offset;
        loop {
            match self.peek().ok_or(Malformed)? {
                b'"' => {
                    let end = self.offset;
                    self.advance();
                    return Ok(start..end);
                }
                b'\\' => self.offset += 2,
                // Raw control characters (a newline, too) are not JSON.
                0..=0x1F => return Err(Malformed),
                _ => self.advance(),
            }
        }
    }

    /// An object key at the cursor, decoded (`\u` escapes, surrogate
    /// pairs included, as serde_json decodes them).
    fn key(&mut self) -> Result<String, Malformed> {
        if self.peek() != Some(b'"') {
            return Err(Malformed);
        }
        let inner = self.string()?;
        let raw = &self.bytes[inner.clone()];
        if raw.contains(&b'\\') {
            let quoted = &self.bytes[inner.start - 1..inner.end + 1];
            serde_json::from_slice(quoted).map_err(|_| Malformed)
        } else {
            std::str::from_utf8(raw)
                .map(str::to_owned)
                .map_err(|_| Malformed)
        }
    }

    /// A number, `true`, `false` or `null` at the cursor.
    fn literal(&mut self) -> Result<Range<usize>, Malformed> {
        let start = self.offset;
        while let Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.') = self.peek() {
            self.advance();
        }
        if self.offset == start {
            return Err(Malformed);
        }
        Ok(start..self.offset)
    }

    /// Skips a whole object or array (the cursor is on its opening
    /// bracket), keeping count of lines.
    fn skip_container(&mut self) -> Result<(), Malformed> {
        let mut depth = 0usize;
        loop {
            match self.peek().ok_or(Malformed)? {
                b'"' => {
                    self.string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.checked_sub(1).ok_or(Malformed)?;
                    if depth == 0 {
                        self.advance();
                        return Ok(());
                    }
                }
                b'\n' => {
                    self.advance();
                    self.new_line();
                    continue;
                }
                _ => {}
            }
            self.advance();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    fn positions(text: &str, pointers: &[&str]) -> Found {
        let mut wanted = Wanted::default();
        for pointer in pointers {
            wanted.position_of(pointer);
        }
        scan(text.as_bytes(), &wanted).expect("scans")
    }

    #[test]
    fn members_are_at_their_keys_and_items_at_themselves() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\": 2}]},\n  \"d~/\": true\n}\n";
        let found = positions(text, &["", "/a", "/a/b/1/c", "/d~0~1", "/a/b/0"]);
        assert_eq!(found.position(""), at(1, 1));
        assert_eq!(found.position("/a"), at(2, 3));
        assert_eq!(found.position("/a/b/0"), at(2, 15));
        assert_eq!(found.position("/a/b/1/c"), at(2, 19));
        assert_eq!(found.position("/d~0~1"), at(3, 3));
        // A pointer that names nothing falls back to its nearest ancestor.
        assert_eq!(found.position("/a/b/1/nothing"), at(2, 18));
    }

    #[test]
    fn columns_count_characters_and_escaped_keys_are_decoded() {
        let text = "{\"決済\": \"\\ud83d\\ude00 😀\", \"\\u00e9t\\u00e9\": 1, \"x\": [0]}";
        let found = positions(text, &["/été", "/x/0"]);
        assert_eq!(found.position("/été"), at(1, 26));
        assert_eq!(found.position("/x/0"), at(1, 52));
    }

    #[test]
    fn unwanted_containers_are_skipped_but_lines_still_count() {
        let text = "[\n {\"a\": \"}\\\"]\",\n \"b\": [\n]},\n 7\n]";
        let found = positions(text, &["/1"]);
        assert_eq!(found.position("/1"), at(5, 2));
        assert_eq!(found.position("/0/a"), at(1, 1));
    }

    #[test]
    fn repeated_keys_are_found_with_both_positions() {
        let mut wanted = Wanted {
            duplicate_keys: true,
            ..Wanted::default()
        };
        wanted.position_of("/x");
        let text = "{\"amount\": -5,\n \"amount\": 1000, \"x\": {\"a\": 1, \"a\": 2}}";
        let found = scan(text.as_bytes(), &wanted).expect("scans");
        let pointers: Vec<_> = found
            .duplicate_keys
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["/amount", "/x/a"]);
        assert_eq!(
            found.duplicate_keys[0].first,
            Position { line: 1, column: 2 }
        );
        assert_eq!(
            found.duplicate_keys[0].again,
            Position { line: 2, column: 2 }
        );
    }

    #[test]
    fn numbers_beyond_f64_are_found() {
        let wanted = Wanted {
            huge_numbers: true,
            ..Wanted::default()
        };
        let text = r#"{"a": 1e308, "b": [1e400, -2E+999], "c": 1.5}"#;
        let found = scan(text.as_bytes(), &wanted).expect("scans");
        let huge: Vec<_> = found
            .huge_numbers
            .iter()
            .map(|h| (h.pointer.as_str(), &text[h.bytes.clone()]))
            .collect();
        assert_eq!(huge, [("/b/0", "1e400"), ("/b/1", "-2E+999")]);
    }

    #[test]
    fn broken_documents_are_malformed_not_a_panic() {
        let wanted = Wanted {
            duplicate_keys: true,
            huge_numbers: true,
            ..Wanted::default()
        };
        for text in [
            "",
            "{",
            "[1,",
            "{\"a\" 1}",
            "\"abc",
            "[1] 2",
            "{\"a\":1,}",
            "\"\\",
            "}",
        ] {
            assert_eq!(
                scan(text.as_bytes(), &wanted).map(|_| ()),
                Err(Malformed),
                "{text:?}"
            );
        }
    }
}
