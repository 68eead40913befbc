//! Parameters in every location: added, removed, required, deprecated,
//! style, explode, and their schemas (defaults among their keywords).

use super::schema::{Place, Use};
use crate::diff::rules::{self, fixed, Direction, Subject};
use crate::diff::{At, Differ};
use crate::front::{Location, Operation, Parameter};

fn label(p: &Parameter) -> String {
    format!("{} parameter {}", p.location.as_str(), p.name)
}

fn at(op: &Operation, p: &Parameter, old: &str, new: &str) -> At {
    At {
        operation: Some(op.label()),
        direction: Some(Direction::Request),
        location: label(p),
        old: Some(old.to_owned()),
        new: Some(new.to_owned()),
    }
}

/// The parameter of `op` that plays the part of `p` of `p_op`: path
/// parameters by position in the template, others by location and name.
/// A path parameter the template does not name (a document can declare
/// one) has no position, so it is matched by name too.
fn counterpart<'m>(p: &Parameter, p_op: &Operation, op: &'m Operation) -> Option<&'m Parameter> {
    if p.location == Location::Path {
        if let Some(index) = p_op.path.names().iter().position(|n| *n == p.name) {
            let name = *op.path.names().get(index)?;
            return op
                .parameters
                .iter()
                .find(|q| q.location == Location::Path && q.name == name);
        }
    }
    op.parameters.iter().find(|q| q.same_name(p))
}

pub(super) fn diff_parameters<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    for op in &old.parameters {
        let Some(np) = counterpart(op, old, new) else {
            let rule = if op.deprecated {
                rules::REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION
            } else {
                rules::REQUEST_PARAMETER_REMOVED
            };
            let at = at(new, op, &op.source.pointer, &new.source.pointer);
            d.push(&fixed(rule), &at, "removed", Some(op.name.clone()), None);
            continue;
        };
        diff_parameter(d, new, op, np);
    }
    for np in &new.parameters {
        if counterpart(np, new, old).is_some() {
            continue;
        }
        let (rule, message) = if np.required {
            (rules::NEW_REQUIRED_REQUEST_PARAMETER, "added (required)")
        } else {
            (rules::NEW_OPTIONAL_REQUEST_PARAMETER, "added (optional)")
        };
        let at = at(new, np, &old.source.pointer, &np.source.pointer);
        d.push(&fixed(rule), &at, message, None, Some(np.name.clone()));
    }
}

fn diff_parameter(d: &mut Differ<'_>, op: &Operation, old: &Parameter, new: &Parameter) {
    let at = at(op, new, &old.source.pointer, &new.source.pointer);
    if old.name != new.name {
        let message = format!("renamed {} → {}", old.name, new.name);
        let rule = fixed(rules::REQUEST_PATH_PARAM_RENAMED);
        d.push(
            &rule,
            &at,
            message,
            Some(old.name.clone()),
            Some(new.name.clone()),
        );
    }
    if old.required != new.required {
        let (rule, message) = if new.required {
            (rules::REQUEST_PARAMETER_BECAME_REQUIRED, "became required")
        } else {
            (rules::REQUEST_PARAMETER_BECAME_OPTIONAL, "became optional")
        };
        d.push(&fixed(rule), &at, message, None, None);
    }
    if old.deprecated != new.deprecated {
        let (rule, message) = if new.deprecated {
            (rules::REQUEST_PARAMETER_DEPRECATED, "deprecated")
        } else {
            (rules::REQUEST_PARAMETER_REACTIVATED, "no longer deprecated")
        };
        d.push(&fixed(rule), &at, message, None, None);
    }
    if old.style != new.style {
        let message = format!("style {} → {}", old.style, new.style);
        let rule = fixed(rules::REQUEST_PARAMETER_STYLE_CHANGED);
        d.push(
            &rule,
            &at,
            message,
            Some(old.style.clone()),
            Some(new.style.clone()),
        );
    }
    if old.explode != new.explode {
        let message = format!("explode {} → {}", old.explode, new.explode);
        let rule = fixed(rules::REQUEST_PARAMETER_EXPLODE_CHANGED);
        d.push(
            &rule,
            &at,
            message,
            Some(old.explode.to_string()),
            Some(new.explode.to_string()),
        );
    }
    let place = Place::new(
        &op.label(),
        Direction::Request,
        Subject::Parameter,
        label(new),
    );
    // A parameter gives `schema`, or `content` with one media type.
    let schema_of = |p: &Parameter| {
        p.schema
            .map(|id| (id, format!("{}/schema", p.source.pointer)))
            .or_else(|| {
                let content = p.content.first()?;
                Some((
                    content.schema?,
                    format!("{}/schema", content.source.pointer),
                ))
            })
    };
    if let (Some((o, o_at)), Some((n, n_at))) = (schema_of(old), schema_of(new)) {
        d.compare_schemas(
            &place,
            Use {
                id: o,
                pointer: &o_at,
            },
            Use {
                id: n,
                pointer: &n_at,
            },
        );
    }
}
