//! Stage 1: read a spec file, parse it as OpenAPI 3.0, and check that it
//! hangs together (every `$ref` resolves, operationIds are unique).
//!
//! Everything later stages need is in [`Spec`]: the JSON tree (the front
//! end reads it; `openapiv3`'s typed document only checks its shape) and
//! the source map that turns a pointer back into a line. `$ref`s to other files are
//! resolved here, by copying what they name into that one tree
//! (`bundle/`); [`Spec::locate`] maps a copied node back to its file.

mod bundle;
mod check;
mod lenient;
pub mod limits;
mod origin;
mod shape;
mod source_map;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{SpecError, SpecErrorKind, Warning};
pub use bundle::{DiskFiles, FileSource, SourceRefusal};
pub use origin::{beside, Location, Locator, Origin, Origins};
pub use source_map::{escape_segment, DuplicateKey, Position, SourceMap};

/// A loaded, checked OpenAPI 3.0 document.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The path the spec was read from, as given (used in messages).
    pub file: PathBuf,
    pub raw: Value,
    /// Positions in the root file. A node copied from another file is
    /// found through [`Spec::locate`], which knows where it came from.
    pub source_map: SourceMap,
    /// The subtrees of `raw` copied from other files, with their origin.
    pub origins: Origins,
    /// operationId → JSON pointer of the operation (ids are unique).
    pub operations_by_id: std::collections::HashMap<String, String>,
    /// Omissions the document was read past (a response without a
    /// `description`, ...); see `lenient.rs`. Every command prints them.
    pub warnings: Vec<Warning>,
}

impl Spec {
    /// An error about the node at `pointer` in this spec.
    /// The file, pointer and position there of the node at `pointer`
    /// in `raw`: in another file for a node copied from one.
    pub fn error(&self, pointer: impl Into<String>, kind: SpecErrorKind) -> SpecError {
        let Location {
            file,
            pointer,
            position,
        } = self.locate(&pointer.into());
        SpecError {
            file,
            position,
            pointer,
            kind: Box::new(kind),
        }
    }

    /// A warning about the node at `pointer`, placed as [`Spec::error`]
    /// places errors.
    pub fn warning(&self, pointer: &str, message: impl Into<String>) -> Warning {
        let Location {
            file,
            pointer,
            position,
        } = self.locate(pointer);
        Warning {
            file,
            pointer,
            position,
            message: message.into(),
        }
    }

    /// Where the node at `pointer` of `raw` was written.
    pub fn locate(&self, pointer: &str) -> Location {
        self.locator().locate(pointer)
    }

    pub fn locator(&self) -> Locator<'_> {
        Locator {
            file: &self.file,
            source_map: &self.source_map,
            origins: &self.origins,
        }
    }

    /// The files read besides the spec itself, relative to its
    /// directory, sorted: what a change to the spec may lie in.
    pub fn referenced_files(&self) -> Vec<&Path> {
        self.origins.files()
    }

    /// Names the spec `file` in every later message and in its warnings
    /// (a path relative to the repository, say, instead of as it was read);
    /// the files it references are named beside it.
    pub fn rename(&mut self, file: impl Into<PathBuf>) {
        let old_dir = self
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let old_file = std::mem::replace(&mut self.file, file.into());
        for warning in &mut self.warnings {
            warning.file = if warning.file == old_file {
                self.file.clone()
            } else {
                let relative = warning.file.strip_prefix(&old_dir).unwrap_or(&warning.file);
                origin::beside(&self.file, relative)
            };
        }
    }

    /// The raw node at the JSON pointer `pointer`, if any.
    pub fn node(&self, pointer: &str) -> Option<&Value> {
        node_at(&self.raw, pointer)
    }

    /// The raw node a local `$ref` (`#/a/b`) names, if any.
    pub fn resolve_pointer(&self, reference: &str) -> Option<&Value> {
        reference.strip_prefix('#').and_then(|p| self.node(p))
    }
}

/// [`Value::pointer`] without its allocations: a segment is unescaped
/// (`~1` → `/`, `~0` → `~`) only when it holds a `~`. Every stage looks
/// nodes up by pointer, so this is the hottest lookup of a large document.
pub fn node_at<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for segment in pointer.strip_prefix('/')?.split('/') {
        let key: std::borrow::Cow<'_, str> = if segment.contains('~') {
            segment.replace("~1", "/").replace("~0", "~").into()
        } else {
            segment.into()
        };
        node = match node {
            Value::Object(map) => map.get(key.as_ref())?,
            Value::Array(list) => list.get(array_index(&key)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// An array index as RFC 6901 writes it: digits, no leading zero.
fn array_index(segment: &str) -> Option<usize> {
    let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    if !digits || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    segment.parse().ok()
}

/// Reads and checks the spec at `path`.
pub fn load(path: &Path) -> Result<Spec, SpecError> {
    let error = |kind| SpecError {
        file: path.to_path_buf(),
        pointer: String::new(),
        position: None,
        kind: Box::new(kind),
    };
    let text =
        read_bounded(path, limits::MAX_SPEC_BYTES).map_err(|e| error(SpecErrorKind::Read(e)))?;
    let text = text.ok_or_else(|| {
        error(SpecErrorKind::TooLarge {
            limit: limits::MAX_SPEC_BYTES,
        })
    })?;
    load_text(path, &text, Some(&bundle::DiskFiles::new(path)))
}

/// Checks the spec `text`, read from `file`, reading the files its `$ref`s
/// name from `files` (a git revision, say, where [`load`] reads the disk).
pub fn load_with(file: &Path, text: &str, files: &dyn FileSource) -> Result<Spec, SpecError> {
    load_text(file, text, Some(files))
}

/// The file's text, or `None` when it is larger than `limit` bytes. Only
/// regular files are read: a FIFO would block and `/dev/zero` never ends.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Option<String>> {
    use std::io::Read;
    // Checked before opening: opening a FIFO blocks until a writer comes.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text)?;
    Ok((text.len() as u64 <= limit).then_some(text))
}

/// Parses and checks spec text; `file` only names it in messages. No
/// other file is read: a `$ref` to one is an error.
pub fn load_str(file: &Path, text: &str) -> Result<Spec, SpecError> {
    load_text(file, text, None)
}

/// Parses and checks the spec `text` read from `file`; with `files`, the
/// `$ref`s to files beside it are read from there and bundled.
fn load_text(file: &Path, text: &str, files: Option<&dyn FileSource>) -> Result<Spec, SpecError> {
    let (mut raw, source_map) = parse_text(file, text)?;
    let at = |pointer: String, kind| SpecError {
        file: file.to_path_buf(),
        position: source_map.position(&pointer),
        pointer,
        kind: Box::new(kind),
    };
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
    let mut source_map = source_map;
    let origins = match files {
        Some(files) => {
            let limits = limits::BundleLimits::default();
            let bundled = bundle::bundle(
                &mut raw,
                file,
                &source_map,
                text.len() as u64,
                files,
                limits,
            )?;
            for (copy, brought_in_at) in &bundled.anchors {
                source_map.anchor(copy, brought_in_at);
            }
            bundled.origins
        }
        None => Origins::default(),
    };
    let locator = Locator {
        file,
        source_map: &source_map,
        origins: &origins,
    };
    let warnings = lenient::repair(&mut raw, &locator);
    // Read as the typed document to check its shape, then dropped: the
    // front end reads `raw`, and nothing reads the typed document again.
    let _shape: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        // serde names only the outermost map of an untagged enum; find the
        // node itself when a smaller part fails on its own.
        let (pointer, message) = shape::locate(&raw)
            .unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()));
        let Location {
            file,
            pointer,
            position,
        } = locator.locate(&pointer);
        SpecError {
            file,
            pointer,
            position,
            kind: Box::new(SpecErrorKind::Shape(message)),
        }
    })?;
    let mut spec = Spec {
        file: file.to_path_buf(),
        raw,
        source_map,
        origins,
        operations_by_id: Default::default(),
        warnings,
    };
    spec.operations_by_id = check::check(&spec)?;
    Ok(spec)
}

/// Checks `text`, read from `file`, against the limits and parses it: the
/// same for the root spec and each file it references.
fn parse_text(file: &Path, text: &str) -> Result<(Value, SourceMap), SpecError> {
    // YAML 1.2 allows a byte order mark at the start; editors write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 > limits::MAX_SPEC_BYTES {
        return Err(SpecError {
            file: file.to_path_buf(),
            pointer: String::new(),
            position: None,
            kind: Box::new(SpecErrorKind::TooLarge {
                limit: limits::MAX_SPEC_BYTES,
            }),
        });
    }
    let positioned = |position, kind| SpecError {
        file: file.to_path_buf(),
        pointer: String::new(),
        position: Some(position),
        kind: Box::new(kind),
    };
    if let Err(too_deep) = limits::check_depth(text) {
        let kind = SpecErrorKind::TooDeep {
            limit: limits::MAX_SPEC_DEPTH,
        };
        return Err(positioned(too_deep.position, kind));
    }
    let source_map = SourceMap::index(text);
    if let Some(duplicate) = source_map.duplicate_key() {
        let kind = SpecErrorKind::DuplicateKey {
            first: duplicate.first,
        };
        let mut error = positioned(duplicate.second, kind);
        error.pointer = duplicate.pointer.clone();
        return Err(error);
    }
    let raw = parse(file, text)?;
    Ok((raw, source_map))
}

/// The document as a JSON tree. A JSON document is read by a JSON parser:
/// JSON is YAML 1.2, but YAML parsers refuse some JSON string escapes (a
/// lone `\ud83d` surrogate, which JSON allows).
fn parse(file: &Path, text: &str) -> Result<Value, SpecError> {
    let error = |position, message: String| SpecError {
        file: file.to_path_buf(),
        pointer: String::new(),
        position,
        kind: Box::new(SpecErrorKind::Syntax(message)),
    };
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            let position = Position {
                line: e.line(),
                column: e.column(),
            };
            error(Some(position), strip_location(&e.to_string()))
        });
    }
    serde_yaml::from_str(text).map_err(|e| {
        let position = e.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        error(position, strip_location(&e.to_string()))
    })
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

#[cfg(test)]
mod pointer_tests {
    use serde_json::json;

    use super::node_at;

    #[test]
    fn lookups_agree_with_serde_json_pointer() {
        let root = json!({"a/b": {"~c": [10, 20]}, "": {"x": 1}, "l": [0, 1]});
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/~0c/1",
            "/a~1b/~0c/01",
            "/a~1b/~0c/2",
            "/",
            "/l/0",
            "/l/+1",
            "/nope",
            "noslash",
            "//x",
        ] {
            assert_eq!(
                node_at(&root, pointer),
                root.pointer(pointer),
                "{pointer:?}"
            );
        }
    }
}
