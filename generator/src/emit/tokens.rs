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
    indent_list_continuations(&visible(text))
        .into_iter()
        .map(|line| format!(" {}", line.trim_end()))
        .collect()
}

/// Markdown lets a list item's or a quote's text continue on an
/// unindented line without `>` ("lazy continuation"); rustdoc renders it
/// the same, but clippy asks for the indentation or the `>`. Specs write
/// such text, so continuation lines get them. Code fences are left as
/// they are.
fn indent_list_continuations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut item_indent: Option<usize> = None;
    let mut in_fence = false;
    let mut in_quote = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            item_indent = None;
        }
        if in_fence || trimmed.is_empty() {
            item_indent = None;
            in_quote = false;
            out.push(line.to_owned());
            continue;
        }
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with('>') {
            in_quote = true;
            out.push(line.to_owned());
            continue;
        }
        if in_quote {
            // A quote's lazy continuation: the `>` it implies, written.
            out.push(format!("> {trimmed}"));
            continue;
        }
        if let Some(marker) = list_marker_width(trimmed) {
            item_indent = Some(indent + marker);
            out.push(line.to_owned());
            continue;
        }
        match item_indent {
            Some(wanted) if indent < wanted => {
                out.push(format!("{}{trimmed}", " ".repeat(wanted)));
            }
            _ => out.push(line.to_owned()),
        }
    }
    out
}

/// The width of a list item's marker and the space after it (`- `, `* `,
/// `+ `, `1. `, `12) `), or `None` when the line is no list item.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits <= 9 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
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
        TypeRef::Bytes => quote!(Vec<u8>),
    }
}

/// The type of an array item or map value: `Option<T>` when it may be null.
pub fn nullable_type(expr: &TypeExpr) -> TokenStream {
    let inner = value_type(expr);
    if expr.admits_null() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_and_quotes_continued_lazily_get_their_indentation() {
        let text = "Kinds:\n- card: a card\npayment\n12. twelve\nmore\n\nafter\n```\n- a\nb\n```\n> note\nlazy\n\nend";
        assert_eq!(
            indent_list_continuations(text),
            [
                "Kinds:",
                "- card: a card",
                "  payment",
                "12. twelve",
                "    more",
                "",
                "after",
                "```",
                "- a",
                "b",
                "```",
                "> note",
                "> lazy",
                "",
                "end",
            ]
        );
    }
}
