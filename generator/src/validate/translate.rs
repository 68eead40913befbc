//! OpenAPI 3.0 Schema Objects → one JSON Schema (draft 2020-12) document.
//!
//! OpenAPI 3.0 schemas are a dialect of JSON Schema draft 5 with a few
//! keywords of their own. The translation keeps every validation keyword
//! and rewrites the ones that differ:
//!
//! - `nullable: true` → `"type": [T, "null"]` (an `enum` gains `null`); on a
//!   schema built from `allOf`/`oneOf`/`anyOf`, which a type array cannot
//!   widen, → `anyOf: [schema, {"type": "null"}]`.
//! - boolean `exclusiveMinimum`/`exclusiveMaximum` → the numeric form,
//!   replacing `minimum`/`maximum`.
//! - `discriminator` is dropped (it has no 2020-12 meaning) after shaping
//!   the union it belongs to: `oneOf`/`anyOf` stay, and each `$ref` branch
//!   a tag maps to also requires the property to hold one of its tags, so
//!   the tag picks the branch (as OpenAPI tools and the generated SDK read
//!   it). The tags are remembered in [`Notes`], so reports explain a failed
//!   union through the branch the tag selects.
//! - `readOnly` properties leave `properties` and `required` of requests,
//!   `writeOnly` ones those of responses and callbacks.
//! - `$ref: #/components/schemas/X` → `$ref: #/$defs/X`; other local
//!   `$ref`s are inlined. Siblings of a `$ref` are ignored, as OpenAPI 3.0
//!   says (and as the generator's model does).
//! - `example`, `externalDocs`, `xml`, `x-*` and keywords OpenAPI 3.0 does
//!   not define are dropped. `format` stays, except a format `jsonschema`
//!   would assert that the SDK does not check ([`crate::formats`] lists
//!   those both check; the generator warns about the others): it is
//!   dropped, so the two validators assert the same formats.
//! - a `pattern` that is not an ECMA-262 regular expression
//!   ([`crate::pattern`]) is a spec error at the `pattern` node.
//! - `type: integer` gains `integerRange: "i64"` (`"i32"` for `format:
//!   int32`), a keyword of ours that accepts only what the SDK's serde
//!   types read: a literal without fraction or exponent, in range.
//! - strict mode closes every object in a value position with
//!   `unevaluatedProperties: false`, so properties that `allOf` members
//!   declare still count as known. Definitions stay open: closing them
//!   would reject the properties a schema that extends them adds.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::target::Direction;
use crate::error::{SpecError, SpecErrorKind, Warning};
use crate::load::{escape_segment, Spec};

mod direction;
pub(super) mod integer;
mod strict;
mod unions;

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
const COMPONENTS: &str = "/components/schemas/";
/// Far deeper than any real chain of `$ref`s and `allOf`s; a loop stops here.
const MAX_DEPTH: usize = 32;
const TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "array", "object"];
/// Keywords OpenAPI 3.0 shares with JSON Schema unchanged (`type` is
/// checked, the rest copied).
const COPIED: [&str; 18] = [
    "format",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "enum",
    "maxLength",
    "minLength",
    "maximum",
    "minimum",
    "multipleOf",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
];

/// What reports need to know about the translated document, by JSON
/// pointer into it.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// What the translation left out, and why (patterns it cannot use).
    pub warnings: Vec<Warning>,
    /// Schemas whose values are secrets (`format: password`, `x-sensitive`),
    /// and `$ref`s marked so; everything evaluated below one is secret too.
    pub sensitive: BTreeSet<String>,
    /// Schemas holding a `oneOf`/`anyOf` with a discriminator.
    pub discriminators: BTreeMap<String, Discriminator>,
    /// Translated schema → the spec node it comes from.
    pub origins: BTreeMap<String, String>,
}

/// The property that selects a union's branch, and which tag selects which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Discriminator {
    pub property: String,
    /// Tag → index of the branch in the union.
    pub tags: Vec<(String, usize)>,
}

#[derive(Debug)]
pub(super) struct Translation {
    pub schema: Value,
    pub notes: Notes,
}

/// Where a schema is used. Only a value position (a document root, a
/// property, array items) is closed in strict mode; a schema applied in
/// place (`allOf` member, definition) shares its object with others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Value,
    InPlace,
}

/// Translates the schema at `pointer` in `spec`, with every component it
/// reaches under `$defs`.
pub(super) fn translate(
    spec: &Spec,
    pointer: &str,
    direction: Direction,
    strict: bool,
) -> Result<Translation, SpecError> {
    let mut translator = Translator {
        spec,
        direction,
        strict,
        notes: Notes::default(),
        pending: BTreeSet::new(),
        defs: IndexMap::new(),
        inlining: Vec::new(),
    };
    let root = match component_key(pointer) {
        Some(key) => translator.reference(key, Place::Value)?,
        None => translator.node(pointer, "", Place::Value)?,
    };
    translator.definitions()?;
    let mut document = Map::new();
    document.insert("$schema".into(), DIALECT.into());
    if let Value::Object(root) = root {
        document.extend(root);
    }
    let defs = translator.ordered_defs();
    if !defs.is_empty() {
        document.insert("$defs".into(), Value::Object(defs));
    }
    Ok(Translation {
        schema: Value::Object(document),
        notes: translator.notes,
    })
}

struct Translator<'a> {
    spec: &'a Spec,
    direction: Direction,
    strict: bool,
    notes: Notes,
    /// Components referenced but not translated yet (escaped keys).
    pending: BTreeSet<String>,
    /// Translated components, by escaped key, in the order first reached.
    defs: IndexMap<String, Value>,
    /// Non-component `$ref`s being inlined, to report loops.
    inlining: Vec<String>,
}

impl<'a> Translator<'a> {
    fn node(&mut self, at: &str, out: &str, place: Place) -> Result<Value, SpecError> {
        let raw = self.object(at)?;
        self.notes.origins.insert(out.to_owned(), at.to_owned());
        if let Some(reference) = raw.get("$ref") {
            let reference = reference
                .as_str()
                .ok_or_else(|| self.shape(&format!("{at}/$ref"), "`$ref` must be a string"))?;
            // The one sibling of a `$ref` that is kept: marking a use of a
            // schema secret can only hide more, as the generator's model does.
            if is_sensitive(raw) {
                self.notes.sensitive.insert(out.to_owned());
            }
            return self.follow(at, reference, out, place);
        }
        let nullable = raw.get("nullable") == Some(&Value::Bool(true));
        let composed = ["allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| raw.contains_key(*k));
        let schema = if nullable && composed {
            let inner_out = format!("{out}/anyOf/0");
            self.notes.origins.insert(inner_out.clone(), at.to_owned());
            let inner = self.body(raw, at, &inner_out)?;
            let mut wrapper = Map::new();
            wrapper.insert("anyOf".into(), json!([inner, {"type": "null"}]));
            wrapper
        } else {
            let mut schema = self.body(raw, at, out)?;
            if nullable {
                allow_null(&mut schema);
            }
            schema
        };
        Ok(self.close(schema, raw, place))
    }

    /// Every keyword of a schema object but `nullable` and `$ref`.
    fn body(
        &mut self,
        raw: &Map<String, Value>,
        at: &str,
        out: &str,
    ) -> Result<Map<String, Value>, SpecError> {
        // Known before the union's branches are built: the tags shape them.
        if let Some(discriminator) = raw.get("discriminator") {
            self.discriminator(discriminator, raw, at, out)?;
        }
        let mut schema = Map::new();
        for (key, value) in raw {
            let child_at = format!("{at}/{}", escape_segment(key));
            let child_out = format!("{out}/{}", escape_segment(key));
            let translated = match key.as_str() {
                "type" => {
                    let known = value.as_str().filter(|t| TYPES.contains(t));
                    if known.is_none() {
                        let kind = SpecErrorKind::UnknownType {
                            found: value.to_string(),
                        };
                        return Err(self.fail(&child_at, kind));
                    }
                    value.clone()
                }
                "properties" => self.properties(value, at, &child_out)?,
                "required" => match self.required(value, at) {
                    Some(names) => names,
                    None => continue,
                },
                "additionalProperties" if value.is_boolean() => value.clone(),
                "additionalProperties" | "items" => {
                    self.node(&child_at, &child_out, Place::Value)?
                }
                "allOf" | "oneOf" | "anyOf" => {
                    let count = value.as_array().map_or(0, Vec::len);
                    let mut members = Vec::with_capacity(count);
                    for index in 0..count {
                        let member_at = format!("{child_at}/{index}");
                        let member =
                            self.node(&member_at, &format!("{child_out}/{index}"), Place::InPlace)?;
                        members.push(self.tagged(member, key, out, index));
                    }
                    Value::Array(members)
                }
                "not" => self.node(&child_at, &child_out, Place::InPlace)?,
                "format"
                    if value
                        .as_str()
                        .is_some_and(super::keywords::is_unchecked_format) =>
                {
                    continue
                }
                "pattern" => match self.usable_pattern(value, &child_at)? {
                    true => value.clone(),
                    false => continue,
                },
                key if COPIED.contains(&key) => value.clone(),
                // nullable and the exclusive bounds are applied below;
                // everything else has no JSON Schema meaning.
                _ => continue,
            };
            schema.insert(key.clone(), translated);
        }
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            match raw.get(flag) {
                Some(Value::Bool(true)) => {
                    if let Some(limit) = schema.remove(bound) {
                        schema.insert(flag.into(), limit);
                    }
                }
                Some(limit @ Value::Number(_)) => {
                    schema.insert(flag.into(), limit.clone());
                }
                _ => {}
            }
        }
        if raw.get("type").and_then(Value::as_str) == Some("integer") {
            schema.insert(integer::KEYWORD.into(), integer::rust_type(raw).into());
        }
        if is_sensitive(raw) {
            self.notes.sensitive.insert(out.to_owned());
        }
        Ok(schema)
    }

    /// Whether the pattern compiles ([`crate::pattern::compile`]); one that
    /// does not is left out, with the generator's warning, so the two
    /// validators check the same patterns.
    fn usable_pattern(&mut self, value: &Value, at: &str) -> Result<bool, SpecError> {
        let pattern = value
            .as_str()
            .ok_or_else(|| self.shape(at, "`pattern` must be a string"))?;
        match crate::pattern::compile(pattern) {
            Ok(_) => Ok(true),
            Err(e) => {
                let message = crate::model::unusable_pattern(pattern, &e);
                self.notes.warnings.push(self.warning(at, message));
                Ok(false)
            }
        }
    }

    fn properties(&mut self, value: &Value, at: &str, out: &str) -> Result<Value, SpecError> {
        let names: Vec<String> = value
            .as_object()
            .ok_or_else(|| self.shape(&format!("{at}/properties"), "`properties` must be a map"))?
            .keys()
            .cloned()
            .collect();
        let mut properties = Map::new();
        for name in names {
            let property_at = format!("{at}/properties/{}", escape_segment(&name));
            if self.left_out(&property_at) {
                continue;
            }
            let property_out = format!("{out}/{}", escape_segment(&name));
            let schema = self.node(&property_at, &property_out, Place::Value)?;
            properties.insert(name, schema);
        }
        Ok(Value::Object(properties))
    }

    fn follow(
        &mut self,
        at: &str,
        reference: &str,
        out: &str,
        place: Place,
    ) -> Result<Value, SpecError> {
        let Some(target) = reference.strip_prefix('#') else {
            let kind = SpecErrorKind::ExternalRef {
                reference: reference.to_owned(),
            };
            return Err(self.fail(&format!("{at}/$ref"), kind));
        };
        if let Some(key) = component_key(target) {
            return self.reference(key, place);
        }
        if self.inlining.iter().any(|seen| seen == target) {
            let mut chain = self.inlining.clone();
            chain.push(target.to_owned());
            let kind = SpecErrorKind::CyclicRef {
                chain: chain.join(" → "),
            };
            return Err(self.fail(&format!("{at}/$ref"), kind));
        }
        self.inlining.push(target.to_owned());
        let schema = self.node(target, out, place);
        self.inlining.pop();
        schema
    }

    /// A use of the component with the (escaped) key `key`.
    fn reference(&mut self, key: &str, place: Place) -> Result<Value, SpecError> {
        let at = format!("{COMPONENTS}{key}");
        let raw = self.object(&at)?;
        if !self.defs.contains_key(key) {
            self.pending.insert(key.to_owned());
        }
        let mut schema = Map::new();
        schema.insert("$ref".into(), format!("#/$defs/{key}").into());
        Ok(self.close(schema, raw, place))
    }

    /// Translates every component referenced, and those they reference.
    fn definitions(&mut self) -> Result<(), SpecError> {
        while let Some(key) = self.pending.pop_first() {
            // Reserve the slot first: a component may refer to itself.
            self.defs.insert(key.clone(), Value::Null);
            let schema = self.node(
                &format!("{COMPONENTS}{key}"),
                &format!("/$defs/{key}"),
                Place::InPlace,
            )?;
            self.defs.insert(key, schema);
        }
        Ok(())
    }

    /// The definitions in the order they were first reached: deterministic,
    /// and independent of how many other components the spec has.
    fn ordered_defs(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.defs)
            .into_iter()
            .map(|(key, schema)| (key.replace("~1", "/").replace("~0", "~"), schema))
            .collect()
    }

    fn object(&self, at: &str) -> Result<&'a Map<String, Value>, SpecError> {
        let spec: &'a Spec = self.spec;
        spec.node(at)
            .and_then(Value::as_object)
            .ok_or_else(|| self.shape(at, "expected a schema object here"))
    }

    fn warning(&self, at: &str, message: String) -> Warning {
        self.spec.warning(at, message)
    }

    fn shape(&self, at: &str, message: &str) -> SpecError {
        self.fail(at, SpecErrorKind::Shape(message.to_owned()))
    }

    fn fail(&self, at: &str, kind: SpecErrorKind) -> SpecError {
        self.spec.error(at, kind)
    }
}

/// The escaped key of `/components/schemas/<key>`, when `pointer` is one.
fn component_key(pointer: &str) -> Option<&str> {
    pointer
        .strip_prefix(COMPONENTS)
        .filter(|key| !key.contains('/'))
}

fn allow_null(schema: &mut Map<String, Value>) {
    if let Some(Value::String(name)) = schema.get("type") {
        let widened = json!([name, "null"]);
        schema.insert("type".into(), widened);
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
}

/// Secrets, as the generator marks them: `format: password` or
/// `x-sensitive: true`.
fn is_sensitive(raw: &Map<String, Value>) -> bool {
    raw.get("format").and_then(Value::as_str) == Some("password")
        || raw.get("x-sensitive") == Some(&Value::Bool(true))
}
