//! The files a spec's `$ref`s name: which may be read, and reading them.
//!
//! A spec may come from a pull request, so a `$ref` is read only when it
//! names a regular file inside the root spec's directory: no URL, no
//! absolute path, no `..` above that directory, no symbolic link leading
//! out of it (`source.rs` checks links), and no more files or bytes than
//! `limits.rs` allows. Each file is read and checked as the root is
//! (`parse_text`), once.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::error::{SpecError, SpecErrorKind};
use crate::load::limits::{BundleLimits, MAX_SPEC_BYTES};
use crate::load::origin::{beside, Origin};
use crate::load::{node_at, parse_text, SourceMap};

use super::source::{FileSource, SourceRefusal};

/// The root document's index in [`Files`]: its tree is the one being
/// bundled, so it is never held here.
pub(super) const ROOT: usize = 0;

/// A node of one file: the file's index and the node's pointer in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Target {
    pub file: usize,
    pub fragment: String,
}

struct Loaded {
    /// Relative to the root spec's directory, as the `$ref`s spelled it.
    relative: PathBuf,
    raw: Value,
    source_map: Arc<SourceMap>,
}

/// The root spec and the files read for it so far.
pub(super) struct Files<'a> {
    root_file: &'a Path,
    root_map: &'a SourceMap,
    source: &'a dyn FileSource,
    limits: BundleLimits,
    loaded: Vec<Loaded>,
    /// Each file read, by its identity in `source`.
    by_identity: HashMap<PathBuf, usize>,
    total_bytes: u64,
}

impl<'a> Files<'a> {
    /// `root_file` is the spec as named in messages and on disk;
    /// `root_bytes` its size, counted toward the total.
    pub fn new(
        root_file: &'a Path,
        root_map: &'a SourceMap,
        root_bytes: u64,
        source: &'a dyn FileSource,
        limits: BundleLimits,
    ) -> Self {
        let root = Loaded {
            relative: root_file.file_name().map(PathBuf::from).unwrap_or_default(),
            raw: Value::Null,
            source_map: Arc::new(SourceMap::default()),
        };
        Self {
            root_file,
            root_map,
            source,
            limits,
            loaded: vec![root],
            by_identity: HashMap::new(),
            total_bytes: root_bytes,
        }
    }

    /// An error about the node at `pointer` of file `file`, naming that
    /// file and the node's line and column in it.
    pub fn error(&self, file: usize, pointer: &str, kind: SpecErrorKind) -> SpecError {
        let (name, map) = if file == ROOT {
            (self.root_file.to_path_buf(), self.root_map)
        } else {
            let loaded = &self.loaded[file];
            (
                beside(self.root_file, &loaded.relative),
                loaded.source_map.as_ref(),
            )
        };
        SpecError {
            file: name,
            position: map.position(pointer),
            pointer: pointer.to_owned(),
            kind: Box::new(kind),
        }
    }

    /// The node `target` names, in a file other than the root.
    pub fn node(&self, target: &Target) -> Option<&Value> {
        node_at(&self.loaded.get(target.file)?.raw, &target.fragment)
    }

    /// Where a copy of `target` came from.
    pub fn origin(&self, target: &Target) -> Origin {
        let loaded = &self.loaded[target.file];
        Origin::new(
            loaded.relative.clone(),
            target.fragment.clone(),
            Arc::clone(&loaded.source_map),
        )
    }

    /// The node `reference`, written in file `from` at `written_at` (the
    /// pointer of the `$ref` key), names: reads its file if need be and
    /// checks that the node is there. The root's own nodes are checked
    /// later, with its local references.
    pub fn resolve(
        &mut self,
        from: usize,
        written_at: &str,
        reference: &str,
    ) -> Result<Target, SpecError> {
        let refuse = |files: &Self, kind| Err(files.error(from, written_at, kind));
        let owned = || reference.to_owned();
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if path.is_empty() {
            from
        } else {
            if is_url(reference) {
                return refuse(self, SpecErrorKind::UrlRef { reference: owned() });
            }
            let relative = match self.relative_path(from, path) {
                Ok(relative) => relative,
                Err(refusal) => return refuse(self, refusal(owned())),
            };
            self.read(from, written_at, reference, relative)?
        };
        let target = Target {
            file,
            fragment: fragment.to_owned(),
        };
        let found = file == ROOT
            || ((fragment.is_empty() || fragment.starts_with('/')) && self.node(&target).is_some());
        if !found {
            return refuse(self, SpecErrorKind::DanglingFileRef { reference: owned() });
        }
        Ok(target)
    }

    /// The path `path` (a `$ref` written in file `from`) names, relative
    /// to the root's directory, with `.` and `..` resolved.
    fn relative_path(
        &self,
        from: usize,
        path: &str,
    ) -> Result<PathBuf, fn(String) -> SpecErrorKind> {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let written = Path::new(decoded.as_ref());
        if written.has_root() || decoded.starts_with('\\') {
            return Err(|reference| SpecErrorKind::AbsoluteRefPath { reference });
        }
        let mut relative = self.loaded[from]
            .relative
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for component in written.components() {
            match component {
                Component::Normal(part) => relative.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !relative.pop() {
                        return Err(|reference| SpecErrorKind::RefLeavesRoot { reference });
                    }
                }
                Component::RootDir | Component::Prefix(_) => {
                    return Err(|reference| SpecErrorKind::AbsoluteRefPath { reference });
                }
            }
        }
        Ok(relative)
    }

    /// Reads the file at `relative` once, within the limits; its index.
    fn read(
        &mut self,
        from: usize,
        written_at: &str,
        reference: &str,
        relative: PathBuf,
    ) -> Result<usize, SpecError> {
        let unreadable = |files: &Self, source| {
            let reference = reference.to_owned();
            files.error(
                from,
                written_at,
                SpecErrorKind::RefUnreadable { reference, source },
            )
        };
        let identity = match self.source.identify(&relative) {
            Ok(identity) => identity,
            Err(SourceRefusal::Io(e)) => return Err(unreadable(self, e)),
            Err(SourceRefusal::LeavesRoot) => {
                let reference = reference.to_owned();
                let kind = SpecErrorKind::RefLinkLeavesRoot { reference };
                return Err(self.error(from, written_at, kind));
            }
        };
        if let Some(&known) = self.by_identity.get(&identity) {
            return Ok(known);
        }
        if self.source.root_identity().as_ref() == Some(&identity) {
            return Ok(ROOT);
        }
        if self.loaded.len() > self.limits.files {
            let reference = reference.to_owned();
            let kind = SpecErrorKind::TooManyFiles {
                reference,
                limit: self.limits.files,
            };
            return Err(self.error(from, written_at, kind));
        }
        let name = beside(self.root_file, &relative);
        let text = self
            .source
            .read(&identity, MAX_SPEC_BYTES)
            .map_err(|e| unreadable(self, e))?
            .ok_or_else(|| SpecError {
                file: name.clone(),
                pointer: String::new(),
                position: None,
                kind: Box::new(SpecErrorKind::TooLarge {
                    limit: MAX_SPEC_BYTES,
                }),
            })?;
        self.total_bytes += text.len() as u64;
        if self.total_bytes > self.limits.total_bytes {
            let reference = reference.to_owned();
            let kind = SpecErrorKind::TooManyBytes {
                reference,
                limit: self.limits.total_bytes,
            };
            return Err(self.error(from, written_at, kind));
        }
        let (raw, source_map) = parse_text(&name, &text)?;
        self.loaded.push(Loaded {
            relative,
            raw,
            source_map: Arc::new(source_map),
        });
        let index = self.loaded.len() - 1;
        self.by_identity.insert(identity, index);
        Ok(index)
    }
}

/// Whether `reference` is a URL (`https://...`, `file:...`, any
/// `scheme:`) or a network-path reference (`//host/...`), as RFC 3986
/// tells them from a relative path: a scheme is a letter, then letters,
/// digits, `+`, `-` or `.`, then `:`, before any `/`, `?` or `#`.
pub(crate) fn is_url(reference: &str) -> bool {
    if reference.starts_with("//") {
        return true;
    }
    let Some(colon) = reference.find(':') else {
        return false;
    };
    let scheme = &reference[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::is_url;

    #[test]
    fn urls_are_told_from_relative_paths() {
        for url in [
            "https://example.com/a.yaml",
            "http://x/#/a",
            "file:///etc/passwd",
            "ftp:a",
            "//host/a.yaml",
            "urn:x:y",
        ] {
            assert!(is_url(url), "{url}");
        }
        for path in [
            "a.yaml",
            "./a.yaml#/x",
            "dir/a:b.yaml",
            "a.yaml#/x:y",
            "../a.yaml",
        ] {
            assert!(!is_url(path), "{path}");
        }
    }
}
