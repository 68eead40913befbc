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

mod custom;

use std::collections::BTreeSet;

use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
use jsonschema::ValidationError;
use serde_json::Value;

use super::translate::Translation;
use super::violation::{mask, shown_pointer, Violation};
use crate::load::escape_segment;
use crate::redact;

/// Far deeper than any real chain of `$ref`s; a loop stops here.
const MAX_DEPTH: usize = 32;

/// Every violation the errors describe, in the order found, each with the
/// payload pointer it is at (the violation's own pointer may be redacted).
pub(super) fn explain(
    errors: &[ValidationError<'_>],
    translation: &Translation,
) -> Vec<(String, Violation)> {
    let mut out = Vec::new();
    Explainer { translation }.list(errors, &mut out);
    out.into_iter()
        .map(|violation| (violation.pointer.clone(), violation.with_redacted_pointer()))
        .collect()
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
        let secret = self.is_secret(error);
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
            // `keywords::Pattern` reports its pattern's source as the message.
            Kind::Custom { keyword, message } if keyword == "pattern" => {
                new(message.clone(), shown(value, secret))
            }
            Kind::Format { format } => new(format.clone(), shown(value, secret)),
            Kind::Minimum { limit }
            | Kind::Maximum { limit }
            | Kind::ExclusiveMinimum { limit }
            | Kind::ExclusiveMaximum { limit } => new(number(limit), shown_number(value, secret)),
            Kind::MultipleOf { multiple_of } => {
                new(multiple_of.to_string(), shown_number(value, secret))
            }
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
            _ => worded("", "", &redact::redact(&error.masked().to_string())),
        }
    }

    /// Whether the failing schema is, or sits anywhere inside, a schema
    /// marked secret: its evaluation path is walked from the root,
    /// following each `$ref` into the definition it names, so a secret
    /// parent, `$ref` target, array or wrapper makes everything below it
    /// secret.
    fn is_secret(&self, error: &ValidationError<'_>) -> bool {
        let sensitive = &self.translation.notes.sensitive;
        let schema = &self.translation.schema;
        if let Kind::Custom { .. } = error.kind() {
            return custom::reached_through_secret(
                schema,
                sensitive,
                error.schema_path().as_str(),
                error.instance_path().as_str(),
            );
        }
        let mut at = String::new();
        if sensitive.contains(&at) {
            return true;
        }
        for segment in error.evaluation_path().as_str().split('/').skip(1) {
            if segment == "$ref" {
                let target = schema
                    .pointer(&at)
                    .and_then(|node| node.get("$ref"))
                    .and_then(Value::as_str)
                    .and_then(|reference| reference.strip_prefix('#'));
                match target {
                    Some(target) => at = target.to_owned(),
                    None => return false,
                }
            } else {
                at.push('/');
                at.push_str(segment);
            }
            if sensitive.contains(&at) {
                return true;
            }
        }
        false
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
                                shown_string(tag, self.is_secret(error)),
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
            // A property name is shown even below a secret, unless it looks
            // like a card number or a credential.
            out.push(Violation::new(
                &at,
                keyword,
                "declared properties".into(),
                redact::quoted(name),
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
/// secrets masked as the SDK masks them, look-alike secrets redacted and
/// long values cut as the SDK does (the same `redact` module).
fn shown(value: &Value, secret: bool) -> String {
    match value {
        Value::String(text) => shown_string(text, secret),
        other => shown_text(&other.to_string(), secret),
    }
}

fn shown_string(text: &str, secret: bool) -> String {
    if secret {
        mask(text)
    } else {
        redact::quoted(text)
    }
}

fn shown_text(text: &str, secret: bool) -> String {
    if secret {
        mask(text)
    } else {
        redact::shown(text)
    }
}

/// A number in a range message, shown as the SDK shows it.
fn shown_number(value: &Value, secret: bool) -> String {
    shown_text(&number(value), secret)
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

#[cfg(test)]
mod tests {
    //! Secrets in reports: what the schema marks secret, wherever it is
    //! marked, and what only looks like a secret, wherever it appears.

    use std::path::Path;

    use serde_json::{json, Value};

    use crate::validate::{Options, Target, Validator};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    CardNumber: {type: string, x-sensitive: true, pattern: '^[0-9]{16}$'}
    Pin: {type: integer, format: password, minimum: 1000, maximum: 9999, multipleOf: 7}
    Card:
      type: object
      properties:
        number: {type: string, pattern: '^[0-9]{16}$'}
        expiry_year: {type: integer, minimum: 2000}
    Wallet:
      type: object
      properties:
        by_ref: {$ref: '#/components/schemas/CardNumber'}
        pin: {$ref: '#/components/schemas/Pin'}
        wrapped: {allOf: [{$ref: '#/components/schemas/Card'}], x-sensitive: true}
        either:
          x-sensitive: true
          oneOf:
            - {type: string, pattern: '^[0-9]{16}$'}
            - {type: integer, maximum: 10}
        secret_card:
          type: object
          x-sensitive: true
          properties:
            number: {type: string, pattern: '^[0-9]{16}$'}
            holder: {type: object, properties: {name: {type: string, maxLength: 3}}}
        numbers: {type: array, items: {$ref: '#/components/schemas/CardNumber'}}
        secret_list: {type: array, x-sensitive: true, items: {type: string, pattern: '^[0-9]+$'}}
        secret_map: {type: object, additionalProperties: {type: string, pattern: '^[0-9]+$', format: password}}
        note: {type: string, pattern: '^[a-z]*$'}
        count: {type: integer, maximum: 10}
        brand: {type: string, enum: ['4111111111111111', 'visa']}
"##;

    fn wallet(strict: bool) -> Validator {
        let spec = crate::load::load_str(Path::new("test.yaml"), SPEC).expect("spec loads");
        Validator::new(
            &spec,
            Target::Schema("Wallet".into()),
            Options {
                strict,
                ..Options::default()
            },
        )
        .expect("validator builds")
    }

    /// Every field of every violation, as one text to search.
    fn report(validator: &Validator, payload: Value) -> String {
        validator
            .violations(&payload)
            .iter()
            .map(|v| {
                format!(
                    "{} | {} | {} | {} | {}",
                    v.pointer, v.rule, v.expected, v.actual, v.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    const PAN: &str = "4000002500003155";
    const NOT_SIXTEEN: &str = "40000025000031556";

    #[test]
    fn a_secret_ref_target_wrapper_parent_array_or_map_masks_everything_below() {
        let v = wallet(false);
        let payload = json!({
            "by_ref": NOT_SIXTEEN,
            "wrapped": {"number": NOT_SIXTEEN, "expiry_year": 1999},
            "either": NOT_SIXTEEN,
            "secret_card": {"number": NOT_SIXTEEN, "holder": {"name": "Taro Yamada"}},
            "numbers": [NOT_SIXTEEN],
            "secret_list": ["x40000025000031556"],
            "secret_map": {"a": "x40000025000031556"},
        });
        let text = report(&v, payload);
        assert!(!text.contains("0003155"), "{text}");
        assert!(!text.contains("1999"), "{text}");
        for pointer in [
            "/by_ref",
            "/wrapped/number",
            "/wrapped/expiry_year",
            "/secret_card/number",
            "/numbers/0",
            "/secret_list/0",
            "/secret_map/a",
        ] {
            assert!(text.contains(&format!("{pointer} |")), "{pointer}:\n{text}");
        }
        assert!(
            text.contains("/by_ref: \"****1556\" does not match"),
            "{text}"
        );
        assert!(
            text.contains("/wrapped/expiry_year: \"****\", at least 2000"),
            "{text}"
        );
    }

    #[test]
    fn secret_integers_are_masked_in_range_and_multiple_messages() {
        let v = wallet(false);
        for pin in [123, 99_999, 1002] {
            let text = report(&v, json!({"pin": pin}));
            assert!(!text.contains(&pin.to_string()), "{text}");
            assert!(text.contains("/pin: \"****\""), "{text}");
        }
    }

    #[test]
    fn look_alike_card_numbers_are_cut_to_first_six_and_last_four_in_any_field() {
        let v = wallet(false);
        let cases = [
            json!({"note": PAN}),
            json!({"note": "card 4000 0025 0000 3155"}),
            json!({"note": "4000-0025-0000-3155"}),
            json!({"count": 4_000_002_500_003_155_i64}),
            json!({"brand": PAN}),
        ];
        for payload in cases {
            let text = report(&v, payload.clone());
            let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
            assert!(!digits.contains(PAN), "{payload}:\n{text}");
            assert!(digits.contains("400000******3155"), "{payload}:\n{text}");
        }
    }

    #[test]
    fn a_card_number_in_the_spec_is_not_printed_whole() {
        let text = report(&wallet(false), json!({"brand": "amex"}));
        assert!(
            text.contains("is not one of 411111******1111, visa"),
            "{text}"
        );
    }

    #[test]
    fn credentials_are_never_echoed() {
        let v = wallet(false);
        for (credential, shown) in [
            ("sk_live_51HqLyjWDarjtT1zdp7dc", "\"sk_live_****\""),
            ("Bearer abc.DEF-123_456", "\"Bearer ****\""),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
                "\"eyJ****\"",
            ),
            ("whsec_0123456789abcdef", "\"whsec_****\""),
        ] {
            let text = report(&v, json!({"note": credential}));
            assert!(!text.contains(credential), "{text}");
            assert!(text.contains(shown), "{shown}:\n{text}");
        }
    }

    #[test]
    fn an_unknown_property_named_like_a_card_number_is_redacted_under_strict() {
        let text = report(&wallet(true), json!({ PAN: 1, "sk_test_abcdef": 2 }));
        assert!(
            !text.contains(PAN) && !text.contains("sk_test_abcdef"),
            "{text}"
        );
        assert!(
            text.contains("/400000******3155 | unevaluatedProperties"),
            "{text}"
        );
        assert!(
            text.contains("/sk_test_**** | unevaluatedProperties"),
            "{text}"
        );
    }

    #[test]
    fn long_failing_values_are_cut_with_their_length() {
        let long = "X".repeat(5_000);
        let text = report(&wallet(false), json!({ "note": long }));
        assert!(text.contains("…\" (5000 characters)"), "{text}");
        assert!(text.len() < 1_000, "{}", text.len());
    }
}
