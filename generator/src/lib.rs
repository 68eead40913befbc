//! OpenAPI 3.0 → Rust SDK generator.
//!
//! The pipeline is visible in the module list: [`load`] reads and checks a
//! document; [`front`] reads it once into the API as the document states
//! it; from the front end, [`model`] builds a checked model of Rust types
//! and operations, which [`emit`] turns into formatted source, [`validate`]
//! translates schemas to JSON Schema, and [`diff`] compares two versions.
//! Only `load` and `front` read the document itself.
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
