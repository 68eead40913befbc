//! Security: the document's requirements, each operation's, and the
//! schemes in `components.securitySchemes`.
//!
//! A requirement alternative is identified by the set of schemes it
//! names; within one alternative, scopes are compared per scheme.

use crate::diff::rules::{self, fixed, Direction, Fixed};
use crate::diff::{At, Differ};
use crate::front::{Operation, Requirement};

struct SecurityRules {
    removed: Fixed,
    added: Fixed,
    scope_added: Fixed,
    scope_removed: Fixed,
}

const GLOBAL: SecurityRules = SecurityRules {
    removed: rules::API_GLOBAL_SECURITY_REMOVED,
    added: rules::API_GLOBAL_SECURITY_ADDED,
    scope_added: rules::API_GLOBAL_SECURITY_SCOPE_ADDED,
    scope_removed: rules::API_GLOBAL_SECURITY_SCOPE_REMOVED,
};

const OPERATION: SecurityRules = SecurityRules {
    removed: rules::API_SECURITY_REMOVED,
    added: rules::API_SECURITY_ADDED,
    scope_added: rules::API_SECURITY_SCOPE_ADDED,
    scope_removed: rules::API_SECURITY_SCOPE_REMOVED,
};

pub(super) fn diff_document_security(d: &mut Differ<'_>) {
    let (old, new) = (d.old.api, d.new.api);
    if d.old.side.api.is_some() && d.new.side.api.is_some() {
        let at = At {
            operation: None,
            direction: Some(Direction::Request),
            location: "security".into(),
            old: Some("/security".into()),
            new: Some("/security".into()),
        };
        diff_security(d, &at, (&old.security, &new.security), &GLOBAL);
    }
    diff_schemes(d);
}

pub(super) fn diff_operation_security(d: &mut Differ<'_>, old: &Operation, new: &Operation) {
    // Both inherit the document's: compared once, for the document.
    if old.security.is_none() && new.security.is_none() {
        return;
    }
    let (before, after) = (d.old.api.security_of(old), d.new.api.security_of(new));
    let pointer = |op: &Operation| format!("{}/security", op.source.pointer);
    let at = At {
        operation: Some(new.label()),
        direction: Some(Direction::Request),
        location: "security".into(),
        old: Some(pointer(old)),
        new: Some(pointer(new)),
    };
    diff_security(d, &at, (before, after), &OPERATION);
}

/// Requirements before and after: from none to some is authentication
/// now required, the reverse no longer required, and otherwise each
/// alternative and scope.
fn diff_security(
    d: &mut Differ<'_>,
    at: &At,
    (before, after): (&[Requirement], &[Requirement]),
    family: &SecurityRules,
) {
    let all = |set: &[Requirement]| {
        let labels: Vec<String> = set.iter().map(Requirement::label).collect();
        Some(labels.join(" or ")).filter(|s| !s.is_empty())
    };
    // An empty requirement (`{}`) in the list makes authentication optional.
    let open = |set: &[Requirement]| set.is_empty() || set.iter().any(|r| r.schemes.is_empty());
    match (open(before), open(after)) {
        (true, false) => {
            let rule = fixed(rules::API_AUTHENTICATION_NOW_REQUIRED);
            d.push(
                &rule,
                at,
                "authentication now required",
                all(before),
                all(after),
            );
        }
        (false, true) if after.is_empty() => {
            let rule = fixed(rules::API_AUTHENTICATION_NO_LONGER_REQUIRED);
            d.push(
                &rule,
                at,
                "authentication no longer required",
                all(before),
                all(after),
            );
        }
        _ => diff_requirements(d, at, (before, after), family),
    }
}

fn diff_requirements(
    d: &mut Differ<'_>,
    at: &At,
    (old, new): (&[Requirement], &[Requirement]),
    family: &SecurityRules,
) {
    let (pairs, removed, added) = match_requirements(old, new);
    for o in removed {
        let message = format!("{} removed", o.label());
        d.push(&fixed(family.removed), at, message, Some(o.label()), None);
    }
    for (o, n) in pairs {
        for ((name, before), (_, after)) in o.schemes.iter().zip(&n.schemes) {
            for scope in after.iter().filter(|s| !before.contains(s)) {
                let message = format!("{name} now needs scope {scope}");
                d.push(
                    &fixed(family.scope_added),
                    at,
                    message,
                    None,
                    Some(scope.clone()),
                );
            }
            for scope in before.iter().filter(|s| !after.contains(s)) {
                let message = format!("{name} no longer needs scope {scope}");
                d.push(
                    &fixed(family.scope_removed),
                    at,
                    message,
                    Some(scope.clone()),
                    None,
                );
            }
        }
    }
    for n in added {
        let message = format!("{} added", n.label());
        d.push(&fixed(family.added), at, message, None, Some(n.label()));
    }
}

/// Requirements paired one to one: identical ones first (a document may
/// list one scheme several times, each with other scopes), then those
/// naming the same schemes; with the unpaired of each side.
#[allow(clippy::type_complexity)]
fn match_requirements<'r>(
    old: &'r [Requirement],
    new: &'r [Requirement],
) -> (
    Vec<(&'r Requirement, &'r Requirement)>,
    Vec<&'r Requirement>,
    Vec<&'r Requirement>,
) {
    let mut free = vec![true; new.len()];
    let mut pairs = vec![None; old.len()];
    let same_schemes = |a: &Requirement, b: &Requirement| a.scheme_names() == b.scheme_names();
    let passes: [&dyn Fn(&Requirement, &Requirement) -> bool; 2] =
        [&|a, b| a.schemes == b.schemes, &same_schemes];
    for matches in passes {
        for (i, o) in old.iter().enumerate() {
            if pairs[i].is_some() {
                continue;
            }
            if let Some(j) = (0..new.len()).find(|&j| free[j] && matches(o, &new[j])) {
                free[j] = false;
                pairs[i] = Some(j);
            }
        }
    }
    let removed = old
        .iter()
        .zip(&pairs)
        .filter(|(_, pair)| pair.is_none())
        .map(|(o, _)| o)
        .collect();
    let matched = old
        .iter()
        .zip(&pairs)
        .filter_map(|(o, pair)| pair.map(|j| (o, &new[j])))
        .collect();
    let added = new
        .iter()
        .zip(&free)
        .filter(|(_, free)| **free)
        .map(|(n, _)| n)
        .collect();
    (matched, removed, added)
}

fn diff_schemes(d: &mut Differ<'_>) {
    let (old, new) = (d.old.api, d.new.api);
    if d.old.side.api.is_none() || d.new.side.api.is_none() {
        return;
    }
    let at = |location: String, old: &str, new: &str| At {
        operation: None,
        direction: None,
        location,
        old: Some(old.to_owned()),
        new: Some(new.to_owned()),
    };
    for os in &old.security_schemes {
        let location = format!("security scheme {}", os.name);
        let Some(ns) = new.security_schemes.iter().find(|n| n.name == os.name) else {
            let at = at(location, &os.source.pointer, "/components");
            d.push(
                &fixed(rules::API_SECURITY_COMPONENT_REMOVED),
                &at,
                "removed",
                Some(os.name.clone()),
                None,
            );
            continue;
        };
        let at = at(location, &os.source.pointer, &ns.source.pointer);
        let same_http_scheme = match (&os.http_scheme, &ns.http_scheme) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        };
        if os.kind != ns.kind || !same_http_scheme || os.api_key != ns.api_key {
            let describe = |s: &crate::front::SecurityScheme| {
                let detail = s
                    .http_scheme
                    .clone()
                    .or_else(|| s.api_key.as_ref().map(|(i, n)| format!("{n} in {i}")));
                match detail {
                    Some(detail) => format!("{} ({detail})", s.kind),
                    None => s.kind.clone(),
                }
            };
            let (before, after) = (describe(os), describe(ns));
            let message = format!("{before} → {after}");
            d.push(
                &fixed(rules::API_SECURITY_COMPONENT_TYPE_CHANGED),
                &at,
                message,
                Some(before),
                Some(after),
            );
        }
        for of in &os.flows {
            let Some(nf) = ns.flows.iter().find(|f| f.kind == of.kind) else {
                continue;
            };
            let urls = [
                (
                    rules::API_SECURITY_COMPONENT_OAUTH_URL_CHANGED,
                    &of.authorization_url,
                    &nf.authorization_url,
                    "authorizationUrl",
                ),
                (
                    rules::API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED,
                    &of.token_url,
                    &nf.token_url,
                    "tokenUrl",
                ),
            ];
            for (rule, before, after, key) in urls {
                if before != after {
                    let message = format!("{} {key} changed", of.kind);
                    d.push(&fixed(rule), &at, message, before.clone(), after.clone());
                }
            }
            for (scope, _) in nf
                .scopes
                .iter()
                .filter(|(s, _)| !of.scopes.iter().any(|(o, _)| o == s))
            {
                let message = format!("{} scope {scope} added", of.kind);
                d.push(
                    &fixed(rules::API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED),
                    &at,
                    message,
                    None,
                    Some(scope.clone()),
                );
            }
            for (scope, _) in of
                .scopes
                .iter()
                .filter(|(s, _)| !nf.scopes.iter().any(|(n, _)| n == s))
            {
                let message = format!("{} scope {scope} removed", of.kind);
                d.push(
                    &fixed(rules::API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED),
                    &at,
                    message,
                    Some(scope.clone()),
                    None,
                );
            }
        }
    }
    for ns in &new.security_schemes {
        if !old.security_schemes.iter().any(|o| o.name == ns.name) {
            let location = format!("security scheme {}", ns.name);
            let at = at(location, "/components", &ns.source.pointer);
            d.push(
                &fixed(rules::API_SECURITY_COMPONENT_ADDED),
                &at,
                "added",
                None,
                Some(ns.name.clone()),
            );
        }
    }
}
