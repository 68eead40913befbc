//! Operations and paths: added, removed (with and without deprecation),
//! deprecated and reactivated, operationId; and component schemas.
//!
//! Operations are matched by method and path shape, so renaming a path
//! parameter (`/a/{id}` → `/a/{transactionId}`) changes nothing for a
//! client and is reported as such, not as a removal and an addition.

use std::collections::{HashMap, HashSet};

use super::{bodies, parameters, responses, security};
use crate::diff::rules::{self, fixed};
use crate::diff::{At, Differ};
use crate::front::{Method, Operation};

/// For each old operation, the new one it is: the same method and path
/// template first, then the same method and path shape (a renamed path
/// parameter), each new operation used once. A document may hold two
/// templates of one shape (`/a/{id}` and `/a/{name}`, which OpenAPI
/// forbids); matching the exact template first keeps them apart.
fn match_operations(old: &[Operation], new: &[Operation]) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    let exact: HashMap<(Method, &str), usize> = new
        .iter()
        .enumerate()
        .rev()
        .map(|(j, op)| ((op.method, op.path.as_str()), j))
        .collect();
    for (i, op) in old.iter().enumerate() {
        if let Some(&j) = exact.get(&(op.method, op.path.as_str())) {
            if !taken[j] {
                taken[j] = true;
                matched[i] = Some(j);
            }
        }
    }
    let mut by_shape: HashMap<(Method, String), Vec<usize>> = HashMap::new();
    for (j, op) in new.iter().enumerate().filter(|(j, _)| !taken[*j]) {
        by_shape
            .entry((op.method, op.path.shape()))
            .or_default()
            .push(j);
    }
    for (i, op) in old.iter().enumerate() {
        if matched[i].is_some() {
            continue;
        }
        let candidates = by_shape.get_mut(&(op.method, op.path.shape()));
        if let Some(j) = candidates.and_then(|c| (!c.is_empty()).then(|| c.remove(0))) {
            matched[i] = Some(j);
        }
    }
    matched
}

pub(super) fn operation_at(op: &Operation, old: Option<&str>, new: Option<&str>) -> At {
    At {
        operation: Some(op.label()),
        direction: None,
        location: "operation".into(),
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
    }
}

fn id_text(op: &Operation) -> Option<String> {
    op.operation_id.clone()
}

pub(super) fn diff_operations(d: &mut Differ<'_>) {
    let (old_ops, new_ops) = (&d.old.api.operations, &d.new.api.operations);
    let matched = match_operations(old_ops, new_ops);
    let new_paths: HashSet<String> = new_ops.iter().map(|op| op.path.shape()).collect();
    for (old, counterpart) in old_ops.iter().zip(&matched) {
        if let Some(new) = counterpart {
            diff_operation(d, old, &new_ops[*new]);
            continue;
        }
        let rule = match (new_paths.contains(&old.path.shape()), old.deprecated) {
            (true, true) => rules::API_REMOVED_WITH_DEPRECATION,
            (true, false) => rules::API_REMOVED_WITHOUT_DEPRECATION,
            (false, true) => rules::API_PATH_REMOVED_WITH_DEPRECATION,
            (false, false) => rules::API_PATH_REMOVED_WITHOUT_DEPRECATION,
        };
        let message = if old.deprecated {
            "removed (was deprecated)"
        } else {
            "removed"
        };
        let at = operation_at(old, Some(&old.source.pointer), Some("/paths"));
        d.push(&fixed(rule), &at, message, id_text(old), None);
    }
    let used: HashSet<usize> = matched.iter().flatten().copied().collect();
    for (j, new) in new_ops.iter().enumerate() {
        if !used.contains(&j) {
            let at = operation_at(new, Some("/paths"), Some(&new.source.pointer));
            d.push(
                &fixed(rules::ENDPOINT_ADDED),
                &at,
                "added",
                None,
                id_text(new),
            );
        }
    }
}

fn diff_operation<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    let at = operation_at(new, Some(&old.source.pointer), Some(&new.source.pointer));
    if old.deprecated != new.deprecated {
        let (rule, message) = match (new.deprecated, &new.sunset) {
            (true, None) => (rules::ENDPOINT_DEPRECATED, "deprecated".to_owned()),
            (true, Some(date)) => (
                rules::ENDPOINT_DEPRECATED_WITH_SUNSET,
                format!("deprecated, sunset {date}"),
            ),
            (false, _) => (
                rules::ENDPOINT_REACTIVATED,
                "no longer deprecated".to_owned(),
            ),
        };
        d.push(&fixed(rule), &at, message, None, None);
    }
    if old.operation_id != new.operation_id {
        let rule = if old.operation_id.is_none() {
            rules::API_OPERATION_ID_ADDED
        } else {
            rules::API_OPERATION_ID_REMOVED
        };
        let shown = |id: &Option<String>| id.clone().unwrap_or_else(|| "(none)".into());
        let message = format!(
            "operationId {} → {}",
            shown(&old.operation_id),
            shown(&new.operation_id)
        );
        d.push(&fixed(rule), &at, message, id_text(old), id_text(new));
    }
    parameters::diff_parameters(d, old, new);
    bodies::diff_request_body(d, old, new);
    responses::diff_responses(d, old, new);
    security::diff_operation_security(d, old, new);
    bodies::diff_callbacks(d, old, new);
}

/// Component schemas that disappeared (their uses report their own changes).
pub(super) fn diff_components(d: &mut Differ<'_>) {
    let (old, new) = (d.old.api, d.new.api);
    if d.new.side.api.is_none() {
        return;
    }
    for (name, id) in &old.components {
        if new.components.iter().any(|(n, _)| n == name) {
            continue;
        }
        let at = At {
            operation: None,
            direction: None,
            location: format!("components schema {name}"),
            old: Some(old.schemas.get(*id).pointer().to_owned()),
            new: Some("/components".into()),
        };
        d.push(
            &fixed(rules::API_SCHEMA_REMOVED),
            &at,
            "removed",
            Some(name.clone()),
            None,
        );
    }
}
