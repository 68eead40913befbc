//! Which schema of a spec a payload is checked against: a named component,
//! or the body of an operation's request, response or callback.

use std::fmt;

use serde_json::Value;

use super::ValidateError;
use crate::load::{escape_segment, Spec};

/// The message a payload is meant to be, named as on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A schema in `components.schemas`, by its key exactly as the spec
    /// writes it: never read as a JSON pointer, so `A/properties/b`, `~`
    /// or `#` in a name cannot reach into another schema.
    Schema(String),
    /// A schema inside a component, named as the generated SDK's
    /// `Message::Schema` names inline types: the component's key, then the
    /// path inside it (`SubscriptionPlan/properties/cycle_type`). For
    /// programs that hold such a name; the command line never builds one.
    SchemaPath(String),
    /// The request body of an operation, by `operationId`.
    Request { operation: String },
    /// A response body: `operationId` and status (`201`, `4XX`, `default`).
    Response { operation: String, status: String },
    /// The body of a callback (webhook) the provider sends.
    Callback { operation: String, callback: String },
}

impl fmt::Display for Target {
    /// The same words as the generated SDK's `Message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Schema(name) | Target::SchemaPath(name) => write!(f, "schema {name}"),
            Target::Request { operation } => write!(f, "{operation} request"),
            Target::Response { operation, status } => write!(f, "{operation} response {status}"),
            Target::Callback {
                operation,
                callback,
            } => write!(f, "{operation} callback {callback}"),
        }
    }
}

/// Who produces the payload, which decides whether `readOnly` or
/// `writeOnly` properties belong in it (OpenAPI 3.0, Schema Object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Sent by the API's client: `readOnly` properties are not part of it.
    Request,
    /// Sent by the API's provider (responses and callbacks): `writeOnly`
    /// properties are not part of it.
    Response,
    /// A component on its own: every property counts.
    Neutral,
}

/// A target, found in the spec.
#[derive(Debug)]
pub(super) struct Resolved {
    /// The spec node of the schema.
    pub pointer: String,
    pub direction: Direction,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(super) fn resolve(spec: &Spec, target: &Target) -> Result<Resolved, ValidateError> {
    match target {
        Target::Schema(name) => schema(spec, name, ""),
        Target::SchemaPath(name) => match name.split_once('/') {
            Some((key, path)) => schema(spec, key, path),
            None => schema(spec, name, ""),
        },
        Target::Request { operation } => {
            let at = operation_pointer(spec, operation)?;
            let Some(body) = follow(spec, &format!("{at}/requestBody")) else {
                return Err(no_body(
                    spec,
                    &at,
                    format!("operation `{operation}` has no request body"),
                ));
            };
            let pointer = body_schema(spec, &body, &format!("the request of `{operation}`"))?;
            Ok(Resolved {
                pointer,
                direction: Direction::Request,
            })
        }
        Target::Response { operation, status } => {
            let at = operation_pointer(spec, operation)?;
            let response = response_pointer(spec, &at, operation, status)?;
            let what = format!("response {status} of `{operation}`");
            Ok(Resolved {
                pointer: body_schema(spec, &response, &what)?,
                direction: Direction::Response,
            })
        }
        Target::Callback {
            operation,
            callback,
        } => {
            let at = operation_pointer(spec, operation)?;
            let body = callback_body(spec, &at, operation, callback)?;
            let what = format!("callback `{callback}` of `{operation}`");
            Ok(Resolved {
                pointer: body_schema(spec, &body, &what)?,
                direction: Direction::Response,
            })
        }
    }
}

/// The component `key` (looked up as a key, never spliced into a
/// pointer), or the schema at `path` (`/`-separated names) inside it.
fn schema(spec: &Spec, key: &str, path: &str) -> Result<Resolved, ValidateError> {
    let schemas = spec.raw.pointer("/components/schemas");
    let mut pointer = format!("/components/schemas/{}", escape_segment(key));
    let mut node = schemas.and_then(|schemas| schemas.get(key));
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        pointer.push('/');
        pointer.push_str(&escape_segment(segment));
        node = node.and_then(|node| node.get(segment));
    }
    if !node.is_some_and(Value::is_object) {
        let name = if path.is_empty() {
            key.to_owned()
        } else {
            format!("{key}/{path}")
        };
        return Err(ValidateError::UnknownSchema {
            file: spec.file.display().to_string(),
            name,
            known: keys(schemas),
        });
    }
    Ok(Resolved {
        pointer,
        direction: Direction::Neutral,
    })
}

fn operation_pointer(spec: &Spec, id: &str) -> Result<String, ValidateError> {
    if let Some(pointer) = spec.operations_by_id.get(id) {
        return Ok(pointer.clone());
    }
    // Only a miss needs the list of what exists, for the message.
    let known = spec
        .document
        .operations()
        .filter_map(|(_, _, operation)| operation.operation_id.clone())
        .collect();
    Err(ValidateError::UnknownOperation {
        file: spec.file.display().to_string(),
        id: id.to_owned(),
        known,
    })
}

/// The response for `status`: the exact code, else its range (`4XX`),
/// else `default`, as OpenAPI matches them.
fn response_pointer(
    spec: &Spec,
    operation_at: &str,
    operation: &str,
    status: &str,
) -> Result<String, ValidateError> {
    let responses = format!("{operation_at}/responses");
    let range = status
        .chars()
        .next()
        .filter(|_| status.len() == 3 && status.chars().all(|c| c.is_ascii_digit()))
        .map(|first| format!("{first}XX"));
    [Some(status.to_owned()), range, Some("default".to_owned())]
        .into_iter()
        .flatten()
        .find_map(|key| follow(spec, &format!("{responses}/{}", escape_segment(&key))))
        .ok_or_else(|| ValidateError::UnknownStatus {
            file: spec.file.display().to_string(),
            operation: operation.to_owned(),
            status: status.to_owned(),
            known: keys(spec.raw.pointer(&responses)),
        })
}

/// The request body of the first operation under the callback's first
/// expression, as the generated SDK picks it.
fn callback_body(
    spec: &Spec,
    operation_at: &str,
    operation: &str,
    name: &str,
) -> Result<String, ValidateError> {
    let callbacks = format!("{operation_at}/callbacks");
    let unknown = || ValidateError::UnknownCallback {
        file: spec.file.display().to_string(),
        operation: operation.to_owned(),
        name: name.to_owned(),
        known: keys(spec.raw.pointer(&callbacks)),
    };
    let at = follow(spec, &format!("{callbacks}/{}", escape_segment(name))).ok_or_else(unknown)?;
    let expressions = keys(spec.raw.pointer(&at));
    let body = expressions.iter().find_map(|expression| {
        let item = follow(spec, &format!("{at}/{}", escape_segment(expression)))?;
        METHODS
            .iter()
            .find_map(|method| follow(spec, &format!("{item}/{method}/requestBody")))
    });
    body.ok_or_else(|| no_body(spec, &at, format!("callback `{name}` has no request body")))
}

/// The schema of a request body or response: its JSON media type, else
/// its first one (a form body has the same schema).
fn body_schema(spec: &Spec, at: &str, what: &str) -> Result<String, ValidateError> {
    let content = format!("{at}/content");
    let media_types = keys(spec.raw.pointer(&content));
    let is_json = |mime: &&String| {
        let essence = mime
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    };
    let chosen = media_types
        .iter()
        .find(is_json)
        .or_else(|| media_types.first());
    let schema = chosen.map(|mime| format!("{content}/{}/schema", escape_segment(mime)));
    match schema {
        Some(pointer) if spec.raw.pointer(&pointer).is_some() => Ok(pointer),
        _ => Err(no_body(spec, at, format!("{what} has no body schema"))),
    }
}

/// Follows `$ref`s (to `components.requestBodies`, `responses`, ...) from
/// the node at `pointer`; `None` when there is no such node.
fn follow(spec: &Spec, pointer: &str) -> Option<String> {
    let mut at = pointer.to_owned();
    // `load` rejects dangling refs, not loops: stop after a few hops.
    for _ in 0..16 {
        let node = spec.raw.pointer(&at)?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => at = reference.strip_prefix('#')?.to_owned(),
            None => return Some(at),
        }
    }
    None
}

fn keys(node: Option<&Value>) -> Vec<String> {
    node.and_then(Value::as_object)
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

fn no_body(spec: &Spec, pointer: &str, what: String) -> ValidateError {
    ValidateError::NoBody {
        file: spec.file.display().to_string(),
        pointer: pointer.to_owned(),
        position: spec.source_map.position(pointer),
        what,
    }
}
