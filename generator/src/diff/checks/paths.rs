//! Operations and paths: added, removed (with and without deprecation,
//! before and after the sunset), deprecated and reactivated, sunset and
//! stability level changed, operationId; and component schemas.
//!
//! Operations are matched by method and path shape, so renaming a path
//! parameter (`/a/{id}` → `/a/{transactionId}`) changes nothing for a
//! client and is reported as such, not as a removal and an addition.

use std::collections::{HashMap, HashSet};

use super::lifecycle::{
    deprecation_report, removal_report, stability_report, DeprecationRules, RemovalRules,
    StabilityRules, STABILITY_KEY,
};
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
        let path_gone = !new_paths.contains(&old.path.shape());
        report_removal(d, old, path_gone);
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

/// How an operation's removal is reported; with its path, under the
/// `api-path-` ids.
fn removal_rules(path_gone: bool) -> RemovalRules {
    let pick = |path_rule, operation_rule| if path_gone { path_rule } else { operation_rule };
    RemovalRules {
        removed: pick(
            rules::API_PATH_REMOVED_WITHOUT_DEPRECATION,
            rules::API_REMOVED_WITHOUT_DEPRECATION,
        ),
        removed_with_deprecation: pick(
            rules::API_PATH_REMOVED_WITH_DEPRECATION,
            rules::API_REMOVED_WITH_DEPRECATION,
        ),
        removed_before_sunset: pick(
            rules::API_PATH_REMOVED_BEFORE_SUNSET,
            rules::API_REMOVED_BEFORE_SUNSET,
        ),
        sunset_parse: rules::API_PATH_SUNSET_PARSE,
    }
}

const DEPRECATION: DeprecationRules = DeprecationRules {
    deprecated: rules::ENDPOINT_DEPRECATED,
    deprecated_with_sunset: Some(rules::ENDPOINT_DEPRECATED_WITH_SUNSET),
    reactivated: rules::ENDPOINT_REACTIVATED,
    sunset_too_soon: rules::API_SUNSET_DATE_TOO_SMALL,
    deprecated_sunset_parse: rules::API_DEPRECATED_SUNSET_PARSE,
    sunset_parse: Some(rules::API_PATH_SUNSET_PARSE),
    sunset_deleted: Some(rules::SUNSET_DELETED),
    sunset_changed_too_soon: Some(rules::API_SUNSET_DATE_CHANGED_TOO_SMALL),
};

/// An operation gone from the new version: how much notice its
/// deprecation and sunset gave.
fn report_removal(d: &mut Differ<'_>, old: &Operation, path_gone: bool) {
    let rules = removal_rules(path_gone);
    let (rule, message) = removal_report(&rules, old.deprecated, old.sunset.as_deref(), d.today);
    let at = operation_at(old, Some(&old.source.pointer), Some("/paths"));
    d.push(&fixed(rule), &at, message, id_text(old), None);
}

fn diff_operation<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    let at = operation_at(new, Some(&old.source.pointer), Some(&new.source.pointer));
    diff_stability(d, old, new, &at);
    diff_deprecation(d, old, new, &at);
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

const STABILITY: StabilityRules = StabilityRules {
    decreased: rules::API_STABILITY_DECREASED,
    increased: rules::API_STABILITY_INCREASED,
};

/// `x-stability-level` changed: a level that is none of the four, or a
/// promise lowered or raised.
fn diff_stability(d: &mut Differ<'_>, old: &Operation, new: &Operation, at: &At) {
    let (old_level, new_level) = (old.extension(STABILITY_KEY), new.extension(STABILITY_KEY));
    for report in stability_report(&STABILITY, old_level, new_level) {
        d.push(
            &fixed(report.rule),
            at,
            report.message,
            report.old,
            report.new,
        );
    }
}

/// Deprecated or reactivated, and the sunset a deprecation names.
fn diff_deprecation(d: &mut Differ<'_>, old: &Operation, new: &Operation, at: &At) {
    let old_state = (old.deprecated, old.sunset.as_deref());
    let new_state = (new.deprecated, new.sunset.as_deref());
    if let Some((rule, message)) = deprecation_report(&DEPRECATION, old_state, new_state, d.today) {
        d.push(&fixed(rule), at, message, None, None);
    }
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
