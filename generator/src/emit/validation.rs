//! Model → `impl Validate` for every type (`validation.rs` of an API module).
//!
//! The checks mirror the spec's constraints one to one; nested values are
//! visited with a borrowed [`Location`] chain so a valid payload allocates
//! nothing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{f64_literal, ident, string_literal, usize_literal};
use crate::model::{ApiModel, Field, TypeDef, TypeExpr, TypeKind, TypeRef};

pub fn emit_validation(model: &ApiModel) -> super::Items<'_> {
    let preamble = quote! {
        use super::models::*;
        use crate::support::{check, Location, Validate, Violation};
    };
    let patterns = pattern_statics(model);
    Box::new(
        [preamble, patterns]
            .into_iter()
            .chain(model.types.iter().filter_map(validate_impl)),
    )
}

fn validate_impl(def: &TypeDef) -> Option<TokenStream> {
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Alias(_) => return None,
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(field_checks);
            let additional = s.additional.as_ref().and_then(|expr| {
                let checks = item_checks(expr, quote!(value), 0, quote!(&at), false);
                (!checks.is_empty()).then(|| {
                    quote! {
                        for (key, value) in &self.additional_properties {
                            let at = at.key(key);
                            #checks
                        }
                    }
                })
            });
            quote!(#(#fields)* #additional)
        }
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
            let arms = union.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                let checks = item_checks(&v.expr, quote!(value), 0, quote!(at), false);
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
        TypeKind::Newtype(expr) => {
            let checks = value_checks_at(expr, quote!(value), 0, quote!(at), false);
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
    Some(quote! {
        impl Validate for #name {
            fn collect_violations(&self, #at: &Location<'_>, #out: &mut Vec<Violation>) {
                #body
            }
        }
    })
}

fn field_checks(f: &Field) -> TokenStream {
    let checks = value_checks(&f.expr, quote!(value), 0);
    if checks.is_empty() {
        return checks;
    }
    let name = ident(&f.rust_name);
    let wire = string_literal(&f.wire_name);
    let secret = f.expr.sensitive.then(|| quote!(.secret()));
    let nullable = f.expr.nullable && f.expr.ty != TypeRef::Any;
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

/// Checks on a field's value; a secret field's `at` is already secret.
fn value_checks(expr: &TypeExpr, value: TokenStream, depth: usize) -> TokenStream {
    value_checks_at(expr, value, depth, quote!(&at), expr.sensitive)
}

/// Checks on one value (`value` is a reference expression). A secret value
/// is checked at a secret location (unless `secret_above` made it one
/// already), so violations there and below show masked values.
fn value_checks_at(
    expr: &TypeExpr,
    value: TokenStream,
    depth: usize,
    at: TokenStream,
    secret_above: bool,
) -> TokenStream {
    if secret_above || !expr.sensitive {
        return constraint_checks(expr, value, depth, at, secret_above);
    }
    let secret_at = format_ident!("secret_at{}", depth);
    let checks = constraint_checks(expr, value, depth, quote!(&#secret_at), true);
    if checks.is_empty() {
        return checks;
    }
    quote!(let #secret_at = Location::secret(#at); #checks)
}

/// The checks of `expr`'s constraints; `secret` when `at` is secret.
fn constraint_checks(
    expr: &TypeExpr,
    value: TokenStream,
    depth: usize,
    at: TokenStream,
    secret: bool,
) -> TokenStream {
    let c = &expr.constraints;
    let mut checks = Vec::new();
    match &expr.ty {
        TypeRef::String => {
            if let Some(max) = c.max_length {
                let max = usize_literal(max);
                checks.push(quote!(check::max_length(#value, #max, #at, out);));
            }
            if let Some(min) = c.min_length {
                let min = usize_literal(min);
                checks.push(quote!(check::min_length(#value, #min, #at, out);));
            }
            if let Some(pattern) = &c.pattern {
                let regex = pattern_ident(pattern);
                checks.push(quote!(check::pattern(#value, &#regex, #at, out);));
            }
        }
        TypeRef::Integer(_) | TypeRef::Number(_) => {
            if let Some(bound) = c.minimum {
                let (limit, exclusive) = (f64_literal(bound.value), bound.exclusive);
                checks.push(quote!(check::minimum(*#value, #limit, #exclusive, #at, out);));
            }
            if let Some(bound) = c.maximum {
                let (limit, exclusive) = (f64_literal(bound.value), bound.exclusive);
                checks.push(quote!(check::maximum(*#value, #limit, #exclusive, #at, out);));
            }
            if let Some(factor) = c.multiple_of {
                let factor = f64_literal(factor);
                checks.push(quote!(check::multiple_of(*#value, #factor, #at, out);));
            }
            if !c.allowed.is_empty() {
                let allowed = c
                    .allowed
                    .iter()
                    .filter_map(|v| v.to_string().parse::<TokenStream>().ok());
                checks.push(quote!(check::one_of(#value, &[#(#allowed),*], #at, out);));
            }
        }
        TypeRef::Array(items) => {
            if let Some(max) = c.max_items {
                let max = usize_literal(max);
                checks.push(quote!(check::max_items(#value.len(), #max, #at, out);));
            }
            if let Some(min) = c.min_items {
                let min = usize_literal(min);
                checks.push(quote!(check::min_items(#value.len(), #min, #at, out);));
            }
            let item = format_ident!("item{}", depth);
            let inner_at = format_ident!("at{}", depth);
            let inner = item_checks(items, quote!(#item), depth + 1, quote!(&#inner_at), secret);
            if !inner.is_empty() {
                checks.push(quote! {
                    for (index, #item) in #value.iter().enumerate() {
                        let #inner_at = Location::index(#at, index);
                        #inner
                    }
                });
            }
        }
        TypeRef::Map(values) => {
            let item = format_ident!("entry{}", depth);
            let inner_at = format_ident!("at{}", depth);
            let inner = item_checks(values, quote!(#item), depth + 1, quote!(&#inner_at), secret);
            if !inner.is_empty() {
                checks.push(quote! {
                    for (key, #item) in #value {
                        let #inner_at = Location::key(#at, key);
                        #inner
                    }
                });
            }
        }
        TypeRef::Named(_) => checks.push(quote!(#value.collect_violations(#at, out);)),
        TypeRef::Boolean | TypeRef::Any => {}
    }
    quote!(#(#checks)*)
}

/// Checks on an array item, map value or union member, which may be null.
fn item_checks(
    expr: &TypeExpr,
    value: TokenStream,
    depth: usize,
    at: TokenStream,
    secret_above: bool,
) -> TokenStream {
    let checks = value_checks_at(expr, value.clone(), depth, at, secret_above);
    if checks.is_empty() || !(expr.nullable && expr.ty != TypeRef::Any) {
        return checks;
    }
    quote! {
        if let Some(#value) = #value {
            #checks
        }
    }
}

/// One lazily compiled `Regex` per distinct pattern.
fn pattern_statics(model: &ApiModel) -> TokenStream {
    let mut patterns: Vec<String> = Vec::new();
    for def in &model.types {
        visit_exprs(def, &mut |expr| {
            if let Some(p) = &expr.constraints.pattern {
                if !patterns.contains(p) {
                    patterns.push(p.clone());
                }
            }
        });
    }
    let statics = patterns.iter().map(|pattern| {
        let name = pattern_ident(pattern);
        let literal = string_literal(pattern);
        quote! {
            // The generator compiled this pattern before emitting it.
            static #name: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| regex::Regex::new(#literal).expect("pattern checked at generation time"));
        }
    });
    quote!(#(#statics)*)
}

fn pattern_ident(pattern: &str) -> proc_macro2::Ident {
    // A stable name from the pattern text (FNV-1a), so output is deterministic.
    let hash = pattern.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format_ident!("PATTERN_{:016X}", hash)
}

fn visit_exprs(def: &TypeDef, visit: &mut impl FnMut(&TypeExpr)) {
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
