//! OpenAPI runtime expressions (`$url`, `$method`, `$statusCode`,
//! `$request.path.id`, `$request.query.x`, `$request.header.x`,
//! `$request.body#/return_url/webhook_url`, `$response.body#/id`,
//! `$response.header.x`), alone or embedded in braces in a URL template
//! (`https://h/cb?id={$request.body#/id}`), as a callback's key writes them.

use serde_json::Value;

use crate::check::Request;

/// What expressions can read: the request and the answer to it.
pub struct Context<'a> {
    pub request: &'a Request,
    pub request_body: Option<&'a Value>,
    /// The request's full URL, as the client addressed it.
    pub url: &'a str,
    pub status: u16,
    pub response_body: Option<&'a Value>,
    pub response_headers: &'a [(String, String)],
}

/// The key of a callback made into text: each `{expression}` replaced by
/// its value; a bare expression is the whole key. `None` when an
/// expression is unknown or reads nothing.
pub fn expand(template: &str, context: &Context<'_>) -> Option<String> {
    if template.starts_with('$') {
        return evaluate(template, context);
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        out.push_str(&rest[..open]);
        out.push_str(&evaluate(&rest[open + 1..close], context)?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// One expression's value, as text.
pub fn evaluate(expression: &str, context: &Context<'_>) -> Option<String> {
    let request = context.request;
    match expression {
        "$url" => return Some(context.url.to_owned()),
        "$method" => return Some(request.method.clone()),
        "$statusCode" => return Some(context.status.to_string()),
        _ => {}
    }
    if let Some(name) = expression.strip_prefix("$request.path.") {
        return request.variable(name).map(str::to_owned);
    }
    if let Some(name) = expression.strip_prefix("$request.query.") {
        return request.query_value(name).map(str::to_owned);
    }
    if let Some(name) = expression.strip_prefix("$request.header.") {
        return request.header(name).map(str::to_owned);
    }
    if let Some(name) = expression.strip_prefix("$response.header.") {
        return context
            .response_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone());
    }
    if let Some(pointer) = expression.strip_prefix("$request.body") {
        return body_value(context.request_body, pointer);
    }
    if let Some(pointer) = expression.strip_prefix("$response.body") {
        return body_value(context.response_body, pointer);
    }
    None
}

/// `#/a/b` (or nothing: the whole body) in `body`.
fn body_value(body: Option<&Value>, fragment: &str) -> Option<String> {
    let body = body?;
    let pointer = match fragment {
        "" => "",
        _ => fragment.strip_prefix('#')?,
    };
    match body.pointer(pointer)? {
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request() -> Request {
        let mut headers = hyper::HeaderMap::new();
        headers.insert("x-trace", hyper::header::HeaderValue::from_static("t-1"));
        Request {
            method: "POST".into(),
            path: "/pay/7".into(),
            query: vec![("mode".into(), "test".into())],
            headers,
            body: bytes::Bytes::new(),
            variables: vec![("id".into(), "7".into())],
        }
    }

    #[test]
    fn every_source_of_an_expression_is_read() {
        let request = request();
        let body = json!({"return_url": {"webhook_url": "http://127.0.0.1:9/cb"}, "n": 3});
        let answer = json!({"id": "p1"});
        let headers = [("Location".to_owned(), "/p1".to_owned())];
        let context = Context {
            request: &request,
            request_body: Some(&body),
            url: "http://127.0.0.1/pay/7?mode=test",
            status: 201,
            response_body: Some(&answer),
            response_headers: &headers,
        };
        let cases = [
            (
                "{$request.body#/return_url/webhook_url}",
                Some("http://127.0.0.1:9/cb"),
            ),
            ("$request.body#/n", Some("3")),
            (
                "http://h/{$request.path.id}?m={$request.query.mode}&t={$request.header.X-Trace}",
                Some("http://h/7?m=test&t=t-1"),
            ),
            (
                "http://h/{$response.body#/id}/{$statusCode}/{$method}{$response.header.location}",
                Some("http://h/p1/201/POST/p1"),
            ),
            ("$url", Some("http://127.0.0.1/pay/7?mode=test")),
            ("{$request.body#/missing}", None),
            ("{$nonsense}", None),
        ];
        for (template, expected) in cases {
            assert_eq!(
                expand(template, &context).as_deref(),
                expected,
                "{template}"
            );
        }
    }
}
