//! Whether an answer fits the spec: its status is documented (exactly,
//! by range, or by `default`), the response's required headers are there
//! and fit their schemas, its Content-Type is one the response documents,
//! and its body fits the schema of that media type.
//!
//! Findings about the body point into the body (with line and column, as
//! `cargo xtask validate` reports a file); findings about the status,
//! headers and media type point into the spec (`#/paths/…/responses`),
//! at what the answer disagrees with.

use openapi_sdkgen::front::{Api, Content, MediaType, Operation, Response, Status};
use openapi_sdkgen::validate::{
    Encoding, Finding, FormShape, Options, Outcome, Sender, Target, Validator, Violation,
};
use openapi_sdkgen::{redact, Spec};

use super::send::Answer;

/// Every way `answer` breaks the spec of `operation` (named `name`, as
/// validate names operations), in the order: status, headers, media
/// type, body.
pub fn check(
    spec: &Spec,
    api: &Api,
    operation: &Operation,
    name: &str,
    answer: &Answer,
    warnings: &mut Vec<String>,
) -> Vec<Finding> {
    let Some(response) = documented(operation, answer.status) else {
        let known: Vec<String> = operation
            .responses
            .iter()
            .map(|r| r.status.to_string())
            .collect();
        let at = format!("#{}/responses", operation.source.pointer);
        let message = format!(
            "{at}: status {} is not documented; the operation documents {}",
            answer.status,
            known.join(", ")
        );
        return vec![finding(
            &at,
            "status",
            known.join(", "),
            answer.status.to_string(),
            message,
        )];
    };
    let mut findings = headers(spec, api, name, response, answer, warnings);
    findings.extend(body(spec, api, name, response, answer, warnings));
    findings
}

/// The response documented for `status`: the exact code, else its range,
/// else `default`.
fn documented(operation: &Operation, status: u16) -> Option<&Response> {
    let range = u8::try_from(status / 100).ok().map(Status::Range);
    [Some(Status::Code(status)), range, Some(Status::Default)]
        .into_iter()
        .flatten()
        .find_map(|wanted| operation.responses.iter().find(|r| r.status == wanted))
}

fn headers(
    spec: &Spec,
    api: &Api,
    name: &str,
    response: &Response,
    answer: &Answer,
    warnings: &mut Vec<String>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for header in response.headers.iter().filter(|h| h.required) {
        if header.name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let at = format!("#{}", header.source.pointer);
        let Some(text) = answer.header(&header.name) else {
            let message = format!("{at}: required header {} is missing", header.name);
            findings.push(finding(
                &at,
                "required",
                header.name.clone(),
                "missing".into(),
                message,
            ));
            continue;
        };
        let Some(schema) = header.schema else {
            continue;
        };
        let target = Target::Response {
            operation: name.to_owned(),
            status: response.status.to_string(),
        };
        let pointer = format!("{}/schema", header.source.pointer);
        let validator = match Validator::at(
            spec,
            api,
            &pointer,
            Sender::Provider,
            target,
            Options::default(),
        ) {
            Ok(validator) => validator,
            Err(error) => {
                warnings.push(format!(
                    "header {} of {name} is not checked: {error}",
                    header.name
                ));
                continue;
            }
        };
        let value = FormShape::new(&api.schemas, Some(schema))
            .typed(serde_json::Value::String(text.to_owned()));
        for violation in validator.violations(&value) {
            let inner = violation.pointer.clone();
            let pointer = format!("{at}{inner}");
            let said = violation
                .message
                .split_once(": ")
                .map_or(violation.message.as_str(), |(_, rest)| rest);
            let message = format!("{pointer}: header {}: {said}", header.name);
            findings.push(finding(
                &pointer,
                &violation.rule,
                violation.expected,
                violation.actual,
                message,
            ));
        }
    }
    findings
}

fn body(
    spec: &Spec,
    api: &Api,
    name: &str,
    response: &Response,
    answer: &Answer,
    warnings: &mut Vec<String>,
) -> Vec<Finding> {
    let at = format!("#{}", response.source.pointer);
    let content_type = answer.header("content-type");
    if response.content.is_empty() {
        if answer.body.is_empty() {
            return Vec::new();
        }
        let message = format!(
            "{at}: the answer has a body ({} bytes), the response documents none",
            answer.body.len()
        );
        return vec![finding(
            &at,
            "body",
            "no body".into(),
            format!("{} bytes", answer.body.len()),
            message,
        )];
    }
    let documented: Vec<String> = response
        .content
        .iter()
        .map(|c| c.media_type.essence.clone())
        .collect();
    let content_at = format!("{at}/content");
    let Some(content_type) = content_type else {
        let actual = if answer.body.is_empty() {
            "no body"
        } else {
            "no Content-Type"
        };
        let message = format!(
            "{content_at}: the answer has {}, the response documents {}",
            actual,
            documented.join(", ")
        );
        return vec![finding(
            &content_at,
            "contentType",
            documented.join(", "),
            actual.into(),
            message,
        )];
    };
    let answered = MediaType::parse(content_type);
    let Some(content) = matching(&response.content, &answered) else {
        let shown = redact::shown(content_type);
        let message = format!(
            "{content_at}: Content-Type {shown} is not documented; the response documents {}",
            documented.join(", ")
        );
        return vec![finding(
            &content_at,
            "contentType",
            documented.join(", "),
            shown,
            message,
        )];
    };
    let checked_as = if answered.is_json() {
        Encoding::Json
    } else if answered.essence == openapi_sdkgen::validate::FORM {
        Encoding::Form
    } else {
        // Text, XML, bytes: the media type is all the probe judges.
        return Vec::new();
    };
    if content.schema.is_none() {
        return Vec::new();
    }
    let target = Target::Response {
        operation: name.to_owned(),
        status: response.status.to_string(),
    };
    let options = Options {
        strict: false,
        media_type: Some(content.media_type.clone()),
    };
    let validator = match Validator::for_api(spec, api, target, options) {
        Ok(validator) => validator,
        Err(error) => {
            warnings.push(format!(
                "the {} body of {name} is not checked: {error}",
                content.media_type
            ));
            return Vec::new();
        }
    };
    match validator.check_bytes_as(&answer.body, checked_as) {
        Outcome::Valid => Vec::new(),
        Outcome::Invalid(findings) => findings,
        Outcome::NotJson(error) => {
            let message = format!(
                "(root): the body is not {}: {}",
                answered.essence, error.message
            );
            vec![Finding {
                violation: violation(
                    "",
                    "syntax",
                    answered.essence.clone(),
                    "not parsed".into(),
                    message,
                ),
                position: error.position,
            }]
        }
        // Only files are unreadable; bytes in memory always are read.
        Outcome::Unreadable(error) => {
            let message = format!("(root): {}", error.message);
            vec![finding(
                "",
                "read",
                answered.essence.clone(),
                "unread".into(),
                message,
            )]
        }
    }
}

/// The documented media type an answer's Content-Type is: the same
/// essence, else a documented wildcard (`application/*`, `*/*`) that
/// covers it.
fn matching<'a>(content: &'a [Content], answered: &MediaType) -> Option<&'a Content> {
    content
        .iter()
        .find(|c| c.media_type.essence == answered.essence)
        .or_else(|| {
            content
                .iter()
                .find(|c| match c.media_type.essence.split_once('/') {
                    Some(("*", "*")) => true,
                    Some((kind, "*")) => answered
                        .essence
                        .split_once('/')
                        .is_some_and(|(k, _)| k == kind),
                    _ => false,
                })
        })
}

fn finding(
    pointer: &str,
    rule: &str,
    expected: String,
    actual: String,
    message: String,
) -> Finding {
    Finding {
        violation: violation(pointer, rule, expected, actual, message),
        position: None,
    }
}

fn violation(
    pointer: &str,
    rule: &str,
    expected: String,
    actual: String,
    message: String,
) -> Violation {
    Violation {
        pointer: pointer.to_owned(),
        rule: rule.to_owned(),
        expected,
        actual,
        message,
    }
}
