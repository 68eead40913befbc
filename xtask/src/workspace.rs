//! Where things are in the checkout the command runs in.
//!
//! The checkout is the one around the working directory, never the one the
//! binary was built in: a copy of the binary (a CI cache, a shared target
//! directory) must check and write the checkout it is run in.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The working directory is not inside a git checkout.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} is not inside a git checkout (no .git there or above); run this command in the repository",
    .cwd.display()
)]
pub struct NoCheckout {
    pub cwd: PathBuf,
}

/// The working directory, read once: every path shown or protected is
/// judged against the same one.
pub fn current_dir() -> io::Result<&'static Path> {
    static CWD: OnceLock<Result<PathBuf, io::ErrorKind>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().map_err(|e| e.kind()))
        .as_deref()
        .map_err(|kind| io::Error::new(*kind, "cannot read the working directory"))
}

/// The root of the git checkout around the working directory: the nearest
/// directory at or above it that holds `.git` (a directory, or the file a
/// worktree has).
pub fn root() -> Result<&'static Path, NoCheckout> {
    static ROOT: OnceLock<Option<PathBuf>> = OnceLock::new();
    let found = ROOT.get_or_init(|| {
        let cwd = current_dir().ok()?;
        cwd.ancestors()
            .find(|dir| dir.join(".git").symlink_metadata().is_ok())
            .map(Path::to_path_buf)
    });
    found.as_deref().ok_or_else(|| NoCheckout {
        cwd: current_dir().map_or_else(|_| PathBuf::from("."), Path::to_path_buf),
    })
}

/// Shows `path` relative to the checkout when it is inside it.
pub fn display(path: &Path) -> String {
    let relative = match root() {
        Ok(root) => path.strip_prefix(root).unwrap_or(path),
        Err(_) => path,
    };
    relative.to_string_lossy().replace('\\', "/")
}

/// The OpenAPI files in `dir`, sorted by name.
pub fn spec_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
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

/// Every entry below `dir` that is not a directory, as paths relative to
/// it, sorted. Symbolic links are listed, not followed, so a link cycle
/// cannot make this loop.
pub fn list_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(base, &path, out)?;
            } else if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        walk(dir, dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// The runtime crate every generated crate depends on: `runtime/` in the
/// checkout around the working directory, else (a standalone crate made
/// outside any checkout) the one this binary was built with, whose
/// runtime matches the code it generates.
pub fn runtime_dir() -> Result<PathBuf, NoCheckout> {
    let around = root().map(|root| root.join("runtime"));
    if let Ok(dir) = &around {
        if dir.join("Cargo.toml").is_file() {
            return around;
        }
    }
    let built_with = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    if built_with.join("Cargo.toml").is_file() {
        return Ok(built_with);
    }
    around
}

/// `runtime/` as the crate to be written at `out` reaches it: a relative
/// path, so no machine's directories end up in a manifest. `out` need not
/// exist; the part of it that does is resolved through symbolic links.
pub fn runtime_path_from(out: &Path) -> Result<String, NoCheckout> {
    let runtime = runtime_dir()?;
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        current_dir().map_or_else(|_| out.to_path_buf(), |cwd| cwd.join(out))
    };
    let mut existing = out.as_path();
    let mut missing = Vec::new();
    while fs::canonicalize(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(missing.iter().rev());
    let runtime = fs::canonicalize(&runtime).unwrap_or(runtime);
    let relative = pathdiff::diff_paths(&runtime, &resolved).unwrap_or(runtime);
    Ok(relative.to_string_lossy().replace('\\', "/"))
}
