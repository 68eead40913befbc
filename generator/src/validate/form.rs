//! `application/x-www-form-urlencoded` payloads, decoded the way the
//! generated SDK encodes them (`serde_qs` with form encoding: nested
//! objects as `outer[inner]=value`, arrays as `list[0]=value`), then typed
//! by the schema, so one JSON Schema check covers both media types.
//!
//! A form carries only text: `amount=1000` is the number 1000 where the
//! schema says `integer`, and stays the string `"1000"` where it says
//! `string`. A value the schema's type cannot read (`amount=ten`) stays
//! text, so the check reports it at its pointer as a type violation.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use super::outcome::NotJson;
use crate::front::{Additional, SchemaId, SchemaType, Schemas};

/// The media type this module reads.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// What a form value is read as, for each schema reachable from a root:
/// the schema's own keywords merged with its `allOf`/`oneOf`/`anyOf`
/// members', as a graph keyed by schema, so recursive schemas cost one
/// node each.
#[derive(Debug, Clone, Default)]
pub(super) struct FormShape {
    root: Option<SchemaId>,
    nodes: HashMap<SchemaId, Node>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    kind: Option<SchemaType>,
    properties: Vec<(String, SchemaId)>,
    additional: Option<SchemaId>,
    items: Option<SchemaId>,
}

impl FormShape {
    /// The shape of `root` and everything it reaches.
    pub fn new(schemas: &Schemas, root: Option<SchemaId>) -> Self {
        let mut nodes = HashMap::new();
        let mut pending: Vec<SchemaId> = root.into_iter().collect();
        while let Some(id) = pending.pop() {
            if nodes.contains_key(&id) {
                continue;
            }
            let node = merged(schemas, id);
            pending.extend(node.properties.iter().map(|(_, id)| *id));
            pending.extend(node.additional);
            pending.extend(node.items);
            nodes.insert(id, node);
        }
        Self { root, nodes }
    }

    /// Decodes `bytes` and types its values; an undecodable body is
    /// reported like a file that is not JSON.
    pub fn decode(&self, bytes: &[u8]) -> Result<Value, NotJson> {
        let text = std::str::from_utf8(bytes).map_err(|e| NotJson {
            message: format!("not a form body: not UTF-8 ({e})"),
            position: None,
        })?;
        let decoded: Value = serde_qs::Config::new()
            .use_form_encoding(true)
            .deserialize_str(text.trim_end_matches(['\r', '\n']))
            .map_err(|e| NotJson {
                message: format!("not a form body: {e}"),
                position: None,
            })?;
        Ok(self.typed(decoded, self.root))
    }

    /// `value` read as the schema `at` says. A work list would need the
    /// values moved out of their parents; the depth is bounded by what
    /// `serde_qs` decodes (its nesting limit), not by the schema.
    fn typed(&self, value: Value, at: Option<SchemaId>) -> Value {
        let Some(node) = at.and_then(|id| self.nodes.get(&id)) else {
            return value;
        };
        match value {
            Value::String(text) => scalar(text, node.kind),
            Value::Object(map) if node.kind == Some(SchemaType::Array) => match indexed(map) {
                Ok(items) => Value::Array(
                    items
                        .into_iter()
                        .map(|item| self.typed(item, node.items))
                        .collect(),
                ),
                Err(map) => self.object(map, node),
            },
            Value::Object(map) => self.object(map, node),
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|item| self.typed(item, node.items))
                    .collect(),
            ),
            other => other,
        }
    }

    fn object(&self, map: Map<String, Value>, node: &Node) -> Value {
        let typed = map
            .into_iter()
            .map(|(key, value)| {
                let schema = node
                    .properties
                    .iter()
                    .find(|(name, _)| *name == key)
                    .map(|(_, id)| *id)
                    .or(node.additional);
                let value = self.typed(value, schema);
                (key, value)
            })
            .collect();
        Value::Object(typed)
    }
}

/// A scalar's text as the schema's type reads it, if it can.
fn scalar(text: String, kind: Option<SchemaType>) -> Value {
    let number = |text: &str| -> Option<Number> {
        if let Ok(int) = text.parse::<i64>() {
            return Some(int.into());
        }
        if let Ok(int) = text.parse::<u64>() {
            return Some(int.into());
        }
        text.parse::<f64>().ok().and_then(Number::from_f64)
    };
    let read = match kind {
        Some(SchemaType::Integer) => text
            .parse::<i64>()
            .map(Number::from)
            .ok()
            .or_else(|| text.parse::<u64>().ok().map(Number::from))
            .map(Value::Number),
        Some(SchemaType::Number) => number(&text).map(Value::Number),
        Some(SchemaType::Boolean) => match text.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    };
    read.unwrap_or(Value::String(text))
}

/// `{"0": a, "1": b}` (how `list[0]=a&list[1]=b` decodes) as `[a, b]`, in
/// index order; any other map is given back.
fn indexed(map: Map<String, Value>) -> Result<Vec<Value>, Map<String, Value>> {
    let mut entries: Vec<(usize, Value)> = Vec::with_capacity(map.len());
    if !map.keys().all(|key| key.parse::<usize>().is_ok()) {
        return Err(map);
    }
    for (key, value) in map {
        entries.push((key.parse().unwrap_or(usize::MAX), value));
    }
    entries.sort_by_key(|(index, _)| *index);
    Ok(entries.into_iter().map(|(_, value)| value).collect())
}

/// A schema's keywords for form reading, with those of its composition
/// members (one level of members, and theirs, as far as they go).
fn merged(schemas: &Schemas, id: SchemaId) -> Node {
    let mut node = Node::default();
    let mut pending = vec![id];
    let mut seen = Vec::new();
    while let Some(id) = pending.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let schema = schemas.get(id);
        node.kind = node.kind.or(schema.schema_type);
        for (name, property) in &schema.properties {
            if !node.properties.iter().any(|(known, _)| known == name) {
                node.properties.push((name.clone(), *property));
            }
        }
        if let Additional::Schema(other) = schema.additional_properties {
            node.additional = node.additional.or(Some(other));
        }
        node.items = node.items.or(schema.items);
        // Members in reverse, so the first is taken first.
        for member in [&schema.all_of, &schema.one_of, &schema.any_of] {
            pending.extend(member.iter().rev());
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::read_api;

    fn shape(yaml: &str) -> FormShape {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.yaml");
        std::fs::write(&path, yaml).unwrap();
        let spec = crate::load(&path).unwrap();
        let api = read_api(&spec).unwrap();
        let root = api.components.iter().find(|(n, _)| n == "Root").unwrap().1;
        FormShape::new(&api.schemas, Some(root))
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Root:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            tags: {type: array, items: {type: integer}}
            card:
              type: object
              properties:
                number: {type: string}
                month: {type: integer}
    Base:
      type: object
      properties:
        amount: {type: integer}
        rate: {type: number}
        capture: {type: boolean}
        note: {type: string}
        child: {$ref: '#/components/schemas/Root'}
"#;

    #[test]
    fn values_are_typed_by_the_schema_through_all_of_and_refs() {
        let form = "amount=1000&rate=1.5&capture=true&note=1000&card%5Bnumber%5D=4111&card%5Bmonth%5D=08&child%5Bamount%5D=7";
        let value = shape(SPEC).decode(form.as_bytes()).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "amount": 1000, "rate": 1.5, "capture": true, "note": "1000",
                "card": {"number": "4111", "month": 8},
                "child": {"amount": 7}
            })
        );
    }

    #[test]
    fn indexed_entries_become_an_array_in_index_order() {
        let value = shape(SPEC)
            .decode(b"tags%5B1%5D=20&tags%5B0%5D=10")
            .unwrap();
        assert_eq!(value, serde_json::json!({"tags": [10, 20]}));
    }

    #[test]
    fn unreadable_values_stay_text_for_the_check_to_report() {
        let value = shape(SPEC).decode(b"amount=ten&capture=yes").unwrap();
        assert_eq!(
            value,
            serde_json::json!({"amount": "ten", "capture": "yes"})
        );
    }

    #[test]
    fn plus_is_a_space_and_percent_escapes_are_decoded() {
        let value = shape(SPEC).decode(b"note=Test+Card%21").unwrap();
        assert_eq!(value, serde_json::json!({"note": "Test Card!"}));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_not_a_form() {
        let error = shape(SPEC).decode(b"note=\xff").unwrap_err();
        assert!(
            error.message.starts_with("not a form body"),
            "{}",
            error.message
        );
    }
}
