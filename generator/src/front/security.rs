//! Security schemes (`components.securitySchemes`) and requirements (the
//! document's and each operation's `security`).

use serde_json::Value;

use super::reader::{child, string, Reader, Source};
use crate::error::SpecError;

/// One alternative of a `security` list: every scheme in it applies at
/// once, each with the scopes it asks for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Requirement {
    /// Scheme name → scopes, sorted by name.
    pub schemes: Vec<(String, Vec<String>)>,
}

impl Requirement {
    /// `[basic + key]`: the scheme names, for messages.
    pub fn label(&self) -> String {
        let names: Vec<&str> = self.schemes.iter().map(|(n, _)| n.as_str()).collect();
        format!("[{}]", names.join(" + "))
    }

    pub fn scheme_names(&self) -> Vec<&str> {
        self.schemes.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// An OAuth 2 flow: its kind (`authorizationCode`, ...), URLs and scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub kind: String,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub scopes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    pub name: String,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect`.
    pub kind: String,
    /// `in` and `name` of an API key; `scheme` of HTTP authentication.
    pub api_key: Option<(String, String)>,
    /// As written: a client sends it so, though HTTP ignores its case.
    pub http_scheme: Option<String>,
    pub flows: Vec<Flow>,
    pub open_id_connect_url: Option<String>,
    pub description: Option<String>,
    pub source: Source,
}

/// The `security` list at `pointer`; `None` when it is not written
/// (an operation then inherits the document's).
pub(super) fn requirements(
    reader: Reader<'_>,
    pointer: &str,
) -> Result<Option<Vec<Requirement>>, SpecError> {
    let Some(node) = reader.node(pointer) else {
        return Ok(None);
    };
    let Some(list) = node.as_array() else {
        return Err(reader.error(pointer, "`security` must be a list"));
    };
    let mut all = Vec::new();
    for item in list {
        let Some(map) = item.as_object() else {
            return Err(reader.error(pointer, "a security requirement must be a mapping"));
        };
        let mut schemes: Vec<(String, Vec<String>)> = map
            .iter()
            .map(|(name, scopes)| {
                let mut scopes: Vec<String> = scopes
                    .as_array()
                    .map(|s| {
                        s.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                scopes.sort();
                (name.clone(), scopes)
            })
            .collect();
        schemes.sort();
        all.push(Requirement { schemes });
    }
    Ok(Some(all))
}

pub(super) fn schemes(reader: Reader<'_>) -> Result<Vec<SecurityScheme>, SpecError> {
    let mut all = Vec::new();
    for (name, written_at) in reader.entries("/components/securitySchemes")? {
        let Some((at, map)) = reader.object(&written_at)? else {
            continue;
        };
        let mut flows = Vec::new();
        for (kind, flow_at) in reader.entries(&child(&at, "flows"))? {
            let Some((_, flow)) = reader.object(&flow_at)? else {
                continue;
            };
            let scopes = flow
                .get("scopes")
                .and_then(Value::as_object)
                .map(|s| {
                    s.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            flows.push(Flow {
                kind,
                authorization_url: string(flow, "authorizationUrl"),
                token_url: string(flow, "tokenUrl"),
                scopes,
            });
        }
        let api_key = match (string(map, "in"), string(map, "name")) {
            (Some(location), Some(key)) => Some((location, key)),
            _ => None,
        };
        all.push(SecurityScheme {
            name,
            kind: string(map, "type").unwrap_or_default(),
            api_key,
            http_scheme: string(map, "scheme"),
            flows,
            open_id_connect_url: string(map, "openIdConnectUrl"),
            description: string(map, "description"),
            source: reader.source(&at),
        });
    }
    Ok(all)
}
