//! `cargo xtask probe`: a spec's documented requests sent to a server,
//! every answer checked against the spec.
//!
//! Exit codes: 0 every answer fits the spec, 1 some answer broke it, 2
//! usage or spec error (a production server without --allow-production,
//! an unknown --operation, nothing that could be sent), 4 the server did
//! not answer.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use openapi_sdkgen::validate::report::printable;
use openapi_sdkgen_mock::probe::{self, Credentials, ProbeError, ProbeOptions, ProbeVerdict};

use crate::validate::{format, FormatArg};

#[derive(Debug, clap::Args)]
#[command(
    about = "Send a spec's documented requests to a server and check every answer",
    long_about = "Send each documented request example of a spec to a server (its sandbox, or \
        `cargo xtask mock`) and check every answer against the spec: the status is documented \
        (exactly, by range, or default), the response's required headers are there and fit \
        their schemas, the Content-Type is one the response documents, and the body fits its \
        schema. Every mismatch is reported with its JSON pointer, in the formats of `cargo \
        xtask validate`; each request is named like `POST /secure_tokens#example`.\n\n\
        Requests: one per request body example (per media type), or one without a body where \
        the body is optional or absent; required parameters come from their example, else \
        their schema's example, default or first enum value, or --param. A path variable the \
        spec gives no value for is read from an earlier answer, the REST way: the variable's \
        property, else `id`, of the latest successful answer at its collection (`POST \
        /payments` answers the `id` of `/payments/{id}/capture`), so those operations are sent \
        after the others. With --generate, what is still missing (a required body without an \
        example, a parameter) is made from the schema, deterministic for each --seed. \
        Operations still without a value are skipped and listed; requests with values the spec \
        does not document are listed too.\n\n\
        Safety: a request holding a card number that is not a published test card is not \
        sent; a --server on the host of a server the spec calls production is refused unless \
        --allow-production; redirects are not followed. Credentials are read from the \
        environment only, one variable per security scheme: SDKGEN_PROBE_<SCHEME> (the \
        scheme's name upper-cased, other characters as _; HTTP basic as user:password), and \
        are masked in every report.\n\n\
        Exit codes: 0 every answer fits the spec, 1 some answer broke it, 2 usage or spec \
        error (a production server, an unknown operation, nothing could be sent), 4 the \
        server did not answer.\n\n\
        Examples:\n  \
        cargo xtask probe --spec spec/komoju.yaml --server http://127.0.0.1:4010\n  \
        SDKGEN_PROBE_AUTHORIZATION='Basic ...' SDKGEN_PROBE_APIKEY=... cargo xtask probe \\\n    \
        --spec spec/paymentoptions.yaml --server https://api-dev.paymentoptions.com/api/v1 \\\n    \
        --operation getTransactionStatus --format github"
)]
pub struct Args {
    /// The OpenAPI 3.0 spec.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The server's base URL; each request's path is appended to it.
    #[arg(long, value_name = "URL")]
    server: String,
    /// Probe only this operation (operationId, or "METHOD /path"); repeatable.
    #[arg(long, value_name = "OPERATION_ID | \"METHOD /path\"")]
    operation: Vec<String>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Probe a server the spec describes as production.
    #[arg(long)]
    allow_production: bool,
    /// How long one request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// A value for every parameter of this name, in any location, used
    /// before the spec's own (an id that exists on the server); repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// Make required bodies and parameters the spec gives no value for
    /// from their schemas instead of skipping the operation.
    #[arg(long)]
    generate: bool,
    /// The seed of --generate: the same seed sends the same values.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "generate")]
    seed: u64,
}

/// `NAME=VALUE`, split at the first `=`.
fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!(
            "expected NAME=VALUE (such as id=pay_123), found `{text}`"
        )),
    }
}

pub fn main(args: &Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(args)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", printable(&error.to_string()));
            ExitCode::from(match error {
                ProbeError::Unreachable(_) => 4,
                _ => 2,
            })
        }
    }
}

async fn run(args: &Args) -> Result<ExitCode, ProbeError> {
    let spec = openapi_sdkgen::load::load(&args.spec)?;
    crate::output::warn(&spec.warnings);
    let api = openapi_sdkgen::front::read_api(&spec)?;
    let options = ProbeOptions {
        server: args.server.clone(),
        operations: args.operation.clone(),
        allow_production: args.allow_production,
        credentials: Credentials::from_env(&api),
        timeout: Duration::from_secs(args.timeout),
        given: args.params.iter().cloned().collect(),
        generate: args.generate.then_some(args.seed),
    };
    let report = probe::probe(&spec, &args.spec.display().to_string(), &options).await?;
    for warning in &report.warnings {
        eprintln!("warning: {}", printable(warning));
    }
    if let Err(error) = crate::output::print(&probe::render(&report, format(args.format))) {
        eprintln!("error: cannot write the report: {error}");
        return Ok(ExitCode::from(2));
    }
    Ok(match report.verdict() {
        ProbeVerdict::AllFit => ExitCode::SUCCESS,
        ProbeVerdict::SomeBroke => ExitCode::from(1),
        ProbeVerdict::NothingSent => {
            eprintln!("error: no request could be sent (see the skipped and refused ones above)");
            ExitCode::from(2)
        }
    })
}
