//! Where a document stops being OpenAPI 3.0, as precisely as it can be
//! told.
//!
//! The typed document (`openapiv3`) is read with untagged and flattened
//! enums, so when it fails, serde can name only the outermost map it was
//! in ("at #/paths"). The failing node is then found by reading smaller
//! parts on their own, outermost first, and going into the part that
//! fails until no smaller part does: path items, operations, their
//! parameters, bodies and responses, components one by one, and schemas
//! down through their subschemas. A work list, bounded in nodes visited.

use openapiv3::{Header, Link, Operation, Parameter, PathItem, ReferenceOr};
use openapiv3::{RequestBody, Response, Schema, SecurityScheme};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::source_map::escape_segment;
use crate::front::Method;

/// Far more nodes than a document has parts worth trying.
const MAX_TRIED: usize = 100_000;

/// What a node must read as.
#[derive(Debug, Clone, Copy)]
enum Kind {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    Schema,
    SecurityScheme,
    Link,
}

/// The deepest node below the document that fails to read as its kind,
/// with serde's message for it; `None` when every part reads on its own.
pub(super) fn locate(raw: &Value) -> Option<(String, String)> {
    let mut pending: Vec<(String, Kind)> = Vec::new();
    for path in entries(raw, "/paths") {
        pending.push((format!("/paths/{}", escape_segment(&path)), Kind::PathItem));
    }
    let components = [
        ("schemas", Kind::Schema),
        ("parameters", Kind::Parameter),
        ("requestBodies", Kind::RequestBody),
        ("responses", Kind::Response),
        ("headers", Kind::Header),
        ("securitySchemes", Kind::SecurityScheme),
        ("links", Kind::Link),
    ];
    for (map, kind) in components {
        let at = format!("/components/{map}");
        for name in entries(raw, &at) {
            pending.push((format!("{at}/{}", escape_segment(&name)), kind));
        }
    }
    pending.reverse();
    let mut failure = None;
    let mut tried = 0;
    while let Some((at, kind)) = pending.pop() {
        tried += 1;
        if tried > MAX_TRIED {
            break;
        }
        let Some(node) = raw.pointer(&at) else {
            continue;
        };
        let Err((inner, message)) = read(kind, node) else {
            continue;
        };
        let parts = parts(raw, &at, kind);
        failure = Some((format!("{at}{inner}"), message));
        // Go into the failing node: its parts are tried next; if none of
        // them fails, this node is the answer.
        pending.clear();
        pending.extend(parts.into_iter().rev());
    }
    failure
}

/// Reads `node` as `kind`: the pointer inside it serde could follow, and
/// the message.
fn read(kind: Kind, node: &Value) -> Result<(), (String, String)> {
    fn one<T: DeserializeOwned>(node: &Value) -> Result<(), (String, String)> {
        serde_path_to_error::deserialize::<_, T>(node)
            .map(|_| ())
            .map_err(|e| (super::path_to_pointer(e.path()), e.inner().to_string()))
    }
    match kind {
        Kind::PathItem => one::<PathItem>(node),
        Kind::Operation => one::<Operation>(node),
        Kind::Parameter => one::<ReferenceOr<Parameter>>(node),
        Kind::RequestBody => one::<ReferenceOr<RequestBody>>(node),
        Kind::Response => one::<ReferenceOr<Response>>(node),
        Kind::Header => one::<ReferenceOr<Header>>(node),
        Kind::Schema => one::<ReferenceOr<Schema>>(node),
        Kind::SecurityScheme => one::<ReferenceOr<SecurityScheme>>(node),
        Kind::Link => one::<ReferenceOr<Link>>(node),
    }
}

/// The smaller parts of the node at `at` that can be read on their own.
fn parts(raw: &Value, at: &str, kind: Kind) -> Vec<(String, Kind)> {
    let mut parts = Vec::new();
    let each = |key: &str, kind: Kind, parts: &mut Vec<(String, Kind)>| {
        for name in entries(raw, &format!("{at}/{key}")) {
            parts.push((format!("{at}/{key}/{}", escape_segment(&name)), kind));
        }
    };
    match kind {
        Kind::PathItem => {
            for method in Method::ALL.map(Method::key) {
                if raw.pointer(&format!("{at}/{method}")).is_some() {
                    parts.push((format!("{at}/{method}"), Kind::Operation));
                }
            }
            each("parameters", Kind::Parameter, &mut parts);
        }
        Kind::Operation => {
            each("parameters", Kind::Parameter, &mut parts);
            if raw.pointer(&format!("{at}/requestBody")).is_some() {
                parts.push((format!("{at}/requestBody"), Kind::RequestBody));
            }
            each("responses", Kind::Response, &mut parts);
        }
        Kind::Parameter | Kind::Header => {
            if raw.pointer(&format!("{at}/schema")).is_some() {
                parts.push((format!("{at}/schema"), Kind::Schema));
            }
        }
        Kind::RequestBody | Kind::Response => {
            for media_type in entries(raw, &format!("{at}/content")) {
                let schema = format!("{at}/content/{}/schema", escape_segment(&media_type));
                if raw.pointer(&schema).is_some() {
                    parts.push((schema, Kind::Schema));
                }
            }
            each("headers", Kind::Header, &mut parts);
        }
        Kind::Schema => {
            each("properties", Kind::Schema, &mut parts);
            for key in ["allOf", "oneOf", "anyOf"] {
                each(key, Kind::Schema, &mut parts);
            }
            for key in ["items", "not", "additionalProperties"] {
                if raw
                    .pointer(&format!("{at}/{key}"))
                    .is_some_and(Value::is_object)
                {
                    parts.push((format!("{at}/{key}"), Kind::Schema));
                }
            }
        }
        Kind::SecurityScheme | Kind::Link => {}
    }
    parts
}

/// Keys of the map (or indices of the list) at `at`.
fn entries(raw: &Value, at: &str) -> Vec<String> {
    match raw.pointer(at) {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        Some(Value::Array(list)) => (0..list.len()).map(|i| i.to_string()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_failing_node_is_found_below_the_untagged_enums() {
        let raw = json!({
            "paths": {
                "/ok": {"get": {"responses": {"200": {"description": "ok"}}}},
                "/bad": {"post": {"responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"n": {"type": "integer", "minimum": "zero"}}
                    }}}}}}}
            }
        });
        let (pointer, message) = locate(&raw).expect("the failure is found");
        assert_eq!(
            pointer,
            "/paths/~1bad/post/responses/200/content/application~1json/schema/properties/n"
        );
        assert!(!message.is_empty());
    }

    #[test]
    fn a_document_whose_parts_all_read_has_no_failing_part() {
        let raw = json!({"paths": {"/ok": {"get": {"responses": {"200": {"description": "ok"}}}}}});
        assert_eq!(locate(&raw), None);
    }
}
