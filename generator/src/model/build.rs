//! Orchestrates stage 2: spec → [`ApiModel`].

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as SpecScheme};
use serde_json::Value;

use super::names::{rust_field_name, NameRegistry};
use super::operations::build_operations;
use super::types::TypeBuilder;
use super::*;
use crate::error::{SpecError, SpecErrorKind, Warning};
use crate::load::{escape_segment, Spec};

/// The model and what was handled with a fallback.
#[derive(Debug, Clone)]
pub struct BuiltModel {
    pub model: ApiModel,
    pub warnings: Vec<Warning>,
}

pub fn build_model(spec: &Spec) -> Result<BuiltModel, SpecError> {
    let mut types = TypeBuilder::new(spec)?;
    types.build_components()?;
    let operations = build_operations(spec, &mut types)?;
    let mut type_defs = std::mem::take(&mut types.types);
    // `load` has refused loops of `$ref`s and `allOf`s.
    super::boxing::box_recursive_members(&mut type_defs);
    super::boxing::box_large_variants(&mut type_defs);
    let webhook_signature = super::webhooks::webhook_signature(spec, &type_defs)?;
    let code_tables = super::codes::code_tables(spec, &type_defs)?;
    let info = &spec.document.info;
    let model = ApiModel {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers: servers(spec)?,
        security_schemes: security_schemes(spec)?,
        types: type_defs,
        operations,
        webhook_signature,
        code_tables,
    };
    Ok(BuiltModel {
        model,
        warnings: types.warnings,
    })
}

fn servers(spec: &Spec) -> Result<Vec<Server>, SpecError> {
    let mut servers: Vec<Server> = Vec::new();
    let mut names = NameRegistry::default();
    for (index, server) in spec.document.servers.iter().enumerate() {
        let pointer = format!("/servers/{index}");
        let variables = server_variables(spec, &pointer, server)?;
        let wanted = server
            .extensions
            .get("x-server-name")
            .and_then(Value::as_str)
            .map_or_else(|| format!("server{}", index + 1), rust_field_name);
        let name = names.unique(&wanted);
        servers.push(Server {
            name,
            url: server.url.trim_end_matches('/').to_owned(),
            description: server.description.clone(),
            variables,
        });
    }
    Ok(servers)
}

/// The variables a server URL uses. Each `{name}` must be defined, as
/// OpenAPI requires; a variable the URL does not use is left out.
fn server_variables(
    spec: &Spec,
    pointer: &str,
    server: &openapiv3::Server,
) -> Result<Vec<ServerVariable>, SpecError> {
    let mut variables = Vec::new();
    let mut names = NameRegistry::default();
    let mut rest = server.url.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let wire = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if variables
            .iter()
            .any(|v: &ServerVariable| v.wire_name == wire)
        {
            continue;
        }
        let Some(defined) = server.variables.as_ref().and_then(|v| v.get(wire)) else {
            let kind = SpecErrorKind::Shape(format!(
                "server URL uses `{{{wire}}}`, which `variables` does not define"
            ));
            return Err(spec.error(format!("{pointer}/url"), kind));
        };
        variables.push(ServerVariable {
            wire_name: wire.to_owned(),
            rust_name: names.unique(&rust_field_name(wire)),
            default: defined.default.clone(),
            allowed: defined.enumeration.clone(),
            description: defined.description.clone(),
        });
    }
    Ok(variables)
}

fn security_schemes(spec: &Spec) -> Result<Vec<SecurityScheme>, SpecError> {
    let Some(components) = &spec.document.components else {
        return Ok(Vec::new());
    };
    let mut schemes = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let pointer = format!("/components/securitySchemes/{}", escape_segment(key));
        let ReferenceOr::Item(scheme) = scheme else {
            return Err(unsupported(
                spec,
                &pointer,
                "a $ref security scheme",
                "schemes written inline",
            ));
        };
        let (kind, description) = match scheme {
            SpecScheme::APIKey {
                location: APIKeyLocation::Header,
                name,
                description,
                ..
            } => (
                SecurityKind::ApiKeyHeader {
                    header: name.clone(),
                },
                description,
            ),
            SpecScheme::APIKey {
                location: APIKeyLocation::Query,
                name,
                description,
                ..
            } => (
                SecurityKind::ApiKeyQuery {
                    parameter: name.clone(),
                },
                description,
            ),
            SpecScheme::HTTP {
                scheme: http,
                description,
                ..
            } if http.eq_ignore_ascii_case("basic") => (SecurityKind::HttpBasic, description),
            SpecScheme::HTTP {
                scheme: http,
                description,
                ..
            } if http.eq_ignore_ascii_case("bearer") => (SecurityKind::HttpBearer, description),
            SpecScheme::HTTP {
                scheme: http,
                description,
                ..
            } => (
                SecurityKind::HttpOther {
                    scheme: http.clone(),
                },
                description,
            ),
            SpecScheme::APIKey {
                location: APIKeyLocation::Cookie,
                name,
                description,
                ..
            } => (
                SecurityKind::ApiKeyCookie { name: name.clone() },
                description,
            ),
            SpecScheme::OAuth2 { description, .. }
            | SpecScheme::OpenIDConnect { description, .. } => {
                (SecurityKind::HttpBearer, description)
            }
        };
        schemes.push(SecurityScheme {
            key: key.clone(),
            rust_name: rust_field_name(key),
            description: description.clone(),
            kind,
        });
    }
    Ok(schemes)
}

fn unsupported(spec: &Spec, pointer: &str, construct: &str, expected: &str) -> SpecError {
    let kind = SpecErrorKind::Unsupported {
        construct: construct.to_owned(),
        expected: expected.to_owned(),
    };
    spec.error(pointer, kind)
}

#[cfg(test)]
mod tests {
    use super::build_model;

    #[test]
    fn keywords_the_sdk_cannot_check_are_warnings_at_their_pointer() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
            Host: {type: string, format: hostname}\n    \
            Code: {type: string, enum: [A, BB], maxLength: 1}\n    \
            Secret: {type: string, format: password}\n    \
            Id: {type: string, format: uuid}\n    \
            Method: {type: string, enum: [GET, POST], pattern: '^[A-Z]*$', minLength: 3}\n";
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), spec).expect("loads");
        let built = build_model(&spec).expect("builds");
        let warnings: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "warning: t.yaml:6:26: format `hostname` is not checked by the generated SDK nor by the runtime validator (at #/components/schemas/Host/format)",
                "warning: t.yaml:7:41: `maxLength` on a schema that becomes an enum or a union is not checked by the generated SDK (the runtime validator checks it) (at #/components/schemas/Code/maxLength)",
            ]
        );
    }
}
