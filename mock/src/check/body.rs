//! The request body: a media type the operation accepts, then its
//! content, checked by the same validator `cargo xtask validate` builds
//! (JSON bodies go through `check_bytes`, so a repeated key or a number
//! beyond `f64` is reported as there). Form fields and text are read into
//! JSON values first, typed by the schema.

use openapi_sdkgen::front::{MediaType, Schemas};
use openapi_sdkgen::validate::{FormShape, Outcome};
use serde_json::Value;

use super::Request;
use crate::log::Issue;
use crate::plan::{BodyKind, BodyPlan, MediaPlan};

/// Checks the body; returns it as a value where it could be read.
pub fn check(
    plan: &BodyPlan,
    schemas: &Schemas,
    request: &Request,
    issues: &mut Vec<Issue>,
) -> Option<Value> {
    if request.body.is_empty() {
        if plan.required {
            issues.push(issue(
                "",
                "required",
                "the request body is required".to_owned(),
            ));
        }
        return None;
    }
    let given = request.header("content-type").map(MediaType::parse);
    let Some(media) = media_for(plan, given.as_ref()) else {
        let accepted: Vec<String> = plan
            .media
            .iter()
            .map(|m| m.media_type.essence.clone())
            .collect();
        let given = given.map_or_else(
            || "no Content-Type".to_owned(),
            |g| format!("Content-Type {}", g.essence),
        );
        let message = format!(
            "request body: {given}, expected one of {}",
            accepted.join(", ")
        );
        issues.push(issue("", "contentType", message));
        return None;
    };
    match media.kind {
        BodyKind::Json => json(media, &request.body, issues),
        BodyKind::Form => {
            let shape;
            let decoder = match &media.validator {
                Some(validator) => validator.form_shape(),
                None => {
                    shape = FormShape::new(schemas, media.schema);
                    &shape
                }
            };
            match decoder.decode(&request.body) {
                Ok(value) => validate(media, value, issues),
                Err(error) => {
                    issues.push(issue(
                        "",
                        "syntax",
                        format!("request body: {}", error.message),
                    ));
                    None
                }
            }
        }
        BodyKind::Text => match std::str::from_utf8(&request.body) {
            Ok(text) => validate(media, Value::String(text.to_owned()), issues),
            Err(_) => {
                issues.push(issue(
                    "",
                    "syntax",
                    "request body: text that is not UTF-8".to_owned(),
                ));
                None
            }
        },
        BodyKind::Other => None,
    }
}

/// The media type the request's Content-Type names (exactly, or through
/// a wildcard the spec lists); without a Content-Type, the only one.
fn media_for<'a>(plan: &'a BodyPlan, given: Option<&MediaType>) -> Option<&'a MediaPlan> {
    let Some(given) = given else {
        return match plan.media.as_slice() {
            [only] => Some(only),
            _ => None,
        };
    };
    plan.media
        .iter()
        .find(|m| m.media_type.essence == given.essence)
        .or_else(|| {
            plan.media.iter().find(|m| {
                let essence = m.media_type.essence.as_str();
                essence == "*/*"
                    || essence
                        .strip_suffix("/*")
                        .is_some_and(|kind| given.essence.split('/').next() == Some(kind))
            })
        })
}

fn json(media: &MediaPlan, body: &[u8], issues: &mut Vec<Issue>) -> Option<Value> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let Some(validator) = &media.validator else {
        if parsed.is_none() {
            issues.push(issue("", "syntax", "request body is not JSON".to_owned()));
        }
        return parsed;
    };
    match validator.check_bytes(body) {
        Outcome::Valid => {}
        Outcome::Invalid(findings) => issues.extend(findings.into_iter().map(|finding| {
            let violation = finding.violation;
            issue(&violation.pointer, &violation.rule, violation.message)
        })),
        Outcome::NotJson(error) => {
            let at = error
                .position
                .map(|p| format!(" (line {}, column {})", p.line, p.column))
                .unwrap_or_default();
            issues.push(issue(
                "",
                "syntax",
                format!("request body is not JSON: {}{at}", error.message),
            ));
        }
        Outcome::Unreadable(error) => issues.push(issue("", "syntax", error.message)),
    }
    parsed
}

fn validate(media: &MediaPlan, value: Value, issues: &mut Vec<Issue>) -> Option<Value> {
    if let Some(validator) = &media.validator {
        if !validator.is_valid(&value) {
            issues.extend(
                validator
                    .violations(&value)
                    .into_iter()
                    .map(|v| issue(&v.pointer, &v.rule, v.message)),
            );
        }
    }
    Some(value)
}

fn issue(pointer: &str, rule: &str, message: String) -> Issue {
    Issue {
        location: "body",
        name: None,
        pointer: pointer.to_owned(),
        rule: rule.to_owned(),
        message,
    }
}
