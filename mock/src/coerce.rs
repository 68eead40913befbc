//! Text from a URL, a header or a form body, read as the types its schema
//! asks for: `"12"` becomes `12` where the schema says integer, so the
//! validator judges the value, not its spelling. Text that does not parse
//! as the wanted type stays text, and the validator reports the type.

use openapi_sdkgen::front::{SchemaId, SchemaType, Schemas};
use serde_json::{Map, Value};

/// Union members and `allOf` links followed when looking for a type.
const MAX_HOPS: usize = 16;

/// `value` (strings, arrays and objects of strings) with every string
/// the schema types otherwise converted.
pub fn coerce(schemas: &Schemas, id: Option<SchemaId>, value: Value) -> Value {
    let Some(id) = id else {
        return value;
    };
    match value {
        Value::String(text) => scalar(schemas, id, text),
        Value::Array(items) => {
            let item = find(schemas, id, |s| s.items);
            Value::Array(
                items
                    .into_iter()
                    .map(|v| coerce(schemas, item, v))
                    .collect(),
            )
        }
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, value) in map {
                let property = find(schemas, id, |s| s.property(&key));
                out.insert(key, coerce(schemas, property, value));
            }
            Value::Object(out)
        }
        other => other,
    }
}

/// Wraps a single value in an array where the schema is an array: a
/// query parameter given once is a list of one.
pub fn wants_array(schemas: &Schemas, id: Option<SchemaId>) -> bool {
    id.is_some_and(|id| types(schemas, id).contains(&SchemaType::Array))
}

fn scalar(schemas: &Schemas, id: SchemaId, text: String) -> Value {
    let wanted = types(schemas, id);
    if wanted.contains(&SchemaType::String) || wanted.is_empty() {
        return Value::String(text);
    }
    for kind in wanted {
        let parsed = match kind {
            SchemaType::Integer => text.parse::<i64>().ok().map(Value::from),
            SchemaType::Number => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            SchemaType::Boolean => match text.as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            _ => None,
        };
        if let Some(value) = parsed {
            return value;
        }
    }
    Value::String(text)
}

/// The types the schema, its `allOf` members and union members allow.
fn types(schemas: &Schemas, id: SchemaId) -> Vec<SchemaType> {
    let mut found = Vec::new();
    let mut work = vec![id];
    let mut hops = 0;
    while let Some(id) = work.pop() {
        hops += 1;
        if hops > MAX_HOPS {
            break;
        }
        let schema = schemas.get(id);
        if let Some(kind) = schema.schema_type {
            if !found.contains(&kind) {
                found.push(kind);
            }
        }
        work.extend(
            schema
                .all_of
                .iter()
                .chain(&schema.one_of)
                .chain(&schema.any_of),
        );
    }
    found
}

/// The first schema `pick` finds in the schema or its members.
fn find(
    schemas: &Schemas,
    id: SchemaId,
    pick: impl Fn(&openapi_sdkgen::front::Schema) -> Option<SchemaId>,
) -> Option<SchemaId> {
    let mut work = vec![id];
    let mut hops = 0;
    while let Some(id) = work.pop() {
        hops += 1;
        if hops > MAX_HOPS {
            break;
        }
        let schema = schemas.get(id);
        if let Some(found) = pick(schema) {
            return Some(found);
        }
        work.extend(
            schema
                .all_of
                .iter()
                .chain(&schema.one_of)
                .chain(&schema.any_of),
        );
    }
    None
}

/// A form body (`a=1&b[c]=2&d[]=x&d[]=y`) as nested objects and arrays of
/// strings: brackets nest, a repeated key or `[]` makes a list.
pub fn form_tree(body: &[u8]) -> Value {
    let mut root = Map::new();
    for (key, value) in form_urlencoded::parse(body) {
        let mut path: Vec<String> = Vec::new();
        let (head, mut rest) = match key.find('[') {
            Some(open) => (&key[..open], &key[open..]),
            None => (&key[..], ""),
        };
        path.push(head.to_owned());
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            path.push(inner[..close].to_owned());
            rest = &inner[close + 1..];
        }
        insert(&mut root, &path, Value::String(value.into_owned()));
    }
    Value::Object(root)
}

fn insert(map: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.first().is_some_and(String::is_empty) {
        // `d[]=x`: a list.
        match map
            .entry(first.clone())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(items) => items.push(value),
            other => *other = Value::Array(vec![other.take(), value]),
        }
        return;
    }
    if rest.is_empty() {
        match map.get_mut(first) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => *existing = Value::Array(vec![existing.take(), value]),
            None => {
                map.insert(first.clone(), value);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api() -> openapi_sdkgen::front::Api {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        amount: {type: integer}\n        flag: {type: boolean}\n        either: {oneOf: [{type: integer}, {type: string}]}\n        card: {type: object, properties: {month: {type: string}, cvc: {type: integer}}}\n        tags: {type: array, items: {type: number}}\n";
        let spec =
            openapi_sdkgen::load::load_str(std::path::Path::new("t.yaml"), text).expect("loads");
        openapi_sdkgen::front::read_api(&spec).expect("front end")
    }

    #[test]
    fn a_form_body_nests_by_brackets_and_takes_its_schema_types() {
        let api = api();
        let tree = form_tree(b"amount=1000&flag=true&either=7&card%5Bmonth%5D=08&card[cvc]=123&tags[]=1.5&tags[]=2&extra=x");
        let value = coerce(&api.schemas, Some(api.components[0].1), tree);
        assert_eq!(
            value,
            json!({"amount": 1000, "flag": true, "either": "7", "card": {"month": "08", "cvc": 123}, "tags": [1.5, 2.0], "extra": "x"})
        );
    }

    #[test]
    fn text_that_is_not_the_wanted_type_stays_text() {
        let api = api();
        let value = coerce(
            &api.schemas,
            Some(api.components[0].1),
            json!({"amount": "12a", "flag": "yes"}),
        );
        assert_eq!(value, json!({"amount": "12a", "flag": "yes"}));
    }
}
