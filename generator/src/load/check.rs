//! Whole-document checks that `openapiv3` does not make.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use serde_json::Value;

use super::{escape_segment, Spec};
use crate::error::{SpecError, SpecErrorKind};
use crate::front::Method;

/// Checks `spec`; returns operationId → pointer of the operation, for
/// the operations that have one.
pub(super) fn check(spec: &Spec) -> Result<HashMap<String, String>, SpecError> {
    let mut graph = RefGraph::default();
    let root = Place {
        key: None,
        parent_key: None,
    };
    check_refs(spec, &spec.raw, root, &mut String::new(), &mut graph)?;
    graph.reject_ref_loops(spec)?;
    graph.reject_all_of_loops(spec)?;
    check_operation_ids(spec)
}

/// The edges along which a schema *is* another: `$ref` (node → target)
/// and `allOf` (node → members). A loop of these describes no value at
/// all, and every stage would either reject it or loop on it, so it is
/// refused here, once, for every command.
#[derive(Default)]
struct RefGraph {
    /// Pointer of a node holding `$ref` → pointer of its target, in
    /// document order (so the loop reported is always the same).
    refs: IndexMap<String, String>,
    /// Pointer of a node holding `allOf` → how many members it has.
    all_ofs: Vec<(String, usize)>,
}

impl RefGraph {
    /// `A: {$ref: B}`, `B: {$ref: A}`: a chain of references that never
    /// reaches a schema. Each node is walked once, so long chains cost
    /// linear time.
    fn reject_ref_loops(&self, spec: &Spec) -> Result<(), SpecError> {
        let mut ends_well: HashSet<&str> = HashSet::new();
        for start in self.refs.keys() {
            let mut path: Vec<&str> = Vec::new();
            let mut current = start.as_str();
            while let Some(target) = self.refs.get(current) {
                if ends_well.contains(current) {
                    break;
                }
                if let Some(first) = path.iter().position(|p| *p == current) {
                    let mut chain: Vec<String> =
                        path[first..].iter().map(|p| format!("#{p}")).collect();
                    chain.push(format!("#{current}"));
                    let kind = SpecErrorKind::CyclicRef {
                        chain: chain.join(" → "),
                    };
                    return Err(spec.error(format!("{current}/$ref"), kind));
                }
                path.push(current);
                current = target;
            }
            ends_well.extend(path);
        }
        Ok(())
    }

    /// A schema that is, through `allOf` members and `$ref`s, part of
    /// itself. Depth-first with an explicit stack: a spec chooses how deep
    /// the walk goes.
    fn reject_all_of_loops(&self, spec: &Spec) -> Result<(), SpecError> {
        let mut done: HashSet<String> = HashSet::new();
        let members: HashMap<&str, usize> = self
            .all_ofs
            .iter()
            .map(|(pointer, count)| (pointer.as_str(), *count))
            .collect();
        for (start, _) in &self.all_ofs {
            if done.contains(start) {
                continue;
            }
            // Each frame: a node and the index of the next edge to follow.
            let mut stack: Vec<(String, usize)> = vec![(start.clone(), 0)];
            while let Some((node, next)) = stack.last_mut() {
                let edges = usize::from(self.refs.contains_key(node.as_str()))
                    + members.get(node.as_str()).copied().unwrap_or(0);
                if *next == edges {
                    let (finished, _) = stack.pop().unwrap_or_default();
                    done.insert(finished);
                    continue;
                }
                let child = match self.refs.get(node.as_str()) {
                    Some(target) if *next == 0 => target.clone(),
                    Some(_) => format!("{node}/allOf/{}", *next - 1),
                    None => format!("{node}/allOf/{next}"),
                };
                *next += 1;
                if done.contains(&child) {
                    continue;
                }
                if let Some(first) = stack.iter().position(|(p, _)| *p == child) {
                    let mut chain: Vec<String> = stack[first..]
                        .iter()
                        .map(|(p, _)| format!("#{p}"))
                        .collect();
                    chain.push(format!("#{child}"));
                    let kind = SpecErrorKind::CyclicAllOf {
                        chain: chain.join(" → "),
                    };
                    return Err(spec.error(child, kind));
                }
                stack.push((child, 0));
            }
        }
        Ok(())
    }
}

/// Maps whose keys are names the document chooses (paths, components,
/// properties, statuses, media types...), not keywords.
const NAME_MAPS: &[&str] = &[
    "paths",
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "properties",
    "content",
    "encoding",
    "mapping",
    "variables",
    "scopes",
];

/// Where a node sits: the key that holds it, and the key that holds that.
#[derive(Clone, Copy)]
struct Place<'a> {
    key: Option<&'a str>,
    parent_key: Option<&'a str>,
}

impl Place<'_> {
    /// Whether the child at `key` is a literal value, not part of the API
    /// description: `example`, `default`, `enum`, an extension (`x-...`),
    /// or the `value` of an Example Object. A `$ref` key in one is data
    /// (GitHub's description shows `$ref`s in its examples).
    fn holds_data(&self, key: &str) -> bool {
        if self.key.is_some_and(|k| NAME_MAPS.contains(&k)) {
            return false;
        }
        matches!(key, "example" | "default" | "enum")
            || key.starts_with("x-")
            || (key == "value" && self.parent_key == Some("examples"))
    }
}

/// Every `$ref` must be local (bundling has made those to other files
/// local) and land on a node.
fn check_refs(
    spec: &Spec,
    node: &Value,
    place: Place<'_>,
    pointer: &mut String,
    graph: &mut RefGraph,
) -> Result<(), SpecError> {
    match node {
        Value::Object(map) => {
            if let Some(Value::Array(members)) = map.get("allOf") {
                graph.all_ofs.push((pointer.clone(), members.len()));
            }
            if let Some(Value::String(reference)) = map.get("$ref") {
                let at = format!("{pointer}/$ref");
                if !reference.starts_with('#') {
                    // Left by bundling: a spec read from text, or a place
                    // OpenAPI gives no reference.
                    let reference = reference.clone();
                    let kind = if super::bundle::is_url(&reference) {
                        SpecErrorKind::UrlRef { reference }
                    } else {
                        SpecErrorKind::ExternalRef { reference }
                    };
                    return Err(spec.error(at, kind));
                }
                if spec.resolve_pointer(reference).is_none() {
                    let reference = reference.clone();
                    return Err(spec.error(at, SpecErrorKind::DanglingRef { reference }));
                }
                graph.refs.insert(
                    pointer.clone(),
                    reference.trim_start_matches('#').to_owned(),
                );
            }
            for (key, child) in map {
                if place.holds_data(key) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_segment(key));
                let inner = Place {
                    key: Some(key),
                    parent_key: place.key,
                };
                check_refs(spec, child, inner, pointer, graph)?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{index}"));
                check_refs(spec, child, place, pointer, graph)?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_operation_ids(spec: &Spec) -> Result<HashMap<String, String>, SpecError> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let paths = spec.raw.get("paths").and_then(Value::as_object);
    let operations = paths.into_iter().flatten().flat_map(|(path, item)| {
        Method::ALL.into_iter().filter_map(move |method| {
            let operation = item.get(method.key())?;
            Some((path, method.key(), operation))
        })
    });
    for (path, method, operation) in operations {
        let pointer = format!("/paths/{}/{method}", escape_segment(path));
        // Optional in OpenAPI: the model names an operation without one.
        let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        if let Some(first) = seen.get(id) {
            let kind = SpecErrorKind::DuplicateOperationId {
                id: id.to_owned(),
                first: first.clone(),
            };
            return Err(spec.error(format!("{pointer}/operationId"), kind));
        }
        seen.insert(id.to_owned(), pointer);
    }
    Ok(seen)
}
