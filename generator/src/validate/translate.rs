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
use crate::front::{child_pointer, Additional, Bound, Schema, Schemas, Site};
use crate::load::Spec;

mod direction;
pub(super) mod integer;
mod strict;
mod unions;

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
const COMPONENTS: &str = "/components/schemas/";
/// Far deeper than any real chain of `$ref`s and `allOf`s; a loop stops here.
const MAX_DEPTH: usize = 32;
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
/// reaches under `$defs`. The schemas are the front end's, read once.
pub(super) fn translate(
    spec: &Spec,
    schemas: &Schemas,
    pointer: &str,
    direction: Direction,
    strict: bool,
) -> Result<Translation, SpecError> {
    let mut translator = Translator {
        spec,
        schemas,
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
    schemas: &'a Schemas,
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
        self.notes.origins.insert(out.to_owned(), at.to_owned());
        let id = match self.site(at)? {
            Site::Reference(reference) => {
                // The one sibling of a `$ref` that is kept: marking a use of
                // a schema secret can only hide more, as the model does.
                if is_sensitive(&reference.siblings) {
                    self.notes.sensitive.insert(out.to_owned());
                }
                return self.follow(at, &reference.written, out, place);
            }
            Site::Schema(id) => id,
        };
        let schemas: &'a Schemas = self.schemas;
        let schema = schemas.get(id);
        let composed =
            !schema.all_of.is_empty() || !schema.one_of.is_empty() || !schema.any_of.is_empty();
        let translated = if schema.nullable && composed {
            let inner_out = format!("{out}/anyOf/0");
            self.notes.origins.insert(inner_out.clone(), at.to_owned());
            let inner = self.body(schema, at, &inner_out)?;
            let mut wrapper = Map::new();
            wrapper.insert("anyOf".into(), json!([inner, {"type": "null"}]));
            wrapper
        } else {
            let mut translated = self.body(schema, at, out)?;
            if schema.nullable {
                allow_null(&mut translated);
            }
            translated
        };
        Ok(self.close(translated, id, place))
    }

    /// Every keyword of a schema but `nullable`: the validation keywords
    /// and the annotations JSON Schema shares.
    fn body(
        &mut self,
        schema: &'a Schema,
        at: &str,
        out: &str,
    ) -> Result<Map<String, Value>, SpecError> {
        // Known before the union's branches are built: the tags shape them.
        if let Some(discriminator) = &schema.discriminator {
            self.discriminator(discriminator, schema, at, out)?;
        }
        let mut translated = annotations(schema);
        self.value_keywords(schema, at, &mut translated)?;
        if !schema.properties.is_empty() {
            let properties = self.properties(schema, at, &child_pointer(out, "properties"))?;
            translated.insert("properties".into(), properties);
        }
        if let Some(required) = self.required(schema) {
            translated.insert("required".into(), required);
        }
        match schema.additional_properties {
            Additional::Absent => {}
            Additional::Allowed(allowed) => {
                translated.insert("additionalProperties".into(), allowed.into());
            }
            Additional::Schema(_) => {
                let keyword = "additionalProperties";
                let value = self.child(at, out, keyword, Place::Value)?;
                translated.insert(keyword.into(), value);
            }
        }
        if schema.items.is_some() {
            let items = self.child(at, out, "items", Place::Value)?;
            translated.insert("items".into(), items);
        }
        for (keyword, members) in [
            ("allOf", &schema.all_of),
            ("oneOf", &schema.one_of),
            ("anyOf", &schema.any_of),
        ] {
            if members.is_empty() {
                continue;
            }
            let (keyword_at, keyword_out) =
                (child_pointer(at, keyword), child_pointer(out, keyword));
            let mut translated_members = Vec::with_capacity(members.len());
            for index in 0..members.len() {
                let member_at = format!("{keyword_at}/{index}");
                let member_out = format!("{keyword_out}/{index}");
                let member = self.node(&member_at, &member_out, Place::InPlace)?;
                translated_members.push(self.tagged(member, keyword, out, index));
            }
            translated.insert(keyword.into(), Value::Array(translated_members));
        }
        if schema.not.is_some() {
            let not = self.child(at, out, "not", Place::InPlace)?;
            translated.insert("not".into(), not);
        }
        if is_sensitive(schema) {
            self.notes.sensitive.insert(out.to_owned());
        }
        Ok(translated)
    }

    /// The subschema under `keyword` (`items`, `not`, ...).
    fn child(
        &mut self,
        at: &str,
        out: &str,
        keyword: &str,
        place: Place,
    ) -> Result<Value, SpecError> {
        self.node(
            &child_pointer(at, keyword),
            &child_pointer(out, keyword),
            place,
        )
    }

    /// `type`, `format`, `enum` and the limits, in JSON Schema's spelling.
    fn value_keywords(
        &mut self,
        schema: &Schema,
        at: &str,
        translated: &mut Map<String, Value>,
    ) -> Result<(), SpecError> {
        if let Some(schema_type) = schema.schema_type {
            translated.insert("type".into(), schema_type.as_str().into());
        }
        if let Some(format) = &schema.format {
            if !super::keywords::is_unchecked_format(format) {
                translated.insert("format".into(), format.clone().into());
            }
        }
        if let Some(values) = &schema.enumeration {
            translated.insert("enum".into(), Value::Array(values.clone()));
        }
        if let Some(pattern) = &schema.pattern {
            if self.usable_pattern(pattern, &child_pointer(at, "pattern")) {
                translated.insert("pattern".into(), pattern.clone().into());
            }
        }
        let counts = [
            ("maxLength", schema.max_length),
            ("minLength", schema.min_length),
            ("maxItems", schema.max_items),
            ("minItems", schema.min_items),
            ("maxProperties", schema.max_properties),
            ("minProperties", schema.min_properties),
        ];
        for (keyword, count) in counts {
            if let Some(count) = count {
                translated.insert(keyword.into(), count.into());
            }
        }
        if schema.unique_items {
            translated.insert("uniqueItems".into(), true.into());
        }
        if let Some(factor) = schema.multiple_of {
            translated.insert("multipleOf".into(), number(factor));
        }
        // 3.0's boolean `exclusiveMinimum` becomes 2020-12's numeric one.
        for (bound, inclusive, exclusive) in [
            (schema.minimum, "minimum", "exclusiveMinimum"),
            (schema.maximum, "maximum", "exclusiveMaximum"),
        ] {
            if let Some(Bound {
                value,
                exclusive: open,
            }) = bound
            {
                let keyword = if open { exclusive } else { inclusive };
                translated.insert(keyword.into(), number(value));
            }
        }
        if schema.schema_type == Some(crate::front::SchemaType::Integer) {
            translated.insert(integer::KEYWORD.into(), integer::rust_type(schema).into());
        }
        Ok(())
    }

    /// Whether the pattern compiles ([`crate::pattern::compile`]); one that
    /// does not is left out, with the generator's warning, so the two
    /// validators check the same patterns.
    fn usable_pattern(&mut self, pattern: &str, at: &str) -> bool {
        match crate::pattern::compile(pattern) {
            Ok(_) => true,
            Err(e) => {
                let message = crate::model::unusable_pattern(pattern, &e);
                self.notes.warnings.push(self.warning(at, message));
                false
            }
        }
    }

    fn properties(&mut self, schema: &Schema, at: &str, out: &str) -> Result<Value, SpecError> {
        let base = child_pointer(at, "properties");
        let mut properties = Map::new();
        for (name, _) in &schema.properties {
            let property_at = child_pointer(&base, name);
            if self.left_out(&property_at) {
                continue;
            }
            let property_out = child_pointer(out, name);
            let translated = self.node(&property_at, &property_out, Place::Value)?;
            properties.insert(name.clone(), translated);
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
        let Some(id) = self.schemas.resolve(&at) else {
            return Err(self.shape(&at, "expected a schema object here"));
        };
        if !self.defs.contains_key(key) {
            self.pending.insert(key.to_owned());
        }
        let mut schema = Map::new();
        schema.insert("$ref".into(), format!("#/$defs/{key}").into());
        Ok(self.close(schema, id, place))
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

    /// What the front end read at `at`, a place that holds a schema.
    fn site(&self, at: &str) -> Result<Site<'a>, SpecError> {
        let schemas: &'a Schemas = self.schemas;
        schemas
            .site(at)
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

/// The annotations JSON Schema shares with OpenAPI 3.0. `example`,
/// `externalDocs`, `xml` and `x-` keys have no JSON Schema meaning.
fn annotations(schema: &Schema) -> Map<String, Value> {
    let mut translated = Map::new();
    for (keyword, text) in [
        ("title", &schema.title),
        ("description", &schema.description),
    ] {
        if let Some(text) = text {
            translated.insert(keyword.into(), text.clone().into());
        }
    }
    if let Some(default) = &schema.default {
        translated.insert("default".into(), default.clone());
    }
    for (keyword, set) in [
        ("deprecated", schema.deprecated),
        ("readOnly", schema.read_only),
        ("writeOnly", schema.write_only),
    ] {
        if set {
            translated.insert(keyword.into(), true.into());
        }
    }
    translated
}

/// A number as JSON writes it: whole numbers without a fraction, so a
/// report says `maximum 100`, as the spec does, not `100.0`.
fn number(value: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if value.fract() == 0.0 && value.abs() < EXACT {
        (value as i64).into()
    } else {
        value.into()
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
fn is_sensitive(schema: &Schema) -> bool {
    schema.sensitive || schema.format.as_deref() == Some("password")
}
