//! `integerRange`: an `integer` as the generated SDK reads it.
//!
//! JSON Schema calls any whole number an integer (`1000.0`, `1e3`,
//! `18446744073709551616`), while the SDK deserializes `integer` fields
//! with serde into `i64` (`i32` for `format: int32`), which accepts only a
//! literal without fraction or exponent that fits the type. This keyword,
//! added next to every `"type": "integer"`, holds the runtime validator to
//! the same rule, so the two never disagree on a number. Values of other
//! types pass: `type` reports them.

use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

/// The keyword's name in translated schemas, and the rule in reports.
pub(in crate::validate) const KEYWORD: &str = "integerRange";

/// The keyword's value for the Rust type the SDK uses for this schema,
/// as the generator's model picks it.
pub(super) fn rust_type(schema: &crate::front::Schema) -> &'static str {
    match schema.format.as_deref() {
        Some("int32") => "i32",
        _ => "i64",
    }
}

/// Builds the check from the keyword's value (`"i64"` or `"i32"`).
pub(in crate::validate) fn factory<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _location: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let (rust_type, min, max) = match value.as_str() {
        Some("i64") => ("i64", i64::MIN, i64::MAX),
        Some("i32") => ("i32", i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => {
            return Err(ValidationError::schema(
                "integerRange must be \"i64\" or \"i32\"",
            ))
        }
    };
    Ok(Box::new(IntegerRange {
        rust_type,
        min,
        max,
    }))
}

struct IntegerRange {
    rust_type: &'static str,
    min: i64,
    max: i64,
}

impl<'i> Keyword<'i> for IntegerRange {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            return Ok(());
        }
        // The value is not repeated: it may be a secret.
        Err(ValidationError::custom(format!(
            "not an integer the SDK can read as {}: write it without a fraction or exponent, from {} to {}",
            self.rust_type, self.min, self.max
        )))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            Value::Number(number) => number
                .as_i64()
                .is_some_and(|n| (self.min..=self.max).contains(&n)),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn valid(rust_type: &str, instance: Value) -> bool {
        jsonschema::draft202012::options()
            .with_keyword(KEYWORD, factory)
            .build(&json!({ KEYWORD: rust_type }))
            .expect("compiles")
            .is_valid(&instance)
    }

    #[test]
    fn int32_fields_hold_the_i32_range() {
        assert!(valid("i32", json!(2_147_483_647)));
        assert!(valid("i32", json!(-2_147_483_648_i64)));
        assert!(!valid("i32", json!(2_147_483_648_i64)));
        assert!(valid("i64", json!(2_147_483_648_i64)));
        assert!(!valid("i64", json!(1.0)));
        // Other types are for `type` to report.
        assert!(valid("i32", json!("12")));
    }

    #[test]
    fn the_rust_type_follows_the_format() {
        let int32 = crate::front::Schema {
            format: Some("int32".into()),
            ..Default::default()
        };
        let plain = crate::front::Schema {
            format: Some("int64".into()),
            ..Default::default()
        };
        assert_eq!(rust_type(&int32), "i32");
        assert_eq!(rust_type(&plain), "i64");
        assert_eq!(rust_type(&crate::front::Schema::default()), "i64");
    }
}
