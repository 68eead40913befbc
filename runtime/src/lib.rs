//! The part of every generated SDK that does not depend on its spec.
//!
//! A generated crate re-exports these modules (`crate::support`,
//! `crate::http`, ...), so its code reads as before; living here, they
//! are compiled once, as a dependency, instead of again after every
//! regeneration. The generator itself uses [`redact`], [`pattern`] and
//! [`formats`], so the SDK and the runtime validator mask secrets, match
//! patterns and check formats alike.
#![forbid(unsafe_code)]

pub mod codes;
pub mod formats;
#[cfg(feature = "client")]
pub mod http;
pub mod pattern;
pub mod redact;
pub mod support;
#[cfg(feature = "webhooks")]
pub mod webhooks;
