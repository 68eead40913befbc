//! Strict mode: objects in value positions are closed.

use serde_json::{Map, Value};

use super::{Place, Translator, MAX_DEPTH};

impl Translator<'_> {
    /// Closes an object schema in a value position in strict mode.
    pub(super) fn close(
        &self,
        mut schema: Map<String, Value>,
        raw: &Map<String, Value>,
        place: Place,
    ) -> Value {
        if self.strict && place == Place::Value && self.describes_object(raw, 0) {
            schema.insert("unevaluatedProperties".into(), Value::Bool(false));
        }
        Value::Object(schema)
    }

    /// Whether a schema declares an object whose unknown properties it
    /// does not govern itself (no `additionalProperties` of its own).
    pub(super) fn describes_object(&self, raw: &Map<String, Value>, depth: usize) -> bool {
        if depth > MAX_DEPTH || raw.contains_key("additionalProperties") {
            return false;
        }
        if let Some(target) = raw
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            return self
                .spec
                .node(target)
                .and_then(Value::as_object)
                .is_some_and(|t| self.describes_object(t, depth + 1));
        }
        if raw.get("type").and_then(Value::as_str) == Some("object")
            || raw.contains_key("properties")
        {
            return true;
        }
        ["allOf", "oneOf", "anyOf"]
            .iter()
            .filter_map(|k| raw.get(*k).and_then(Value::as_array))
            .flatten()
            .filter_map(Value::as_object)
            .any(|member| self.describes_object(member, depth + 1))
    }
}
