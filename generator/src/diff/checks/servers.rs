//! Servers: added, removed (matched by URL template), and their variables.

use crate::diff::rules::{self, fixed};
use crate::diff::{At, Differ};

/// Servers are API-wide: they belong to no operation.
pub(super) fn diff_servers(d: &mut Differ<'_>) {
    let (old, new) = (&d.old.api.servers, &d.new.api.servers);
    let at = |old: &str, new: &str| At {
        operation: None,
        direction: None,
        location: "servers".into(),
        old: Some(old.to_owned()),
        new: Some(new.to_owned()),
    };
    for server in old {
        let Some(other) = new.iter().find(|s| s.url == server.url) else {
            let message = format!("{} removed", server.url);
            let at = at(&server.source.pointer, "/servers");
            d.push(
                &fixed(rules::API_SERVER_REMOVED),
                &at,
                message,
                Some(server.url.clone()),
                None,
            );
            continue;
        };
        let at = at(&server.source.pointer, &other.source.pointer);
        for variable in &server.variables {
            let Some(now) = other.variables.iter().find(|v| v.name == variable.name) else {
                continue;
            };
            if variable.default != now.default {
                let message = format!(
                    "{} variable {} default {} → {}",
                    server.url, variable.name, variable.default, now.default
                );
                let rule = fixed(rules::API_SERVER_VARIABLE_DEFAULT_CHANGED);
                d.push(
                    &rule,
                    &at,
                    message,
                    Some(variable.default.clone()),
                    Some(now.default.clone()),
                );
            }
            for value in variable
                .enumeration
                .iter()
                .filter(|v| !now.enumeration.is_empty() && !now.enumeration.contains(v))
            {
                let message = format!(
                    "{} variable {} value {value} removed",
                    server.url, variable.name
                );
                let rule = fixed(rules::API_SERVER_VARIABLE_ENUM_VALUE_REMOVED);
                d.push(&rule, &at, message, Some(value.clone()), None);
            }
        }
    }
    for server in new {
        if !old.iter().any(|o| o.url == server.url) {
            let message = format!("{} added", server.url);
            let at = at("/servers", &server.source.pointer);
            d.push(
                &fixed(rules::API_SERVER_ADDED),
                &at,
                message,
                None,
                Some(server.url.clone()),
            );
        }
    }
}
