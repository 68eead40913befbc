//! Operations, parameters, bodies, responses, security and servers.
//!
//! Operations are matched by method and path shape, so renaming a path
//! parameter (`/a/{id}` → `/a/{transactionId}`) changes nothing for a
//! client and is reported as such, not as a removal and an addition.

use super::rules::{self, Direction, Subject};
use super::schemas::{Place, Use};
use super::{connection, At, Differ};
use crate::model::{Operation, Parameter, ParameterLocation, RequestBody, Response};

/// Compares everything in the two models.
pub(super) fn diff_api(d: &mut Differ<'_>) {
    connection::diff_servers(d);
    let (old_ops, new_ops) = (&d.old.model.operations, &d.new.model.operations);
    // One index per side, so matching stays linear in the number of operations.
    let old_index = index_by_shape(old_ops);
    let new_index = index_by_shape(new_ops);
    for old in old_ops {
        match new_index.get(&(old.method.as_str(), path_shape(&old.path))) {
            Some(&new) => diff_operation(d, old, &new_ops[new]),
            None => removed_operation(d, old, &new_index),
        }
    }
    for new in new_ops {
        if !old_index.contains_key(&(new.method.as_str(), path_shape(&new.path))) {
            added_operation(d, new, &old_index);
        }
    }
}

/// (method, path shape) → position in `operations`; the first wins, as the
/// model has unique operations.
type ShapeIndex<'a> = std::collections::HashMap<(&'a str, String), usize>;

fn index_by_shape(operations: &[Operation]) -> ShapeIndex<'_> {
    let mut index = ShapeIndex::new();
    for (position, op) in operations.iter().enumerate() {
        index
            .entry((op.method.as_str(), path_shape(&op.path)))
            .or_insert(position);
    }
    index
}

fn has_path(index: &ShapeIndex<'_>, shape: &str) -> bool {
    index.keys().any(|(_, other)| other == shape)
}

/// `/a/{id}/b` → `/a/{}/b`: what a client's URL looks like.
fn path_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                shape.push('{');
            }
            '}' => {
                in_name = false;
                shape.push('}');
            }
            _ if in_name => {}
            _ => shape.push(c),
        }
    }
    shape
}

/// The names in a path template, in order.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

pub(super) fn label(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

fn operation_at(op: &Operation, old: Option<&str>, new: Option<&str>) -> At {
    At {
        operation: Some(label(op)),
        direction: None,
        location: "operation".into(),
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
    }
}

fn removed_operation(d: &mut Differ<'_>, old: &Operation, new_index: &ShapeIndex<'_>) {
    let path_kept = has_path(new_index, &path_shape(&old.path));
    let rule = match (path_kept, old.deprecated) {
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
    let at = operation_at(old, Some(&old.pointer), Some("/paths"));
    d.push(rule, &at, message, Some(old.id.clone()), None);
}

fn added_operation(d: &mut Differ<'_>, new: &Operation, old_index: &ShapeIndex<'_>) {
    let path_existed = has_path(old_index, &path_shape(&new.path));
    let rule = if path_existed {
        rules::ENDPOINT_ADDED
    } else {
        rules::API_PATH_ADDED
    };
    let at = operation_at(new, Some("/paths"), Some(&new.pointer));
    d.push(rule, &at, "added", None, Some(new.id.clone()));
}

fn diff_operation<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    let at = operation_at(new, Some(&old.pointer), Some(&new.pointer));
    if old.deprecated != new.deprecated {
        let (rule, message) = if new.deprecated {
            (rules::ENDPOINT_DEPRECATED, "deprecated")
        } else {
            (rules::ENDPOINT_REACTIVATED, "no longer deprecated")
        };
        d.push(rule, &at, message, None, None);
    }
    if old.id != new.id {
        let message = format!("operationId {} → {}", old.id, new.id);
        d.push(
            rules::API_OPERATION_ID_CHANGED,
            &at,
            message,
            Some(old.id.clone()),
            Some(new.id.clone()),
        );
    }
    diff_parameters(d, old, new);
    diff_body(d, old, new);
    diff_responses(d, old, new);
    connection::diff_security(d, old, new);
    diff_callbacks(d, old, new);
}

fn parameter_place(op: &Operation, p: &Parameter) -> Place {
    let kind = match p.location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
    };
    Place {
        operation: label(op).into(),
        direction: Direction::Request,
        root: Subject::Parameter,
        prefix: format!("{kind} parameter {}", p.wire_name).into(),
        path: String::new(),
    }
}

/// The parameter of `op` that plays the part of `p` of the other side:
/// path parameters by position in the template, others by name (header
/// names ignore case, as HTTP does).
fn counterpart<'m>(p: &Parameter, p_op: &Operation, op: &'m Operation) -> Option<&'m Parameter> {
    match p.location {
        ParameterLocation::Path => {
            let index = template_names(&p_op.path)
                .iter()
                .position(|n| *n == p.wire_name)?;
            let name = *template_names(&op.path).get(index)?;
            op.parameters
                .iter()
                .find(|q| q.location == ParameterLocation::Path && q.wire_name == name)
        }
        ParameterLocation::Header => op.parameters.iter().find(|q| {
            q.location == ParameterLocation::Header
                && q.wire_name.eq_ignore_ascii_case(&p.wire_name)
        }),
        ParameterLocation::Query => op
            .parameters
            .iter()
            .find(|q| q.location == p.location && q.wire_name == p.wire_name),
    }
}

fn diff_parameters<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    for op in &old.parameters {
        let place = parameter_place(new, op);
        let Some(np) = counterpart(op, old, new) else {
            let at = place_at(&place, Some(&op.pointer), Some(&new.pointer));
            d.push(
                rules::REQUEST_PARAMETER_REMOVED,
                &at,
                "removed",
                Some(op.wire_name.clone()),
                None,
            );
            continue;
        };
        let place = parameter_place(new, np);
        let at = place_at(&place, Some(&op.pointer), Some(&np.pointer));
        if op.wire_name != np.wire_name {
            let message = format!("renamed {} → {}", op.wire_name, np.wire_name);
            d.push(
                rules::REQUEST_PATH_PARAM_RENAMED,
                &at,
                message,
                Some(op.wire_name.clone()),
                Some(np.wire_name.clone()),
            );
        }
        if op.required != np.required {
            let (rule, message) = if np.required {
                (rules::REQUEST_PARAMETER_BECAME_REQUIRED, "became required")
            } else {
                (rules::REQUEST_PARAMETER_BECAME_OPTIONAL, "became optional")
            };
            d.push(rule, &at, message, None, None);
        }
        d.compare_schemas(
            &place,
            Use {
                expr: &op.expr,
                pointer: &format!("{}/schema", op.pointer),
            },
            Use {
                expr: &np.expr,
                pointer: &format!("{}/schema", np.pointer),
            },
        );
    }
    for np in &new.parameters {
        if counterpart(np, new, old).is_some() {
            continue;
        }
        let place = parameter_place(new, np);
        let at = place_at(&place, Some(&old.pointer), Some(&np.pointer));
        let rule = if np.required {
            rules::NEW_REQUIRED_REQUEST_PARAMETER
        } else {
            rules::NEW_OPTIONAL_REQUEST_PARAMETER
        };
        let message = if np.required {
            "added (required)"
        } else {
            "added (optional)"
        };
        d.push(rule, &at, message, None, Some(np.wire_name.clone()));
    }
}

fn place_at(place: &Place, old: Option<&str>, new: Option<&str>) -> At {
    At {
        operation: Some(place.operation.to_string()),
        direction: Some(place.direction),
        location: place.prefix.to_string(),
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
    }
}

fn body_place(op: &Operation) -> Place {
    Place {
        operation: label(op).into(),
        direction: Direction::Request,
        root: Subject::Body,
        prefix: "request body".into(),
        path: String::new(),
    }
}

fn diff_body<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    let place = body_place(new);
    let (ob, nb): (&Option<RequestBody>, &Option<RequestBody>) = (&old.body, &new.body);
    match (ob, nb) {
        (None, None) => {}
        (None, Some(nb)) => {
            let at = place_at(&place, Some(&old.pointer), Some(&nb.pointer));
            let rule = if nb.required {
                rules::REQUEST_BODY_ADDED_REQUIRED
            } else {
                rules::REQUEST_BODY_ADDED_OPTIONAL
            };
            let message = if nb.required {
                "added (required)"
            } else {
                "added (optional)"
            };
            d.push(rule, &at, message, None, None);
        }
        (Some(ob), None) => {
            let at = place_at(&place, Some(&ob.pointer), Some(&new.pointer));
            d.push(rules::REQUEST_BODY_REMOVED, &at, "removed", None, None);
        }
        (Some(ob), Some(nb)) => {
            let at = place_at(&place, Some(&ob.pointer), Some(&nb.pointer));
            if ob.required != nb.required {
                let (rule, message) = if nb.required {
                    (rules::REQUEST_BODY_BECAME_REQUIRED, "became required")
                } else {
                    (rules::REQUEST_BODY_BECAME_OPTIONAL, "became optional")
                };
                d.push(rule, &at, message, None, None);
            }
            for media in ob
                .media_types
                .iter()
                .filter(|m| !nb.media_types.contains(m))
            {
                let message = format!("media type {} removed", media.mime());
                let rule = rules::REQUEST_BODY_MEDIA_TYPE_REMOVED;
                d.push(rule, &at, message, Some(media.mime().into()), None);
            }
            for media in nb
                .media_types
                .iter()
                .filter(|m| !ob.media_types.contains(m))
            {
                let message = format!("media type {} added", media.mime());
                let rule = rules::REQUEST_BODY_MEDIA_TYPE_ADDED;
                d.push(rule, &at, message, None, Some(media.mime().into()));
            }
            d.compare_schemas(
                &place,
                Use {
                    expr: &ob.expr,
                    pointer: &ob.pointer,
                },
                Use {
                    expr: &nb.expr,
                    pointer: &nb.pointer,
                },
            );
        }
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn response_at(op: &Operation, status: &str, old: Option<&str>, new: Option<&str>) -> At {
    At {
        operation: Some(label(op)),
        direction: Some(Direction::Response),
        location: format!("response {status}"),
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
    }
}

fn diff_responses<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    for or in &old.responses {
        match new.responses.iter().find(|r| r.status == or.status) {
            Some(nr) => diff_response(d, new, or, nr),
            None => {
                let rule = if is_success(&or.status) {
                    rules::RESPONSE_SUCCESS_STATUS_REMOVED
                } else {
                    rules::RESPONSE_NON_SUCCESS_STATUS_REMOVED
                };
                let at = response_at(new, &or.status, Some(&or.pointer), Some(&new.pointer));
                let message = "removed";
                d.push(rule, &at, message, Some(or.status.clone()), None);
            }
        }
    }
    for nr in &new.responses {
        if old.responses.iter().any(|r| r.status == nr.status) {
            continue;
        }
        let rule = if is_success(&nr.status) {
            rules::RESPONSE_SUCCESS_STATUS_ADDED
        } else {
            rules::RESPONSE_NON_SUCCESS_STATUS_ADDED
        };
        let at = response_at(new, &nr.status, Some(&old.pointer), Some(&nr.pointer));
        let message = "added";
        d.push(rule, &at, message, None, Some(nr.status.clone()));
    }
}

fn diff_response<'m>(d: &mut Differ<'m>, op: &Operation, old: &'m Response, new: &'m Response) {
    let at = response_at(op, &new.status, Some(&old.pointer), Some(&new.pointer));
    if old.media_type != new.media_type {
        if let Some(media) = old.media_type {
            let message = format!("media type {} removed", media.mime());
            let rule = rules::RESPONSE_MEDIA_TYPE_REMOVED;
            d.push(rule, &at, message, Some(media.mime().into()), None);
        }
        if let Some(media) = new.media_type {
            let message = format!("media type {} added", media.mime());
            let rule = rules::RESPONSE_MEDIA_TYPE_ADDED;
            d.push(rule, &at, message, None, Some(media.mime().into()));
        }
    }
    if let (Some(ob), Some(nb)) = (&old.body, &new.body) {
        let place = Place {
            operation: label(op).into(),
            direction: Direction::Response,
            root: Subject::Body,
            prefix: format!("response {} body", new.status).into(),
            path: String::new(),
        };
        d.compare_schemas(
            &place,
            Use {
                expr: ob,
                pointer: &old.pointer,
            },
            Use {
                expr: nb,
                pointer: &new.pointer,
            },
        );
    }
}

/// Callback bodies are messages the client receives: compared like
/// responses.
fn diff_callbacks<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    for oc in &old.callbacks {
        let Some(nc) = new
            .callbacks
            .iter()
            .find(|c| c.name == oc.name && c.method == oc.method)
        else {
            continue;
        };
        let (Some(ob), Some(nb)) = (&oc.body, &nc.body) else {
            continue;
        };
        let place = Place {
            operation: label(new).into(),
            direction: Direction::Response,
            root: Subject::Body,
            prefix: format!("callback {} body", nc.name).into(),
            path: String::new(),
        };
        let pointer = |op: &Operation| format!("{}/callbacks/{}", op.pointer, oc.name);
        d.compare_schemas(
            &place,
            Use {
                expr: ob,
                pointer: &pointer(old),
            },
            Use {
                expr: nb,
                pointer: &pointer(new),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_match_by_shape() {
        assert_eq!(path_shape("/a/{id}/b"), "/a/{}/b");
        assert_eq!(path_shape("/a/{id}"), path_shape("/a/{transactionId}"));
        assert_ne!(path_shape("/a/{id}"), path_shape("/a/{id}/b"));
        assert_eq!(template_names("/a/{id}/b/{n}"), ["id", "n"]);
    }
}
