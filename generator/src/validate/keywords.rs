//! The keywords the runtime validator checks with the generated SDK's own
//! rules instead of `jsonschema`'s, so the two validators cannot drift:
//!
//! - `pattern`: compiled by [`crate::pattern`] (ECMA-262, `regress`, the
//!   `u` flag), where `jsonschema` would translate the pattern to another
//!   engine's dialect.
//! - `format`: asserted (draft 2020-12 only annotates it by default), with
//!   each checked format's definition from [`crate::formats`] replacing the
//!   built-in one. The translation drops the other formats `jsonschema`
//!   knows (see `translate.rs`), so nothing else is asserted.

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError, ValidationOptions};
use serde_json::{Map, Value};

use crate::formats::Format;

/// The `jsonschema` options every runtime validator is built with.
pub(super) fn options() -> ValidationOptions<'static> {
    let mut options = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .with_keyword("pattern", pattern)
        .with_keyword(
            super::translate::integer::KEYWORD,
            super::translate::integer::factory,
        );
    for format in Format::ALL {
        options = options.with_format(format.name(), move |value: &str| format.is_valid(value));
    }
    options
}

/// A format `jsonschema` knows and would assert, but that [`Format`] does
/// not define (`hostname`, `time`, ...). Formats neither knows
/// (`password`, `iso4217`) are annotations and stay.
pub(super) fn is_unchecked_format(name: &str) -> bool {
    Format::from_name(name).is_none()
        && jsonschema::options().is_known_format(jsonschema::Draft::Draft202012, name)
}

/// The `pattern` of one schema, compiled.
struct Pattern {
    source: String,
    regex: regress::Regex,
}

/// Builds the `pattern` check. The translation has compiled every pattern
/// already (to name the spec node of one that does not compile), so the
/// error here is only a safeguard.
fn pattern<'a>(
    _schema: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let source = value
        .as_str()
        .ok_or_else(|| ValidationError::schema("`pattern` must be a string"))?;
    let regex = crate::pattern::compile(source).map_err(|e| {
        ValidationError::schema(format!("pattern `{source}` does not compile: {e}"))
    })?;
    Ok(Box::new(Pattern {
        source: source.to_owned(),
        regex,
    }))
}

impl<'i> Keyword<'i> for Pattern {
    /// The error's message is the pattern's source: `explain` words the
    /// violation as the SDK does, with the pattern as what was expected.
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(self.source.clone()))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance
            .as_str()
            .is_none_or(|text| crate::pattern::matches(&self.regex, text))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{json, Value};

    use crate::validate::{Options, Target, ValidateError, Validator};

    /// A component `S` with `schema` as its only property `v`.
    fn validator(schema: &str) -> Result<Validator, ValidateError> {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
             components:\n  schemas:\n    S:\n      type: object\n      properties:\n        v: {schema}\n"
        );
        let spec = crate::load::load_str(Path::new("test.yaml"), &spec).expect("spec loads");
        Validator::new(&spec, Target::Schema("S".into()), Options::default())
    }

    fn valid(validator: &Validator, value: Value) -> bool {
        validator.violations(&json!({ "v": value })).is_empty()
    }

    #[test]
    fn patterns_are_ecma_262_with_ascii_classes_and_look_around() {
        // The `regex` crate's Unicode `\w` made this exceed its size limit.
        let path = validator(r"{type: string, pattern: '^[\w\-\/\.\+]{1,255}$'}").expect("builds");
        assert!(valid(&path, json!("a-b/c.d+e_9")));
        assert!(!valid(&path, json!("é")), "ECMA-262 \\w is ASCII");
        let digits = validator(r"{type: string, pattern: '^\d+$'}").expect("builds");
        assert!(valid(&digits, json!("0123")));
        assert!(!valid(&digits, json!("١٢٣")), "ECMA-262 \\d is ASCII");
        let ahead =
            validator(r"{type: string, pattern: '^(?=.*[0-9])(?!.*x)[a-z0-9]+$'}").expect("builds");
        assert!(valid(&ahead, json!("ab1")));
        assert!(!valid(&ahead, json!("abc")));
        assert!(!valid(&ahead, json!("ax1")));
        let behind = validator(r"{type: string, pattern: '(?<!JP)Y$'}").expect("builds");
        assert!(valid(&behind, json!("USY")));
        assert!(!valid(&behind, json!("JPY")));
        let kanji = validator("{type: string, pattern: '^東京都.'}").expect("builds");
        assert!(valid(&kanji, json!("東京都𠮷")));
        assert!(!valid(&kanji, json!("京都府")));
    }

    #[test]
    fn a_pattern_violation_reads_like_the_sdk() {
        let v = validator(r"{type: string, pattern: '^\d{3}$'}").expect("builds");
        let found = v.violations(&json!({"v": "12a"}));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "pattern");
        assert_eq!(found[0].expected, r"^\d{3}$");
        assert_eq!(
            found[0].message,
            r#"/v: "12a" does not match the pattern ^\d{3}$"#
        );
    }

    #[test]
    fn a_pattern_only_the_non_unicode_grammar_takes_is_still_checked() {
        // A lone `\-` is an identity escape only ECMAScript's Unicode mode
        // forbids; Annex B reads it as `-`.
        let lenient = validator(r"{type: string, pattern: '^a\-b$'}").expect("builds");
        assert!(lenient.warnings().is_empty());
        assert!(valid(&lenient, json!("a-b")));
        assert!(!valid(&lenient, json!("ab")));
    }

    #[test]
    fn a_pattern_that_is_no_regular_expression_is_left_out_with_a_warning() {
        let odd = validator("{type: string, pattern: '(?i)^a$'}").expect("builds");
        let warnings: Vec<String> = odd.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("warning: test.yaml:9:"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[0].ends_with("(at #/components/schemas/S/properties/v/pattern)"),
            "{}",
            warnings[0]
        );
        assert!(valid(&odd, json!("B")), "not checked");
    }

    #[test]
    fn checked_formats_are_asserted_with_the_sdk_rules_and_others_are_not() {
        let uuid = validator("{type: string, format: uuid}").expect("builds");
        assert!(valid(&uuid, json!("0db1fac1-e064-4644-a387-08d143960c8f")));
        let found = uuid.violations(&json!({"v": "tok_123"}));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "format");
        assert_eq!(found[0].message, r#"/v: "tok_123" is not a valid uuid"#);
        let uri = validator("{type: string, format: uri}").expect("builds");
        assert!(valid(&uri, json!("https://example.com/back")));
        assert!(!valid(&uri, json!("example.com/back")));
        // jsonschema checks `hostname`; neither validator here does.
        let hostname = validator("{type: string, format: hostname}").expect("builds");
        assert!(valid(&hostname, json!("not a host name")));
    }
}
