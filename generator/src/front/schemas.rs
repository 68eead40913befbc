//! Every schema of the document in one arena, with every OpenAPI 3.0
//! Schema Object keyword, `$ref`s resolved to the id of the schema they
//! name, and discriminator mappings resolved to ids once.
//!
//! Each schema node of the document is built once, keyed by the pointer
//! it is written at (after `$ref`s): a schema used in ten places is one
//! entry, and a schema that refers to itself refers to its own id, so
//! cycles stay references and cost nothing. Building is a work list, not
//! recursion: a spec chooses how deep its schemas nest.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::reader::{child, extensions, flag, string, Reader, Source};
use crate::error::{SpecError, SpecErrorKind};

/// A schema in [`Schemas`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaId(u32);

/// The six types of OpenAPI 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

impl SchemaType {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "string" => SchemaType::String,
            "integer" => SchemaType::Integer,
            "number" => SchemaType::Number,
            "boolean" => SchemaType::Boolean,
            "array" => SchemaType::Array,
            "object" => SchemaType::Object,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SchemaType::String => "string",
            SchemaType::Integer => "integer",
            SchemaType::Number => "number",
            SchemaType::Boolean => "boolean",
            SchemaType::Array => "array",
            SchemaType::Object => "object",
        }
    }
}

/// `maximum`/`minimum` with 3.0's boolean `exclusiveMaximum`/`exclusiveMinimum`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// `additionalProperties`, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Additional {
    /// Not given: any other property is allowed.
    #[default]
    Absent,
    Allowed(bool),
    Schema(SchemaId),
}

/// A discriminator with every tag resolved to the schema it selects:
/// explicit `mapping` entries (bare names and `$ref`s alike), then the
/// implicit tags (component names) of members the mapping does not name.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property_name: String,
    pub mapping: Vec<(String, SchemaId)>,
    pub source: Source,
}

/// One schema, every keyword OpenAPI 3.0 gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    pub source: Option<Source>,
    /// `Card` for `#/components/schemas/Card`.
    pub component: Option<String>,
    pub schema_type: Option<SchemaType>,
    pub format: Option<String>,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub enumeration: Option<Vec<Value>>,
    pub default: Option<Value>,
    pub multiple_of: Option<f64>,
    pub maximum: Option<Bound>,
    pub minimum: Option<Bound>,
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub pattern: Option<String>,
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    pub unique_items: bool,
    pub max_properties: Option<u64>,
    pub min_properties: Option<u64>,
    pub required: Vec<String>,
    /// In the document's order.
    pub properties: Vec<(String, SchemaId)>,
    pub additional_properties: Additional,
    pub items: Option<SchemaId>,
    pub all_of: Vec<SchemaId>,
    pub one_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    pub not: Option<SchemaId>,
    pub discriminator: Option<Discriminator>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub example: Option<Value>,
    /// `x-sensitive: true`: the value is a secret (as `format: password`).
    pub sensitive: bool,
    /// Every `x-` key, in the document's order.
    pub extensions: Vec<(String, Value)>,
}

impl Schema {
    pub fn pointer(&self) -> &str {
        self.source.as_ref().map_or("", |s| s.pointer.as_str())
    }

    pub fn property(&self, name: &str) -> Option<SchemaId> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    pub fn requires(&self, name: &str) -> bool {
        self.required.iter().any(|r| r == name)
    }

    pub fn extension(&self, key: &str) -> Option<&Value> {
        self.extensions
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }
}

/// A `$ref` as written at one place of the document: what it names, and
/// the annotations beside it. OpenAPI 3.0 says siblings of `$ref` are
/// ignored, yet documents put a property's `description` or `readOnly`
/// there, and a code generator is expected to honour them.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The `$ref` text, `#/components/schemas/Card`.
    pub written: String,
    /// The schema the chain of `$ref`s ends at.
    pub target: SchemaId,
    /// Only annotations (title, description, example, deprecated,
    /// nullable, readOnly, writeOnly, `x-` keys) are read here.
    pub siblings: Schema,
}

/// What is written at a place that holds a schema.
#[derive(Debug, Clone, Copy)]
pub enum Site<'a> {
    Reference(&'a Reference),
    Schema(SchemaId),
}

/// The arena.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    nodes: Vec<Schema>,
    by_pointer: HashMap<String, SchemaId>,
    /// Every `$ref` met on the way to a schema, by the pointer it is at.
    references: HashMap<String, Reference>,
}

impl Schemas {
    pub fn get(&self, id: SchemaId) -> &Schema {
        &self.nodes[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The schema written at `pointer` (after `$ref`s), if it was built.
    pub fn at(&self, pointer: &str) -> Option<SchemaId> {
        self.by_pointer.get(pointer).copied()
    }

    /// What is written at `pointer`, a place that holds a schema: a
    /// `$ref` or a schema. `None` for a place no part of the API reaches.
    pub fn site(&self, pointer: &str) -> Option<Site<'_>> {
        match self.references.get(pointer) {
            Some(reference) => Some(Site::Reference(reference)),
            None => self.at(pointer).map(Site::Schema),
        }
    }

    /// The schema written at `pointer`, with `$ref`s followed.
    pub fn resolve(&self, pointer: &str) -> Option<SchemaId> {
        match self.site(pointer)? {
            Site::Reference(reference) => Some(reference.target),
            Site::Schema(id) => Some(id),
        }
    }
}

/// Builds schemas on demand; [`SchemaBuilder::finish`] builds everything
/// still pending.
pub(super) struct SchemaBuilder<'a> {
    reader: Reader<'a>,
    schemas: Schemas,
    /// Slots to build, with the mapping each is written as.
    pending: Vec<(SchemaId, &'a Map<String, Value>)>,
}

const COMPONENTS: &str = "/components/schemas/";

impl<'a> SchemaBuilder<'a> {
    pub fn new(reader: Reader<'a>) -> Self {
        Self {
            reader,
            schemas: Schemas::default(),
            pending: Vec::new(),
        }
    }

    /// The id of the schema at `pointer`, following `$ref`s; built later.
    pub fn schema(&mut self, pointer: &str) -> Result<SchemaId, SpecError> {
        if let Some(reference) = self.schemas.references.get(pointer) {
            return Ok(reference.target);
        }
        let Some((at, node)) = self.reader.resolved(pointer)? else {
            return Err(self.reader.error(pointer, "expected a schema here"));
        };
        let id = match self.schemas.by_pointer.get(&at) {
            Some(&id) => id,
            None => self.queue(at.clone(), node)?,
        };
        self.record_references(pointer, &at, id);
        Ok(id)
    }

    /// Records each `$ref` on the way from `from` to the schema at `to`.
    /// `resolved` has followed the same chain, so it ends within its bound.
    fn record_references(&mut self, from: &str, to: &str, target: SchemaId) {
        let mut at = from.to_owned();
        while at != to {
            let Some(Value::Object(map)) = self.reader.node(&at) else {
                return;
            };
            let Some(written) = map.get("$ref").and_then(Value::as_str) else {
                return;
            };
            let next = written.trim_start_matches('#').to_owned();
            let reference = Reference {
                written: written.to_owned(),
                target,
                siblings: Schema {
                    source: Some(self.reader.source(&at)),
                    ..annotations(map)
                },
            };
            self.schemas.references.insert(at, reference);
            at = next;
        }
    }

    /// The id of the schema `node`, written at `pointer` inside a schema
    /// being built: found without walking the document from its root
    /// again, unless it is a `$ref`.
    fn child_schema(&mut self, pointer: String, node: &'a Value) -> Result<SchemaId, SpecError> {
        if node.get("$ref").is_some() {
            return self.schema(&pointer);
        }
        match self.schemas.by_pointer.get(&pointer) {
            Some(&id) => Ok(id),
            None => self.queue(pointer, node),
        }
    }

    /// Adds an empty slot for the schema `node` at `at`, to build later.
    fn queue(&mut self, at: String, node: &'a Value) -> Result<SchemaId, SpecError> {
        let Value::Object(map) = node else {
            return Err(self.reader.error(&at, "a schema must be a mapping"));
        };
        let id = SchemaId(self.schemas.nodes.len() as u32);
        let component = at
            .strip_prefix(COMPONENTS)
            .filter(|name| !name.contains('/'))
            .map(|name| name.replace("~1", "/").replace("~0", "~"));
        self.schemas.nodes.push(Schema {
            source: Some(self.reader.source(&at)),
            component,
            ..Schema::default()
        });
        self.schemas.by_pointer.insert(at, id);
        self.pending.push((id, map));
        Ok(id)
    }

    /// Builds every schema asked for so far, and every schema they reach.
    pub fn finish(mut self) -> Result<Schemas, SpecError> {
        while let Some((id, map)) = self.pending.pop() {
            let pointer = self.schemas.get(id).pointer().to_owned();
            let built = self.keywords(&pointer, map)?;
            let slot = &mut self.schemas.nodes[id.0 as usize];
            let (source, component) = (slot.source.take(), slot.component.take());
            *slot = Schema {
                source,
                component,
                ..built
            };
        }
        Ok(self.schemas)
    }

    fn keywords(&mut self, at: &str, map: &'a Map<String, Value>) -> Result<Schema, SpecError> {
        let number = |key: &str| map.get(key).and_then(Value::as_f64);
        let count = |key: &str| map.get(key).and_then(Value::as_u64);
        let bound = |key: &str, exclusive: &str| {
            number(key).map(|value| Bound {
                value,
                exclusive: flag(map, exclusive),
            })
        };
        let schema_type = match map.get("type") {
            None => None,
            Some(Value::String(text)) => Some(SchemaType::parse(text).ok_or_else(|| {
                self.reader.spec.error(
                    child(at, "type"),
                    SpecErrorKind::UnknownType {
                        found: text.clone(),
                    },
                )
            })?),
            Some(_) => {
                return Err(self
                    .reader
                    .error(&child(at, "type"), "`type` must be a string in OpenAPI 3.0"))
            }
        };
        let mut schema = Schema {
            schema_type,
            format: string(map, "format"),
            enumeration: map.get("enum").and_then(Value::as_array).cloned(),
            default: map.get("default").cloned(),
            multiple_of: number("multipleOf"),
            maximum: bound("maximum", "exclusiveMaximum"),
            minimum: bound("minimum", "exclusiveMinimum"),
            max_length: count("maxLength"),
            min_length: count("minLength"),
            pattern: string(map, "pattern"),
            max_items: count("maxItems"),
            min_items: count("minItems"),
            unique_items: flag(map, "uniqueItems"),
            max_properties: count("maxProperties"),
            min_properties: count("minProperties"),
            required: map
                .get("required")
                .and_then(Value::as_array)
                .map(|names| {
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            ..annotations(map)
        };
        if let Some(Value::Object(properties)) = map.get("properties") {
            let base = child(at, "properties");
            for (name, node) in properties {
                let id = self.child_schema(child(&base, name), node)?;
                schema.properties.push((name.clone(), id));
            }
        }
        schema.additional_properties = match map.get("additionalProperties") {
            None => Additional::Absent,
            Some(Value::Bool(allowed)) => Additional::Allowed(*allowed),
            Some(node) => {
                let pointer = child(at, "additionalProperties");
                Additional::Schema(self.child_schema(pointer, node)?)
            }
        };
        if let Some(node) = map.get("items") {
            schema.items = Some(self.child_schema(child(at, "items"), node)?);
        }
        if let Some(node) = map.get("not") {
            schema.not = Some(self.child_schema(child(at, "not"), node)?);
        }
        for (keyword, members) in [
            ("allOf", &mut schema.all_of),
            ("oneOf", &mut schema.one_of),
            ("anyOf", &mut schema.any_of),
        ] {
            let Some(Value::Array(nodes)) = map.get(keyword) else {
                continue;
            };
            let base = child(at, keyword);
            for (index, node) in nodes.iter().enumerate() {
                members.push(self.child_schema(format!("{base}/{index}"), node)?);
            }
        }
        if let Some(Value::Object(discriminator)) = map.get("discriminator") {
            let members: Vec<SchemaId> = schema
                .one_of
                .iter()
                .chain(&schema.any_of)
                .copied()
                .collect();
            schema.discriminator = Some(self.discriminator(at, discriminator, &members)?);
        }
        Ok(schema)
    }

    /// Resolves each tag of a discriminator to a schema id.
    fn discriminator(
        &mut self,
        at: &str,
        map: &Map<String, Value>,
        members: &[SchemaId],
    ) -> Result<Discriminator, SpecError> {
        let pointer = child(at, "discriminator");
        let property_name = string(map, "propertyName").unwrap_or_default();
        let mut mapping = Vec::new();
        if let Some(Value::Object(entries)) = map.get("mapping") {
            let base = child(&pointer, "mapping");
            for (tag, target) in entries {
                let Some(target) = target.as_str() else {
                    return Err(self
                        .reader
                        .error(&child(&base, tag), "a mapping value must be a string"));
                };
                // `#/...` is a reference; anything else names a component.
                let target_pointer = match target.strip_prefix('#') {
                    Some(reference) => reference.to_owned(),
                    None => child("/components/schemas", target),
                };
                if self.reader.node(&target_pointer).is_none() {
                    let kind = SpecErrorKind::DanglingRef {
                        reference: target.to_owned(),
                    };
                    return Err(self.reader.spec.error(child(&base, tag), kind));
                }
                mapping.push((tag.clone(), self.schema(&target_pointer)?));
            }
        }
        for &member in members {
            let Some(name) = self.schemas.get(member).component.clone() else {
                continue;
            };
            if !mapping.iter().any(|(_, id)| *id == member) {
                mapping.push((name, member));
            }
        }
        Ok(Discriminator {
            property_name,
            mapping,
            source: self.reader.source(&pointer),
        })
    }
}

/// The keywords that describe a value without constraining it.
fn annotations(map: &Map<String, Value>) -> Schema {
    Schema {
        nullable: flag(map, "nullable"),
        read_only: flag(map, "readOnly"),
        write_only: flag(map, "writeOnly"),
        deprecated: flag(map, "deprecated"),
        title: string(map, "title"),
        description: string(map, "description"),
        example: map.get("example").cloned(),
        sensitive: flag(map, "x-sensitive"),
        extensions: extensions(map),
        ..Schema::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(schemas: &str) -> (crate::load::Spec, Schemas) {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), &text).expect("loads");
        let reader = Reader { spec: &spec };
        let mut builder = SchemaBuilder::new(reader);
        for (_, pointer) in reader.entries("/components/schemas").expect("components") {
            builder.schema(&pointer).expect("schema");
        }
        let schemas = builder.finish().expect("builds");
        (spec, schemas)
    }

    #[test]
    fn references_resolve_to_one_node_and_cycles_stay_references() {
        let (_, schemas) = build(
            "    Node:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n        alias: {$ref: '#/components/schemas/Alias'}\n    Alias: {$ref: '#/components/schemas/Node'}\n",
        );
        let node = schemas.at("/components/schemas/Node").expect("built");
        let schema = schemas.get(node);
        assert_eq!(schema.property("next"), Some(node));
        assert_eq!(schema.property("alias"), Some(node));
        assert_eq!(schema.component.as_deref(), Some("Node"));
        assert_eq!(schemas.len(), 1);
    }

    #[test]
    fn each_ref_on_a_chain_is_a_site_with_its_siblings() {
        let (_, schemas) = build(
            "    Node:\n      type: object\n      properties:\n        alias:\n          $ref: '#/components/schemas/Alias'\n          description: the next node\n          readOnly: true\n    Alias: {$ref: '#/components/schemas/Node'}\n",
        );
        let node = schemas.at("/components/schemas/Node").expect("built");
        let Some(Site::Reference(alias)) =
            schemas.site("/components/schemas/Node/properties/alias")
        else {
            panic!("the property is a reference site");
        };
        assert_eq!(alias.written, "#/components/schemas/Alias");
        assert_eq!(alias.target, node);
        assert_eq!(alias.siblings.description.as_deref(), Some("the next node"));
        assert!(alias.siblings.read_only);
        assert!(matches!(
            schemas.site("/components/schemas/Alias"),
            Some(Site::Reference(r)) if r.target == node
        ));
        assert!(
            matches!(schemas.site("/components/schemas/Node"), Some(Site::Schema(id)) if id == node)
        );
        assert_eq!(schemas.resolve("/components/schemas/Alias"), Some(node));
    }

    #[test]
    fn annotations_and_extensions_are_kept() {
        let (_, schemas) = build(
            "    Card:\n      type: string\n      description: a card number\n      example: '4111111111111111'\n      x-sensitive: true\n      x-extensible-enum: [a, b]\n",
        );
        let card = schemas.get(schemas.at("/components/schemas/Card").expect("Card"));
        assert_eq!(card.description.as_deref(), Some("a card number"));
        assert_eq!(card.example, Some(Value::from("4111111111111111")));
        assert!(card.sensitive);
        assert_eq!(
            card.extension("x-extensible-enum"),
            Some(&serde_json::json!(["a", "b"]))
        );
    }

    #[test]
    fn every_keyword_is_kept() {
        let (_, schemas) = build(
            "    A:\n      type: array\n      nullable: true\n      uniqueItems: true\n      minItems: 1\n      maxItems: 3\n      items: {type: number, maximum: 5, exclusiveMaximum: true, multipleOf: 0.5}\n    B:\n      type: object\n      minProperties: 1\n      additionalProperties: false\n      readOnly: true\n",
        );
        let a = schemas.get(schemas.at("/components/schemas/A").expect("A"));
        assert!(a.nullable && a.unique_items);
        assert_eq!((a.min_items, a.max_items), (Some(1), Some(3)));
        let items = schemas.get(a.items.expect("items"));
        assert_eq!(
            items.maximum,
            Some(Bound {
                value: 5.0,
                exclusive: true
            })
        );
        assert_eq!(items.multiple_of, Some(0.5));
        let b = schemas.get(schemas.at("/components/schemas/B").expect("B"));
        assert_eq!(b.additional_properties, Additional::Allowed(false));
        assert!(b.read_only);
        assert_eq!(b.min_properties, Some(1));
    }

    #[test]
    fn discriminator_mappings_resolve_bare_names_refs_and_implicit_tags() {
        let (_, schemas) = build(
            "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Eel'}]\n      discriminator:\n        propertyName: kind\n        mapping: {cat: Cat, dog: '#/components/schemas/Dog'}\n    Cat: {type: object}\n    Dog: {type: object}\n    Eel: {type: object}\n",
        );
        let pet = schemas.get(schemas.at("/components/schemas/Pet").expect("Pet"));
        let discriminator = pet.discriminator.as_ref().expect("discriminator");
        let tags: Vec<(&str, Option<&str>)> = discriminator
            .mapping
            .iter()
            .map(|(tag, id)| (tag.as_str(), schemas.get(*id).component.as_deref()))
            .collect();
        assert_eq!(
            tags,
            [
                ("cat", Some("Cat")),
                ("dog", Some("Dog")),
                ("Eel", Some("Eel"))
            ]
        );
    }

    #[test]
    fn a_mapping_to_nothing_is_an_error_at_its_entry() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{type: object}]\n      discriminator:\n        propertyName: kind\n        mapping: {cat: Nope}\n";
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), text).expect("loads");
        let reader = Reader { spec: &spec };
        let mut builder = SchemaBuilder::new(reader);
        builder.schema("/components/schemas/Pet").expect("queued");
        let error = builder.finish().expect_err("dangling mapping");
        assert_eq!(
            error.pointer,
            "/components/schemas/Pet/discriminator/mapping/cat"
        );
        assert!(error.position.is_some());
    }

    #[test]
    fn deep_nesting_builds_without_recursion() {
        let mut text = String::from("    Deep:\n");
        // 40 levels of inline objects: within the loader's depth limit.
        let mut indent = 6;
        for _ in 0..40 {
            text.push_str(&format!(
                "{}type: object\n{}properties:\n{}p:\n",
                " ".repeat(indent),
                " ".repeat(indent),
                " ".repeat(indent + 2)
            ));
            indent += 4;
        }
        text.push_str(&format!("{}type: string\n", " ".repeat(indent)));
        let (_, schemas) = build(&text);
        assert_eq!(schemas.len(), 41);
    }
}
