//! Sending one probe request: credentials added where the operation's
//! security puts them, redirects never followed (a redirect could lead
//! anywhere, production included), the whole answer read.

use std::time::Duration;

use openapi_sdkgen::front::{Api, Operation};
use reqwest::{Client, Method, Url};

use super::requests::ProbeRequest;
use super::safety::Credentials;

/// The most bytes of an answer's body read; a longer body is cut (and
/// then does not parse, which the report says).
pub const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// What a server answered.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    /// Names lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A client that follows no redirects and gives up after `timeout`.
pub fn client(timeout: Duration) -> Result<Client, reqwest::Error> {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .build()
}

/// How the credentials of one security requirement travel.
#[derive(Debug, Clone, Default)]
pub struct Authentication {
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    cookies: Vec<String>,
    basic: Option<(String, String)>,
    /// The schemes the environment had no credential for, when no
    /// alternative of the operation's security could be met.
    pub missing: Vec<String>,
}

/// The first alternative of the operation's security the credentials
/// meet, as headers, query pairs and cookies; when none is met, nothing,
/// with the schemes of the first alternative listed as missing.
pub fn authentication(
    api: &Api,
    operation: &Operation,
    credentials: &Credentials,
) -> Authentication {
    let requirements = api.security_of(operation);
    if requirements.is_empty() || requirements.iter().any(|r| r.scheme_names().is_empty()) {
        return Authentication::default();
    }
    for requirement in requirements {
        let names = requirement.scheme_names();
        if names.iter().all(|name| credentials.get(name).is_some()) {
            let mut auth = Authentication::default();
            for name in names {
                let (Some(scheme), Some(value)) = (
                    api.security_schemes.iter().find(|s| s.name == name),
                    credentials.get(name),
                ) else {
                    continue;
                };
                add(&mut auth, scheme, value);
            }
            return auth;
        }
    }
    Authentication {
        missing: requirements[0]
            .scheme_names()
            .into_iter()
            .filter(|name| credentials.get(name).is_none())
            .map(str::to_owned)
            .collect(),
        ..Authentication::default()
    }
}

fn add(auth: &mut Authentication, scheme: &openapi_sdkgen::front::SecurityScheme, value: &str) {
    match (
        scheme.kind.as_str(),
        &scheme.api_key,
        scheme.http_scheme.as_deref(),
    ) {
        ("apiKey", Some((location, name)), _) => match location.as_str() {
            "query" => auth.query.push((name.clone(), value.to_owned())),
            "cookie" => auth.cookies.push(format!("{name}={value}")),
            _ => auth.headers.push((name.clone(), value.to_owned())),
        },
        ("http", _, Some(http)) if http.eq_ignore_ascii_case("basic") => {
            let (user, password) = value.split_once(':').unwrap_or((value, ""));
            auth.basic = Some((user.to_owned(), password.to_owned()));
        }
        ("http", _, Some(http)) => {
            let mut word = http.to_owned();
            if let Some(first) = word.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            auth.headers
                .push(("Authorization".to_owned(), format!("{word} {value}")));
        }
        // OAuth 2 and OpenID Connect: a token the caller obtained.
        _ => auth
            .headers
            .push(("Authorization".to_owned(), format!("Bearer {value}"))),
    }
}

/// Why a request got no answer.
#[derive(Debug, thiserror::Error)]
#[error("{url}: {message}")]
pub struct NoAnswer {
    pub url: String,
    pub message: String,
}

/// Sends `request` to `server` (its base URL, path appended) and reads
/// the answer.
pub async fn send(
    client: &Client,
    server: &Url,
    request: &ProbeRequest,
    auth: &Authentication,
) -> Result<Answer, NoAnswer> {
    let base = server.as_str().trim_end_matches('/');
    let shown = format!("{base}{}", request.path);
    let no_answer = |error: reqwest::Error| NoAnswer {
        url: shown.clone(),
        // Without the URL reqwest repeats; the chain says why.
        message: error_chain(&error.without_url()),
    };
    let url = Url::parse(&shown).map_err(|e| NoAnswer {
        url: shown.clone(),
        message: e.to_string(),
    })?;
    let method = Method::from_bytes(request.method.to_string().as_bytes()).unwrap_or(Method::GET);
    let mut builder = client.request(method, url);
    let query: Vec<&(String, String)> = request.query.iter().chain(&auth.query).collect();
    if !query.is_empty() {
        builder = builder.query(&query);
    }
    let mut cookies: Vec<String> = auth.cookies.clone();
    for (name, value) in request.headers.iter().chain(&auth.headers) {
        if name.eq_ignore_ascii_case("cookie") {
            cookies.insert(0, value.clone());
        } else {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    if !cookies.is_empty() {
        builder = builder.header("Cookie", cookies.join("; "));
    }
    if let Some((user, password)) = &auth.basic {
        builder = builder.basic_auth(user, Some(password));
    }
    if let Some(body) = &request.body {
        builder = builder
            .header("Content-Type", body.media_type.to_string())
            .body(body.bytes.clone());
    }
    let mut response = builder.send().await.map_err(no_answer)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), text)
        })
        .collect();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(no_answer)? {
        let room = MAX_ANSWER_BYTES.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= MAX_ANSWER_BYTES {
            break;
        }
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
