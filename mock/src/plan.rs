//! Everything the mock needs per operation, worked out once at start-up:
//! the parameters with their validators, the credentials the security
//! needs, the body's media types with their validators, the responses
//! with their examples (documented, else generated), and the callbacks.
//! A request then costs routing, checking and copying an answer.

use bytes::Bytes;
use openapi_sdkgen::front::{
    Additional, Api, Content, Location, MediaType, Method, Operation, PathTemplate, SchemaId,
    Status,
};
use openapi_sdkgen::validate::{FormShape, Options, Sender, Target, Validator};
use openapi_sdkgen::Spec;
use serde_json::Value;

use crate::examples::{self, Example};
use crate::generate;
use crate::routes::Router;

/// The plan of every operation, and the router to them.
pub struct Plan {
    pub operations: Vec<OperationPlan>,
    pub router: Router,
    /// What could not be prepared (a schema that does not compile), and
    /// so is not checked: one sentence each.
    pub warnings: Vec<String>,
}

pub struct OperationPlan {
    /// The operationId, or `GET /path` for an operation without one.
    pub label: String,
    pub operation_id: Option<String>,
    pub method: Method,
    pub path: PathTemplate,
    pub parameters: Vec<ParameterPlan>,
    /// Alternatives, any one of which will do; empty when no credentials
    /// are needed (or an alternative needs none).
    pub security: Vec<Vec<Credential>>,
    pub body: Option<BodyPlan>,
    /// The status an invalid request is answered with.
    pub error_status: u16,
    pub responses: Vec<ResponsePlan>,
    /// The response a valid request gets unless `Prefer` picks another.
    pub success: Option<usize>,
    pub callbacks: Vec<CallbackPlan>,
}

pub struct ParameterPlan {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub style: String,
    pub explode: bool,
    pub schema: Option<SchemaId>,
    /// Given as `content: {application/json: ...}`: the value is JSON text.
    pub json_content: bool,
    pub validator: Option<Validator>,
    /// How the parameter's text is read as its schema's types.
    pub shape: FormShape,
}

/// Where one security scheme's credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// An API key header, by lower-case name.
    Header(String),
    Query(String),
    Cookie(String),
    /// `Authorization: <scheme> ...`, the scheme in lower case.
    Authorization(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub scheme: String,
    pub place: Place,
}

pub struct BodyPlan {
    pub required: bool,
    pub media: Vec<MediaPlan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Form,
    Text,
    /// Bytes the mock does not read (multipart, octet-stream, XML).
    Other,
}

pub struct MediaPlan {
    pub media_type: MediaType,
    pub kind: BodyKind,
    pub schema: Option<SchemaId>,
    pub validator: Option<Validator>,
}

pub struct ResponsePlan {
    pub status: Status,
    /// The status code sent: the code, or `N00` for a range, 200 for `default`.
    pub code: u16,
    pub content_type: Option<String>,
    pub is_json: bool,
    pub schema: Option<SchemaId>,
    /// The schema is an object that allows no properties besides its own.
    pub closed: bool,
    /// Documented examples, in order; empty when there are none.
    pub examples: Vec<Example>,
    /// Made from the schema when nothing is documented.
    pub generated: Option<Value>,
    /// Required headers, with a value made from their schemas.
    pub headers: Vec<(String, String)>,
    /// Each example as sent, encoded once: the documented ones in order,
    /// then the generated one.
    encoded: Vec<Bytes>,
}

impl ResponsePlan {
    /// The example `name` picks, else the first documented, else the
    /// generated one; with its encoded body.
    pub fn example(&self, name: Option<&str>) -> Option<(&Value, &Bytes)> {
        let index = name
            .and_then(|name| self.examples.iter().position(|e| e.name == name))
            .unwrap_or(0);
        let value = match self.examples.get(index) {
            Some(example) => &example.value,
            None => self.generated.as_ref()?,
        };
        Some((value, self.encoded.get(index)?))
    }

    /// `value` as this response sends it: JSON, or a string's text as is
    /// for other media types.
    pub fn encode(&self, value: &Value) -> Bytes {
        match (value, self.is_json) {
            (Value::String(text), false) => Bytes::from(text.clone().into_bytes()),
            _ => Bytes::from(serde_json::to_vec(value).unwrap_or_default()),
        }
    }

    /// The first documented example, without a generated one.
    pub fn documented(&self) -> Option<&Value> {
        self.examples.first().map(|e| &e.value)
    }
}

pub struct CallbackPlan {
    pub name: String,
    /// The callback's key: a runtime expression, or a URL template holding some.
    pub expression: String,
    pub method: Method,
    pub content_type: Option<String>,
    pub body: Option<Value>,
}

impl Plan {
    pub fn new(spec: &Spec, api: &Api, seed: u64) -> Plan {
        // What loading read past comes first, worded as the other commands
        // word it.
        let mut warnings: Vec<String> = spec
            .warnings
            .iter()
            .map(|w| {
                let text = w.to_string();
                text.strip_prefix("warning: ").unwrap_or(&text).to_owned()
            })
            .collect();
        let operations: Vec<OperationPlan> = api
            .operations
            .iter()
            .enumerate()
            .map(|(index, operation)| {
                let seed = seed ^ ((index as u64 + 1) << 20);
                operation_plan(spec, api, operation, seed, &mut warnings)
            })
            .collect();
        let router = Router::new(
            operations.iter().map(|o| (o.method, &o.path)),
            api.servers.iter().map(|s| base_path(&s.url)).collect(),
        );
        Plan {
            operations,
            router,
            warnings,
        }
    }
}

fn operation_plan(
    spec: &Spec,
    api: &Api,
    operation: &Operation,
    seed: u64,
    warnings: &mut Vec<String>,
) -> OperationPlan {
    let label = operation
        .operation_id
        .clone()
        .unwrap_or_else(|| operation.label());
    let mut build = |pointer: &str, what: String| {
        let target = Target::Request {
            operation: label.clone(),
        };
        match Validator::at(
            spec,
            api,
            pointer,
            Sender::Client,
            target,
            Options::default(),
        ) {
            Ok(validator) => Some(validator),
            Err(error) => {
                warnings.push(format!("{what} of {label} is not checked: {error}"));
                None
            }
        }
    };
    let parameters = operation
        .parameters
        .iter()
        .map(|p| {
            let json = p.content.iter().find(|c| c.media_type.is_json());
            let schema = p.schema.or(json.and_then(|c| c.schema));
            let pointer = match (p.schema, json) {
                (Some(_), _) => Some(format!("{}/schema", p.source.pointer)),
                (None, Some(c)) if c.schema.is_some() => {
                    Some(format!("{}/schema", c.source.pointer))
                }
                _ => None,
            };
            let what = format!("{} parameter `{}`", p.location.as_str(), p.name);
            ParameterPlan {
                name: p.name.clone(),
                location: p.location,
                required: p.required,
                style: p.style.clone(),
                explode: p.explode,
                schema,
                json_content: p.schema.is_none() && json.is_some(),
                validator: pointer.and_then(|at| build(&at, what)),
                shape: FormShape::new(&api.schemas, schema),
            }
        })
        .collect();
    let body = operation.request_body.as_ref().map(|body| BodyPlan {
        required: body.required,
        media: body
            .content
            .iter()
            .map(|content| {
                let kind = body_kind(&content.media_type);
                let validator = match (kind, content.schema) {
                    (BodyKind::Other, _) | (_, None) => None,
                    _ => build(
                        &format!("{}/schema", content.source.pointer),
                        format!("the {} request body", content.media_type),
                    ),
                };
                MediaPlan {
                    media_type: content.media_type.clone(),
                    kind,
                    schema: content.schema,
                    validator,
                }
            })
            .collect(),
    });
    let responses: Vec<ResponsePlan> = operation
        .responses
        .iter()
        .map(|response| {
            let seed = seed ^ u64::from(code_of(response.status));
            let headers = response
                .headers
                .iter()
                .filter(|h| h.required && !h.name.eq_ignore_ascii_case("content-type"))
                .filter_map(|h| {
                    let value =
                        generate::example(spec, &api.schemas, h.schema?, Sender::Provider, seed);
                    Some((h.name.clone(), header_text(value)))
                })
                .collect();
            let content = chosen(&response.content);
            let examples = content
                .map(|c| examples::documented(spec, &c.source.pointer))
                .unwrap_or_default();
            let schema = content.and_then(|c| c.schema);
            let generated = match (examples.is_empty(), schema) {
                (true, Some(id)) => Some(generate::example(
                    spec,
                    &api.schemas,
                    id,
                    Sender::Provider,
                    seed,
                )),
                _ => None,
            };
            let mut plan = ResponsePlan {
                status: response.status,
                code: code_of(response.status),
                content_type: content.map(|c| content_type(&c.media_type)),
                is_json: content.is_some_and(|c| {
                    c.media_type.is_json() || c.media_type.essence.ends_with("/*")
                }),
                schema,
                closed: schema.is_some_and(|id| {
                    api.schemas.get(id).additional_properties == Additional::Allowed(false)
                }),
                examples,
                generated,
                headers,
                encoded: Vec::new(),
            };
            plan.encoded = plan
                .examples
                .iter()
                .map(|e| &e.value)
                .chain(&plan.generated)
                .map(|value| plan.encode(value))
                .collect();
            plan
        })
        .collect();
    let callbacks = operation
        .callbacks
        .iter()
        .flat_map(|callback| {
            callback.operations.iter().map(|target| {
                let content = target
                    .request_body
                    .as_ref()
                    .and_then(|b| chosen(&b.content));
                let documented = content.and_then(|c| {
                    examples::documented(spec, &c.source.pointer)
                        .into_iter()
                        .next()
                });
                let body = documented.map(|e| e.value).or_else(|| {
                    let id = content?.schema?;
                    Some(generate::example(
                        spec,
                        &api.schemas,
                        id,
                        Sender::Provider,
                        seed,
                    ))
                });
                CallbackPlan {
                    name: callback.name.clone(),
                    expression: target.path.as_str().to_owned(),
                    method: target.method,
                    content_type: content.map(|c| content_type(&c.media_type)),
                    body,
                }
            })
        })
        .collect();
    OperationPlan {
        label,
        operation_id: operation.operation_id.clone(),
        method: operation.method,
        path: operation.path.clone(),
        parameters,
        security: credentials(api, operation),
        body,
        error_status: error_status(&responses),
        success: success(&responses),
        responses,
        callbacks,
    }
}

fn body_kind(media_type: &MediaType) -> BodyKind {
    match media_type.essence.as_str() {
        _ if media_type.is_json() => BodyKind::Json,
        "application/x-www-form-urlencoded" => BodyKind::Form,
        essence if essence.starts_with("text/") => BodyKind::Text,
        _ => BodyKind::Other,
    }
}

/// The JSON media type of a content map, else its first.
fn chosen(content: &[Content]) -> Option<&Content> {
    content
        .iter()
        .find(|c| c.media_type.is_json())
        .or(content.first())
}

/// The Content-Type an answer carries: the spec's, with wildcards made concrete.
fn content_type(media_type: &MediaType) -> String {
    match media_type.essence.as_str() {
        "*/*" | "application/*" => "application/json".to_owned(),
        essence if essence.ends_with("/*") => format!("{}plain", &essence[..essence.len() - 1]),
        _ => media_type.to_string(),
    }
}

fn header_text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

fn code_of(status: Status) -> u16 {
    match status {
        Status::Code(code) => code,
        Status::Range(first) => u16::from(first) * 100,
        Status::Default => 200,
    }
}

/// The documented 400, else the documented 422, else 400.
fn error_status(responses: &[ResponsePlan]) -> u16 {
    [400, 422]
        .into_iter()
        .find(|code| responses.iter().any(|r| r.status == Status::Code(*code)))
        .unwrap_or(400)
}

/// The first 2xx code, else the `2XX` range, else `default`, else the first response.
fn success(responses: &[ResponsePlan]) -> Option<usize> {
    let find = |wanted: &dyn Fn(Status) -> bool| responses.iter().position(|r| wanted(r.status));
    find(&|s| matches!(s, Status::Code(c) if (200..300).contains(&c)))
        .or_else(|| find(&|s| s == Status::Range(2)))
        .or_else(|| find(&|s| s == Status::Default))
        .or(if responses.is_empty() { None } else { Some(0) })
}

fn credentials(api: &Api, operation: &Operation) -> Vec<Vec<Credential>> {
    let requirements = api.security_of(operation);
    let mut alternatives = Vec::new();
    for requirement in requirements {
        let mut needed = Vec::new();
        for name in requirement.scheme_names() {
            let Some(scheme) = api.security_schemes.iter().find(|s| s.name == name) else {
                continue;
            };
            let place = match (scheme.kind.as_str(), &scheme.api_key, &scheme.http_scheme) {
                ("apiKey", Some((location, key)), _) => match location.as_str() {
                    "query" => Place::Query(key.clone()),
                    "cookie" => Place::Cookie(key.clone()),
                    _ => Place::Header(key.to_ascii_lowercase()),
                },
                ("http", _, Some(http)) => Place::Authorization(http.clone()),
                _ => Place::Authorization("bearer".to_owned()),
            };
            needed.push(Credential {
                scheme: name.to_owned(),
                place,
            });
        }
        if needed.is_empty() {
            // `{}` among the alternatives: anonymous access is allowed.
            return Vec::new();
        }
        alternatives.push(needed);
    }
    alternatives
}

/// The path part of a server URL (`https://h/api/v1` → `/api/v1`), with
/// `{variables}` left as they are (such a base then never matches).
fn base_path(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        without_scheme
            .find('/')
            .map_or("", |at| &without_scheme[at..])
    } else {
        without_scheme
    };
    path.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_come_from_absolute_and_relative_server_urls() {
        assert_eq!(base_path("https://api.example.com/api/v1/"), "/api/v1");
        assert_eq!(base_path("https://api.example.com"), "");
        assert_eq!(base_path("/v2"), "/v2");
    }
}
