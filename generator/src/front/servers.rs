//! Servers, with their variables.

use serde_json::Value;

use super::reader::{child, extensions, string, Reader, Source};
use crate::error::SpecError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub default: String,
    pub enumeration: Vec<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<Variable>,
    /// Every `x-` key, in the document's order.
    pub extensions: Vec<(String, Value)>,
    pub source: Source,
}

/// The `servers` list at `pointer` (the document's, a path item's or an
/// operation's).
pub(super) fn servers(reader: Reader<'_>, pointer: &str) -> Result<Vec<Server>, SpecError> {
    let mut all = Vec::new();
    for index in 0..reader.len(pointer) {
        let at = format!("{pointer}/{index}");
        let Some((at, map)) = reader.object(&at)? else {
            continue;
        };
        let url = string(map, "url").ok_or_else(|| reader.error(&at, "a server needs a `url`"))?;
        let mut variables = Vec::new();
        for (name, variable_at) in reader.entries(&child(&at, "variables"))? {
            let Some((_, variable)) = reader.object(&variable_at)? else {
                continue;
            };
            variables.push(Variable {
                name,
                default: string(variable, "default").unwrap_or_default(),
                enumeration: variable
                    .get("enum")
                    .and_then(Value::as_array)
                    .map(|v| {
                        v.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                description: string(variable, "description"),
            });
        }
        all.push(Server {
            url,
            description: string(map, "description"),
            variables,
            extensions: extensions(map),
            source: reader.source(&at),
        });
    }
    Ok(all)
}
