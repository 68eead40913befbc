//! Git for tests that need a repository: a committer of its own and no
//! signing, so a machine's git configuration cannot make a test fail.

use std::path::Path;
use std::process::Command;

/// Runs `git args` in `dir` and fails the test if git does.
pub fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
