//! A spec split over several files (`$ref`s by relative path), through
//! every command that reads one: `codegen` (and `--check`, which must see
//! a change to a referenced file), `validate`, `diff` (with the old side
//! from git) and `mock`; and oasdiff's own split example, when its data is
//! beside the checkout.

mod git;

use git::git;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

const ROOT: &str = "openapi: 3.0.3
info:
  title: Items
  version: '1.0.0'
paths:
  /items/{id}:
    $ref: 'paths/item.yaml'
components:
  schemas:
    Item:
      $ref: 'schemas/item.yaml'
";

const PATH_ITEM: &str = "post:
  operationId: updateItem
  parameters:
    - $ref: '../parameters.yaml#/id'
  requestBody:
    required: true
    content:
      application/json:
        schema:
          $ref: '../api.yaml#/components/schemas/Item'
  responses:
    '200':
      description: The item.
      content:
        application/json:
          schema:
            $ref: '../schemas/item.yaml'
";

const PARAMETERS: &str = "id:
  name: id
  in: path
  required: true
  schema:
    type: string
";

const ITEM: &str = "type: object
required:
  - name
properties:
  name:
    type: string
    maxLength: 45
  tags:
    type: array
    items:
      $ref: './tag.yaml'
";

const TAG: &str = "type: string
example:
  $ref: 'not-a-file.yaml'
";

/// The split spec in `dir`, with `item` as `schemas/item.yaml`.
fn write_spec(dir: &Path, item: &str) {
    for (path, text) in [
        ("api.yaml", ROOT),
        ("paths/item.yaml", PATH_ITEM),
        ("parameters.yaml", PARAMETERS),
        ("schemas/item.yaml", item),
        ("schemas/tag.yaml", TAG),
    ] {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        fs::write(path, text).expect("a file");
    }
}

fn split_spec(item: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write_spec(dir.path(), item);
    dir
}

fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("xtask runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn codegen_reads_every_file_and_check_sees_a_change_in_a_referenced_one() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let codegen = ["codegen", "--spec", "spec/api.yaml", "--out", "sdk"];
    let check = [
        "codegen",
        "--check",
        "--spec",
        "spec/api.yaml",
        "--out",
        "sdk",
    ];
    // The spec in a subdirectory: the output goes beside it.
    let spec_dir = dir.path().join("spec");
    fs::create_dir(&spec_dir).expect("spec dir");
    write_spec(&spec_dir, ITEM);

    let written = xtask(dir.path(), &codegen);
    assert!(written.status.success(), "{}", text(&written));
    assert!(
        text(&written).contains(
            "spec/api.yaml (with spec/parameters.yaml, spec/paths/item.yaml, spec/schemas/item.yaml, spec/schemas/tag.yaml) → sdk/src/api"
        ),
        "codegen names the files it read: {}",
        text(&written)
    );
    let models = fs::read_to_string(dir.path().join("sdk/src/api/models.rs")).expect("models");
    assert!(models.contains("pub struct Item"), "{models}");
    assert!(
        models.contains("45"),
        "the referenced maxLength is checked: {models}"
    );
    let fresh = xtask(dir.path(), &check);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh));

    // Only a referenced file changes: --check fails, then passes again
    // once the output is regenerated.
    fs::write(
        spec_dir.join("schemas/item.yaml"),
        ITEM.replace("maxLength: 45", "maxLength: 40"),
    )
    .expect("edit");
    let stale = xtask(dir.path(), &check);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale));
    assert!(text(&stale).contains("models.rs"), "{}", text(&stale));
    let regenerated = xtask(dir.path(), &codegen);
    assert!(regenerated.status.success(), "{}", text(&regenerated));
    let fresh = xtask(dir.path(), &check);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh));
}

#[test]
fn an_error_in_a_referenced_file_names_that_file_line_and_pointer() {
    let dir = split_spec(&ITEM.replace("'./tag.yaml'", "'https://example.com/tag.yaml'"));
    let output = xtask(
        dir.path(),
        &["codegen", "--spec", "api.yaml", "--out", "sdk"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output)
            .contains("schemas/item.yaml:11:7: $ref `https://example.com/tag.yaml` is a URL"),
        "{}",
        text(&output)
    );
    assert!(
        text(&output).contains("(at #/properties/tags/items/$ref)"),
        "{}",
        text(&output)
    );
    assert!(!dir.path().join("sdk").exists(), "nothing is written");
}

#[test]
fn validate_checks_a_payload_against_a_schema_from_another_file() {
    let dir = split_spec(ITEM);
    let long = format!("{{\"name\": \"{}\", \"tags\": [\"a\"]}}", "x".repeat(46));
    fs::write(dir.path().join("long.json"), long).expect("payload");
    fs::write(
        dir.path().join("ok.json"),
        "{\"name\": \"x\", \"tags\": [\"a\"]}",
    )
    .expect("payload");
    let validate = |file: &str| {
        xtask(
            dir.path(),
            &[
                "validate",
                "--spec",
                "api.yaml",
                "--operation",
                "updateItem",
                file,
            ],
        )
    };
    let ok = validate("ok.json");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let long = validate("long.json");
    assert_eq!(long.status.code(), Some(1), "{}", text(&long));
    assert!(text(&long).contains("/name"), "{}", text(&long));
}

#[test]
fn diff_compares_what_the_referenced_files_say() {
    let old = split_spec(ITEM);
    let new = split_spec(&ITEM.replace("maxLength: 45", "maxLength: 40"));
    let old_spec = old.path().join("api.yaml");
    let new_spec = new.path().join("api.yaml");
    let output = xtask(
        old.path(),
        &[
            "diff",
            &old_spec.to_string_lossy(),
            &new_spec.to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("request-property-max-length-decreased"),
        "{}",
        text(&output)
    );
    let same = xtask(
        old.path(),
        &[
            "diff",
            &old_spec.to_string_lossy(),
            &old_spec.to_string_lossy(),
        ],
    );
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
}

/// oasdiff's `data/ref-chain-example` (Apache-2.0): a schema in
/// `schemas/pet.yaml`, whose `id` stops being required. Read from
/// `$SDKGEN_OASDIFF_DIR` or `../shared/oasdiff` beside the checkout, as
/// `generator/tests/oasdiff_cases.rs` does; skipped when absent.
fn oasdiff_example() -> Option<PathBuf> {
    let dir = std::env::var_os("SDKGEN_OASDIFF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/oasdiff"));
    let example = dir.join("data/ref-chain-example");
    example
        .join("base/openapi.yaml")
        .is_file()
        .then_some(example)
}

#[test]
fn oasdiffs_split_example_is_read_and_its_change_reported() {
    let Some(example) = oasdiff_example() else {
        eprintln!("oasdiff's data is not beside the checkout; skipped");
        return;
    };
    let base = example.join("base/openapi.yaml");
    let revision = example.join("revision/openapi.yaml");
    let output = xtask(
        &example,
        &["diff", &base.to_string_lossy(), &revision.to_string_lossy()],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("response-property-became-optional"),
        "{}",
        text(&output)
    );
    let temp = tempfile::tempdir().expect("a temporary directory");
    let out = temp.path().join("sdk");
    let codegen = xtask(
        &example,
        &[
            "codegen",
            "--spec",
            &revision.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ],
    );
    assert!(codegen.status.success(), "{}", text(&codegen));
    assert!(
        text(&codegen).contains("schemas/pet.yaml"),
        "{}",
        text(&codegen)
    );
}

/// A repository on `main` with the split spec committed in `spec/`, its
/// referenced files in `spec/items/` (every top-level file of `spec/` is
/// a spec of its own).
fn repository() -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = dir.path().join("spec");
    write_spec(&spec.join("items"), ITEM);
    fs::rename(spec.join("items/api.yaml"), spec.join("items.yaml")).expect("move");
    let root = fs::read_to_string(spec.join("items.yaml")).expect("root");
    let root = root
        .replace("'paths/", "'items/paths/")
        .replace("'schemas/", "'items/schemas/");
    fs::write(spec.join("items.yaml"), root).expect("root");
    let item = fs::read_to_string(spec.join("items/paths/item.yaml")).expect("path item");
    fs::write(
        spec.join("items/paths/item.yaml"),
        item.replace("'../api.yaml#", "'../../items.yaml#"),
    )
    .expect("path item");
    git(dir.path(), &["init", "--quiet", "--initial-branch=main"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "--quiet", "-m", "spec"]);
    dir
}

#[test]
fn the_old_side_from_git_reads_its_referenced_files_from_the_same_revision() {
    let repo = repository();
    let item = repo.path().join("spec/items/schemas/item.yaml");
    fs::write(&item, ITEM.replace("maxLength: 45", "maxLength: 40")).expect("edit");
    let output = xtask(
        repo.path(),
        &["diff", "HEAD:spec/items.yaml", "spec/items.yaml"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("request-property-max-length-decreased"),
        "{}",
        text(&output)
    );
    // With no arguments: spec/ at the merge base against the working tree.
    let output = xtask(repo.path(), &["diff", "--base", "main"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("request-property-max-length-decreased"),
        "{}",
        text(&output)
    );
    // A change in the committed referenced file only: the old side reads
    // it from HEAD, not from the working tree.
    git(repo.path(), &["commit", "--quiet", "-am", "tighter"]);
    let output = xtask(
        repo.path(),
        &["diff", "HEAD~1:spec/items.yaml", "HEAD:spec/items.yaml"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let same = xtask(
        repo.path(),
        &["diff", "HEAD:spec/items.yaml", "spec/items.yaml"],
    );
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
}

#[cfg(unix)]
#[test]
fn a_symlink_committed_to_git_is_not_followed() {
    let repo = repository();
    let tag = repo.path().join("spec/items/schemas/tag.yaml");
    fs::remove_file(&tag).expect("remove");
    std::os::unix::fs::symlink("/etc/hostname", &tag).expect("a symlink");
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "--quiet", "-m", "link"]);
    let output = xtask(
        repo.path(),
        &["diff", "HEAD:spec/items.yaml", "HEAD:spec/items.yaml"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("HEAD:spec/items/schemas/item.yaml:11:7: cannot read the file $ref `./tag.yaml` names: not a regular file (a symbolic link is not followed)"),
        "{}",
        text(&output)
    );
}

/// A raw HTTP/1.1 POST of a JSON body; the status line of the answer.
#[cfg(unix)]
fn post(address: &str, path: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    answer.lines().next().unwrap_or_default().to_owned()
}

#[cfg(unix)]
#[test]
fn the_mock_serves_a_split_spec_and_holds_requests_to_the_referenced_schema() {
    use std::io::BufRead;
    let dir = split_spec(ITEM);
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["mock", "--spec", "api.yaml", "--port", "0"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("xtask starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a line");
    let address = line.trim().trim_start_matches("http://").to_owned();
    let ok = post(&address, "/items/7", "{\"name\": \"x\"}");
    let long = format!("{{\"name\": \"{}\"}}", "x".repeat(46));
    let refused = post(&address, "/items/7", &long);
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok.contains(" 200 "), "{ok} (mock said {line:?})");
    assert!(
        refused.contains(" 400 ") || refused.contains(" 422 "),
        "{refused}"
    );
}
