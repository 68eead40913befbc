//! Model → `check_payload` (`payloads.rs` of an API module): raw JSON in,
//! verdict out, through the compiled types. This is what merchants run in
//! CI over stored payloads, and what the contract tests compare with the
//! spec-driven validator.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{string_literal, value_type};
use crate::model::{ApiModel, TypeExpr, TypeRef};

pub fn emit_payloads(model: &ApiModel) -> TokenStream {
    let mut messages = Vec::new();
    let mut arms = Vec::new();
    let mut add = |message: TokenStream, expr: &TypeExpr| {
        // A body of another media type is no JSON message.
        if expr.ty == TypeRef::Bytes {
            return;
        }
        let ty = body_type(expr);
        arms.push(quote!(#message => Some(visitor.visit::<#ty>()),));
        messages.push(message);
    };
    // A schema reached through several `allOf`s can give several types at
    // one pointer; its message names the first.
    let mut keys = std::collections::HashSet::new();
    for def in &model.types {
        let Some(key) = def.pointer.strip_prefix("/components/schemas/") else {
            continue;
        };
        if !keys.insert(key) {
            continue;
        }
        let key = string_literal(&key.replace("~1", "/").replace("~0", "~"));
        let named = TypeExpr {
            ty: TypeRef::Named(def.name.clone()),
            nullable: false,
            sensitive: false,
            constraints: Default::default(),
        };
        add(quote!(Message::Schema(#key)), &named);
    }
    for op in &model.operations {
        let id = string_literal(&op.id);
        if let Some(body) = &op.body {
            add(quote!(Message::Request(#id)), &body.expr);
        }
        for response in &op.responses {
            if let Some(body) = &response.body {
                let status = string_literal(&response.status);
                add(quote!(Message::Response(#id, #status)), body);
            }
        }
        for callback in &op.callbacks {
            if let Some(body) = &callback.body {
                let name = string_literal(&callback.name);
                add(quote!(Message::Callback(#id, #name)), body);
            }
        }
    }
    // An API without messages (no schemas, no bodies) visits nothing.
    let (message, visitor, visit) = if arms.is_empty() {
        (quote!(_message), quote!(_visitor), quote!(None))
    } else {
        let visit = quote! {
            match message {
                #(#arms)*
                _ => None,
            }
        };
        (quote!(message), quote!(visitor), visit)
    };
    let models_import = (!model.types.is_empty()).then(|| {
        quote!(
            use super::models::*;
        )
    });
    quote! {
        #models_import
        use crate::support::{parse_and_validate, Message, MessageVisitor, PayloadError};

        /// Every message this API defines: components, then each
        /// operation's request, responses and callbacks.
        pub const MESSAGES: &[Message<'static>] = &[#(#messages),*];

        /// Calls `visitor` with the Rust type of `message`; `None` when the API
        /// has no such message.
        pub fn visit_message<V: MessageVisitor>(#message: Message<'_>, #visitor: V) -> Option<V::Output> {
            #visit
        }

        /// Parses `json` as `message` of this API and checks every constraint.
        pub fn check_payload(message: Message<'_>, json: &[u8]) -> Result<(), PayloadError> {
            visit_message(message, Check(json))
                .unwrap_or_else(|| Err(PayloadError::UnknownMessage(message.to_string())))
        }

        struct Check<'a>(&'a [u8]);

        impl MessageVisitor for Check<'_> {
            type Output = Result<(), PayloadError>;

            fn visit<T: crate::support::Payload>(self) -> Self::Output {
                parse_and_validate::<T>(self.0).map(drop)
            }
        }
    }
}

/// The Rust type a body parses into.
fn body_type(expr: &TypeExpr) -> TokenStream {
    let ty = value_type(expr);
    if expr.admits_null() {
        quote!(Option<#ty>)
    } else {
        ty
    }
}
