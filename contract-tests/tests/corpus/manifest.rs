//! `corpus/sources.yaml`: where each document came from, under which
//! licence, and the exact bytes (size and SHA-256) the outcomes were
//! recorded against.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub documents: Vec<Document>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The document's name in the corpus, its outcome's key and the
    /// directory of its generated crate.
    pub name: String,
    /// File name in the corpus directory: `<name>.yaml` or `<name>.json`.
    pub file: String,
    /// Which part of the corpus it belongs to (README table sections).
    pub group: String,
    pub repository: String,
    pub path: String,
    pub commit: String,
    /// SPDX identifier of the licence the document is kept under.
    pub licence: String,
    /// The licence text, relative to the corpus directory.
    pub licence_file: String,
    pub bytes: u64,
    pub sha256: String,
    /// Too slow to compile in CI; `corpus/run-large.sh` compiles it.
    #[serde(default)]
    pub large: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// Where the documents were found, or every place looked in.
pub enum CorpusDir {
    Found(PathBuf),
    Missing(Vec<String>),
}

impl Manifest {
    pub fn read(path: &Path) -> Self {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Everything wrong with the manifest itself, and every document that
    /// has no recorded outcome (or an outcome without a document).
    pub fn problems(&self, recorded: &BTreeSet<String>) -> Vec<String> {
        let mut problems = Vec::new();
        let mut names = BTreeSet::new();
        for document in &self.documents {
            let name = &document.name;
            if !names.insert(name.clone()) {
                problems.push(format!("{name}: listed twice"));
            }
            problems.extend(
                document
                    .problems()
                    .into_iter()
                    .map(|p| format!("{name}: {p}")),
            );
        }
        for missing in names.difference(recorded) {
            problems.push(format!("{missing}: no outcome in corpus/expected.yaml"));
        }
        for extra in recorded.difference(&names) {
            problems.push(format!(
                "{extra}: in corpus/expected.yaml but not in corpus/sources.yaml"
            ));
        }
        problems
    }

    /// The first of `$SDKGEN_CORPUS_DIR`, `corpus/` and `../shared/corpus/`
    /// that holds any of the documents.
    pub fn locate(&self, root: &Path) -> CorpusDir {
        let mut candidates = Vec::new();
        if let Some(dir) = std::env::var_os("SDKGEN_CORPUS_DIR") {
            candidates.push(PathBuf::from(dir));
        }
        candidates.push(root.join("corpus"));
        if let Some(parent) = root.parent() {
            candidates.push(parent.join("shared/corpus"));
        }
        let holds_documents =
            |dir: &Path| self.documents.iter().any(|d| dir.join(&d.file).is_file());
        match candidates.iter().find(|dir| holds_documents(dir)) {
            Some(dir) => CorpusDir::Found(dir.clone()),
            None => CorpusDir::Missing(
                candidates
                    .iter()
                    .map(|dir| dir.display().to_string())
                    .collect(),
            ),
        }
    }

    /// Panics unless every document is in `dir` with the recorded bytes:
    /// an outcome only means something for the document it was recorded on.
    pub fn verify_documents(&self, dir: &Path) {
        let wrong: Vec<String> = self
            .documents
            .iter()
            .filter_map(|d| d.mismatch(dir))
            .collect();
        assert!(
            wrong.is_empty(),
            "corpus documents in {} differ from corpus/sources.yaml:\n{}",
            dir.display(),
            wrong.join("\n")
        );
    }
}

impl Document {
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let stem_ok = !self.name.is_empty()
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !stem_ok {
            problems.push("name must be lower-case ASCII letters, digits and `-`".into());
        }
        if self.file != format!("{}.yaml", self.name) && self.file != format!("{}.json", self.name)
        {
            problems.push(format!("file `{}` is not `<name>.yaml|json`", self.file));
        }
        if !self.repository.starts_with("https://github.com/") {
            problems.push("repository is not a GitHub URL".into());
        }
        if self.commit.len() != 40 || !self.commit.chars().all(|c| c.is_ascii_hexdigit()) {
            problems.push("commit is not a full 40-digit hash".into());
        }
        if self.sha256.len() != 64 || !self.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            problems.push("sha256 is not 64 hex digits".into());
        }
        for (field, value) in [
            ("group", &self.group),
            ("path", &self.path),
            ("licence", &self.licence),
            ("licence_file", &self.licence_file),
        ] {
            if value.trim().is_empty() {
                problems.push(format!("{field} is empty"));
            }
        }
        if self.note.as_deref().is_some_and(|n| n.trim().is_empty()) {
            problems.push("note is empty; leave it out instead".into());
        }
        problems
    }

    fn mismatch(&self, dir: &Path) -> Option<String> {
        let path = dir.join(&self.file);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => return Some(format!("{}: {e}", self.file)),
        };
        let sha256: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        (bytes.len() as u64 != self.bytes || sha256 != self.sha256).then(|| {
            format!(
                "{}: {} bytes, sha256 {sha256}; recorded {} bytes, sha256 {}",
                self.file,
                bytes.len(),
                self.bytes,
                self.sha256
            )
        })
    }
}
