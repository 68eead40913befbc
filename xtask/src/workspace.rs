//! Where things are in this repository, and writing a directory whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Shows `path` relative to the root when it is inside it.
pub fn display(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The OpenAPI files in `spec/`, sorted by name.
pub fn spec_files() -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("spec"))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Writes `files` (relative path → contents) as the new contents of
/// `target`, all or nothing: everything is written to a sibling temporary
/// directory first, then swapped in with renames. If anything fails before
/// the swap, `target` is untouched.
pub fn replace_dir<'a>(
    target: &Path,
    files: impl IntoIterator<Item = (&'a Path, &'a str)>,
) -> io::Result<()> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".codegen-new-")
        .tempdir_in(parent)?;
    for (relative, contents) in files {
        let path = staging.path().join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, contents)?;
    }
    let staged = staging.keep();
    if target.exists() {
        let old = tempfile::Builder::new()
            .prefix(".codegen-old-")
            .tempdir_in(parent)?
            .keep();
        fs::remove_dir(&old)?;
        fs::rename(target, &old)?;
        if let Err(error) = fs::rename(&staged, target) {
            // Put the previous version back before reporting.
            fs::rename(&old, target)?;
            let _ = fs::remove_dir_all(&staged);
            return Err(error);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&staged, target)?;
    }
    Ok(())
}

/// Every file below `dir`, as paths relative to it, sorted.
pub fn list_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}
