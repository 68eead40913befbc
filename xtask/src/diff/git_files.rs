//! The files a spec at a git revision references, read from that same
//! revision, so a spec split over files is diffed as it was then.
//!
//! The loader has already refused URLs, absolute paths and `..` above the
//! spec's directory; here only regular files of the revision's tree are
//! read (a symbolic link, a directory or a submodule is an error, never
//! followed), within the loader's size limit, with `--end-of-options`
//! before every revision.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_sdkgen::load::{FileSource, SourceRefusal};

use super::END_OF_OPTIONS;

/// The tree of `revision`, as seen from the directory of the spec at
/// `spec_path` (relative to the repository's top).
pub struct GitFiles<'a> {
    /// Where git runs (the repository's top), or the current directory.
    pub repository: Option<&'a Path>,
    pub revision: &'a str,
    pub spec_path: &'a str,
}

impl GitFiles<'_> {
    /// `relative` (to the spec's directory) as a path from the top of the
    /// repository, `/`-separated.
    fn tree_path(&self, relative: &Path) -> String {
        let relative = relative.to_string_lossy().replace('\\', "/");
        match self.spec_path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{relative}"),
            None => relative,
        }
    }

    fn git(&self, args: &[&str]) -> io::Result<String> {
        let mut command = Command::new("git");
        if let Some(dir) = self.repository {
            command.current_dir(dir);
        }
        let output = command.args(args).output()?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(io::Error::other(format!(
                "git {}: {}",
                args.join(" "),
                stderr.trim()
            )));
        }
        String::from_utf8(output.stdout)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8"))
    }
}

impl FileSource for GitFiles<'_> {
    fn identify(&self, relative: &Path) -> Result<PathBuf, SourceRefusal> {
        Ok(PathBuf::from(self.tree_path(relative)))
    }

    fn root_identity(&self) -> Option<PathBuf> {
        Some(PathBuf::from(self.spec_path))
    }

    fn read(&self, identity: &Path, limit: u64) -> io::Result<Option<String>> {
        let path = identity.to_string_lossy();
        // `<mode> <type> <object> <size>\t<path>`, or nothing when absent.
        let listing = self.git(&[
            "ls-tree",
            "--full-tree",
            "-l",
            END_OF_OPTIONS,
            self.revision,
            "--",
            &path,
        ])?;
        let fields: Vec<&str> = listing
            .split('\t')
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        let [mode, "blob", object, size] = fields.as_slice() else {
            let what = if listing.is_empty() {
                format!("no such file in {}", self.revision)
            } else {
                "not a regular file".to_owned()
            };
            return Err(io::Error::new(io::ErrorKind::NotFound, what));
        };
        if !mode.starts_with("100") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file (a symbolic link is not followed)",
            ));
        }
        if size.parse::<u64>().map_or(true, |size| size > limit) {
            return Ok(None);
        }
        self.git(&["cat-file", "blob", object]).map(Some)
    }
}
