//! OpenAPI 3.0 → Rust SDK generator.
//!
//! The pipeline is visible in the module list: [`load`] reads and checks a
//! document, [`model`] turns it into a checked model of types and
//! operations, [`emit`] turns the model into formatted Rust source.
mod annotations;
pub mod error;
pub mod load;
pub mod text;

pub use error::{SpecError, SpecErrorKind, Warning};
pub use load::{load, Spec};
pub mod diff;
pub mod emit;
pub mod front;
pub mod model;
pub mod validate;

// Shared with every generated SDK, so both validators agree.
pub use openapi_sdkgen_runtime::{formats, pattern, redact};
