//! oasdiff's own test pairs, diffed here, our verdict held to theirs.
//!
//! `corpus/oasdiff-cases.yaml` lists the spec pairs oasdiff's checker tests
//! (`checker/*_test.go`, oasdiff/oasdiff at the commit its header names)
//! diff, and what each test asserts: the rule ids reported, at which
//! level, and whether that list is complete. This test diffs every pair
//! with our diff, keeps what oasdiff's run would have kept (changes at or
//! above the test's level; for a single-check test only the ids that check
//! can report, per `check_ids`), and judges each case:
//!
//! - `agree`: the verdict (some change is an error, or none is) is
//!   oasdiff's, and every asserted id we know is reported;
//! - `deliberate`: it differs only where the project judges otherwise on
//!   purpose (`levels::PROJECT`, each with its reason) or reports a rule of
//!   its own instead of oasdiff's (`levels::REPORTED_INSTEAD`);
//! - otherwise what differs: the verdict, ids we know but did not report,
//!   ids we do not have (`uncovered`), or a document we could not read.
//!
//! The judgements are recorded in `corpus/oasdiff-expected.yaml`; any
//! change fails the test, so an improvement is recorded on purpose and a
//! regression cannot slip in. Re-record with `SDKGEN_CORPUS_UPDATE=1` and
//! read the diff.
//!
//! oasdiff's `data/` folder (Apache-2.0) is not committed here: the test
//! reads it from `$SDKGEN_OASDIFF_DIR`, else `../shared/oasdiff` beside the
//! checkout (a copy of the repository's `data/` and `LICENSE`). Without it
//! the test says so and passes; `SDKGEN_CORPUS_REQUIRED=1` makes that a
//! failure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use openapi_sdkgen::diff::levels::{origin, Origin, REPORTED_INSTEAD};
use openapi_sdkgen::diff::rules::catalogue;
use openapi_sdkgen::diff::{diff_models, Level, Side};
use openapi_sdkgen::front::read_api;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Manifest {
    cases: Vec<Case>,
    check_ids: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct Case {
    test: String,
    #[serde(default)]
    subtest: Option<String>,
    #[serde(default)]
    step: Option<serde_yaml::Value>,
    base: String,
    revision: String,
    checks: String,
    #[serde(default)]
    check: Option<String>,
    min_level: String,
    #[serde(default)]
    expect: Vec<Expected>,
    #[serde(default)]
    exact: bool,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    any_of: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    id: String,
    level: String,
}

/// Ids oasdiff's test helpers switch off (its versioning policy), and the
/// stability policy it runs whatever checks are selected.
const SWITCHED_OFF: [&str; 3] = [
    "api-version-not-bumped",
    "api-version-decreased",
    "api-major-version-not-bumped",
];

fn level(text: &str) -> Level {
    match text {
        "ERR" => Level::Error,
        "WARN" => Level::Warning,
        _ => Level::Info,
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is inside the workspace")
        .to_path_buf()
}

fn data_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("SDKGEN_OASDIFF_DIR").map(PathBuf::from),
        Some(repo_root().join("../shared/oasdiff")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|dir| dir.join("data").is_dir())
}

fn side(dir: &Path, file: &str) -> Result<Side, String> {
    let spec = openapi_sdkgen::load(&dir.join(file)).map_err(|e| first_line(&e.to_string()))?;
    let api = read_api(&spec).map_err(|e| first_line(&e.to_string()))?;
    Ok(Side {
        label: file.to_owned(),
        path: file.to_owned(),
        module: "api".to_owned(),
        api: Some(api),
        // The SDK surface is not part of oasdiff's verdict.
        model: None,
        model_error: Some("not built".to_owned()),
        source_map: spec.source_map.clone(),
    })
}

/// An error's first line, without the machine-specific directory.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.find("data/") {
        Some(start) => line[start..].to_owned(),
        None => line.to_owned(),
    }
}

fn judge(dir: &Path, case: &Case, manifest: &Manifest, known: &BTreeSet<String>) -> String {
    let (old, new) = match (side(dir, &case.base), side(dir, &case.revision)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return format!("cannot read: {error}"),
    };
    let report = match diff_models(&old, &new) {
        Ok(report) => report,
        Err(error) => return format!("cannot diff: {}", first_line(&error.to_string())),
    };
    let floor = level(&case.min_level);
    let selected = match (case.checks.as_str(), &case.check) {
        ("single", Some(check)) => manifest.check_ids.get(check),
        _ => None,
    };
    let ours: Vec<(&str, Level)> = report
        .changes
        .iter()
        .filter(|c| c.level >= floor && !SWITCHED_OFF.contains(&c.rule.as_str()))
        .filter(|c| {
            // A rule reported instead of one of the check's stays too.
            let stands_for = |ids: &Vec<String>| {
                REPORTED_INSTEAD.iter().any(|(ours, theirs)| {
                    *ours == c.rule && theirs.iter().any(|id| ids.iter().any(|i| i == id))
                })
            };
            // rules.go files each id under one check, yet a check may
            // report an id filed under another (APISunsetChangedCheck
            // reports api-path-sunset-parse): what the test asserts it
            // reports counts as the check's too.
            let asserted = case.expect.iter().any(|e| e.id == c.rule);
            selected.is_none_or(|ids| {
                ids.contains(&c.rule) || asserted || c.rule.contains("stability") || stands_for(ids)
            })
        })
        .map(|c| (c.rule.as_str(), c.level))
        .collect();
    let reported = |id: &str| ours.iter().any(|(rule, _)| *rule == id);
    let instead = |id: &str| {
        REPORTED_INSTEAD
            .iter()
            .find(|(ours, theirs)| theirs.contains(&id) && reported(ours))
            .map(|(ours, _)| *ours)
    };
    let mut problems = Vec::new();
    let mut deliberate = BTreeSet::new();
    let asserted_error = case.expect.iter().any(|e| level(&e.level) == Level::Error);
    // Without a complete list, only an asserted error decides the verdict.
    if case.exact || asserted_error {
        let errors: Vec<&str> = ours
            .iter()
            .filter(|(_, l)| *l == Level::Error)
            .map(|(rule, _)| *rule)
            .collect();
        let ours_error = !errors.is_empty();
        let on_purpose = errors
            .iter()
            .all(|rule| matches!(origin(rule), Origin::Project(_)));
        if ours_error && !asserted_error && on_purpose {
            deliberate.extend(errors.iter().map(|rule| rule.to_string()));
        } else if ours_error != asserted_error {
            let word = |breaking: bool| if breaking { "breaking" } else { "not breaking" };
            problems.push(format!(
                "verdict {} (oasdiff: {})",
                word(ours_error),
                word(asserted_error)
            ));
        }
    }
    let (missing, uncovered): (Vec<&str>, Vec<&str>) = case
        .expect
        .iter()
        .map(|e| e.id.as_str())
        .filter(|id| !reported(id))
        .filter(|id| match instead(id) {
            Some(ours) => !deliberate.insert(format!("{ours} for {id}")),
            None => true,
        })
        .partition(|id| known.contains(*id));
    if !missing.is_empty() {
        problems.push(format!("missing {}", missing.join(", ")));
    }
    if !uncovered.is_empty() {
        problems.push(format!("uncovered {}", uncovered.join(", ")));
    }
    let unwanted: Vec<&str> = case
        .absent
        .iter()
        .map(String::as_str)
        .filter(|id| reported(id))
        .collect();
    if !unwanted.is_empty() {
        problems.push(format!("reported {}", unwanted.join(", ")));
    }
    if !case.any_of.is_empty() && !case.any_of.iter().any(|id| reported(id)) {
        problems.push(format!("none of {}", case.any_of.join(", ")));
    }
    match (problems.is_empty(), deliberate.is_empty()) {
        (true, true) => "agree".to_owned(),
        (true, false) => format!(
            "deliberate: {}",
            deliberate.into_iter().collect::<Vec<_>>().join(", ")
        ),
        (false, _) => problems.join("; "),
    }
}

fn key(case: &Case) -> String {
    let mut key = case.test.clone();
    if let Some(subtest) = &case.subtest {
        key.push_str(&format!("/{subtest}"));
    }
    if let Some(step) = &case.step {
        let step = serde_yaml::to_string(step).unwrap_or_default();
        key.push_str(&format!("#{}", step.trim()));
    }
    key
}

#[test]
fn oasdiff_test_pairs_get_oasdiffs_verdict() {
    let Some(dir) = data_dir() else {
        let required = std::env::var_os("SDKGEN_CORPUS_REQUIRED").is_some_and(|v| v == "1");
        assert!(
            !required,
            "oasdiff's data/ was not found in $SDKGEN_OASDIFF_DIR or ../shared/oasdiff"
        );
        eprintln!("oasdiff's data/ not found ($SDKGEN_OASDIFF_DIR, ../shared/oasdiff): skipped");
        return;
    };
    let root = repo_root();
    let text = std::fs::read_to_string(root.join("corpus/oasdiff-cases.yaml"))
        .expect("corpus/oasdiff-cases.yaml is committed");
    let manifest: Manifest = serde_yaml::from_str(&text).expect("the case list parses");
    let known: BTreeSet<String> = catalogue().into_iter().map(|r| r.id.into_owned()).collect();
    let mut judged = BTreeMap::new();
    for case in &manifest.cases {
        judged.insert(key(case), judge(&dir, case, &manifest, &known));
    }
    let agree = judged.values().filter(|v| *v == "agree").count();
    let deliberate = judged
        .values()
        .filter(|v| v.starts_with("deliberate"))
        .count();
    let verdicts = judged.values().filter(|v| !v.contains("verdict")).count();
    let mut recorded = format!(
        "# Written by generator/tests/oasdiff_cases.rs (SDKGEN_CORPUS_UPDATE=1); do not edit.\n\
         # {} cases: {agree} agree in full, {deliberate} differ only on purpose; \
         {verdicts} have oasdiff's verdict or differ from it on purpose.\n",
        judged.len()
    );
    recorded.push_str(&serde_yaml::to_string(&judged).expect("a map of strings serializes"));
    let path = root.join("corpus/oasdiff-expected.yaml");
    if std::env::var_os("SDKGEN_CORPUS_UPDATE").is_some_and(|v| v == "1") {
        std::fs::write(&path, &recorded).expect("the record is writable");
        return;
    }
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    if before != recorded {
        let diff = similar::TextDiff::from_lines(&before, &recorded)
            .unified_diff()
            .header("recorded", "now")
            .to_string();
        panic!("oasdiff case outcomes changed (re-record with SDKGEN_CORPUS_UPDATE=1 and read the diff):\n{diff}");
    }
}
