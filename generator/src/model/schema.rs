//! A permissive view of one raw Schema Object.
//!
//! `openapiv3` folds unusual but valid keyword combinations into an
//! untyped "any" schema; reading the raw node ourselves keeps every keyword
//! and its pointer, so each problem is reported where it is.
//!
//! Sub-schemas are not copied: the view records that they exist (and the
//! property names), and the model reads each one at its own pointer. That
//! keeps reading a schema proportional to its own size, not its subtree's.

use indexmap::IndexMap;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use crate::error::SpecErrorKind;
use crate::load::Spec;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SchemaObject {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<Value>,
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub write_only: bool,
    #[serde(default)]
    pub deprecated: bool,
    pub properties: Option<IndexMap<String, IgnoredAny>>,
    #[serde(default)]
    pub required: Vec<String>,
    pub additional_properties: Option<AdditionalProperties>,
    pub items: Option<IgnoredAny>,
    pub all_of: Option<Vec<IgnoredAny>>,
    pub one_of: Option<Vec<IgnoredAny>>,
    pub any_of: Option<Vec<IgnoredAny>>,
    pub not: Option<IgnoredAny>,
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<Value>>,
    pub discriminator: Option<Discriminator>,
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    #[serde(default)]
    pub exclusive_minimum: bool,
    #[serde(default)]
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    #[serde(default)]
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    #[serde(rename = "x-sensitive", default)]
    pub x_sensitive: bool,
}

/// `additionalProperties`: a boolean or a schema (read at its pointer).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum AdditionalProperties {
    Allowed(bool),
    Schema(IgnoredAny),
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Discriminator {
    pub property_name: String,
    #[serde(default)]
    pub mapping: IndexMap<String, String>,
}

impl SchemaObject {
    /// Reads the schema at `pointer` in the raw document.
    pub fn at(spec: &Spec, pointer: &str) -> Result<Self, crate::SpecError> {
        let node = spec.node(pointer).ok_or_else(|| {
            spec.error(
                pointer,
                SpecErrorKind::Shape("expected a schema object here".into()),
            )
        })?;
        serde_path_to_error::deserialize(node).map_err(|e| {
            let inner = e.path().to_string();
            let at = if inner == "." {
                pointer.to_owned()
            } else {
                format!("{pointer}/{}", inner.replace('.', "/"))
            };
            spec.error(at, SpecErrorKind::Shape(e.inner().to_string()))
        })
    }

    /// `type`, when it is a single string (3.0 allows nothing else).
    pub fn type_name(&self) -> Result<Option<&str>, SpecErrorKind> {
        match &self.kind {
            None => Ok(None),
            Some(Value::String(name)) => Ok(Some(name)),
            Some(other) => Err(SpecErrorKind::UnknownType {
                found: other.to_string(),
            }),
        }
    }

    /// Secrets: `format: password` or `x-sensitive: true`.
    pub fn is_sensitive(&self) -> bool {
        self.x_sensitive || self.format.as_deref() == Some("password")
    }

    pub fn doc(&self) -> Option<String> {
        match (&self.title, &self.description) {
            (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
            (Some(text), None) | (None, Some(text)) => Some(text.clone()),
            (None, None) => None,
        }
    }

    /// True when the node says nothing about the value's shape: `{}`, or
    /// only annotations.
    pub fn is_unconstrained(&self) -> bool {
        self.kind.is_none()
            && self.properties.is_none()
            && self.additional_properties.is_none()
            && self.items.is_none()
            && self.all_of.is_none()
            && self.one_of.is_none()
            && self.any_of.is_none()
            && self.enumeration.is_none()
    }
}
