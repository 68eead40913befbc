//! `jsonschema`'s errors → [`Violation`]s a person can act on.
//!
//! Two things need more than a one-to-one mapping. A failed union
//! (`oneOf`/`anyOf`, including the `anyOf` that `nullable` adds) is
//! explained through the branch the payload was evidently meant to be:
//! the one its discriminator tag selects, else the only one its JSON type
//! fits. And in strict mode a property whose own schema failed loses its
//! "evaluated" mark, so `unevaluatedProperties` would also call it
//! unknown; when an object has other errors, names the schema declares are
//! not reported as unknown.

use std::collections::BTreeSet;

use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
use jsonschema::ValidationError;
use serde_json::Value;

use super::translate::Translation;
use super::violation::{mask, shown_pointer, Violation};
use crate::load::escape_segment;

/// Far deeper than any real chain of `$ref`s; a loop stops here.
const MAX_DEPTH: usize = 32;

/// Every violation the errors describe, in the order found.
pub(super) fn explain(errors: &[ValidationError<'_>], translation: &Translation) -> Vec<Violation> {
    let mut out = Vec::new();
    Explainer { translation }.list(errors, &mut out);
    out
}

struct Explainer<'a> {
    translation: &'a Translation,
}

impl Explainer<'_> {
    fn list(&self, errors: &[ValidationError<'_>], out: &mut Vec<Violation>) {
        for error in errors {
            match error.kind() {
                Kind::AdditionalProperties { unexpected }
                | Kind::UnevaluatedProperties { unexpected } => {
                    self.unknown(error, unexpected, errors, out);
                }
                Kind::OneOfNotValid { context } => self.union(error, "oneOf", context, out),
                Kind::AnyOf { context } => self.union(error, "anyOf", context, out),
                _ => out.push(self.one(error)),
            }
        }
    }

    fn one(&self, error: &ValidationError<'_>) -> Violation {
        let pointer = error.instance_path().as_str();
        let value = error.instance().as_ref();
        let secret = self
            .translation
            .notes
            .sensitive
            .contains(parent(error.schema_path().as_str()));
        let keyword = error.kind().keyword();
        let worded = |expected: &str, actual: &str, words: &str| {
            let message = format!("{}: {words}", shown_pointer(pointer));
            Violation::worded(pointer, keyword, expected.into(), actual.into(), message)
        };
        let new =
            |expected: String, actual: String| Violation::new(pointer, keyword, expected, actual);
        match error.kind() {
            Kind::MaxLength { limit } | Kind::MinLength { limit } => {
                let length = value.as_str().map_or(0, |s| s.chars().count());
                new(limit.to_string(), length.to_string())
            }
            Kind::Pattern { pattern } => new(pattern.clone(), shown(value, secret)),
            Kind::Minimum { limit }
            | Kind::Maximum { limit }
            | Kind::ExclusiveMinimum { limit }
            | Kind::ExclusiveMaximum { limit } => new(number(limit), number(value)),
            Kind::MultipleOf { multiple_of } => new(multiple_of.to_string(), number(value)),
            Kind::Enum { options } => new(options_list(options), shown(value, secret)),
            Kind::Constant { expected_value } => {
                new(shown(expected_value, secret), shown(value, secret))
            }
            Kind::Type { kind } => new(type_names(kind), json_type(value).into()),
            Kind::Required { property } => {
                let name = property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_owned);
                new(name, "missing".into())
            }
            Kind::MinItems { limit } | Kind::MaxItems { limit } => new(
                limit.to_string(),
                value.as_array().map_or(0, Vec::len).to_string(),
            ),
            Kind::MinProperties { limit } | Kind::MaxProperties { limit } => new(
                limit.to_string(),
                value.as_object().map_or(0, |o| o.len()).to_string(),
            ),
            Kind::OneOfMultipleValid { .. } => worded(
                "exactly one alternative",
                "several",
                "matches more than one alternative of oneOf",
            ),
            Kind::Not { .. } => worded("no match", "a match", "matches a schema it must not match"),
            Kind::FalseSchema => worded("nothing", json_type(value), "no value is allowed here"),
            Kind::UniqueItems => worded("unique items", "duplicates", "items are not unique"),
            // Anything else, in jsonschema's words with the value hidden.
            _ => worded("", "", &error.masked().to_string()),
        }
    }

    /// A union no branch of which accepts the value.
    fn union(
        &self,
        error: &ValidationError<'_>,
        keyword: &str,
        branches: &[Vec<ValidationError<'static>>],
        out: &mut Vec<Violation>,
    ) {
        let pointer = error.instance_path().as_str();
        let value = error.instance().as_ref();
        let node = parent(error.schema_path().as_str());
        if let (Some(discriminator), Value::Object(object)) =
            (self.translation.notes.discriminators.get(node), value)
        {
            match object.get(&discriminator.property) {
                None => {
                    let property = discriminator.property.clone();
                    out.push(Violation::new(
                        pointer,
                        "required",
                        property,
                        "missing".into(),
                    ));
                    return;
                }
                Some(Value::String(tag)) => {
                    match discriminator.tags.iter().find(|(t, _)| t == tag) {
                        Some((_, index)) => {
                            if let Some(branch) = branches.get(*index) {
                                return self.list(branch, out);
                            }
                        }
                        None => {
                            let at =
                                format!("{pointer}/{}", escape_segment(&discriminator.property));
                            let tags: Vec<&str> =
                                discriminator.tags.iter().map(|(t, _)| t.as_str()).collect();
                            out.push(Violation::new(
                                &at,
                                "enum",
                                tags.join(", "),
                                format!("{tag:?}"),
                            ));
                            return;
                        }
                    }
                }
                Some(_) => {}
            }
        }
        let fitting: Vec<&Vec<ValidationError<'static>>> = branches
            .iter()
            .filter(|b| !is_type_mismatch(b, pointer))
            .collect();
        match fitting.as_slice() {
            [only] => self.list(only, out),
            [] => {
                let mut expected: Vec<&str> = Vec::new();
                for error in branches.iter().flatten() {
                    if let Kind::Type { kind } = error.kind() {
                        for name in type_list(kind) {
                            if !expected.contains(&name) {
                                expected.push(name);
                            }
                        }
                    }
                }
                null_last(&mut expected);
                let found = json_type(value).to_owned();
                out.push(Violation::new(
                    pointer,
                    keyword,
                    expected.join(" or "),
                    found,
                ));
            }
            _ => {
                let message = format!(
                    "{}: matches none of the {} alternatives of {keyword}",
                    shown_pointer(pointer),
                    branches.len()
                );
                out.push(Violation::worded(
                    pointer,
                    keyword,
                    "one alternative".into(),
                    "none".into(),
                    message,
                ));
            }
        }
    }

    /// Properties the schema does not know (`additionalProperties: false`,
    /// or `unevaluatedProperties: false` in strict mode), one violation each.
    fn unknown(
        &self,
        error: &ValidationError<'_>,
        unexpected: &[String],
        siblings: &[ValidationError<'_>],
        out: &mut Vec<Violation>,
    ) {
        let pointer = error.instance_path().as_str();
        let other_errors_inside = siblings.iter().any(|other| {
            !matches!(
                other.kind(),
                Kind::AdditionalProperties { .. } | Kind::UnevaluatedProperties { .. }
            ) && is_within(other.instance_path().as_str(), pointer)
        });
        let mut declared = BTreeSet::new();
        if other_errors_inside {
            let schema = &self.translation.schema;
            collect_declared(
                schema,
                schema.pointer(parent(error.schema_path().as_str())),
                &mut declared,
                0,
            );
        }
        for name in unexpected.iter().filter(|n| !declared.contains(n.as_str())) {
            let at = format!("{pointer}/{}", escape_segment(name));
            let keyword = error.kind().keyword();
            out.push(Violation::new(
                &at,
                keyword,
                "declared properties".into(),
                format!("{name:?}"),
            ));
        }
    }
}

/// Property names a schema declares, through `$ref`s and unions.
fn collect_declared<'s>(
    document: &'s Value,
    node: Option<&'s Value>,
    names: &mut BTreeSet<&'s str>,
    depth: usize,
) {
    let Some(node) = node.and_then(Value::as_object) else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        names.extend(properties.keys().map(String::as_str));
    }
    if let Some(target) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        collect_declared(document, document.pointer(target), names, depth + 1);
    }
    for members in ["allOf", "oneOf", "anyOf"]
        .iter()
        .filter_map(|k| node.get(*k)?.as_array())
    {
        for member in members {
            collect_declared(document, Some(member), names, depth + 1);
        }
    }
}

/// A branch that fails only because the value has another JSON type.
fn is_type_mismatch(branch: &[ValidationError<'_>], pointer: &str) -> bool {
    !branch.is_empty()
        && branch
            .iter()
            .all(|e| matches!(e.kind(), Kind::Type { .. }) && e.instance_path().as_str() == pointer)
}

fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || pointer
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The JSON pointer one segment up (`""` for the root).
fn parent(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |cut| &pointer[..cut])
}

/// A value as messages show it: strings quoted as the SDK quotes them,
/// secrets masked as the SDK masks them.
fn shown(value: &Value, secret: bool) -> String {
    match (value, secret) {
        (Value::String(text), true) => mask(text),
        (Value::String(text), false) => format!("{text:?}"),
        (other, true) => mask(&other.to_string()),
        (other, false) => other.to_string(),
    }
}

/// A number as the SDK prints it: integers as written, others as `f64`.
fn number(value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string()),
        other => other.to_string(),
    }
}

/// Enum values as the SDK lists them: strings bare, others as JSON.
fn options_list(options: &Value) -> String {
    let items = options.as_array().map(Vec::as_slice).unwrap_or_default();
    let shown: Vec<String> = items
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect();
    shown.join(", ")
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_list(kind: &TypeKind) -> Vec<&'static str> {
    match kind {
        TypeKind::Single(single) => vec![single.as_str()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.as_str()).collect(),
    }
}

fn type_names(kind: &TypeKind) -> String {
    let mut names = type_list(kind);
    null_last(&mut names);
    names.join(" or ")
}

/// `string or null` reads better than `null or string`.
fn null_last(names: &mut [&str]) {
    names.sort_by_key(|name| *name == "null");
}
