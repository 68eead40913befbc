//! `application/x-www-form-urlencoded` payloads, and parameter text,
//! decoded the ways clients write them, then typed by the schema, so one
//! JSON Schema check covers every media type and parameter location.
//!
//! Keys nest by brackets, as the generated SDK (`serde_qs`) and deepObject
//! write them: `outer[inner]=value`. A list is `list[0]=a&list[1]=b` (the
//! SDK), `list[]=a&list[]=b`, or the key repeated, `list=a&list=b`
//! (OpenAPI's `form` style, exploded); one value where the schema says
//! array is a list of one.
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

/// Brackets nested deeper than this stay text in the last key: a form
/// nests as deep as its schema, and a hostile one must not nest without
/// end (decoding and typing recurse once per level).
pub const MAX_FORM_DEPTH: usize = 32;

/// What a form value is read as, for each schema reachable from a root:
/// the schema's own keywords merged with its `allOf`/`oneOf`/`anyOf`
/// members', as a graph keyed by schema, so recursive schemas cost one
/// node each.
#[derive(Debug, Clone, Default)]
pub struct FormShape {
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

    /// Decodes `bytes` and types its values; a body that is not UTF-8 is
    /// reported like a file that is not JSON.
    pub fn decode(&self, bytes: &[u8]) -> Result<Value, NotJson> {
        let text = std::str::from_utf8(bytes).map_err(|e| NotJson {
            message: format!("not a form body: not UTF-8 ({e})"),
            position: None,
        })?;
        let decoded = tree(text.trim_end_matches(['\r', '\n']).as_bytes());
        Ok(self.typed_at(decoded, self.root))
    }

    /// Whether the root schema is an array (a parameter's text is then
    /// split into items).
    pub fn is_array(&self) -> bool {
        self.root
            .and_then(|id| self.nodes.get(&id))
            .is_some_and(|node| node.kind == Some(SchemaType::Array))
    }

    /// Text already taken apart (a parameter's value, its list items or
    /// object entries, all strings) read as the root schema says.
    pub fn typed(&self, value: Value) -> Value {
        self.typed_at(value, self.root)
    }

    /// `value` read as the schema `at` says. A work list would need the
    /// values moved out of their parents; the depth is bounded by
    /// [`MAX_FORM_DEPTH`] for decoded forms and by the caller otherwise.
    fn typed_at(&self, value: Value, at: Option<SchemaId>) -> Value {
        let Some(node) = at.and_then(|id| self.nodes.get(&id)) else {
            return value;
        };
        match value {
            Value::String(text) if node.kind == Some(SchemaType::Array) => {
                Value::Array(vec![self.typed_at(Value::String(text), node.items)])
            }
            Value::String(text) => scalar(text, node.kind),
            Value::Object(map) if node.kind == Some(SchemaType::Array) => match indexed(map) {
                Ok(items) => Value::Array(
                    items
                        .into_iter()
                        .map(|item| self.typed_at(item, node.items))
                        .collect(),
                ),
                Err(map) => self.object(map, node),
            },
            Value::Object(map) => self.object(map, node),
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|item| self.typed_at(item, node.items))
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
                let value = self.typed_at(value, schema);
                (key, value)
            })
            .collect();
        Value::Object(typed)
    }
}

/// A form body (`a=1&b[c]=2&d[]=x&d=y`) as nested objects and arrays of
/// strings: brackets nest (to [`MAX_FORM_DEPTH`]), `[]` or a repeated
/// key makes a list, `list[0]` an object of indexes for the schema to read.
fn tree(body: &[u8]) -> Value {
    let mut root = Map::new();
    for (key, value) in form_urlencoded::parse(body) {
        insert(
            &mut root,
            &key_path(&key),
            Value::String(value.into_owned()),
        );
    }
    Value::Object(root)
}

/// `a[b][]` as `["a", "b", ""]`. Past [`MAX_FORM_DEPTH`] levels, or at a
/// bracket that does not close, the rest of the key is kept as text in the
/// last segment.
fn key_path(key: &str) -> Vec<String> {
    let (head, mut rest) = match key.find('[') {
        Some(open) if open > 0 => (&key[..open], &key[open..]),
        _ => return vec![key.to_owned()],
    };
    let mut path = vec![head.to_owned()];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']').filter(|_| path.len() < MAX_FORM_DEPTH) else {
            break;
        };
        path.push(inner[..close].to_owned());
        rest = &inner[close + 1..];
    }
    if !rest.is_empty() {
        if let Some(last) = path.last_mut() {
            last.push_str(rest);
        }
    }
    path
}

fn insert(map: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.first().is_some_and(String::is_empty) {
        // `d[]=x`: a list.
        append(map, first, value);
        return;
    }
    if rest.is_empty() {
        append(map, first, value);
        return;
    }
    let child = map
        .entry(first.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    if !child.is_object() {
        *child = Value::Object(Map::new());
    }
    if let Value::Object(inner) = child {
        insert(inner, rest, value);
    }
}

/// Sets `key`, or makes it a list when it is already there.
fn append(map: &mut Map<String, Value>, key: &str, value: Value) {
    match map.get_mut(key) {
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => *existing = Value::Array(vec![existing.take(), value]),
        None => {
            map.insert(key.to_owned(), value);
        }
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
    fn a_repeated_key_brackets_or_one_value_make_a_list_where_the_schema_says_array() {
        for form in [
            "tags=10&tags=20",
            "tags%5B%5D=10&tags%5B%5D=20",
            "tags%5B0%5D=10&tags%5B1%5D=20",
        ] {
            let value = shape(SPEC).decode(form.as_bytes()).unwrap();
            assert_eq!(value, serde_json::json!({"tags": [10, 20]}), "{form}");
        }
        let value = shape(SPEC).decode(b"tags=10").unwrap();
        assert_eq!(value, serde_json::json!({"tags": [10]}));
    }

    #[test]
    fn a_key_repeated_where_the_schema_wants_one_value_is_a_list_for_the_check_to_report() {
        let value = shape(SPEC).decode(b"amount=1&amount=2").unwrap();
        assert_eq!(value, serde_json::json!({"amount": ["1", "2"]}));
    }

    #[test]
    fn brackets_past_the_depth_limit_stay_text_in_the_last_key() {
        let key = format!("child{}", "%5Bchild%5D".repeat(MAX_FORM_DEPTH + 5));
        let value = shape(SPEC).decode(format!("{key}=1").as_bytes()).unwrap();
        let mut depth = 0;
        let mut node = &value;
        while let Some(child) = node.get("child") {
            node = child;
            depth += 1;
        }
        assert_eq!(depth, MAX_FORM_DEPTH - 1);
        let leftover = node.as_object().unwrap().keys().next().unwrap();
        assert!(leftover.starts_with("child[child]"), "{leftover}");
        // A bracket that never closes is text too.
        let value = shape(SPEC).decode(b"note%5Bx=1").unwrap();
        assert_eq!(value, serde_json::json!({"note[x": "1"}));
    }

    #[test]
    fn parameter_text_is_typed_by_the_root_schema() {
        let root = shape(SPEC);
        assert_eq!(
            root.typed(serde_json::json!({"amount": "5", "tags": ["1", "2"]})),
            serde_json::json!({"amount": 5, "tags": [1, 2]})
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
