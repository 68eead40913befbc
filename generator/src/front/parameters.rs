//! Parameters in all four locations, with the serialization OpenAPI
//! defaults filled in (`style`, `explode`), so a change from an implicit
//! default to the same value written out is no change.

use serde_json::Value;

use super::bodies::{content, Content};
use super::reader::{child, flag, optional_flag, string, Reader, Source};
use super::schemas::{SchemaBuilder, SchemaId};
use crate::error::SpecError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => Location::Header,
            "cookie" => Location::Cookie,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }

    /// `form` for query and cookie, `simple` for path and header.
    fn default_style(self) -> &'static str {
        match self {
            Location::Query | Location::Cookie => "form",
            Location::Path | Location::Header => "simple",
        }
    }
}

/// One parameter of an operation (path-level ones merged in).
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub allow_empty_value: bool,
    /// As written, or the location's default.
    pub style: String,
    /// As written, or `true` for `form` and `false` otherwise.
    pub explode: bool,
    pub schema: Option<SchemaId>,
    /// A parameter may give `content` (one media type) instead of `schema`.
    pub content: Vec<Content>,
    /// `x-sunset`: the date after which the parameter may go.
    pub sunset: Option<String>,
    pub source: Source,
}

impl Parameter {
    /// Whether `other` names the same parameter: header names ignore case,
    /// as HTTP does.
    pub fn same_name(&self, other: &Parameter) -> bool {
        self.location == other.location
            && match self.location {
                Location::Header => self.name.eq_ignore_ascii_case(&other.name),
                _ => self.name == other.name,
            }
    }
}

/// The parameter at `pointer` (a `$ref` is followed).
pub(super) fn parameter(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    pointer: &str,
) -> Result<Parameter, SpecError> {
    let Some((at, map)) = reader.object(pointer)? else {
        return Err(reader.error(pointer, "expected a parameter here"));
    };
    let location_text = string(map, "in").unwrap_or_default();
    let Some(location) = Location::parse(&location_text) else {
        let message =
            format!("parameter location `{location_text}` is not path, query, header or cookie");
        return Err(reader.error(&child(&at, "in"), message));
    };
    let name =
        string(map, "name").ok_or_else(|| reader.error(&at, "a parameter needs a `name`"))?;
    let style = string(map, "style").unwrap_or_else(|| location.default_style().to_owned());
    let explode = optional_flag(map, "explode").unwrap_or(style == "form");
    let schema = match map.get("schema") {
        Some(Value::Object(_)) => Some(schemas.schema(&child(&at, "schema"))?),
        _ => None,
    };
    Ok(Parameter {
        name,
        location,
        // Path parameters are always required, whatever the document says.
        required: location == Location::Path || flag(map, "required"),
        description: string(map, "description"),
        deprecated: flag(map, "deprecated"),
        allow_empty_value: flag(map, "allowEmptyValue"),
        style,
        explode,
        schema,
        content: content(reader, schemas, &child(&at, "content"))?,
        sunset: string(map, "x-sunset"),
        source: reader.source(&at),
    })
}

/// The parameters an operation takes: the path item's, overridden by the
/// operation's own with the same name and location.
pub(super) fn merged(
    reader: Reader<'_>,
    schemas: &mut SchemaBuilder<'_>,
    path_item: &str,
    operation: &str,
) -> Result<Vec<Parameter>, SpecError> {
    let mut all: Vec<Parameter> = Vec::new();
    for base in [path_item, operation] {
        let list = child(base, "parameters");
        for index in 0..reader.len(&list) {
            let parameter = parameter(reader, schemas, &format!("{list}/{index}"))?;
            match all.iter_mut().find(|p| p.same_name(&parameter)) {
                Some(existing) => *existing = parameter,
                None => all.push(parameter),
            }
        }
    }
    Ok(all)
}
