//! Which requests a probe sends: one per documented request body example
//! (in each media type), or one without a body where the operation takes
//! none or an optional one; every required parameter filled from the
//! spec, or from what [`Fill`] adds (given values, ids from earlier
//! answers, generated values). An operation with a required parameter or
//! body still without a value is skipped, with the reason.

use openapi_sdkgen::front::{Api, Location, MediaType, Method, Operation, Parameter};
use openapi_sdkgen::Spec;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use super::values::Fill;
use crate::examples;

/// Characters left as they are in a path segment or a query value
/// (RFC 3986 unreserved).
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request ready to send, before credentials are added.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeRequest {
    /// `POST /secure_tokens#example`: the method, the path template, and
    /// the example's name (with its media type after it when the body has
    /// examples in more than one).
    pub label: String,
    /// The operationId, or `METHOD /path`: how validate names the operation.
    pub operation: String,
    /// Index into [`Api::operations`].
    pub index: usize,
    pub method: Method,
    /// The path with its variables filled and percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    /// What the request holds that the spec does not document, each in a
    /// few words (`` `id` from the answer at /payments ``).
    pub undocumented: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub media_type: MediaType,
    pub bytes: Vec<u8>,
}

/// What the spec lets the probe send for one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    Send(ProbeRequest),
    /// The operation cannot be filled from the spec: its label and why.
    Skip {
        label: String,
        reason: String,
    },
    /// A path variable has no value yet; an answer to another request
    /// may give it, so the operation is planned again in the last round.
    Wait,
}

/// Every request of `operation` (at `index` of the API), in the
/// document's order of media types and examples.
pub fn plan(
    spec: &Spec,
    api: &Api,
    index: usize,
    operation: &Operation,
    fill: &Fill,
) -> Vec<Planned> {
    let base_label = operation.label();
    let skip = |reason: String| {
        vec![Planned::Skip {
            label: base_label.clone(),
            reason,
        }]
    };
    let filled = match fill_parameters(spec, api, index, operation, fill) {
        Ok(filled) => filled,
        Err(Unfilled::Wait) => return vec![Planned::Wait],
        Err(Unfilled::Skip(reason)) => return skip(reason),
    };
    let name = operation
        .operation_id
        .clone()
        .unwrap_or_else(|| operation.label());
    let request = |label: String, body: Option<Body>, generated_body: bool| {
        let mut undocumented = filled.undocumented.clone();
        if generated_body {
            undocumented.push("a body generated from the schema".to_owned());
        }
        Planned::Send(ProbeRequest {
            label,
            operation: name.clone(),
            index,
            method: operation.method,
            path: filled.path.clone(),
            query: filled.query.clone(),
            headers: filled.headers.clone(),
            body,
            undocumented,
        })
    };
    let Some(request_body) = &operation.request_body else {
        return vec![request(base_label.clone(), None, false)];
    };
    let mut documented = Vec::new();
    let mut unencodable = Vec::new();
    for content in &request_body.content {
        for example in examples::documented(spec, &content.source.pointer) {
            match encode(&content.media_type, &example.value) {
                Some(bytes) => documented.push((content.media_type.clone(), example.name, bytes)),
                None => unencodable.push(format!("{} {}", content.media_type, example.name)),
            }
        }
    }
    let several_media_types = {
        let mut kinds: Vec<&MediaType> = documented.iter().map(|(m, _, _)| m).collect();
        kinds.dedup();
        kinds.len() > 1
    };
    let first_media_type = documented.first().map(|(m, _, _)| m.clone());
    let mut planned: Vec<Planned> = documented
        .into_iter()
        .map(|(media_type, example, bytes)| {
            let label = if several_media_types && Some(&media_type) != first_media_type.as_ref() {
                format!("{base_label}#{example} ({})", media_type.essence)
            } else {
                format!("{base_label}#{example}")
            };
            request(label, Some(Body { media_type, bytes }), false)
        })
        .collect();
    if planned.is_empty() {
        if request_body.required {
            if let Some(body) = generated_body(spec, api, index, request_body, fill) {
                return vec![request(format!("{base_label}#generated"), Some(body), true)];
            }
            let why = if unencodable.is_empty() {
                "its request body is required and the spec documents no example of it (--generate makes one from the schema)".to_owned()
            } else {
                format!(
                    "its request body is required and no example can be written in its media type ({})",
                    unencodable.join(", ")
                )
            };
            return skip(why);
        }
        planned.push(request(base_label, None, false));
    }
    planned
}

/// A body made from the schema of the first media type that can carry
/// one, when [`Fill::generate`] asks for it.
fn generated_body(
    spec: &Spec,
    api: &Api,
    index: usize,
    request_body: &openapi_sdkgen::front::RequestBody,
    fill: &Fill,
) -> Option<Body> {
    request_body.content.iter().find_map(|content| {
        let value = fill.generated(spec, api, content.schema?, index)?;
        let bytes = encode(&content.media_type, &value)?;
        Some(Body {
            media_type: content.media_type.clone(),
            bytes,
        })
    })
}

/// The request's path, query and headers from its required parameters.
struct Filled {
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    undocumented: Vec<String>,
}

/// Why the parameters could not all be filled.
enum Unfilled {
    /// A path variable may come from a later answer.
    Wait,
    Skip(String),
}

fn fill_parameters(
    spec: &Spec,
    api: &Api,
    index: usize,
    operation: &Operation,
    fill: &Fill,
) -> Result<Filled, Unfilled> {
    let mut path = operation.path.as_str().to_owned();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    let mut undocumented = Vec::new();
    for parameter in &operation.parameters {
        if !parameter.required && parameter.location != Location::Path {
            continue;
        }
        let value = match fill.given.get(&parameter.name) {
            Some(given) => Value::String(given.clone()),
            None => match parameter_value(spec, api, parameter) {
                Some(value) => value,
                None => {
                    let (value, origin) =
                        undocumented_value(spec, api, index, operation, parameter, fill)?;
                    undocumented.push(origin);
                    value
                }
            },
        };
        match parameter.location {
            Location::Path => {
                let text = utf8_percent_encode(&simple(&value), ENCODED).to_string();
                path = path.replace(&format!("{{{}}}", parameter.name), &text);
            }
            Location::Query => match (&value, parameter.explode) {
                (Value::Array(items), true) => {
                    query.extend(
                        items
                            .iter()
                            .map(|item| (parameter.name.clone(), scalar(item))),
                    );
                }
                _ => query.push((parameter.name.clone(), simple(&value))),
            },
            Location::Header => headers.push((parameter.name.clone(), simple(&value))),
            Location::Cookie => cookies.push(format!("{}={}", parameter.name, simple(&value))),
        }
    }
    if !cookies.is_empty() {
        headers.push(("Cookie".to_owned(), cookies.join("; ")));
    }
    Ok(Filled {
        path,
        query,
        headers,
        undocumented,
    })
}

/// A value for a parameter the spec documents none for, and where it
/// came from: a path variable from an earlier answer (waiting for one
/// until the last round), else one generated from the schema.
fn undocumented_value(
    spec: &Spec,
    api: &Api,
    index: usize,
    operation: &Operation,
    parameter: &Parameter,
    fill: &Fill,
) -> Result<(Value, String), Unfilled> {
    let name = &parameter.name;
    if parameter.location == Location::Path {
        if let Some((value, collection)) = fill.learned.path_value(operation.path.as_str(), name) {
            return Ok((value, format!("`{name}` from the answer at {collection}")));
        }
        if !fill.last_round {
            return Err(Unfilled::Wait);
        }
    }
    if let Some(value) = parameter
        .schema
        .and_then(|schema| fill.generated(spec, api, schema, index))
    {
        return Ok((value, format!("`{name}` generated from the schema")));
    }
    Err(Unfilled::Skip(format!(
        "the required {} parameter `{name}` has no example, default or enum in the spec{} (give one with --param {name}=VALUE, or --generate)",
        parameter.location.as_str(),
        if parameter.location == Location::Path {
            ", and no earlier answer gave one"
        } else {
            ""
        }
    )))
}

/// The parameter's documented example (`example`, else the first of
/// `examples`), else its schema's `example`, `default` or first `enum`
/// value. A parameter given as `content` is sent as JSON text.
fn parameter_value(spec: &Spec, api: &Api, parameter: &Parameter) -> Option<Value> {
    let documented = examples::documented(spec, &parameter.source.pointer)
        .into_iter()
        .next()
        .map(|e| e.value);
    let from_content = || {
        let content = parameter.content.first()?;
        let value = examples::documented(spec, &content.source.pointer)
            .into_iter()
            .next()?
            .value;
        Some(Value::String(value.to_string()))
    };
    let from_schema = || {
        let schema = api.schemas.get(parameter.schema?);
        examples::of_schema(spec, schema.pointer())
            .or_else(|| schema.default.clone())
            .or_else(|| schema.enumeration.as_ref()?.first().cloned())
    };
    match documented {
        Some(value) if !parameter.content.is_empty() && !value.is_string() => {
            Some(Value::String(value.to_string()))
        }
        Some(value) => Some(value),
        None => from_content().or_else(from_schema),
    }
}

/// The `simple` style: scalars as text, arrays joined with commas,
/// objects as `key,value` pairs.
fn simple(value: &Value) -> String {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), scalar(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => scalar(other),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An example as the bytes of its media type: JSON as JSON, a form from
/// an object (nested objects as `a[b]=`, as `deepObject` writes them) or
/// as the string the spec wrote, any other type from a string. `None`
/// when the example cannot be written in that media type.
fn encode(media_type: &MediaType, example: &Value) -> Option<Vec<u8>> {
    if media_type.is_json() {
        return serde_json::to_vec(example).ok();
    }
    match (media_type.essence.as_str(), example) {
        (_, Value::String(text)) => Some(text.clone().into_bytes()),
        ("application/x-www-form-urlencoded", Value::Object(_)) => {
            let mut pairs = Vec::new();
            flatten("", example, &mut pairs);
            let mut form = form_urlencoded::Serializer::new(String::new());
            form.extend_pairs(pairs);
            Some(form.finish().into_bytes())
        }
        _ => None,
    }
}

fn flatten(prefix: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    let key = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}[{name}]")
        }
    };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&key(k), v, pairs)),
        Value::Array(items) => items.iter().for_each(|v| flatten(&key(""), v, pairs)),
        other => pairs.push((prefix.to_owned(), scalar(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(text: &str) -> Vec<Planned> {
        let spec = openapi_sdkgen::load::load_str(std::path::Path::new("t.yaml"), text)
            .expect("spec loads");
        let api = openapi_sdkgen::front::read_api(&spec).expect("front end");
        api.operations
            .iter()
            .enumerate()
            .flat_map(|(index, operation)| {
                let fill = Fill {
                    last_round: true,
                    ..Fill::default()
                };
                plan(&spec, &api, index, operation, &fill)
            })
            .collect()
    }

    const SPEC: &str = r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: 'a b'}
        - {name: fields, in: query, required: true, schema: {type: array, items: {type: string}, default: [x, y]}}
        - {name: mode, in: header, required: true, schema: {type: string, enum: [fast, slow]}}
        - {name: page, in: query, schema: {type: integer, example: 3}}
      responses: {'200': {description: ok}}
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object}
            examples:
              small: {value: {n: 1}}
              large: {value: {n: 2}}
          application/x-www-form-urlencoded:
            schema: {type: object}
            example: {n: 1, card: {number: '4242424242424242'}}
      responses: {'201': {description: ok}}
    patch:
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object}}
      responses: {'200': {description: ok}}
"#;

    #[test]
    fn required_parameters_are_filled_from_examples_defaults_and_enums_only() {
        let all = planned(SPEC);
        let Planned::Send(get) = &all[0] else {
            panic!("getItem is sent: {all:?}");
        };
        assert_eq!(get.label, "GET /items/{id}");
        assert_eq!(get.path, "/items/a%20b");
        assert_eq!(
            get.query,
            [("fields".into(), "x".into()), ("fields".into(), "y".into())]
        );
        assert_eq!(get.headers, [("mode".into(), "fast".into())]);
    }

    #[test]
    fn operations_the_spec_gives_no_values_for_are_skipped_with_the_reason() {
        let all = planned(SPEC);
        assert_eq!(
            all[1],
            Planned::Skip {
                label: "PUT /items/{id}".into(),
                reason: "the required path parameter `id` has no example, default or enum in the spec, and no earlier answer gave one (give one with --param id=VALUE, or --generate)"
                    .into()
            }
        );
        assert!(matches!(&all[5], Planned::Skip { label, reason }
            if label == "PATCH /items" && reason.contains("no example")));
    }

    #[test]
    fn a_path_variable_without_a_value_waits_for_the_last_round() {
        let spec = openapi_sdkgen::load::load_str(std::path::Path::new("t.yaml"), SPEC)
            .expect("spec loads");
        let api = openapi_sdkgen::front::read_api(&spec).expect("front end");
        let put = &api.operations[1];
        assert_eq!(put.label(), "PUT /items/{id}");
        let first_round = Fill::default();
        assert_eq!(plan(&spec, &api, 1, put, &first_round), [Planned::Wait]);
        let given = Fill {
            given: [("id".to_owned(), "it/1".to_owned())].into(),
            ..Fill::default()
        };
        let planned = plan(&spec, &api, 1, put, &given);
        let [Planned::Send(request)] = planned.as_slice() else {
            panic!("sent with the given id");
        };
        assert_eq!(request.path, "/items/it%2F1");
        assert!(request.undocumented.is_empty());
    }

    #[test]
    fn each_body_example_is_one_request_named_after_it() {
        let all = planned(SPEC);
        let labels: Vec<String> = all[2..5]
            .iter()
            .map(|p| match p {
                Planned::Send(r) => r.label.clone(),
                Planned::Skip { label, .. } => format!("skipped {label}"),
                Planned::Wait => "waits".to_owned(),
            })
            .collect();
        assert_eq!(
            labels,
            [
                "POST /items#small",
                "POST /items#large",
                "POST /items#example (application/x-www-form-urlencoded)"
            ]
        );
        let Planned::Send(form) = &all[4] else {
            panic!("form sent")
        };
        let body = form.body.as_ref().expect("a body");
        assert_eq!(
            String::from_utf8_lossy(&body.bytes),
            "n=1&card%5Bnumber%5D=4242424242424242"
        );
    }
}
