//! Signed webhooks for specs that declare `x-webhook-signature` (see
//! `generator/src/model/webhooks.rs`): when an action changes a stored
//! resource's state, an event of the declared payload schema is posted to
//! `--webhook-url`, signed as the extension says. Which event: the value
//! `<resource>.<new state>` of a string-enum property of the payload
//! (`payment.captured` for a `Payment` whose status became `captured`),
//! where `<resource>` is the resource schema's component name in snake
//! case; the resource goes into the payload property of the resource's
//! schema, else into its first free-form object property. A state with no
//! such event sends nothing.

use std::sync::atomic::{AtomicU64, Ordering};

use hmac::{Hmac, Mac};
use openapi_sdkgen::front::{Additional, Api, SchemaId, SchemaType, Schemas};
use openapi_sdkgen::validate::Sender;
use openapi_sdkgen::Spec;
use serde_json::Value;
use sha2::Sha256;

use crate::error::MockError;
use crate::generate;
use crate::state::Change;

/// Where webhooks go and with which secret.
#[derive(Debug, Clone)]
pub struct WebhookTarget {
    pub url: String,
    pub secret: String,
}

/// The signing scheme of a spec, ready to sign events.
#[derive(Debug)]
pub struct Webhooks {
    pub target: WebhookTarget,
    /// The header that carries the signature.
    pub header: String,
    payload: SchemaId,
    base: Value,
    sent: AtomicU64,
}

/// One event to deliver: its name, body bytes and signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: String,
    pub body: Vec<u8>,
    pub signature: String,
}

impl Webhooks {
    /// Reads the spec's `x-webhook-signature`; an error when it is absent
    /// or asks for signing the mock does not do.
    pub fn new(
        spec: &Spec,
        api: &Api,
        target: WebhookTarget,
        seed: u64,
    ) -> Result<Self, MockError> {
        let Some(extension) = spec.raw.get("x-webhook-signature") else {
            return Err(MockError::Webhooks("it is absent".to_owned()));
        };
        let text = |key: &str| extension.get(key).and_then(Value::as_str);
        for (key, wanted) in [
            ("algorithm", "hmac-sha256"),
            ("encoding", "hex"),
            ("signed", "raw-body"),
        ] {
            if text(key) != Some(wanted) {
                return Err(MockError::Webhooks(format!("`{key}` must be `{wanted}`")));
            }
        }
        let header =
            text("header").ok_or_else(|| MockError::Webhooks("it names no `header`".to_owned()))?;
        let payload_name = text("payload")
            .ok_or_else(|| MockError::Webhooks("it names no `payload` schema".to_owned()))?;
        let payload = api
            .components
            .iter()
            .find(|(name, _)| name == payload_name)
            .map(|(_, id)| *id)
            .ok_or_else(|| MockError::Webhooks(format!("no component `{payload_name}`")))?;
        Ok(Webhooks {
            target,
            header: header.to_owned(),
            payload,
            base: generate::example(spec, &api.schemas, payload, Sender::Provider, seed),
            sent: AtomicU64::new(0),
        })
    }

    /// The event `change` calls for, signed; `None` when the payload
    /// schema names no event for it.
    pub fn event(&self, schemas: &Schemas, change: &Change) -> Option<Event> {
        let kind = snake_case(schemas.get(change.schema).component.as_deref()?);
        let name = format!("{kind}.{}", change.to);
        let payload = schemas.get(self.payload);
        let (type_property, _) = payload.properties.iter().find(|(_, id)| {
            schemas
                .get(*id)
                .enumeration
                .as_ref()
                .is_some_and(|values| values.iter().any(|v| v.as_str() == Some(&name)))
        })?;
        let data_property = payload
            .properties
            .iter()
            .find(|(_, id)| *id == change.schema)
            .or_else(|| {
                payload
                    .properties
                    .iter()
                    .find(|(_, id)| is_free_form(schemas, *id))
            })
            .map(|(property, _)| property.clone());
        let mut event = self.base.clone();
        let serial = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        if let Value::Object(map) = &mut event {
            map.insert(type_property.clone(), Value::String(name.clone()));
            if let Some(data) = data_property {
                map.insert(data, change.resource.clone());
            }
            if let Some(Value::String(id)) = map.get_mut("id") {
                id.push_str(&format!("-{serial}"));
            }
        }
        let body = serde_json::to_vec(&event).ok()?;
        let signature = sign(self.target.secret.as_bytes(), &body)?;
        Some(Event {
            name,
            body,
            signature,
        })
    }
}

/// Lower-case hexadecimal HMAC-SHA256 of `body`.
pub fn sign(secret: &[u8], body: &[u8]) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(body);
    Some(hex::encode(mac.finalize().into_bytes()))
}

fn is_free_form(schemas: &Schemas, id: SchemaId) -> bool {
    let schema = schemas.get(id);
    schema.schema_type == Some(SchemaType::Object)
        && schema.properties.is_empty()
        && schema.additional_properties != Additional::Allowed(false)
}

/// `SecureToken` → `secure_token`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (index, c) in name.chars().enumerate() {
        if c.is_uppercase() && index > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_lowercase_hex_hmac_sha256() {
        // RFC 4231, test case 2.
        let signature = sign(b"Jefe", b"what do ya want for nothing?").expect("signs");
        assert_eq!(
            signature,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn component_names_become_snake_case_event_prefixes() {
        assert_eq!(snake_case("Payment"), "payment");
        assert_eq!(snake_case("SecureToken"), "secure_token");
    }
}
