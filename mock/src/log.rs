//! What the mock saw: every request with its verdict, and every callback
//! or webhook it sent.

use serde_json::{json, Value};

/// One way a request broke the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// `path`, `query`, `header`, `cookie`, `body` or `security`.
    pub location: &'static str,
    /// The parameter's name; `None` for the body and for credentials.
    pub name: Option<String>,
    /// RFC 6901 pointer into the value (`""` is the whole value).
    pub pointer: String,
    /// The JSON Schema keyword that failed, or `required`, `syntax`,
    /// `contentType`, `credentials`.
    pub rule: String,
    /// The whole sentence; secrets masked as `cargo xtask validate` masks them.
    pub message: String,
}

impl Issue {
    pub fn to_json(&self) -> Value {
        json!({
            "in": self.location,
            "name": self.name,
            "pointer": self.pointer,
            "rule": self.rule,
            "message": self.message,
        })
    }
}

/// What the mock decided about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It fits the spec and was answered from it.
    Valid,
    /// It breaks the spec; every issue found.
    Invalid(Vec<Issue>),
    /// The credentials the operation's security needs are not there.
    MissingCredentials(Vec<Issue>),
    /// No path template matches.
    UnknownPath,
    /// The path exists, not with this method.
    UnknownMethod,
}

impl Verdict {
    /// Whether the request broke the spec (what `--fail-on-invalid` counts).
    pub fn breaks_spec(&self) -> bool {
        !matches!(self, Verdict::Valid)
    }

    /// `valid`, `invalid`, ...: for log lines.
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid(_) => "invalid",
            Verdict::MissingCredentials(_) => "missing credentials",
            Verdict::UnknownPath => "unknown path",
            Verdict::UnknownMethod => "method not allowed",
        }
    }
}

/// One request, as answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    /// The path and query as received.
    pub target: String,
    /// The operationId, or `METHOD /template` for an operation without one.
    pub operation: Option<String>,
    pub status: u16,
    pub verdict: Verdict,
}

impl std::fmt::Display for RequestRecord {
    /// `POST /payments → 200 createPayment: valid`, then one indented line
    /// per issue.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let operation = self.operation.as_deref().unwrap_or("-");
        write!(
            f,
            "{} {} → {} {operation}: {}",
            self.method,
            shown(&self.target),
            self.status,
            self.verdict.label()
        )?;
        if let Verdict::Invalid(issues) | Verdict::MissingCredentials(issues) = &self.verdict {
            for issue in issues {
                write!(f, "\n  {}", shown(&issue.message))?;
            }
        }
        Ok(())
    }
}

/// Text from a request, for one log line: hidden characters escaped,
/// card numbers and credentials redacted.
fn shown(text: &str) -> String {
    openapi_sdkgen::redact::redact(&openapi_sdkgen::text::visible_line(text)).into_owned()
}

/// A callback or webhook the mock sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `callback paymentResult of createThreeDsPayment`, `webhook payment.captured`.
    pub what: String,
    pub url: String,
    /// The receiver's status, or why nothing was delivered.
    pub outcome: Result<u16, String>,
}
