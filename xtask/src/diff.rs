//! `cargo xtask diff`: what a spec change means for clients and for the
//! SDK, for pull-request review and for CI to stop breaking changes.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use openapi_sdkgen::diff::report::{self, Format};
use openapi_sdkgen::diff::{diff_models_on, parse_date, today, Date, DiffReport, Level, Side};
use openapi_sdkgen::{SpecError, Warning};

mod git_files;
use git_files::GitFiles;

/// Bases tried, in order, when `--base` is not given.
const DEFAULT_BASES: [&str; 2] = ["origin/main", "main"];

#[derive(Debug, clap::Args)]
#[command(
    about = "Explain API changes between two versions of the specs",
    long_about = "Explain what changed in the API for its clients, and in the generated SDK's \
        public Rust API, between two versions of the specs.\n\n\
        Without OLD and NEW, compares every spec in spec/ at the merge base of HEAD with \
        origin/main (falling back to main, or the ref given with --base) against the working \
        tree. With OLD and NEW, compares two OpenAPI 3.0 files; each is a path, or REF:path to \
        read the file from git.\n\n\
        Each change has a rule id, a level (error: breaks clients, warning: may break, info: \
        safe) and the spec line it is at. Exit codes: 0 nothing at the --fail-on level, 1 a \
        change at that level or above, 2 a usage, git or spec error.\n\n\
        Examples:\n  cargo xtask diff\n  cargo xtask diff --base origin/release --format markdown > diff.md\n  \
        cargo xtask diff HEAD~1:spec/komoju.yaml spec/komoju.yaml\n  \
        cargo xtask diff old.yaml new.yaml --format json --fail-on warning"
)]
pub struct Args {
    /// The old version: a path, or REF:path read from git.
    #[arg(requires = "new", value_name = "OLD")]
    old: Option<String>,
    /// The new version: a path, or REF:path read from git.
    #[arg(value_name = "NEW")]
    new: Option<String>,
    /// Compare spec/ at the merge base with this ref [default: origin/main, else main].
    #[arg(long, value_name = "REF", conflicts_with = "old")]
    base: Option<String>,
    /// text for people, markdown for a pull-request comment, json for tools,
    /// github for workflow annotations.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Exit 1 when a change at this level or above exists.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// The day x-sunset dates are compared with (YYYY-MM-DD) [default: today, UTC].
    /// A deprecated operation removed before its sunset breaks clients.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    today: Option<Date>,
}

fn parse_day(text: &str) -> Result<Date, String> {
    parse_date(text).ok_or_else(|| format!("expected a date as YYYY-MM-DD, got {text:?}"))
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
    Json,
    Github,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Spec(Box<SpecError>),
    #[error("`git {command}` failed: {message}")]
    Git { command: String, message: String },
    #[error("no base to compare with: {tried} not found (fetch it, or pass --base REF)")]
    NoBase { tried: String },
    #[error("no OpenAPI files (*.yaml) in spec/, neither at {base} nor in the working tree")]
    NoSpecs { base: String },
    #[error("cannot write the report: {0}")]
    Output(io::Error),
}

impl From<SpecError> for DiffError {
    fn from(error: SpecError) -> Self {
        DiffError::Spec(Box::new(error))
    }
}

/// Runs the command; errors are printed here, as every command prints
/// them, with exit code 2.
pub fn main(args: &Args) -> ExitCode {
    match run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, DiffError> {
    let day = args.today.unwrap_or_else(today);
    let (reports, base) = match (&args.old, &args.new) {
        (Some(old), Some(new)) => {
            let (old, new) = both(|| load_side(old), || load_side(new))?;
            (vec![diff_models_on(&old, &new, day)?], None)
        }
        _ => {
            // The text report names the base itself; other formats go to
            // files or tools, so the person watching learns it here.
            let announce = !matches!(args.format, FormatArg::Text);
            let (reports, base) = diff_workspace(args.base.as_deref(), announce, day)?;
            (reports, Some(base))
        }
    };
    let output = report::render(args.format.into(), &reports, base.as_deref());
    crate::output::print(&output).map_err(DiffError::Output)?;
    let threshold = match args.fail_on {
        FailOn::Error => Level::Error,
        FailOn::Warning => Level::Warning,
    };
    Ok(if report::has_level_at_least(&reports, threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `path` or `REF:path`. A path that exists wins, so a file name with a
/// colon in it still works.
/// A side, and the warnings loading it gave (printed by [`both`]).
type Loaded = (Side, Vec<Warning>);

/// Builds the old and the new side at once, one per core (each is loaded,
/// read and modelled on its own), then prints their warnings, the old
/// side's first, so the output is the same as one after the other.
fn both(
    old: impl FnOnce() -> Result<Loaded, DiffError> + Send,
    new: impl FnOnce() -> Result<Loaded, DiffError>,
) -> Result<(Side, Side), DiffError> {
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(old);
        let new = new();
        (old.join(), new)
    });
    let old = old.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let ((old, old_warnings), (new, new_warnings)) = (old?, new?);
    crate::output::warn(&old_warnings);
    crate::output::warn(&new_warnings);
    Ok((old, new))
}

fn load_side(arg: &str) -> Result<Loaded, DiffError> {
    match arg.split_once(':') {
        Some((rev, path)) if !rev.is_empty() && !Path::new(arg).exists() => {
            let text = git(None, &["show", END_OF_OPTIONS, &format!("{rev}:{path}")])?;
            let files = GitFiles {
                repository: None,
                revision: rev,
                spec_path: path,
            };
            modelled(arg, path, &text, &files)
        }
        _ => {
            let spec = openapi_sdkgen::load::load(Path::new(arg))?;
            let side = Side::from_spec(&spec, &arg.replace('\\', "/"))?;
            Ok((side, spec.warnings))
        }
    }
}

/// Loads spec text; `label` names it in messages (`REF:path` for git).
/// The files it references are read from the same revision.
fn modelled(
    label: &str,
    path: &str,
    text: &str,
    files: &GitFiles<'_>,
) -> Result<Loaded, DiffError> {
    let spec = openapi_sdkgen::load::load_with(Path::new(label), text, files)?;
    let side = Side::from_spec(&spec, &path.replace('\\', "/"))?;
    Ok((side, spec.warnings))
}

/// Every spec in `spec/` at the merge base against the working tree.
fn diff_workspace(
    base: Option<&str>,
    announce: bool,
    day: Date,
) -> Result<(Vec<DiffReport>, String), DiffError> {
    let root = PathBuf::from(git(None, &["rev-parse", "--show-toplevel"])?.trim());
    let (base_ref, tried) = pick_base(&root, base)?;
    let merge_base = git(
        Some(&root),
        &["merge-base", END_OF_OPTIONS, &base_ref, "HEAD"],
    )?
    .trim()
    .to_owned();
    let short: String = merge_base.chars().take(7).collect();
    let base_label = if tried.is_empty() {
        format!("{base_ref} (merge base {short})")
    } else {
        format!("{base_ref} ({tried} not found; merge base {short})")
    };
    if announce {
        eprintln!("Comparing spec/ in the working tree with {base_label}.");
    }

    let listing = git(
        Some(&root),
        &[
            "ls-tree",
            "--name-only",
            END_OF_OPTIONS,
            &merge_base,
            "--",
            "spec/",
        ],
    )?;
    let old_paths: BTreeSet<String> = listing
        .lines()
        .filter(|p| is_spec(p))
        .map(str::to_owned)
        .collect();
    let mut new_paths = BTreeSet::new();
    if let Ok(entries) = fs::read_dir(root.join("spec")) {
        for entry in entries.flatten() {
            if let Some(name) = entry.file_name().to_str() {
                let path = format!("spec/{name}");
                if is_spec(&path) && entry.path().is_file() {
                    new_paths.insert(path);
                }
            }
        }
    }
    let all: BTreeSet<&String> = old_paths.iter().chain(&new_paths).collect();
    if all.is_empty() {
        return Err(DiffError::NoSpecs { base: base_label });
    }
    let mut reports = Vec::new();
    for path in all {
        let old_label = format!("{short}:{path}");
        let old = || {
            if !old_paths.contains(path) {
                return Ok((Side::absent(&old_label, path), Vec::new()));
            }
            let revision = format!("{merge_base}:{path}");
            let text = git(Some(&root), &["show", END_OF_OPTIONS, &revision])?;
            let files = GitFiles {
                repository: Some(&root),
                revision: &merge_base,
                spec_path: path,
            };
            modelled(&old_label, path, &text, &files)
        };
        let new = || {
            if !new_paths.contains(path) {
                return Ok((Side::absent(path, path), Vec::new()));
            }
            // Messages name the file relative to the repository.
            // The file may be one the spec references, not the spec itself.
            let mut spec = openapi_sdkgen::load::load(&root.join(path)).map_err(|mut e| {
                e.file = e.file.strip_prefix(&root).unwrap_or(&e.file).to_path_buf();
                e
            })?;
            spec.rename(path);
            let side = Side::from_spec(&spec, path)?;
            Ok((side, spec.warnings))
        };
        let (old, new) = both(old, new)?;
        reports.push(diff_models_on(&old, &new, day)?);
    }
    Ok((reports, base_label))
}

fn is_spec(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// The base ref to use, and the default refs tried before it that did not
/// exist (empty when the first choice was there).
fn pick_base(root: &Path, base: Option<&str>) -> Result<(String, String), DiffError> {
    let candidates: Vec<&str> = match base {
        Some(base) => vec![base],
        None => DEFAULT_BASES.to_vec(),
    };
    let mut missing = Vec::new();
    for candidate in &candidates {
        let probe = git(
            Some(root),
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                END_OF_OPTIONS,
                &format!("{candidate}^{{commit}}"),
            ],
        );
        if probe.is_ok() {
            return Ok(((*candidate).to_owned(), missing.join(", ")));
        }
        missing.push(*candidate);
    }
    Err(DiffError::NoBase {
        tried: missing.join(" and "),
    })
}

/// Put before every revision handed to git: a revision comes from the
/// command line (or a CI variable) and must never be read as a flag
/// (`--output=FILE` would make `git show` write a file).
const END_OF_OPTIONS: &str = "--end-of-options";

/// Runs git (in `dir`, else the current directory) and returns stdout.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, DiffError> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let failed = |message: String| DiffError::Git {
        command: args.join(" "),
        message,
    };
    let output = command
        .args(args)
        .output()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        let message = if stderr.is_empty() {
            format!("exit status {}", output.status)
        } else {
            stderr
        };
        return Err(failed(message));
    }
    String::from_utf8(output.stdout).map_err(|_| failed("output is not UTF-8".into()))
}
