//! Replacing an output directory whole, without ever deleting what the
//! generator did not write.
//!
//! Rules:
//! - The target must be missing, empty, or hold the generator's marker file
//!   ([`OUTPUT_MARKER`], which every generated crate carries). Anything else
//!   (a `.git/`, notes, a spec) is refused and left untouched.
//! - The target may not be a file, a symbolic link, `.`/`..`, or contain a
//!   protected path (the spec, the working directory, the checkout).
//! - The new output is written to a sibling `.codegen-new-<name>-*` and
//!   swapped in. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so
//!   at every moment the target holds the old or the new output. Elsewhere
//!   (or on a file system without it) the old output is first renamed to
//!   `.codegen-old-<name>-*`; if the run dies between the two renames, the
//!   next run puts it back before doing anything else.
//! - Each run removes the staging directories earlier runs left for the
//!   same target, if they hold the marker or nothing. Runs on the same
//!   parent directory take turns (an exclusive lock on it, on Unix), so one
//!   never removes another's staging directory.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use openapi_sdkgen::emit::{OUTPUT_MARKER, OUTPUT_MARKER_TEXT};

const NEW_PREFIX: &str = ".codegen-new-";
const OLD_PREFIX: &str = ".codegen-old-";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{target}: does not name a directory to write into (give a directory name, not `.` or `..`)")]
    NoName { target: String },
    #[error("{target}: is a symbolic link; refusing to replace it (give the directory it points to, or another --out)")]
    Symlink { target: String },
    #[error("{target}: exists and is not a directory; refusing to replace it")]
    NotADirectory { target: String },
    #[error("{target}: contains {what} ({path}); refusing to replace it")]
    ContainsProtected {
        target: String,
        what: &'static str,
        path: String,
    },
    #[error(
        "{target}: exists, is not empty and was not written by openapi-sdkgen (no {marker} file in it); \
         refusing to replace it: remove it yourself, or write somewhere else"
    )]
    NotGenerated {
        target: String,
        marker: &'static str,
    },
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
}

/// A path the target must not contain, and what to call it in the error.
pub struct Protected<'a> {
    pub what: &'static str,
    pub path: &'a Path,
}

/// Writes `files` (relative path → contents) as the whole new contents of
/// `target`, by the rules in the module docs. If anything fails before the
/// swap, `target` is untouched.
pub fn replace<'a>(
    target: &Path,
    files: impl IntoIterator<Item = (&'a Path, &'a str)>,
    protected: &[Protected<'_>],
) -> Result<(), OutputError> {
    let shown = crate::workspace::display(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| OutputError::NoName {
            target: shown.clone(),
        })?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let io_at = |path: &Path| {
        let path = crate::workspace::display(path);
        move |source| OutputError::Io { path, source }
    };
    fs::create_dir_all(parent).map_err(io_at(parent))?;
    let _turn = lock(parent).map_err(io_at(parent))?;
    recover_interrupted_swap(parent, &name, target).map_err(io_at(parent))?;
    check_replaceable(target, &shown, protected)?;
    remove_stale_staging(parent, &name).map_err(io_at(parent))?;

    let staging = tempfile::Builder::new()
        .prefix(&format!("{NEW_PREFIX}{name}-"))
        .tempdir_in(parent)
        .map_err(io_at(parent))?;
    for (relative, contents) in files {
        let path = staging.path().join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_at(dir))?;
        }
        fs::write(&path, contents).map_err(io_at(&path))?;
    }
    if target.symlink_metadata().is_err() {
        fs::rename(staging.path(), target).map_err(io_at(target))?;
        // Renamed away: nothing left for the guard to remove.
        let _ = staging.keep();
        return Ok(());
    }
    // From here the staging directory holds the old output after the swap;
    // dropping the guard removes it.
    swap(staging.path(), target, parent, &name).map_err(io_at(target))
}

/// Refuses a target that is not missing, empty or marked as generated.
fn check_replaceable(
    target: &Path,
    shown: &str,
    protected: &[Protected<'_>],
) -> Result<(), OutputError> {
    let metadata = match target.symlink_metadata() {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(OutputError::Io {
                path: shown.to_owned(),
                source,
            })
        }
    };
    if metadata.file_type().is_symlink() {
        return Err(OutputError::Symlink {
            target: shown.to_owned(),
        });
    }
    if !metadata.is_dir() {
        return Err(OutputError::NotADirectory {
            target: shown.to_owned(),
        });
    }
    let io_error = |source| OutputError::Io {
        path: shown.to_owned(),
        source,
    };
    let canonical = target.canonicalize().map_err(io_error)?;
    for p in protected {
        let inside = p
            .path
            .canonicalize()
            .is_ok_and(|path| path.starts_with(&canonical));
        if inside {
            return Err(OutputError::ContainsProtected {
                target: shown.to_owned(),
                what: p.what,
                path: crate::workspace::display(p.path),
            });
        }
    }
    if is_marked(target) || is_empty_dir(target).map_err(io_error)? {
        Ok(())
    } else {
        Err(OutputError::NotGenerated {
            target: shown.to_owned(),
            marker: OUTPUT_MARKER,
        })
    }
}

/// Whether `dir` holds the marker as a regular file that starts as the
/// generator writes it.
fn is_marked(dir: &Path) -> bool {
    let marker = dir.join(OUTPUT_MARKER);
    let first_line = OUTPUT_MARKER_TEXT.lines().next().unwrap_or_default();
    marker.symlink_metadata().is_ok_and(|m| m.is_file())
        && fs::read_to_string(&marker).is_ok_and(|text| text.starts_with(first_line))
}

fn is_empty_dir(dir: &Path) -> io::Result<bool> {
    Ok(fs::read_dir(dir)?.next().is_none())
}

/// A staging directory of an earlier run for the target called `name`.
fn is_staging_for(entry: &str, name: &str, prefix: &str) -> bool {
    entry
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(name))
        .is_some_and(|rest| rest.starts_with('-'))
}

fn staging_dirs(parent: &Path, name: &str, prefix: &str) -> io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(parent)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| is_staging_for(&e.file_name().to_string_lossy(), name, prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    Ok(found)
}

/// A run that died between the fallback's two renames left no target and
/// the old output in `.codegen-old-<name>-*`: put it back.
fn recover_interrupted_swap(parent: &Path, name: &str, target: &Path) -> io::Result<()> {
    if target.symlink_metadata().is_ok() {
        return Ok(());
    }
    if let Some(old) = staging_dirs(parent, name, OLD_PREFIX)?
        .into_iter()
        .find(|dir| is_marked(dir))
    {
        eprintln!(
            "warning: {} was left half-replaced by an interrupted run; restoring the previous output",
            crate::workspace::display(target)
        );
        fs::rename(old, target)?;
    }
    Ok(())
}

/// Removes what earlier runs left beside the target: only directories that
/// hold the marker or nothing, so a user's own `.codegen-old-notes` stays.
fn remove_stale_staging(parent: &Path, name: &str) -> io::Result<()> {
    for prefix in [NEW_PREFIX, OLD_PREFIX] {
        for dir in staging_dirs(parent, name, prefix)? {
            if is_marked(&dir) || is_empty_dir(&dir)? {
                fs::remove_dir_all(&dir)?;
            }
        }
    }
    Ok(())
}

/// Puts `staged` at `target` and the old `target` at `staged`.
fn swap(staged: &Path, target: &Path, parent: &Path, name: &str) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // The file system or kernel cannot exchange: fall back.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    swap_by_two_renames(staged, target, parent, name)
}

/// The portable swap: target → `.codegen-old-*`, staged → target, old →
/// staged. A crash after the first rename is repaired by
/// [`recover_interrupted_swap`] on the next run.
fn swap_by_two_renames(staged: &Path, target: &Path, parent: &Path, name: &str) -> io::Result<()> {
    let old = tempfile::Builder::new()
        .prefix(&format!("{OLD_PREFIX}{name}-"))
        .tempdir_in(parent)?
        .keep();
    fs::remove_dir(&old)?;
    fs::rename(target, &old)?;
    if let Err(error) = fs::rename(staged, target) {
        fs::rename(&old, target)?;
        return Err(error);
    }
    fs::rename(&old, staged)
}

/// Holds an exclusive lock on `dir` while alive (Unix; elsewhere nothing).
#[cfg(unix)]
fn lock(dir: &Path) -> io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::{flock, open, FlockOperation, Mode, OFlags};
    let fd = open(
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    flock(&fd, FlockOperation::LockExclusive)?;
    Ok(fd)
}

#[cfg(not(unix))]
fn lock(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked_dir(path: &Path, content: &str) {
        fs::create_dir_all(path).expect("create dir");
        fs::write(path.join(OUTPUT_MARKER), OUTPUT_MARKER_TEXT).expect("marker");
        fs::write(path.join("lib.rs"), content).expect("file");
    }

    fn files(content: &str) -> Vec<(&Path, &str)> {
        vec![
            (Path::new(OUTPUT_MARKER), OUTPUT_MARKER_TEXT),
            (Path::new("lib.rs"), content),
        ]
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_run_killed_between_the_fallback_renames_is_repaired_by_the_next_run() {
        let temp = tempfile::tempdir().expect("tempdir");
        let target = temp.path().join("sdk");
        marked_dir(&target, "old");
        let staged = temp.path().join(".codegen-new-sdk-x");
        marked_dir(&staged, "new");
        // The first of the two renames, then the process dies.
        fs::rename(&target, temp.path().join(".codegen-old-sdk-y")).expect("rename");
        assert!(!target.exists());

        replace(&target, files("newer"), &[]).expect("next run");
        assert_eq!(
            fs::read_to_string(target.join("lib.rs")).expect("lib.rs"),
            "newer"
        );
        assert_eq!(entries(temp.path()), ["sdk"], "staging directories left");
    }

    #[test]
    fn the_portable_swap_exchanges_the_directories() {
        let temp = tempfile::tempdir().expect("tempdir");
        let target = temp.path().join("sdk");
        let staged = temp.path().join(".codegen-new-sdk-x");
        marked_dir(&target, "old");
        marked_dir(&staged, "new");
        swap_by_two_renames(&staged, &target, temp.path(), "sdk").expect("swap");
        let read = |dir: &Path| fs::read_to_string(dir.join("lib.rs")).expect("lib.rs");
        assert_eq!(read(&target), "new");
        assert_eq!(read(&staged), "old");
        assert_eq!(entries(temp.path()), [".codegen-new-sdk-x", "sdk"]);
    }

    #[test]
    fn staging_directories_of_others_are_left_alone() {
        let temp = tempfile::tempdir().expect("tempdir");
        let target = temp.path().join("sdk");
        let notes = temp.path().join(".codegen-old-sdk-notes");
        fs::create_dir(&notes).expect("dir");
        fs::write(notes.join("todo.txt"), "mine").expect("file");
        marked_dir(
            &temp.path().join(".codegen-new-other-x"),
            "another target's",
        );
        replace(&target, files("new"), &[]).expect("run");
        assert_eq!(
            entries(temp.path()),
            [".codegen-new-other-x", ".codegen-old-sdk-notes", "sdk"]
        );
    }
}
