//! `cargo xtask validate`: JSON payloads checked against a spec.
//!
//! Exit codes: 0 every file is valid, 1 some file is invalid, 2 usage or
//! spec error, 3 some file is not JSON, 4 some file could not be read
//! (missing, unreadable, not a regular file, over 256 MiB). The highest
//! wins: a file that cannot be read or parsed was not checked at all, which
//! usually means the pipeline producing the payloads is broken, and that
//! must not pass for "only" a contract violation. Every file is still
//! checked and reported.
//!
//! Only regular files are read. In a directory, a `*.json` entry that is
//! a FIFO, a device or a socket (or a link to one) is skipped with a
//! warning on stderr; named on the command line, it is reported as
//! unreadable. Links to directories are not followed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapi_sdkgen::front::MediaType;
use openapi_sdkgen::validate::report::printable;
use openapi_sdkgen::validate::{
    payload, report, FileReport, Format, Options, Outcome, Target, Unreadable, ValidateError,
    Validator, Verdict,
};

#[derive(Debug, clap::Args)]
#[command(
    about = "Check JSON payloads against a spec's schemas",
    long_about = "Check JSON payloads against the request, a response or a callback body of an \
        operation, or against a named component schema. An operation is named by its \
        operationId or as \"METHOD /path\" (\"POST /pets\").\n\n\
        Every violation of every file is reported with its line, column and JSON pointer. A \
        directory stands for every *.json and *.form file below it, in sorted order. A *.form \
        file (or every file, with --media-type application/x-www-form-urlencoded) is a form \
        body, decoded as the SDK encodes it (nested fields as outer[inner]=value) and typed by \
        the schema; its violations have pointers but no positions.\n\n\
        Only regular files are read, at most 256 MiB each, nested at most 127 deep. In a \
        directory, *.json entries that are FIFOs, devices or sockets are skipped with a \
        warning; named explicitly, they are reported as unreadable.\n\n\
        Exit codes: 0 all valid, 1 some file invalid, 2 usage or spec error, 3 some file is not \
        JSON, 4 some file could not be read (missing, unreadable, not a regular file, too \
        large). The highest wins; the other files are still checked.\n\n\
        Examples:\n  \
        cargo xtask validate --spec spec/paymentoptions.yaml --operation createTokenPayment payload.json\n  \
        cargo xtask validate --spec spec/paymentoptions.yaml --operation createTokenPayment --response 201 responses/\n  \
        cargo xtask validate --spec spec/paymentoptions.yaml --operation createThreeDsPayment --callback paymentResult webhooks/\n  \
        cargo xtask validate --spec petstore.yaml --operation \"POST /pets\" pet.json\n  \
        cargo xtask validate --spec spec/komoju.yaml --operation createSecureToken body.form\n  \
        cargo xtask validate --spec spec/komoju.yaml --schema CreditCardDetails --strict --format github card.json"
)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["schema", "operation"])))]
pub struct Args {
    /// The OpenAPI 3.0 spec.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// Check against this schema of components.schemas (its key, exactly).
    #[arg(long, value_name = "NAME")]
    schema: Option<String>,
    /// Check against this operation's request body: its operationId, or
    /// "METHOD /path" as the spec writes the path.
    #[arg(long, value_name = "OPERATION_ID | \"METHOD /path\"")]
    operation: Option<String>,
    /// Check against the operation's response for this status instead.
    #[arg(
        long,
        value_name = "STATUS",
        requires = "operation",
        conflicts_with_all = ["callback", "schema"]
    )]
    response: Option<String>,
    /// Check against the body of the operation's callback instead.
    #[arg(
        long,
        value_name = "NAME",
        requires = "operation",
        conflicts_with = "schema"
    )]
    callback: Option<String>,
    /// Check the body in this media type (default: its JSON one, else its first).
    /// A form media type reads every file as a form.
    #[arg(long, value_name = "TYPE", requires = "operation")]
    media_type: Option<String>,
    /// Report properties the schema does not declare (JSON Schema allows them).
    #[arg(long)]
    strict: bool,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// JSON files, or directories to search for *.json files.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum FormatArg {
    /// `file:line:column: message [rule]`, then a summary line.
    Human,
    /// A versioned JSON document (`"version": 1`).
    Json,
    /// GitHub Actions annotations (`::error file=...`).
    Github,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
}

#[derive(Debug, thiserror::Error)]
pub enum ValidateCommandError {
    #[error(transparent)]
    Spec(#[from] openapi_sdkgen::SpecError),
    #[error(transparent)]
    Validate(#[from] ValidateError),
    #[error("{path}: no *.json or *.form files in this directory")]
    NoFiles { path: String },
    #[error("cannot write the report: {0}")]
    Output(#[source] std::io::Error),
}

/// Runs the command; errors go to stderr with exit code 2.
pub fn main(args: &Args) -> ExitCode {
    run(args).unwrap_or_else(|error| {
        eprintln!("error: {}", printable(&error.to_string()));
        ExitCode::from(2)
    })
}

fn run(args: &Args) -> Result<ExitCode, ValidateCommandError> {
    let spec = openapi_sdkgen::load::load(&args.spec)?;
    let validator = Validator::new(
        &spec,
        target(args),
        Options {
            strict: args.strict,
            media_type: args.media_type.as_deref().map(MediaType::parse),
        },
    )?;
    for warning in validator.warnings() {
        eprintln!("{warning}");
    }
    let mut files = Vec::new();
    for path in &args.paths {
        for found in payload_files(path)? {
            files.push(match found {
                Found::File(file) => validator.check_file(&file, &shown(&file)),
                Found::Unreadable { dir, message } => FileReport {
                    file: shown(&dir),
                    outcome: Outcome::Unreadable(Unreadable { message }),
                },
            });
        }
    }
    let report = validator.report(files);
    crate::output::print(&report::render(&report, format(args.format)))
        .map_err(ValidateCommandError::Output)?;
    Ok(match report.verdict() {
        Verdict::AllValid => ExitCode::SUCCESS,
        Verdict::SomeInvalid => ExitCode::from(1),
        Verdict::SomeNotJson => ExitCode::from(3),
        Verdict::SomeUnreadable => ExitCode::from(4),
    })
}

fn target(args: &Args) -> Target {
    match (&args.schema, &args.operation) {
        (Some(name), _) => Target::Schema(name.clone()),
        (None, operation) => {
            // clap's `target` group guarantees one of the two.
            let operation = operation.clone().unwrap_or_default();
            match (&args.response, &args.callback) {
                (Some(status), _) => Target::Response {
                    operation,
                    status: status.clone(),
                },
                (None, Some(callback)) => Target::Callback {
                    operation,
                    callback: callback.clone(),
                },
                (None, None) => Target::Request { operation },
            }
        }
    }
}

pub(crate) fn format(format: FormatArg) -> Format {
    match format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
        FormatArg::Sarif => Format::Sarif,
    }
}

/// What a path on the command line stands for.
enum Found {
    /// A file to check (reading it may still fail: it is reported then).
    File(PathBuf),
    /// A directory below the one given that could not be listed.
    Unreadable { dir: PathBuf, message: String },
}

/// A path as given, or every `*.json` below a directory, sorted. A
/// directory without any is an error: a CI check that silently checks
/// nothing would pass forever.
fn payload_files(path: &Path) -> Result<Vec<Found>, ValidateCommandError> {
    if !fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        // A missing or special file is reported by the check itself.
        return Ok(vec![Found::File(path.to_path_buf())]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let unreadable = |error: std::io::Error| Found::Unreadable {
            dir: dir.clone(),
            message: error.to_string(),
        };
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) => {
                found.push(unreadable(error));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    found.push(unreadable(error));
                    continue;
                }
            };
            let entry_path = entry.path();
            // Links to directories are not followed: a link loop must not
            // hang CI.
            let file_type = entry.file_type().ok();
            if file_type.is_some_and(|t| t.is_dir()) {
                pending.push(entry_path);
            } else if entry_path
                .extension()
                .is_none_or(|e| e != "json" && e != "form")
            {
                continue;
            } else if file_type.is_some_and(|t| t.is_file()) {
                // Known from the directory listing: no `stat` needed.
                found.push(Found::File(entry_path));
            } else {
                // A link, or a FIFO, device or socket: look at what it is.
                match fs::metadata(&entry_path) {
                    Ok(target) if !target.is_file() => eprintln!(
                        "warning: {}: skipped, {} (only regular files are read)",
                        printable(&shown(&entry_path)),
                        payload::file_kind(&target.file_type())
                    ),
                    _ => found.push(Found::File(entry_path)),
                }
            }
        }
    }
    if found.is_empty() {
        return Err(ValidateCommandError::NoFiles { path: shown(path) });
    }
    found.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
    Ok(found)
}

fn sort_key(found: &Found) -> &Path {
    match found {
        Found::File(path) | Found::Unreadable { dir: path, .. } => path,
    }
}

/// A path as reports show it: as given, with `/` separators.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
