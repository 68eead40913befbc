//! A probe's report, in the four formats of `cargo xtask validate`: the
//! answers are a validate [`Report`] with one "file" per request
//! (`POST /secure_tokens#example`), rendered by validate's renderers;
//! the requests not sent (skipped, refused) and the ones sent without
//! credentials are added as notes, and the machine formats name the
//! server as the target (`"kind": "server"`).

use openapi_sdkgen::validate::report::{self, printable, Format};
use openapi_sdkgen::validate::{Outcome, Report};
use serde_json::{json, Value};

use super::safety::mask_secrets;

/// Why a request was not sent, or was sent without what it needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteKind {
    /// The spec gives no value for a required parameter or body.
    Skipped,
    /// A safety rule kept it back (a card number that is no test card).
    Refused,
    /// Sent, without credentials: none were in the environment.
    WithoutCredentials,
    /// Sent; the documented example itself breaks the spec's request
    /// schema (so a refusal by the server is the spec's own disagreement).
    InvalidExample,
    /// Sent with values the spec does not document: an id from an
    /// earlier answer, or values generated from the schema.
    Undocumented,
}

impl NoteKind {
    /// The rule name reports use.
    pub fn rule(self) -> &'static str {
        match self {
            NoteKind::Skipped => "skipped",
            NoteKind::Refused => "refused",
            NoteKind::WithoutCredentials => "withoutCredentials",
            NoteKind::InvalidExample => "invalidExample",
            NoteKind::Undocumented => "undocumentedValues",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The request's label (`GET /payments/{id}`).
    pub request: String,
    pub kind: NoteKind,
    pub message: String,
}

/// A whole probe run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeReport {
    /// The server's base URL, as given.
    pub server: String,
    /// One file per answered request; `target` there is unused (the
    /// machine formats replace it with the server).
    pub answers: Report,
    pub notes: Vec<Note>,
    /// What could not be checked (a schema that does not compile).
    pub warnings: Vec<String>,
}

/// How a probe ended, worst first wins: as validate's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeVerdict {
    /// Every answer fits the spec.
    AllFit,
    /// Some answer broke the spec.
    SomeBroke,
    /// Nothing was sent: every chosen operation was skipped or refused.
    NothingSent,
}

impl ProbeReport {
    pub fn verdict(&self) -> ProbeVerdict {
        if self.answers.files.is_empty() {
            ProbeVerdict::NothingSent
        } else if self
            .answers
            .files
            .iter()
            .any(|f| !matches!(f.outcome, Outcome::Valid))
        {
            ProbeVerdict::SomeBroke
        } else {
            ProbeVerdict::AllFit
        }
    }

    /// Replaces every secret in every text of the report with `****`.
    pub fn mask(&mut self, secrets: &[String]) {
        if secrets.is_empty() {
            return;
        }
        let mask = |text: &mut String| *text = mask_secrets(text, secrets);
        mask(&mut self.server);
        for file in &mut self.answers.files {
            mask(&mut file.file);
            if let Outcome::Invalid(findings) = &mut file.outcome {
                for finding in findings {
                    let v = &mut finding.violation;
                    for text in [
                        &mut v.pointer,
                        &mut v.expected,
                        &mut v.actual,
                        &mut v.message,
                    ] {
                        mask(text);
                    }
                }
            }
            if let Outcome::NotJson(error) = &mut file.outcome {
                mask(&mut error.message);
            }
        }
        for note in &mut self.notes {
            mask(&mut note.request);
            mask(&mut note.message);
        }
        self.warnings.iter_mut().for_each(mask);
    }

    fn count(&self, kind: NoteKind) -> usize {
        self.notes.iter().filter(|n| n.kind == kind).count()
    }

    /// `N requests answered, N fit the spec, N broke it; N skipped, N refused`.
    fn summary_line(&self) -> String {
        let answered = self.answers.files.len();
        let fit = self
            .answers
            .files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Valid))
            .count();
        format!(
            "{answered} requests answered by {}, {fit} fit the spec, {} broke it; {} skipped, {} refused",
            printable(&self.server),
            answered - fit,
            self.count(NoteKind::Skipped),
            self.count(NoteKind::Refused)
        )
    }
}

/// Renders `report` in `format`; the text ends with a newline.
pub fn render(report: &ProbeReport, format: Format) -> String {
    let answers = report::render(&report.answers, format);
    match format {
        Format::Human => lines(report, &answers, |note| {
            format!(
                "{}: {}: {} [{}]",
                printable(&note.request),
                note.kind.rule(),
                printable(&note.message),
                note.kind.rule()
            )
        }),
        Format::Github => lines(report, &answers, |note| {
            let level = match note.kind {
                NoteKind::Refused => "error",
                NoteKind::Undocumented => "notice",
                _ => "warning",
            };
            format!(
                "::{level} title={}::{}",
                property(&printable(note.kind.rule())),
                data(&printable(&format!("{}: {}", note.request, note.message)))
            )
        }),
        Format::Json => json_document(report, &answers),
        Format::Sarif => sarif_document(report, &answers),
    }
}

/// The answers' lines without validate's summary, then one line per
/// note, then the probe's summary.
fn lines(report: &ProbeReport, answers: &str, note: impl Fn(&Note) -> String) -> String {
    let mut kept: Vec<&str> = answers.lines().collect();
    kept.pop(); // validate's "N files checked" line
    let mut out: String = kept.iter().map(|l| format!("{l}\n")).collect();
    for n in &report.notes {
        out.push_str(&note(n));
        out.push('\n');
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    out
}

fn notes_json(report: &ProbeReport) -> Value {
    Value::Array(
        report
            .notes
            .iter()
            .map(|n| json!({"request": n.request, "kind": n.kind.rule(), "message": n.message}))
            .collect(),
    )
}

/// Validate's version-1 document with the target named as the server,
/// and `server`, `notes` and the notes' counts added (new keys, which
/// version 1 allows).
fn json_document(report: &ProbeReport, answers: &str) -> String {
    let Ok(mut document) = serde_json::from_str::<Value>(answers) else {
        return answers.to_owned();
    };
    document["target"] = json!({
        "kind": "server",
        "name": format!("answers of {}", report.server),
        "schema": null,
        "operation": null,
        "status": null,
        "callback": null,
    });
    document["summary"]["skipped"] = json!(report.count(NoteKind::Skipped));
    document["summary"]["refused"] = json!(report.count(NoteKind::Refused));
    document["server"] = json!(report.server);
    document["notes"] = notes_json(report);
    pretty(&document)
}

/// Validate's SARIF run, named as the probe, with a result per note
/// (refused: error, skipped: warning, without credentials: note).
fn sarif_document(report: &ProbeReport, answers: &str) -> String {
    let Ok(mut document) = serde_json::from_str::<Value>(answers) else {
        return answers.to_owned();
    };
    let run = &mut document["runs"][0];
    run["tool"]["driver"]["name"] = json!("openapi-sdkgen probe");
    run["properties"]["target"] = json!(format!("answers of {}", report.server));
    let mut kinds: Vec<NoteKind> = report.notes.iter().map(|n| n.kind).collect();
    kinds.sort();
    kinds.dedup();
    let rules_before = run["tool"]["driver"]["rules"]
        .as_array()
        .map_or(0, Vec::len);
    if let Some(rules) = run["tool"]["driver"]["rules"].as_array_mut() {
        for kind in &kinds {
            let text = match kind {
                NoteKind::Skipped => "The spec gives no value for a required parameter or body, so the request was not sent.",
                NoteKind::Refused => "The request holds a card number that is not a published test card, so it was not sent.",
                NoteKind::WithoutCredentials => "The environment holds no credential for the operation's security, so the request was sent without.",
                NoteKind::InvalidExample => "The documented request example breaks the spec's own request schema.",
                NoteKind::Undocumented => "The request holds values the spec does not document: an id from an earlier answer, or values generated from the schema.",
            };
            rules.push(json!({"id": kind.rule(), "shortDescription": {"text": text}}));
        }
    }
    if let Some(results) = run["results"].as_array_mut() {
        for note in &report.notes {
            let index = kinds.iter().position(|k| *k == note.kind).unwrap_or(0) + rules_before;
            let level = match note.kind {
                NoteKind::Refused => "error",
                NoteKind::Skipped => "warning",
                NoteKind::WithoutCredentials
                | NoteKind::InvalidExample
                | NoteKind::Undocumented => "note",
            };
            results.push(json!({
                "ruleId": note.kind.rule(),
                "ruleIndex": index,
                "level": level,
                "message": {"text": format!("{}: {}", note.request, note.message)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&note.request)}}}],
            }));
        }
    }
    pretty(&document)
}

fn pretty(document: &Value) -> String {
    // Printing a `serde_json::Value` cannot fail: its keys are strings.
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// A relative URI reference for a request label, as validate's SARIF
/// writes file names.
fn uri(label: &str) -> String {
    let mut out = String::new();
    for byte in label.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// GitHub workflow-command escapes of a message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub workflow-command escapes of a property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
