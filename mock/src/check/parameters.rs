//! Path, query, header and cookie parameters: present where required,
//! read with their style, typed by their schema, then checked by the
//! parameter's validator.

use hyper::HeaderMap;
use openapi_sdkgen::front::Location;
use serde_json::{Map, Value};

use super::Request;
use crate::log::Issue;
use crate::plan::ParameterPlan;

/// Headers OpenAPI says header parameters may not describe.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

pub fn check(
    parameters: &[ParameterPlan],
    request: &Request,
    api_keys: &[&str],
    issues: &mut Vec<Issue>,
) {
    unknown_query_parameters(parameters, api_keys, request, issues);
    for parameter in parameters {
        if parameter.location == Location::Header
            && IGNORED_HEADERS
                .iter()
                .any(|h| parameter.name.eq_ignore_ascii_case(h))
        {
            continue;
        }
        let Some(raw) = read(parameter, request) else {
            if parameter.required {
                issues.push(Issue {
                    location: parameter.location.as_str(),
                    name: Some(parameter.name.clone()),
                    pointer: String::new(),
                    rule: "required".to_owned(),
                    message: format!("{} is required", label(parameter)),
                });
            }
            continue;
        };
        let value = if parameter.json_content {
            match raw {
                Value::String(text) => match serde_json::from_str(&text) {
                    Ok(value) => value,
                    Err(error) => {
                        issues.push(issue(
                            parameter,
                            "",
                            "syntax",
                            format!("{}: not JSON: {error}", label(parameter)),
                        ));
                        continue;
                    }
                },
                other => other,
            }
        } else {
            parameter.shape.typed(raw)
        };
        let Some(validator) = &parameter.validator else {
            continue;
        };
        if validator.is_valid(&value) {
            continue;
        }
        for violation in validator.violations(&value) {
            // The validator's sentence starts with the pointer ("(root)" for
            // the whole value): name the parameter instead.
            let at = if violation.pointer.is_empty() {
                "(root)"
            } else {
                violation.pointer.as_str()
            };
            let rest = violation
                .message
                .strip_prefix(at)
                .unwrap_or(&violation.message);
            let inner = if violation.pointer.is_empty() {
                String::new()
            } else {
                format!(" {}", violation.pointer)
            };
            let message = format!("{}{inner}{rest}", label(parameter));
            issues.push(issue(
                parameter,
                &violation.pointer,
                &violation.rule,
                message,
            ));
        }
    }
}

/// A query parameter the operation does not declare is reported: a
/// misspelt name (`per_pgae`) would otherwise pass unnoticed. Names an API
/// key or a `deepObject` parameter (`filter[status]`) covers are declared.
fn unknown_query_parameters(
    parameters: &[ParameterPlan],
    api_keys: &[&str],
    request: &Request,
    issues: &mut Vec<Issue>,
) {
    let declared = |name: &str| {
        parameters.iter().any(|p| {
            p.location == Location::Query
                && (p.name == name
                    || (p.style == "deepObject"
                        && name
                            .strip_prefix(p.name.as_str())
                            .is_some_and(|rest| rest.starts_with('['))))
        })
    };
    let mut reported: Vec<&str> = Vec::new();
    for (name, _) in &request.query {
        if declared(name) || api_keys.contains(&name.as_str()) || reported.contains(&name.as_str())
        {
            continue;
        }
        reported.push(name);
        issues.push(Issue {
            location: "query",
            name: Some(name.clone()),
            pointer: String::new(),
            rule: "unknownParameter".to_owned(),
            message: format!("query parameter `{name}` is not declared by the operation"),
        });
    }
}

fn label(parameter: &ParameterPlan) -> String {
    format!(
        "{} parameter `{}`",
        parameter.location.as_str(),
        parameter.name
    )
}

fn issue(parameter: &ParameterPlan, pointer: &str, rule: &str, message: String) -> Issue {
    Issue {
        location: parameter.location.as_str(),
        name: Some(parameter.name.clone()),
        pointer: pointer.to_owned(),
        rule: rule.to_owned(),
        message,
    }
}

/// The parameter's value as text (or a list or map of texts), as its
/// location and style spell it; `None` when it is absent.
fn read(parameter: &ParameterPlan, request: &Request) -> Option<Value> {
    let array = parameter.shape.is_array();
    let split = |text: &str| -> Value {
        let separator = match parameter.style.as_str() {
            "spaceDelimited" => ' ',
            "pipeDelimited" => '|',
            _ => ',',
        };
        Value::Array(
            text.split(separator)
                .map(|s| Value::String(s.trim().to_owned()))
                .collect(),
        )
    };
    let single = |text: &str| {
        if array {
            split(text)
        } else {
            Value::String(text.to_owned())
        }
    };
    match parameter.location {
        Location::Path => request.variable(&parameter.name).map(single),
        Location::Header => header(&request.headers, &parameter.name).map(|v| single(&v)),
        Location::Cookie => request
            .headers
            .get_all("cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == parameter.name)
            .map(|(_, value)| single(value)),
        Location::Query if parameter.style == "deepObject" => {
            let prefix = format!("{}[", parameter.name);
            let mut map = Map::new();
            for (key, value) in &request.query {
                if let Some(inner) = key.strip_prefix(&prefix).and_then(|k| k.strip_suffix(']')) {
                    map.insert(inner.to_owned(), Value::String(value.clone()));
                }
            }
            (!map.is_empty()).then_some(Value::Object(map))
        }
        Location::Query => {
            let values: Vec<&str> = request
                .query
                .iter()
                .filter(|(k, _)| *k == parameter.name)
                .map(|(_, v)| v.as_str())
                .collect();
            match (values.as_slice(), array) {
                ([], _) => None,
                ([one], true) if !parameter.explode => Some(split(one)),
                (many, true) => Some(Value::Array(
                    many.iter()
                        .map(|v| Value::String((*v).to_owned()))
                        .collect(),
                )),
                ([first, ..], false) => Some(Value::String((*first).to_owned())),
            }
        }
    }
}

/// A header's values, joined by commas as HTTP allows. Bytes outside
/// visible ASCII are read as ISO-8859-1 (RFC 9110's `obs-text`), so a
/// schema's pattern sees them instead of the value going missing.
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| v.as_bytes().iter().map(|b| char::from(*b)).collect())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    #[test]
    fn a_header_with_bytes_beyond_ascii_is_read_not_dropped() {
        let mut headers = HeaderMap::new();
        let value = HeaderValue::from_bytes(b"\xd7\xf8key").expect("obs-text is allowed");
        headers.insert("x-key", value);
        assert_eq!(
            header(&headers, "x-key").as_deref(),
            Some("\u{d7}\u{f8}key")
        );
    }
}
