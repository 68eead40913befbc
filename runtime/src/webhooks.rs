//! Runtime support for signed webhooks: the bytes received, the signature
//! header and the shared secret in, a verdict out. Needs no HTTP stack, so
//! it works with `default-features = false` in any web framework.
//!
//! Verify the body exactly as it arrived: parsing it and serialising it
//! again changes whitespace, key order or number formats, and the
//! signature no longer matches.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::support::PayloadError;

/// Why a webhook delivery was refused. Nothing in it repeats the secret or
/// the signature.
#[derive(Debug)]
pub enum WebhookError {
    /// The delivery has no signature header: it was not sent by the
    /// provider, or something on the way dropped the header.
    MissingSignature { header: &'static str },
    /// The header holds no signature of the expected form (not hexadecimal,
    /// or not as long as the algorithm's output).
    MalformedSignature { header: &'static str },
    /// The secret is empty: a configuration mistake, refused so that an
    /// unset secret never accepts anything.
    EmptySecret,
    /// The signature does not fit the body and the secret: the body was
    /// changed (re-serialised, say), or the secret is not this webhook's.
    /// The two cannot be told apart, by design of an HMAC.
    SignatureMismatch,
    /// The signature is right but the body is not the documented event.
    Payload(PayloadError),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature { header } => write!(f, "webhook refused: no {header} header"),
            WebhookError::MalformedSignature { header } => {
                write!(f, "webhook refused: the {header} header is not a signature of the expected form")
            }
            WebhookError::EmptySecret => f.write_str("webhook refused: the webhook secret is empty"),
            WebhookError::SignatureMismatch => {
                f.write_str("webhook refused: the signature does not match the body (body changed or wrong secret)")
            }
            WebhookError::Payload(error) => write!(f, "webhook signature valid, but the body does not parse: {error}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Payload(error) => Some(error),
            _ => None,
        }
    }
}

/// Checks that `signature` (the header's value, `None` when the header is
/// absent) is the hexadecimal HMAC-SHA256 of `body` keyed with `secret`.
/// The comparison takes the same time wherever the first difference is
/// (`Mac::verify_slice`), so timing reveals nothing about the right value.
pub fn verify_hmac_sha256_hex(
    body: &[u8],
    signature: Option<&str>,
    secret: &[u8],
    header: &'static str,
) -> Result<(), WebhookError> {
    let signature = signature.ok_or(WebhookError::MissingSignature { header })?;
    if secret.is_empty() {
        return Err(WebhookError::EmptySecret);
    }
    let expected =
        hex::decode(signature.trim()).map_err(|_| WebhookError::MalformedSignature { header })?;
    if expected.len() != 32 {
        return Err(WebhookError::MalformedSignature { header });
    }
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| WebhookError::EmptySecret)?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| WebhookError::SignatureMismatch)
}
