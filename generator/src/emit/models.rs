//! Model → type definitions (`models.rs` of an API module).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident, nullable_type, string_literal, usize_literal, value_type};
use crate::model::{ApiModel, Field, Struct, TypeDef, TypeExpr, TypeKind, TypeRef, Union};

pub fn emit_models(model: &ApiModel) -> super::Items<'_> {
    // Every type derives or implements both; an API without types has
    // nothing to import.
    let imports = (!model.types.is_empty()).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    Box::new(imports.into_iter().chain(model.types.iter().map(type_def)))
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = doc(def.doc.as_deref());
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(&name, docs, s, def.sensitive),
        TypeKind::StringEnum(values) if def.sensitive => {
            let plain = string_enum(&name, docs, values, quote!());
            quote! {
                #plain
                impl std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        std::fmt::Debug::fmt(&crate::support::Redacted(self.as_str()), f)
                    }
                }
            }
        }
        TypeKind::StringEnum(values) => string_enum(&name, docs, values, quote!(Debug,)),
        TypeKind::Union(union) => union_type(&name, docs, union, def.sensitive),
        TypeKind::Newtype(expr) => {
            let inner = value_type(expr);
            let limits = schemars_limits(expr);
            let secret = def.sensitive || expr.holds_secret();
            let derive_debug = (!secret).then(|| quote!(Debug,));
            let debug_impl = secret.then(|| {
                let label = string_literal(&def.name);
                let shown = masked(expr, quote!(&self.0));
                quote! {
                    impl std::fmt::Debug for #name {
                        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                            f.debug_tuple(#label).field(#shown).finish()
                        }
                    }
                }
            });
            quote! {
                #docs
                #[derive(#derive_debug Clone, PartialEq, Serialize, Deserialize)]
                #[cfg_attr(feature = "payloads", derive(schemars::JsonSchema))]
                #[serde(transparent)]
                pub struct #name(#limits pub #inner);
                #debug_impl
            }
        }
        TypeKind::Alias(target) => {
            let target = ident(target);
            quote!(#docs pub type #name = #target;)
        }
    }
}

/// A string enum; `derive_debug` is empty when a masked `Debug` follows.
fn string_enum(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    values: &[crate::model::EnumValue],
    derive_debug: TokenStream,
) -> TokenStream {
    let variants = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = string_literal(&v.wire);
        quote!(#[serde(rename = #wire)] #variant,)
    });
    let as_str = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = string_literal(&v.wire);
        quote!(#name::#variant => #wire,)
    });
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
                #[cfg_attr(feature = "payloads", derive(schemars::JsonSchema))]
        pub enum #name {
            #(#variants)*
            /// A value this SDK does not know yet. Parsing keeps it so a new
            /// value from the provider does not break responses; `validate()`
            /// rejects it so it is never sent.
            #[serde(untagged)]
            #[cfg_attr(feature = "payloads", schemars(skip))]
            Unknown(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #name::Unknown(value) => value,
                }
            }
        }
    }
}

fn structure(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &Struct,
    sensitive: bool,
) -> TokenStream {
    let fields = s.fields.iter().map(field);
    let additional = s.additional.as_ref().map(|expr| {
        let value = nullable_type(expr);
        quote! {
            /// Properties beyond the declared ones, in the order received.
            #[serde(flatten)]
            pub additional_properties: indexmap::IndexMap<String, #value>,
        }
    });
    let has_secrets = sensitive
        || s.fields.iter().any(|f| f.expr.holds_secret())
        || s.additional.as_ref().is_some_and(TypeExpr::holds_secret);
    let derive_debug = if has_secrets {
        quote!()
    } else {
        quote!(Debug,)
    };
    let debug_impl = has_secrets.then(|| redacted_debug(name, s));
    let wire = s.fields.iter().any(|f| !f.required);
    let derive_deserialize = (!wire).then(|| quote!(Deserialize));
    let deserialize_impl = wire.then(|| wire_deserialize(name, s));
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, Serialize, #derive_deserialize)]
                #[cfg_attr(feature = "payloads", derive(schemars::JsonSchema))]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #debug_impl
        #deserialize_impl
    }
}

/// `Deserialize` for a struct with optional fields, through a private
/// wire struct whose optional fields are the runtime's `NonNull` (absent
/// is `None`, `null` an error) or `Nullable` (`null` is `Some(None)`).
/// Deriving on the public struct would need a `deserialize_with` wrapper
/// per field instead, which cost a third of the crate's build time.
fn wire_deserialize(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let label = string_literal(&name.to_string());
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let rename = serde_rename(f);
        let inner = inner_type(f);
        let (attributes, ty) = match (f.required, is_nullable(f)) {
            (true, false) => (quote!(), inner),
            (true, true) => (
                quote!(#[serde(deserialize_with = "Option::deserialize")]),
                quote!(Option<#inner>),
            ),
            (false, false) => (quote!(#[serde(default)]), quote!(NonNull<#inner>)),
            (false, true) => (quote!(#[serde(default)]), quote!(Nullable<#inner>)),
        };
        quote!(#rename #attributes #field: #ty,)
    });
    let moves = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.required {
            quote!(#field: wire.#field,)
        } else {
            quote!(#field: wire.#field.0,)
        }
    });
    let additional = s.additional.as_ref().map(|expr| {
        let value = nullable_type(expr);
        quote!(#[serde(flatten)] additional_properties: indexmap::IndexMap<String, #value>,)
    });
    let additional_move = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: wire.additional_properties,));
    let uses = [
        s.fields
            .iter()
            .any(|f| !f.required && !is_nullable(f))
            .then(|| quote!(NonNull)),
        s.fields
            .iter()
            .any(|f| !f.required && is_nullable(f))
            .then(|| quote!(Nullable)),
    ];
    let uses = uses.into_iter().flatten();
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        impl<'de> Deserialize<'de> for #name {
            #allow_deprecated
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use crate::support::presence::{#(#uses),*};
                #[derive(Deserialize)]
                #[serde(rename = #label)]
                struct Wire {
                    #(#fields)*
                    #additional
                }
                let wire = Wire::deserialize(deserializer)?;
                Ok(#name {
                    #(#moves)*
                    #additional_move
                })
            }
        }
    }
}

/// Whether `null` is a value of the field (`nullable: true`, except on an
/// untyped value, where `null` is already a `serde_json::Value`).
fn is_nullable(f: &Field) -> bool {
    f.expr.admits_null()
}

/// The Rust type of a field, with `Option`s for absence and `null`.
pub fn field_type(f: &Field) -> TokenStream {
    let inner = inner_type(f);
    match (f.required, is_nullable(f)) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(Option<#inner>),
        (false, true) => quote!(Option<Option<#inner>>),
    }
}

/// The value's type, boxed where the field breaks a cycle.
fn inner_type(f: &Field) -> TokenStream {
    let inner = value_type(&f.expr);
    if f.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

fn serde_rename(f: &Field) -> Option<TokenStream> {
    (f.rust_name != f.wire_name).then(|| {
        let wire = string_literal(&f.wire_name);
        quote!(#[serde(rename = #wire)])
    })
}

fn field(f: &Field) -> TokenStream {
    let docs = doc(f.doc.as_deref());
    let name = ident(&f.rust_name);
    let ty = field_type(f);
    let rename = serde_rename(f);
    let presence = match (f.required, is_nullable(f)) {
        (true, false) => quote!(),
        // Present but possibly null: no default, so a missing key fails.
        (true, true) => quote! {
            #[serde(deserialize_with = "Option::deserialize")]
            #[cfg_attr(feature = "payloads", schemars(required))]
        },
        // Absent is allowed, null is not: the schema is the value's own.
        (false, false) => {
            let value = compact_type(&value_type(&f.expr).to_string());
            quote! {
                #[serde(default, skip_serializing_if = "Option::is_none")]
                #[cfg_attr(feature = "payloads", schemars(with = #value))]
            }
        }
        (false, true) => quote! {
                #[serde(default, skip_serializing_if = "Option::is_none")]
        },
    };
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    let limits = schemars_limits(&f.expr);
    quote! {
        #docs
        #deprecated
        #rename
        #presence
        #limits
        pub #name: #ty,
    }
}

/// The spec's limits as `schemars` attributes, so the JSON Schema derived
/// from a type states the same contract as the spec.
fn schemars_limits(expr: &TypeExpr) -> TokenStream {
    let c = &expr.constraints;
    let mut parts = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => {
            let (min, max) = (usize_literal(min), usize_literal(max));
            parts.push(quote!(length(min = #min, max = #max)));
        }
        (Some(min), None) => {
            let min = usize_literal(min);
            parts.push(quote!(length(min = #min)));
        }
        (None, Some(max)) => {
            let max = usize_literal(max);
            parts.push(quote!(length(max = #max)));
        }
        (None, None) => {}
    }
    if let Some(pattern) = &c.pattern {
        let pattern = string_literal(pattern);
        parts.push(quote!(regex(pattern = #pattern)));
    }
    let mut extend = Vec::new();
    for (keyword, bound) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(bound) = bound {
            let keyword = if bound.exclusive {
                format!("exclusive{}", capitalize(keyword))
            } else {
                keyword.to_owned()
            };
            let keyword = string_literal(&keyword);
            let value = json_number(bound.value);
            extend.push(quote!(#keyword = #value));
        }
    }
    if let Some(factor) = c.multiple_of {
        let value = json_number(factor);
        extend.push(quote!("multipleOf" = #value));
    }
    if let Some(max) = c.max_items {
        let max = usize_literal(max);
        extend.push(quote!("maxItems" = #max));
    }
    if let Some(min) = c.min_items {
        let min = usize_literal(min);
        extend.push(quote!("minItems" = #min));
    }
    if !c.allowed.is_empty() {
        let values = c
            .allowed
            .iter()
            .map(|v| v.to_string().parse::<TokenStream>().unwrap_or_default());
        extend.push(quote!("enum" = [#(#values),*]));
    }
    if !extend.is_empty() {
        parts.push(quote!(extend(#(#extend),*)));
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[cfg_attr(feature = "payloads", schemars(#(#parts),*))])
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn json_number(value: f64) -> TokenStream {
    let literal = if value.fract() == 0.0 && value.abs() < 9.0e15 {
        // Whole numbers print without a fraction, as in the spec.
        proc_macro2::Literal::i64_unsuffixed(value as i64)
    } else {
        proc_macro2::Literal::f64_unsuffixed(value)
    };
    quote!(#literal)
}

/// `Debug` that prints secrets masked: fields that are or hold secrets.
fn redacted_debug(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let label = string_literal(&name.to_string());
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let label = string_literal(&f.rust_name);
        if f.expr.holds_secret() {
            let shown = masked(&f.expr, quote!(&self.#field));
            quote!(.field(#label, #shown))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let additional = s.additional.as_ref().map(|expr| {
        if expr.holds_secret() {
            quote!(.field("additional_properties", &"****"))
        } else {
            quote!(.field("additional_properties", &self.additional_properties))
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    #additional
                    .finish()
            }
        }
    }
}

/// A secret value for a masked `Debug`: a string keeps its last four
/// characters (see `support::mask`), anything else shows nothing.
fn masked(expr: &TypeExpr, value: TokenStream) -> TokenStream {
    if expr.ty == TypeRef::String {
        quote!(&crate::support::Redacted(#value))
    } else {
        quote!(&"****")
    }
}

/// `Debug` for a union with secret variants: those print masked.
fn union_debug(name: &proc_macro2::Ident, union: &Union, sensitive: bool) -> Option<TokenStream> {
    let secret = |v: &crate::model::Variant| sensitive || v.expr.holds_secret();
    if !union.variants.iter().any(secret) {
        return None;
    }
    let arms = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let label = string_literal(&v.rust_name);
        let shown = if secret(v) {
            masked(&v.expr, quote!(value))
        } else {
            quote!(value)
        };
        // A masked non-string shows nothing of the value.
        let binding = if shown.to_string().contains("value") {
            quote!(value)
        } else {
            quote!(_)
        };
        quote!(#name::#variant(#binding) => f.debug_tuple(#label).field(#shown).finish(),)
    });
    Some(quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#arms)*
                }
            }
        }
    })
}

/// The Rust type a union variant holds, boxed when the model says so.
pub fn variant_type(v: &crate::model::Variant) -> TokenStream {
    let ty = nullable_type(&v.expr);
    if v.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

fn union_type(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    union: &Union,
    sensitive: bool,
) -> TokenStream {
    let variants = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = variant_type(v);
        let limits = schemars_limits(&v.expr);
        quote!(#variant(#limits #ty),)
    });
    let debug_impl = union_debug(name, union, sensitive);
    let derive_debug = debug_impl.is_none().then(|| quote!(Debug,));
    let Some(property) = &union.discriminator else {
        let deserialize = untagged_deserialize(name, union);
        return quote! {
            #docs
            #[derive(#derive_debug Clone, PartialEq, Serialize)]
            #[cfg_attr(feature = "payloads", derive(schemars::JsonSchema))]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }
            #debug_impl
            #deserialize
        };
    };
    // Each variant keeps its own copy of the discriminator property, so the
    // tag selects the variant and the whole object goes to its type.
    let property_literal = string_literal(property);
    let arms = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tags = v.tags.iter().map(|t| string_literal(t));
        quote! {
            #(Some(#tags))|* => serde_json::from_value(value).map(#name::#variant).map_err(serde::de::Error::custom),
        }
    });
    let expected = union
        .variants
        .iter()
        .flat_map(|v| v.tags.iter().cloned())
        .collect::<Vec<_>>()
        .join(", ");
    // The message is a format string: braces from the spec are doubled, or
    // `{value}` in a tag would be read as a placeholder.
    let braces = |text: &str| text.replace('{', "{{").replace('}', "}}");
    let unknown = string_literal(&format!(
        "unknown {} {{other:?}}, expected one of {}",
        braces(property),
        braces(&expected)
    ));
    let missing = string_literal(&format!("missing discriminator property `{property}`"));
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, Serialize)]
                #[cfg_attr(feature = "payloads", derive(schemars::JsonSchema))]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
        #debug_impl

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property_literal).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    Some(other) => Err(serde::de::Error::custom(format!(#unknown))),
                    None => Err(serde::de::Error::custom(#missing)),
                }
            }
        }
    }
}

/// An untagged union reads as the first member that parses and passes
/// its checks (`oneOf`/`anyOf` mean a member the value is valid against),
/// else as the first member that parses, whose violations `validate()`
/// then reports: a UUID is not taken as a name whose pattern refuses it.
fn untagged_deserialize(name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let members = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote!(|value| serde_json::from_value(value).ok().map(#name::#variant),)
    });
    let unmatched = string_literal(&format!(
        "data did not match any variant of untagged enum {name}"
    ));
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                crate::support::first_valid(value, &[#(#members)*])
                    .ok_or_else(|| serde::de::Error::custom(#unmatched))
            }
        }
    }
}

/// `Vec < String >` (how tokens print) → `Vec<String>`, for type names in
/// attribute strings that people read.
fn compact_type(tokens: &str) -> String {
    tokens
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace(" >", ">")
        .replace(" :: ", "::")
        .replace(" , ", ", ")
}
