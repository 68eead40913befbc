//! Paths and operations → [`Operation`]s.

use heck::ToPascalCase;
use openapiv3::{Parameter as SpecParameter, ReferenceOr, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::names::{rust_field_name, rust_type_name, NameRegistry};
use super::types::TypeBuilder;
use super::*;
use crate::error::{SpecError, SpecErrorKind};
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

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(super) fn build_operations(
    spec: &Spec,
    types: &mut TypeBuilder,
) -> Result<Vec<Operation>, SpecError> {
    let mut operations: Vec<Operation> = Vec::new();
    // Ids name messages (`Message::Request(id)`) and method names the
    // client's functions; both must be unique. Explicit operationIds are
    // reserved first, so a synthesized id never takes one.
    let mut ids = NameRegistry::default();
    for (_, _, operation) in spec.document.operations() {
        if let Some(id) = &operation.operation_id {
            ids.reserve(id);
        }
    }
    let mut method_names = NameRegistry::default();
    for (path, item) in &spec.document.paths.paths {
        let path_pointer = format!("/paths/{}", escape_segment(path));
        let ReferenceOr::Item(item) = item else {
            return Err(unsupported(
                spec,
                &path_pointer,
                "a $ref path item",
                "path items written inline",
            ));
        };
        for method in METHODS {
            let pointer = format!("{path_pointer}/{method}");
            if spec.node(&pointer).is_none() {
                continue;
            }
            let operation: openapiv3::Operation = read(spec, &pointer)?;
            let id = match &operation.operation_id {
                Some(id) => id.clone(),
                None => ids.unique(&synthesized_id(method, path)),
            };
            let rust_name = method_names.unique(&rust_field_name(&id));
            let place = OperationPlace {
                path,
                method,
                pointer,
                id,
                rust_name,
            };
            operations.push(build_operation(
                spec,
                types,
                place,
                &operation,
                &item.parameters,
            )?);
        }
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

/// Where an operation is, and the names already decided for it.
struct OperationPlace<'a> {
    path: &'a str,
    method: &'a str,
    pointer: String,
    id: String,
    rust_name: String,
}

fn build_operation(
    spec: &Spec,
    types: &mut TypeBuilder,
    place: OperationPlace<'_>,
    operation: &openapiv3::Operation,
    shared_parameters: &[ReferenceOr<SpecParameter>],
) -> Result<Operation, SpecError> {
    let OperationPlace {
        path,
        method,
        pointer,
        id,
        rust_name,
    } = place;
    let type_prefix = rust_type_name(&id);

    let mut parameters: Vec<Parameter> = Vec::new();
    let mut parameter_names = NameRegistry::default();
    for local in CLIENT_LOCALS {
        parameter_names.reserve(local);
    }
    let shared = (0..shared_parameters.len())
        .map(|i| format!("/paths/{}/parameters/{i}", escape_segment(path)));
    let own = (0..operation.parameters.len()).map(|i| format!("{pointer}/parameters/{i}"));
    for parameter_pointer in shared.chain(own) {
        let (parameter_pointer, parameter) =
            read_resolved::<SpecParameter>(spec, &parameter_pointer)?;
        let mut built = build_parameter(spec, types, &parameter_pointer, &parameter, &type_prefix)?;
        // An operation's own parameter replaces a path-level one, and
        // keeps its Rust name.
        let overridden = parameters
            .iter()
            .position(|p| p.wire_name == built.wire_name && p.location == built.location);
        built.rust_name = match overridden {
            Some(index) => parameters.remove(index).rust_name,
            None => parameter_names.unique(&built.rust_name),
        };
        parameters.push(built);
    }

    match_path_template(types, path, &pointer, &mut parameters, &mut parameter_names);

    let body = match &operation.request_body {
        None => None,
        Some(_) => Some(build_body(
            spec,
            types,
            &format!("{pointer}/requestBody"),
            &type_prefix,
        )?),
    };

    let mut responses = Vec::new();
    let statuses: Vec<(String, String)> = operation
        .responses
        .responses
        .keys()
        .map(|code| match code {
            StatusCode::Code(n) => n.to_string(),
            StatusCode::Range(n) => format!("{n}XX"),
        })
        .chain(
            operation
                .responses
                .default
                .iter()
                .map(|_| "default".to_owned()),
        )
        .map(|status| {
            let at = format!("{pointer}/responses/{status}");
            (status, at)
        })
        .collect();
    let with_body = statuses.len();
    for (status, response_pointer) in statuses {
        let hint = if with_body == 1 {
            format!("{type_prefix}Response")
        } else {
            format!("{type_prefix}Response{}", status.to_pascal_case())
        };
        responses.push(build_response(
            spec,
            types,
            &response_pointer,
            status,
            &hint,
        )?);
    }

    let outcome_type =
        (responses.len() > 1).then(|| types.reserve(&format!("{type_prefix}Response")));

    let security = operation
        .security
        .as_ref()
        .or(spec.document.security.as_ref())
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|r| r.keys().cloned().collect())
                .collect()
        })
        .unwrap_or_default();

    let mut callbacks = Vec::new();
    for (name, callback) in &operation.callbacks {
        for expression in callback.keys() {
            for callback_method in METHODS {
                let at = format!(
                    "{pointer}/callbacks/{}/{}/{callback_method}",
                    escape_segment(name),
                    escape_segment(expression)
                );
                if spec.node(&at).is_none() {
                    continue;
                }
                let hint = format!("{}Callback", rust_type_name(name));
                let body = match spec.node(&format!("{at}/requestBody")) {
                    None => None,
                    Some(_) => {
                        Some(build_body(spec, types, &format!("{at}/requestBody"), &hint)?.expr)
                    }
                };
                callbacks.push(Callback {
                    name: name.clone(),
                    expression: expression.clone(),
                    method: callback_method.to_uppercase(),
                    body,
                });
            }
        }
    }

    let list = super::pagination::ListOperation {
        pointer: &pointer,
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
        method: method.to_uppercase(),
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
    pointer: &str,
    parameter: &SpecParameter,
    type_prefix: &str,
) -> Result<Parameter, SpecError> {
    let (location, data) = match parameter {
        SpecParameter::Path { parameter_data, .. } => (ParameterLocation::Path, parameter_data),
        SpecParameter::Query { parameter_data, .. } => (ParameterLocation::Query, parameter_data),
        SpecParameter::Header { parameter_data, .. } => (ParameterLocation::Header, parameter_data),
        SpecParameter::Cookie { .. } => {
            return Err(unsupported(
                spec,
                pointer,
                "a cookie parameter",
                "path, query or header parameters",
            ))
        }
    };
    if !matches!(data.format, openapiv3::ParameterSchemaOrContent::Schema(_)) {
        return Err(unsupported(
            spec,
            pointer,
            "a parameter with `content`",
            "a parameter with `schema`",
        ));
    }
    let hint = format!("{type_prefix}{}", data.name.to_pascal_case());
    let expr = types.expr(&format!("{pointer}/schema"), &hint)?;
    Ok(Parameter {
        wire_name: data.name.clone(),
        pointer: pointer.to_owned(),
        rust_name: rust_field_name(&data.name),
        location,
        required: data.required || location == ParameterLocation::Path,
        doc: data.description.clone(),
        expr,
    })
}

fn build_body(
    spec: &Spec,
    types: &mut TypeBuilder,
    pointer: &str,
    type_prefix: &str,
) -> Result<RequestBody, SpecError> {
    let (pointer, body) = read_resolved::<openapiv3::RequestBody>(spec, pointer)?;
    let mut media_types = Vec::new();
    // (media type, content type, schema pointer) of what the client sends.
    let mut sent: Option<(MediaType, String, Option<String>)> = None;
    let mut schema: Option<(String, &Value)> = None;
    for mime in body.content.keys() {
        let media_pointer = format!("{pointer}/content/{}", escape_segment(mime));
        let media = media_type(mime);
        media_types.push(media);
        let schema_pointer = format!("{media_pointer}/schema");
        let this = spec.node(&schema_pointer);
        if matches!(media, MediaType::Json | MediaType::Form) {
            // The typed media types share one schema: the SDK's type.
            let Some(this) = this else {
                return Err(unsupported(
                    spec,
                    &media_pointer,
                    "a request body without a schema",
                    "a `schema` for every JSON or form media type",
                ));
            };
            match &schema {
                None => schema = Some((schema_pointer.clone(), this)),
                Some((_, first)) if *first == this => {}
                Some(_) => {
                    return Err(unsupported(
                        spec,
                        &schema_pointer,
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
            sent = Some((media, mime.clone(), this.map(|_| schema_pointer)));
        }
    }
    let Some((sent, content_type, schema_pointer)) = sent else {
        return Err(unsupported(
            spec,
            &pointer,
            "a request body without content",
            "at least one media type",
        ));
    };
    let parts = match (sent, &schema_pointer) {
        (MediaType::Multipart, Some(schema_pointer)) => form_parts(spec, schema_pointer)?,
        _ => Vec::new(),
    };
    let expr = match (sent, schema_pointer) {
        (MediaType::Other | MediaType::Multipart, _) | (_, None) => bytes(),
        (_, Some(schema_pointer)) => {
            types.expr(&schema_pointer, &format!("{type_prefix}Request"))?
        }
    };
    Ok(RequestBody {
        pointer,
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
/// (through one `$ref`), in order.
fn form_parts(spec: &Spec, schema_pointer: &str) -> Result<Vec<FormPart>, SpecError> {
    let (at, schema) = read_resolved::<Value>(spec, schema_pointer)?;
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut parts = Vec::new();
    for name in properties.keys() {
        let (_, property) =
            read_resolved::<Value>(spec, &format!("{at}/properties/{}", escape_segment(name)))?;
        let format = property.get("format").and_then(Value::as_str);
        parts.push(FormPart {
            name: name.clone(),
            required: required.contains(&name.as_str()),
            binary: matches!(format, Some("binary" | "byte")),
            doc: property
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
    Ok(parts)
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
    spec: &Spec,
    types: &mut TypeBuilder,
    pointer: &str,
    status: String,
    hint: &str,
) -> Result<Response, SpecError> {
    let (pointer, response) = read_resolved::<openapiv3::Response>(spec, pointer)?;
    // The client reads the first JSON or form media type the spec lists,
    // else the first other one, as bytes.
    let mut found: Option<(MediaType, String)> = None;
    for mime in response.content.keys() {
        let media = media_type(mime);
        if found
            .as_ref()
            .is_none_or(|(chosen, _)| preference(media) < preference(*chosen))
        {
            found = Some((media, format!("{pointer}/content/{}", escape_segment(mime))));
        }
    }
    let found = match found {
        None => None,
        Some((media @ (MediaType::Other | MediaType::Multipart), _)) => Some((media, bytes())),
        Some((media, media_pointer)) => {
            let schema_pointer = format!("{media_pointer}/schema");
            let body = match spec.node(&schema_pointer) {
                Some(_) => types.expr(&schema_pointer, hint)?,
                None => types.expr(&media_pointer, hint).map(|mut any| {
                    any.ty = TypeRef::Any;
                    any
                })?,
            };
            Some((media, body))
        }
    };
    Ok(Response {
        status,
        pointer: pointer.clone(),
        doc: Some(response.description.clone()).filter(|d| !d.is_empty()),
        media_type: found.as_ref().map(|(m, _)| *m),
        body: found.map(|(_, b)| b),
    })
}

/// `application/json` and every `+json` type are JSON; a form is a form,
/// `multipart/form-data` a multipart form; anything else is bytes.
fn media_type(mime: &str) -> MediaType {
    let essence = mime
        .split(';')
        .next()
        .unwrap_or(mime)
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        MediaType::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaType::Form
    } else if essence == "multipart/form-data" {
        MediaType::Multipart
    } else {
        MediaType::Other
    }
}

/// Reads the node at `pointer` as `T`, following one level of `$ref`
/// (parameters, bodies and responses may live in `components`).
fn read_resolved<T: DeserializeOwned>(
    spec: &Spec,
    pointer: &str,
) -> Result<(String, T), SpecError> {
    let mut at = pointer.to_owned();
    for _ in 0..8 {
        match spec
            .node(&at)
            .and_then(|n| n.get("$ref"))
            .and_then(Value::as_str)
        {
            Some(reference) => at = reference.trim_start_matches('#').to_owned(),
            None => return read(spec, &at).map(|value| (at, value)),
        }
    }
    let kind = SpecErrorKind::CyclicRef {
        chain: format!("starting at #{pointer}"),
    };
    Err(spec.error(pointer, kind))
}

fn read<T: DeserializeOwned>(spec: &Spec, pointer: &str) -> Result<T, SpecError> {
    let node = spec.node(pointer).cloned().unwrap_or(Value::Null);
    serde_json::from_value(node)
        .map_err(|e| spec.error(pointer, SpecErrorKind::Shape(e.to_string())))
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
