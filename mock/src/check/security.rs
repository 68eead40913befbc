//! Whether a request carries the credentials its operation's security
//! asks for. Only their presence: the mock knows no keys.

use super::Request;
use crate::log::Issue;
use crate::plan::{Credential, Place};

/// The credentials missing from the alternative that misses fewest;
/// empty when one alternative is complete, or none is needed.
pub fn missing(alternatives: &[Vec<Credential>], request: &Request) -> Vec<Issue> {
    let mut fewest: Option<Vec<&Credential>> = None;
    for alternative in alternatives {
        let lacking: Vec<&Credential> = alternative
            .iter()
            .filter(|c| !present(c, request))
            .collect();
        if lacking.is_empty() {
            return Vec::new();
        }
        if fewest.as_ref().is_none_or(|f| lacking.len() < f.len()) {
            fewest = Some(lacking);
        }
    }
    fewest.unwrap_or_default().into_iter().map(issue).collect()
}

fn present(credential: &Credential, request: &Request) -> bool {
    match &credential.place {
        Place::Header(name) => request.header(name).is_some_and(|v| !v.trim().is_empty()),
        Place::Query(name) => request.query_value(name).is_some_and(|v| !v.is_empty()),
        Place::Cookie(name) => cookie(request, name).is_some(),
        Place::Authorization(scheme) => request.header("authorization").is_some_and(|value| {
            value.split_once(' ').is_some_and(|(given, rest)| {
                given.eq_ignore_ascii_case(scheme) && !rest.trim().is_empty()
            })
        }),
    }
}

fn cookie<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn issue(credential: &Credential) -> Issue {
    let (name, wanted) = match &credential.place {
        Place::Header(name) => (name.clone(), format!("a `{name}` header")),
        Place::Query(name) => (name.clone(), format!("a `{name}` query parameter")),
        Place::Cookie(name) => (name.clone(), format!("a `{name}` cookie")),
        Place::Authorization(scheme) => (
            "authorization".to_owned(),
            format!("an `Authorization: {scheme} ...` header"),
        ),
    };
    Issue {
        location: "security",
        name: Some(name),
        pointer: String::new(),
        rule: "credentials".to_owned(),
        message: format!("security scheme `{}` needs {wanted}", credential.scheme),
    }
}
