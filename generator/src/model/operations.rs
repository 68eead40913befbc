//! The front end's operations → [`Operation`]s: Rust names for the
//! operation and its arguments, and the types of its parameters, bodies
//! and responses.

use heck::ToPascalCase;

use super::names::{rust_field_name, rust_type_name, NameRegistry};
use super::types::TypeBuilder;
use super::*;
use crate::error::{SpecError, SpecErrorKind};
use crate::front::{self, child_pointer, Location, Status};
use crate::load::{escape_segment, Spec};

/// Names a generated client method uses for its own values (the body
/// argument, the request being built, the checks' locals). A parameter
/// that converts to one gets a numeric suffix (`request` → `request2`).
const CLIENT_LOCALS: &[&str] = &[
    "at",
    "body",
    "in_header",
    "in_path",
    "in_query",
    "out",
    "request",
    "response",
    "root",
    "url",
    "value",
    "violations",
];

pub(super) fn build_operations(
    spec: &Spec,
    api: &front::Api,
    types: &mut TypeBuilder,
) -> Result<Vec<Operation>, SpecError> {
    let mut operations: Vec<Operation> = Vec::new();
    // Ids name messages (`Message::Request(id)`) and method names the
    // client's functions; both must be unique. Explicit operationIds are
    // reserved first, so a synthesized id never takes one.
    let mut ids = NameRegistry::default();
    for operation in &api.operations {
        if let Some(id) = &operation.operation_id {
            ids.reserve(id);
        }
    }
    let mut method_names = NameRegistry::default();
    for operation in &api.operations {
        let id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => ids.unique(&synthesized_id(
                operation.method.key(),
                operation.path.as_str(),
            )),
        };
        let rust_name = method_names.unique(&rust_field_name(&id));
        let names = OperationNames { id, rust_name };
        operations.push(build_operation(spec, api, types, operation, names)?);
    }
    // After every operation has its name, so a walker never takes one.
    for op in &mut operations {
        if let Some(pages) = &mut op.pagination {
            pages.method = method_names.unique(&format!("{}_pages", op.rust_name));
        }
    }
    Ok(operations)
}

/// The name for an operation without an operationId: its method and
/// path, with template variables as `by_<name>` (`GET /pets/{petId}` →
/// `get_pets_by_pet_id`, `GET /` → `get_root`). It depends only on the
/// operation itself, so adding an operation elsewhere renames nothing;
/// a clash gets a numeric suffix (see [`NameRegistry::unique`]).
fn synthesized_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(variable) => words.push(format!("by_{}", rust_field_name(variable))),
            None => words.push(rust_field_name(segment)),
        }
    }
    if words.len() == 1 {
        words.push("root".to_owned());
    }
    rust_field_name(&words.join("_"))
}

/// The names already decided for an operation.
struct OperationNames {
    id: String,
    rust_name: String,
}

fn build_operation(
    spec: &Spec,
    api: &front::Api,
    types: &mut TypeBuilder,
    operation: &front::Operation,
    names: OperationNames,
) -> Result<Operation, SpecError> {
    let OperationNames { id, rust_name } = names;
    let pointer = operation.source.pointer.clone();
    let path = operation.path.as_str();
    let type_prefix = rust_type_name(&id);

    let mut parameters: Vec<Parameter> = Vec::new();
    let mut parameter_names = NameRegistry::default();
    for local in CLIENT_LOCALS {
        parameter_names.reserve(local);
    }
    // The front end has merged the path item's parameters with the
    // operation's own, which replace those of the same name.
    for parameter in &operation.parameters {
        let mut built = build_parameter(spec, types, parameter, &type_prefix)?;
        built.rust_name = parameter_names.unique(&built.rust_name);
        parameters.push(built);
    }

    match_path_template(types, path, &pointer, &mut parameters, &mut parameter_names);

    let body = match &operation.request_body {
        None => None,
        Some(body) => Some(build_body(spec, types, body, &type_prefix)?),
    };

    let mut responses = Vec::new();
    // `default` last, after the statuses it stands in for.
    let ordered: Vec<&front::Response> = operation
        .responses
        .iter()
        .filter(|r| r.status != Status::Default)
        .chain(
            operation
                .responses
                .iter()
                .filter(|r| r.status == Status::Default),
        )
        .collect();
    let with_body = ordered.len();
    for response in ordered {
        let status = response.status.to_string();
        let hint = if with_body == 1 {
            format!("{type_prefix}Response")
        } else {
            format!("{type_prefix}Response{}", status.to_pascal_case())
        };
        responses.push(build_response(types, response, status, &hint)?);
    }

    let outcome_type =
        (responses.len() > 1).then(|| types.reserve(&format!("{type_prefix}Response")));

    let security = api
        .security_of(operation)
        .iter()
        .map(|requirement| {
            requirement
                .scheme_names()
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();

    let mut callbacks = Vec::new();
    for callback in &operation.callbacks {
        for message in &callback.operations {
            let hint = format!("{}Callback", rust_type_name(&callback.name));
            let body = match &message.request_body {
                None => None,
                Some(body) => Some(build_body(spec, types, body, &hint)?.expr),
            };
            callbacks.push(Callback {
                name: callback.name.clone(),
                expression: message.path.as_str().to_owned(),
                method: message.method.to_string(),
                body,
            });
        }
    }

    let list = super::pagination::ListOperation {
        pointer: &pointer,
        declared: operation.extension("x-pagination"),
        parameters: &parameters,
        body: body.as_ref(),
        responses: &responses,
        types: &types.types,
    };
    let mut pagination = super::pagination::pagination(spec, &list)?;
    if let Some(pages) = &mut pagination {
        pages.query_type = types.reserve(&format!("{type_prefix}Query"));
        pages.pages_type = types.reserve(&format!("{type_prefix}Pages"));
    }

    Ok(Operation {
        rust_name,
        id,
        method: operation.method.to_string(),
        path: path.to_owned(),
        pointer,
        summary: operation.summary.clone(),
        doc: operation.description.clone(),
        deprecated: operation.deprecated,
        parameters,
        body,
        responses,
        outcome_type,
        security,
        callbacks,
        pagination,
    })
}

/// The `{name}`s of a path template, each once, in order.
fn template_variables(path: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    names
}

/// Holds the path template and the path parameters to each other, as
/// OpenAPI requires (every template variable declared, every path
/// parameter in the template). A variable without a parameter is a
/// warning and still a required string argument, so the URL is never sent
/// with `{name}` in it; a path parameter the template lacks is a warning.
fn match_path_template(
    types: &mut TypeBuilder,
    path: &str,
    operation_pointer: &str,
    parameters: &mut Vec<Parameter>,
    names: &mut NameRegistry,
) {
    let path_pointer = format!("/paths/{}", escape_segment(path));
    let variables = template_variables(path);
    for variable in &variables {
        let declared = parameters
            .iter()
            .any(|p| p.location == ParameterLocation::Path && p.wire_name == *variable);
        if declared {
            continue;
        }
        types.warn(
            &path_pointer,
            &format!(
                "path variable `{{{variable}}}` has no path parameter (in #{operation_pointer}); the SDK takes it as a required string argument"
            ),
        );
        parameters.push(Parameter {
            wire_name: (*variable).to_owned(),
            pointer: path_pointer.clone(),
            rust_name: names.unique(&rust_field_name(variable)),
            location: ParameterLocation::Path,
            required: true,
            doc: Some("Not declared by the spec: taken from the path template.".into()),
            expr: TypeExpr {
                ty: TypeRef::String,
                nullable: false,
                sensitive: false,
                constraints: Constraints::default(),
            },
        });
    }
    for p in parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Path)
    {
        if !variables.contains(&p.wire_name.as_str()) {
            types.warn(
                &p.pointer,
                &format!(
                    "path parameter `{}` is not in the path template `{path}`; the SDK takes it but the URL has no place for it",
                    p.wire_name
                ),
            );
        }
    }
}

fn build_parameter(
    spec: &Spec,
    types: &mut TypeBuilder,
    parameter: &front::Parameter,
    type_prefix: &str,
) -> Result<Parameter, SpecError> {
    let pointer = &parameter.source.pointer;
    let location = match parameter.location {
        Location::Path => ParameterLocation::Path,
        Location::Query => ParameterLocation::Query,
        Location::Header => ParameterLocation::Header,
        Location::Cookie => {
            return Err(unsupported(
                spec,
                pointer,
                "a cookie parameter",
                "path, query or header parameters",
            ))
        }
    };
    if parameter.schema.is_none() {
        return Err(unsupported(
            spec,
            pointer,
            "a parameter with `content`",
            "a parameter with `schema`",
        ));
    }
    let hint = format!("{type_prefix}{}", parameter.name.to_pascal_case());
    let expr = types.expr(&child_pointer(pointer, "schema"), &hint)?;
    Ok(Parameter {
        wire_name: parameter.name.clone(),
        pointer: pointer.clone(),
        rust_name: rust_field_name(&parameter.name),
        location,
        required: parameter.required,
        doc: parameter.description.clone(),
        expr,
    })
}

fn build_body(
    spec: &Spec,
    types: &mut TypeBuilder,
    body: &front::RequestBody,
    type_prefix: &str,
) -> Result<RequestBody, SpecError> {
    let pointer = &body.source.pointer;
    let mut media_types = Vec::new();
    // (media type, content type, schema pointer) of what the client sends.
    let mut sent: Option<(MediaType, String, Option<String>)> = None;
    // The schema the typed media types share: the SDK's type.
    let mut typed: Option<String> = None;
    for content in &body.content {
        let media = media_type(&content.media_type);
        media_types.push(media);
        let schema_pointer = content
            .schema
            .map(|_| child_pointer(&content.source.pointer, "schema"));
        if matches!(media, MediaType::Json | MediaType::Form) {
            let Some(this) = &schema_pointer else {
                return Err(unsupported(
                    spec,
                    &content.source.pointer,
                    "a request body without a schema",
                    "a `schema` for every JSON or form media type",
                ));
            };
            match &typed {
                None => typed = Some(this.clone()),
                Some(first) if types.same_schema(first, this) => {}
                Some(_) => {
                    return Err(unsupported(
                        spec,
                        this,
                        "different schemas per media type",
                        "one schema shared by the JSON and form media types of a request body",
                    ))
                }
            }
        }
        let better = match &sent {
            None => true,
            Some((chosen, ..)) => preference(media) < preference(*chosen),
        };
        if better {
            sent = Some((media, content.media_type.to_string(), schema_pointer));
        }
    }
    let Some((sent, content_type, schema_pointer)) = sent else {
        return Err(unsupported(
            spec,
            pointer,
            "a request body without content",
            "at least one media type",
        ));
    };
    let parts = match (sent, &schema_pointer) {
        (MediaType::Multipart, Some(schema_pointer)) => form_parts(types, schema_pointer),
        _ => Vec::new(),
    };
    let expr = match (sent, schema_pointer) {
        (MediaType::Other | MediaType::Multipart, _) | (_, None) => bytes(),
        (_, Some(schema_pointer)) => {
            types.expr(&schema_pointer, &format!("{type_prefix}Request"))?
        }
    };
    Ok(RequestBody {
        pointer: pointer.clone(),
        required: body.required,
        doc: body.description.clone(),
        media_types,
        sent,
        content_type,
        parts,
        expr,
    })
}

/// The parts a `multipart/form-data` schema describes: its properties
/// (through its `$ref`s), in order.
fn form_parts(types: &TypeBuilder, schema_pointer: &str) -> Vec<FormPart> {
    let schemas = types.schemas();
    let Some(id) = schemas.resolve(schema_pointer) else {
        return Vec::new();
    };
    let schema = schemas.get(id);
    schema
        .properties
        .iter()
        .map(|(name, property)| {
            let property = schemas.get(*property);
            FormPart {
                name: name.clone(),
                required: schema.requires(name),
                binary: matches!(property.format.as_deref(), Some("binary" | "byte")),
                doc: property.description.clone(),
            }
        })
        .collect()
}

/// The first JSON or form media type the spec lists; then a multipart
/// form; bytes of another media type only when it lists none of these.
fn preference(media: MediaType) -> u8 {
    match media {
        MediaType::Json | MediaType::Form => 0,
        MediaType::Multipart => 1,
        MediaType::Other => 2,
    }
}

/// A body taken and returned as its bytes.
fn bytes() -> TypeExpr {
    TypeExpr {
        ty: TypeRef::Bytes,
        nullable: false,
        sensitive: false,
        constraints: Constraints::default(),
    }
}

fn build_response(
    types: &mut TypeBuilder,
    response: &front::Response,
    status: String,
    hint: &str,
) -> Result<Response, SpecError> {
    // The client reads the first JSON or form media type the spec lists,
    // else the first other one, as bytes.
    let mut found: Option<(MediaType, &front::Content)> = None;
    for content in &response.content {
        let media = media_type(&content.media_type);
        if found
            .as_ref()
            .is_none_or(|(chosen, _)| preference(media) < preference(*chosen))
        {
            found = Some((media, content));
        }
    }
    let found = match found {
        None => None,
        Some((media @ (MediaType::Other | MediaType::Multipart), _)) => Some((media, bytes())),
        Some((media, content)) => {
            let body = match content.schema {
                Some(_) => types.expr(&child_pointer(&content.source.pointer, "schema"), hint)?,
                None => TypeExpr {
                    ty: TypeRef::Any,
                    nullable: false,
                    sensitive: false,
                    constraints: Constraints::default(),
                },
            };
            Some((media, body))
        }
    };
    Ok(Response {
        status,
        pointer: response.source.pointer.clone(),
        doc: response.description.clone().filter(|d| !d.is_empty()),
        media_type: found.as_ref().map(|(m, _)| *m),
        body: found.map(|(_, b)| b),
    })
}

/// `application/json` and every `+json` type are JSON; a form is a form,
/// `multipart/form-data` a multipart form; anything else is bytes.
fn media_type(media: &front::MediaType) -> MediaType {
    if media.is_json() {
        MediaType::Json
    } else if media.essence == "application/x-www-form-urlencoded" {
        MediaType::Form
    } else if media.essence == "multipart/form-data" {
        MediaType::Multipart
    } else {
        MediaType::Other
    }
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
    use crate::model::{build_model, ParameterLocation, TypeRef};

    #[test]
    fn a_path_variable_without_a_parameter_is_a_warning_and_a_required_string_argument() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  \
            /orgs/{org}/repos/{repo}:\n    get:\n      operationId: getRepo\n      \
            parameters:\n        - {name: org, in: path, required: true, schema: {type: string}}\n        \
            - {name: owner, in: path, required: true, schema: {type: string}}\n      \
            responses:\n        '200': {description: ok}\n";
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), text).expect("loads");
        let built = build_model(&spec).expect("builds");
        let repo = built.model.operations[0]
            .parameters
            .iter()
            .find(|p| p.wire_name == "repo")
            .expect("the variable became a parameter");
        assert_eq!(repo.location, ParameterLocation::Path);
        assert!(repo.required && repo.expr.ty == TypeRef::String);
        let warnings: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "warning: t.yaml:4:3: path variable `{repo}` has no path parameter (in #/paths/~1orgs~1{org}~1repos~1{repo}/get); the SDK takes it as a required string argument (at #/paths/~1orgs~1{org}~1repos~1{repo})",
                "warning: t.yaml:9:11: path parameter `owner` is not in the path template `/orgs/{org}/repos/{repo}`; the SDK takes it but the URL has no place for it (at #/paths/~1orgs~1{org}~1repos~1{repo}/get/parameters/1)",
            ]
        );
    }
}
