//! `x-response-codes` (our extension, on a property's schema or a named
//! string or integer schema) → [`CodeTable`]: the documented result codes
//! a field carries, each with its outcome and meaning, so the emitter can
//! write a lookup table users match on instead of on message texts.
//!
//! ```yaml
//! response_code:
//!   type: integer
//!   x-response-codes:
//!     - code: 0              # one code: an integer or a string, as the schema's type
//!       outcome: approved    # approved | declined | unclear | error
//!       meaning: The payment went through.
//!       source: PO-DOCS responsecodes   # optional: where the fact comes from
//!     - range: [675, 705]    # integer schemas only: every code from..to
//!       outcome: unclear
//!       meaning: ...
//! ```
//!
//! `unclear` means the payment may or may not have gone through: the
//! generated docs say to reconcile with a status look-up, never to retry.

use serde_json::Value;

use super::names::{rust_field_name, NameRegistry};
use super::{CodeEntry, CodeKey, CodeOutcome, CodeTable, TypeDef, TypeKind, TypeRef};
use crate::error::{SpecError, SpecErrorKind};
use crate::front::{Schemas, Site};
use crate::load::Spec;

const KEY: &str = "x-response-codes";

/// Every code table the spec declares, in the order of the types.
pub(super) fn code_tables(
    spec: &Spec,
    schemas: &Schemas,
    types: &[TypeDef],
) -> Result<Vec<CodeTable>, SpecError> {
    let mut tables = Vec::new();
    let mut names = NameRegistry::default();
    for def in types {
        let own_kind = match &def.kind {
            TypeKind::StringEnum(_) => Some(Kind::Text),
            TypeKind::Newtype(expr) => Kind::of(&expr.ty),
            _ => None,
        };
        let place = Place {
            schema: &def.pointer,
            name: &def.name,
        };
        if let Some(table) = read_table(spec, schemas, place, own_kind)? {
            tables.push(named(table, &mut names, &def.name, None));
        }
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for field in &s.fields {
            let name = format!("{}.{}", def.name, field.rust_name);
            let place = Place {
                schema: &field.pointer,
                name: &name,
            };
            if let Some(table) = read_table(spec, schemas, place, Kind::of(&field.expr.ty))? {
                tables.push(named(table, &mut names, &def.name, Some(&field.rust_name)));
            }
        }
    }
    Ok(tables)
}

fn named(
    mut table: CodeTable,
    names: &mut NameRegistry,
    type_name: &str,
    field: Option<&str>,
) -> CodeTable {
    let wanted = match field {
        Some(field) => rust_field_name(&format!("{type_name}_{field}")),
        None => rust_field_name(type_name),
    };
    table.name = names.unique(&wanted);
    table
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Integer,
    Text,
}

impl Kind {
    fn of(ty: &TypeRef) -> Option<Kind> {
        match ty {
            TypeRef::Integer(_) => Some(Kind::Integer),
            TypeRef::String => Some(Kind::Text),
            _ => None,
        }
    }
}

/// A schema that may carry a table, and the type or field it makes.
#[derive(Clone, Copy)]
struct Place<'a> {
    schema: &'a str,
    name: &'a str,
}

/// The table written on the schema at `place` (beside a `$ref` too).
fn read_table(
    spec: &Spec,
    schemas: &Schemas,
    place: Place<'_>,
    kind: Option<Kind>,
) -> Result<Option<CodeTable>, SpecError> {
    let Place { schema, name } = place;
    let at = format!("{schema}/{KEY}");
    let written = match schemas.site(schema) {
        Some(Site::Reference(reference)) => reference.siblings.extension(KEY),
        Some(Site::Schema(id)) => schemas.get(id).extension(KEY),
        None => None,
    };
    let Some(node) = written else {
        return Ok(None);
    };
    let Some(kind) = kind else {
        return Err(shape(spec, &at, "on a string or integer schema"));
    };
    let Some(list) = node.as_array() else {
        return Err(shape(spec, &at, "a list of codes"));
    };
    let mut entries = Vec::new();
    for (index, item) in list.iter().enumerate() {
        entries.push(entry(spec, &format!("{at}/{index}"), item, kind)?);
    }
    Ok(Some(CodeTable {
        name: String::new(),
        place: name.to_owned(),
        pointer: schema.to_owned(),
        text_codes: kind == Kind::Text,
        entries,
    }))
}

fn entry(spec: &Spec, at: &str, item: &Value, kind: Kind) -> Result<CodeEntry, SpecError> {
    let Some(object) = item.as_object() else {
        return Err(shape(
            spec,
            at,
            "a mapping with `code` or `range`, `outcome` and `meaning`",
        ));
    };
    if let Some(unknown) = object
        .keys()
        .find(|k| !["code", "range", "outcome", "meaning", "source"].contains(&k.as_str()))
    {
        return Err(shape(
            spec,
            &format!("{at}/{unknown}"),
            "one of code, range, outcome, meaning, source",
        ));
    }
    let code = match (object.get("code"), object.get("range"), kind) {
        (Some(Value::Number(n)), None, Kind::Integer) => n
            .as_i64()
            .map(CodeKey::Integer)
            .ok_or_else(|| shape(spec, &format!("{at}/code"), "a whole number"))?,
        (Some(Value::String(text)), None, Kind::Text) => CodeKey::Text(text.clone()),
        (None, Some(Value::Array(bounds)), Kind::Integer) => {
            match bounds.iter().map(Value::as_i64).collect::<Vec<_>>()[..] {
                [Some(first), Some(last)] if first <= last => CodeKey::Range(first, last),
                _ => {
                    let expected = "[first, last], two whole numbers in order";
                    return Err(shape(spec, &format!("{at}/range"), expected));
                }
            }
        }
        (Some(_), None, Kind::Integer) => {
            return Err(shape(
                spec,
                &format!("{at}/code"),
                "an integer, as the schema",
            ))
        }
        (Some(_), None, Kind::Text) => {
            return Err(shape(
                spec,
                &format!("{at}/code"),
                "a string, as the schema",
            ))
        }
        _ => {
            let expected = match kind {
                Kind::Integer => "exactly one of `code` and `range`",
                Kind::Text => "a `code` (ranges are for integer codes)",
            };
            return Err(shape(spec, at, expected));
        }
    };
    let outcome = match object.get("outcome").and_then(Value::as_str) {
        Some("approved") => CodeOutcome::Approved,
        Some("declined") => CodeOutcome::Declined,
        Some("unclear") => CodeOutcome::Unclear,
        Some("error") => CodeOutcome::Error,
        _ => {
            let expected = "an `outcome`: approved, declined, unclear or error";
            return Err(shape(spec, &format!("{at}/outcome"), expected));
        }
    };
    let text = |key: &str| match object.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(shape(spec, &format!("{at}/{key}"), "a string")),
    };
    let meaning = text("meaning")?.ok_or_else(|| shape(spec, at, "a `meaning`"))?;
    Ok(CodeEntry {
        code,
        outcome,
        meaning,
        source: text("source")?,
    })
}

fn shape(spec: &Spec, pointer: &str, expected: &str) -> SpecError {
    let kind = SpecErrorKind::Shape(format!("{KEY}: expected {expected} here"));
    spec.error(pointer, kind)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::build_model;

    fn build(codes: &str) -> Result<Vec<CodeTable>, SpecError> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Result:\n      type: object\n      properties:\n        code:\n          type: integer\n          x-response-codes:\n{codes}"
        );
        let spec = crate::load::load_str(Path::new("codes.yaml"), &text)?;
        build_model(&spec).map(|built| built.model.code_tables)
    }

    #[test]
    fn codes_and_ranges_are_read_with_their_outcome_and_named_after_the_field() {
        let tables = build("            - {code: 0, outcome: approved, meaning: paid, source: DOCS}\n            - {range: [675, 705], outcome: unclear, meaning: system error}\n")
            .expect("builds");
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].name, "model_result_code");
        assert_eq!(tables[0].place, "ModelResult.code");
        assert_eq!(tables[0].entries[0].code, CodeKey::Integer(0));
        assert_eq!(tables[0].entries[0].source.as_deref(), Some("DOCS"));
        assert_eq!(tables[0].entries[1].code, CodeKey::Range(675, 705));
        assert_eq!(tables[0].entries[1].outcome, CodeOutcome::Unclear);
    }

    #[test]
    fn a_string_code_on_an_integer_schema_is_refused_at_the_entry() {
        let error = build("            - {code: '000', outcome: approved, meaning: paid}\n")
            .expect_err("refused");
        assert_eq!(
            error.pointer,
            "/components/schemas/Result/properties/code/x-response-codes/0/code"
        );
    }

    #[test]
    fn an_outcome_outside_the_four_is_refused() {
        let error =
            build("            - {code: 5, outcome: maybe, meaning: hm}\n").expect_err("refused");
        assert!(error.to_string().contains("unclear"), "{error}");
    }

    #[test]
    fn a_range_out_of_order_is_refused() {
        let error = build("            - {range: [9, 1], outcome: declined, meaning: no}\n")
            .expect_err("refused");
        assert!(error.pointer.ends_with("/0/range"), "{}", error.pointer);
    }
}
