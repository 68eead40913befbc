//! Running the command line as users do.

#![allow(dead_code)] // each module uses the part it needs

use std::path::Path;
use std::process::{Command, Output};

/// Runs `xtask` with `args` in `dir`.
pub fn xtask_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("xtask runs")
}

/// Runs `xtask` with `args` in the repository root.
pub fn xtask(args: &[&str]) -> Output {
    xtask_in(&repo_root(), args)
}

/// stdout and stderr, together.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

pub fn repo_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}
