//! A payload parsed into a [`serde_json::Value`], noticing repeated keys.
//!
//! `serde_json` keeps the last of two equal keys without a word, so
//! `{"amount": -5, "amount": 1000}` would be checked as `1000` while
//! another reader of the same bytes sees `-5`. This visitor builds the same
//! `Value` `serde_json` builds and only remembers that a key repeated;
//! where is worked out by the scanner, on the rare payload that has one.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A parsed payload.
pub(super) struct Parsed {
    pub value: Value,
    /// Some object holds the same key twice (the last value was kept).
    pub has_duplicate_keys: bool,
}

/// Parses `bytes` as one JSON document (serde_json's grammar, recursion
/// limit and error positions).
pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, serde_json::Error> {
    let duplicates = Cell::new(false);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = ValueSeed {
        duplicates: &duplicates,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(Parsed {
        value,
        has_duplicate_keys: duplicates.get(),
    })
}

#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    duplicates: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // serde_json never hands over a non-finite float; `Value` does the same.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut array = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(item) = items.next_element_seed(self)? {
            array.push(item);
        }
        Ok(Value::Array(array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            let value = entries.next_value_seed(self)?;
            if object.insert(key, value).is_some() {
                self.duplicates.set(true);
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_what_serde_json_builds() {
        let text = br#"{"a": [1, -2, 3.5, "x", null, true], "b": {"c": 18446744073709551615}}"#;
        let parsed = parse(text).expect("valid JSON");
        let expected: Value = serde_json::from_slice(text).expect("valid JSON");
        assert_eq!(parsed.value, expected);
        assert!(!parsed.has_duplicate_keys);
    }

    #[test]
    fn a_repeated_key_is_noticed_at_any_depth() {
        assert!(parse(br#"{"amount": -5, "amount": 1000}"#).is_ok_and(|p| p.has_duplicate_keys));
        assert!(parse(br#"[{"a": {"b": 1, "b": 2}}]"#).is_ok_and(|p| p.has_duplicate_keys));
        assert!(parse(br#"{"a": {"b": 1}, "b": {"a": 2}}"#).is_ok_and(|p| !p.has_duplicate_keys));
    }

    #[test]
    fn trailing_bytes_are_an_error() {
        assert!(parse(b"{} x").is_err());
    }
}
