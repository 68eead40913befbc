//! Model → webhook signature verification (`webhooks.rs` of an API module),
//! for APIs whose spec declares `x-webhook-signature`. The work is done by
//! the crate's `webhooks` runtime module; this file binds it to the API's
//! header, algorithm and body type.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident, inner_doc, string_literal};
use crate::model::{ApiModel, SignatureAlgorithm, SignatureEncoding, WebhookSignature};

pub fn emit_webhooks(model: &ApiModel) -> Option<TokenStream> {
    let signature = model.webhook_signature.as_ref()?;
    let mut about = format!(
        "Verification of signed webhooks ({}): the `{}` header of a delivery holds {} of the raw request body, keyed with the webhook's secret.\n\n\
         Verify the bytes exactly as received, before parsing them: a body parsed and serialised again no longer matches its signature.",
        model.title,
        signature.header,
        scheme_words(signature)
    );
    if let Some(description) = &signature.doc {
        about.push_str("\n\n");
        about.push_str(description);
    }
    let module_doc = inner_doc(&about);
    let header = string_literal(&signature.header);
    let header_doc = doc(Some(&format!(
        "The header that carries the signature (`{}`); header names are case-insensitive.",
        signature.header
    )));
    let verify = match (signature.algorithm, signature.encoding) {
        (SignatureAlgorithm::HmacSha256, SignatureEncoding::Hex) => quote!(
            crate::webhooks::verify_hmac_sha256_hex(body, signature, secret, SIGNATURE_HEADER)
        ),
    };
    let parse = signature.payload.as_ref().map(|payload| {
        let ty = ident(payload);
        let docs = doc(Some(&format!(
            "Verifies the signature (see [`verify_signature`]), then parses the body as [`{payload}`]. Parsing is lenient, as for responses: values the spec does not list yet are kept, not refused."
        )));
        quote! {
            #docs
            pub fn verify_webhook(body: &[u8], signature: Option<&str>, secret: &[u8]) -> Result<super::models::#ty, WebhookError> {
                verify_signature(body, signature, secret)?;
                crate::support::parse(body).map_err(WebhookError::Payload)
            }
        }
    });
    Some(quote! {
        #module_doc

        pub use crate::webhooks::WebhookError;

        #header_doc
        pub const SIGNATURE_HEADER: &str = #header;

        /// Checks the signature of a delivery: `body` is the request body
        /// exactly as received, `signature` the value of [`SIGNATURE_HEADER`]
        /// (`None` when the header is absent), `secret` the webhook's secret.
        /// The comparison runs in constant time.
        pub fn verify_signature(body: &[u8], signature: Option<&str>, secret: &[u8]) -> Result<(), WebhookError> {
            #verify
        }

        #parse
    })
}

fn scheme_words(signature: &WebhookSignature) -> &'static str {
    match (signature.algorithm, signature.encoding) {
        (SignatureAlgorithm::HmacSha256, SignatureEncoding::Hex) => {
            "the HMAC-SHA256, in lowercase hexadecimal,"
        }
    }
}
