//! `readOnly` properties are not part of requests, `writeOnly` ones not
//! part of responses and callbacks.

use serde_json::Value;

use super::{Translator, MAX_DEPTH};
use crate::load::escape_segment;
use crate::validate::target::Direction;

impl Translator<'_> {
    /// `required` without the properties this direction leaves out; `None`
    /// when nothing is left.
    pub(super) fn required(&self, value: &Value, at: &str) -> Option<Value> {
        let names: Vec<Value> = value
            .as_array()?
            .iter()
            .filter(|name| {
                name.as_str()
                    .is_none_or(|name| !self.declared_left_out(at, name, 0))
            })
            .cloned()
            .collect();
        (!names.is_empty()).then_some(Value::Array(names))
    }

    /// Whether the property `name`, declared by the schema at `at` or one
    /// of its `allOf` members, is left out in this direction.
    pub(super) fn declared_left_out(&self, at: &str, name: &str, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let Some(schema_at) = self.resolve(at) else {
            return false;
        };
        let property_at = format!("{schema_at}/properties/{}", escape_segment(name));
        if self.spec.node(&property_at).is_some() {
            return self.left_out(&property_at);
        }
        let members = self
            .spec
            .node(&format!("{schema_at}/allOf"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        (0..members)
            .any(|i| self.declared_left_out(&format!("{schema_at}/allOf/{i}"), name, depth + 1))
    }

    /// A `readOnly` property in a request, a `writeOnly` one elsewhere.
    pub(super) fn left_out(&self, property_at: &str) -> bool {
        let flag = match self.direction {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
            Direction::Neutral => return false,
        };
        let mut at = property_at.to_owned();
        for _ in 0..MAX_DEPTH {
            let Some(node) = self.spec.node(&at) else {
                return false;
            };
            if node.get(flag) == Some(&Value::Bool(true)) {
                return true;
            }
            match node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            {
                Some(target) => at = target.to_owned(),
                None => return false,
            }
        }
        false
    }

    /// The schema at `at`, after following `$ref`s.
    pub(super) fn resolve(&self, at: &str) -> Option<String> {
        let mut at = at.to_owned();
        for _ in 0..MAX_DEPTH {
            match self.spec.node(&at)?.get("$ref").and_then(Value::as_str) {
                Some(reference) => at = reference.strip_prefix('#')?.to_owned(),
                None => return Some(at),
            }
        }
        None
    }
}
