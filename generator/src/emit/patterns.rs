//! Names for the `pattern`s of an API: one `static` per distinct pattern,
//! named after where it is first used (`SECURE_TOKEN_REQUEST_CURRENCY`),
//! so generated checks read as what they check.

use heck::ToShoutySnakeCase;
use indexmap::IndexMap;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{ident, string_literal};
use crate::model::{ApiModel, TypeDef, TypeExpr, TypeKind, TypeRef};

/// Every pattern of an API and the name of its `static`, in the order
/// they are first met (types first, then operation parameters): the same
/// model always gets the same names.
#[derive(Debug, Default)]
pub struct PatternNames {
    names: IndexMap<String, String>,
}

impl PatternNames {
    pub fn of(model: &ApiModel) -> Self {
        let mut names = PatternNames::default();
        for def in &model.types {
            visit_type(def, &mut |place, expr| names.add(place, expr));
        }
        for op in &model.operations {
            for p in &op.parameters {
                let place = format!("{} {}", op.rust_name, p.rust_name);
                walk(&place, &p.expr, &mut |place, expr| names.add(place, expr));
            }
        }
        names
    }

    fn add(&mut self, place: &str, expr: &TypeExpr) {
        let Some(pattern) = &expr.constraints.pattern else {
            return;
        };
        if self.names.contains_key(pattern) {
            return;
        }
        let wanted = match place.to_shouty_snake_case() {
            name if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) => {
                format!("PATTERN_{name}")
            }
            name => name,
        };
        let mut name = wanted.clone();
        let mut suffix = 2;
        while self.names.values().any(|taken| *taken == name) {
            name = format!("{wanted}_{suffix}");
            suffix += 1;
        }
        self.names.insert(pattern.clone(), name);
    }

    /// The `static` holding `pattern`.
    pub fn ident(&self, pattern: &str) -> Ident {
        // Every pattern of the model was named in `of`.
        ident(self.names.get(pattern).map_or("PATTERN", String::as_str))
    }

    /// The `static` items for `patterns`, in naming order.
    pub fn statics<'a>(&self, patterns: impl IntoIterator<Item = &'a String>) -> TokenStream {
        let wanted: Vec<&String> = patterns.into_iter().collect();
        let statics = self
            .names
            .iter()
            .filter(|(pattern, _)| wanted.contains(pattern))
            .map(|(pattern, name)| {
                let name = ident(name);
                let literal = pattern_literal(pattern);
                quote!(static #name: Pattern = Pattern::new(#literal);)
            });
        quote!(#(#statics)*)
    }
}

/// A pattern as a raw string (`r"^\d+$"`), as a person writes one, when
/// it can be: visible ASCII and letters or digits only (no hidden or
/// direction-changing characters in the source), without the `"#` that
/// would end `r#"…"#`, and one literal token. Otherwise an escaped string
/// literal.
fn pattern_literal(pattern: &str) -> TokenStream {
    let plain = pattern
        .chars()
        .all(|c| (' '..='~').contains(&c) || c.is_alphanumeric());
    let raw = if !plain || pattern.contains("\"#") {
        None
    } else if pattern.contains('"') {
        Some(format!("r#\"{pattern}\"#"))
    } else {
        Some(format!("r\"{pattern}\""))
    };
    let parsed = raw.and_then(|text| text.parse::<TokenStream>().ok());
    match parsed.filter(|tokens| tokens.clone().into_iter().count() == 1) {
        Some(literal) => literal,
        None => {
            let literal = string_literal(pattern);
            quote!(#literal)
        }
    }
}

/// Every pattern used by the types of `model`.
pub fn type_patterns(model: &ApiModel) -> Vec<String> {
    let mut patterns = Vec::new();
    for def in &model.types {
        visit_type(def, &mut |_, expr| {
            if let Some(p) = &expr.constraints.pattern {
                if !patterns.contains(p) {
                    patterns.push(p.clone());
                }
            }
        });
    }
    patterns
}

/// Calls `visit` with every type expression of `def` and a name for the
/// place it sits (`Type field`, `Type field item`).
fn visit_type(def: &TypeDef, visit: &mut impl FnMut(&str, &TypeExpr)) {
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                walk(
                    &format!("{} {}", def.name, field.rust_name),
                    &field.expr,
                    visit,
                );
            }
            if let Some(expr) = &s.additional {
                walk(&format!("{} value", def.name), expr, visit);
            }
        }
        TypeKind::Union(u) => {
            for variant in &u.variants {
                walk(
                    &format!("{} {}", def.name, variant.rust_name),
                    &variant.expr,
                    visit,
                );
            }
        }
        TypeKind::Newtype(expr) => walk(&def.name, expr, visit),
        TypeKind::StringEnum(_) | TypeKind::Alias(_) => {}
    }
}

fn walk(place: &str, expr: &TypeExpr, visit: &mut impl FnMut(&str, &TypeExpr)) {
    visit(place, expr);
    match &expr.ty {
        TypeRef::Array(inner) => walk(&format!("{place} item"), inner, visit),
        TypeRef::Map(inner) => walk(&format!("{place} value"), inner, visit),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::pattern_literal;

    #[test]
    fn patterns_are_raw_strings_unless_they_could_leave_one() {
        assert_eq!(pattern_literal(r"^\d{3}$").to_string(), r#"r"^\d{3}$""#);
        assert_eq!(
            pattern_literal(r#"^"[^"]*"$"#).to_string(),
            r###"r#"^"[^"]*"$"#"###
        );
        assert_eq!(pattern_literal("^東京$").to_string(), r#"r"^東京$""#);
        let breakout = pattern_literal(r##"a"#); fn evil() {} //"##).to_string();
        assert!(
            breakout.starts_with('"') && breakout.contains(r##"\"#"##),
            "{breakout}"
        );
        let hidden = pattern_literal("a\u{202e}b\n").to_string();
        assert!(
            hidden.starts_with('"') && !hidden.contains('\n'),
            "{hidden}"
        );
    }
}
