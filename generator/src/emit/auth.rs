//! The client's credentials, applied once per set of security schemes:
//! operations that send the same schemes share one private method
//! (`authenticate`), so each operation's code says which, not how.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{ident, string_literal};
use crate::model::{ApiModel, Operation, SecurityKind, SecurityScheme};

/// The distinct sets of schemes the operations send, in first-use order,
/// and the name of the method that applies each.
pub(super) struct AuthHelpers {
    sets: Vec<(Vec<String>, Ident)>,
}

impl AuthHelpers {
    pub fn of(model: &ApiModel) -> Self {
        let mut keys: Vec<Vec<String>> = Vec::new();
        for op in &model.operations {
            let set: Vec<String> = model.applied_schemes(op).map(|s| s.key.clone()).collect();
            if !set.is_empty() && !keys.contains(&set) {
                keys.push(set);
            }
        }
        let single = keys.len() == 1;
        let sets = keys
            .into_iter()
            .map(|set| {
                let name = if single {
                    format_ident!("authenticate")
                } else {
                    let names: Vec<&str> = set
                        .iter()
                        .filter_map(|key| model.security_schemes.iter().find(|s| &s.key == key))
                        .map(|s| s.rust_name.as_str())
                        .collect();
                    format_ident!("authenticate_with_{}", names.join("_and_"))
                };
                (set, name)
            })
            .collect();
        Self { sets }
    }

    /// The method that adds `op`'s credentials to a request, if it sends any.
    pub fn helper_for(&self, model: &ApiModel, op: &Operation) -> Option<&Ident> {
        let set: Vec<String> = model.applied_schemes(op).map(|s| s.key.clone()).collect();
        self.sets
            .iter()
            .find(|(keys, _)| *keys == set)
            .map(|(_, name)| name)
    }

    /// The private methods, one per set.
    pub fn methods(&self, model: &ApiModel) -> TokenStream {
        let methods = self.sets.iter().map(|(keys, name)| {
            let schemes: Vec<&SecurityScheme> = keys
                .iter()
                .filter_map(|key| model.security_schemes.iter().find(|s| &s.key == key))
                .collect();
            let statements = schemes.iter().map(|scheme| statement(scheme));
            let listed: Vec<String> = schemes.iter().map(|s| format!("`{}`", s.key)).collect();
            let docs = format!(" Adds the credentials of {}.", listed.join(" and "));
            quote! {
                #[doc = #docs]
                fn #name(&self, mut request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                    #(#statements)*
                    request
                }
            }
        });
        quote!(#(#methods)*)
    }
}

/// `request = request…;` sending one scheme's credentials.
fn statement(scheme: &SecurityScheme) -> TokenStream {
    let field = ident(&scheme.rust_name);
    match &scheme.kind {
        SecurityKind::ApiKeyHeader { header } => {
            let header = string_literal(header);
            quote!(request = request.header(#header, self.credentials.#field.expose());)
        }
        SecurityKind::ApiKeyQuery { parameter } => {
            let parameter = string_literal(parameter);
            quote!(request = request.query(&[(#parameter, self.credentials.#field.expose())]);)
        }
        SecurityKind::HttpBasic => quote! {
            request = request.basic_auth(
                self.credentials.#field.username.expose(),
                Some(self.credentials.#field.password.expose()),
            );
        },
        SecurityKind::HttpBearer => {
            quote!(request = request.bearer_auth(self.credentials.#field.expose());)
        }
        SecurityKind::ApiKeyCookie { name } => {
            let prefix = string_literal(&format!("{name}="));
            quote! {
                request = request.header(
                    reqwest::header::COOKIE,
                    format!("{}{}", #prefix, self.credentials.#field.expose()),
                );
            }
        }
        SecurityKind::HttpOther { scheme } => {
            let prefix = string_literal(&format!("{scheme} "));
            quote! {
                request = request.header(
                    reqwest::header::AUTHORIZATION,
                    format!("{}{}", #prefix, self.credentials.#field.expose()),
                );
            }
        }
    }
}
