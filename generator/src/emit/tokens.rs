//! Small token builders shared by the emitters.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{IntegerFormat, NumberFormat, TypeExpr, TypeRef};
use crate::text::visible;

pub fn ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

/// `#[doc]` lines for a spec description; nothing when there is none.
/// Hidden characters become visible escapes ([`visible`]): `prettyplease`
/// prints doc attributes as `///` comments, with the text as it is.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` lines (module-level docs), escaped as [`doc`]'s.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// One ` line` per line of `text`, each starting with a space (so a line
/// starting with `/` or `!` stays a plain doc line) and without trailing
/// blanks.
fn doc_lines(text: &str) -> Vec<String> {
    visible(text)
        .lines()
        .map(|line| format!(" {}", line.trim_end()))
        .collect()
}

/// The Rust type of a value, before any `Option` for presence.
pub fn value_type(expr: &TypeExpr) -> TokenStream {
    match &expr.ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::String => quote!(String),
        TypeRef::Integer(IntegerFormat::Int32) => quote!(i32),
        TypeRef::Integer(IntegerFormat::Int64) => quote!(i64),
        TypeRef::Number(NumberFormat::Float) => quote!(f32),
        TypeRef::Number(NumberFormat::Double) => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Array(items) => {
            let items = nullable_type(items);
            quote!(Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = nullable_type(values);
            quote!(indexmap::IndexMap<String, #values>)
        }
        TypeRef::Any => quote!(serde_json::Value),
    }
}

/// The type of an array item or map value: `Option<T>` when it may be null.
pub fn nullable_type(expr: &TypeExpr) -> TokenStream {
    let inner = value_type(expr);
    if expr.nullable && expr.ty != TypeRef::Any {
        quote!(Option<#inner>)
    } else {
        inner
    }
}

pub fn string_literal(value: &str) -> Literal {
    Literal::string(value)
}

pub fn usize_literal(value: u64) -> Literal {
    Literal::usize_unsuffixed(value as usize)
}

/// An `f64` literal that always has a decimal point, so it types as float.
pub fn f64_literal(value: f64) -> Literal {
    Literal::f64_unsuffixed(value)
}
