//! What the contract tests share: the fixture manifest, and a way to reach
//! the generated module of the spec a fixture belongs to.

use std::path::{Path, PathBuf};

use jp_payment_gateways::{komoju, paymentoptions, Message, MessageVisitor, PayloadError};
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
