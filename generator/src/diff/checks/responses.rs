//! Responses: statuses (codes, ranges, `default`), media types, headers,
//! and body schemas.

use super::content::{diff_content, RESPONSE_MEDIA};
use super::schema::Place;
use crate::diff::rules::{self, fixed, Direction, Subject};
use crate::diff::{At, Differ};
use crate::front::{Header, Operation, Response, Status};

fn response_at(op: &Operation, status: Status, old: &str, new: &str) -> At {
    At {
        operation: Some(op.label()),
        direction: Some(Direction::Response),
        location: format!("response {status}"),
        old: Some(old.to_owned()),
        new: Some(new.to_owned()),
    }
}

pub(super) fn diff_responses<'m>(d: &mut Differ<'m>, old: &'m Operation, new: &'m Operation) {
    for or in &old.responses {
        match new.responses.iter().find(|r| r.status == or.status) {
            Some(nr) => diff_response(d, new, or, nr),
            None => {
                let rule = if or.status.is_success() {
                    rules::RESPONSE_SUCCESS_STATUS_REMOVED
                } else {
                    rules::RESPONSE_NON_SUCCESS_STATUS_REMOVED
                };
                let at = response_at(new, or.status, &or.source.pointer, &new.source.pointer);
                d.push(
                    &fixed(rule),
                    &at,
                    "removed",
                    Some(or.status.to_string()),
                    None,
                );
            }
        }
    }
    for nr in &new.responses {
        if old.responses.iter().any(|r| r.status == nr.status) {
            continue;
        }
        let rule = if nr.status.is_success() {
            rules::RESPONSE_SUCCESS_STATUS_ADDED
        } else {
            rules::RESPONSE_NON_SUCCESS_STATUS_ADDED
        };
        let at = response_at(new, nr.status, &old.source.pointer, &nr.source.pointer);
        d.push(
            &fixed(rule),
            &at,
            "added",
            None,
            Some(nr.status.to_string()),
        );
    }
}

fn diff_response(d: &mut Differ<'_>, op: &Operation, old: &Response, new: &Response) {
    let at = response_at(op, new.status, &old.source.pointer, &new.source.pointer);
    let media = RESPONSE_MEDIA;
    let status = new.status;
    let place = |suffix: &str| {
        Place::new(
            op,
            Direction::Response,
            Subject::Body,
            format!("response {status} body{suffix}"),
        )
    };
    diff_content(d, &at, (&old.content, &new.content), media, place);
    diff_headers(d, op, status, (&old.headers, &new.headers), &at);
}

fn diff_headers(
    d: &mut Differ<'_>,
    op: &Operation,
    status: Status,
    (old, new): (&[Header], &[Header]),
    response: &At,
) {
    let same = |a: &Header, b: &Header| a.name.eq_ignore_ascii_case(&b.name);
    let header_at = |h: &Header, old: &str, new: &str| At {
        location: format!("response {status} header {}", h.name),
        old: Some(old.to_owned()),
        new: Some(new.to_owned()),
        ..response.clone()
    };
    for oh in old {
        let Some(nh) = new.iter().find(|n| same(oh, n)) else {
            let rule = if oh.required {
                rules::REQUIRED_RESPONSE_HEADER_REMOVED
            } else {
                rules::OPTIONAL_RESPONSE_HEADER_REMOVED
            };
            let at = header_at(
                oh,
                &oh.source.pointer,
                response.new.as_deref().unwrap_or(""),
            );
            d.push(&fixed(rule), &at, "removed", Some(oh.name.clone()), None);
            continue;
        };
        let at = header_at(nh, &oh.source.pointer, &nh.source.pointer);
        if oh.required && !nh.required {
            d.push(
                &fixed(rules::RESPONSE_HEADER_BECAME_OPTIONAL),
                &at,
                "became optional",
                None,
                None,
            );
        }
        if let (Some(o), Some(n)) = (oh.schema, nh.schema) {
            let place = Place::new(
                op,
                Direction::Response,
                Subject::Header,
                at.location.clone(),
            );
            d.compare_held_schemas(&place, (o, &oh.source.pointer), (n, &nh.source.pointer));
        }
    }
    for nh in new {
        if !old.iter().any(|o| same(o, nh)) {
            let at = header_at(
                nh,
                response.old.as_deref().unwrap_or(""),
                &nh.source.pointer,
            );
            d.push(
                &fixed(rules::RESPONSE_HEADER_ADDED),
                &at,
                "added",
                None,
                Some(nh.name.clone()),
            );
        }
    }
}
