//! Where in a document a `$ref` stands for an object of a known kind.
//!
//! Only the places OpenAPI 3.0 lets a Reference Object stand are walked,
//! each with the kind of object it stands for there; the walk never
//! enters literal values (`example`, an Example's `value`, `default`,
//! `enum`, `x-` extensions), so a `$ref` key in those stays data.

use serde_json::Value;

use crate::front::Method;
use crate::load::escape_segment;

/// What a `$ref` stands for, by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Schema,
    Response,
    Parameter,
    Example,
    RequestBody,
    Header,
    SecurityScheme,
    Link,
    Callback,
    /// A path item (under `paths`, or an expression of a callback):
    /// OpenAPI 3.0 has no component map for these, so one from another
    /// file is inlined in place.
    PathItem,
}

impl Kind {
    const COMPONENTS: [(&'static str, Kind); 9] = [
        ("schemas", Kind::Schema),
        ("responses", Kind::Response),
        ("parameters", Kind::Parameter),
        ("examples", Kind::Example),
        ("requestBodies", Kind::RequestBody),
        ("headers", Kind::Header),
        ("securitySchemes", Kind::SecurityScheme),
        ("links", Kind::Link),
        ("callbacks", Kind::Callback),
    ];

    /// The key of `components` that holds objects of this kind.
    pub(super) fn components_key(self) -> Option<&'static str> {
        Self::COMPONENTS
            .iter()
            .find(|(_, kind)| *kind == self)
            .map(|(key, _)| *key)
    }
}

/// The object being walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    Document,
    Components,
    ComponentMap(Kind),
    Paths,
    Operation,
    Responses,
    MediaType,
    Encoding,
    /// An object that a `$ref` may stand for.
    Object(Kind),
}

/// A `$ref` to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Site {
    /// The pointer of the object holding `$ref`, below the walk's start.
    pub pointer: String,
    pub kind: Kind,
    /// Whether the object is itself an entry of `components/<kind>`.
    pub component: bool,
    pub reference: String,
    /// Whether the reference is a discriminator's mapping value (the
    /// string at `pointer`), not the `$ref` of an object.
    pub mapping_value: bool,
}

/// The `$ref`s under `node`, in document order (under a document,
/// `components` first, so a component that is a reference keeps its
/// name). With `skip_local`, `#...` references are left out: in the root
/// document they already point where they should.
pub(super) fn collect(node: &Value, ctx: Ctx, skip_local: bool) -> Vec<Site> {
    let mut walk = Walk {
        skip_local,
        sites: Vec::new(),
    };
    walk.node(node, ctx, false, &mut String::new());
    walk.sites
}

struct Walk {
    skip_local: bool,
    sites: Vec<Site>,
}

impl Walk {
    fn node(&mut self, node: &Value, ctx: Ctx, component: bool, pointer: &mut String) {
        let Value::Object(map) = node else {
            return;
        };
        if let Ctx::Object(kind) = ctx {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if !(self.skip_local && reference.starts_with('#')) {
                    self.sites.push(Site {
                        pointer: pointer.clone(),
                        kind,
                        component,
                        reference: reference.clone(),
                        mapping_value: false,
                    });
                }
                // A Reference Object's other keys are ignored (OpenAPI 3.0).
                return;
            }
        }
        match ctx {
            Ctx::Document => {
                self.child(map, "components", Ctx::Components, pointer);
                self.child(map, "paths", Ctx::Paths, pointer);
            }
            Ctx::Components => {
                for (key, kind) in Kind::COMPONENTS {
                    self.child(map, key, Ctx::ComponentMap(kind), pointer);
                }
            }
            Ctx::ComponentMap(kind) => self.entries(map, Ctx::Object(kind), true, pointer),
            Ctx::Paths => self.entries(map, Ctx::Object(Kind::PathItem), false, pointer),
            Ctx::Operation => {
                self.items(map, "parameters", Kind::Parameter, pointer);
                self.child(map, "requestBody", Ctx::Object(Kind::RequestBody), pointer);
                self.child(map, "responses", Ctx::Responses, pointer);
                self.map(map, "callbacks", Ctx::Object(Kind::Callback), pointer);
            }
            Ctx::Responses => self.entries(map, Ctx::Object(Kind::Response), false, pointer),
            Ctx::MediaType => {
                self.child(map, "schema", Ctx::Object(Kind::Schema), pointer);
                self.map(map, "examples", Ctx::Object(Kind::Example), pointer);
                self.map(map, "encoding", Ctx::Encoding, pointer);
            }
            Ctx::Encoding => self.map(map, "headers", Ctx::Object(Kind::Header), pointer),
            Ctx::Object(kind) => self.object(map, kind, pointer),
        }
    }

    fn object(&mut self, map: &serde_json::Map<String, Value>, kind: Kind, pointer: &mut String) {
        match kind {
            Kind::PathItem => {
                self.items(map, "parameters", Kind::Parameter, pointer);
                for method in Method::ALL.map(Method::key) {
                    self.child(map, method, Ctx::Operation, pointer);
                }
            }
            Kind::Parameter | Kind::Header => {
                self.child(map, "schema", Ctx::Object(Kind::Schema), pointer);
                self.map(map, "content", Ctx::MediaType, pointer);
                self.map(map, "examples", Ctx::Object(Kind::Example), pointer);
            }
            Kind::RequestBody => self.map(map, "content", Ctx::MediaType, pointer),
            Kind::Response => {
                self.map(map, "headers", Ctx::Object(Kind::Header), pointer);
                self.map(map, "content", Ctx::MediaType, pointer);
                self.map(map, "links", Ctx::Object(Kind::Link), pointer);
            }
            Kind::Callback => self.entries(map, Ctx::Object(Kind::PathItem), false, pointer),
            Kind::Schema => {
                let schema = Ctx::Object(Kind::Schema);
                self.map(map, "properties", schema, pointer);
                self.child(map, "items", schema, pointer);
                self.child(map, "additionalProperties", schema, pointer);
                self.child(map, "not", schema, pointer);
                for key in ["allOf", "oneOf", "anyOf"] {
                    self.items(map, key, Kind::Schema, pointer);
                }
                self.mapping(map, pointer);
            }
            Kind::Example | Kind::Link | Kind::SecurityScheme => {}
        }
    }

    /// The value at `key`, walked as `ctx`.
    fn child(
        &mut self,
        map: &serde_json::Map<String, Value>,
        key: &str,
        ctx: Ctx,
        pointer: &mut String,
    ) {
        if let Some(child) = map.get(key) {
            let len = push(pointer, key);
            self.node(child, ctx, false, pointer);
            pointer.truncate(len);
        }
    }

    /// Each value of the map at `key`, walked as `ctx`.
    fn map(
        &mut self,
        map: &serde_json::Map<String, Value>,
        key: &str,
        ctx: Ctx,
        pointer: &mut String,
    ) {
        if let Some(Value::Object(entries)) = map.get(key) {
            let len = push(pointer, key);
            self.entries(entries, ctx, false, pointer);
            pointer.truncate(len);
        }
    }

    fn entries(
        &mut self,
        entries: &serde_json::Map<String, Value>,
        ctx: Ctx,
        component: bool,
        pointer: &mut String,
    ) {
        for (name, child) in entries {
            let len = push(pointer, name);
            self.node(child, ctx, component, pointer);
            pointer.truncate(len);
        }
    }

    /// Each item of the list at `key`, walked as an object of `kind`.
    fn items(
        &mut self,
        map: &serde_json::Map<String, Value>,
        key: &str,
        kind: Kind,
        pointer: &mut String,
    ) {
        if let Some(Value::Array(items)) = map.get(key) {
            let len = push(pointer, key);
            for (index, item) in items.iter().enumerate() {
                let item_len = push(pointer, &index.to_string());
                self.node(item, Ctx::Object(kind), false, pointer);
                pointer.truncate(item_len);
            }
            pointer.truncate(len);
        }
    }
}

impl Walk {
    /// The values of `discriminator.mapping` that are references: `#/...`,
    /// or a file (`dog.yaml`, `pets.yaml#/Dog`: a value with a `/` or `#`
    /// or a YAML or JSON extension). A bare name names a component of the
    /// document it is written in, so it is a reference too outside the
    /// root (`Dog` in `pets.yaml` is `pets.yaml#/components/schemas/Dog`).
    fn mapping(&mut self, map: &serde_json::Map<String, Value>, pointer: &mut String) {
        let Some(Value::Object(entries)) = map.get("discriminator").and_then(|d| d.get("mapping"))
        else {
            return;
        };
        let len = push(pointer, "discriminator");
        let mapping_len = push(pointer, "mapping");
        for (tag, value) in entries {
            let Value::String(value) = value else {
                continue;
            };
            let local = value.starts_with('#');
            let names_a_file = !local
                && (value.contains(['/', '#'])
                    || [".yaml", ".yml", ".json"]
                        .iter()
                        .any(|e| value.ends_with(e)));
            let reference = match (local, names_a_file) {
                (true, _) | (false, true) => value.clone(),
                (false, false) => format!("#/components/schemas/{}", escape_segment(value)),
            };
            if self.skip_local && !names_a_file {
                continue;
            }
            let tag_len = push(pointer, tag);
            self.sites.push(Site {
                pointer: pointer.clone(),
                kind: Kind::Schema,
                component: false,
                reference,
                mapping_value: true,
            });
            pointer.truncate(tag_len);
        }
        pointer.truncate(mapping_len);
        pointer.truncate(len);
    }
}

/// Appends `/segment` to `pointer`; returns the length to truncate back to.
fn push(pointer: &mut String, segment: &str) -> usize {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&escape_segment(segment));
    len
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn found(document: &Value) -> Vec<(String, Kind, bool)> {
        collect(document, Ctx::Document, true)
            .into_iter()
            .map(|s| (s.pointer, s.kind, s.component))
            .collect()
    }

    #[test]
    fn each_ref_gets_the_kind_of_its_place_and_components_come_first() {
        let document = json!({
            "paths": {"/a": {
                "get": {
                    "parameters": [{"$ref": "p.yaml"}],
                    "responses": {"200": {
                        "description": "",
                        "headers": {"H": {"$ref": "h.yaml"}},
                        "content": {"application/json": {
                            "schema": {"properties": {"x": {"$ref": "s.yaml"}}},
                            "examples": {"e": {"$ref": "e.yaml"}},
                        }},
                    }},
                    "callbacks": {"c": {"{$url}": {"$ref": "item.yaml"}}},
                },
            }, "/b": {"$ref": "b.yaml"}},
            "components": {"schemas": {"A": {"$ref": "a.yaml"}, "L": {"$ref": "#/x"}}},
        });
        let r = "/paths/~1a/get";
        assert_eq!(
            found(&document),
            vec![
                ("/components/schemas/A".into(), Kind::Schema, true),
                (format!("{r}/parameters/0"), Kind::Parameter, false),
                (format!("{r}/responses/200/headers/H"), Kind::Header, false),
                (
                    format!("{r}/responses/200/content/application~1json/schema/properties/x"),
                    Kind::Schema,
                    false
                ),
                (
                    format!("{r}/responses/200/content/application~1json/examples/e"),
                    Kind::Example,
                    false
                ),
                (format!("{r}/callbacks/c/{{$url}}"), Kind::PathItem, false),
                ("/paths/~1b".into(), Kind::PathItem, false),
            ]
        );
    }

    #[test]
    fn refs_in_examples_defaults_enums_and_extensions_are_data() {
        let document = json!({"components": {
            "schemas": {"A": {
                "example": {"$ref": "data.yaml"},
                "default": {"$ref": "data.yaml"},
                "enum": [{"$ref": "data.yaml"}],
                "x-note": {"$ref": "data.yaml"},
                "properties": {"example": {"$ref": "real.yaml"}},
            }},
            "examples": {"E": {"value": {"$ref": "data.yaml"}}},
            "x-more": {"$ref": "data.yaml"},
        }});
        assert_eq!(
            found(&document),
            vec![(
                "/components/schemas/A/properties/example".into(),
                Kind::Schema,
                false
            )]
        );
    }
}
