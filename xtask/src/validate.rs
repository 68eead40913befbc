//! `cargo xtask validate`: JSON payloads checked against a spec.
//!
//! Exit codes: 0 every file is valid, 1 some file is invalid, 2 usage or
//! spec error, 3 some file is not JSON. When files are both invalid and not
//! JSON, 3 wins: a file that cannot be parsed was not checked at all, which
//! usually means the pipeline producing the payloads is broken, and that
//! must not pass for "only" a contract violation.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapi_sdkgen::validate::{
    report, Format, Options, Target, ValidateError, Validator, Verdict,
};

#[derive(Debug, clap::Args)]
#[command(
    about = "Check JSON payloads against a spec's schemas",
    long_about = "Check JSON payloads against the request, a response or a callback body of an \
        operation, or against a named component schema.\n\n\
        Every violation of every file is reported with its line, column and JSON pointer. A \
        directory stands for every *.json file below it, in sorted order.\n\n\
        Exit codes: 0 all valid, 1 some file invalid, 2 usage or spec error, 3 some file is not \
        JSON (3 wins over 1; the other files are still checked).\n\n\
        Examples:\n  \
        cargo xtask validate --spec spec/paymentoptions.yaml --operation createTokenPayment payload.json\n  \
        cargo xtask validate --spec spec/paymentoptions.yaml --operation createTokenPayment --response 201 responses/\n  \
        cargo xtask validate --spec spec/paymentoptions.yaml --operation createThreeDsPayment --callback paymentResult webhooks/\n  \
        cargo xtask validate --spec spec/komoju.yaml --schema CreditCardDetails --strict --format github card.json"
)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["schema", "operation"])))]
pub struct Args {
    /// The OpenAPI 3.0 spec.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// Check against this schema of components.schemas.
    #[arg(long, value_name = "NAME")]
    schema: Option<String>,
    /// Check against this operation's request body (by operationId).
    #[arg(long, value_name = "OPERATION_ID")]
    operation: Option<String>,
    /// Check against the operation's response for this status instead.
    #[arg(
        long,
        value_name = "STATUS",
        requires = "operation",
        conflicts_with = "callback"
    )]
    response: Option<String>,
    /// Check against the body of the operation's callback instead.
    #[arg(long, value_name = "NAME", requires = "operation")]
    callback: Option<String>,
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
enum FormatArg {
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
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: no *.json files in this directory")]
    NoFiles { path: String },
}

/// Runs the command; errors go to stderr with exit code 2.
pub fn main(args: &Args) -> ExitCode {
    run(args).unwrap_or_else(|error| {
        eprintln!("error: {error}");
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
        },
    )?;
    let mut files = Vec::new();
    for path in &args.paths {
        for file in payload_files(path)? {
            files.push(validator.check_file(&file, &shown(&file))?);
        }
    }
    let report = validator.report(files);
    print!("{}", report::render(&report, format(args.format)));
    Ok(match report.verdict() {
        Verdict::AllValid => ExitCode::SUCCESS,
        Verdict::SomeInvalid => ExitCode::from(1),
        Verdict::SomeNotJson => ExitCode::from(3),
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

fn format(format: FormatArg) -> Format {
    match format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
        FormatArg::Sarif => Format::Sarif,
    }
}

/// A file as given, or every `*.json` below a directory, sorted. A
/// directory without any is an error: a CI check that silently checks
/// nothing would pass forever.
fn payload_files(path: &Path) -> Result<Vec<PathBuf>, ValidateCommandError> {
    let io_error = |source| ValidateCommandError::Io {
        path: shown(path),
        source,
    };
    if !fs::metadata(path).map_err(io_error)?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(io_error)? {
            let entry = entry.map_err(io_error)?;
            let entry_path = entry.path();
            // Links to directories are not followed: a link loop must not
            // hang CI.
            if entry.file_type().map_err(io_error)?.is_dir() {
                pending.push(entry_path);
            } else if entry_path.extension().is_some_and(|e| e == "json") {
                files.push(entry_path);
            }
        }
    }
    if files.is_empty() {
        return Err(ValidateCommandError::NoFiles { path: shown(path) });
    }
    files.sort();
    Ok(files)
}

/// A path as reports show it: as given, with `/` separators.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
