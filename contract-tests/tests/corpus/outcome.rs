//! What happened to each document, and `corpus/expected.yaml`, the record
//! it is compared with.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// One stage's outcome, or `None` when this run did not attempt the stage
/// (a large document's compile in CI): its record is then neither checked
/// nor overwritten.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stage(Option<String>);

impl Stage {
    pub fn done(text: &str) -> Self {
        Stage(Some(text.to_owned()))
    }
}

/// This run's outcome for one document.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    pub generate: Stage,
    pub compile: Stage,
    pub examples: Stage,
    /// `diff` and `validate` on the document (see `review.rs`).
    pub review: Stage,
}

/// A recorded outcome: the text of each stage, stable from run to run (no
/// absolute paths, no timings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    pub generate: String,
    pub compile: String,
    pub examples: String,
    #[serde(default)]
    pub review: String,
}

#[derive(Debug, Default)]
pub struct Expectations(BTreeMap<String, Recorded>);

const HEADER: &str = "\
# Outcome of every corpus document, as contract-tests/tests/corpus records it.
# The test fails when any outcome differs, better or worse: after a change to
# the generator, re-record with
#   SDKGEN_CORPUS_UPDATE=1 cargo test -p contract-tests --test corpus
# and read `git diff corpus/expected.yaml` before committing it.
# Large documents' compile and examples are re-recorded by corpus/run-large.sh.
";

impl Expectations {
    pub fn read(path: &Path) -> Self {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Expectations(
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        )
    }

    pub fn names(&self) -> BTreeSet<String> {
        self.0.keys().cloned().collect()
    }

    /// One line per stage whose outcome is not the recorded one.
    pub fn differences(&self, actual: &BTreeMap<String, Outcome>) -> Vec<String> {
        let mut lines = Vec::new();
        for (name, outcome) in actual {
            let Some(recorded) = self.0.get(name) else {
                lines.push(format!("{name}: no outcome recorded"));
                continue;
            };
            for (stage, now, before) in [
                ("generate", &outcome.generate, &recorded.generate),
                ("compile", &outcome.compile, &recorded.compile),
                ("examples", &outcome.examples, &recorded.examples),
                ("review", &outcome.review, &recorded.review),
            ] {
                if let Stage(Some(now)) = now {
                    if now != before {
                        lines.push(format!(
                            "{name}: {stage}:\n    recorded: {before}\n    now:      {now}"
                        ));
                    }
                }
            }
        }
        lines
    }

    /// The record with this run's outcomes written over it; stages the run
    /// did not attempt keep what was recorded.
    pub fn updated(&self, actual: &BTreeMap<String, Outcome>) -> Self {
        let keep = |now: &Stage, before: Option<&String>| match (now, before) {
            (Stage(Some(now)), _) => now.clone(),
            (Stage(None), Some(before)) => before.clone(),
            (Stage(None), None) => "not run yet (corpus/run-large.sh)".to_owned(),
        };
        let records = actual
            .iter()
            .map(|(name, outcome)| {
                let before = self.0.get(name);
                let record = Recorded {
                    generate: keep(&outcome.generate, before.map(|r| &r.generate)),
                    compile: keep(&outcome.compile, before.map(|r| &r.compile)),
                    examples: keep(&outcome.examples, before.map(|r| &r.examples)),
                    review: keep(&outcome.review, before.map(|r| &r.review)),
                };
                (name.clone(), record)
            })
            .collect();
        Expectations(records)
    }

    pub fn write(&self, path: &Path) {
        let body = serde_yaml::to_string(&self.0).expect("strings always serialize");
        std::fs::write(path, format!("{HEADER}{body}"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(generate: &str, compile: &str) -> Recorded {
        Recorded {
            generate: generate.into(),
            compile: compile.into(),
            examples: "none found".into(),
            review: "diff: 0 changes against itself".into(),
        }
    }

    fn outcome(generate: &str, compile: Option<&str>) -> Outcome {
        Outcome {
            generate: Stage::done(generate),
            compile: Stage(compile.map(str::to_owned)),
            examples: Stage::done("none found"),
            review: Stage::done("diff: 0 changes against itself"),
        }
    }

    #[test]
    fn an_improvement_is_a_difference_too() {
        let expected = Expectations(BTreeMap::from([(
            "a".into(),
            record("refused: x", "not attempted"),
        )]));
        let actual = BTreeMap::from([("a".into(), outcome("ok", Some("ok")))]);
        assert_eq!(expected.differences(&actual).len(), 2);
    }

    #[test]
    fn a_stage_not_attempted_is_neither_compared_nor_overwritten() {
        let expected = Expectations(BTreeMap::from([("a".into(), record("ok", "fails: E0412"))]));
        let actual = BTreeMap::from([("a".into(), outcome("ok", None))]);
        assert!(expected.differences(&actual).is_empty());
        assert_eq!(expected.updated(&actual).0["a"].compile, "fails: E0412");
    }
}
