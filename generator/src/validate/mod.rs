//! Payloads checked against a spec at run time, so CI can prove that the
//! payloads a merchant sends and stores fit the provider's contract,
//! independently of the validator compiled into the generated SDK.
//!
//! The target's schema, and every component it reaches, is translated from
//! OpenAPI 3.0 to one JSON Schema 2020-12 document (`nullable`, boolean
//! exclusive bounds, `discriminator`, `readOnly`/`writeOnly`, `$ref`s to
//! components; the rules are listed at the top of `translate.rs`) and
//! checked with the `jsonschema` crate. Violations are worded like the
//! generated SDK's where the rule is the same, and secrets are masked.
//!
//! ```no_run
//! use openapi_sdkgen::validate::{report, Format, Options, Target, Validator};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let spec = openapi_sdkgen::load(std::path::Path::new("spec/komoju.yaml"))?;
//! let target = Target::Request { operation: "createSecureToken".into() };
//! let validator = Validator::new(&spec, target, Options::default())?;
//! let file = validator.check_file("payload.json".as_ref(), "payload.json");
//! let report = validator.report(vec![file]);
//! print!("{}", report::render(&report, Format::Human));
//! # Ok(())
//! # }
//! ```
//!
//! A [`Validator`] is built once per target (translation and compilation
//! happen there) and then checks any number of payloads; a valid payload
//! costs one parse and one pass of the compiled schema.
//!
//! Besides the schema, two rules hold for every payload: a key repeated
//! in one object is a violation (`duplicateKey`, naming both places), and
//! so is a number beyond a 64-bit float (`numberRange`, `1e400`). An
//! `integer` is checked as the SDK reads it (`integerRange`): written
//! without a fraction or exponent, within `i64` (`i32` for `format:
//! int32`), so `1000.0`, `1e3`, `-0.0` and `2^64` fail here as they fail
//! to parse in the SDK.
//!
//! Input limits (see [`payload`]): only regular files are read, at most
//! [`payload::MAX_PAYLOAD_BYTES`] (256 MiB), nested at most
//! [`payload::MAX_NESTING`] (127) deep. A file that cannot be read is an
//! [`Outcome::Unreadable`], reported like the others; the run goes on.
//!
//! # The JSON report (`--format json`), version 1
//!
//! One object; keys always present, in this order; `null` where a value
//! does not apply. New keys may be added within version 1; a change to the
//! meaning or type of an existing key raises `version`.
//!
//! ```text
//! {
//!   "version": 1,
//!   "spec": "spec/paymentoptions.yaml",        // as given
//!   "target": {
//!     "kind": "request",                        // schema | request | response | callback
//!     "name": "createThreeDsPayment request",   // the target in words
//!     "schema": null,                           // component name (kind schema)
//!     "operation": "createThreeDsPayment",      // operationId (other kinds)
//!     "status": null,                           // status (kind response)
//!     "callback": null                          // callback name (kind callback)
//!   },
//!   "strict": false,                            // unknown properties were violations
//!   "summary": {"files": 3, "valid": 1, "invalid": 1, "not_json": 1,
//!               "unreadable": 0, "violations": 2},
//!   "files": [                                  // in the order checked
//!     {
//!       "file": "payloads/a.json",
//!       "status": "invalid",                    // valid | invalid | not_json | unreadable
//!       "violations": [                         // empty unless invalid
//!         {
//!           "pointer": "/merchant_txn_ref",     // RFC 6901, "" is the whole payload
//!           "line": 3, "column": 3,             // 1-based; null if unknown
//!           "rule": "maxLength",                // the JSON Schema keyword
//!           "expected": "45",
//!           "actual": "46",                     // secrets masked: "\"****3155\""
//!           "message": "/merchant_txn_ref: 46 characters, at most 45"
//!         }
//!       ],
//!       "error": null                           // not_json: {"message", "line", "column"};
//!                                               // unreadable: {"message", "line": null, "column": null}
//!     }
//!   ]
//! }
//! ```

mod explain;
mod form;
mod keywords;
mod outcome;
pub mod payload;
pub mod report;
mod target;
mod translate;
mod violation;

use std::ops::Bound;
use std::path::Path;

use serde_json::Value;

pub use form::{FormShape, FORM, MAX_FORM_DEPTH};
pub use outcome::{FileReport, NotJson, Outcome, Report, Summary, Unreadable, Verdict};
pub use report::Format;
pub use target::Target;
pub use violation::{mask, Finding, Violation};

use crate::error::{SpecError, SpecErrorKind};
use crate::front::{Api, MediaType};
use crate::load::{Position, Spec};
use translate::Translation;

/// Who produces a payload checked by [`Validator::at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// The API's client (a request): `readOnly` properties are not part of it.
    Client,
    /// The API's provider (a response or callback): `writeOnly` properties
    /// are not part of it.
    Provider,
}

/// How payloads are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Properties the schema does not declare are violations. JSON Schema
    /// (and the generated SDK) allow them by default.
    pub strict: bool,
    /// The media type of the body to check (`application/x-www-form-urlencoded`);
    /// by default the JSON one, else the first the spec lists.
    pub media_type: Option<MediaType>,
}

/// Why a validator could not be built, or a file not read.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("{file}: no schema `{name}` in components.schemas; the schemas are: {}", list(.known))]
    UnknownSchema {
        file: String,
        name: String,
        known: Vec<String>,
    },
    #[error("{file}: no operation with operationId `{id}`; the operations are: {}", list(.known))]
    UnknownOperation {
        file: String,
        id: String,
        known: Vec<String>,
    },
    #[error("{file}: operation `{operation}` has no response `{status}`; its responses are: {}", list(.known))]
    UnknownStatus {
        file: String,
        operation: String,
        status: String,
        known: Vec<String>,
    },
    #[error("{file}: operation `{operation}` has no callback `{name}`; its callbacks are: {}", list(.known))]
    UnknownCallback {
        file: String,
        operation: String,
        name: String,
        known: Vec<String>,
    },
    #[error("{file}: {what} has no media type `{media_type}`; its media types are: {}", list(.known))]
    UnknownMediaType {
        file: String,
        what: String,
        media_type: String,
        known: Vec<String>,
    },
    #[error("{file}{}: {what} (at #{pointer})", .position.map(|p| format!(":{p}")).unwrap_or_default())]
    NoBody {
        file: String,
        pointer: String,
        position: Option<Position>,
        what: String,
    },
    /// The schema cannot be translated or compiled; points into the spec.
    #[error(transparent)]
    Spec(#[from] SpecError),
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "(none)".to_owned()
    } else {
        names.join(", ")
    }
}

/// How a payload's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    /// `application/x-www-form-urlencoded`, as the SDK encodes it.
    Form,
}

impl Encoding {
    /// Form for a body whose media type is a form, JSON otherwise (the
    /// schema of any other media type is checked as JSON).
    pub fn of(media_type: Option<&MediaType>) -> Self {
        match media_type {
            Some(media_type) if media_type.essence == FORM => Encoding::Form,
            _ => Encoding::Json,
        }
    }

    /// A file named `*.form` holds a form, whatever the target's media type.
    pub fn of_file(path: &Path, default: Encoding) -> Self {
        match path.extension() {
            Some(extension) if extension == "form" => Encoding::Form,
            _ => default,
        }
    }
}

/// The runtime validator of one target of one spec.
pub struct Validator {
    spec_file: String,
    target: Target,
    strict: bool,
    source_pointer: String,
    encoding: Encoding,
    form: form::FormShape,
    warnings: Vec<crate::Warning>,
    translation: Translation,
    compiled: jsonschema::Validator,
}

impl Validator {
    /// Finds the target's schema, translates it (with every component it
    /// reaches) and compiles it.
    pub fn new(spec: &Spec, target: Target, options: Options) -> Result<Self, ValidateError> {
        let api = crate::front::read_api(spec)?;
        Self::for_api(spec, &api, target, options)
    }

    /// [`Self::new`] with the front end already read, for programs that
    /// build validators for many targets of one spec.
    pub fn for_api(
        spec: &Spec,
        api: &Api,
        target: Target,
        options: Options,
    ) -> Result<Self, ValidateError> {
        let resolved = target::resolve(spec, api, &target, options.media_type.as_ref())?;
        Self::build(spec, api, target, resolved, options)
    }

    /// A validator for the schema node at `pointer` (after `$ref`s or
    /// not), for programs that reach schemas through [`crate::front`],
    /// which keeps every node's pointer: a parameter's schema, say.
    /// `sender` decides, as for [`Target::Request`] and
    /// [`Target::Response`], whether `readOnly` or `writeOnly` properties
    /// belong in the payload; `target` is how reports name it.
    pub fn at(
        spec: &Spec,
        api: &Api,
        pointer: &str,
        sender: Sender,
        target: Target,
        options: Options,
    ) -> Result<Self, ValidateError> {
        let direction = match sender {
            Sender::Client => target::Direction::Request,
            Sender::Provider => target::Direction::Response,
        };
        let resolved = target::Resolved {
            pointer: pointer.to_owned(),
            schema: api.schemas.resolve(pointer),
            direction,
            media_type: options.media_type.clone(),
        };
        Self::build(spec, api, target, resolved, options)
    }

    fn build(
        spec: &Spec,
        api: &Api,
        target: Target,
        resolved: target::Resolved,
        options: Options,
    ) -> Result<Self, ValidateError> {
        let translation = translate::translate(
            spec,
            &api.schemas,
            &resolved.pointer,
            resolved.direction,
            options.strict,
        )?;
        let compiled = keywords::options()
            .build(&translation.schema)
            .map_err(|e| {
                // Point at the spec node the rejected part comes from.
                let at = e.instance_path().as_str();
                let origin = translation
                    .notes
                    .origins
                    .range::<str, _>((Bound::Unbounded, Bound::Included(at)))
                    .rev()
                    .find(|(out, _)| at == *out || at.starts_with(&format!("{out}/")))
                    .map_or(resolved.pointer.as_str(), |(_, spec_at)| spec_at.as_str());
                let kind = SpecErrorKind::InvalidConstraint(e.masked().to_string());
                spec.error(origin, kind)
            })?;
        Ok(Validator {
            spec_file: spec.file.display().to_string(),
            target,
            strict: options.strict,
            source_pointer: resolved.pointer,
            encoding: Encoding::of(resolved.media_type.as_ref()),
            form: form::FormShape::new(&api.schemas, resolved.schema),
            warnings: spec
                .warnings
                .iter()
                .chain(&translation.notes.warnings)
                .cloned()
                .collect(),
            translation,
            compiled,
        })
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    /// What loading read past and what the translation left out of the
    /// check, with where and why (the warnings `cargo xtask codegen`
    /// prints for the spec).
    pub fn warnings(&self) -> &[crate::Warning] {
        &self.warnings
    }

    /// The translated JSON Schema document the payloads are checked with.
    pub fn json_schema(&self) -> &Value {
        &self.translation.schema
    }

    /// The spec node (JSON pointer) of the target's schema.
    pub fn source_pointer(&self) -> &str {
        &self.source_pointer
    }

    /// How [`Self::check_bytes`] reads payloads: a form when the target's
    /// body was chosen in its form media type.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// A form body (`application/x-www-form-urlencoded`) as the JSON value
    /// it stands for, typed by the target's schema: what [`Encoding::Form`]
    /// checks.
    pub fn decode_form(&self, bytes: &[u8]) -> Result<Value, NotJson> {
        self.form.decode(bytes)
    }

    /// How the target's text (a form body, a parameter) is read as its
    /// schema's types.
    pub fn form_shape(&self) -> &FormShape {
        &self.form
    }

    pub fn is_valid(&self, payload: &Value) -> bool {
        self.compiled.is_valid(payload)
    }

    /// Every violation in `payload`, in the order the schema checks them.
    pub fn violations(&self, payload: &Value) -> Vec<Violation> {
        self.located_violations(payload)
            .into_iter()
            .map(|(_, violation)| violation)
            .collect()
    }

    /// [`Self::violations`], each with its unredacted payload pointer, to
    /// find its position by.
    fn located_violations(&self, payload: &Value) -> Vec<(String, Violation)> {
        let errors: Vec<_> = self.compiled.iter_errors(payload).collect();
        explain::explain(&errors, &self.translation)
    }

    /// Parses and checks one payload; violations carry their line and
    /// column in `bytes`, sorted by position. Besides the schema's rules, a
    /// key repeated in one object and a number beyond `f64` are violations.
    pub fn check_bytes(&self, bytes: &[u8]) -> Outcome {
        self.check_bytes_as(bytes, self.encoding)
    }

    /// [`Self::check_bytes`], the bytes read as `encoding`. A form's
    /// violations have pointers but no positions.
    pub fn check_bytes_as(&self, bytes: &[u8], encoding: Encoding) -> Outcome {
        if encoding == Encoding::Form {
            return match self.form.decode(bytes) {
                Ok(value) => match self.violations(&value) {
                    violations if violations.is_empty() => Outcome::Valid,
                    violations => Outcome::Invalid(
                        violations
                            .into_iter()
                            .map(|violation| Finding {
                                violation,
                                position: None,
                            })
                            .collect(),
                    ),
                },
                Err(error) => Outcome::NotJson(error),
            };
        }
        // RFC 8259 lets parsers ignore a byte order mark; editors on
        // Windows write one.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let payload = match payload::parse(bytes) {
            Ok(payload) => payload,
            Err(error) => return Outcome::NotJson(error),
        };
        if payload.is_plain() && self.compiled.is_valid(&payload.value) {
            return Outcome::Valid;
        }
        // Only invalid payloads pay for finding positions.
        let violations = payload.merge(self.located_violations(&payload.value));
        let mut findings = payload::locate(bytes, &payload, violations);
        findings.sort_by(|a, b| {
            let key = |f: &Finding| {
                (
                    f.position.is_none(),
                    f.position,
                    f.violation.pointer.clone(),
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.violation.rule.cmp(&b.violation.rule))
                .then_with(|| a.violation.message.cmp(&b.violation.message))
        });
        findings.dedup();
        Outcome::Invalid(findings)
    }

    /// Reads and checks the file at `path`; `shown` names it in reports.
    /// A file that cannot be read (see [`payload::read`] for the limits)
    /// is reported as such, like any other outcome.
    /// A file named `*.form` is read as a form ([`Encoding::of_file`]).
    pub fn check_file(&self, path: &Path, shown: &str) -> FileReport {
        let outcome = match payload::read(path) {
            Ok(bytes) => self.check_bytes_as(&bytes, Encoding::of_file(path, self.encoding)),
            Err(error) => Outcome::Unreadable(Unreadable {
                message: error.to_string(),
            }),
        };
        FileReport {
            file: shown.to_owned(),
            outcome,
        }
    }

    /// A report of `files`, checked by this validator.
    pub fn report(&self, files: Vec<FileReport>) -> Report {
        Report {
            spec: self.spec_file.clone(),
            target: self.target.clone(),
            strict: self.strict,
            files,
        }
    }
}

#[cfg(test)]
mod tests;
