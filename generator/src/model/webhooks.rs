//! `x-webhook-signature` (our extension at the document's root) →
//! [`WebhookSignature`]: how a provider signs the webhooks it sends, so the
//! emitter can write a verifier for it.
//!
//! ```yaml
//! x-webhook-signature:
//!   header: X-Komoju-Signature   # the header carrying the signature
//!   algorithm: hmac-sha256       # the only algorithm supported so far
//!   encoding: hex                # lowercase hexadecimal
//!   signed: raw-body             # the body's bytes exactly as received
//!   payload: WebhookEvent        # optional: components.schemas key of the body
//!   description: ...             # optional: where the secret comes from
//! ```

use serde_json::Value;

use super::{SignatureAlgorithm, SignatureEncoding, TypeDef, WebhookSignature};
use crate::error::{SpecError, SpecErrorKind};
use crate::load::{escape_segment, Spec};

const POINTER: &str = "/x-webhook-signature";

/// The signing scheme the spec declares, if any.
pub(super) fn webhook_signature(
    spec: &Spec,
    api: &crate::front::Api,
    types: &[TypeDef],
) -> Result<Option<WebhookSignature>, SpecError> {
    let key = &POINTER[1..];
    let Some((_, node)) = api.extensions.iter().find(|(k, _)| k == key) else {
        return Ok(None);
    };
    let Some(object) = node.as_object() else {
        return Err(shape(spec, POINTER, "a mapping"));
    };
    let header = required_text(spec, object, "header")?;
    let algorithm = match required_text(spec, object, "algorithm")? {
        "hmac-sha256" => SignatureAlgorithm::HmacSha256,
        _ => return Err(unsupported(spec, "algorithm", "`hmac-sha256`")),
    };
    let encoding = match required_text(spec, object, "encoding")? {
        "hex" => SignatureEncoding::Hex,
        _ => return Err(unsupported(spec, "encoding", "`hex`")),
    };
    if required_text(spec, object, "signed")? != "raw-body" {
        return Err(unsupported(spec, "signed", "`raw-body`"));
    }
    if !is_header_name(header) {
        let at = format!("{POINTER}/header");
        return Err(shape(
            spec,
            &at,
            "an HTTP header name (letters, digits, `-`)",
        ));
    }
    let payload = match object.get("payload") {
        None => None,
        Some(Value::String(key)) => Some(payload_type(spec, types, key)?),
        Some(_) => return Err(shape(spec, &format!("{POINTER}/payload"), "a string")),
    };
    let doc = match object.get("description") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => return Err(shape(spec, &format!("{POINTER}/description"), "a string")),
    };
    Ok(Some(WebhookSignature {
        header: header.to_owned(),
        algorithm,
        encoding,
        payload,
        doc,
    }))
}

/// The Rust name of the component schema `key`.
fn payload_type(spec: &Spec, types: &[TypeDef], key: &str) -> Result<String, SpecError> {
    let pointer = format!("/components/schemas/{}", escape_segment(key));
    match types.iter().find(|def| def.pointer == pointer) {
        Some(def) => Ok(def.name.clone()),
        None => {
            let kind = SpecErrorKind::DanglingRef {
                reference: format!("#{pointer}"),
            };
            Err(spec.error(format!("{POINTER}/payload"), kind))
        }
    }
}

fn required_text<'a>(
    spec: &Spec,
    object: &'a serde_json::Map<String, Value>,
    key: &str,
) -> Result<&'a str, SpecError> {
    match object.get(key) {
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(shape(spec, &format!("{POINTER}/{key}"), "a string")),
        None => Err(shape(spec, POINTER, &format!("a `{key}` entry"))),
    }
}

/// An RFC 9110 token made of the characters header names use in practice.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn shape(spec: &Spec, pointer: &str, expected: &str) -> SpecError {
    let kind = SpecErrorKind::Shape(format!("x-webhook-signature: expected {expected} here"));
    spec.error(pointer, kind)
}

fn unsupported(spec: &Spec, key: &str, expected: &str) -> SpecError {
    let kind = SpecErrorKind::Unsupported {
        construct: format!("this x-webhook-signature `{key}`"),
        expected: expected.to_owned(),
    };
    spec.error(format!("{POINTER}/{key}"), kind)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::build_model;

    const BASE: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Event: {type: object, properties: {id: {type: string}}}\n";

    fn build(extension: &str) -> Result<Option<WebhookSignature>, SpecError> {
        let text = format!("{BASE}x-webhook-signature:\n{extension}");
        let spec = crate::load::load_str(Path::new("hooks.yaml"), &text)?;
        build_model(&spec).map(|built| built.model.webhook_signature)
    }

    const VALID: &str = "  header: X-Signature\n  algorithm: hmac-sha256\n  encoding: hex\n  signed: raw-body\n  payload: Event\n";

    #[test]
    fn a_declared_scheme_is_in_the_model_with_its_payload_type() {
        let signature = build(VALID).expect("builds").expect("declared");
        assert_eq!(signature.header, "X-Signature");
        assert_eq!(signature.algorithm, SignatureAlgorithm::HmacSha256);
        assert_eq!(signature.encoding, SignatureEncoding::Hex);
        assert_eq!(signature.payload.as_deref(), Some("Event"));
    }

    #[test]
    fn a_spec_without_the_extension_signs_nothing() {
        let spec = crate::load::load_str(Path::new("plain.yaml"), BASE).expect("loads");
        assert_eq!(
            build_model(&spec).expect("builds").model.webhook_signature,
            None
        );
    }

    #[test]
    fn an_unsupported_algorithm_is_an_error_at_its_key() {
        let error = build(&VALID.replace("hmac-sha256", "hmac-md5")).expect_err("refused");
        assert_eq!(error.pointer, "/x-webhook-signature/algorithm");
        assert!(error.to_string().contains("hmac-sha256"), "{error}");
    }

    #[test]
    fn a_payload_naming_no_schema_is_a_dangling_reference() {
        let error = build(&VALID.replace("payload: Event", "payload: Nope")).expect_err("refused");
        assert_eq!(error.pointer, "/x-webhook-signature/payload");
        assert!(
            matches!(*error.kind, SpecErrorKind::DanglingRef { .. }),
            "{error}"
        );
    }

    #[test]
    fn a_header_name_that_could_break_out_of_a_string_is_refused() {
        let error =
            build(&VALID.replace("X-Signature", "'X\"); evil(); (\"'")).expect_err("refused");
        assert_eq!(error.pointer, "/x-webhook-signature/header");
    }

    #[test]
    fn a_missing_entry_is_named() {
        let error = build(&VALID.replace("  signed: raw-body\n", "")).expect_err("refused");
        assert!(error.to_string().contains("`signed`"), "{error}");
    }
}
