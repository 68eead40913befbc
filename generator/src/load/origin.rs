//! Where each node of a bundled document was written.
//!
//! Bundling (`bundle/`) copies nodes of other files into the root
//! document, so a pointer into the bundled tree may name a node whose text
//! lives in another file. Every copied subtree is recorded here with the
//! file and pointer it came from; a lookup walks up the pointer to the
//! nearest recorded subtree (as [`SourceMap::position`] walks to the nearest
//! indexed ancestor) and maps the rest of the pointer into that file. A
//! pointer outside every copy is the root file's, and costs one failed
//! lookup per segment, without allocating, when nothing was bundled.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::source_map::{Position, SourceMap};

/// The file and pointer a copied subtree came from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file, relative to the root spec's directory.
    pub relative: PathBuf,
    /// The copied node's pointer in that file.
    pub pointer: String,
    source_map: Arc<SourceMap>,
}

impl Origin {
    pub(super) fn new(relative: PathBuf, pointer: String, source_map: Arc<SourceMap>) -> Self {
        Self {
            relative,
            pointer,
            source_map,
        }
    }
}

/// Local pointer of each copied subtree → where it came from.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    by_pointer: BTreeMap<String, Origin>,
}

impl Origins {
    /// Records that the subtree at `at` was copied from `origin`; a later
    /// record at the same place (a path item inlined twice over) wins.
    pub(super) fn insert(&mut self, at: String, origin: Origin) {
        self.by_pointer.insert(at, origin);
    }

    /// The recorded subtree holding `pointer`, and the rest of `pointer`
    /// below it.
    fn find<'p>(&self, pointer: &'p str) -> Option<(&Origin, &'p str)> {
        if self.by_pointer.is_empty() {
            return None;
        }
        let mut current = pointer;
        loop {
            if let Some(origin) = self.by_pointer.get(current) {
                return Some((origin, &pointer[current.len()..]));
            }
            current = &current[..current.rfind('/')?];
        }
    }

    /// The files read besides the root, relative to its directory, each
    /// once, sorted.
    pub fn files(&self) -> Vec<&Path> {
        let mut files: Vec<&Path> = self
            .by_pointer
            .values()
            .map(|o| o.relative.as_path())
            .collect();
        files.sort();
        files.dedup();
        files
    }
}

/// A node's place in the files a person edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// The node's pointer in `file`.
    pub pointer: String,
    pub position: Option<Position>,
}

/// Maps pointers of a bundled document to files, lines and columns.
#[derive(Clone, Copy)]
pub struct Locator<'a> {
    /// The root spec, as named in messages.
    pub file: &'a Path,
    pub source_map: &'a SourceMap,
    pub origins: &'a Origins,
}

impl Locator<'_> {
    pub fn locate(&self, pointer: &str) -> Location {
        match self.origins.find(pointer) {
            None => Location {
                file: self.file.to_path_buf(),
                pointer: pointer.to_owned(),
                position: self.source_map.position(pointer),
            },
            Some((origin, rest)) => {
                let pointer = format!("{}{rest}", origin.pointer);
                Location {
                    file: beside(self.file, &origin.relative),
                    position: origin.source_map.position(&pointer),
                    pointer,
                }
            }
        }
    }
}

/// `relative`, named as a path beside the root spec `root` (so that a
/// message names `spec/schemas/pet.yaml` for a spec given as
/// `spec/openapi.yaml`).
pub fn beside(root: &Path, relative: &Path) -> PathBuf {
    match root.parent() {
        Some(dir) => dir.join(relative),
        None => relative.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_inside_a_copy_map_to_its_file_and_the_rest_to_the_root() {
        let root_map = SourceMap::index("a:\n  b: 1\n");
        let other_map = Arc::new(SourceMap::index("x:\n  y:\n    z: 1\n"));
        let mut origins = Origins::default();
        origins.insert(
            "/components/schemas/Y".into(),
            Origin::new("dir/other.yaml".into(), "/x/y".into(), other_map),
        );
        let locator = Locator {
            file: Path::new("spec/root.yaml"),
            source_map: &root_map,
            origins: &origins,
        };
        let inside = locator.locate("/components/schemas/Y/z");
        assert_eq!(inside.file, Path::new("spec/dir/other.yaml"));
        assert_eq!(inside.pointer, "/x/y/z");
        assert_eq!(inside.position, Some(Position { line: 3, column: 5 }));
        // A sibling whose name starts alike is not inside the copy.
        let sibling = locator.locate("/components/schemas/Yes");
        assert_eq!(sibling.file, Path::new("spec/root.yaml"));
        let root = locator.locate("/a/b");
        assert_eq!(root.position, Some(Position { line: 2, column: 3 }));
        assert_eq!(origins.files(), vec![Path::new("dir/other.yaml")]);
    }
}
