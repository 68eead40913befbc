//! Parameters in every location: added, removed (with the notice its
//! deprecation and sunset gave), required, deprecated,
//! style, explode, and their schemas (defaults among their keywords).

use super::lifecycle::{deprecation_report, removal_report, DeprecationRules, RemovalRules};
use super::schema::Place;
use crate::diff::rules::{self, fixed, Direction, Subject};
use crate::diff::{At, Differ};
use crate::front::{Location, Operation, Parameter, SchemaId};

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
            report_removal(d, new, op);
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

const REMOVAL: RemovalRules = RemovalRules {
    removed: rules::REQUEST_PARAMETER_REMOVED,
    removed_with_deprecation: rules::REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION,
    removed_before_sunset: rules::REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET,
    sunset_parse: rules::REQUEST_PARAMETER_SUNSET_PARSE,
};

const DEPRECATION: DeprecationRules = DeprecationRules {
    deprecated: rules::REQUEST_PARAMETER_DEPRECATED,
    deprecated_with_sunset: None,
    reactivated: rules::REQUEST_PARAMETER_REACTIVATED,
    sunset_too_soon: rules::REQUEST_PARAMETER_SUNSET_DATE_TOO_SMALL,
    deprecated_sunset_parse: rules::REQUEST_PARAMETER_SUNSET_PARSE,
    sunset_parse: Some(rules::REQUEST_PARAMETER_SUNSET_PARSE),
    sunset_deleted: Some(rules::REQUEST_PARAMETER_SUNSET_DELETED),
    sunset_changed_too_soon: Some(rules::REQUEST_PARAMETER_SUNSET_DATE_CHANGED_TOO_SMALL),
};

/// A parameter gone from the operation `op`: how much notice its
/// deprecation and sunset gave.
fn report_removal(d: &mut Differ<'_>, op: &Operation, old: &Parameter) {
    let (rule, message) = removal_report(&REMOVAL, old.deprecated, old.sunset.as_deref(), d.today);
    let at = at(op, old, &old.source.pointer, &op.source.pointer);
    d.push(&fixed(rule), &at, message, Some(old.name.clone()), None);
}

/// Deprecated or reactivated, and the sunset a deprecation names.
fn diff_deprecation(d: &mut Differ<'_>, old: &Parameter, new: &Parameter, at: &At) {
    let old_state = (old.deprecated, old.sunset.as_deref());
    let new_state = (new.deprecated, new.sunset.as_deref());
    if let Some((rule, message)) = deprecation_report(&DEPRECATION, old_state, new_state, d.today) {
        d.push(&fixed(rule), at, message, None, None);
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
    diff_deprecation(d, old, new, &at);
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
    let place = Place::new(op, Direction::Request, Subject::Parameter, label(new));
    // A parameter gives `schema`, or `content` with one media type.
    fn schema_of(p: &Parameter) -> Option<(SchemaId, &str)> {
        p.schema
            .map(|id| (id, p.source.pointer.as_str()))
            .or_else(|| {
                let content = p.content.first()?;
                Some((content.schema?, content.source.pointer.as_str()))
            })
    }
    if let (Some(old), Some(new)) = (schema_of(old), schema_of(new)) {
        d.compare_held_schemas(&place, old, new);
    }
}
