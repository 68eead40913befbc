//! Wire names → idiomatic, unique Rust names.

use std::collections::HashMap;

use heck::{ToPascalCase, ToSnakeCase};

/// Words Rust reserves; a name equal to one gets a trailing underscore
/// (`type` → `type_`), which reads better than `r#type` at call sites.
pub(crate) const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// `risk-details` → `risk_details`, `acceptHeader` → `accept_header`,
/// `type` → `type_`, `3ds` → `n3ds`. Characters Rust identifiers cannot
/// hold (emoji, punctuation) are left out, so every name is one rustc
/// accepts; the wire name stays in the serde rename.
pub fn rust_field_name(wire: &str) -> String {
    let mut name = identifier_characters(&wire.to_snake_case());
    if name.trim_matches('_').is_empty() {
        name = "value".to_owned();
    }
    if !name.starts_with(|c: char| c == '_' || unicode_ident::is_xid_start(c)) {
        name.insert(0, 'n');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `card-summary` → `CardSummary`, `PRE_AUTH` → `PreAuth`, `""` → `Empty`.
pub fn rust_type_name(wire: &str) -> String {
    let mut name = identifier_characters(&wire.to_pascal_case());
    if name.trim_matches('_').is_empty() {
        name = "Empty".to_owned();
    }
    if !name.starts_with(|c: char| c == '_' || unicode_ident::is_xid_start(c)) {
        name.insert(0, 'N');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// The characters of `name` an identifier may continue with.
fn identifier_characters(name: &str) -> String {
    name.chars()
        .filter(|&c| c == '_' || unicode_ident::is_xid_continue(c))
        .collect()
}

/// Names the generated code uses for itself, unqualified, in the modules
/// where spec types live: the prelude's types, traits and variants, and
/// the crate's own items (`Error`, `Client`, `Validate`, ...). A spec type
/// with one of these names would shadow it, so it is renamed by
/// [`type_name_for`].
const TAKEN_BY_GENERATED_CODE: &[&str] = &[
    // The prelude items generated code names (types, the traits whose
    // methods it calls, and the variants a tuple struct would shadow).
    "Box",
    "Clone",
    "Default",
    "Err",
    "From",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Some",
    "String",
    "ToOwned",
    "ToString",
    "Vec",
    // What the generated modules import or define besides spec types.
    "Client",
    "ClientBuilder",
    "Credentials",
    "Deserialize",
    "Error",
    "JsonSchema",
    "Location",
    "Message",
    "MessageVisitor",
    "Payload",
    "PayloadError",
    "Serialize",
    "Server",
    "Validate",
    "Violation",
    "Violations",
];

/// The name a spec type gets: its own, unless the generated code uses that
/// name itself; then `Model` goes in front (`Error` → `ModelError`, as
/// openapi-generator names it).
pub fn type_name_for(wanted: &str) -> std::borrow::Cow<'_, str> {
    if TAKEN_BY_GENERATED_CODE.contains(&wanted) {
        std::borrow::Cow::Owned(format!("Model{wanted}"))
    } else {
        std::borrow::Cow::Borrowed(wanted)
    }
}

/// Hands out names no other type has taken; a clash gets the smallest
/// numeric suffix free, so the result depends only on the order of calls.
#[derive(Debug, Default)]
pub struct NameRegistry {
    taken: HashMap<String, usize>,
}

impl NameRegistry {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned(), 1);
    }

    pub fn unique(&mut self, wanted: &str) -> String {
        if !self.taken.contains_key(wanted) {
            self.reserve(wanted);
            return wanted.to_owned();
        }
        let mut n = self.taken[wanted] + 1;
        loop {
            let candidate = format!("{wanted}{n}");
            if !self.taken.contains_key(&candidate) {
                self.taken.insert(wanted.to_owned(), n);
                self.reserve(&candidate);
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_idiomatic() {
        assert_eq!(rust_field_name("risk-details"), "risk_details");
        assert_eq!(rust_field_name("acceptHeader"), "accept_header");
        assert_eq!(rust_field_name("type"), "type_");
        assert_eq!(rust_field_name("ref"), "ref_");
        assert_eq!(rust_field_name("3ds"), "n3ds");
        assert_eq!(rust_type_name("PRE_AUTH"), "PreAuth");
        assert_eq!(rust_type_name("NEEDS_VERIFY"), "NeedsVerify");
        assert_eq!(rust_type_name(""), "Empty");
    }

    #[test]
    fn names_the_generated_code_uses_are_left_to_it() {
        assert_eq!(type_name_for("Error"), "ModelError");
        assert_eq!(type_name_for("String"), "ModelString");
        assert_eq!(type_name_for("Some"), "ModelSome");
        assert_eq!(type_name_for("Pet"), "Pet");
        assert_eq!(type_name_for("ErrorDetail"), "ErrorDetail");
    }

    #[test]
    fn every_name_is_a_rust_identifier() {
        for wire in ["4111 1111", "😀", "a😀b", "__", "-", "金額", "x.y/z", "1"] {
            let field = rust_field_name(wire);
            let ty = rust_type_name(wire);
            assert!(
                syn::parse_str::<syn::Ident>(&field).is_ok(),
                "{wire:?} → {field:?}"
            );
            assert!(
                syn::parse_str::<syn::Ident>(&ty).is_ok(),
                "{wire:?} → {ty:?}"
            );
        }
        assert_eq!(rust_field_name("a😀b"), "a_b");
        assert_eq!(rust_field_name("金額"), "金額");
        assert_eq!(rust_type_name("4111 1111"), "N41111111");
    }

    #[test]
    fn clashes_get_deterministic_suffixes() {
        let mut names = NameRegistry::default();
        assert_eq!(names.unique("Card"), "Card");
        assert_eq!(names.unique("Card"), "Card2");
        assert_eq!(names.unique("Card"), "Card3");
    }
}
