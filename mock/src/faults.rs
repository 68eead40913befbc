//! Ways to make the mock break its own spec on purpose, so a contract
//! tester pointed at it (`cargo xtask probe`) can be shown to catch each
//! one. Faults apply to the answer of every request that fits the spec
//! (what the mock would otherwise answer from the spec), after the state
//! is updated: the stored resources stay as the spec says.

use bytes::Bytes;
use openapi_sdkgen::front::{SchemaId, SchemaType, Schemas, Status};
use serde_json::Value;

use crate::plan::ResponsePlan;

/// One way to break the spec in every answer to a valid request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with a status the operation does not document: the first of
    /// 418, 299 and 599 that is neither a documented code nor in a
    /// documented range (an operation with `default` documents them all).
    UndocumentedStatus,
    /// Leave out the first property the response schema requires that the
    /// answer holds.
    DropRequiredField,
    /// Give the first property of the answer that the schema types a value
    /// of another type (`12345` where the schema says string, `"wrong
    /// type"` where it says anything else).
    WrongType,
    /// Send the body as `text/plain` (or `application/octet-stream` where
    /// the response documents `text/plain`).
    WrongContentType,
}

/// The parts of an answer a fault may change.
pub(crate) struct Faulty {
    pub code: u16,
    pub content_type: Option<String>,
    pub encoded: Option<Bytes>,
}

/// `answer` with every fault in `faults` applied.
pub(crate) fn apply(
    faults: &[Fault],
    schemas: &Schemas,
    responses: &[ResponsePlan],
    response: &ResponsePlan,
    body: Option<&Value>,
    mut answer: Faulty,
) -> Faulty {
    let mut body = body.cloned();
    let mut body_changed = false;
    for fault in faults {
        match fault {
            Fault::UndocumentedStatus => answer.code = undocumented_status(responses),
            Fault::DropRequiredField => {
                if let (Some(Value::Object(map)), Some(id)) = (&mut body, response.schema) {
                    let schema = schemas.get(id);
                    if let Some(name) = schema.required.iter().find(|n| map.contains_key(*n)) {
                        map.shift_remove(name);
                        body_changed = true;
                    }
                }
            }
            Fault::WrongType => {
                if let (Some(Value::Object(map)), Some(id)) = (&mut body, response.schema) {
                    let typed = map.keys().find_map(|key| {
                        let property = schemas.get(id).property(key)?;
                        Some((key.clone(), declared_type(schemas, property)?))
                    });
                    if let Some((key, declared)) = typed {
                        let wrong = match declared {
                            SchemaType::String => Value::from(12345),
                            _ => Value::from("wrong type"),
                        };
                        map.insert(key, wrong);
                        body_changed = true;
                    }
                }
            }
            Fault::WrongContentType => {
                let documented = response.content_type.as_deref().unwrap_or_default();
                answer.content_type = Some(if documented.starts_with("text/plain") {
                    "application/octet-stream".to_owned()
                } else {
                    "text/plain".to_owned()
                });
            }
        }
    }
    if body_changed {
        answer.encoded = body.as_ref().map(|value| response.encode(value));
    }
    answer
}

/// The type a schema gives its value, itself or through an `allOf` member.
fn declared_type(schemas: &Schemas, id: SchemaId) -> Option<SchemaType> {
    let schema = schemas.get(id);
    schema.schema_type.or_else(|| {
        schema
            .all_of
            .iter()
            .find_map(|&member| schemas.get(member).schema_type)
    })
}

fn undocumented_status(responses: &[ResponsePlan]) -> u16 {
    let documented = |code: u16| {
        responses.iter().any(|r| match r.status {
            Status::Code(c) => c == code,
            Status::Range(first) => u16::from(first) == code / 100,
            Status::Default => true,
        })
    };
    [418, 299, 599]
        .into_iter()
        .find(|&code| !documented(code))
        .unwrap_or(418)
}
