//! HTTP answers built from the plan: a documented example, a refusal
//! shaped like the documented error response, or an RFC 9457 problem.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

use crate::log::Issue;
use crate::plan::OperationPlan;
use crate::respond;

pub type Answer = Response<Full<Bytes>>;

/// The answer to a request refused with `status`. Where the operation
/// documents that status (exactly or by range) with a JSON object, the
/// answer is that response's example with the issues added as
/// `violations` (unless its schema closes the object), under the spec's
/// Content-Type; otherwise an RFC 9457 problem.
pub fn refusal(
    plan: &OperationPlan,
    status: u16,
    title: &str,
    detail: &str,
    issues: &[Issue],
) -> Answer {
    let documented = respond::documented_status(plan, status)
        .filter(|r| r.status != openapi_sdkgen::front::Status::Default && r.is_json);
    let Some(response) = documented else {
        return problem(status, title, detail, Some(&plan.label), issues);
    };
    let mut body = response.example(None).map(|(value, _)| value.clone());
    if let Some(Value::Object(map)) = &mut body {
        if !response.closed {
            let listed = issues.iter().map(Issue::to_json).collect();
            map.insert("violations".to_owned(), Value::Array(listed));
        }
    }
    let encoded = body.as_ref().map(|value| response.encode(value));
    respond_with(
        status,
        response.content_type.as_deref(),
        encoded,
        &response.headers,
    )
}

/// An RFC 9457 problem: what went wrong and, for a request that broke the
/// spec, every issue with its place, pointer and message.
pub fn problem(
    status: u16,
    title: &str,
    detail: &str,
    operation: Option<&str>,
    issues: &[Issue],
) -> Answer {
    let body = json!({
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "operation": operation,
        "violations": issues.iter().map(Issue::to_json).collect::<Vec<_>>(),
    });
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let mut answer = Response::new(Full::new(Bytes::from(bytes)));
    *answer.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    answer.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    answer
}

pub fn respond_with(
    code: u16,
    content_type: Option<&str>,
    body: Option<Bytes>,
    headers: &[(String, String)],
) -> Answer {
    let has_body = body.is_some();
    let mut answer = Response::new(Full::new(body.unwrap_or_default()));
    *answer.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
    if let (Some(kind), true) = (content_type, has_body) {
        if let Ok(value) = HeaderValue::from_str(kind) {
            answer
                .headers_mut()
                .insert(hyper::header::CONTENT_TYPE, value);
        }
    }
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            answer.headers_mut().insert(name, value);
        }
    }
    answer
}

pub fn empty(code: u16) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::new()));
    *answer.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::NO_CONTENT);
    answer
}

pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
