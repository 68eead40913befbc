//! Where the files a spec references are read from: the disk, or any
//! other store (a git revision, say) that implements [`FileSource`].
//!
//! The checks that depend only on the `$ref`'s text (no URL, no absolute
//! path, no `..` above the root's directory) are made before a source is
//! asked; a source checks what only it can see (on disk, that a symbolic
//! link does not lead out of the directory) and reads.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::load::read_bounded;

/// Why a source will not read a file.
#[derive(Debug)]
pub enum SourceRefusal {
    /// The file resolves (through a symbolic link) outside the root
    /// spec's directory.
    LeavesRoot,
    Io(std::io::Error),
}

/// The files beside a root spec.
pub trait FileSource {
    /// A name the same for every spelling of one file (on disk, its real
    /// path), once it is known the file may be read. `relative` is
    /// relative to the root spec's directory, with no `.` or `..`.
    fn identify(&self, relative: &Path) -> Result<PathBuf, SourceRefusal>;

    /// The identity of the root spec itself, so a `$ref` naming it by file
    /// reads no second copy; `None` when it has none.
    fn root_identity(&self) -> Option<PathBuf>;

    /// The text of the file `identify` named; `Ok(None)` when it is longer
    /// than `limit` bytes. Only regular files are read.
    fn read(&self, identity: &Path, limit: u64) -> std::io::Result<Option<String>>;
}

/// The files beside a spec on disk.
pub struct DiskFiles {
    root_file: PathBuf,
    root_dir: OnceCell<PathBuf>,
}

impl DiskFiles {
    pub fn new(root_file: &Path) -> Self {
        Self {
            root_file: root_file.to_path_buf(),
            root_dir: OnceCell::new(),
        }
    }

    fn root_dir(&self) -> std::io::Result<&Path> {
        if let Some(dir) = self.root_dir.get() {
            return Ok(dir);
        }
        let dir = match self.root_file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let dir = std::fs::canonicalize(dir)?;
        Ok(self.root_dir.get_or_init(|| dir))
    }
}

impl FileSource for DiskFiles {
    fn identify(&self, relative: &Path) -> Result<PathBuf, SourceRefusal> {
        let root_dir = self.root_dir().map_err(SourceRefusal::Io)?;
        let real = std::fs::canonicalize(root_dir.join(relative)).map_err(SourceRefusal::Io)?;
        if !real.starts_with(root_dir) {
            return Err(SourceRefusal::LeavesRoot);
        }
        Ok(real)
    }

    fn root_identity(&self) -> Option<PathBuf> {
        std::fs::canonicalize(&self.root_file).ok()
    }

    fn read(&self, identity: &Path, limit: u64) -> std::io::Result<Option<String>> {
        read_bounded(identity, limit)
    }
}
