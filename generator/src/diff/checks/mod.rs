//! One module per rule family, as oasdiff's checker has them: operations
//! and paths, parameters, request bodies, responses (statuses, media
//! types, headers), schemas, security and servers.

mod bodies;
mod content;
mod lifecycle;
mod parameters;
mod paths;
mod responses;
pub(super) mod schema;
mod security;
mod servers;

pub use lifecycle::today;
pub use schema::MAX_COMPARE_DEPTH;

use super::Differ;

/// Compares everything in the two APIs.
pub(super) fn diff_api(d: &mut Differ<'_>) {
    servers::diff_servers(d);
    security::diff_document_security(d);
    paths::diff_operations(d);
    paths::diff_components(d);
}
