//! Request bodies and their media types, and callback bodies.

use super::content::{diff_content, MediaRules, RESPONSE_MEDIA};
use super::schema::Place;
use crate::diff::rules::{self, fixed, Direction, Subject};
use crate::diff::{At, Differ};
use crate::front::Operation;

fn body_at(op: &Operation, location: &str, old: &str, new: &str) -> At {
    At {
        operation: Some(op.label()),
        direction: Some(Direction::Request),
        location: location.to_owned(),
        old: Some(old.to_owned()),
        new: Some(new.to_owned()),
    }
}

pub(super) fn diff_request_body<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    let location = "request body";
    match (&old.request_body, &new.request_body) {
        (None, None) => {}
        (None, Some(nb)) => {
            let (rule, message) = if nb.required {
                (rules::REQUEST_BODY_ADDED_REQUIRED, "added (required)")
            } else {
                (rules::REQUEST_BODY_ADDED_OPTIONAL, "added (optional)")
            };
            let at = body_at(new, location, &old.source.pointer, &nb.source.pointer);
            d.push(&fixed(rule), &at, message, None, None);
        }
        (Some(ob), None) => {
            let at = body_at(new, location, &ob.source.pointer, &new.source.pointer);
            d.push(
                &fixed(rules::REQUEST_BODY_REMOVED),
                &at,
                "removed",
                None,
                None,
            );
        }
        (Some(ob), Some(nb)) => {
            let at = body_at(new, location, &ob.source.pointer, &nb.source.pointer);
            if ob.required != nb.required {
                let (rule, message) = if nb.required {
                    (rules::REQUEST_BODY_BECAME_REQUIRED, "became required")
                } else {
                    (rules::REQUEST_BODY_BECAME_OPTIONAL, "became optional")
                };
                d.push(&fixed(rule), &at, message, None, None);
            }
            // A request sent with the old media type's name is refused
            // whatever the new one is, so names are not paired.
            let media = MediaRules {
                removed: rules::REQUEST_BODY_MEDIA_TYPE_REMOVED,
                added: rules::REQUEST_BODY_MEDIA_TYPE_ADDED,
                schema_removed: rules::REQUEST_BODY_MEDIA_TYPE_SCHEMA_REMOVED,
                schema_added: rules::REQUEST_BODY_MEDIA_TYPE_SCHEMA_ADDED,
                renamed: None,
            };
            let place = |suffix: &str| {
                Place::new(
                    new,
                    Direction::Request,
                    Subject::Body,
                    format!("{location}{suffix}"),
                )
            };
            diff_content(d, &at, (&ob.content, &nb.content), media, place);
        }
    }
}

/// Callback bodies are messages the client receives: compared like
/// responses.
pub(super) fn diff_callbacks<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    for oc in &old.callbacks {
        let Some(nc) = new.callbacks.iter().find(|c| c.name == oc.name) else {
            continue;
        };
        for oo in &oc.operations {
            let Some(no) = nc
                .operations
                .iter()
                .find(|n| n.method == oo.method && n.path == oo.path)
            else {
                continue;
            };
            let (Some(ob), Some(nb)) = (&oo.request_body, &no.request_body) else {
                continue;
            };
            let at = At {
                operation: Some(new.label()),
                direction: Some(Direction::Response),
                location: format!("callback {} body", nc.name),
                old: Some(ob.source.pointer.clone()),
                new: Some(nb.source.pointer.clone()),
            };
            let media = RESPONSE_MEDIA;
            let name = nc.name.clone();
            let place = |suffix: &str| {
                Place::new(
                    new,
                    Direction::Response,
                    Subject::Body,
                    format!("callback {name} body{suffix}"),
                )
            };
            diff_content(d, &at, (&ob.content, &nb.content), media, place);
        }
    }
}
