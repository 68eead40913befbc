//! Which schema of a spec a payload is checked against: a named component,
//! or the body of an operation's request, response or callback.

use std::fmt;

use super::ValidateError;
use crate::front::{
    child_pointer, Additional, Api, Content, MediaType, Operation, RequestBody, Response, SchemaId,
    Status,
};
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
    /// The request body of an operation, by `operationId` or as
    /// `METHOD /path` (`POST /pets`).
    Request { operation: String },
    /// A response body: operation (as for `Request`) and status (`201`,
    /// `4XX`, `default`).
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
    /// The same schema in the front end's arena (a pointer given by a
    /// program may name a node the arena does not hold: a `$ref` node).
    pub schema: Option<SchemaId>,
    pub direction: Direction,
    /// The body's media type, for operation targets.
    pub media_type: Option<MediaType>,
}

/// Finds `target` in the front end of `spec`. An operation is named by
/// its operationId or as `METHOD /path` (`POST /pets`), so operations
/// without an operationId can be checked too. A body is read in the media
/// type `media_type` names, else its JSON one, else its first.
pub(super) fn resolve(
    spec: &Spec,
    api: &Api,
    target: &Target,
    media_type: Option<&MediaType>,
) -> Result<Resolved, ValidateError> {
    match target {
        Target::Schema(name) => schema(spec, api, name, ""),
        Target::SchemaPath(name) => match name.split_once('/') {
            Some((key, path)) => schema(spec, api, key, path),
            None => schema(spec, api, name, ""),
        },
        Target::Request { operation } => {
            let found = find_operation(spec, api, operation)?;
            let Some(body) = &found.request_body else {
                return Err(no_body(
                    spec,
                    &found.source.pointer,
                    format!("operation `{operation}` has no request body"),
                ));
            };
            let what = format!("the request of `{operation}`");
            body_schema(spec, &body.content, &body.source.pointer, &what, media_type)
                .map(|found| found.into_resolved(Direction::Request))
        }
        Target::Response { operation, status } => {
            let found = find_operation(spec, api, operation)?;
            let response = response_for(spec, found, operation, status)?;
            let what = format!("response {status} of `{operation}`");
            body_schema(
                spec,
                &response.content,
                &response.source.pointer,
                &what,
                media_type,
            )
            .map(|found| found.into_resolved(Direction::Response))
        }
        Target::Callback {
            operation,
            callback,
        } => {
            let found = find_operation(spec, api, operation)?;
            let (at, body) = callback_body(spec, found, operation, callback)?;
            let what = format!("callback `{callback}` of `{operation}`");
            let Some(body) = body else {
                return Err(no_body(
                    spec,
                    &at,
                    format!("callback `{callback}` has no request body"),
                ));
            };
            body_schema(spec, &body.content, &body.source.pointer, &what, media_type)
                .map(|found| found.into_resolved(Direction::Response))
        }
    }
}

/// The component `key` (looked up as a key, never spliced into a
/// pointer), or the schema at `path` inside it: `/`-separated steps
/// (`properties/NAME`, `items`, `additionalProperties`, `allOf/0`, ...)
/// taken through the arena.
fn schema(spec: &Spec, api: &Api, key: &str, path: &str) -> Result<Resolved, ValidateError> {
    let unknown = || ValidateError::UnknownSchema {
        file: spec.file.display().to_string(),
        name: if path.is_empty() {
            key.to_owned()
        } else {
            format!("{key}/{path}")
        },
        known: api
            .components
            .iter()
            .map(|(name, _)| name.clone())
            .collect(),
    };
    let component = api
        .components
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, id)| *id)
        .ok_or_else(unknown)?;
    let mut pointer = format!("/components/schemas/{}", escape_segment(key));
    let mut id = component;
    let mut steps = path.split('/').filter(|s| !s.is_empty());
    while let Some(step) = steps.next() {
        let schema = api.schemas.get(id);
        let mut indexed = |list: &[SchemaId]| {
            let index: usize = steps.next()?.parse().ok()?;
            list.get(index).copied()
        };
        let next = match step {
            "properties" => steps.next().and_then(|name| schema.property(name)),
            "items" => schema.items,
            "additionalProperties" => match schema.additional_properties {
                Additional::Schema(id) => Some(id),
                _ => None,
            },
            "not" => schema.not,
            "allOf" => indexed(&schema.all_of),
            "oneOf" => indexed(&schema.one_of),
            "anyOf" => indexed(&schema.any_of),
            _ => None,
        };
        id = next.ok_or_else(unknown)?;
        pointer = api.schemas.get(id).pointer().to_owned();
    }
    Ok(Resolved {
        pointer,
        schema: Some(id),
        direction: Direction::Neutral,
        media_type: None,
    })
}

/// The operation `name` stands for: an operationId, or `METHOD /path`
/// (the method in any case, the path template exactly as written).
fn find_operation<'a>(
    spec: &Spec,
    api: &'a Api,
    name: &str,
) -> Result<&'a Operation, ValidateError> {
    if let Some(found) = api.find_operation(name) {
        return Ok(found);
    }
    // Only a miss needs the list of what exists, for the message.
    let known = api
        .operations
        .iter()
        .map(|operation| match &operation.operation_id {
            Some(id) => id.clone(),
            None => operation.label(),
        })
        .collect();
    Err(ValidateError::UnknownOperation {
        file: spec.file.display().to_string(),
        id: name.to_owned(),
        known,
    })
}

/// The response for `status`: the exact code, else its range (`4XX`),
/// else `default`, as OpenAPI matches them.
fn response_for<'a>(
    spec: &Spec,
    operation: &'a Operation,
    name: &str,
    status: &str,
) -> Result<&'a Response, ValidateError> {
    let unknown = || ValidateError::UnknownStatus {
        file: spec.file.display().to_string(),
        operation: name.to_owned(),
        status: status.to_owned(),
        known: operation
            .responses
            .iter()
            .map(|response| response.status.to_string())
            .collect(),
    };
    let asked = Status::parse(status).ok_or_else(unknown)?;
    let range = match asked {
        Status::Code(code) => Some(Status::Range((code / 100) as u8)),
        _ => None,
    };
    [Some(asked), range, Some(Status::Default)]
        .into_iter()
        .flatten()
        .find_map(|wanted| operation.responses.iter().find(|r| r.status == wanted))
        .ok_or_else(unknown)
}

/// The request body of the first operation of the callback, as the
/// generated SDK picks it; with the callback's pointer for messages.
fn callback_body<'a>(
    spec: &Spec,
    operation: &'a Operation,
    name: &str,
    callback: &str,
) -> Result<(String, Option<&'a RequestBody>), ValidateError> {
    let found = operation
        .callbacks
        .iter()
        .find(|c| c.name == callback)
        .ok_or_else(|| ValidateError::UnknownCallback {
            file: spec.file.display().to_string(),
            operation: name.to_owned(),
            name: callback.to_owned(),
            known: operation.callbacks.iter().map(|c| c.name.clone()).collect(),
        })?;
    let body = found
        .operations
        .iter()
        .find_map(|operation| operation.request_body.as_ref());
    Ok((found.source.pointer.clone(), body))
}

/// A body's schema, in one of its media types.
struct BodySchema {
    pointer: String,
    schema: SchemaId,
    media_type: MediaType,
}

impl BodySchema {
    fn into_resolved(self, direction: Direction) -> Resolved {
        Resolved {
            pointer: self.pointer,
            schema: Some(self.schema),
            direction,
            media_type: Some(self.media_type),
        }
    }
}

/// The schema of a body in the media type `wanted`, else its JSON one,
/// else its first (a form body usually has the same schema).
fn body_schema(
    spec: &Spec,
    content: &[Content],
    at: &str,
    what: &str,
    wanted: Option<&MediaType>,
) -> Result<BodySchema, ValidateError> {
    let chosen = match wanted {
        Some(wanted) => content
            .iter()
            .find(|c| c.media_type.essence == wanted.essence)
            .ok_or_else(|| ValidateError::UnknownMediaType {
                file: spec.file.display().to_string(),
                what: what.to_owned(),
                media_type: wanted.essence.clone(),
                known: content
                    .iter()
                    .map(|c| c.media_type.essence.clone())
                    .collect(),
            })?,
        None => match content.iter().find(|c| c.media_type.is_json()) {
            Some(json) => json,
            None => content
                .first()
                .ok_or_else(|| no_body(spec, at, format!("{what} has no body schema")))?,
        },
    };
    match chosen.schema {
        Some(schema) => Ok(BodySchema {
            pointer: child_pointer(&chosen.source.pointer, "schema"),
            schema,
            media_type: chosen.media_type.clone(),
        }),
        None => Err(no_body(
            spec,
            &chosen.source.pointer,
            format!("{what} has no body schema"),
        )),
    }
}

fn no_body(spec: &Spec, pointer: &str, what: String) -> ValidateError {
    ValidateError::NoBody {
        file: spec.file.display().to_string(),
        pointer: pointer.to_owned(),
        position: spec.source_map.position(pointer),
        what,
    }
}
