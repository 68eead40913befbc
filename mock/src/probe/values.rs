//! Values a probe sends that the spec does not document: those the
//! caller gives (`--param name=value`), ids read from earlier answers,
//! and, when asked (`--generate`), values made from the schema. The spec's
//! own examples always come first, except that a given value wins.

use std::collections::BTreeMap;

use openapi_sdkgen::front::{Api, SchemaId};
use openapi_sdkgen::validate::Sender;
use openapi_sdkgen::Spec;
use serde_json::{Map, Value};

use crate::generate;

/// Where a probe finds values the spec gives none for.
#[derive(Debug, Clone, Default)]
pub struct Fill {
    /// Parameter values by parameter name, in every location; they win
    /// over the spec's examples.
    pub given: BTreeMap<String, String>,
    /// Bodies of earlier successful JSON answers.
    pub learned: Learned,
    /// Make missing values from the schema, with this seed.
    pub generate: Option<u64>,
    /// The last planning round: a path variable still without a value is
    /// generated or the operation skipped, rather than waiting for an
    /// answer that could give it.
    pub last_round: bool,
}

impl Fill {
    /// A value for schema `id` made from the schema, as a client sends it;
    /// each operation gets its own seed so that two creates differ.
    pub fn generated(&self, spec: &Spec, api: &Api, id: SchemaId, index: usize) -> Option<Value> {
        let seed = self.generate?.wrapping_add(index as u64);
        Some(generate::example(
            spec,
            &api.schemas,
            id,
            Sender::Client,
            seed,
        ))
    }
}

/// The latest successful JSON object answer at each path template
/// (`/payments` after `POST /payments`).
#[derive(Debug, Clone, Default)]
pub struct Learned {
    by_template: BTreeMap<String, Map<String, Value>>,
}

impl Learned {
    /// Keeps the answer to a request at `template` when it succeeded and
    /// its body is a JSON object.
    pub fn record(&mut self, template: &str, status: u16, body: &[u8]) {
        if !(200..300).contains(&status) {
            return;
        }
        if let Ok(Value::Object(object)) = serde_json::from_slice(body) {
            self.by_template.insert(template.to_owned(), object);
        }
    }

    /// A value for the path variable `name` of `template`, the REST way:
    /// the `name` property, else the `id` property, of the latest answer
    /// at the collection the variable names (`/payments` for
    /// `/payments/{id}/capture`). Returns the value and that collection.
    pub fn path_value(&self, template: &str, name: &str) -> Option<(Value, String)> {
        let variable = format!("/{{{name}}}");
        let collection = &template[..template.find(&variable)?];
        let answer = self.by_template.get(collection)?;
        let value = [name, "id"]
            .iter()
            .find_map(|key| answer.get(*key).filter(|v| v.is_string() || v.is_number()))?;
        Some((value.clone(), collection.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(template: &str, status: u16, body: &str) -> Learned {
        let mut learned = Learned::default();
        learned.record(template, status, body.as_bytes());
        learned
    }

    #[test]
    fn an_item_variable_is_read_from_the_answer_at_its_collection() {
        let learned = learned("/payments", 200, r#"{"id": "p1", "status": "captured"}"#);
        assert_eq!(
            learned.path_value("/payments/{id}/capture", "id"),
            Some((Value::from("p1"), "/payments".to_owned()))
        );
        assert_eq!(learned.path_value("/refunds/{id}", "id"), None);
    }

    #[test]
    fn a_property_named_like_the_variable_wins_over_id() {
        let learned = learned("/shelves", 201, r#"{"id": 7, "shelf": "s-9"}"#);
        assert_eq!(
            learned.path_value("/shelves/{shelf}/books", "shelf"),
            Some((Value::from("s-9"), "/shelves".to_owned()))
        );
    }

    #[test]
    fn failed_answers_objects_without_ids_and_other_bodies_teach_nothing() {
        for (status, body) in [
            (404, r#"{"id": "p1"}"#),
            (200, r#"{"id": {"nested": 1}}"#),
            (200, r#"[{"id": "p1"}]"#),
            (200, "not json"),
        ] {
            let learned = learned("/payments", status, body);
            assert_eq!(learned.path_value("/payments/{id}", "id"), None, "{body}");
        }
    }
}
