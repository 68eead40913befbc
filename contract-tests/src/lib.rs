//! What the contract tests share: the fixture manifest, and a way to reach
//! the generated module of the spec a fixture belongs to.

pub mod synthetic;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jp_payment_gateways::{komoju, paymentoptions, Message, MessageVisitor, PayloadError};
use openapi_sdkgen::load::escape_segment;
use openapi_sdkgen::validate::{NotJson, Options, Target, Validator, Violation};
use openapi_sdkgen::Spec;
use serde::Deserialize;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// The spec files, as paths relative to the root.
pub const SPECS: [&str; 2] = ["spec/komoju.yaml", "spec/paymentoptions.yaml"];

/// One entry of `fixtures/manifest.yaml`: a documented example and the
/// message it is an example of.
#[derive(Debug, Clone, Deserialize)]
pub struct Fixture {
    pub file: String,
    pub spec: String,
    pub source: String,
    pub operation: Option<String>,
    pub direction: Option<Direction>,
    pub status: Option<String>,
    pub callback: Option<String>,
    pub schema: Option<String>,
    pub media_type: String,
    #[serde(default)]
    pub edits: Vec<String>,
    pub disagreement: Option<Disagreement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Request,
    Response,
    Callback,
}

/// A documented example that shows a disagreement between the provider's
/// documents, and the verdict the spec gives it.
#[derive(Debug, Clone, Deserialize)]
pub struct Disagreement {
    pub id: String,
    pub valid: bool,
    #[serde(default)]
    pub violations: Vec<String>,
}

#[derive(Deserialize)]
struct Manifest {
    fixtures: Vec<Fixture>,
}

/// Every fixture in the manifest, in its order.
pub fn fixtures() -> Vec<Fixture> {
    let path = root().join("contract-tests/fixtures/manifest.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let manifest: Manifest =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    manifest.fixtures
}

impl Fixture {
    pub fn path(&self) -> PathBuf {
        root().join("contract-tests/fixtures").join(&self.file)
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.path()).unwrap_or_else(|e| panic!("{}: {e}", self.file))
    }

    pub fn is_json(&self) -> bool {
        self.media_type == "application/json"
    }

    /// The spec file, relative to the root.
    pub fn spec_path(&self) -> String {
        format!("spec/{}", self.spec)
    }

    /// The message this fixture is an example of.
    pub fn message(&self) -> Message<'_> {
        if let Some(schema) = &self.schema {
            return Message::Schema(schema);
        }
        let operation = self
            .operation
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no operation", self.file));
        match self.direction {
            Some(Direction::Request) => Message::Request(operation),
            Some(Direction::Response) => {
                Message::Response(operation, self.status.as_deref().unwrap_or("200"))
            }
            Some(Direction::Callback) => {
                Message::Callback(operation, self.callback.as_deref().unwrap_or_default())
            }
            None => panic!("{}: no direction", self.file),
        }
    }

    /// The verdict the spec must give this example.
    pub fn expected_valid(&self) -> bool {
        self.disagreement.as_ref().is_none_or(|d| d.valid)
    }
}

/// The generated modules, by spec file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Komoju,
    PaymentOptions,
}

impl Api {
    /// The API a spec path (`spec/komoju.yaml` or `komoju.yaml`) describes.
    pub fn of_spec(spec: &str) -> Api {
        match Path::new(spec).file_stem().and_then(|s| s.to_str()) {
            Some("komoju") => Api::Komoju,
            Some("paymentoptions") => Api::PaymentOptions,
            other => panic!("no generated module for spec {other:?}"),
        }
    }

    pub fn spec_path(self) -> &'static str {
        match self {
            Api::Komoju => SPECS[0],
            Api::PaymentOptions => SPECS[1],
        }
    }

    pub fn messages(self) -> &'static [Message<'static>] {
        match self {
            Api::Komoju => komoju::MESSAGES,
            Api::PaymentOptions => paymentoptions::MESSAGES,
        }
    }

    pub fn check(self, message: Message<'_>, json: &[u8]) -> Result<(), PayloadError> {
        match self {
            Api::Komoju => komoju::check_payload(message, json),
            Api::PaymentOptions => paymentoptions::check_payload(message, json),
        }
    }

    pub fn visit<V: MessageVisitor>(self, message: Message<'_>, visitor: V) -> Option<V::Output> {
        match self {
            Api::Komoju => komoju::visit_message(message, visitor),
            Api::PaymentOptions => paymentoptions::visit_message(message, visitor),
        }
    }
}

// ------------------------------------------------------------ the runtime validator
// Helpers for the tests that hold the runtime validator
// (`openapi_sdkgen::validate`) and the generated one to each other.

/// Operation keys of a path item, in the order the generator reads them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Api {
    /// Both APIs, in the order of [`SPECS`].
    pub const ALL: [Api; 2] = [Api::Komoju, Api::PaymentOptions];

    /// The loaded spec (read once per test binary), named by its path
    /// relative to the root so messages are the same on every machine.
    pub fn spec(self) -> &'static Spec {
        static LOADED: OnceLock<Vec<Spec>> = OnceLock::new();
        let specs = LOADED.get_or_init(|| {
            SPECS
                .iter()
                .map(|path| {
                    let mut spec =
                        openapi_sdkgen::load(&root().join(path)).unwrap_or_else(|e| panic!("{e}"));
                    spec.file = PathBuf::from(path);
                    spec
                })
                .collect()
        });
        let index = Api::ALL.iter().position(|a| *a == self).unwrap_or_default();
        &specs[index]
    }

    /// The runtime validator of `message`.
    pub fn runtime(self, message: Message<'_>, options: Options) -> Validator {
        Validator::new(self.spec(), target_of(message), options)
            .unwrap_or_else(|e| panic!("{message}: {e}"))
    }
}

/// The runtime validator's name for a generated message.
pub fn target_of(message: Message<'_>) -> Target {
    match message {
        // The SDK names inline schemas by their path inside a component.
        Message::Schema(name) if name.contains('/') => Target::SchemaPath(name.to_owned()),
        Message::Schema(name) => Target::Schema(name.to_owned()),
        Message::Request(operation) => Target::Request {
            operation: operation.to_owned(),
        },
        Message::Response(operation, status) => Target::Response {
            operation: operation.to_owned(),
            status: status.to_owned(),
        },
        Message::Callback(operation, callback) => Target::Callback {
            operation: operation.to_owned(),
            callback: callback.to_owned(),
        },
    }
}

/// The generated SDK's name for a runtime target.
pub fn message_of(target: &Target) -> Message<'_> {
    match target {
        Target::Schema(name) | Target::SchemaPath(name) => Message::Schema(name),
        Target::Request { operation } => Message::Request(operation),
        Target::Response { operation, status } => Message::Response(operation, status),
        Target::Callback {
            operation,
            callback,
        } => Message::Callback(operation, callback),
    }
}

/// Runtime violations in the manifest's words: `pointer: rule detail`
/// (`/payment_method: required stored_payment_method_id`, `/amount: type integer`).
pub fn runtime_findings(violations: &[Violation]) -> Vec<String> {
    violations
        .iter()
        .map(|v| format!("{}: {} {}", v.pointer, v.rule, v.expected))
        .collect()
}

/// A generated verdict in the manifest's words. A parse error names the
/// pointer where parsing stopped and serde's reason, mapped to the JSON
/// Schema keyword it stands for.
pub fn generated_findings(error: &PayloadError) -> Vec<String> {
    match error {
        PayloadError::Invalid(violations) => violations
            .0
            .iter()
            .map(|v| format!("{}: {} {}", v.pointer, v.rule.keyword(), v.limit))
            .collect(),
        PayloadError::Parse { pointer, message } => {
            vec![format!("{pointer}: {}", parse_rule(message))]
        }
        PayloadError::UnknownMessage(message) => vec![format!("unknown message {message}")],
    }
}

fn parse_rule(message: &str) -> String {
    // serde_json ends its messages with the position, which is not a rule.
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!("required {name}");
    }
    if message.contains("did not match any variant") {
        return "oneOf".to_owned();
    }
    let expected = message.rsplit(", expected ").next().unwrap_or(message);
    let json_type = match expected {
        "i64" | "i32" | "u64" | "u32" => "integer",
        "f64" | "f32" => "number",
        "a string" => "string",
        "a boolean" => "boolean",
        "a sequence" => "array",
        _ if expected.starts_with("struct ") || expected == "a map" => "object",
        _ => return format!("parse {message}"),
    };
    format!("type {json_type}")
}

/// An `example` embedded in a spec, and the message it illustrates.
#[derive(Debug, Clone)]
pub struct SpecExample {
    pub api: Api,
    /// Where the example sits in the spec.
    pub pointer: String,
    pub target: Target,
    pub media_type: String,
    pub value: serde_json::Value,
}

impl SpecExample {
    /// The payload as JSON: form examples (a string) decoded first, as
    /// the runtime validator of their message decodes form bodies.
    pub fn payload(&self, runtime: &Validator) -> Result<serde_json::Value, NotJson> {
        match &self.value {
            serde_json::Value::String(body) if self.media_type.contains("form-urlencoded") => {
                runtime.decode_form(body.as_bytes())
            }
            other => Ok(other.clone()),
        }
    }
}

/// Every example of a request body, response, callback body or component
/// schema in the spec (`example`, and each `examples` entry's `value`).
pub fn spec_examples(api: Api) -> Vec<SpecExample> {
    use serde_json::Value;
    let raw = &api.spec().raw;
    let mut out = Vec::new();
    let paths = raw.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let at = format!("/paths/{}/{method}", escape_segment(path));
            let request = Target::Request {
                operation: id.clone(),
            };
            media_examples(api, &format!("{at}/requestBody"), &request, &mut out);
            for status in keys(operation.get("responses")) {
                let target = Target::Response {
                    operation: id.clone(),
                    status: status.clone(),
                };
                media_examples(
                    api,
                    &format!("{at}/responses/{}", escape_segment(&status)),
                    &target,
                    &mut out,
                );
            }
            for name in keys(operation.get("callbacks")) {
                let callback_at = format!("{at}/callbacks/{}", escape_segment(&name));
                let target = Target::Callback {
                    operation: id.clone(),
                    callback: name.clone(),
                };
                for expression in keys(raw.pointer(&callback_at)) {
                    for callback_method in METHODS {
                        let body = format!(
                            "{callback_at}/{}/{callback_method}/requestBody",
                            escape_segment(&expression)
                        );
                        media_examples(api, &body, &target, &mut out);
                    }
                }
            }
        }
    }
    for name in keys(raw.pointer("/components/schemas")) {
        let at = format!("/components/schemas/{}/example", escape_segment(&name));
        if let Some(value) = raw.pointer(&at) {
            out.push(SpecExample {
                api,
                pointer: at,
                target: Target::Schema(name),
                media_type: "application/json".into(),
                value: value.clone(),
            });
        }
    }
    out
}

fn media_examples(api: Api, at: &str, target: &Target, out: &mut Vec<SpecExample>) {
    let raw = &api.spec().raw;
    let Some(node) = follow_ref(raw, at) else {
        return;
    };
    for media_type in keys(node.get("content")) {
        let media_at = format!("{at}/content/{}", escape_segment(&media_type));
        let mut found: Vec<(String, &serde_json::Value)> = Vec::new();
        if let Some(example) = raw.pointer(&format!("{media_at}/example")) {
            found.push((format!("{media_at}/example"), example));
        }
        for name in keys(raw.pointer(&format!("{media_at}/examples"))) {
            let example_at = format!("{media_at}/examples/{}", escape_segment(&name));
            if let Some(value) = follow_ref(raw, &example_at).and_then(|e| e.get("value")) {
                found.push((format!("{example_at}/value"), value));
            }
        }
        for (pointer, value) in found {
            out.push(SpecExample {
                api,
                pointer,
                target: target.clone(),
                media_type: media_type.clone(),
                value: value.clone(),
            });
        }
    }
}

/// The node at `at`, after following `$ref`s to components.
fn follow_ref<'v>(raw: &'v serde_json::Value, at: &str) -> Option<&'v serde_json::Value> {
    let mut node = raw.pointer(at)?;
    for _ in 0..8 {
        match node.get("$ref").and_then(serde_json::Value::as_str) {
            Some(reference) => node = raw.pointer(reference.strip_prefix('#')?)?,
            None => return Some(node),
        }
    }
    None
}

fn keys(node: Option<&serde_json::Value>) -> Vec<String> {
    node.and_then(serde_json::Value::as_object)
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every documented payload of `message`: its fixtures (form bodies
/// decoded) and the spec's examples of it, whatever their verdict.
pub fn documented_payloads(api: Api, message: Message<'_>) -> Vec<serde_json::Value> {
    let runtime = api.runtime(message, Options::default());
    let mut payloads = Vec::new();
    for fixture in fixtures() {
        if Api::of_spec(&fixture.spec) != api || fixture.message() != message {
            continue;
        }
        let bytes = fixture.bytes();
        let payload = if fixture.is_json() {
            serde_json::from_slice(&bytes).ok()
        } else {
            runtime.decode_form(&bytes).ok()
        };
        payloads.extend(payload);
    }
    for example in spec_examples(api) {
        if message_of(&example.target) == message {
            payloads.extend(example.payload(&runtime).ok());
        }
    }
    payloads
}

/// The README's Rust code blocks, compiled (and, unless `no_run`, run) as
/// doc tests, so the guides cannot drift from the SDK.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeGuides;
