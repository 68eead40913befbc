//! The machine-readable report (`--format json`).
//!
//! The schema is stable: fields may be added, but a field is never renamed,
//! removed or given another meaning without raising `version`.
//!
//! ```text
//! {
//!   "version": 1,
//!   "base": "origin/main (merge base 1a2b3c4)" | null,   // where the old side came from
//!   "summary": Summary,                                  // over every spec
//!   "specs": [
//!     {
//!       "path": "spec/komoju.yaml",                      // repository path
//!       "old": "1a2b3c4:spec/komoju.yaml" | null,        // null: the spec is new
//!       "new": "spec/komoju.yaml" | null,                // null: the spec was removed
//!       "status": "added" | "removed" | "modified",
//!       "summary": Summary,
//!       "changes": [
//!         {
//!           "rule": "request-property-max-length-decreased",
//!           "level": "error" | "warning" | "info",
//!           "operation": "POST /secure_tokens" | null,   // null: API-wide (servers)
//!           "direction": "request" | "response" | null,
//!           "location": "request body /merchant_txn_ref",
//!           "message": "maxLength 45 → 40",
//!           "old": "45" | null,
//!           "new": "40" | null,
//!           "why": "one sentence for client developers",
//!           "old_source": Source | null,                 // null for additions
//!           "new_source": Source | null                  // for removals: the node that lost it
//!         }
//!       ],
//!       "surface": [                                     // the SDK's public API, by item
//!         {
//!           "change": "added" | "removed" | "changed",
//!           "item": "field komoju::SecureToken.id",
//!           "old": "field komoju::SecureToken.id: String (wire \"id\", required)" | null,
//!           "new": "..." | null
//!         }
//!       ],
//!       "surface_note": "why the SDK's public API was not compared"   // only when it was not
//!     }
//!   ]
//! }
//! Summary = { "errors": 0, "warnings": 0, "info": 0,
//!             "semver": { "bump": "major" | "minor" | "patch",
//!                         "bump_0x": "minor" | "patch" } }   // the same bump for a 0.x crate
//! Source  = { "file": "spec/komoju.yaml", "pointer": "/components/schemas/...", "line": 12 | null }
//! ```
//!
//! Specs and changes keep the order of the other formats; the output ends
//! with a newline.

use serde::Serialize;

use super::Summary;
use crate::diff::{Bump, Change, Counts, DiffReport, SpecStatus, SurfaceChange};

/// The schema version this module writes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    base: Option<&'a str>,
    summary: SummaryJson,
    specs: Vec<SpecJson<'a>>,
}

#[derive(Serialize)]
struct SummaryJson {
    errors: usize,
    warnings: usize,
    info: usize,
    semver: Semver,
}

#[derive(Serialize)]
struct Semver {
    bump: Bump,
    bump_0x: Bump,
}

#[derive(Serialize)]
struct SpecJson<'a> {
    path: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    status: SpecStatus,
    summary: SummaryJson,
    changes: &'a [Change],
    surface: &'a [SurfaceChange],
    #[serde(skip_serializing_if = "Option::is_none")]
    surface_note: Option<&'a str>,
}

fn summary(counts: Counts, bump: Bump) -> SummaryJson {
    SummaryJson {
        errors: counts.errors,
        warnings: counts.warnings,
        info: counts.info,
        semver: Semver {
            bump,
            bump_0x: bump.pre_1_0(),
        },
    }
}

pub fn render(reports: &[DiffReport], base: Option<&str>) -> String {
    let total = Summary::of(reports);
    let document = Document {
        version: VERSION,
        base,
        summary: summary(total.counts, total.bump),
        specs: reports
            .iter()
            .map(|r| SpecJson {
                path: &r.path,
                old: r.old.as_deref(),
                new: r.new.as_deref(),
                status: r.status(),
                summary: summary(r.counts(), r.bump()),
                changes: &r.changes,
                surface: &r.surface,
                surface_note: r.surface_note.as_deref(),
            })
            .collect(),
    };
    // Plain data with string keys: serialization cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
