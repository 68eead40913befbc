//! Request bodies and their media types, and callback bodies.

use super::schema::{Place, Use};
use crate::diff::rules::{self, fixed, Direction, Subject};
use crate::diff::{At, Differ};
use crate::front::{Content, Operation};

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
            let media = MediaRules {
                removed: rules::REQUEST_BODY_MEDIA_TYPE_REMOVED,
                added: rules::REQUEST_BODY_MEDIA_TYPE_ADDED,
                schema_removed: rules::REQUEST_BODY_MEDIA_TYPE_SCHEMA_REMOVED,
                schema_added: rules::REQUEST_BODY_MEDIA_TYPE_SCHEMA_ADDED,
            };
            let place = |suffix: &str| {
                Place::new(
                    &new.label(),
                    Direction::Request,
                    Subject::Body,
                    format!("{location}{suffix}"),
                )
            };
            diff_content(d, &at, (&ob.content, &nb.content), media, place);
        }
    }
}

/// The rules for a media type removed from, or added to, a content map,
/// and for a media type that gains or loses its schema.
pub(super) struct MediaRules {
    pub removed: rules::Fixed,
    pub added: rules::Fixed,
    pub schema_removed: rules::Fixed,
    pub schema_added: rules::Fixed,
}

/// Compares two `content` maps: media types removed and added, and the
/// schema of each media type both have. `place` makes the schema's place
/// from a suffix (empty when each side has exactly one media type).
pub(super) fn diff_content(
    d: &mut Differ<'_>,
    at: &At,
    (old, new): (&[Content], &[Content]),
    media: MediaRules,
    place: impl Fn(&str) -> Place,
) {
    for content in old
        .iter()
        .filter(|c| !new.iter().any(|n| n.media_type == c.media_type))
    {
        let name = content.media_type.to_string();
        d.push(
            &fixed(media.removed),
            at,
            format!("media type {name} removed"),
            Some(name),
            None,
        );
    }
    for content in new
        .iter()
        .filter(|c| !old.iter().any(|o| o.media_type == c.media_type))
    {
        let name = content.media_type.to_string();
        d.push(
            &fixed(media.added),
            at,
            format!("media type {name} added"),
            None,
            Some(name),
        );
    }
    let single = old.len() == 1 && new.len() == 1;
    for oc in old {
        let Some(nc) = new.iter().find(|n| n.media_type == oc.media_type) else {
            continue;
        };
        let name = nc.media_type.to_string();
        let (o, n) = match (oc.schema, nc.schema) {
            (Some(o), Some(n)) => (o, n),
            (None, Some(_)) => {
                let message = format!("media type {name}: schema added");
                d.push(&fixed(media.schema_added), at, message, None, None);
                continue;
            }
            (Some(_), None) => {
                let message = format!("media type {name}: schema removed");
                d.push(&fixed(media.schema_removed), at, message, None, None);
                continue;
            }
            (None, None) => continue,
        };
        let suffix = if single {
            String::new()
        } else {
            format!(" ({})", nc.media_type)
        };
        let (o_at, n_at) = (
            format!("{}/schema", oc.source.pointer),
            format!("{}/schema", nc.source.pointer),
        );
        d.compare_schemas(
            &place(&suffix),
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
            let media = MediaRules {
                removed: rules::RESPONSE_MEDIA_TYPE_REMOVED,
                added: rules::RESPONSE_MEDIA_TYPE_ADDED,
                schema_removed: rules::RESPONSE_BODY_MEDIA_TYPE_SCHEMA_REMOVED,
                schema_added: rules::RESPONSE_BODY_MEDIA_TYPE_SCHEMA_ADDED,
            };
            let name = nc.name.clone();
            let place = |suffix: &str| {
                Place::new(
                    &new.label(),
                    Direction::Response,
                    Subject::Body,
                    format!("callback {name} body{suffix}"),
                )
            };
            diff_content(d, &at, (&ob.content, &nb.content), media, place);
        }
    }
}
