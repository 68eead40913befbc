//! Random bytes and random mutations of both specs and of the documented
//! payloads, thrown at every stage in process: load, model, emit,
//! validate and diff. Whatever comes in, each stage answers (a value or
//! an error) within a bound, never panics, never overflows its stack
//! (which would abort this whole test binary), and no card number or
//! credential planted in the input comes out whole in any report or
//! error message.

use std::path::Path;
use std::time::{Duration, Instant};

use openapi_sdkgen::diff::{self, diff_models, Side};
use openapi_sdkgen::emit::{emit_crate, package_version, ApiSource, CrateInfo, PackageName};
use openapi_sdkgen::load::load_str;
use openapi_sdkgen::model::build_model;
use openapi_sdkgen::validate::{self, Options, Target, Validator};
use proptest::prelude::*;
use serde_json::Value;

use super::common::repo_root;

/// Planted in inputs; must never be printed whole.
const CARD: &str = "4111111111111111";
const KEY: &str = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";

/// Per case, in a debug build. A bound that tells a hang from an answer.
const BOUND: Duration = Duration::from_secs(20);

/// Snippets that make mutations likely to reach deep into the stages.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ": ",
    "\n- ",
    "\n  ",
    "'",
    "\"",
    "&a ",
    "*a",
    "$ref: '#/components/schemas/CreditCardDetails'",
    "{$ref: '#/components'}",
    "allOf: [{$ref: '#'}]",
    "\"4111111111111111\"",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "\u{1b}[2J",
    "\u{202e}",
    "\r",
    "maxLength: -1",
    "pattern: '(?<='",
    "type: integer",
    "nullable: true",
    "enum: [null, 1, '4111111111111111']",
    "1e400",
];

fn specs() -> Vec<(String, String)> {
    ["spec/paymentoptions.yaml", "spec/komoju.yaml"]
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(repo_root().join(path)).expect("spec readable");
            ((*path).to_owned(), text)
        })
        .collect()
}

/// Documented payloads with the target each one is checked against.
fn fixtures() -> Vec<(usize, Target, Vec<u8>)> {
    let mut out = Vec::new();
    for (index, api) in ["paymentoptions", "komoju"].iter().enumerate() {
        let dir = repo_root().join("contract-tests/fixtures").join(api);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures readable")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if let Some(target) = target_of(name) {
                out.push((
                    index,
                    target,
                    std::fs::read(&path).expect("fixture readable"),
                ));
            }
        }
    }
    out
}

/// `op.request.json`, `op.response.200.json`, `op.callback.name.json`.
fn target_of(name: &str) -> Option<Target> {
    let parts: Vec<&str> = name.trim_end_matches(".json").split('.').collect();
    let operation = (*parts.first()?).to_owned();
    match parts.as_slice() {
        [_, "request"] => Some(Target::Request { operation }),
        [_, "response", status] => Some(Target::Response {
            operation,
            status: (*status).to_owned(),
        }),
        [_, "callback", callback] => Some(Target::Callback {
            operation,
            callback: (*callback).to_owned(),
        }),
        _ => None,
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Insert { at: usize, text: String },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Flip { at: usize, byte: u8 },
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop::sample::select(SNIPPETS).prop_map(str::to_owned);
    prop_oneof![
        (any::<usize>(), snippet).prop_map(|(at, text)| Edit::Insert { at, text }),
        (any::<usize>(), 1..200usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Edit::Duplicate { at, len }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Flip { at, byte }),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let at = |i: usize| if bytes.is_empty() { 0 } else { i % bytes.len() };
    match edit {
        Edit::Insert { at: i, text } => {
            let i = at(*i);
            bytes.splice(i..i, text.bytes());
        }
        Edit::Delete { at: i, len } => {
            let i = at(*i);
            let end = (i + len).min(bytes.len());
            bytes.drain(i..end);
        }
        Edit::Duplicate { at: i, len } => {
            let i = at(*i);
            let end = (i + len).min(bytes.len());
            let copy: Vec<u8> = bytes[i..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Edit::Flip { at: i, byte } => {
            let i = at(*i);
            if let Some(b) = bytes.get_mut(i) {
                *b = *byte;
            }
        }
    }
}

/// Structural mutations of a spec: nodes replaced by other nodes of the
/// same document, by references to random places, or by planted secrets.
#[derive(Debug, Clone)]
enum Graft {
    CopyNode { from: usize, to: usize },
    RefTo { from: usize, to: usize },
    Plant { to: usize, key: bool },
}

fn graft() -> impl Strategy<Value = Graft> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Graft::CopyNode { from, to }),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Graft::RefTo { from, to }),
        (any::<usize>(), any::<bool>()).prop_map(|(to, key)| Graft::Plant { to, key }),
    ]
}

/// Every node's pointer, in document order.
fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![(String::new(), value)];
    while let Some((pointer, node)) = pending.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let segment = key.replace('~', "~0").replace('/', "~1");
                    pending.push((format!("{pointer}/{segment}"), child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    pending.push((format!("{pointer}/{index}"), child));
                }
            }
            _ => {}
        }
        out.push(pointer);
    }
    out
}

fn apply_graft(document: &mut Value, graft: &Graft) {
    let all = pointers(document);
    let pick = |i: usize| all[i % all.len()].clone();
    let replacement = match graft {
        Graft::CopyNode { from, .. } => document.pointer(&pick(*from)).cloned(),
        Graft::RefTo { from, .. } => {
            Some(serde_json::json!({ "$ref": format!("#{}", pick(*from)) }))
        }
        Graft::Plant { key: false, .. } => Some(Value::String(format!("{CARD} {KEY}"))),
        Graft::Plant { key: true, .. } => Some(serde_json::json!({ CARD: {"type": "string"} })),
    };
    let to = match graft {
        Graft::CopyNode { to, .. } | Graft::RefTo { to, .. } | Graft::Plant { to, .. } => pick(*to),
    };
    if let (Some(replacement), Some(slot)) = (replacement, document.pointer_mut(&to)) {
        *slot = replacement;
    }
}

/// Everything a person or a CI log would see from this input, at every
/// stage it reaches.
fn run_stages(label: &str, text: &str, original: &str) -> String {
    let mut seen = String::new();
    let spec = match load_str(Path::new(label), text) {
        Ok(spec) => spec,
        Err(error) => return error.to_string(),
    };
    let built = match build_model(&spec) {
        Ok(built) => built,
        Err(error) => return error.to_string(),
    };
    for warning in &built.warnings {
        seen.push_str(&warning.to_string());
    }
    let info = CrateInfo {
        name: PackageName::from_spec_stem("fuzz"),
        version: package_version(&built.model.version),
        description: built.model.title.clone(),
        standalone: true,
        runtime_path: "../runtime".into(),
    };
    let source = ApiSource {
        module: "fuzz",
        spec_file: label,
        model: &built.model,
    };
    if let Err(error) = emit_crate(&[source], &info) {
        seen.push_str(&error.to_string());
    }
    if let Ok(original) = load_str(Path::new("original.yaml"), original) {
        let sides = (
            Side::from_spec(&original, "spec/a.yaml"),
            Side::from_spec(&spec, "spec/a.yaml"),
        );
        match sides {
            (Ok(old), Ok(new)) => match diff_models(&old, &new) {
                Ok(report) => {
                    for format in [
                        diff::report::Format::Text,
                        diff::report::Format::Markdown,
                        diff::report::Format::Json,
                        diff::report::Format::Github,
                    ] {
                        seen.push_str(&diff::report::render(
                            format,
                            std::slice::from_ref(&report),
                            None,
                        ));
                    }
                }
                Err(error) => seen.push_str(&error.to_string()),
            },
            (Err(error), _) | (_, Err(error)) => seen.push_str(&error.to_string()),
        }
    }
    seen
}

fn validate_payload(spec_text: &str, target: Target, payload: &[u8]) -> String {
    let Ok(spec) = load_str(Path::new("spec.yaml"), spec_text) else {
        return String::new();
    };
    let validator = match Validator::new(
        &spec,
        target,
        Options {
            strict: true,
            ..Options::default()
        },
    ) {
        Ok(validator) => validator,
        Err(error) => return error.to_string(),
    };
    let file = validate::FileReport {
        file: "payload.json".into(),
        outcome: validator.check_bytes(payload),
    };
    let report = validator.report(vec![file]);
    let mut seen = String::new();
    for format in [
        validate::Format::Human,
        validate::Format::Json,
        validate::Format::Github,
        validate::Format::Sarif,
    ] {
        seen.push_str(&validate::report::render(&report, format));
    }
    seen
}

fn assert_nothing_leaked(seen: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !seen.contains(CARD),
        "a card number was printed whole: {seen}"
    );
    prop_assert!(
        !seen.contains(KEY),
        "a secret key was printed whole: {seen}"
    );
    Ok(())
}

proptest! {
    // 48 cases each in CI; `PROPTEST_CASES=5000` for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn byte_edits_of_the_specs_are_answered_by_every_stage(
        which in 0..2usize,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let (label, original) = &specs()[which];
        let mut bytes = original.clone().into_bytes();
        for edit in &edits {
            apply(&mut bytes, edit);
        }
        let text = String::from_utf8_lossy(&bytes);
        let started = Instant::now();
        let seen = run_stages(label, &text, original);
        prop_assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
        assert_nothing_leaked(&seen)?;
    }

    #[test]
    fn structural_mutations_of_the_specs_are_answered_by_every_stage(
        which in 0..2usize,
        grafts in prop::collection::vec(graft(), 1..6),
        as_json in any::<bool>(),
    ) {
        let (label, original) = &specs()[which];
        let mut document: Value = serde_yaml::from_str(original).expect("the project's specs parse");
        for graft in &grafts {
            apply_graft(&mut document, graft);
        }
        let text = if as_json {
            serde_json::to_string_pretty(&document).expect("a JSON value serialises")
        } else {
            serde_yaml::to_string(&document).expect("a JSON value serialises as YAML")
        };
        let started = Instant::now();
        let seen = run_stages(label, &text, original);
        prop_assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
        assert_nothing_leaked(&seen)?;
    }

    #[test]
    fn random_bytes_are_answered_by_every_stage(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let text = String::from_utf8_lossy(&bytes);
        let started = Instant::now();
        let seen = run_stages("random.yaml", &text, &specs()[1].1);
        prop_assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
        assert_nothing_leaked(&seen)?;
    }

    #[test]
    fn mutated_payloads_are_checked_without_leaking(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 0..8),
    ) {
        let fixtures = fixtures();
        let (spec, target, payload) = which.get(&fixtures).clone();
        let mut bytes = payload;
        for edit in &edits {
            apply(&mut bytes, edit);
        }
        let started = Instant::now();
        let seen = validate_payload(&specs()[spec].1, target, &bytes);
        prop_assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
        assert_nothing_leaked(&seen)?;
    }
}
