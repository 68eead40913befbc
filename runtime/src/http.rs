//! Runtime support for the generated HTTP clients: credentials that never
//! print, typed errors, and the single place requests are sent.

use std::fmt;
use std::time::Duration;

use crate::redact::{self, mask};
use crate::support::Violations;

/// How long a request may take before it is abandoned, unless the client
/// builder says otherwise. Bounded, so a stuck connection cannot hang a
/// checkout forever.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A credential. Its `Debug` output never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The raw value, for putting on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

/// HTTP basic credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    pub username: Secret,
    pub password: Secret,
}

impl BasicCredentials {
    pub fn new(username: impl Into<Secret>, password: impl Into<Secret>) -> Self {
        BasicCredentials {
            username: username.into(),
            password: password.into(),
        }
    }

    /// A user name with an empty password, as APIs that take a secret key
    /// as the user name expect.
    pub fn username_only(username: impl Into<Secret>) -> Self {
        Self::new(username, "")
    }
}

/// Everything that can go wrong with a call. Secrets never appear in it:
/// credentials are not kept, and secret fields in bodies are masked.
#[derive(Debug)]
pub enum Error {
    /// The request broke the spec's constraints; nothing was sent.
    Validation(Violations),
    /// The request could not be built (a bad base URL or header value);
    /// nothing was sent.
    InvalidRequest(String),
    /// No response before the timeout. When `outcome_unknown` is true the
    /// provider may have acted on the request (a payment may have gone
    /// through): look it up before trying again.
    Timeout {
        method: String,
        url: String,
        outcome_unknown: bool,
    },
    /// The connection failed. `outcome_unknown` as for [`Error::Timeout`].
    Transport {
        method: String,
        url: String,
        outcome_unknown: bool,
        source: reqwest::Error,
    },
    /// A status the spec does not document for this operation.
    UnexpectedStatus { status: u16, body: String },
    /// A documented status whose body does not fit the documented schema.
    Decode {
        status: u16,
        body: String,
        message: String,
    },
}

impl Error {
    /// True when the request may have reached the provider and been acted
    /// on. The client never retries such a request by itself.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Error::Timeout {
                outcome_unknown, ..
            }
            | Error::Transport {
                outcome_unknown, ..
            } => *outcome_unknown,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(violations) => write!(
                f,
                "request not sent, it breaks the API contract: {violations}"
            ),
            Error::InvalidRequest(message) => write!(f, "request not sent: {message}"),
            Error::Timeout {
                method,
                url,
                outcome_unknown,
            } => {
                write!(f, "{method} {url} timed out")?;
                if *outcome_unknown {
                    f.write_str("; outcome unknown, the provider may have processed it")?;
                }
                Ok(())
            }
            Error::Transport {
                method,
                url,
                outcome_unknown,
                source,
            } => {
                write!(f, "{method} {url} failed: {source}")?;
                if *outcome_unknown {
                    f.write_str("; outcome unknown, the provider may have processed it")?;
                }
                Ok(())
            }
            Error::UnexpectedStatus { status, body } => {
                write!(f, "undocumented status {status}: {body}")
            }
            Error::Decode {
                status,
                body,
                message,
            } => {
                write!(
                    f,
                    "status {status} body does not match the spec ({message}): {body}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(violations) => Some(violations),
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Runs a method's checks of its arguments (`checks` adds violations
/// under the root location) before anything is sent: any violation is
/// `Error::Validation`, and no request is made.
pub fn check_arguments(
    checks: impl FnOnce(&crate::support::Location<'_>, &mut Vec<crate::support::Violation>),
) -> Result<(), Error> {
    let root = crate::support::Location::root();
    let mut violations = Vec::new();
    checks(&root, &mut violations);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(Violations(violations)))
    }
}

/// [`check_arguments`] for a method whose only argument with checks is
/// its body.
pub fn check_body<T: crate::support::Validate + ?Sized>(body: &T) -> Result<(), Error> {
    check_arguments(|root, out| body.collect_violations(root, out))
}

/// A response as received: status and raw body.
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
    /// Wire names of the API's secret fields, masked in error messages.
    secret_fields: &'static [&'static str],
}

impl RawResponse {
    /// Parses a documented response body.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        crate::support::parse(&self.body).map_err(|e| Error::Decode {
            status: self.status,
            body: masked_body(&self.body, self.secret_fields),
            message: e.to_string(),
        })
    }

    /// The error for a status the spec does not document.
    pub fn unexpected(&self) -> Error {
        Error::UnexpectedStatus {
            status: self.status,
            body: masked_body(&self.body, self.secret_fields),
        }
    }
}

/// Sends a request once (never retried here) and reads the whole body;
/// `secret_fields` are masked in any error about the response.
pub async fn send(
    request: reqwest::RequestBuilder,
    method: &str,
    url: &str,
    secret_fields: &'static [&'static str],
) -> Result<RawResponse, Error> {
    // GET, HEAD and OPTIONS change nothing; anything else might have.
    let may_have_acted = !matches!(method, "GET" | "HEAD" | "OPTIONS");
    let failed = |source: reqwest::Error| {
        let outcome_unknown = may_have_acted && !source.is_connect() && !source.is_builder();
        if source.is_timeout() {
            Error::Timeout {
                method: method.to_owned(),
                url: url.to_owned(),
                outcome_unknown,
            }
        } else {
            Error::Transport {
                method: method.to_owned(),
                url: url.to_owned(),
                outcome_unknown,
                source: source.without_url(),
            }
        }
    };
    let response = request.send().await.map_err(failed)?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(failed)?;
    Ok(RawResponse {
        status,
        body: body.to_vec(),
        secret_fields,
    })
}

/// The body as text for an error message: the values of secret fields
/// masked (all of them, when a secret field holds an object or an array),
/// whatever looks like a card number or a credential redacted anywhere
/// else (see [`crate::redact`]), and long bodies cut.
pub fn masked_body(body: &[u8], secret_fields: &[&str]) -> String {
    const LIMIT: usize = 4096;
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            mask_values(&mut value, secret_fields, false);
            value.to_string()
        }
        Err(_) => redact::redact(&String::from_utf8_lossy(body)).into_owned(),
    };
    if text.len() > LIMIT {
        let cut = (0..=LIMIT)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        format!("{}… ({} bytes)", &text[..cut], body.len())
    } else {
        text
    }
}

/// Masks `value` whole when `secret`, else redacts look-alike secrets in
/// it, and goes on into its members (under a secret field, all secret).
fn mask_values(value: &mut serde_json::Value, secret_fields: &[&str], secret: bool) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, mut child) in std::mem::take(map) {
                let child_secret = secret || secret_fields.contains(&key.as_str());
                mask_values(&mut child, secret_fields, child_secret);
                map.insert(redact::redact(&key).into_owned(), child);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| mask_values(item, secret_fields, secret)),
        Value::String(text) if secret => *text = mask(text).trim_matches('"').to_owned(),
        Value::String(text) => {
            if let std::borrow::Cow::Owned(redacted) = redact::redact(text) {
                *text = redacted;
            }
        }
        Value::Number(number) => {
            let digits = number.to_string();
            if secret {
                *value = Value::String(mask(&digits).trim_matches('"').to_owned());
            } else if let std::borrow::Cow::Owned(redacted) = redact::redact(&digits) {
                *value = Value::String(redacted);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

/// Percent-encodes one path segment.
pub fn path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes a body as `application/x-www-form-urlencoded`, nested objects as
/// `outer[inner]=value`.
pub fn form_body<T: serde::Serialize>(body: &T) -> Result<String, Error> {
    // Form encoding percent-encodes the brackets too, as browsers and the
    // providers' own samples do.
    serde_qs::Config::new()
        .use_form_encoding(true)
        .serialize_string(body)
        // The form serializer of the HTML standard writes a space as `+`; a
        // literal "%20" in the data was itself encoded to "%2520".
        .map(|encoded| encoded.replace("%20", "+"))
        .map_err(|e| Error::InvalidRequest(format!("cannot form-encode the body: {e}")))
}

/// A fresh idempotency key (a random UUID), for APIs that take one on
/// requests that change something. Make one per logical operation and send
/// the same key again when retrying that operation, never a new one.
pub fn fresh_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}
