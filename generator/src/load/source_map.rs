//! Where each node of a YAML (or JSON) document sits in its file.
//!
//! `serde_yaml` forgets positions once a document is parsed, yet every
//! error we report has to point a person at a line. We replay the document
//! through `yaml-rust2`'s event parser once and remember, for every JSON
//! pointer, the line and column where that node (or its mapping key) starts.

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// JSON pointer → position of the node it names.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    positions: HashMap<String, Position>,
    duplicate_key: Option<DuplicateKey>,
}

/// A mapping that holds the same key twice. YAML forbids it, and parsers
/// quietly keep one of the two values, so a reviewer reading the first
/// could approve what the second says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The pointer both keys name.
    pub pointer: String,
    pub first: Position,
    pub second: Position,
}

impl SourceMap {
    /// Indexes `text`. A document the event parser rejects yields an empty
    /// map: positions are a courtesy, and syntax errors are reported by the
    /// loader with the location `serde_yaml` gives.
    pub fn index(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return Self::default();
        }
        Self {
            positions: builder.positions,
            duplicate_key: builder.duplicate_key,
        }
    }

    /// Places the node at `pointer`, which the file does not hold (a copy
    /// bundled from another file), where the node at `stand_in` is: the
    /// `$ref` that brought it in. A reader of [`SourceMap::position`] that
    /// knows only this file is led to that line, not to an unrelated
    /// ancestor; [`Spec::locate`](super::Spec::locate) finds the copy's own
    /// file and line.
    pub fn anchor(&mut self, pointer: &str, stand_in: &str) {
        if self.positions.contains_key(pointer) {
            return;
        }
        if let Some(position) = self.position(stand_in) {
            self.positions.insert(pointer.to_owned(), position);
        }
    }

    /// The first key found twice in one mapping, if any.
    pub fn duplicate_key(&self) -> Option<&DuplicateKey> {
        self.duplicate_key.as_ref()
    }

    /// The position of the node at `pointer`, or of its nearest ancestor
    /// that has one (a pointer into a node we did not index still lands
    /// the reader close to the problem).
    pub fn position(&self, pointer: &str) -> Option<Position> {
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return Some(*position);
            }
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => return None,
            }
        }
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

enum Frame {
    Mapping {
        pointer: String,
        /// Set while the next node is a value: its key and where the key is.
        pending_key: Option<(String, Marker)>,
    },
    Sequence {
        pointer: String,
        next_index: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    positions: HashMap<String, Position>,
    duplicate_key: Option<DuplicateKey>,
}

/// yaml-rust2 counts lines from 1 and columns from 0.
fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    /// Decides where a node that starts now belongs. Returns `None` when
    /// the node is a mapping key (keys are recorded with their value).
    fn place(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        let (pointer, at) = match self.stack.last_mut() {
            None => (String::new(), mark),
            Some(Frame::Sequence {
                pointer,
                next_index,
            }) => {
                let child = format!("{pointer}/{next_index}");
                *next_index += 1;
                (child, mark)
            }
            Some(Frame::Mapping {
                pointer,
                pending_key,
            }) => match pending_key.take() {
                Some((key, key_mark)) => (format!("{pointer}/{}", escape_segment(&key)), key_mark),
                None => {
                    let key = scalar.unwrap_or_default();
                    if self.duplicate_key.is_none() {
                        let child = format!("{pointer}/{}", escape_segment(key));
                        if let Some(&first) = self.positions.get(&child) {
                            self.duplicate_key = Some(DuplicateKey {
                                pointer: child,
                                first,
                                second: position(mark),
                            });
                        }
                    }
                    *pending_key = Some((key.to_owned(), mark));
                    return None;
                }
            },
        };
        self.positions.insert(pointer.clone(), position(at));
        Some(pointer)
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.place(Some(&value), mark);
            }
            Event::Alias(_) => {
                self.place(None, mark);
            }
            Event::MappingStart(..) => {
                if let Some(pointer) = self.place(None, mark) {
                    self.stack.push(Frame::Mapping {
                        pointer,
                        pending_key: None,
                    });
                }
            }
            Event::SequenceStart(..) => {
                if let Some(pointer) = self.place(None, mark) {
                    self.stack.push(Frame::Sequence {
                        pointer,
                        next_index: 0,
                    });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_point_at_keys_and_items() {
        let text = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      tags:\n        - one\n        - two\n";
        let map = SourceMap::index(text);
        assert_eq!(
            map.position("/openapi"),
            Some(Position { line: 1, column: 1 })
        );
        assert_eq!(
            map.position("/paths/~1a~1{id}/get"),
            Some(Position { line: 4, column: 5 })
        );
        assert_eq!(
            map.position("/paths/~1a~1{id}/get/tags/1"),
            Some(Position {
                line: 7,
                column: 11
            })
        );
        // Unknown pointers fall back to the nearest known ancestor.
        assert_eq!(
            map.position("/paths/~1a~1{id}/get/nothing/here"),
            Some(Position { line: 4, column: 5 })
        );
    }

    #[test]
    fn a_key_given_twice_is_found_with_both_positions() {
        let map = SourceMap::index("a:\n  b: 1\n  c: 2\n  b: 3\n");
        let duplicate = map.duplicate_key().expect("b is given twice");
        assert_eq!(duplicate.pointer, "/a/b");
        assert_eq!((duplicate.first.line, duplicate.second.line), (2, 4));
        let json = SourceMap::index("{\"x\": 1, \"y\": {\"x\": 2}}");
        assert_eq!(
            json.duplicate_key(),
            None,
            "the same key in two objects is fine"
        );
        let json = SourceMap::index("{\"x\": 1,\n \"x\": 2}");
        assert_eq!(json.duplicate_key().map(|d| d.second.line), Some(2));
    }

    #[test]
    fn json_documents_are_indexed_too() {
        let map = SourceMap::index("{\n  \"a\": {\"b\": [1, 2]}\n}\n");
        assert_eq!(map.position("/a/b/1").map(|p| p.line), Some(2));
    }
}
