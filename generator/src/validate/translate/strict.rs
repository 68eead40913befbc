//! Strict mode: objects in value positions are closed.

use serde_json::{Map, Value};

use super::{Place, Translator, MAX_DEPTH};
use crate::front::{Additional, SchemaId, SchemaType};

impl Translator<'_> {
    /// Closes an object schema in a value position in strict mode; `id` is
    /// the schema it translates (after `$ref`s).
    pub(super) fn close(
        &self,
        mut schema: Map<String, Value>,
        id: SchemaId,
        place: Place,
    ) -> Value {
        if self.strict && place == Place::Value && self.describes_object(id, 0) {
            schema.insert("unevaluatedProperties".into(), Value::Bool(false));
        }
        Value::Object(schema)
    }

    /// Whether a schema declares an object whose unknown properties it
    /// does not govern itself (no `additionalProperties` of its own).
    fn describes_object(&self, id: SchemaId, depth: usize) -> bool {
        let schema = self.schemas.get(id);
        if depth > MAX_DEPTH || schema.additional_properties != Additional::Absent {
            return false;
        }
        if schema.schema_type == Some(SchemaType::Object) || !schema.properties.is_empty() {
            return true;
        }
        schema
            .all_of
            .iter()
            .chain(&schema.one_of)
            .chain(&schema.any_of)
            .any(|&member| self.describes_object(member, depth + 1))
    }
}
