//! `cargo xtask mock`: serve a spec as a mock server on loopback.
//!
//! Exit codes: 0 stopped normally, 1 `--fail-on-invalid` and some request
//! broke the spec, 2 usage or spec error (or the port is taken).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use openapi_sdkgen_mock::{MockConfig, MockError, MockServer, WebhookTarget};

#[derive(Debug, clap::Args)]
#[command(
    about = "Serve a spec as a mock server on loopback",
    long_about = "Serve a spec as a mock server on 127.0.0.1: every request is routed by method \
        and path template, its credentials (presence), parameters and body are checked with the \
        validator of `cargo xtask validate`, and it is answered with the spec's example for the \
        success status (or one made from the schema, the same for the same --seed), or with \
        every violation (the documented 400 or 422). `Prefer: code=404, example=NAME` picks \
        another documented status or example. Resources created are kept in memory and can be \
        shown and acted on; callbacks are posted where the request says; with --webhook-url, \
        state changes are sent as webhooks signed as the spec's x-webhook-signature says.\n\n\
        Prints the URL it listens on to stdout, then one line per request with its verdict to \
        stderr; stops on Ctrl-C or SIGTERM.\n\n\
        Exit codes: 0 stopped, 1 --fail-on-invalid and some request broke the spec, 2 usage or \
        spec error.\n\n\
        Examples:\n  \
        cargo xtask mock --spec spec/paymentoptions.yaml --port 4010\n  \
        cargo xtask mock --spec spec/komoju.yaml --port 0 --fail-on-invalid \\\n    \
        --webhook-url http://127.0.0.1:3000/webhooks --webhook-secret whsec_test"
)]
pub struct Args {
    /// The OpenAPI 3.0 spec to serve.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one (printed on start).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Seed of the examples made from schemas.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Exit 1 at shutdown if any request broke the spec.
    #[arg(long)]
    fail_on_invalid: bool,
    /// Delay before a callback or webhook is sent, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 100)]
    callback_delay_ms: u64,
    /// Where to send signed webhooks when a stored resource changes state.
    #[arg(long, value_name = "URL", requires = "webhook_secret")]
    webhook_url: Option<String>,
    /// The secret webhooks are signed with.
    #[arg(long, value_name = "SECRET", requires = "webhook_url")]
    webhook_secret: Option<String>,
}

pub fn main(args: &Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

async fn serve(args: &Args) -> Result<ExitCode, MockError> {
    if let Some(url) = &args.webhook_url {
        if !is_http_url(url) {
            return Err(MockError::Webhooks(format!(
                "--webhook-url `{url}` is not an http(s) URL"
            )));
        }
    }
    let config = MockConfig {
        seed: args.seed,
        callback_delay: Duration::from_millis(args.callback_delay_ms),
        webhook: match (&args.webhook_url, &args.webhook_secret) {
            (Some(url), Some(secret)) => Some(WebhookTarget {
                url: url.clone(),
                secret: secret.clone(),
            }),
            _ => None,
        },
        log_to_stderr: true,
        ..MockConfig::default()
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let mock = MockServer::start_file(&args.spec, address, config).await?;
    for warning in mock.warnings() {
        eprintln!("warning: {warning}");
    }
    println!("{}", mock.url());
    eprintln!(
        "serving {} on {} (Ctrl-C stops)",
        args.spec.display(),
        mock.url()
    );
    stopped().await;
    let (_, tally) = mock.stop_with_tally().await;
    let broken = tally.broke_spec;
    eprintln!("{} requests, {broken} broke the spec", tally.requests);
    Ok(if args.fail_on_invalid && broken > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An `http://` or `https://` URL with a host.
fn is_http_url(url: &str) -> bool {
    url.strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stopped() {
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
