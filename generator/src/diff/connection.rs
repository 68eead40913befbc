//! How clients reach the API: its servers, and each operation's security
//! requirements.

use std::collections::BTreeSet;

use super::rules::{self, Direction};
use super::{operations, At, Differ};
use crate::model::Operation;

/// Servers are API-wide: they belong to no operation.
pub(super) fn diff_servers(d: &mut Differ<'_>) {
    let (old_model, new_model) = (d.old.model, d.new.model);
    let (old, new) = (&old_model.servers, &new_model.servers);
    let at = |old: Option<usize>, new: Option<usize>| At {
        operation: None,
        direction: None,
        location: "servers".into(),
        old: Some(old.map_or_else(|| "/servers".to_owned(), |i| format!("/servers/{i}"))),
        new: Some(new.map_or_else(|| "/servers".to_owned(), |i| format!("/servers/{i}"))),
    };
    for (i, server) in old.iter().enumerate() {
        if let Some(j) = new.iter().position(|s| s.url == server.url) {
            if new[j].name != server.name {
                let message = format!("{} renamed {} → {}", server.url, server.name, new[j].name);
                let (old_name, new_name) = (server.name.clone(), new[j].name.clone());
                d.push(
                    rules::API_SERVER_RENAMED,
                    &at(Some(i), Some(j)),
                    message,
                    Some(old_name),
                    Some(new_name),
                );
            }
        } else if let Some(j) = new
            .iter()
            .position(|s| s.name == server.name && !old.iter().any(|o| o.url == s.url))
        {
            let message = format!("{} URL {} → {}", server.name, server.url, new[j].url);
            let (old_url, new_url) = (server.url.clone(), new[j].url.clone());
            d.push(
                rules::API_SERVER_URL_CHANGED,
                &at(Some(i), Some(j)),
                message,
                Some(old_url),
                Some(new_url),
            );
        } else {
            let message = format!("{} ({}) removed", server.name, server.url);
            d.push(
                rules::API_SERVER_REMOVED,
                &at(Some(i), None),
                message,
                Some(server.url.clone()),
                None,
            );
        }
    }
    for (j, server) in new.iter().enumerate() {
        let matched = old.iter().any(|o| {
            o.url == server.url || (o.name == server.name && !new.iter().any(|n| n.url == o.url))
        });
        if !matched {
            let message = format!("{} ({}) added", server.name, server.url);
            d.push(
                rules::API_SERVER_ADDED,
                &at(None, Some(j)),
                message,
                None,
                Some(server.url.clone()),
            );
        }
    }
}

/// Each alternative of an operation's security, as a set of scheme keys.
fn alternatives(op: &Operation) -> BTreeSet<BTreeSet<&str>> {
    op.security
        .iter()
        .map(|alternative| alternative.iter().map(String::as_str).collect())
        .collect()
}

pub(super) fn diff_security(d: &mut Differ<'_>, old: &Operation, new: &Operation) {
    let (before, after) = (alternatives(old), alternatives(new));
    if before == after {
        return;
    }
    let at = At {
        operation: Some(operations::label(new)),
        direction: Some(Direction::Request),
        location: "security".into(),
        old: Some(format!("{}/security", old.pointer)),
        new: Some(format!("{}/security", new.pointer)),
    };
    let text = |alternative: &BTreeSet<&str>| {
        let keys: Vec<&str> = alternative.iter().copied().collect();
        format!("[{}]", keys.join(" + "))
    };
    let all =
        |set: &BTreeSet<BTreeSet<&str>>| set.iter().map(text).collect::<Vec<_>>().join(" or ");
    if before.is_empty() || after.is_empty() {
        let (rule, message) = if before.is_empty() {
            (
                rules::API_AUTHENTICATION_NOW_REQUIRED,
                "authentication now required",
            )
        } else {
            (
                rules::API_AUTHENTICATION_NO_LONGER_REQUIRED,
                "authentication no longer required",
            )
        };
        let shown = |set| Some(all(set)).filter(|s: &String| !s.is_empty());
        d.push(rule, &at, message, shown(&before), shown(&after));
        return;
    }
    for removed in before.difference(&after) {
        let message = format!("{} removed", text(removed));
        d.push(
            rules::API_SECURITY_REMOVED,
            &at,
            message,
            Some(text(removed)),
            None,
        );
    }
    for added in after.difference(&before) {
        let message = format!("{} added", text(added));
        d.push(
            rules::API_SECURITY_ADDED,
            &at,
            message,
            None,
            Some(text(added)),
        );
    }
}
