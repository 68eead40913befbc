//! Whole-document checks that `openapiv3` does not make.

use std::collections::HashMap;

use serde_json::Value;

use super::{escape_segment, Spec};
use crate::error::{SpecError, SpecErrorKind};

/// Checks `spec`; returns operationId → pointer of the operation.
pub(super) fn check(spec: &Spec) -> Result<HashMap<String, String>, SpecError> {
    check_refs(spec, &spec.raw, &mut String::new())?;
    check_operation_ids(spec)
}

/// Every `$ref` must be local and land on a node.
fn check_refs(spec: &Spec, node: &Value, pointer: &mut String) -> Result<(), SpecError> {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let at = format!("{pointer}/$ref");
                if !reference.starts_with('#') {
                    let reference = reference.clone();
                    return Err(spec.error(at, SpecErrorKind::ExternalRef { reference }));
                }
                if spec.resolve_pointer(reference).is_none() {
                    let reference = reference.clone();
                    return Err(spec.error(at, SpecErrorKind::DanglingRef { reference }));
                }
            }
            for (key, child) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_segment(key));
                check_refs(spec, child, pointer)?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{index}"));
                check_refs(spec, child, pointer)?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_operation_ids(spec: &Spec) -> Result<HashMap<String, String>, SpecError> {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (path, method, operation) in spec.document.operations() {
        let pointer = format!("/paths/{}/{method}", escape_segment(path));
        let Some(id) = operation.operation_id.as_deref() else {
            return Err(spec.error(pointer, SpecErrorKind::MissingOperationId));
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
