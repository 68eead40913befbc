//! A mock server driven by an OpenAPI 3.0 document: it routes each
//! request to its operation, checks its credentials (presence), parameters
//! and body with the validator `cargo xtask validate` uses, and answers a
//! valid request with the spec's example for the status (or one made from
//! the schema), an invalid one with every violation. Resources created
//! can be shown and acted on ([`state`](crate::state) has the rule),
//! callbacks are posted where the request says, and state changes become
//! signed webhooks for specs that declare `x-webhook-signature`.
//!
//! ```no_run
//! # async fn run() -> Result<(), openapi_sdkgen_mock::MockError> {
//! use openapi_sdkgen_mock::{MockConfig, MockServer};
//! let mock = MockServer::start_file(
//!     "spec/komoju.yaml".as_ref(),
//!     "127.0.0.1:0".parse().expect("an address"),
//!     MockConfig::default(),
//! )
//! .await?;
//! println!("listening on {}", mock.url());
//! let (latest, tally) = mock.stop_with_tally().await;
//! assert!(latest.iter().all(|r| !r.verdict.breaks_spec()));
//! // The log keeps the latest requests; the tally counts every one.
//! assert_eq!(tally.broke_spec, 0);
//! # Ok(())
//! # }
//! ```
//!
//! Modules, one job each: [`routes`] (method and path template →
//! operation), `plan` (what is prepared per operation at start-up),
//! `check` (parameters, credentials, body), `respond` (status and example,
//! `Prefer`), `generate` (examples from schemas), `state` (resources),
//! `expressions` (runtime expressions), `callbacks` and `webhooks`
//! (messages the mock sends), `answers` (HTTP answers), `server` (HTTP),
//! `faults` (answers that break the spec on purpose, [`Fault`]).
//!
//! [`probe`] is the other side of contract testing: it sends a spec's
//! documented requests to a server (this mock or a provider's sandbox)
//! and checks every answer against the spec.

mod answers;
mod callbacks;
mod check;
mod error;
mod examples;
mod expressions;
mod faults;
mod generate;
mod log;
mod pattern_text;
mod plan;
pub mod probe;
mod respond;
pub mod routes;
mod server;
pub mod state;
mod webhooks;

pub use error::MockError;
pub use faults::Fault;
pub use log::{Delivery, Issue, RequestRecord, Tally, Verdict, LOG_CAPACITY};
pub use server::{MockConfig, MockHandle, MockServer, MAX_BODY_BYTES};
pub use webhooks::{sign, WebhookTarget};
