//! In-memory resources, so flows work across requests. The rule is
//! generic, read from the spec's shapes, never from names:
//!
//! - **Create.** A successful `POST` whose answer is an object with an
//!   `id` stores that answer, with the request's top-level fields merged
//!   over the example (only fields the answer's schema declares, of a
//!   fitting JSON type, holding no card number or credential). A second
//!   resource made from the same example gets a fresh id of the same
//!   length.
//! - **Show.** A `GET` on a path whose last segment is a variable holding
//!   a stored id, whose answer has the stored resource's schema, returns
//!   the stored resource. `PUT`/`PATCH` there merge the request's fields
//!   (same rule) and store; `DELETE` forgets it.
//! - **Act.** Any other method on a path where literal segments follow
//!   such a variable (`/payments/{id}/capture`) is an action: the stored
//!   resource gets the top-level fields of the action's documented example
//!   that differ from the example it was created from (`status`), or,
//!   without a documented example, every string-enum property is set to
//!   the enum value that begins with the action's name (`capture` →
//!   `captured`, `refund` → `refunded`, `cancel` → `cancelled`). The result
//!   is stored and returned, and each string property that changed is
//!   reported as a [`Change`] (for signed webhooks).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use openapi_sdkgen::front::{Method, SchemaId, SchemaType, Schemas};
use openapi_sdkgen::redact;
use serde_json::Value;

use crate::check::Request;
use crate::plan::{OperationPlan, ResponsePlan};

/// A stored resource.
#[derive(Debug, Clone)]
struct Resource {
    value: Value,
    /// The example it was made from, to tell an action's changes by.
    base: Value,
    schema: SchemaId,
}

/// A string property of a stored resource that an action changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub schema: SchemaId,
    pub property: String,
    pub from: Option<String>,
    pub to: String,
    /// The resource after the change.
    pub resource: Value,
}

/// The resources created so far: the latest `capacity` creations, so a
/// mock left running keeps bounded memory.
#[derive(Debug)]
pub struct Store {
    resources: Mutex<Resources>,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Resources {
    by_id: HashMap<String, Resource>,
    /// Ids in the order they were created (some perhaps deleted since).
    created: VecDeque<String>,
}

impl Store {
    pub fn new(capacity: usize) -> Self {
        Store {
            resources: Mutex::default(),
            capacity,
        }
    }
}

impl Resources {
    fn get(&self, id: &str) -> Option<&Resource> {
        self.by_id.get(id)
    }

    fn insert(&mut self, id: String, resource: Resource) {
        self.by_id.insert(id, resource);
    }

    fn remove(&mut self, id: &str) {
        self.by_id.remove(id);
    }

    /// Stores a new resource, forgetting the oldest creation beyond
    /// `capacity`.
    fn create(&mut self, id: String, resource: Resource, capacity: usize) {
        self.created.push_back(id.clone());
        self.by_id.insert(id, resource);
        while self.created.len() > capacity {
            if let Some(oldest) = self.created.pop_front() {
                self.by_id.remove(&oldest);
            }
        }
    }
}

/// What the store made of a request: the body to send, and what changed.
#[derive(Debug, Default)]
pub struct Outcome {
    pub body: Option<Value>,
    pub changes: Vec<Change>,
}

impl Store {
    /// Applies the rule to a successful request answered by `response`
    /// with `example`; `body` is the request's, as read.
    pub fn apply(
        &self,
        plan: &OperationPlan,
        schemas: &Schemas,
        request: &Request,
        body: Option<&Value>,
        response: &ResponsePlan,
        example: Option<&Value>,
    ) -> Outcome {
        let action_example = response.documented();
        let Some(schema) = response.schema else {
            return Outcome::default();
        };
        let Ok(mut resources) = self.resources.lock() else {
            return Outcome::default();
        };
        let segments: Vec<&str> = plan
            .path
            .as_str()
            .trim_start_matches('/')
            .split('/')
            .collect();
        // The last path variable holding the id of a stored resource of this schema.
        let found = segments
            .iter()
            .enumerate()
            .rev()
            .find_map(|(index, segment)| {
                let name = segment.strip_prefix('{')?.strip_suffix('}')?;
                let id = request.variable(name)?;
                let resource = resources.get(id).filter(|r| r.schema == schema)?;
                Some((index, id.to_owned(), resource.clone()))
            });
        if let Some((index, id, mut resource)) = found {
            let is_last = index + 1 == segments.len();
            return match (is_last, plan.method) {
                (true, Method::Get | Method::Head) => Outcome {
                    body: Some(resource.value),
                    changes: Vec::new(),
                },
                (true, Method::Delete) => {
                    resources.remove(&id);
                    Outcome {
                        body: example.cloned(),
                        changes: Vec::new(),
                    }
                }
                (true, Method::Put | Method::Patch) => {
                    merge(schemas, schema, &mut resource.value, body);
                    resources.insert(id, resource.clone());
                    Outcome {
                        body: Some(resource.value),
                        changes: Vec::new(),
                    }
                }
                (false, method) if method != Method::Get && method != Method::Head => {
                    let action = segments.last().copied().unwrap_or_default();
                    let before = resource.value.clone();
                    act(schemas, schema, &mut resource, action, action_example);
                    let changes = changes(schema, &before, &resource.value);
                    resources.insert(id, resource.clone());
                    Outcome {
                        body: Some(resource.value),
                        changes,
                    }
                }
                _ => Outcome {
                    body: example.cloned(),
                    changes: Vec::new(),
                },
            };
        }
        if plan.method != Method::Post {
            return Outcome::default();
        }
        let Some(Value::Object(map)) = example else {
            return Outcome::default();
        };
        let Some(example_id) = map.get("id").and_then(id_text) else {
            return Outcome::default();
        };
        let mut value = Value::Object(map.clone());
        merge(schemas, schema, &mut value, body);
        let id = fresh_id(&example_id, |candidate| {
            resources.by_id.contains_key(candidate)
        });
        if let Value::Object(map) = &mut value {
            let id_value = match map.get("id") {
                Some(Value::Number(_)) => id
                    .parse::<i64>()
                    .map_or(Value::String(id.clone()), Value::from),
                _ => Value::String(id.clone()),
            };
            map.insert("id".to_owned(), id_value);
        }
        let resource = Resource {
            value: value.clone(),
            base: Value::Object(map.clone()),
            schema,
        };
        resources.create(id, resource, self.capacity);
        Outcome {
            body: Some(value),
            changes: Vec::new(),
        }
    }
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// `example` if free, else `example` with its last characters replaced by
/// a counter (same length, so length limits hold; digits, which hex and
/// alphanumeric ids allow).
fn fresh_id(example: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(example) {
        return example.to_owned();
    }
    let chars: Vec<char> = example.chars().collect();
    for counter in 1u64.. {
        let digits = counter.to_string();
        let keep = chars.len().saturating_sub(digits.len());
        let candidate: String = chars[..keep].iter().collect::<String>() + &digits;
        if !taken(&candidate) {
            return candidate;
        }
    }
    unreachable!("a u64 counter runs out only after more ids than memory holds")
}

/// The request's top-level fields, over `value`, where the schema declares
/// them with a fitting type and they hold no card number or credential.
fn merge(schemas: &Schemas, schema: SchemaId, value: &mut Value, body: Option<&Value>) {
    let (Value::Object(target), Some(Value::Object(fields))) = (value, body) else {
        return;
    };
    for (key, field) in fields {
        if key == "id" {
            continue;
        }
        let Some(property) = property(schemas, schema, key) else {
            continue;
        };
        let text = field.to_string();
        if redact::holds_card_number(&text) || redact::holds_credential(&text) {
            continue;
        }
        if fits(schemas, property, field) {
            target.insert(key.clone(), field.clone());
        }
    }
}

fn property(schemas: &Schemas, schema: SchemaId, name: &str) -> Option<SchemaId> {
    let node = schemas.get(schema);
    node.property(name).or_else(|| {
        node.all_of
            .iter()
            .find_map(|member| schemas.get(*member).property(name))
    })
}

fn fits(schemas: &Schemas, property: SchemaId, value: &Value) -> bool {
    let schema = schemas.get(property);
    if let Some(values) = &schema.enumeration {
        return values.contains(value);
    }
    match (schema.schema_type, value) {
        (None, _) => true,
        (_, Value::Null) => schema.nullable,
        (Some(SchemaType::String), Value::String(_))
        | (Some(SchemaType::Boolean), Value::Bool(_))
        | (Some(SchemaType::Number), Value::Number(_))
        | (Some(SchemaType::Array), Value::Array(_))
        | (Some(SchemaType::Object), Value::Object(_)) => true,
        (Some(SchemaType::Integer), Value::Number(n)) => n.is_i64() || n.is_u64(),
        _ => false,
    }
}

fn act(
    schemas: &Schemas,
    schema: SchemaId,
    resource: &mut Resource,
    action: &str,
    documented: Option<&Value>,
) {
    let Value::Object(target) = &mut resource.value else {
        return;
    };
    if let Some(Value::Object(example)) = documented {
        for (key, value) in example {
            if key != "id" && resource.base.get(key) != Some(value) {
                target.insert(key.clone(), value.clone());
            }
        }
        return;
    }
    let action = action.to_ascii_lowercase();
    if action.len() < 3 {
        return;
    }
    let node = schemas.get(schema);
    for (name, property) in &node.properties {
        let Some(values) = &schemas.get(*property).enumeration else {
            continue;
        };
        let reached = values
            .iter()
            .filter_map(Value::as_str)
            .find(|v| v.to_ascii_lowercase().starts_with(&action));
        if let Some(value) = reached {
            target.insert(name.clone(), Value::String(value.to_owned()));
        }
    }
}

fn changes(schema: SchemaId, before: &Value, after: &Value) -> Vec<Change> {
    let (Some(before), Some(after_map)) = (before.as_object(), after.as_object()) else {
        return Vec::new();
    };
    after_map
        .iter()
        .filter_map(|(key, value)| {
            let to = value.as_str()?;
            let from = before.get(key).and_then(Value::as_str);
            (from != Some(to)).then(|| Change {
                schema,
                property: key.clone(),
                from: from.map(str::to_owned),
                to: to.to_owned(),
                resource: after.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_id_gets_a_counter_of_the_same_length() {
        let taken = ["pay_abc", "pay_ab1"];
        assert_eq!(fresh_id("pay_xyz", |c| taken.contains(&c)), "pay_xyz");
        assert_eq!(fresh_id("pay_abc", |c| taken.contains(&c)), "pay_ab2");
    }

    #[test]
    fn the_store_forgets_the_oldest_creation_beyond_its_capacity() {
        let spec = openapi_sdkgen::load::load_str(
            std::path::Path::new("t.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {Item: {type: object}}}\n",
        )
        .expect("spec loads");
        let api = openapi_sdkgen::front::read_api(&spec).expect("front end");
        let schema = api
            .schemas
            .at("/components/schemas/Item")
            .expect("Item is read");
        let resource = |n: u64| Resource {
            value: Value::from(n),
            base: Value::Null,
            schema,
        };
        let mut resources = Resources::default();
        resources.create("a".into(), resource(1), 2);
        resources.create("b".into(), resource(2), 2);
        resources.remove("b");
        resources.create("c".into(), resource(3), 2);
        resources.create("d".into(), resource(4), 2);
        // "a" is forgotten; "b" was deleted; deletions never let it grow.
        assert!(resources.get("a").is_none());
        assert!(resources.get("b").is_none());
        assert_eq!(resources.get("d").map(|r| &r.value), Some(&Value::from(4)));
        assert!(resources.created.len() <= 2 && resources.by_id.len() <= 2);
    }
}
