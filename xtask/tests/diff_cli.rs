//! `cargo xtask diff` as CI runs it: exit codes with `--fail-on`, the
//! formats on stdout, `REF:path` sides read from git, and the no-argument
//! mode that compares `spec/` at the merge base with the working tree.

mod git;

use git::git;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

const SPEC: &str = "openapi: 3.0.3
info:
  title: Items
  version: '1.0.0'
paths:
  /items/{id}:
    post:
      operationId: updateItem
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Item'
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
components:
  schemas:
    Item:
      type: object
      required:
        - name
      properties:
        name:
          type: string
          maxLength: 45
";

/// The spec with `name`'s maxLength replaced: tighter is an error (the
/// request), looser a warning (the response).
fn with_max_length(max: u32) -> String {
    SPEC.replace("maxLength: 45", &format!("maxLength: {max}"))
}

fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("xtask runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

/// A directory with `old.yaml` and `new.yaml`.
fn pair(old: &str, new: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("old.yaml"), old).expect("write old");
    fs::write(dir.path().join("new.yaml"), new).expect("write new");
    dir
}

/// A repository on branch `main` with `spec/items.yaml` committed.
fn repository() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("spec")).expect("spec dir");
    fs::write(dir.path().join("spec/items.yaml"), SPEC).expect("write spec");
    git(dir.path(), &["init", "--quiet", "--initial-branch=main"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "--quiet", "-m", "spec"]);
    dir
}

#[test]
fn no_change_exits_0() {
    let dir = pair(SPEC, SPEC);
    let output = xtask(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("No API changes."));
}

#[test]
fn a_breaking_change_exits_1() {
    let dir = pair(SPEC, &with_max_length(40));
    let output = xtask(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("request-property-max-length-decreased"),
        "{text}"
    );
    assert!(
        text.contains("new.yaml:37"),
        "the line of maxLength: {text}"
    );
}

/// A deprecated path removed: before its sunset it breaks the promise the
/// deprecation made, after it is expected. `--today` fixes the day, so a
/// CI run is reproducible; a day that is no date is a usage error.
#[test]
fn today_decides_whether_a_removal_comes_before_the_sunset() {
    let deprecated = SPEC.replace(
        "      operationId: updateItem\n",
        "      operationId: updateItem\n      deprecated: true\n      x-sunset: '2030-06-30'\n",
    );
    let removed = SPEC
        .split("paths:\n")
        .next()
        .map(|head| format!("{head}paths: {{}}\n"))
        .expect("a head");
    let dir = pair(&deprecated, &removed);
    let before = xtask(
        dir.path(),
        &["old.yaml", "new.yaml", "--today", "2030-06-29"],
    );
    assert_eq!(code(&before), 1, "{}", stderr(&before));
    assert!(stdout(&before).contains("api-path-removed-before-sunset"));
    let after = xtask(
        dir.path(),
        &["old.yaml", "new.yaml", "--today", "2030-06-30"],
    );
    assert_eq!(code(&after), 0, "{}", stderr(&after));
    assert!(stdout(&after).contains("api-path-removed-with-deprecation"));
    let wrong = xtask(
        dir.path(),
        &["old.yaml", "new.yaml", "--today", "30/06/2030"],
    );
    assert_eq!(code(&wrong), 2);
    assert!(
        stderr(&wrong).contains("expected a date as YYYY-MM-DD"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn fail_on_sets_the_level_that_fails() {
    // Dropping an optional property: a warning for the request (clients
    // may still send it) and for the response (clients may read it).
    let with_note = SPEC.replace(
        "      properties:\n",
        "      properties:\n        note:\n          type: string\n",
    );
    let dir = pair(&with_note, SPEC);
    let default = xtask(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code(&default), 0, "warnings pass by default");
    let strict = xtask(
        dir.path(),
        &["old.yaml", "new.yaml", "--fail-on", "warning"],
    );
    assert_eq!(code(&strict), 1);
    let breaking = pair(SPEC, &with_max_length(40));
    let strict = xtask(
        breaking.path(),
        &["old.yaml", "new.yaml", "--fail-on", "warning"],
    );
    assert_eq!(code(&strict), 1, "errors fail at warning level too");
}

#[test]
fn every_format_goes_to_stdout() {
    let dir = pair(SPEC, &with_max_length(40));
    let json = xtask(dir.path(), &["old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(code(&json), 1);
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(document["version"], 1);
    assert_eq!(document["summary"]["errors"], 1);

    let markdown = xtask(
        dir.path(),
        &["old.yaml", "new.yaml", "--format", "markdown"],
    );
    assert!(stdout(&markdown).starts_with("<!-- openapi-sdkgen:api-diff -->"));

    let github = xtask(dir.path(), &["old.yaml", "new.yaml", "--format", "github"]);
    assert!(
        stdout(&github).starts_with(
            "::error file=new.yaml,line=37,title=request-property-max-length-decreased::"
        ),
        "{}",
        stdout(&github)
    );
}

#[test]
fn usage_and_load_errors_exit_2_naming_the_place() {
    let dir = pair(
        SPEC,
        &SPEC.replace(
            "$ref: '#/components/schemas/Item'\n      responses",
            "$ref: '#/components/schemas/Nope'\n      responses",
        ),
    );
    let missing = xtask(dir.path(), &["old.yaml", "absent.yaml"]);
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("absent.yaml"),
        "{}",
        stderr(&missing)
    );

    let broken = xtask(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code(&broken), 2);
    let message = stderr(&broken);
    assert!(message.contains("new.yaml:20:"), "file and line: {message}");
    assert!(message.contains("#/components/schemas/Nope"), "{message}");

    let usage = xtask(dir.path(), &["old.yaml"]);
    assert_eq!(code(&usage), 2, "NEW is required with OLD");
    let format = xtask(dir.path(), &["old.yaml", "old.yaml", "--format", "yaml"]);
    assert_eq!(code(&format), 2);
}

#[test]
fn ref_path_reads_the_old_side_from_git() {
    let repo = repository();
    fs::write(repo.path().join("spec/items.yaml"), with_max_length(40)).expect("edit");
    let output = xtask(repo.path(), &["HEAD:spec/items.yaml", "spec/items.yaml"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("HEAD:spec/items.yaml → spec/items.yaml"),
        "{text}"
    );

    let bad_ref = xtask(repo.path(), &["nope:spec/items.yaml", "spec/items.yaml"]);
    assert_eq!(code(&bad_ref), 2);
    assert!(
        stderr(&bad_ref).contains("git show --end-of-options nope:spec/items.yaml"),
        "{}",
        stderr(&bad_ref)
    );
}

#[test]
fn without_arguments_spec_is_compared_with_the_merge_base() {
    let repo = repository();
    fs::write(repo.path().join("spec/items.yaml"), with_max_length(40)).expect("edit");
    fs::write(repo.path().join("spec/extra.yaml"), SPEC).expect("new spec");
    let output = xtask(repo.path(), &[]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    // No origin/main in this repository: the fallback is named.
    assert!(
        text.starts_with("Compared with main (origin/main not found; merge base"),
        "{text}"
    );
    let json = xtask(repo.path(), &["--format", "json"]);
    assert!(
        stderr(&json).contains("with main (origin/main not found; merge base"),
        "the base is named beside machine output too: {}",
        stderr(&json)
    );
    assert!(
        text.contains("spec/extra.yaml (new: spec/extra.yaml)"),
        "{text}"
    );
    assert!(
        text.contains("endpoint-added"),
        "a new spec is all added: {text}"
    );
    assert!(
        text.contains("request-property-max-length-decreased"),
        "{text}"
    );

    let clean = repository();
    let output = xtask(clean.path(), &["--base", "main"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("No API changes."));

    let missing = xtask(clean.path(), &["--base", "release"]);
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("release not found"),
        "{}",
        stderr(&missing)
    );
}
