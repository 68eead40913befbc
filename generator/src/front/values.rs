//! Typed values the document spells as strings: HTTP methods, response
//! statuses, path templates and media types. Parsed once here, so no later
//! stage compares or re-parses the strings.

use std::fmt;

/// An HTTP method an OpenAPI 3.0 path item can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// In the order the specification lists them (and path items hold them).
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// `GET`, `get`, `Get`: a method named in any case.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|method| method.key().eq_ignore_ascii_case(text))
    }

    /// The key in a path item: `get`, `post`, ...
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

impl fmt::Display for Method {
    /// `GET`, `POST`: as HTTP writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key().to_ascii_uppercase())
    }
}

/// A key of a `responses` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// `200`, `404`.
    Code(u16),
    /// `2XX`: the first digit.
    Range(u8),
    /// `default`: every status not listed.
    Default,
}

impl Status {
    /// Parses a response key; `None` when it is none of the three forms.
    pub fn parse(key: &str) -> Option<Status> {
        if key == "default" {
            return Some(Status::Default);
        }
        let bytes = key.as_bytes();
        if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
            return None;
        }
        if bytes[1..].iter().all(u8::is_ascii_digit) {
            return key.parse().ok().map(Status::Code);
        }
        if bytes[1..].eq_ignore_ascii_case(b"XX") {
            return Some(Status::Range(bytes[0] - b'0'));
        }
        None
    }

    /// A 2xx status or the `2XX` range: what a client reads as success.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(first) => first == 2,
            Status::Default => false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(first) => write!(f, "{first}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// A path template: `/items/{id}/tags`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathTemplate {
    text: String,
}

impl PathTemplate {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `/a/{id}/b` → `/a/{}/b`: what a client's URL looks like, whatever
    /// the parameters are called. Two templates with one shape are one
    /// path to a client.
    pub fn shape(&self) -> String {
        let mut shape = String::with_capacity(self.text.len());
        let mut in_name = false;
        for c in self.text.chars() {
            match c {
                '{' => {
                    in_name = true;
                    shape.push('{');
                }
                '}' => {
                    in_name = false;
                    shape.push('}');
                }
                _ if in_name => {}
                _ => shape.push(c),
            }
        }
        shape
    }

    /// The parameter names in the template, in order.
    pub fn names(&self) -> Vec<&str> {
        self.text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A media type (`application/json; charset=utf-8`), compared by its
/// lower-cased essence and its parameters, as RFC 6838 says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MediaType {
    /// `application/json`, lower case.
    pub essence: String,
    /// `charset=utf-8`, names lower case, in the document's order.
    pub parameters: Vec<(String, String)>,
}

impl MediaType {
    pub fn parse(text: &str) -> Self {
        let mut parts = text.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let parameters = parts
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Self {
            essence,
            parameters,
        }
    }

    /// JSON, or a `+json` structured syntax: bodies whose types are exact.
    pub fn is_json(&self) -> bool {
        self.essence == "application/json" || self.essence.ends_with("+json")
    }

    /// Whether every `other` body is also one of these (RFC 6839): the
    /// same type, subtype and suffix, whatever the parameters; or these
    /// have no suffix and `other` is a structured syntax named after their
    /// subtype (`application/json` contains `application/problem+json`).
    pub fn contains(&self, other: &MediaType) -> bool {
        let (Some(mine), Some(theirs)) = (self.parts(), other.parts()) else {
            return false;
        };
        let ((kind, subtype, suffix), (other_kind, other_subtype, other_suffix)) = (mine, theirs);
        if kind != other_kind {
            return false;
        }
        if suffix.is_none() && other_suffix == Some(subtype) {
            return true;
        }
        subtype == other_subtype && suffix == other_suffix
    }

    /// Type, subtype and structured-syntax suffix; `None` when the essence
    /// is not `type/subtype` with at most one suffix.
    fn parts(&self) -> Option<(&str, &str, Option<&str>)> {
        let (kind, rest) = self.essence.split_once('/')?;
        match rest.split_once('+') {
            None => Some((kind, rest, None)),
            Some((_, suffix)) if suffix.is_empty() || suffix.contains('+') => None,
            Some((subtype, suffix)) => Some((kind, subtype, Some(suffix))),
        }
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.essence)?;
        for (name, value) in &self.parameters {
            write!(f, "; {name}={value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_codes_ranges_and_default() {
        assert_eq!(Status::parse("200"), Some(Status::Code(200)));
        assert_eq!(Status::parse("4XX"), Some(Status::Range(4)));
        assert_eq!(Status::parse("4xx"), Some(Status::Range(4)));
        assert_eq!(Status::parse("default"), Some(Status::Default));
        for bad in ["20", "600", "2X0", "abc", "0XX", ""] {
            assert_eq!(Status::parse(bad), None, "{bad}");
        }
        assert!(Status::Range(2).is_success() && Status::Code(204).is_success());
        assert!(!Status::Code(404).is_success() && !Status::Default.is_success());
        assert_eq!(Status::Range(5).to_string(), "5XX");
    }

    #[test]
    fn path_templates_match_by_shape() {
        let a = PathTemplate::new("/a/{id}/b/{n}");
        assert_eq!(a.shape(), "/a/{}/b/{}");
        assert_eq!(a.names(), ["id", "n"]);
        assert_eq!(
            PathTemplate::new("/a/{id}").shape(),
            PathTemplate::new("/a/{transactionId}").shape()
        );
    }

    #[test]
    fn media_types_compare_case_insensitively_with_parameters() {
        let a = MediaType::parse("Application/JSON; Charset=utf-8");
        assert_eq!(a.to_string(), "application/json; charset=utf-8");
        assert_eq!(a, MediaType::parse("application/json;charset=utf-8"));
        assert_ne!(a, MediaType::parse("application/json"));
        assert!(MediaType::parse("application/problem+json").is_json());
        let json = MediaType::parse("application/json");
        assert!(json.contains(&MediaType::parse("application/problem+json")));
        assert!(json.contains(&MediaType::parse("application/json; charset=utf-8")));
        assert!(!MediaType::parse("application/problem+json").contains(&json));
        assert!(!json.contains(&MediaType::parse("application/xml")));
        assert!(!json.contains(&MediaType::parse("text/json")));
        assert!(!MediaType::parse("*/*").is_json());
    }

    #[test]
    fn methods_print_as_http_writes_them() {
        assert_eq!(Method::Patch.to_string(), "PATCH");
        assert_eq!(Method::ALL.map(Method::key)[2], "post");
    }
}
