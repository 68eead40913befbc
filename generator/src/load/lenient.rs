//! Omissions OpenAPI 3.0 forbids but authors make and tools tolerate.
//!
//! A response without a `description`, an operation without `responses`,
//! `null` where a map, a schema or a scope list belongs, an OAuth flow
//! without `scopes`,
//! a parameter with neither `schema` nor `content`, `info` without a
//! `version`, a component link naming no operation: each
//! makes the document invalid, yet says nothing ambiguous about the API.
//! Refusing such a document would stop a diff or a validation over a
//! missing sentence of prose, so each one is filled with the empty value
//! the specification would otherwise need (`""`, `{}`; a `null` schema is
//! no schema; the link, which nothing here reads, is left out) and
//! reported as a warning at its pointer. Nothing else is repaired: a wrong type or an
//! unknown shape stays an error.
//!
//! Only the places OpenAPI fixes are visited (paths, their operations,
//! callbacks one level down, and the component maps), by a bounded walk:
//! no recursion the document can choose.

use serde_json::{Map, Value};

use super::origin::{Location, Locator};
use super::source_map::escape_segment;
use crate::error::Warning;
use crate::front::Method;

/// Component maps whose `null` is read as empty.
const COMPONENT_MAPS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Fills the omissions in `raw`; one warning for each.
pub(super) fn repair(raw: &mut Value, locator: &Locator<'_>) -> Vec<Warning> {
    let mut repairs = Repairs {
        locator,
        warnings: Vec::new(),
    };
    let Some(root) = raw.as_object_mut() else {
        return repairs.warnings;
    };
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        if !info.contains_key("version") {
            info.insert("version".into(), Value::String(String::new()));
            repairs.warn("/info", "`info` has no `version`; read as \"\"");
        }
    }
    repairs.requirements(root, "");
    repairs.null_to_map(root, "", "paths");
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        repairs.paths(paths, "/paths", true);
    }
    repairs.null_to_map(root, "", "components");
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        repairs.components(components);
    }
    repairs.warnings
}

struct Repairs<'a> {
    /// Where a repaired node was written (another file, for a copy).
    locator: &'a Locator<'a>,
    warnings: Vec<Warning>,
}

impl Repairs<'_> {
    fn warn(&mut self, pointer: &str, message: &str) {
        let Location {
            file,
            pointer,
            position,
        } = self.locator.locate(pointer);
        self.warnings.push(Warning {
            file,
            pointer,
            position,
            message: format!("{message} (OpenAPI 3.0 requires it)"),
        });
    }

    /// `key: null` (or `key:` with nothing) in `parent` becomes `{}`.
    fn null_to_map(&mut self, parent: &mut Map<String, Value>, at: &str, key: &str) {
        if let Some(value @ Value::Null) = parent.get_mut(key) {
            *value = Value::Object(Map::new());
            let pointer = format!("{at}/{}", escape_segment(key));
            self.warn(&pointer, &format!("`{key}` is empty; read as {{}}"));
        }
    }

    fn paths(&mut self, paths: &mut Map<String, Value>, at: &str, with_callbacks: bool) {
        for (path, item) in paths.iter_mut() {
            let item_at = format!("{at}/{}", escape_segment(path));
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            self.parameters(item, &item_at);
            for method in Method::ALL.map(Method::key) {
                let operation_at = format!("{item_at}/{method}");
                if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                    self.operation(operation, &operation_at, with_callbacks);
                }
            }
        }
    }

    fn operation(&mut self, operation: &mut Map<String, Value>, at: &str, with_callbacks: bool) {
        match operation.get("responses") {
            None | Some(Value::Null) => {
                operation.insert("responses".into(), Value::Object(Map::new()));
                self.warn(at, "the operation has no `responses`; read as {}");
            }
            _ => {}
        }
        let responses_at = format!("{at}/responses");
        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            self.responses(responses, &responses_at);
        }
        self.parameters(operation, at);
        self.requirements(operation, at);
        if let Some(body) = operation.get_mut("requestBody") {
            self.content(body, &format!("{at}/requestBody"));
        }
        if !with_callbacks {
            return;
        }
        self.null_to_map(operation, at, "callbacks");
        let callbacks_at = format!("{at}/callbacks");
        let callbacks = operation
            .get_mut("callbacks")
            .and_then(Value::as_object_mut);
        for (name, callback) in callbacks.into_iter().flatten() {
            let callback_at = format!("{callbacks_at}/{}", escape_segment(name));
            if let Some(callback) = callback.as_object_mut() {
                // Callbacks of callbacks are not visited: one level, as
                // the front end reads them.
                self.paths(callback, &callback_at, false);
            }
        }
    }

    /// `security: [{oauth2: null}]`: a scheme with no scope list needs no
    /// scopes.
    fn requirements(&mut self, holder: &mut Map<String, Value>, at: &str) {
        let Some(list) = holder.get_mut("security").and_then(Value::as_array_mut) else {
            return;
        };
        for (index, requirement) in list.iter_mut().enumerate() {
            let Some(requirement) = requirement.as_object_mut() else {
                continue;
            };
            for (scheme, scopes) in requirement.iter_mut() {
                if scopes.is_null() {
                    *scopes = Value::Array(Vec::new());
                    let pointer = format!("{at}/security/{index}/{}", escape_segment(scheme));
                    self.warn(&pointer, "the scheme has no scope list; read as []");
                }
            }
        }
    }

    fn responses(&mut self, responses: &mut Map<String, Value>, at: &str) {
        for (status, response) in responses.iter_mut() {
            let response_at = format!("{at}/{}", escape_segment(status));
            self.response(response, &response_at);
        }
    }

    fn response(&mut self, response: &mut Value, at: &str) {
        self.content(response, at);
        let Some(response) = response.as_object_mut() else {
            return;
        };
        if !response.contains_key("$ref") && !response.contains_key("description") {
            response.insert("description".into(), Value::String(String::new()));
            self.warn(at, "the response has no `description`; read as \"\"");
        }
        let headers = response.get_mut("headers").and_then(Value::as_object_mut);
        for (name, header) in headers.into_iter().flatten() {
            self.content(header, &format!("{at}/headers/{}", escape_segment(name)));
        }
    }

    /// In a body, response, parameter or header: `content: null` is no
    /// media types, and `schema: null` (in it or beside it) no schema.
    fn content(&mut self, holder: &mut Value, at: &str) {
        let Some(holder) = holder.as_object_mut() else {
            return;
        };
        self.null_schema(holder, at);
        self.null_to_map(holder, at, "content");
        let content = holder.get_mut("content").and_then(Value::as_object_mut);
        for (media_type, entry) in content.into_iter().flatten() {
            if let Some(entry) = entry.as_object_mut() {
                let entry_at = format!("{at}/content/{}", escape_segment(media_type));
                self.null_schema(entry, &entry_at);
            }
        }
    }

    fn null_schema(&mut self, holder: &mut Map<String, Value>, at: &str) {
        if holder.get("schema") == Some(&Value::Null) {
            holder.remove("schema");
            let pointer = format!("{at}/schema");
            self.warn(&pointer, "the schema is empty; read as no schema");
        }
    }

    fn parameters(&mut self, holder: &mut Map<String, Value>, at: &str) {
        let Some(list) = holder.get_mut("parameters").and_then(Value::as_array_mut) else {
            return;
        };
        for (index, parameter) in list.iter_mut().enumerate() {
            self.parameter(parameter, &format!("{at}/parameters/{index}"));
        }
    }

    fn parameter(&mut self, parameter: &mut Value, at: &str) {
        self.content(parameter, at);
        let Some(parameter) = parameter.as_object_mut() else {
            return;
        };
        let stated = ["$ref", "schema", "content"];
        if !stated.iter().any(|key| parameter.contains_key(*key)) {
            parameter.insert("schema".into(), Value::Object(Map::new()));
            self.warn(
                at,
                "the parameter has neither `schema` nor `content`; read as any value",
            );
        }
    }

    /// A link must name its operation (`operationRef` or `operationId`);
    /// nothing here reads links, so one that names none is left out.
    fn links(&mut self, components: &mut Map<String, Value>) {
        let Some(links) = components.get_mut("links").and_then(Value::as_object_mut) else {
            return;
        };
        let nameless: Vec<String> = links
            .iter()
            .filter(|(_, link)| {
                link.as_object().is_some_and(|link| {
                    !["$ref", "operationRef", "operationId"]
                        .iter()
                        .any(|key| link.contains_key(*key))
                })
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in nameless {
            links.remove(&name);
            let at = format!("/components/links/{}", escape_segment(&name));
            self.warn(
                &at,
                "the link names no `operationRef` or `operationId`; left out",
            );
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        for key in COMPONENT_MAPS {
            self.null_to_map(components, "/components", key);
        }
        self.links(components);
        let bodies = components
            .get_mut("requestBodies")
            .and_then(Value::as_object_mut);
        for (name, body) in bodies.into_iter().flatten() {
            self.content(
                body,
                &format!("/components/requestBodies/{}", escape_segment(name)),
            );
        }
        if let Some(responses) = components
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            self.responses(responses, "/components/responses");
        }
        if let Some(parameters) = components
            .get_mut("parameters")
            .and_then(Value::as_object_mut)
        {
            for (name, parameter) in parameters.iter_mut() {
                let parameter_at = format!("/components/parameters/{}", escape_segment(name));
                self.parameter(parameter, &parameter_at);
            }
        }
        let schemes = components
            .get_mut("securitySchemes")
            .and_then(Value::as_object_mut);
        for (name, scheme) in schemes.into_iter().flatten() {
            let scheme_at = format!("/components/securitySchemes/{}", escape_segment(name));
            self.flows(scheme, &scheme_at);
        }
    }

    fn flows(&mut self, scheme: &mut Value, at: &str) {
        let flows = scheme.get_mut("flows").and_then(Value::as_object_mut);
        for (kind, flow) in flows.into_iter().flatten() {
            let Some(flow) = flow.as_object_mut() else {
                continue;
            };
            if !flow.contains_key("scopes") || flow.get("scopes") == Some(&Value::Null) {
                flow.insert("scopes".into(), Value::Object(Map::new()));
                let flow_at = format!("{at}/flows/{}", escape_segment(kind));
                self.warn(&flow_at, "the OAuth flow has no `scopes`; read as {}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn repaired(mut raw: Value) -> (Value, Vec<String>) {
        let map = crate::load::SourceMap::index("");
        let origins = crate::load::Origins::default();
        let locator = Locator {
            file: std::path::Path::new("s.yaml"),
            source_map: &map,
            origins: &origins,
        };
        let warnings = repair(&mut raw, &locator);
        (raw, warnings.into_iter().map(|w| w.pointer).collect())
    }

    #[test]
    fn omissions_are_filled_and_each_is_a_warning_at_its_place() {
        let (raw, at) = repaired(json!({
            "info": {"title": "t"},
            "paths": {
                "/a": {
                    "get": {"responses": {"200": {}}, "security": [{"o": null}]},
                    "post": {"parameters": [{"name": "q", "in": "query"}],
                        "requestBody": {"content": {"application/json": {"schema": null}}}}
                }
            },
            "components": {
                "schemas": null,
                "links": {"l": {"description": "no operation"}},
                "securitySchemes": {"o": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://x"}}}}
            }
        }));
        assert_eq!(raw["info"]["version"], "");
        assert_eq!(
            raw["paths"]["/a"]["get"]["responses"]["200"]["description"],
            ""
        );
        assert_eq!(raw["paths"]["/a"]["post"]["responses"], json!({}));
        assert_eq!(
            raw["paths"]["/a"]["post"]["parameters"][0]["schema"],
            json!({})
        );
        assert_eq!(raw["components"]["schemas"], json!({}));
        assert_eq!(
            raw["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"],
            json!({})
        );
        assert_eq!(raw["components"]["links"], json!({}));
        assert_eq!(
            raw["components"]["securitySchemes"]["o"]["flows"]["implicit"]["scopes"],
            json!({})
        );
        assert_eq!(
            at,
            [
                "/info",
                "/paths/~1a/get/responses/200",
                "/paths/~1a/get/security/0/o",
                "/paths/~1a/post",
                "/paths/~1a/post/parameters/0",
                "/paths/~1a/post/requestBody/content/application~1json/schema",
                "/components/schemas",
                "/components/links/l",
                "/components/securitySchemes/o/flows/implicit",
            ]
        );
    }

    #[test]
    fn a_complete_document_is_left_alone() {
        let document = json!({
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}},
                "parameters": [{"$ref": "#/components/parameters/p"}]}}},
            "components": {"parameters": {"p": {"name": "p", "in": "query", "content": {}}}}
        });
        let (raw, at) = repaired(document.clone());
        assert_eq!(raw, document);
        assert!(at.is_empty());
    }
}
