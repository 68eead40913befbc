//! Which operation a request is for: its method and path matched against
//! every path template of the spec, with the servers' base paths (`/api/v1`)
//! optional in front. A literal segment beats a variable one, so
//! `/payments/search` wins over `/payments/{id}` whatever the order in the
//! document.

use openapi_sdkgen::front::{Method, PathTemplate};
use percent_encoding::percent_decode_str;

/// A piece of one path segment: `{id}.json` is a variable, then a literal.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Variable(String),
}

/// Path variables by name, percent-decoded, in template order.
pub type Variables = Vec<(String, String)>;

#[derive(Debug, Clone)]
struct Route {
    method: Method,
    segments: Vec<Vec<Part>>,
    operation: usize,
}

/// The outcome of routing one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Routed {
    /// The operation (its index in the plan) and the path variables,
    /// percent-decoded, in template order.
    Found {
        operation: usize,
        variables: Variables,
    },
    /// The path exists, not with this method.
    MethodNotAllowed {
        allowed: Vec<Method>,
    },
    NotFound,
}

#[derive(Debug, Clone, Default)]
pub struct Router {
    routes: Vec<Route>,
    base_paths: Vec<String>,
}

impl Router {
    /// `base_paths` are the path parts of the servers' URLs (`/api/v1`);
    /// a request may carry one of them in front of the template.
    pub fn new<'a>(
        templates: impl IntoIterator<Item = (Method, &'a PathTemplate)>,
        base_paths: Vec<String>,
    ) -> Self {
        let routes = templates
            .into_iter()
            .enumerate()
            .map(|(operation, (method, template))| Route {
                method,
                segments: split(template.as_str()).map(parse_segment).collect(),
                operation,
            })
            .collect();
        let mut base_paths: Vec<String> = base_paths
            .into_iter()
            .map(|p| p.trim_end_matches('/').to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        base_paths.sort();
        base_paths.dedup();
        Router { routes, base_paths }
    }

    /// Routes `method` (any text: an HTTP method OpenAPI has no key for is
    /// answered 405 where the path exists) and `path` (without the query).
    pub fn route(&self, method: &str, path: &str) -> Routed {
        let mut best = self.route_path(method, path);
        for base in &self.base_paths {
            if matches!(best, Routed::Found { .. }) {
                break;
            }
            if let Some(rest) = path.strip_prefix(base.as_str()) {
                if rest.starts_with('/') || rest.is_empty() {
                    let inner = self.route_path(method, if rest.is_empty() { "/" } else { rest });
                    best = better(best, inner);
                }
            }
        }
        best
    }

    fn route_path(&self, method: &str, path: &str) -> Routed {
        let segments: Vec<&str> = split(path).collect();
        let mut found: Option<(Vec<u8>, &Route, Variables)> = None;
        let mut allowed = Vec::new();
        for route in &self.routes {
            let Some((rank, variables)) = matches(&route.segments, &segments) else {
                continue;
            };
            if !route.method.key().eq_ignore_ascii_case(method) {
                allowed.push(route.method);
                continue;
            }
            if found.as_ref().is_none_or(|(best, _, _)| rank > *best) {
                found = Some((rank, route, variables));
            }
        }
        match found {
            Some((_, route, variables)) => Routed::Found {
                operation: route.operation,
                variables,
            },
            None if !allowed.is_empty() => {
                allowed.sort();
                allowed.dedup();
                Routed::MethodNotAllowed { allowed }
            }
            None => Routed::NotFound,
        }
    }
}

/// Found beats method-not-allowed beats not-found.
fn better(a: Routed, b: Routed) -> Routed {
    let weight = |r: &Routed| match r {
        Routed::Found { .. } => 2,
        Routed::MethodNotAllowed { .. } => 1,
        Routed::NotFound => 0,
    };
    if weight(&b) > weight(&a) {
        b
    } else {
        a
    }
}

/// The segments of a path; `/` alone is one empty segment, so `GET /`
/// routes to the template `/`.
fn split(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/').unwrap_or(path).split('/')
}

fn parse_segment(segment: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(Part::Literal(rest[..open].to_owned()));
        }
        parts.push(Part::Variable(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(Part::Literal(rest.to_owned()));
    }
    parts
}

/// The rank of a match (per segment: 2 literal, 1 mixed, 0 variable;
/// compared left to right) and the variables, or `None`.
fn matches(template: &[Vec<Part>], path: &[&str]) -> Option<(Vec<u8>, Variables)> {
    if template.len() != path.len() {
        return None;
    }
    let mut rank = Vec::with_capacity(path.len());
    let mut variables = Vec::new();
    for (parts, segment) in template.iter().zip(path) {
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        match parts.as_slice() {
            [Part::Literal(literal)] => {
                if *literal != decoded {
                    return None;
                }
                rank.push(2);
            }
            [Part::Variable(name)] => {
                if decoded.is_empty() {
                    return None;
                }
                variables.push((name.clone(), decoded.into_owned()));
                rank.push(0);
            }
            _ => {
                variables.extend(match_mixed(parts, &decoded)?);
                rank.push(1);
            }
        }
    }
    Some((rank, variables))
}

/// A segment of literals and variables (`{name}.{ext}`): each variable
/// takes the shortest non-empty text up to the next literal.
fn match_mixed(parts: &[Part], segment: &str) -> Option<Variables> {
    let mut variables = Vec::new();
    let mut rest = segment;
    let mut index = 0;
    while index < parts.len() {
        match &parts[index] {
            Part::Literal(literal) => rest = rest.strip_prefix(literal.as_str())?,
            Part::Variable(name) => {
                let value = match parts.get(index + 1) {
                    Some(Part::Literal(next)) => {
                        let end = rest.get(1..)?.find(next.as_str())? + 1;
                        let (value, after) = rest.split_at(end);
                        rest = after;
                        value
                    }
                    _ => std::mem::take(&mut rest),
                };
                if value.is_empty() {
                    return None;
                }
                variables.push((name.clone(), value.to_owned()));
            }
        }
        index += 1;
    }
    rest.is_empty().then_some(variables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(templates: &[(Method, &str)]) -> Router {
        let templates: Vec<(Method, PathTemplate)> = templates
            .iter()
            .map(|(m, t)| (*m, PathTemplate::new(t)))
            .collect();
        Router::new(
            templates.iter().map(|(m, t)| (*m, t)),
            vec!["/api/v1".into()],
        )
    }

    #[test]
    fn a_literal_segment_beats_a_variable_one_whatever_the_order() {
        let router = router(&[
            (Method::Get, "/payments/{id}"),
            (Method::Get, "/payments/search"),
        ]);
        assert_eq!(
            router.route("GET", "/payments/search"),
            Routed::Found {
                operation: 1,
                variables: vec![]
            }
        );
        assert_eq!(
            router.route("GET", "/payments/p%20q"),
            Routed::Found {
                operation: 0,
                variables: vec![("id".into(), "p q".into())]
            }
        );
    }

    #[test]
    fn unknown_methods_and_paths_are_told_apart() {
        let router = router(&[
            (Method::Get, "/a/{x}/b/{y}"),
            (Method::Delete, "/a/{x}/b/{y}"),
        ]);
        assert_eq!(
            router.route("POST", "/a/1/b/2"),
            Routed::MethodNotAllowed {
                allowed: vec![Method::Get, Method::Delete]
            }
        );
        assert_eq!(router.route("GET", "/a/1/b"), Routed::NotFound);
        assert_eq!(router.route("GET", "/a//b/2"), Routed::NotFound);
        assert_eq!(
            router.route("get", "/api/v1/a/1/b/2"),
            Routed::Found {
                operation: 0,
                variables: vec![("x".into(), "1".into()), ("y".into(), "2".into())]
            }
        );
    }

    #[test]
    fn mixed_segments_split_at_their_literals() {
        let router = router(&[(Method::Get, "/files/{name}.{ext}"), (Method::Get, "/")]);
        assert_eq!(
            router.route("GET", "/files/a.b.json"),
            Routed::Found {
                operation: 0,
                variables: vec![("name".into(), "a".into()), ("ext".into(), "b.json".into())]
            }
        );
        assert_eq!(router.route("GET", "/files/.json"), Routed::NotFound);
        assert_eq!(
            router.route("GET", "/"),
            Routed::Found {
                operation: 1,
                variables: vec![]
            }
        );
    }
}
