//! Reading the raw document: nodes by pointer, `$ref`s followed, and
//! errors tied to the node they are about.

use serde_json::{Map, Value};

use crate::error::{SpecError, SpecErrorKind};
use crate::load::{escape_segment, Position, Spec};

/// Where a node of the front end is written: its JSON pointer and, when
/// the source map knows it, its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub pointer: String,
    pub position: Option<Position>,
}

/// A mapping of the document and the pointer it is written at.
pub(super) type Located<'a> = (String, &'a Map<String, Value>);

/// The most `$ref`s followed from one node to the node it stands for.
/// `load` refuses loops; the bound keeps this walk finite regardless.
const MAX_REF_HOPS: usize = 64;

/// The document, read node by node.
#[derive(Clone, Copy)]
pub(super) struct Reader<'a> {
    pub spec: &'a Spec,
}

impl<'a> Reader<'a> {
    pub fn source(&self, pointer: &str) -> Source {
        Source {
            pointer: pointer.to_owned(),
            position: self.spec.source_map.position(pointer),
        }
    }

    pub fn error(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        self.spec
            .error(pointer, SpecErrorKind::Shape(message.into()))
    }

    pub fn node(&self, pointer: &str) -> Option<&'a Value> {
        self.spec.node(pointer)
    }

    /// The node at `pointer` with `$ref`s followed: its own pointer and
    /// its value. `None` when nothing is there.
    pub fn resolved(&self, pointer: &str) -> Result<Option<(String, &'a Value)>, SpecError> {
        let mut at = pointer.to_owned();
        for _ in 0..MAX_REF_HOPS {
            let Some(node) = self.node(&at) else {
                return Ok(None);
            };
            match node.get("$ref") {
                Some(Value::String(reference)) => {
                    let Some(target) = reference.strip_prefix('#') else {
                        let reference = reference.clone();
                        return Err(self.spec.error(
                            format!("{at}/$ref"),
                            SpecErrorKind::ExternalRef { reference },
                        ));
                    };
                    if self.node(target).is_none() {
                        let reference = reference.clone();
                        return Err(self.spec.error(
                            format!("{at}/$ref"),
                            SpecErrorKind::DanglingRef { reference },
                        ));
                    }
                    at = target.to_owned();
                }
                _ => return Ok(Some((at, node))),
            }
        }
        Err(self.spec.error(
            format!("{pointer}/$ref"),
            SpecErrorKind::CyclicRef {
                chain: format!("more than {MAX_REF_HOPS} references from #{pointer}"),
            },
        ))
    }

    /// The object at `pointer` (after `$ref`s), or an error when something
    /// else is there.
    pub fn object(&self, pointer: &str) -> Result<Option<Located<'a>>, SpecError> {
        match self.resolved(pointer)? {
            None => Ok(None),
            Some((at, Value::Object(map))) => Ok(Some((at, map))),
            Some((at, _)) => Err(self.error(&at, "expected a mapping here")),
        }
    }

    /// The keys of the mapping at `pointer`, each with its child pointer.
    pub fn entries(&self, pointer: &str) -> Result<Vec<(String, String)>, SpecError> {
        Ok(match self.object(pointer)? {
            Some((at, map)) => map
                .keys()
                .map(|key| (key.clone(), child(&at, key)))
                .collect(),
            None => Vec::new(),
        })
    }

    /// How many items the sequence at `pointer` holds.
    pub fn len(&self, pointer: &str) -> usize {
        self.node(pointer)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }
}

/// `pointer` + `/key`, escaped.
pub fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape_segment(key))
}

pub(super) fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

pub(super) fn flag(map: &Map<String, Value>, key: &str) -> bool {
    map.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Every `x-` key of `map`, in the document's order.
pub(super) fn extensions(map: &Map<String, Value>) -> Vec<(String, Value)> {
    map.iter()
        .filter(|(key, _)| key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

pub(super) fn optional_flag(map: &Map<String, Value>, key: &str) -> Option<bool> {
    map.get(key).and_then(Value::as_bool)
}
