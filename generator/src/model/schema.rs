//! One place of the document that holds a schema, as the model reads it
//! from the front end: a `$ref` (with the annotations beside it) or a
//! schema with every keyword.
//!
//! The model walks the document by pointer, because inline types are
//! named after where they sit and each warning names its place; the front
//! end answers for every place it reached, so the model never reads the
//! raw document.

use crate::error::{SpecError, SpecErrorKind};
use crate::front::{Additional, Schema, SchemaId, Schemas, Site};
use crate::load::Spec;

#[derive(Debug, Clone, Copy)]
pub(super) struct SchemaNode<'a> {
    /// The `$ref` written here, if any; the schema's own keywords are then
    /// only the annotations beside it.
    pub reference: Option<&'a str>,
    /// What a `$ref` here stands for, or the schema itself.
    pub target: SchemaId,
    pub schema: &'a Schema,
}

impl<'a> SchemaNode<'a> {
    /// The schema written at `pointer`.
    pub fn at(spec: &Spec, schemas: &'a Schemas, pointer: &str) -> Result<Self, SpecError> {
        match schemas.site(pointer) {
            Some(Site::Reference(reference)) => Ok(Self {
                reference: Some(&reference.written),
                target: reference.target,
                schema: &reference.siblings,
            }),
            Some(Site::Schema(id)) => Ok(Self {
                reference: None,
                target: id,
                schema: schemas.get(id),
            }),
            None => Err(spec.error(
                pointer,
                SpecErrorKind::Shape("expected a schema object here".into()),
            )),
        }
    }
}

impl std::ops::Deref for SchemaNode<'_> {
    type Target = Schema;

    fn deref(&self) -> &Schema {
        self.schema
    }
}

/// `type`, as the word the document writes.
pub(super) fn type_name(schema: &Schema) -> Option<&'static str> {
    schema.schema_type.map(|t| t.as_str())
}

/// Secrets: `format: password` or `x-sensitive: true`.
pub(super) fn is_sensitive(schema: &Schema) -> bool {
    schema.sensitive || schema.format.as_deref() == Some("password")
}

pub(super) fn doc(schema: &Schema) -> Option<String> {
    match (&schema.title, &schema.description) {
        (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
        (Some(text), None) | (None, Some(text)) => Some(text.clone()),
        (None, None) => None,
    }
}

/// True when the schema says nothing about the value's shape: `{}`, or
/// only annotations.
pub(super) fn is_unconstrained(schema: &Schema) -> bool {
    schema.schema_type.is_none()
        && schema.properties.is_empty()
        && schema.additional_properties == Additional::Absent
        && schema.items.is_none()
        && schema.all_of.is_empty()
        && schema.one_of.is_empty()
        && schema.any_of.is_empty()
        && schema.enumeration.is_none()
}
