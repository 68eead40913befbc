//! The examples a spec documents for a media type: `example`, then each
//! entry of `examples` (an Example Object's `value`, `$ref`s to
//! `components.examples` followed). The front end keeps the pointer of
//! every `content` entry, so they are read from the document there.

use openapi_sdkgen::Spec;
use serde_json::Value;

/// A documented example and its name (`example` for the single one).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub value: Value,
}

/// Every example documented at the media type object at `pointer`, in
/// the document's order.
pub fn documented(spec: &Spec, pointer: &str) -> Vec<Example> {
    let Some(media) = spec.raw.pointer(pointer) else {
        return Vec::new();
    };
    let mut all = Vec::new();
    if let Some(value) = media.get("example") {
        all.push(Example {
            name: "example".to_owned(),
            value: value.clone(),
        });
    }
    if let Some(Value::Object(examples)) = media.get("examples") {
        for (name, example) in examples {
            if let Some(value) = follow(spec, example).and_then(|e| e.get("value")) {
                all.push(Example {
                    name: name.clone(),
                    value: value.clone(),
                });
            }
        }
    }
    all
}

/// The schema's own `example` (OpenAPI 3.0 Schema Object), if any.
pub fn of_schema(spec: &Spec, schema_pointer: &str) -> Option<Value> {
    spec.raw.pointer(schema_pointer)?.get("example").cloned()
}

/// An Example Object, through at most a few `$ref`s.
fn follow<'a>(spec: &'a Spec, mut node: &'a Value) -> Option<&'a Value> {
    for _ in 0..8 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => node = spec.raw.pointer(reference.strip_prefix('#')?)?,
            None => return Some(node),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_and_named_examples_are_read_in_order_through_refs() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  examples:\n    Shared: {value: {b: 2}}\n  x-media:\n    example: {a: 1}\n    examples:\n      first: {$ref: '#/components/examples/Shared'}\n      second: {value: 3}\n      external: {externalValue: 'http://x'}\n";
        let spec =
            openapi_sdkgen::load::load_str(std::path::Path::new("t.yaml"), text).expect("loads");
        let found = documented(&spec, "/components/x-media");
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["example", "first", "second"]);
        assert_eq!(found[1].value, json!({"b": 2}));
    }
}
