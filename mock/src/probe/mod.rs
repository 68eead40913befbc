//! The other half of contract testing: the provider against the spec. A
//! probe sends each documented request example of a spec to a server and
//! checks every answer against the spec (status, required headers,
//! Content-Type, body), reporting each mismatch with its pointer in the
//! formats of `cargo xtask validate`.
//!
//! Safe by construction ([`safety`]): a request holding a card number
//! that is not a published test card is not sent; a server the spec
//! calls production is refused unless allowed; credentials come from the
//! environment only and are masked in every report; redirects are not
//! followed.
//!
//! Files, one job each: `requests` (what to send), `safety`, `send`
//! (HTTP), `check` (an answer against the spec), `report` (the formats).

mod check;
mod report;
mod requests;
pub mod safety;
mod send;
mod values;

use std::collections::BTreeMap;
use std::time::Duration;

use openapi_sdkgen::front::{self, Api};
use openapi_sdkgen::validate::{FileReport, Options, Outcome, Report, Target, Validator};
use openapi_sdkgen::{Spec, SpecError};
use reqwest::Url;

pub use report::{render, Note, NoteKind, ProbeReport, ProbeVerdict};
pub use requests::{Body, Planned, ProbeRequest};
pub use safety::{Credentials, ProductionServer, TEST_CARDS};
pub use send::{Answer, NoAnswer, MAX_ANSWER_BYTES};
pub use values::{Fill, Learned};

/// What to probe, and how.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// The server's base URL: each request's path is appended to it.
    pub server: String,
    /// Operations to probe (operationId or `METHOD /path`); all when empty.
    pub operations: Vec<String>,
    /// Probe a server the spec calls production.
    pub allow_production: bool,
    pub credentials: Credentials,
    /// How long one request may take.
    pub timeout: Duration,
    /// Values for parameters, by name, used before the spec's own
    /// (`--param id=pay_123`): ids of resources that exist on the server.
    pub given: BTreeMap<String, String>,
    /// Make what the spec gives no value for from the schema, with this
    /// seed, instead of skipping the operation.
    pub generate: Option<u64>,
}

/// Why a probe could not run (its verdict is a [`ProbeReport`]).
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error(transparent)]
    Spec(Box<SpecError>),
    #[error("--server `{0}` is not an http(s) URL")]
    NotHttp(String),
    #[error("no operation `{name}` in the spec; the operations are: {}", .known.join(", "))]
    UnknownOperation { name: String, known: Vec<String> },
    #[error(
        "--server {server} is the spec's production server {} ({}); pass --allow-production to probe it",
        .production.url, .production.reason
    )]
    Production {
        server: String,
        production: ProductionServer,
    },
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    /// The server did not answer (refused, reset, timed out).
    #[error("no answer from {0}")]
    Unreachable(#[source] NoAnswer),
}

impl From<SpecError> for ProbeError {
    fn from(error: SpecError) -> Self {
        ProbeError::Spec(Box::new(error))
    }
}

/// Probes `options.server` with the requests of `spec` (shown as
/// `spec_label` in reports). Safety checks come first: nothing is sent to
/// a refused server, and no request that breaks a safety rule is sent.
pub async fn probe(
    spec: &Spec,
    spec_label: &str,
    options: &ProbeOptions,
) -> Result<ProbeReport, ProbeError> {
    let api = front::read_api(spec)?;
    let server = Url::parse(&options.server)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .ok_or_else(|| ProbeError::NotHttp(options.server.clone()))?;
    if !options.allow_production {
        if let Some(production) = safety::production_server(spec, &api, &server) {
            return Err(ProbeError::Production {
                server: options.server.clone(),
                production,
            });
        }
    }
    let chosen = chosen_operations(&api, &options.operations)?;
    let mut run = Run {
        spec,
        api: &api,
        client: send::client(options.timeout).map_err(ProbeError::Client)?,
        server,
        options,
        fill: Fill {
            given: options.given.clone(),
            generate: options.generate,
            ..Fill::default()
        },
        files: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
    };
    // Operations on an item (`/payments/{id}`) whose id the spec does not
    // give wait for the answers of the others (`POST /payments`).
    let mut waiting = Vec::new();
    for index in chosen {
        if !run.operation(index).await? {
            waiting.push(index);
        }
    }
    run.fill.last_round = true;
    for index in waiting {
        run.operation(index).await?;
    }
    let Run {
        files,
        notes,
        mut warnings,
        ..
    } = run;
    warnings.sort();
    warnings.dedup();
    let mut report = ProbeReport {
        server: options.server.clone(),
        answers: Report {
            spec: spec_label.to_owned(),
            // Unused: the machine formats name the server instead.
            target: Target::Schema(String::new()),
            strict: false,
            files,
        },
        notes,
        warnings,
    };
    report.mask(&options.credentials.secrets());
    Ok(report)
}

/// One probe run under way: what it sends with, and what it found.
struct Run<'a> {
    spec: &'a Spec,
    api: &'a Api,
    client: reqwest::Client,
    server: Url,
    options: &'a ProbeOptions,
    fill: Fill,
    files: Vec<FileReport>,
    notes: Vec<Note>,
    warnings: Vec<String>,
}

impl Run<'_> {
    /// Plans and sends the requests of operation `index`; `false` when it
    /// waits for a later round.
    async fn operation(&mut self, index: usize) -> Result<bool, ProbeError> {
        let operation = &self.api.operations[index];
        for planned in requests::plan(self.spec, self.api, index, operation, &self.fill) {
            match planned {
                Planned::Wait => return Ok(false),
                Planned::Skip { label, reason } => self.notes.push(Note {
                    request: label,
                    kind: NoteKind::Skipped,
                    message: reason,
                }),
                Planned::Send(request) => self.send(request).await?,
            }
        }
        Ok(true)
    }

    /// Sends one request, unless a safety rule keeps it back, and checks
    /// the answer.
    async fn send(&mut self, request: ProbeRequest) -> Result<(), ProbeError> {
        let (spec, api) = (self.spec, self.api);
        let operation = &api.operations[request.index];
        if let Some(card) = unsafe_card(&request) {
            self.notes.push(Note {
                request: request.label.clone(),
                kind: NoteKind::Refused,
                message: format!(
                    "not sent: it holds the card number {card}, which is not a published test card"
                ),
            });
            return Ok(());
        }
        if !request.undocumented.is_empty() {
            self.notes.push(Note {
                request: request.label.clone(),
                kind: NoteKind::Undocumented,
                message: format!("sent with {}", request.undocumented.join(", ")),
            });
        }
        let auth = send::authentication(api, operation, &self.options.credentials);
        if !auth.missing.is_empty() {
            let variables: Vec<String> = auth
                .missing
                .iter()
                .map(|s| safety::variable_name(s))
                .collect();
            self.notes.push(Note {
                request: request.label.clone(),
                kind: NoteKind::WithoutCredentials,
                message: format!("sent without credentials: {} not set", variables.join(", ")),
            });
        }
        let answer = send::send(&self.client, &self.server, &request, &auth)
            .await
            .map_err(ProbeError::Unreachable)?;
        self.fill
            .learned
            .record(operation.path.as_str(), answer.status, &answer.body);
        if let Some(note) = example_note(spec, api, &request, answer.status) {
            self.notes.push(note);
        }
        let findings = check::check(
            spec,
            api,
            operation,
            &request.operation,
            &answer,
            &mut self.warnings,
        );
        self.files.push(FileReport {
            file: request.label,
            outcome: if findings.is_empty() {
                Outcome::Valid
            } else {
                Outcome::Invalid(findings)
            },
        });
        Ok(())
    }
}

/// Indexes of the operations named (each at most once, in the spec's
/// order), or of all of them.
fn chosen_operations(api: &Api, names: &[String]) -> Result<Vec<usize>, ProbeError> {
    if names.is_empty() {
        return Ok((0..api.operations.len()).collect());
    }
    let mut chosen = Vec::new();
    for name in names {
        let found = api
            .find_operation(name)
            .and_then(|wanted| api.operations.iter().position(|o| std::ptr::eq(o, wanted)));
        let Some(index) = found else {
            return Err(ProbeError::UnknownOperation {
                name: name.clone(),
                known: api
                    .operations
                    .iter()
                    .map(|o| o.operation_id.clone().unwrap_or_else(|| o.label()))
                    .collect(),
            });
        };
        chosen.push(index);
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

/// A note when the request's documented body example breaks the spec's
/// own request schema: the server's refusal (KOMOJU's 422 to its JSON
/// example, whose `amount` is a string) is then the spec disagreeing
/// with itself, not the server breaking it.
fn example_note(spec: &Spec, api: &Api, request: &ProbeRequest, status: u16) -> Option<Note> {
    let body = request.body.as_ref()?;
    let target = Target::Request {
        operation: request.operation.clone(),
    };
    let options = Options {
        strict: false,
        media_type: Some(body.media_type.clone()),
    };
    let validator = Validator::for_api(spec, api, target, options).ok()?;
    let Outcome::Invalid(findings) = validator.check_bytes(&body.bytes) else {
        return None;
    };
    let broken: Vec<&str> = findings
        .iter()
        .map(|f| f.violation.message.as_str())
        .collect();
    Some(Note {
        request: request.label.clone(),
        kind: NoteKind::InvalidExample,
        message: format!(
            "the documented example breaks the spec's request schema ({}); answered {status}",
            broken.join("; ")
        ),
    })
}

/// The first card number in the request's path, query, headers or body
/// that is not a published test card, redacted.
fn unsafe_card(request: &ProbeRequest) -> Option<String> {
    let texts = std::iter::once(request.path.clone())
        .chain(request.query.iter().map(|(k, v)| format!("{k}={v}")))
        .chain(request.headers.iter().map(|(k, v)| format!("{k}: {v}")))
        .chain(
            request
                .body
                .iter()
                .map(|b| String::from_utf8_lossy(&b.bytes).into_owned()),
        );
    texts
        .into_iter()
        .find_map(|text| safety::unknown_card(&text))
}
