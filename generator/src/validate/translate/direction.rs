//! `readOnly` properties are not part of requests, `writeOnly` ones not
//! part of responses and callbacks.

use serde_json::Value;

use super::{Translator, MAX_DEPTH};
use crate::front::{child_pointer, Schema, SchemaId, Site};
use crate::validate::target::Direction;

impl Translator<'_> {
    /// `required` without the properties this direction leaves out; `None`
    /// when nothing is left.
    pub(super) fn required(&self, schema: &Schema) -> Option<Value> {
        let names: Vec<Value> = schema
            .required
            .iter()
            .filter(|name| !self.declared_left_out(schema, name, 0))
            .map(|name| Value::from(name.as_str()))
            .collect();
        (!names.is_empty()).then_some(Value::Array(names))
    }

    /// Whether the property `name`, declared by `schema` or one of its
    /// `allOf` members, is left out in this direction.
    fn declared_left_out(&self, schema: &Schema, name: &str, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if schema.property(name).is_some() {
            let properties = child_pointer(schema.pointer(), "properties");
            return self.left_out(&child_pointer(&properties, name));
        }
        schema
            .all_of
            .iter()
            .any(|&member| self.declared_left_out(self.schemas.get(member), name, depth + 1))
    }

    /// A `readOnly` property in a request, a `writeOnly` one elsewhere:
    /// marked so where it is written (beside a `$ref` too) or where its
    /// `$ref` leads.
    pub(super) fn left_out(&self, property_at: &str) -> bool {
        let flag = |schema: &Schema| match self.direction {
            Direction::Request => schema.read_only,
            Direction::Response => schema.write_only,
            Direction::Neutral => false,
        };
        let target: SchemaId = match self.schemas.site(property_at) {
            Some(Site::Reference(reference)) if flag(&reference.siblings) => return true,
            Some(Site::Reference(reference)) => reference.target,
            Some(Site::Schema(id)) => id,
            None => return false,
        };
        flag(self.schemas.get(target))
    }
}
