//! Why a mock could not start. Request input never produces one of these:
//! a request that breaks the spec is an answer, not an error.

use openapi_sdkgen::SpecError;

#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The spec could not be read, or its front end not built.
    #[error(transparent)]
    Spec(Box<SpecError>),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        #[source]
        source: std::io::Error,
    },
    /// `--webhook-url` was given for a spec that declares no signing.
    #[error("the spec has no supported x-webhook-signature ({0}), so webhooks cannot be signed")]
    Webhooks(String),
    #[error("cannot build the HTTP client for callbacks: {0}")]
    Client(#[source] reqwest::Error),
}

impl From<SpecError> for MockError {
    fn from(error: SpecError) -> Self {
        MockError::Spec(Box::new(error))
    }
}
