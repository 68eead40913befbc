//! Orchestrates stage 2: spec → [`ApiModel`].

use super::names::{rust_field_name, NameRegistry};
use super::operations::build_operations;
use super::types::TypeBuilder;
use super::*;
use crate::error::{SpecError, SpecErrorKind, Warning};
use crate::front::{self, child_pointer};
use crate::load::Spec;

/// The model and what was handled with a fallback.
#[derive(Debug, Clone)]
pub struct BuiltModel {
    pub model: ApiModel,
    pub warnings: Vec<Warning>,
}

pub fn build_model(spec: &Spec) -> Result<BuiltModel, SpecError> {
    build_model_from(spec, &crate::front::read_api(spec)?)
}

/// [`build_model`] from the front end already read (the diff reads it
/// for its own comparison too). `spec` places warnings and errors.
pub fn build_model_from(spec: &Spec, api: &front::Api) -> Result<BuiltModel, SpecError> {
    let mut types = TypeBuilder::new(spec, api);
    types.build_components()?;
    let operations = build_operations(spec, api, &mut types)?;
    let mut type_defs = std::mem::take(&mut types.types);
    // `load` has refused loops of `$ref`s and `allOf`s.
    super::boxing::box_recursive_members(&mut type_defs);
    super::boxing::box_large_variants(&mut type_defs);
    let webhook_signature = super::webhooks::webhook_signature(spec, api, &type_defs)?;
    let code_tables = super::codes::code_tables(spec, &api.schemas, &type_defs)?;
    let model = ApiModel {
        title: api.title.clone(),
        version: api.version.clone(),
        description: api.description.clone(),
        servers: servers(spec, api)?,
        security_schemes: security_schemes(spec, api)?,
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

fn servers(spec: &Spec, api: &front::Api) -> Result<Vec<Server>, SpecError> {
    let mut servers: Vec<Server> = Vec::new();
    let mut names = NameRegistry::default();
    for (index, server) in api.servers.iter().enumerate() {
        let variables = server_variables(spec, server)?;
        let wanted = server
            .extensions
            .iter()
            .find(|(key, _)| key == "x-server-name")
            .and_then(|(_, name)| name.as_str())
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
fn server_variables(spec: &Spec, server: &front::Server) -> Result<Vec<ServerVariable>, SpecError> {
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
        let Some(defined) = server.variables.iter().find(|v| v.name == wire) else {
            let kind = SpecErrorKind::Shape(format!(
                "server URL uses `{{{wire}}}`, which `variables` does not define"
            ));
            return Err(spec.error(child_pointer(&server.source.pointer, "url"), kind));
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

fn security_schemes(spec: &Spec, api: &front::Api) -> Result<Vec<SecurityScheme>, SpecError> {
    let mut schemes = Vec::new();
    for scheme in &api.security_schemes {
        schemes.push(SecurityScheme {
            key: scheme.name.clone(),
            rust_name: rust_field_name(&scheme.name),
            description: scheme.description.clone(),
            kind: security_kind(spec, scheme)?,
        });
    }
    Ok(schemes)
}

/// How the client sends the credential. OAuth 2 and OpenID Connect send
/// the token they obtain as a bearer token.
fn security_kind(spec: &Spec, scheme: &front::SecurityScheme) -> Result<SecurityKind, SpecError> {
    Ok(
        match (scheme.kind.as_str(), &scheme.api_key, &scheme.http_scheme) {
            ("apiKey", Some((location, name)), _) => match location.as_str() {
                "header" => SecurityKind::ApiKeyHeader {
                    header: name.clone(),
                },
                "query" => SecurityKind::ApiKeyQuery {
                    parameter: name.clone(),
                },
                "cookie" => SecurityKind::ApiKeyCookie { name: name.clone() },
                _ => {
                    return Err(invalid_scheme(
                        spec,
                        scheme,
                        "`in`: header, query or cookie",
                    ))
                }
            },
            ("http", _, Some(http)) if http.eq_ignore_ascii_case("basic") => {
                SecurityKind::HttpBasic
            }
            ("http", _, Some(http)) if http.eq_ignore_ascii_case("bearer") => {
                SecurityKind::HttpBearer
            }
            ("http", _, Some(http)) => SecurityKind::HttpOther {
                scheme: http.clone(),
            },
            ("oauth2" | "openIdConnect", _, _) => SecurityKind::HttpBearer,
            _ => {
                return Err(invalid_scheme(
                    spec,
                    scheme,
                    "an apiKey with `in` and `name`, http with `scheme`, oauth2 or openIdConnect",
                ))
            }
        },
    )
}

fn invalid_scheme(spec: &Spec, scheme: &front::SecurityScheme, expected: &str) -> SpecError {
    let kind = SpecErrorKind::Shape(format!("expected {expected} in this security scheme"));
    spec.error(scheme.source.pointer.as_str(), kind)
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
