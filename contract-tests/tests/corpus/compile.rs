//! Every generated crate as one cargo workspace: linted once, offline,
//! with warnings denied, and the errors sorted back to their crates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::generate::GeneratedCrate;

/// What clippy said about one crate.
#[derive(Debug, Default)]
pub struct LintResult {
    /// `ok`, or `fails (<n> errors): <first error>` for the generated code.
    pub library: String,
    /// No rustc error, only lints denied by `-D warnings`: the crate still
    /// builds, so its examples can run.
    pub builds: bool,
    /// The first error in the harness's `tests/examples.rs`, if any.
    pub examples_test: Option<String>,
}

/// Errors of one crate, in the order rustc reported them, each once (the
/// library and its unit-test build report the same error twice).
#[derive(Default)]
struct Errors {
    library: Vec<String>,
    /// A library error that is not a lint (E-codes, or no code at all).
    library_hard: bool,
    examples_test: Vec<String>,
    seen: BTreeSet<String>,
}

pub fn lint_workspace(
    crates_dir: &Path,
    crates: &[GeneratedCrate],
    lock: &Path,
    target: &Path,
) -> BTreeMap<String, LintResult> {
    if crates.is_empty() {
        return BTreeMap::new();
    }
    write_workspace(crates_dir, crates, lock);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .args([
            "clippy",
            "--offline",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--keep-going",
            "--message-format=json",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(crates_dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap_or_else(|e| panic!("cargo clippy does not run: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut errors: BTreeMap<String, Errors> = BTreeMap::new();
    for message in stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
    {
        collect_error(&message, &mut errors);
    }
    if !output.status.success() && errors.is_empty() {
        panic!(
            "cargo clippy failed on the corpus workspace without a compiler error:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    crates
        .iter()
        .map(|c| {
            let found = errors.remove(&c.name).unwrap_or_default();
            (c.name.clone(), found.into_result())
        })
        .collect()
}

fn write_workspace(crates_dir: &Path, crates: &[GeneratedCrate], lock: &Path) {
    let members: Vec<String> = crates
        .iter()
        .map(|c| format!("    {:?},", c.name))
        .collect();
    let manifest = format!(
        "# Written by contract-tests/tests/corpus: every corpus crate that generated.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n",
        members.join("\n")
    );
    std::fs::write(crates_dir.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    // The repository's lock file pins the dependencies generated crates
    // use, so the build works offline with what is already downloaded.
    std::fs::copy(lock, crates_dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// Files the harness writes into a generated crate; errors there are the
/// harness's test failing to compile, not the generated code.
const EXAMPLES_TEST: &str = "tests/examples.rs";

fn collect_error(message: &Value, errors: &mut BTreeMap<String, Errors>) {
    if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
        return;
    }
    let Some(span) = message["message"]["spans"]
        .as_array()
        .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
    else {
        // "aborting due to N previous errors" and the like.
        return;
    };
    let Some(crate_name) = message["manifest_path"]
        .as_str()
        .map(Path::new)
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
    else {
        return;
    };
    let code = message["message"]["code"]["code"]
        .as_str()
        .unwrap_or("error");
    let text = message["message"]["message"].as_str().unwrap_or_default();
    let file = span["file_name"].as_str().unwrap_or_default();
    // Relative to the workspace for members (`<crate>/src/...`); a path
    // outside it (a dependency's macro) is shown by its file name only.
    let file = file
        .strip_prefix(&format!("{crate_name}/"))
        .unwrap_or_else(|| file.rsplit('/').next().unwrap_or(file));
    let line = span["line_start"].as_u64().unwrap_or_default();
    let shown = format!("{code}: {} ({file}:{line})", first_line(text));
    let entry = errors.entry(crate_name.to_owned()).or_default();
    if entry.seen.insert(shown.clone()) {
        if file == EXAMPLES_TEST {
            entry.examples_test.push(shown);
        } else {
            entry.library_hard |= !is_lint(code);
            entry.library.push(shown);
        }
    }
}

/// Lints are named (`dead_code`, `clippy::needless_return`); rustc's own
/// errors have an `E` code or none.
fn is_lint(code: &str) -> bool {
    !(code == "error"
        || code
            .strip_prefix('E')
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

impl Errors {
    fn into_result(self) -> LintResult {
        let library = match self.library.as_slice() {
            [] => "ok".to_owned(),
            [only] => format!("fails (1 error): {only}"),
            [first, ..] => format!("fails ({} errors): {first}", self.library.len()),
        };
        LintResult {
            builds: !self.library_hard,
            library,
            examples_test: self.examples_test.into_iter().next(),
        }
    }
}
