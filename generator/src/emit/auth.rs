//! The client's credentials, applied once per set of security schemes:
//! operations that send the same schemes share one private method
//! (`authenticate`), so each operation's code says which, not how.
//!
//! When some operation lists alternative requirements (`security:
//! [{basic: []}, {bearer: []}]`, or `{}` for "none needed"), every
//! credential is optional and each method sends the first requirement
//! the caller's credentials meet, in the spec's order; when none is met
//! (and none is `{}`), the request is not sent.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{ident, string_literal};
use crate::model::{ApiModel, Operation, SecurityKind, SecurityScheme};

/// One operation's requirements: alternatives, each a set of scheme keys.
type Requirements = Vec<Vec<String>>;

/// The distinct requirements the operations have, in first-use order,
/// and the name of the method that applies each.
pub(super) struct AuthHelpers {
    sets: Vec<(Requirements, Ident)>,
    /// Some operation lists alternatives, so credentials are optional.
    alternatives: bool,
}

impl AuthHelpers {
    pub fn of(model: &ApiModel) -> Self {
        let alternatives = model.has_security_alternatives();
        let mut keys: Vec<Requirements> = Vec::new();
        for op in &model.operations {
            let set = requirements(model, op, alternatives);
            if set.iter().any(|r| !r.is_empty()) && !keys.contains(&set) {
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
                    let alternatives: Vec<String> = set
                        .iter()
                        .map(|requirement| {
                            let names: Vec<&str> = schemes(model, requirement)
                                .map(|s| s.rust_name.as_str())
                                .collect();
                            if names.is_empty() {
                                "none".to_owned()
                            } else {
                                names.join("_and_")
                            }
                        })
                        .collect();
                    format_ident!("authenticate_with_{}", alternatives.join("_or_"))
                };
                (set, name)
            })
            .collect();
        Self { sets, alternatives }
    }

    /// Whether every field of `Credentials` is optional.
    pub fn optional_credentials(&self) -> bool {
        self.alternatives
    }

    /// The expression that adds `op`'s credentials to `request`, if it
    /// sends any (with `?` when a request can lack them).
    pub fn apply(&self, model: &ApiModel, op: &Operation, request: TokenStream) -> TokenStream {
        let set = requirements(model, op, self.alternatives);
        match self.sets.iter().find(|(keys, _)| *keys == set) {
            Some((_, name)) if self.alternatives => quote!(self.#name(#request)?),
            Some((_, name)) => quote!(self.#name(#request)),
            None => request,
        }
    }

    /// The private methods, one per set.
    pub fn methods(&self, model: &ApiModel) -> TokenStream {
        let methods = self.sets.iter().map(|(keys, name)| {
            if self.alternatives {
                return first_met(model, keys, name);
            }
            let schemes: Vec<&SecurityScheme> = keys
                .iter()
                .flatten()
                .filter_map(|key| scheme(model, key))
                .collect();
            let statements = schemes.iter().map(|scheme| {
                let field = ident(&scheme.rust_name);
                statement(scheme, &quote!(self.credentials.#field))
            });
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

/// The method for alternatives: the first requirement met is sent.
fn first_met(model: &ApiModel, alternatives: &Requirements, name: &Ident) -> TokenStream {
    let mut described = Vec::new();
    let mut arms = Vec::new();
    // `{}` anywhere lets the request go without; credentials held for
    // another alternative are still sent.
    let anonymous = alternatives.iter().any(Vec::is_empty);
    for requirement in alternatives.iter().filter(|r| !r.is_empty()) {
        let schemes: Vec<&SecurityScheme> = schemes(model, requirement).collect();
        let listed: Vec<String> = schemes.iter().map(|s| format!("`{}`", s.key)).collect();
        described.push(listed.join(" and "));
        let bindings: Vec<Ident> = schemes.iter().map(|s| ident(&s.rust_name)).collect();
        let statements = schemes
            .iter()
            .zip(&bindings)
            .map(|(scheme, binding)| statement(scheme, &quote!(#binding)));
        let (pattern, held) = match bindings.as_slice() {
            [one] => (quote!(Some(#one)), quote!(&self.credentials.#one)),
            many => (
                quote!((#(Some(#many)),*)),
                quote!((#(&self.credentials.#many),*)),
            ),
        };
        arms.push(quote! {
            if let #pattern = #held {
                #(#statements)*
                return Ok(request);
            }
        });
    }
    let (docs, last) = if anonymous {
        (
            format!(
                " Adds the credentials of the first of these the client holds: {}; else none, as the operation allows.",
                described.join("; or ")
            ),
            quote!(Ok(request)),
        )
    } else {
        let refusal = string_literal(&format!(
            "the client holds the credentials of none of the operation's security requirements ({})",
            described.join("; or ")
        ));
        (
            format!(
                " Adds the credentials of the first of these the client holds: {}; without any, the request is not sent.",
                described.join("; or ")
            ),
            quote!(Err(Error::InvalidRequest(#refusal.to_owned()))),
        )
    };
    let request = if arms.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    quote! {
        #[doc = #docs]
        fn #name(&self, #request: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
            #(#arms)*
            #last
        }
    }
}

/// `op`'s requirements as sent: with alternatives, each requirement
/// whose schemes are all defined (an undefined one cannot be met);
/// without, the defined schemes of the first.
fn requirements(model: &ApiModel, op: &Operation, alternatives: bool) -> Requirements {
    if !alternatives {
        let first: Vec<String> = model.applied_schemes(op).map(|s| s.key.clone()).collect();
        return vec![first];
    }
    op.security
        .iter()
        .filter(|requirement| requirement.iter().all(|key| scheme(model, key).is_some()))
        .cloned()
        .collect()
}

fn scheme<'m>(model: &'m ApiModel, key: &str) -> Option<&'m SecurityScheme> {
    model.security_schemes.iter().find(|s| s.key == key)
}

fn schemes<'m>(
    model: &'m ApiModel,
    keys: &'m [String],
) -> impl Iterator<Item = &'m SecurityScheme> + 'm {
    keys.iter().filter_map(|key| scheme(model, key))
}

/// `request = request…;` sending one scheme's credentials.
/// `value` is the credential (a `Secret`, or `BasicCredentials`).
fn statement(scheme: &SecurityScheme, value: &TokenStream) -> TokenStream {
    match &scheme.kind {
        SecurityKind::ApiKeyHeader { header } => {
            let header = string_literal(header);
            quote!(request = request.header(#header, #value.expose());)
        }
        SecurityKind::ApiKeyQuery { parameter } => {
            let parameter = string_literal(parameter);
            quote!(request = request.query(&[(#parameter, #value.expose())]);)
        }
        SecurityKind::HttpBasic => quote! {
            request = request.basic_auth(
                #value.username.expose(),
                Some(#value.password.expose()),
            );
        },
        SecurityKind::HttpBearer => {
            quote!(request = request.bearer_auth(#value.expose());)
        }
        SecurityKind::ApiKeyCookie { name } => {
            let prefix = string_literal(&format!("{name}="));
            quote! {
                request = request.header(
                    reqwest::header::COOKIE,
                    format!("{}{}", #prefix, #value.expose()),
                );
            }
        }
        SecurityKind::HttpOther { scheme } => {
            let prefix = string_literal(&format!("{scheme} "));
            quote! {
                request = request.header(
                    reqwest::header::AUTHORIZATION,
                    format!("{}{}", #prefix, #value.expose()),
                );
            }
        }
    }
}
