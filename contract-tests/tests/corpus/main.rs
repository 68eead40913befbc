//! The corpus: public OpenAPI 3.0 documents other people wrote
//! (`corpus/sources.yaml`, `corpus/README.md`), run through the whole
//! pipeline and compared with what `corpus/expected.yaml` records.
//!
//! For every document: load, model and emit a crate (`generate`); then all
//! crates that generated are linted as one cargo workspace, offline, with
//! warnings denied (`compile`); then every `example` in the document that
//! belongs to a component schema is parsed into its generated type, printed
//! back and validated (`examples`); and the reviewing tools, `diff` and
//! `validate`, run on every document (`review`). Most documents fail today, so the test
//! does not ask for success: it fails when any outcome differs from the
//! recorded one, a regression and an improvement alike. Re-record with
//! `SDKGEN_CORPUS_UPDATE=1` and read the diff, as with insta snapshots.
//!
//! The documents themselves are test data kept outside this repository
//! (see `corpus/README.md`): the test looks in `$SDKGEN_CORPUS_DIR`, then
//! `corpus/`, then `../shared/corpus/` beside the checkout.

mod compile;
mod examples;
mod generate;
mod manifest;
mod outcome;
mod review;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use manifest::{CorpusDir, Manifest};
use outcome::{Expectations, Outcome, Stage};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("contract-tests sits in the workspace")
        .to_path_buf()
}

/// `SDKGEN_CORPUS_LARGE=1` compiles the large documents too
/// (`corpus/run-large.sh`); CI generates them but does not compile them.
fn include_large() -> bool {
    std::env::var_os("SDKGEN_CORPUS_LARGE").is_some_and(|v| v == "1")
}

#[test]
fn every_corpus_document_has_a_source_a_licence_and_a_recorded_outcome() {
    let root = repo_root();
    let manifest = Manifest::read(&root.join("corpus/sources.yaml"));
    let expected = Expectations::read(&root.join("corpus/expected.yaml"));
    let problems = manifest.problems(&expected.names());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn corpus_outcomes_match_the_recorded_expectations() {
    let root = repo_root();
    let manifest = Manifest::read(&root.join("corpus/sources.yaml"));
    let expectations_file = root.join("corpus/expected.yaml");
    let expected = Expectations::read(&expectations_file);
    let documents = match manifest.locate(&root) {
        CorpusDir::Found(dir) => dir,
        CorpusDir::Missing(looked_in) => {
            let required = std::env::var_os("SDKGEN_CORPUS_REQUIRED").is_some_and(|v| v == "1");
            let message = format!(
                "corpus documents not found; looked in: {}; see corpus/README.md",
                looked_in.join(", ")
            );
            assert!(!required, "{message}");
            eprintln!("skipped: {message}");
            return;
        }
    };
    manifest.verify_documents(&documents);

    let work = root.join("target/corpus");
    let crates_dir = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates_dir);
    let mut actual: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut generated = Vec::new();
    for document in &manifest.documents {
        let path = documents.join(&document.file);
        let mut outcome = Outcome {
            review: Stage::done(&review::review(&path)),
            ..Outcome::default()
        };
        match generate::generate(document, &path, &crates_dir) {
            Ok(crate_) => {
                outcome.generate = Stage::done("ok");
                if document.large && !include_large() {
                    eprintln!(
                        "{}: generated; compiled only by corpus/run-large.sh",
                        document.name
                    );
                } else {
                    generated.push(crate_);
                }
            }
            Err(first_line) => {
                outcome.generate = Stage::done(&format!("refused: {first_line}"));
                outcome.compile = Stage::done("not attempted");
                outcome.examples = Stage::done("not attempted");
            }
        }
        actual.insert(document.name.clone(), outcome);
    }

    let lock = root.join("Cargo.lock");
    // The constructs test builds the same dependencies with the same
    // profile; sharing its target directory compiles them once.
    let target = root.join("target/constructs-build");
    let compiled = compile::lint_workspace(&crates_dir, &generated, &lock, &target);
    let runnable: Vec<_> = generated
        .iter()
        .filter(|c| compiled.get(&c.name).is_some_and(|r| r.builds))
        .collect();
    let examples_run = examples::run(&crates_dir, &runnable, &target);
    for crate_ in &generated {
        let outcome = actual
            .get_mut(&crate_.name)
            .expect("every crate has an outcome");
        let result = &compiled[&crate_.name];
        outcome.compile = Stage::done(&result.library);
        outcome.examples = Stage::done(&examples::describe(
            crate_.examples.len(),
            result,
            examples_run.get(&crate_.name),
        ));
    }

    let differences = expected.differences(&actual);
    if std::env::var_os("SDKGEN_CORPUS_UPDATE").is_some_and(|v| v == "1") {
        expected.updated(&actual).write(&expectations_file);
        eprintln!("corpus/expected.yaml re-recorded; read `git diff corpus/expected.yaml`");
        return;
    }
    assert!(
        differences.is_empty(),
        "corpus outcomes differ from corpus/expected.yaml (re-record with \
         SDKGEN_CORPUS_UPDATE=1 and read the diff):\n{}",
        differences.join("\n")
    );
}
