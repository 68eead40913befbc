//! Operations, keyed by method and path template; the operationId is
//! optional, as OpenAPI says.

use super::bodies::{request_body, responses, RequestBody, Response};
use super::parameters::{merged, Parameter};
use serde_json::Value;

use super::reader::{child, extensions, flag, string, Reader, Source};
use super::schemas::SchemaBuilder;
use super::security::{requirements, Requirement};
use super::values::{Method, PathTemplate};
use crate::error::SpecError;

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub method: Method,
    pub path: PathTemplate,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// `x-sunset`: the date after which a deprecated operation may go.
    pub sunset: Option<String>,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Messages the API sends to the client; their own callbacks are not
    /// read (one level, which is what OpenAPI 3.0 documents use).
    pub callbacks: Vec<Callback>,
    /// The operation's own `security`; `None` inherits the document's.
    pub security: Option<Vec<Requirement>>,
    /// Every `x-` key, in the document's order.
    pub extensions: Vec<(String, Value)>,
    pub source: Source,
}

impl Operation {
    pub fn extension(&self, key: &str) -> Option<&Value> {
        self.extensions
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }

    /// `POST /items/{id}`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A callback: a name, and the operations of its path items.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub name: String,
    pub operations: Vec<Operation>,
    pub source: Source,
}

/// Every operation of the paths map at `pointer` (`/paths`, or a callback).
pub(super) fn operations(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    pointer: &str,
    with_callbacks: bool,
) -> Result<Vec<Operation>, SpecError> {
    let mut all = Vec::new();
    for (path, written_at) in reader.entries(pointer)? {
        if path.starts_with("x-") {
            continue;
        }
        let Some((item_at, item)) = reader.object(&written_at)? else {
            continue;
        };
        for method in Method::ALL {
            if !item.contains_key(method.key()) {
                continue;
            }
            let at = child(&item_at, method.key());
            let Some((at, map)) = reader.object(&at)? else {
                continue;
            };
            let callbacks = if with_callbacks {
                callbacks(reader, schemas, &child(&at, "callbacks"))?
            } else {
                Vec::new()
            };
            all.push(Operation {
                method,
                path: PathTemplate::new(&path),
                operation_id: string(map, "operationId"),
                summary: string(map, "summary"),
                description: string(map, "description"),
                deprecated: flag(map, "deprecated"),
                sunset: string(map, "x-sunset"),
                parameters: merged(reader, schemas, &item_at, &at)?,
                request_body: request_body(reader, schemas, &child(&at, "requestBody"))?,
                responses: responses(reader, schemas, &child(&at, "responses"))?,
                callbacks,
                security: requirements(reader, &child(&at, "security"))?,
                extensions: extensions(map),
                source: reader.source(&at),
            });
        }
    }
    Ok(all)
}

fn callbacks(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    pointer: &str,
) -> Result<Vec<Callback>, SpecError> {
    let mut all = Vec::new();
    for (name, written_at) in reader.entries(pointer)? {
        let Some((at, _)) = reader.object(&written_at)? else {
            continue;
        };
        all.push(Callback {
            name,
            operations: operations(reader, schemas, &at, false)?,
            source: reader.source(&at),
        });
    }
    Ok(all)
}
