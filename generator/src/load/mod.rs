//! Stage 1: read a spec file, parse it as OpenAPI 3.0, and check that it
//! hangs together (every `$ref` resolves, operationIds are unique).
//!
//! Everything later stages need is in [`Spec`]: the typed document, the raw
//! JSON tree (for resolving arbitrary `$ref` pointers), and the source map
//! that turns a pointer back into a line.

mod check;
mod source_map;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{SpecError, SpecErrorKind};
pub use source_map::{escape_segment, Position, SourceMap};

/// A loaded, checked OpenAPI 3.0 document.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The path the spec was read from, as given (used in messages).
    pub file: PathBuf,
    pub document: OpenAPI,
    pub raw: Value,
    pub source_map: SourceMap,
    /// operationId → JSON pointer of the operation (ids are unique).
    pub operations_by_id: std::collections::HashMap<String, String>,
}

impl Spec {
    /// An error about the node at `pointer` in this spec.
    pub fn error(&self, pointer: impl Into<String>, kind: SpecErrorKind) -> SpecError {
        let pointer = pointer.into();
        SpecError {
            file: self.file.clone(),
            position: self.source_map.position(&pointer),
            pointer,
            kind: Box::new(kind),
        }
    }

    /// The raw node a local `$ref` (`#/a/b`) names, if any.
    pub fn resolve_pointer(&self, reference: &str) -> Option<&Value> {
        reference
            .strip_prefix('#')
            .and_then(|p| self.raw.pointer(p))
    }
}

/// Reads and checks the spec at `path`.
pub fn load(path: &Path) -> Result<Spec, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|e| SpecError {
        file: path.to_path_buf(),
        pointer: String::new(),
        position: None,
        kind: Box::new(SpecErrorKind::Read(e)),
    })?;
    load_str(path, &text)
}

/// Parses and checks spec text; `file` only names it in messages.
pub fn load_str(file: &Path, text: &str) -> Result<Spec, SpecError> {
    let source_map = SourceMap::index(text);
    let at = |pointer: String, kind| SpecError {
        file: file.to_path_buf(),
        position: source_map.position(&pointer),
        pointer,
        kind: Box::new(kind),
    };
    let raw: Value = serde_yaml::from_str(text).map_err(|e| SpecError {
        file: file.to_path_buf(),
        pointer: String::new(),
        position: e.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        }),
        kind: Box::new(SpecErrorKind::Syntax(strip_location(&e.to_string()))),
    })?;
    let version = raw.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0.") {
        let found = raw
            .get("openapi")
            .map_or_else(|| "(missing)".to_owned(), |v| v.to_string());
        return Err(at(
            "/openapi".into(),
            SpecErrorKind::UnsupportedVersion { found },
        ));
    }
    let document: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        at(pointer, SpecErrorKind::Shape(e.inner().to_string()))
    })?;
    let mut spec = Spec {
        file: file.to_path_buf(),
        document,
        raw,
        source_map,
        operations_by_id: Default::default(),
    };
    spec.operations_by_id = check::check(&spec)?;
    Ok(spec)
}

/// `serde_yaml` appends "at line X column Y" to its messages; we print the
/// location ourselves, in the same `file:line:column` form as other errors.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message.to_owned(),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&escape_segment(key));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}
