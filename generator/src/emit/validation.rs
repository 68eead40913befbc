//! Model → `impl Validate` for every type (`validation.rs` of an API module).
//!
//! The checks mirror the spec's constraints one to one; nested values are
//! visited with a borrowed [`Location`] chain so a valid payload allocates
//! nothing. The client checks its path, query and header arguments with
//! the same code ([`Checks::value`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::patterns::{type_patterns, PatternNames};
use super::tokens::{f64_literal, ident, string_literal, usize_literal};
use crate::model::{ApiModel, Field, Format, Struct, TypeDef, TypeExpr, TypeKind, TypeRef};

pub fn emit_validation(model: &ApiModel) -> super::Items<'_> {
    let names = PatternNames::of(model);
    let patterns = type_patterns(model);
    let uses_formats = model.types.iter().any(|def| {
        let mut found = false;
        visit_exprs(def, &mut |expr| found |= expr.constraints.format.is_some());
        found
    });
    let format_import = uses_formats.then(|| {
        quote!(
            use crate::formats::Format;
        )
    });
    let pattern = (!patterns.is_empty()).then(|| quote!(Pattern,));
    // Built before the imports, which name `check` only when a check
    // uses it. One impl per type: small next to the models themselves.
    let impls: Vec<TokenStream> = model
        .types
        .iter()
        .filter_map(|def| {
            Checks {
                patterns: &names,
                imported: true,
            }
            .validate_impl(def)
        })
        .collect();
    if impls.is_empty() {
        return Box::new(std::iter::empty());
    }
    let check = impls
        .iter()
        .any(|i| mentions(i, "check"))
        .then(|| quote!(check,));
    let preamble = quote! {
        use super::models::*;
        #format_import
        use crate::support::{#check Location, #pattern Validate, Violation};
    };
    let statics = names.statics(&patterns);
    Box::new([preamble, statics].into_iter().chain(impls))
}

/// Whether `tokens` use `name` as a path's first segment (`check::…`),
/// not merely an identifier spelled so (a field called `check`).
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    let trees: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
    trees.iter().enumerate().any(|(index, tree)| match tree {
        proc_macro2::TokenTree::Ident(ident) => {
            ident == name
                && matches!(trees.get(index + 1), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':')
                && !matches!(index.checked_sub(1).and_then(|i| trees.get(i)), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':')
        }
        proc_macro2::TokenTree::Group(group) => mentions(&group.stream(), name),
        _ => false,
    })
}

/// Builds the checks of values. Emitted code adds violations to `out`
/// (a `&mut Vec<Violation>`), and finds each pattern in the `static`
/// that `patterns` names.
pub(super) struct Checks<'a> {
    pub patterns: &'a PatternNames,
    /// Whether `check`, `Location`, `Validate` and `Format` are imported
    /// where the checks go (`validation.rs`) or named by path (the client).
    pub imported: bool,
}

impl Checks<'_> {
    fn validate_impl(&self, def: &TypeDef) -> Option<TokenStream> {
        let name = ident(&def.name);
        let body = match &def.kind {
            TypeKind::Alias(_) => return None,
            TypeKind::Struct(s) => self.struct_checks(s, def.sensitive),
            TypeKind::StringEnum(values) => {
                let known = values.iter().map(|v| string_literal(&v.wire));
                let at = if def.sensitive {
                    quote!(&at.secret())
                } else {
                    quote!(at)
                };
                quote! {
                    if let #name::Unknown(value) = self {
                        check::unknown_variant(value, &[#(#known),*], #at, out);
                    }
                }
            }
            TypeKind::Union(union) => {
                let checks: Vec<TokenStream> = union
                    .variants
                    .iter()
                    .map(|v| self.item(&v.expr, quote!(value), 0, quote!(at), false))
                    .collect();
                // Members with nothing to check need no match at all.
                if checks.iter().all(TokenStream::is_empty) {
                    quote!()
                } else {
                    let arms = union.variants.iter().zip(checks).map(|(v, checks)| {
                        let variant = ident(&v.rust_name);
                        if checks.is_empty() {
                            quote!(#name::#variant(_) => {})
                        } else {
                            quote!(#name::#variant(value) => { #checks })
                        }
                    });
                    quote! {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            }
            TypeKind::Newtype(expr) => {
                let checks = self.value_at(expr, quote!(value), 0, quote!(at), false);
                if checks.is_empty() {
                    checks
                } else {
                    quote!(let value = &self.0; #checks)
                }
            }
        };
        let uses = !body.is_empty();
        let (at, out) = if uses {
            (quote!(at), quote!(out))
        } else {
            (quote!(_at), quote!(_out))
        };
        // A deprecated field is still checked while it is sent.
        let reads_deprecated = matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
            && uses;
        let allow = reads_deprecated.then(|| quote!(#[allow(deprecated)]));
        Some(quote! {
            #allow
            impl Validate for #name {
                fn collect_violations(&self, #at: &Location<'_>, #out: &mut Vec<Violation>) {
                    #body
                }
            }
        })
    }

    fn struct_checks(&self, s: &Struct, sensitive: bool) -> TokenStream {
        let count = (s.min_properties.is_some() || s.max_properties.is_some())
            .then(|| property_count_checks(s, sensitive));
        let fields = s.fields.iter().map(|f| self.field(f));
        let additional = s.additional.as_ref().and_then(|expr| {
            let checks = self.item(expr, quote!(value), 0, quote!(&at), false);
            (!checks.is_empty()).then(|| {
                quote! {
                    for (key, value) in &self.additional_properties {
                        let at = at.key(key);
                        #checks
                    }
                }
            })
        });
        quote!(#count #(#fields)* #additional)
    }

    fn field(&self, f: &Field) -> TokenStream {
        let checks = self.value(&f.expr, quote!(value), 0);
        if checks.is_empty() {
            return checks;
        }
        let name = ident(&f.rust_name);
        let wire = string_literal(&f.wire_name);
        let secret = f.expr.sensitive.then(|| quote!(.secret()));
        let nullable = f.expr.admits_null();
        match (f.required, nullable) {
            (true, false) => quote! {
                {
                    let at = at.key(#wire)#secret;
                    let value = &self.#name;
                    #checks
                }
            },
            (true, true) | (false, false) => quote! {
                if let Some(value) = &self.#name {
                    let at = at.key(#wire)#secret;
                    #checks
                }
            },
            (false, true) => quote! {
                if let Some(Some(value)) = &self.#name {
                    let at = at.key(#wire)#secret;
                    #checks
                }
            },
        }
    }

    /// Checks on a value (`value`, a reference) at the location `at`, a
    /// field or an argument: a secret one's `at` is already secret.
    pub(super) fn value(&self, expr: &TypeExpr, value: TokenStream, depth: usize) -> TokenStream {
        self.value_at(expr, value, depth, quote!(&at), expr.sensitive)
    }

    /// Checks on one value (`value` is a reference expression). A secret
    /// value is checked at a secret location (unless `secret_above` made it
    /// one already), so violations there and below show masked values.
    fn value_at(
        &self,
        expr: &TypeExpr,
        value: TokenStream,
        depth: usize,
        at: TokenStream,
        secret_above: bool,
    ) -> TokenStream {
        if secret_above || !expr.sensitive {
            return self.constraints(expr, value, depth, at, secret_above);
        }
        let secret_at = format_ident!("secret_at{}", depth);
        let checks = self.constraints(expr, value, depth, quote!(&#secret_at), true);
        if checks.is_empty() {
            return checks;
        }
        let location = self.support(quote!(Location));
        quote!(let #secret_at = #location::secret(#at); #checks)
    }

    /// The checks of `expr`'s constraints; `secret` when `at` is secret.
    fn constraints(
        &self,
        expr: &TypeExpr,
        value: TokenStream,
        depth: usize,
        at: TokenStream,
        secret: bool,
    ) -> TokenStream {
        let c = &expr.constraints;
        let check = self.support(quote!(check));
        let location = self.support(quote!(Location));
        let mut checks = Vec::new();
        match &expr.ty {
            TypeRef::String => {
                if let Some(max) = c.max_length {
                    let max = usize_literal(max);
                    checks.push(quote!(#check::max_length(#value, #max, #at, out);));
                }
                if let Some(min) = c.min_length {
                    let min = usize_literal(min);
                    checks.push(quote!(#check::min_length(#value, #min, #at, out);));
                }
                if let Some(pattern) = &c.pattern {
                    let regex = self.patterns.ident(pattern);
                    checks.push(quote!(#check::pattern(#value, &#regex, #at, out);));
                }
                if let Some(format) = c.format {
                    let format = format_variant(format);
                    let format = if self.imported {
                        quote!(Format::#format)
                    } else {
                        quote!(crate::formats::Format::#format)
                    };
                    checks.push(quote!(#check::format(#value, #format, #at, out);));
                }
            }
            TypeRef::Integer(_) | TypeRef::Number(_) => {
                if let Some(bound) = c.minimum {
                    let (limit, exclusive) = (f64_literal(bound.value), bound.exclusive);
                    checks.push(quote!(#check::minimum(*#value, #limit, #exclusive, #at, out);));
                }
                if let Some(bound) = c.maximum {
                    let (limit, exclusive) = (f64_literal(bound.value), bound.exclusive);
                    checks.push(quote!(#check::maximum(*#value, #limit, #exclusive, #at, out);));
                }
                if let Some(factor) = c.multiple_of {
                    let factor = f64_literal(factor);
                    checks.push(quote!(#check::multiple_of(*#value, #factor, #at, out);));
                }
                if !c.allowed.is_empty() {
                    let allowed = c
                        .allowed
                        .iter()
                        .filter_map(|v| v.to_string().parse::<TokenStream>().ok());
                    checks.push(quote!(#check::one_of(#value, &[#(#allowed),*], #at, out);));
                }
            }
            TypeRef::Array(items) => {
                if let Some(max) = c.max_items {
                    let max = usize_literal(max);
                    checks.push(quote!(#check::max_items(#value.len(), #max, #at, out);));
                }
                if let Some(min) = c.min_items {
                    let min = usize_literal(min);
                    checks.push(quote!(#check::min_items(#value.len(), #min, #at, out);));
                }
                if c.unique_items {
                    checks.push(quote!(#check::unique_items(#value, #at, out);));
                }
                let item = format_ident!("item{}", depth);
                let inner_at = format_ident!("at{}", depth);
                let inner = self.item(items, quote!(#item), depth + 1, quote!(&#inner_at), secret);
                if !inner.is_empty() {
                    checks.push(quote! {
                        for (index, #item) in #value.iter().enumerate() {
                            let #inner_at = #location::index(#at, index);
                            #inner
                        }
                    });
                }
            }
            TypeRef::Map(values) => {
                if let Some(max) = c.max_properties {
                    let max = usize_literal(max);
                    checks.push(quote!(#check::max_properties(#value.len(), #max, #at, out);));
                }
                if let Some(min) = c.min_properties {
                    let min = usize_literal(min);
                    checks.push(quote!(#check::min_properties(#value.len(), #min, #at, out);));
                }
                let item = format_ident!("entry{}", depth);
                let inner_at = format_ident!("at{}", depth);
                let inner = self.item(values, quote!(#item), depth + 1, quote!(&#inner_at), secret);
                if !inner.is_empty() {
                    checks.push(quote! {
                        for (key, #item) in #value {
                            let #inner_at = #location::key(#at, key);
                            #inner
                        }
                    });
                }
            }
            TypeRef::Named(_) if self.imported => {
                checks.push(quote!(#value.collect_violations(#at, out);));
            }
            TypeRef::Named(_) => {
                checks.push(quote!(crate::support::Validate::collect_violations(#value, #at, out);))
            }
            // Any JSON value; `enum: [null]` allows only `null`.
            TypeRef::Any if !c.allowed.is_empty() => {
                let allowed = c
                    .allowed
                    .iter()
                    .filter_map(|v| v.to_string().parse::<TokenStream>().ok());
                checks.push(
                    quote!(#check::one_of(#value, &[#(serde_json::json!(#allowed)),*], #at, out);),
                );
            }
            TypeRef::Boolean | TypeRef::Any | TypeRef::Bytes => {}
        }
        quote!(#(#checks)*)
    }

    /// `name` from `crate::support`, as it can be written where the checks go.
    fn support(&self, name: TokenStream) -> TokenStream {
        if self.imported {
            name
        } else {
            quote!(crate::support::#name)
        }
    }

    /// Checks on an array item, map value or union member, which may be null.
    fn item(
        &self,
        expr: &TypeExpr,
        value: TokenStream,
        depth: usize,
        at: TokenStream,
        secret_above: bool,
    ) -> TokenStream {
        let checks = self.value_at(expr, value.clone(), depth, at, secret_above);
        if checks.is_empty() || !expr.admits_null() {
            return checks;
        }
        quote! {
            if let Some(#value) = #value {
                #checks
            }
        }
    }
}

/// `minProperties`/`maxProperties` of a struct: the properties an object
/// has are its required fields, the optional ones that are present (a
/// `null` one included) and its additional properties.
fn property_count_checks(s: &Struct, sensitive: bool) -> TokenStream {
    let always = s.fields.iter().filter(|f| f.required).count();
    let varies = s.fields.iter().any(|f| !f.required) || s.additional.is_some();
    let mut terms = Vec::new();
    // No `0 + …`, which would read as a mistake.
    if always > 0 || !varies {
        let always = proc_macro2::Literal::usize_unsuffixed(always);
        terms.push(quote!(#always));
    }
    terms.extend(s.fields.iter().filter(|f| !f.required).map(|f| {
        let name = ident(&f.rust_name);
        quote!(usize::from(self.#name.is_some()))
    }));
    if s.additional.is_some() {
        terms.push(quote!(self.additional_properties.len()));
    }
    let at = if sensitive {
        quote!(&at.secret())
    } else {
        quote!(at)
    };
    let mut checks = vec![quote!(let properties = #(#terms)+*;)];
    if let Some(max) = s.max_properties {
        let max = usize_literal(max);
        checks.push(quote!(check::max_properties(properties, #max, #at, out);));
    }
    if let Some(min) = s.min_properties {
        let min = usize_literal(min);
        checks.push(quote!(check::min_properties(properties, #min, #at, out);));
    }
    quote!(#(#checks)*)
}

fn format_variant(format: Format) -> proc_macro2::Ident {
    ident(&format!("{format:?}"))
}

/// Calls `visit` with every type expression of `def`, nested ones included.
pub(super) fn visit_exprs(def: &TypeDef, visit: &mut impl FnMut(&TypeExpr)) {
    fn walk(expr: &TypeExpr, visit: &mut impl FnMut(&TypeExpr)) {
        visit(expr);
        match &expr.ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => walk(inner, visit),
            _ => {}
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| walk(&f.expr, visit));
            if let Some(expr) = &s.additional {
                walk(expr, visit);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.expr, visit)),
        TypeKind::Newtype(expr) => walk(expr, visit),
        TypeKind::StringEnum(_) | TypeKind::Alias(_) => {}
    }
}
