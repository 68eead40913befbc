//! Stage 4 (review): two versions of an API → classified changes → reports.
//!
//! The diff reads the front end ([`crate::front`]), the API as each
//! document states it, so any valid OpenAPI 3.0 document can be diffed,
//! whether or not the SDK generator can name or emit it. Operations are
//! matched by method and path *shape* (`/a/{id}` is `/a/{transactionId}`),
//! parameters by location and name (path parameters by position),
//! bodies by media type, responses by status, and schemas structurally,
//! keyword by keyword, following `$ref`s on both sides. A property of a
//! component used by three operations is reported once per operation, on
//! the request or response side where it is used, and a renamed
//! component is not a change.
//!
//! Every [`Change`] names a rule (ids and levels follow oasdiff's rule
//! table wherever it has the rule; [`levels`] is the one table that
//! decides), a [`Level`] (`error` breaks existing clients, `warning` may,
//! `info` is safe), where it is (operation, location, spec line on each
//! side), the old and new value, and why it matters to a client. One
//! small module per rule family lives in [`checks`].
//!
//! Beside the API changes, the report lists what the change does to the
//! generated SDK's public Rust API ([`crate::emit::api_surface`] of both
//! sides, diffed line by line) and the semver bump that implies; see
//! [`Bump`]. That needs both sides to generate; when one cannot, the
//! report says why ([`DiffReport::surface_note`]) and still lists every
//! API change.
//!
//! Renderers for people, CI and machines are in [`report`].

mod checks;
pub mod levels;
pub mod report;
pub mod rules;
mod surface;

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;

use crate::emit::api_surface;
use crate::error::{SpecError, SpecErrorKind};
use crate::front::{read_api, Api};
use crate::load::{SourceMap, Spec};
use crate::model::{build_model_from, rust_field_name, ApiModel};
use crate::redact::redact;
use crate::text::visible_line;

/// A calendar day, as [`diff_models_on`] takes it.
pub use time::Date;

pub use checks::today;
pub use rules::{Direction, Level, Rule};
pub use surface::{Bump, SurfaceChange, SurfaceChangeKind};

/// One version of a spec, ready to compare.
#[derive(Debug, Clone)]
pub struct Side {
    /// How messages name this version: `spec/komoju.yaml`, or
    /// `origin/main:spec/komoju.yaml` for a file read from git.
    pub label: String,
    /// The file's path in the repository, without any git revision:
    /// CI annotations attach to it.
    pub path: String,
    /// The SDK module this spec becomes (`komoju`).
    pub module: String,
    /// The API the document states; `None` when the spec does not exist
    /// in this version.
    pub api: Option<Api>,
    /// The SDK model, when the generator can build one.
    pub model: Option<ApiModel>,
    /// Why the generator cannot build a model of this version, if so.
    pub model_error: Option<String>,
    pub source_map: SourceMap,
}

impl Side {
    /// Reads a loaded spec; `path` is its repository path. Fails only when
    /// the document is not valid OpenAPI 3.0; a document the generator
    /// cannot emit is still diffed (see [`Side::model_error`]).
    pub fn from_spec(spec: &Spec, path: &str) -> Result<Self, SpecError> {
        let api = read_api(spec)?;
        let (model, model_error) = match build_model_from(spec, &api) {
            Ok(built) => (Some(built.model), None),
            Err(error) => (None, Some(error.to_string())),
        };
        Ok(Self {
            label: spec.file.to_string_lossy().replace('\\', "/"),
            path: path.to_owned(),
            module: module_name(path),
            api: Some(api),
            model,
            model_error,
            source_map: spec.source_map.clone(),
        })
    }

    /// A version in which the spec at `path` does not exist.
    pub fn absent(label: &str, path: &str) -> Self {
        Self {
            label: label.to_owned(),
            path: path.to_owned(),
            module: module_name(path),
            api: None,
            model: None,
            model_error: None,
            source_map: SourceMap::default(),
        }
    }

    fn exists(&self) -> bool {
        self.api.is_some()
    }
}

/// The SDK module name `cargo xtask codegen` gives the spec at `path`.
fn module_name(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("api");
    rust_field_name(stem)
}

/// A node of one side's spec, and its line when the source map knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The side's label (`spec/x.yaml` or `REF:spec/x.yaml`).
    pub file: String,
    /// JSON pointer of the node (`/components/schemas/Card/properties/cvc`).
    pub pointer: String,
    pub line: Option<usize>,
}

/// One change, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule id (`request-property-max-length-decreased`).
    pub rule: String,
    pub level: Level,
    /// `POST /secure_tokens`; `None` for API-wide changes (servers).
    pub operation: Option<String>,
    /// Whether the change is in what clients send or in what they read.
    pub direction: Option<Direction>,
    /// Where in the operation: `request body /billing_address/country`,
    /// `header parameter X-Idempotency-Key`, `response 200`, `servers`.
    pub location: String,
    /// What changed, in a few words: `maxLength 45 → 40`.
    pub message: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Why it matters for a client, in one sentence.
    pub why: String,
    /// Where it is in the old spec (absent for additions).
    pub old_source: Option<SourceRef>,
    /// Where it is in the new spec; for a removal, the node that lost it.
    pub new_source: Option<SourceRef>,
}

/// Changes of one level, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
}

impl Counts {
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Self {
        let mut counts = Counts::default();
        for change in changes {
            match change.level {
                Level::Error => counts.errors += 1,
                Level::Warning => counts.warnings += 1,
                Level::Info => counts.info += 1,
            }
        }
        counts
    }
}

impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            errors: self.errors + other.errors,
            warnings: self.warnings + other.warnings,
            info: self.info + other.info,
        }
    }
}

/// Whether the spec exists on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpecStatus {
    Added,
    Removed,
    Modified,
}

/// Everything that changed between two versions of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffReport {
    /// The old version's label; `None` when the spec is new.
    pub old: Option<String>,
    /// The new version's label; `None` when the spec was removed.
    pub new: Option<String>,
    /// Repository path of the spec (new side's, else old side's).
    pub path: String,
    pub changes: Vec<Change>,
    /// The generated SDK's public API, old lines against new.
    pub surface: Vec<SurfaceChange>,
    /// Why the SDK's public API was not compared (a side the generator
    /// cannot build); `None` when it was.
    pub surface_note: Option<String>,
}

impl DiffReport {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.changes)
    }

    /// The SDK version bump these changes call for.
    pub fn bump(&self) -> Bump {
        surface::bump(&self.surface, &self.changes)
    }

    pub fn status(&self) -> SpecStatus {
        match (&self.old, &self.new) {
            (None, _) => SpecStatus::Added,
            (_, None) => SpecStatus::Removed,
            _ => SpecStatus::Modified,
        }
    }

    /// The most severe level among the changes, if there are any.
    pub fn worst(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).max()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.surface.is_empty()
    }
}

/// Compares two versions of a spec. A side that is absent is an API
/// with nothing in it, so a new spec reports everything added and a
/// removed one everything removed.
///
/// Fails only when schemas nest deeper than [`checks::MAX_COMPARE_DEPTH`]
/// levels through `$ref`s; the error points at the node in the new spec
/// (or the old one, when the spec was removed) where the walk stopped.
pub fn diff_models(old: &Side, new: &Side) -> Result<DiffReport, SpecError> {
    diff_models_on(old, new, checks::today())
}

/// The day `text` names, `2026-12-03`, for [`diff_models_on`].
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// [`diff_models`] as on the day `today`, which sunset dates are compared
/// with: a deprecated operation removed before its sunset breaks clients,
/// one removed after it does not. Same specs and day, same report.
pub fn diff_models_on(old: &Side, new: &Side, today: Date) -> Result<DiffReport, SpecError> {
    let empty = Api::default();
    let mut differ = Differ {
        today,
        old: Version {
            side: old,
            api: old.api.as_ref().unwrap_or(&empty),
        },
        new: Version {
            side: new,
            api: new.api.as_ref().unwrap_or(&empty),
        },
        changes: Vec::new(),
        too_deep: None,
    };
    checks::diff_api(&mut differ);
    if let Some(pointer) = differ.too_deep {
        let side = if new.exists() { new } else { old };
        return Err(SpecError {
            file: side.label.clone().into(),
            position: side.source_map.position(&pointer),
            pointer,
            kind: Box::new(SpecErrorKind::TooDeepToCompare {
                limit: checks::MAX_COMPARE_DEPTH,
            }),
        });
    }
    let (surface, surface_note) = surface_of(old, new);
    Ok(DiffReport {
        old: old.exists().then(|| old.label.clone()),
        new: new.exists().then(|| new.label.clone()),
        path: if new.exists() {
            new.path.clone()
        } else {
            old.path.clone()
        },
        changes: differ.changes,
        surface,
        surface_note,
    })
}

/// The SDK surface diff, or why there is none: it needs a model of each
/// side that exists.
fn surface_of(old: &Side, new: &Side) -> (Vec<SurfaceChange>, Option<String>) {
    for side in [old, new] {
        if let Some(error) = &side.model_error {
            let note = format!(
                "The generated SDK's public API is not compared: the SDK cannot be generated from {}: {error}",
                side.label
            );
            return (Vec::new(), Some(visible_line(&redact(&note))));
        }
    }
    // Both sides are versions of one SDK module: the new side names it.
    let module = if new.exists() {
        &new.module
    } else {
        &old.module
    };
    let surface_lines = |side: &Side| {
        side.model
            .as_ref()
            .map(|m| api_surface(module, m))
            .unwrap_or_default()
    };
    let mut surface = surface::diff_surfaces(&surface_lines(old), &surface_lines(new));
    // Surface lines quote wire names and enum values, as reports do.
    for change in &mut surface {
        for text in [
            Some(&mut change.item),
            change.old.as_mut(),
            change.new.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            if let Cow::Owned(redacted) = redact(text) {
                *text = redacted;
            }
        }
    }
    (surface, None)
}

/// A side and its API (the empty API when the spec is absent).
#[derive(Clone, Copy)]
struct Version<'a> {
    side: &'a Side,
    api: &'a Api,
}

impl Version<'_> {
    fn source(&self, pointer: &str) -> Option<SourceRef> {
        self.side.api.as_ref()?;
        Some(SourceRef {
            file: self.side.label.clone(),
            // Shown in reports: a key shaped like a card number is hidden.
            pointer: crate::redact::pointer(pointer).into_owned(),
            line: self.side.source_map.position(pointer).map(|p| p.line),
        })
    }
}

/// Where a change is, before it is classified.
#[derive(Debug, Clone)]
struct At {
    operation: Option<String>,
    direction: Option<Direction>,
    location: String,
    /// Pointer of the node in the old spec (`None`: nothing there).
    old: Option<String>,
    /// Pointer of the node in the new spec (`None`: nothing there).
    new: Option<String>,
}

/// Collects changes while the comparison walks both models.
struct Differ<'a> {
    /// The day sunset dates are compared with.
    today: Date,
    old: Version<'a>,
    new: Version<'a>,
    changes: Vec<Change>,
    /// Where the comparison stopped because schemas nest too deeply.
    too_deep: Option<String>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        rule: &Rule,
        at: &At,
        message: impl Into<String>,
        old: Option<String>,
        new: Option<String>,
    ) {
        // Locations, messages and values quote the spec (property names,
        // enum values, paths), which may hold control characters meant to
        // forge lines in a CI log or a terminal, or a real card number in
        // an enum or example: every report shows the first as visible
        // escapes and the second redacted.
        let shown = |text: &str| visible_line(&redact(text));
        self.changes.push(Change {
            rule: rule.id.to_string(),
            level: rule.level,
            operation: at.operation.as_deref().map(shown),
            direction: at.direction,
            location: shown(&at.location),
            message: shown(&message.into()),
            old: old.as_deref().map(shown),
            new: new.as_deref().map(shown),
            why: rule.why.to_owned(),
            old_source: at.old.as_deref().and_then(|p| self.old.source(p)),
            new_source: at.new.as_deref().and_then(|p| self.new.source(p)),
        });
    }
}
