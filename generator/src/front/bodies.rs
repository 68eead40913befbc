//! Request bodies, responses and their headers, per media type.

use serde_json::Value;

use super::reader::{child, flag, string, Reader, Source};
use super::schemas::{SchemaBuilder, SchemaId};
use super::values::{MediaType, Status};
use crate::error::SpecError;

/// One entry of a `content` map.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub media_type: MediaType,
    pub schema: Option<SchemaId>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    pub content: Vec<Content>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: String,
    pub required: bool,
    pub deprecated: bool,
    pub schema: Option<SchemaId>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub description: Option<String>,
    pub content: Vec<Content>,
    pub headers: Vec<Header>,
    pub source: Source,
}

/// The `content` map at `pointer`; empty when there is none.
pub(super) fn content(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    pointer: &str,
) -> Result<Vec<Content>, SpecError> {
    let mut all = Vec::new();
    for (key, at) in reader.entries(pointer)? {
        let schema = match reader.node(&at).and_then(|m| m.get("schema")) {
            Some(Value::Object(_)) => Some(schemas.schema(&child(&at, "schema"))?),
            _ => None,
        };
        all.push(Content {
            media_type: MediaType::parse(&key),
            schema,
            source: reader.source(&at),
        });
    }
    Ok(all)
}

pub(super) fn request_body(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    pointer: &str,
) -> Result<Option<RequestBody>, SpecError> {
    let Some((at, map)) = reader.object(pointer)? else {
        return Ok(None);
    };
    Ok(Some(RequestBody {
        required: flag(map, "required"),
        description: string(map, "description"),
        content: content(reader, schemas, &child(&at, "content"))?,
        source: reader.source(&at),
    }))
}

/// The responses map at `pointer`, in the document's order.
pub(super) fn responses(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    pointer: &str,
) -> Result<Vec<Response>, SpecError> {
    let mut all = Vec::new();
    for (key, written_at) in reader.entries(pointer)? {
        if key.starts_with("x-") {
            continue;
        }
        let Some(status) = Status::parse(&key) else {
            let message = format!(
                "response key `{key}` is not a status code (`200`), a range (`4XX`) or `default`"
            );
            return Err(reader.error(&written_at, message));
        };
        let Some((at, map)) = reader.object(&written_at)? else {
            continue;
        };
        all.push(Response {
            status,
            description: string(map, "description"),
            content: content(reader, schemas, &child(&at, "content"))?,
            headers: headers(reader, schemas, &child(&at, "headers"))?,
            source: reader.source(&at),
        });
    }
    Ok(all)
}

fn headers(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    pointer: &str,
) -> Result<Vec<Header>, SpecError> {
    let mut all = Vec::new();
    for (name, written_at) in reader.entries(pointer)? {
        let Some((at, map)) = reader.object(&written_at)? else {
            continue;
        };
        let schema = match map.get("schema") {
            Some(Value::Object(_)) => Some(schemas.schema(&child(&at, "schema"))?),
            _ => None,
        };
        all.push(Header {
            name,
            required: flag(map, "required"),
            deprecated: flag(map, "deprecated"),
            schema,
            source: reader.source(&at),
        });
    }
    Ok(all)
}
