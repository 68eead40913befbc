//! Examples made from a schema when the spec documents none: the
//! schema's own `example` or `default` where it has one, else a value that
//! honours type, format, enum, bounds, lengths, pattern, required,
//! allOf/oneOf/anyOf (with the discriminator's tag) and readOnly /
//! writeOnly. The same seed gives the same value. Schemas that refer to
//! themselves are cut after [`MAX_DEPTH`] levels: optional properties go
//! first, then the value becomes the smallest one its type allows.

use openapi_sdkgen::front::{Additional, Schema, SchemaId, SchemaType, Schemas};
use openapi_sdkgen::validate::Sender;
use openapi_sdkgen::Spec;
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde_json::{Map, Number, Value};

use crate::examples;
use crate::pattern_text;

/// Levels of nesting after which only required properties are made.
pub const MAX_DEPTH: usize = 8;
/// Levels after which nothing more is nested at all.
const HARD_DEPTH: usize = 16;

/// A value for schema `id`, as `sender` would send it.
pub fn example(spec: &Spec, schemas: &Schemas, id: SchemaId, sender: Sender, seed: u64) -> Value {
    let mut generator = Generator {
        spec,
        schemas,
        sender,
        rng: Pcg64Mcg::seed_from_u64(seed),
    };
    generator.value(id, 0)
}

struct Generator<'a> {
    spec: &'a Spec,
    schemas: &'a Schemas,
    sender: Sender,
    rng: Pcg64Mcg,
}

impl Generator<'_> {
    fn pick(&mut self, len: usize) -> usize {
        (self.rng.next_u64() % len.max(1) as u64) as usize
    }

    fn value(&mut self, id: SchemaId, depth: usize) -> Value {
        let schema = self.schemas.get(id);
        if let Some(value) = examples::of_schema(self.spec, schema.pointer()) {
            return value;
        }
        if let Some(value) = &schema.default {
            return value.clone();
        }
        if let Some(values) = schema.enumeration.as_ref().filter(|v| !v.is_empty()) {
            return values[self.pick(values.len())].clone();
        }
        if depth > HARD_DEPTH {
            return self.smallest(schema);
        }
        if !schema.all_of.is_empty() {
            return self.all_of(schema, depth);
        }
        let members = if schema.one_of.is_empty() {
            &schema.any_of
        } else {
            &schema.one_of
        };
        if !members.is_empty() {
            let chosen = members[self.pick(members.len())];
            let mut value = self.value(chosen, depth + 1);
            if let (Some(discriminator), Value::Object(map)) = (&schema.discriminator, &mut value) {
                if let Some((tag, _)) = discriminator.mapping.iter().find(|(_, m)| *m == chosen) {
                    map.insert(
                        discriminator.property_name.clone(),
                        Value::String(tag.clone()),
                    );
                }
            }
            return value;
        }
        match effective_type(schema) {
            SchemaType::String => Value::String(self.string(schema)),
            SchemaType::Integer => self.integer(schema),
            SchemaType::Number => self.number(schema),
            SchemaType::Boolean => Value::Bool(self.rng.next_u32() % 2 == 0),
            SchemaType::Array => self.array(schema, depth),
            SchemaType::Object => Value::Object(self.object(schema, depth)),
        }
    }

    /// The members' objects merged, then the schema's own properties.
    fn all_of(&mut self, schema: &Schema, depth: usize) -> Value {
        let mut merged = Map::new();
        let mut last = Value::Null;
        for &member in &schema.all_of {
            match self.value(member, depth + 1) {
                Value::Object(map) => merged.extend(map),
                other => last = other,
            }
        }
        if !schema.properties.is_empty() {
            merged.extend(self.object(schema, depth));
        }
        if merged.is_empty() && !last.is_null() {
            return last;
        }
        Value::Object(merged)
    }

    fn smallest(&self, schema: &Schema) -> Value {
        if schema.nullable {
            return Value::Null;
        }
        match effective_type(schema) {
            SchemaType::String => {
                Value::String("x".repeat(schema.min_length.unwrap_or(0) as usize))
            }
            SchemaType::Integer | SchemaType::Number => Value::from(0),
            SchemaType::Boolean => Value::Bool(false),
            SchemaType::Array => Value::Array(Vec::new()),
            SchemaType::Object => Value::Object(Map::new()),
        }
    }

    fn string(&mut self, schema: &Schema) -> String {
        let n = self.rng.next_u32();
        let text = match schema.format.as_deref() {
            Some("date-time") => format!(
                "2024-{:02}-{:02}T{:02}:{:02}:00Z",
                1 + n % 12,
                1 + n % 28,
                n % 24,
                n % 60
            ),
            Some("date") => format!("2024-{:02}-{:02}", 1 + n % 12, 1 + n % 28),
            Some("time") => format!("{:02}:{:02}:00Z", n % 24, n % 60),
            Some("email") => format!("user{}@example.com", n % 1000),
            Some("uuid") => {
                let a = self.rng.next_u64();
                let b = self.rng.next_u64();
                format!(
                    "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                    a >> 32,
                    a & 0xffff,
                    (a >> 16) & 0xfff,
                    b & 0xfff,
                    b >> 16
                )
            }
            Some("uri" | "url" | "uri-reference") => format!("https://example.com/{}", n % 1000),
            Some("hostname") => format!("host{}.example.com", n % 1000),
            Some("ipv4") => format!("192.0.2.{}", n % 255),
            Some("ipv6") => format!("2001:db8::{:x}", n % 0xffff),
            Some("byte") => "ZXhhbXBsZQ==".to_owned(),
            _ => match schema.pattern.as_deref() {
                Some(pattern) => match pattern_text::matching(pattern, &mut self.rng) {
                    Some(text) => return text,
                    None => self.word(),
                },
                None => self.word(),
            },
        };
        fit_length(text, schema.min_length, schema.max_length)
    }

    fn word(&mut self) -> String {
        const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..8)
            .map(|_| LETTERS[self.pick(LETTERS.len())] as char)
            .collect()
    }

    fn integer(&mut self, schema: &Schema) -> Value {
        let mut low = schema.minimum.map_or(0.0, |b| {
            if b.exclusive {
                b.value.floor() + 1.0
            } else {
                b.value.ceil()
            }
        });
        let high = schema.maximum.map_or(low.max(0.0) + 1000.0, |b| {
            if b.exclusive {
                b.value.ceil() - 1.0
            } else {
                b.value.floor()
            }
        });
        if schema.minimum.is_none() && high < low {
            low = high - 1000.0;
        }
        let span = (high - low).max(0.0) as u64;
        let mut value = low as i64 + (self.rng.next_u64() % (span + 1)) as i64;
        if let Some(step) = schema.multiple_of.filter(|s| *s >= 1.0 && s.fract() == 0.0) {
            let step = step as i64;
            value = (value / step) * step;
            if (value as f64) < low {
                value += step;
            }
        }
        if schema.format.as_deref() == Some("int32") {
            value = value.clamp(i64::from(i32::MIN), i64::from(i32::MAX));
        }
        Value::from(value)
    }

    fn number(&mut self, schema: &Schema) -> Value {
        let low = schema.minimum.map_or(0.0, |b| b.value);
        let high = schema.maximum.map_or(low + 1000.0, |b| b.value);
        let fraction = (self.rng.next_u32() % 1000) as f64 / 1000.0;
        let mut value = low + (high - low) * fraction;
        if let Some(step) = schema.multiple_of.filter(|s| *s > 0.0) {
            value = (value / step).ceil() * step;
            if value > high {
                value -= step;
            }
        }
        if schema.minimum.is_some_and(|b| b.exclusive && value <= low)
            || schema.maximum.is_some_and(|b| b.exclusive && value >= high)
        {
            value = (low + high) / 2.0;
        }
        Number::from_f64(value).map_or(Value::from(0), Value::Number)
    }

    fn array(&mut self, schema: &Schema, depth: usize) -> Value {
        let Some(items) = schema.items else {
            return Value::Array(Vec::new());
        };
        let low = schema
            .min_items
            .unwrap_or(if depth >= MAX_DEPTH { 0 } else { 1 }) as usize;
        let count = low
            .min(schema.max_items.map_or(usize::MAX, |m| m as usize))
            .min(64);
        let mut values: Vec<Value> = Vec::with_capacity(count);
        let mut tries = 0;
        while values.len() < count && tries < count * 4 + 4 {
            tries += 1;
            let value = self.value(items, depth + 1);
            if !schema.unique_items || !values.contains(&value) {
                values.push(value);
            }
        }
        Value::Array(values)
    }

    fn object(&mut self, schema: &Schema, depth: usize) -> Map<String, Value> {
        let mut map = Map::new();
        for (name, property) in &schema.properties {
            let property_schema = self.schemas.get(*property);
            let excluded = match self.sender {
                Sender::Client => property_schema.read_only,
                Sender::Provider => property_schema.write_only,
            };
            if excluded || (depth >= MAX_DEPTH && !schema.requires(name)) {
                continue;
            }
            let value = self.value(*property, depth + 1);
            map.insert(name.clone(), value);
        }
        let wanted = schema.min_properties.unwrap_or(0) as usize;
        let mut index = 1;
        while map.len() < wanted && index < 64 {
            let value = match schema.additional_properties {
                Additional::Schema(extra) => self.value(extra, depth + 1),
                _ => Value::String(self.word()),
            };
            map.insert(format!("key{index}"), value);
            index += 1;
        }
        map
    }
}

/// The type a schema is generated as: its own, else what its keywords
/// imply (properties → object, items → array), else string.
fn effective_type(schema: &Schema) -> SchemaType {
    schema.schema_type.unwrap_or(
        if !schema.properties.is_empty() || schema.additional_properties != Additional::Absent {
            SchemaType::Object
        } else if schema.items.is_some() {
            SchemaType::Array
        } else {
            SchemaType::String
        },
    )
}

/// Pads with `x` or cuts (by characters) to fit the length bounds.
fn fit_length(mut text: String, min: Option<u64>, max: Option<u64>) -> String {
    let min = min.unwrap_or(0) as usize;
    let count = text.chars().count();
    if count < min {
        text.extend(std::iter::repeat_n('x', min - count));
    }
    if let Some(max) = max.map(|m| m as usize) {
        if text.chars().count() > max {
            text = text.chars().take(max).collect();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use openapi_sdkgen::validate::{Options, Target, Validator};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [id, kind, children]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        kind: {type: string, enum: [leaf, branch]}
        code: {type: string, pattern: '^[A-Z]{3}$'}
        name: {type: string, minLength: 3, maxLength: 5}
        count: {type: integer, minimum: 10, maximum: 12}
        ratio: {type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}
        when: {type: string, format: date-time}
        parent: {allOf: [{$ref: '#/components/schemas/Node'}], nullable: true}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        pet: {$ref: '#/components/schemas/Pet'}
        secret: {type: string, writeOnly: true}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, lives: {type: integer, maximum: 9}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
    Documented: {type: object, example: {given: true}, properties: {given: {type: boolean}}}
"##;

    fn spec() -> (Spec, openapi_sdkgen::front::Api) {
        let spec =
            openapi_sdkgen::load::load_str(std::path::Path::new("t.yaml"), SPEC).expect("loads");
        let api = openapi_sdkgen::front::read_api(&spec).expect("front end");
        (spec, api)
    }

    fn component(api: &openapi_sdkgen::front::Api, name: &str) -> SchemaId {
        api.components
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
            .expect("component")
    }

    #[test]
    fn a_self_referring_schema_gives_a_valid_bounded_value_for_every_seed() {
        let (spec, api) = spec();
        let node = component(&api, "Node");
        let validator = Validator::new(&spec, Target::Schema("Node".into()), Options::default())
            .expect("validator");
        for seed in 0..20 {
            let value = example(&spec, &api.schemas, node, Sender::Provider, seed);
            let violations = validator.violations(&value);
            assert!(
                violations.is_empty(),
                "seed {seed}: {violations:?}\n{value:#}"
            );
            assert!(
                value.get("secret").is_none(),
                "writeOnly left out of a response"
            );
            assert!(value.to_string().len() < 1_000_000);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_value_and_another_seed_another() {
        let (spec, api) = spec();
        let node = component(&api, "Node");
        let one = example(&spec, &api.schemas, node, Sender::Provider, 1);
        assert_eq!(one, example(&spec, &api.schemas, node, Sender::Provider, 1));
        assert_ne!(one, example(&spec, &api.schemas, node, Sender::Provider, 2));
    }

    #[test]
    fn a_union_member_carries_its_discriminator_tag_and_a_schema_example_wins() {
        let (spec, api) = spec();
        for seed in 0..8 {
            let pet = example(
                &spec,
                &api.schemas,
                component(&api, "Pet"),
                Sender::Provider,
                seed,
            );
            let kind = pet["kind"].as_str().expect("tag");
            assert!(kind == "Cat" || kind == "Dog", "{pet}");
        }
        let documented = example(
            &spec,
            &api.schemas,
            component(&api, "Documented"),
            Sender::Provider,
            0,
        );
        assert_eq!(documented, serde_json::json!({"given": true}));
    }

    #[test]
    fn a_request_leaves_read_only_properties_out() {
        let (spec, api) = spec();
        let value = example(
            &spec,
            &api.schemas,
            component(&api, "Node"),
            Sender::Client,
            3,
        );
        assert!(value.get("id").is_none() && value.get("secret").is_some());
    }
}
