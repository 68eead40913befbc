//! The document's own examples through the generated types: each `example`
//! of a schema the generator turned into a type, and each media type's
//! `example`/`examples` whose schema is such a type, must parse into it,
//! print back to the same JSON and pass `validate()`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use openapi_sdkgen::load::Spec;
use openapi_sdkgen::model::ApiModel;
use serde::Deserialize;
use serde_json::Value;

use crate::compile::LintResult;
use crate::generate::GeneratedCrate;

/// One example value and the generated type it belongs to.
#[derive(Debug, Clone)]
pub struct Example {
    /// JSON pointer of the example value in the document.
    pub at: String,
    pub type_name: String,
    pub json: String,
}

/// What the generated test printed for one crate.
#[derive(Debug, Deserialize)]
pub struct ExampleRun {
    #[serde(rename = "crate")]
    package: String,
    total: usize,
    passed: usize,
    first_failure: Option<String>,
}

const REPORT_PREFIX: &str = "CORPUS-EXAMPLES ";

/// Every example in `spec` that belongs to a type of `model`, in document
/// order, each (type, value) pair once.
pub fn collect(spec: &Spec, model: &ApiModel) -> Vec<Example> {
    let types: BTreeMap<&str, &str> = model
        .types
        .iter()
        .map(|t| (t.pointer.as_str(), t.name.as_str()))
        .collect();
    let mut found = Vec::new();
    walk(spec, &spec.raw, "", &types, &mut found);
    let mut seen = BTreeSet::new();
    found.retain(|e: &Example| seen.insert((e.type_name.clone(), e.json.clone())));
    found
}

fn walk(
    spec: &Spec,
    node: &Value,
    pointer: &str,
    types: &BTreeMap<&str, &str>,
    found: &mut Vec<Example>,
) {
    match node {
        Value::Object(map) => {
            if let (Some(type_name), Some(value)) = (types.get(pointer), map.get("example")) {
                found.push(example(&format!("{pointer}/example"), type_name, value));
            }
            if is_media_type(pointer) {
                media_type_examples(spec, map, pointer, types, found);
            }
            for (key, child) in map {
                walk(
                    spec,
                    child,
                    &format!("{pointer}/{}", escape(key)),
                    types,
                    found,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                walk(spec, child, &format!("{pointer}/{index}"), types, found);
            }
        }
        _ => {}
    }
}

/// `.../content/<media type>`: a Media Type Object.
fn is_media_type(pointer: &str) -> bool {
    pointer
        .rsplit('/')
        .nth(1)
        .is_some_and(|parent| parent == "content")
}

fn media_type_examples(
    spec: &Spec,
    map: &serde_json::Map<String, Value>,
    pointer: &str,
    types: &BTreeMap<&str, &str>,
    found: &mut Vec<Example>,
) {
    let Some(schema) = map.get("schema") else {
        return;
    };
    let schema_pointer = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference.strip_prefix('#').unwrap_or(reference).to_owned(),
        None => format!("{pointer}/schema"),
    };
    let Some(type_name) = types.get(schema_pointer.as_str()) else {
        return;
    };
    if let Some(value) = map.get("example") {
        found.push(example(&format!("{pointer}/example"), type_name, value));
    }
    let Some(examples) = map.get("examples").and_then(Value::as_object) else {
        return;
    };
    for (key, entry) in examples {
        let at = format!("{pointer}/examples/{}/value", escape(key));
        let entry = match entry.get("$ref").and_then(Value::as_str) {
            Some(reference) => spec.resolve_pointer(reference),
            None => Some(entry),
        };
        if let Some(value) = entry.and_then(|e| e.get("value")) {
            found.push(example(&at, type_name, value));
        }
    }
}

fn example(at: &str, type_name: &str, value: &Value) -> Example {
    Example {
        at: at.to_owned(),
        type_name: type_name.to_owned(),
        json: value.to_string(),
    }
}

/// A JSON-pointer segment, escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `tests/examples.rs` for the crate `library` (its Rust name): one check
/// per example, a report line on stdout, and no assertion, since the
/// harness compares the report with the record.
pub fn test_file(library: &str, module: &str, examples: &[Example]) -> String {
    let checks: String = examples
        .iter()
        .map(|e| {
            format!(
                "        ({:?}, round_trip::<{library}::{module}::{}>, {:?}),\n",
                e.at, e.type_name, e.json
            )
        })
        .collect();
    format!(
        r##"//! Written by contract-tests/tests/corpus: every example in the spec
//! that belongs to a generated type, parsed, printed back and validated.

use std::panic::{{catch_unwind, AssertUnwindSafe}};

use {library}::Validate;

type Check = fn(&str) -> Result<(), String>;

fn round_trip<T>(json: &str) -> Result<(), String>
where
    T: serde::de::DeserializeOwned + serde::Serialize + Validate,
{{
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not JSON: {{e}}"))?;
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not parse: {{e}}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {{e}}"))?;
    if back != value {{
        return Err("prints back as different JSON".to_owned());
    }}
    typed.validate().map_err(|e| format!("validate(): {{e}}"))
}}

#[test]
fn examples_round_trip() {{
    let checks: [(&str, Check, &str); {count}] = [
{checks}    ];
    let failures: Vec<String> = checks
        .iter()
        .filter_map(|(at, check, json)| {{
            catch_unwind(AssertUnwindSafe(|| check(json)))
                .unwrap_or_else(|_| Err("panicked".to_owned()))
                .err()
                .map(|e| format!("#{{at}}: {{e}}"))
        }})
        .collect();
    let report = serde_json::json!({{
        "crate": env!("CARGO_PKG_NAME"),
        "total": checks.len(),
        "passed": checks.len() - failures.len(),
        "first_failure": failures.first(),
    }});
    println!("{REPORT_PREFIX}{{report}}");
}}
"##,
        count = examples.len(),
    )
}

/// Runs the examples test of every crate given, in one cargo invocation.
pub fn run(
    crates_dir: &Path,
    crates: &[&GeneratedCrate],
    target: &Path,
) -> BTreeMap<String, ExampleRun> {
    let with_examples: Vec<&&GeneratedCrate> =
        crates.iter().filter(|c| !c.examples.is_empty()).collect();
    if with_examples.is_empty() {
        return BTreeMap::new();
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(&cargo);
    command.args(["test", "--offline", "--no-fail-fast", "--test", "examples"]);
    for c in &with_examples {
        command.args(["-p", &c.package]);
    }
    let output = command
        .args(["--", "--nocapture"])
        .current_dir(crates_dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap_or_else(|e| panic!("cargo test does not run: {e}"));
    if !output.status.success() {
        // The record then says which crate reported nothing; the log says why.
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    let by_package: BTreeMap<&str, &str> = with_examples
        .iter()
        .map(|c| (c.package.as_str(), c.name.as_str()))
        .collect();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix(REPORT_PREFIX))
        .filter_map(|json| serde_json::from_str::<ExampleRun>(json).ok())
        .filter_map(|run| {
            let name = by_package.get(run.package.as_str())?;
            Some((name.to_string(), run))
        })
        .collect()
}

/// The `examples` outcome of one crate that generated.
pub fn describe(found: usize, lint: &LintResult, run: Option<&ExampleRun>) -> String {
    if found == 0 {
        return "none found".to_owned();
    }
    if !lint.builds {
        return format!("{found} found; not run: the crate does not build");
    }
    if let Some(error) = &lint.examples_test {
        return format!("{found} found; the examples test does not compile: {error}");
    }
    match run {
        None => format!("{found} found; the examples test reported nothing"),
        Some(run) => match &run.first_failure {
            None => format!("{} of {} round-trip", run.passed, run.total),
            Some(failure) => format!(
                "{} of {} round-trip; first failure: {}",
                run.passed,
                run.total,
                shorten(failure)
            ),
        },
    }
}

/// The first line, at most 200 characters: a record, not a log.
fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}
