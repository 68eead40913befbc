//! Is a request what the spec allows? Its credentials, parameters and body
//! are checked against the operation's plan; every issue is kept, so one
//! answer lists them all.

mod body;
mod parameters;
mod security;

use bytes::Bytes;
use hyper::HeaderMap;
use openapi_sdkgen::front::Schemas;
use serde_json::Value;

use crate::log::Issue;
use crate::plan::{OperationPlan, Place};

/// A request as received, with the path variables routing found.
pub struct Request {
    pub method: String,
    /// The path, as received (still percent-encoded).
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub variables: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What checking found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Credentials the security needs and the request lacks.
    pub missing_credentials: Vec<Issue>,
    pub issues: Vec<Issue>,
    /// The body, read as its media type says (JSON, form fields, text),
    /// where it could be read.
    pub body: Option<Value>,
}

pub fn check(plan: &OperationPlan, schemas: &Schemas, request: &Request) -> Checked {
    let mut checked = Checked {
        missing_credentials: security::missing(&plan.security, request),
        ..Checked::default()
    };
    // Query parameters that carry an API key are the security's, not unknown.
    let api_keys: Vec<&str> = plan
        .security
        .iter()
        .flatten()
        .filter_map(|c| match &c.place {
            Place::Query(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    parameters::check(&plan.parameters, request, &api_keys, &mut checked.issues);
    if let Some(body) = &plan.body {
        checked.body = body::check(body, schemas, request, &mut checked.issues);
    }
    checked
}

/// The query string as name-value pairs, percent-decoded.
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}
