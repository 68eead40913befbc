//! Errors and warnings about a spec, each tied to a place in its file.

use std::fmt;
use std::path::PathBuf;

use crate::load::Position;
use crate::redact::{self, redact};
use crate::text::visible_line;

/// Something in a spec that stops generation. Carries the file, the JSON
/// pointer of the node and, where the source map knows it, line and column.
#[derive(Debug, thiserror::Error)]
pub struct SpecError {
    pub file: PathBuf,
    pub pointer: String,
    pub position: Option<Position>,
    /// Boxed: errors travel through every `Result` of the pipeline, and a
    /// small error keeps the happy path cheap.
    pub kind: Box<SpecErrorKind>,
}

/// Messages quote the spec (references, keys, names) and its file name,
/// and end up on a terminal or in a CI log: control characters in them are
/// shown as visible escapes, so a spec cannot forge lines or colours, and
/// card numbers and credentials are redacted.
impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = self.file.display().to_string();
        if let Some(position) = self.position {
            text.push_str(&format!(":{position}"));
        }
        // The message quotes values; the pointer is redacted segment by
        // segment, so its structure (`~1v1~1files`) is never taken for a
        // token.
        text.push_str(&format!(": {}", redact(&self.kind.to_string())));
        if !self.pointer.is_empty() {
            text.push_str(&format!(" (at #{})", redact::pointer(&self.pointer)));
        }
        f.write_str(&visible_line(&text))
    }
}

/// What is wrong, and what was expected instead.
#[derive(Debug, thiserror::Error)]
pub enum SpecErrorKind {
    #[error("cannot read the file: {0}")]
    Read(#[source] std::io::Error),
    #[error("YAML syntax error: {0}")]
    Syntax(String),
    #[error("the spec is larger than {limit} bytes, the most this tool reads")]
    TooLarge { limit: u64 },
    #[error("the spec nests mappings and sequences more than {limit} levels deep, the most this tool reads")]
    TooDeep { limit: usize },
    #[error("this key is given twice in one mapping (first at line {}, column {}); YAML forbids it and parsers would silently keep one", .first.line, .first.column)]
    DuplicateKey { first: Position },
    #[error("expected an OpenAPI 3.0.x document, found `openapi: {found}`")]
    UnsupportedVersion { found: String },
    #[error("not a valid OpenAPI 3.0 document: {0}")]
    Shape(String),
    #[error("$ref `{reference}` does not resolve to anything in this document")]
    DanglingRef { reference: String },
    #[error("$ref `{reference}` names another file, which is read only where OpenAPI places a reference (a schema, parameter, response, ...) and only in a spec read from a file; expected a local reference (`#/...`) here")]
    ExternalRef { reference: String },
    #[error("$ref `{reference}` is a URL; no URL is fetched (a spec may come from a pull request); expected a local reference (`#/...`) or a path relative to this file")]
    UrlRef { reference: String },
    #[error("$ref `{reference}` is an absolute path; expected a path relative to the file it is written in")]
    AbsoluteRefPath { reference: String },
    #[error("$ref `{reference}` climbs out of the root spec's directory; expected a file inside that directory")]
    RefLeavesRoot { reference: String },
    #[error("$ref `{reference}` leads, through a symbolic link, outside the root spec's directory; expected a file inside that directory")]
    RefLinkLeavesRoot { reference: String },
    #[error("cannot read the file $ref `{reference}` names: {source}")]
    RefUnreadable {
        reference: String,
        #[source]
        source: std::io::Error,
    },
    #[error("$ref `{reference}` names a node its file does not have; expected `file#/json/pointer` or a whole `file`")]
    DanglingFileRef { reference: String },
    #[error("$ref `{reference}` would read more than {limit} files, the most this tool reads for one spec")]
    TooManyFiles { reference: String, limit: usize },
    #[error("$ref `{reference}` would read more than {limit} bytes in all, the most this tool reads for one spec")]
    TooManyBytes { reference: String, limit: u64 },
    #[error("$ref `{reference}` would copy more than {limit} values from other files into the spec, the most this tool bundles")]
    TooMuchCopied { reference: String, limit: usize },
    #[error("operationId `{id}` is used twice (first at #{first})")]
    DuplicateOperationId { id: String, first: String },
    #[error(
        "schemas nest more than {limit} levels deep through $refs here, the most the diff follows"
    )]
    TooDeepToCompare { limit: usize },
    #[error("allOf refers back to itself through {chain}")]
    CyclicAllOf { chain: String },
    #[error("$ref chain loops back on itself: {chain}")]
    CyclicRef { chain: String },
    #[error("unknown schema type `{found}`; expected one of string, integer, number, boolean, array, object")]
    UnknownType { found: String },
    #[error("{construct} is not supported; expected {expected}")]
    Unsupported { construct: String, expected: String },
    #[error("invalid constraint: {0}")]
    InvalidConstraint(String),
}

/// Something the generator handled with a documented fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub pointer: String,
    pub position: Option<Position>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = format!("warning: {}", self.file.display());
        if let Some(position) = self.position {
            text.push_str(&format!(":{position}"));
        }
        text.push_str(&format!(
            ": {} (at #{})",
            redact(&self.message),
            redact::pointer(&self.pointer)
        ));
        f.write_str(&visible_line(&text))
    }
}
