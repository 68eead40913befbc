//! `cargo xtask codegen` with a hostile spec or a careless `--out`: the
//! generated crate holds the spec's text only as escaped data (no manifest
//! key, no hidden character, no code), its name and version are ones cargo
//! accepts, nothing the generator did not write is deleted, and the command
//! works on the checkout it runs in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::common::{repo_root, text, xtask_in};
use super::git::git;

/// Every string a spec puts in a generated file, each trying to break out:
/// a version that closes its TOML string and adds a build script, a title
/// that adds a dependency, CR, bidi overrides, terminal escapes, line
/// separators, a comment closer, a doc test, and a `{placeholder}` in a
/// discriminator tag that lands in a `format!` string.
const HOSTILE_SPEC: &str = r#"openapi: 3.0.3
info:
  title: "Evil\"]\n[dependencies]\nevil = { path = \"/tmp/evil\" }\n\u202E title"
  version: "1.0.0\"\nbuild = \"evil.rs"
  description: "Line one\rfn injected() {}\r\n\u202E reversed \u2066 isolate \u2069 \e[31m red \0 nul \u2028 separator */ /* \x7f\n\n```\nstd::process::abort();\n```\n\n    std::process::abort();"
security:
  - key: []
servers:
  - url: https://api.example.com/v1
    description: "Production\u202E\r"
    x-server-name: production
paths:
  /things/{id}:
    get:
      operationId: getThing
      summary: "Get\r a thing \u202E"
      description: "Fetches\u2029 one.\u200B"
      parameters:
        - name: id
          in: path
          required: true
          description: "The id\u202D"
          schema:
            type: string
      responses:
        '200':
          description: "Found\u2028\r it"
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  securitySchemes:
    key:
      type: apiKey
      in: header
      name: X-Api-Key
      description: "Key\r\u202E */"
  schemas:
    Cat:
      type: object
      description: "A cat\u202E */ fn evil() {} /*"
      required: [kind]
      properties:
        kind:
          type: string
        name:
          type: string
          description: "\e]0;owned\a name \u2067"
          pattern: "^[a-z\u202E]*$"
    Dog:
      type: object
      required: [kind]
      properties:
        kind:
          type: string
        size:
          type: integer
          enum: [1, 2]
    Pet:
      description: "Either\r\nor"
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          "{deserializer}": '#/components/schemas/Cat'
          "dog\u202E": '#/components/schemas/Dog'
"#;

/// The spec file's own name is hostile too: it lands in every header.
const HOSTILE_FILE_NAME: &str = "hostile\u{202E}\nspec.yaml";

/// Characters no generated file may hold raw: controls other than the line
/// feed, bidi controls, line and paragraph separators, zero-width space.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).expect("readable file"));
            }
        }
    }
    files
}

fn keys(table: &toml_edit::Table) -> BTreeSet<String> {
    table.iter().map(|(key, _)| key.to_owned()).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn table<'a>(table: &'a toml_edit::Table, key: &str) -> &'a toml_edit::Table {
    table
        .get(key)
        .and_then(toml_edit::Item::as_table)
        .unwrap_or_else(|| panic!("no [{key}] table"))
}

/// Compiles the crate in `dir` (lints denied) with the target directory
/// the constructs test uses, so dependencies are built once and offline.
fn cargo_check(dir: &Path) {
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "rustc",
            "--offline",
            "--quiet",
            "--lib",
            "--profile",
            "check",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            repo_root().join("target/constructs-build"),
        )
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the generated crate does not compile:\n{}",
        text(&output)
    );
}

#[test]
fn hostile_spec_strings_are_escaped_in_every_generated_file() {
    let temp = tempfile::tempdir().expect("tempdir");
    let spec = temp.path().join(HOSTILE_FILE_NAME);
    std::fs::write(&spec, HOSTILE_SPEC).expect("write spec");
    let out = temp.path().join("sdk");
    let run = xtask_in(
        temp.path(),
        &["codegen", "--spec", &spec.to_string_lossy(), "--out", "sdk"],
    );
    assert!(run.status.success(), "{}", text(&run));

    // (a) The manifest parses and has exactly the keys the generator writes.
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    let manifest: toml_edit::DocumentMut = manifest.parse().expect("Cargo.toml is TOML");
    let root = manifest.as_table();
    assert_eq!(
        keys(root),
        set(&["package", "lib", "features", "dependencies", "workspace"])
    );
    let package = table(root, "package");
    assert_eq!(
        keys(package),
        set(&[
            "name",
            "version",
            "description",
            "edition",
            "rust-version",
            "license",
            "metadata"
        ]),
        "no `build` or other key from the spec"
    );
    assert_eq!(package["name"].as_str(), Some("hostile-spec-client"));
    assert_eq!(package["version"].as_str(), Some("0.0.0"));
    let api = table(
        table(table(table(package, "metadata"), "openapi-sdkgen"), "apis"),
        "hostile_spec",
    );
    assert_eq!(
        api["version"].as_str(),
        Some("1.0.0\"\\nbuild = \"evil.rs"),
        "the spec's own version is kept, as text"
    );
    assert_eq!(
        keys(table(root, "dependencies")),
        set(&[
            "openapi-sdkgen-runtime",
            "serde",
            "serde_json",
            "indexmap",
            "schemars",
            "reqwest"
        ])
    );
    let runtime = table(root, "dependencies")["openapi-sdkgen-runtime"]
        .as_table_like()
        .expect("the runtime dependency is a table");
    assert_eq!(
        runtime
            .iter()
            .map(|(key, _)| key.to_owned())
            .collect::<BTreeSet<_>>(),
        set(&["version", "path"]),
        "the runtime by a path of ours, nothing from the spec"
    );
    assert_eq!(
        table(root, "lib")["doctest"].as_bool(),
        Some(false),
        "a code block in a description must never run as a doc test"
    );

    // (b) No generated file holds a raw control or bidi character.
    let files = snapshot(&out);
    assert!(files.len() > 5, "{:?}", files.keys());
    for (path, bytes) in &files {
        let content = String::from_utf8(bytes.clone()).expect("UTF-8 file");
        if let Some(c) = content.chars().find(|c| is_hidden(*c)) {
            panic!("{} holds a raw {c:?}", path.display());
        }
    }
    let models = std::fs::read_to_string(out.join("src/hostile_spec/models.rs")).expect("models");
    assert!(models.contains("A cat\\u{202e}"), "escape not visible");

    // (c) And it compiles with every lint denied.
    cargo_check(&out);
}

#[test]
fn crate_names_cargo_would_refuse_are_errors_that_write_nothing() {
    let temp = tempfile::tempdir().expect("tempdir");
    let spec = repo_root().join("generator/tests/constructs/constraints.yaml");
    let too_long = "a".repeat(65);
    for name in ["", "bad name!", "fn", "std", "9lives", &too_long] {
        let run = xtask_in(
            temp.path(),
            &[
                "codegen",
                "--spec",
                &spec.to_string_lossy(),
                "--out",
                "sdk",
                "--name",
                name,
            ],
        );
        assert_eq!(
            run.status.code(),
            Some(2),
            "--name {name:?}: {}",
            text(&run)
        );
        assert!(
            text(&run).contains("invalid package name"),
            "--name {name:?}: {}",
            text(&run)
        );
        assert!(
            !temp.path().join("sdk").exists(),
            "--name {name:?} wrote output"
        );
    }
}

#[test]
fn non_semver_spec_versions_and_odd_file_names_give_a_crate_cargo_loads() {
    let spec =
        std::fs::read_to_string(repo_root().join("generator/tests/constructs/constraints.yaml"))
            .expect("spec");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for (file, spec_version, expected) in [
        ("1 weird spec!.yaml", "1", "1.0.0"),
        ("支払い.yaml", "v1", "1.0.0"),
        ("fn.yaml", "1.0", "1.0.0"),
        ("-.yaml", "2024-05-01", "0.0.0"),
        ("v2.yaml", "v1.2", "1.2.0"),
    ] {
        let temp = tempfile::tempdir().expect("tempdir");
        let path = temp.path().join(file);
        std::fs::write(
            &path,
            spec.replace("version: '1'", &format!("version: '{spec_version}'")),
        )
        .expect("write spec");
        let run = xtask_in(
            temp.path(),
            &["codegen", "--spec", &path.to_string_lossy(), "--out", "sdk"],
        );
        assert!(run.status.success(), "{file}: {}", text(&run));
        let metadata = Command::new(&cargo)
            .args([
                "metadata",
                "--offline",
                "--no-deps",
                "--format-version",
                "1",
            ])
            .current_dir(temp.path().join("sdk"))
            .output()
            .expect("cargo runs");
        assert!(
            metadata.status.success(),
            "{file}: cargo cannot load it: {}",
            text(&metadata)
        );
        let metadata: serde_json::Value =
            serde_json::from_slice(&metadata.stdout).expect("cargo metadata is JSON");
        let package = &metadata["packages"][0];
        assert_eq!(
            package["version"], expected,
            "{file} version {spec_version}"
        );
        let kept = package["metadata"]["openapi-sdkgen"]["apis"]
            .as_object()
            .and_then(|apis| apis.values().next())
            .map(|api| api["version"].clone());
        assert_eq!(
            kept,
            Some(spec_version.into()),
            "{file}: spec version not kept"
        );
    }
}

/// A directory that is not codegen output, with what a user keeps there.
fn precious_dir(dir: &Path) {
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir");
    std::fs::write(dir.join(".git/HEAD"), "ref: refs/heads/main\n").expect("write");
    std::fs::write(dir.join("notes.md"), "my notes").expect("write");
}

#[test]
fn out_is_only_replaced_when_the_generator_wrote_it() {
    let temp = tempfile::tempdir().expect("tempdir");
    let spec_text =
        std::fs::read_to_string(repo_root().join("generator/tests/constructs/constraints.yaml"))
            .expect("spec");
    let specs = temp.path().join("specs");
    std::fs::create_dir(&specs).expect("mkdir");
    let spec = specs.join("api.yaml");
    std::fs::write(&spec, &spec_text).expect("write spec");
    let spec_arg = spec.to_string_lossy().into_owned();
    let codegen =
        |cwd: &Path, out: &str| xtask_in(cwd, &["codegen", "--spec", &spec_arg, "--out", out]);
    let refused = |cwd: &Path, out: &str, says: &str| {
        let before = snapshot(temp.path());
        let run = codegen(cwd, out);
        assert_eq!(run.status.code(), Some(2), "--out {out}: {}", text(&run));
        assert!(text(&run).contains(says), "--out {out}: {}", text(&run));
        assert_eq!(snapshot(temp.path()), before, "--out {out} changed files");
    };

    let precious = temp.path().join("precious");
    precious_dir(&precious);
    refused(temp.path(), "precious", "was not written by openapi-sdkgen");
    refused(temp.path(), "specs", "contains the spec");
    refused(temp.path(), "specs/api.yaml", "not a directory");
    refused(&precious, ".", "does not name a directory");
    refused(&precious, "..", "does not name a directory");
    refused(&specs, &temp.path().to_string_lossy(), "contains");

    // Generated output holding the spec or the working directory is refused
    // too, marker or not.
    let out = temp.path().join("sdk");
    assert!(codegen(temp.path(), "sdk").status.success());
    std::fs::create_dir(out.join("work")).expect("mkdir");
    refused(
        &out.join("work"),
        &out.to_string_lossy(),
        "contains the working directory",
    );
    std::fs::remove_dir(out.join("work")).expect("rmdir");

    // Missing, empty and generated directories are (re)written.
    std::fs::create_dir(temp.path().join("empty")).expect("mkdir");
    for target in ["sdk", "empty", "new/nested"] {
        let run = codegen(temp.path(), target);
        assert!(run.status.success(), "--out {target}: {}", text(&run));
        assert!(temp.path().join(target).join(".openapi-sdkgen").is_file());
    }

    // What an interrupted run left is cleaned up, what a user made stays.
    let stale_new = temp.path().join(".codegen-new-sdk-AbC123");
    let stale_old = temp.path().join(".codegen-old-sdk-XyZ789");
    let users = temp.path().join(".codegen-old-sdk-mine");
    for stale in [&stale_new, &stale_old] {
        std::fs::create_dir(stale).expect("mkdir");
        std::fs::copy(out.join(".openapi-sdkgen"), stale.join(".openapi-sdkgen")).expect("copy");
    }
    precious_dir(&users);
    assert!(codegen(temp.path(), "sdk").status.success());
    assert!(
        !stale_new.exists() && !stale_old.exists(),
        "stale staging left"
    );
    assert!(
        users.join("notes.md").exists(),
        "a user's directory was removed"
    );
}

#[test]
fn an_interrupted_swap_is_restored_by_the_next_run() {
    let temp = tempfile::tempdir().expect("tempdir");
    let spec = repo_root().join("generator/tests/constructs/constraints.yaml");
    let spec_arg = spec.to_string_lossy().into_owned();
    let codegen = || {
        xtask_in(
            temp.path(),
            &["codegen", "--spec", &spec_arg, "--out", "sdk"],
        )
    };
    assert!(codegen().status.success());
    // The state a run killed between the portable fallback's two renames
    // leaves: the old output moved aside, the new one staged, no target.
    let out = temp.path().join("sdk");
    std::fs::rename(&out, temp.path().join(".codegen-old-sdk-k1lled")).expect("rename");
    std::fs::create_dir(temp.path().join(".codegen-new-sdk-k1lled")).expect("mkdir");
    let run = codegen();
    assert!(run.status.success(), "{}", text(&run));
    let left: Vec<String> = std::fs::read_dir(temp.path())
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["sdk"]);
    let check = xtask_in(
        temp.path(),
        &["codegen", "--check", "--spec", &spec_arg, "--out", "sdk"],
    );
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
}

/// A checkout of its own: the repository's specs, no generated output yet.
fn other_checkout() -> tempfile::TempDir {
    let checkout = tempfile::tempdir().expect("tempdir");
    git(checkout.path(), &["init", "--quiet"]);
    let spec = checkout.path().join("spec");
    std::fs::create_dir(&spec).expect("mkdir");
    for entry in std::fs::read_dir(repo_root().join("spec")).expect("spec/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, spec.join(path.file_name().expect("name"))).expect("copy spec");
        }
    }
    checkout
}

#[test]
fn codegen_works_on_the_checkout_it_runs_in_not_the_one_it_was_built_in() {
    let real_generated = snapshot(&repo_root().join("generated"));
    let checkout = other_checkout();
    let dir = checkout.path();
    let nested = dir.join("spec");

    // Written there, from its specs, and up to date there, from below too.
    let written = xtask_in(dir, &["codegen"]);
    assert!(written.status.success(), "{}", text(&written));
    assert!(dir.join("generated/.openapi-sdkgen").is_file());
    let fresh = xtask_in(&nested, &["codegen", "--check"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh));

    // A broken spec there fails there, by its name.
    let komoju = dir.join("spec/komoju.yaml");
    let spec = std::fs::read_to_string(&komoju).expect("spec");
    std::fs::write(&komoju, spec.replacen("type: string", "type: strin", 1)).expect("break spec");
    let broken = xtask_in(dir, &["codegen", "--check"]);
    assert_eq!(broken.status.code(), Some(2), "{}", text(&broken));
    assert!(
        text(&broken).contains("spec/komoju.yaml:"),
        "{}",
        text(&broken)
    );
    std::fs::write(&komoju, spec).expect("restore spec");

    // Its generated/ is only replaced while it carries the marker.
    std::fs::remove_file(dir.join("generated/.openapi-sdkgen")).expect("rm marker");
    let unmarked = xtask_in(dir, &["codegen"]);
    assert_eq!(unmarked.status.code(), Some(2), "{}", text(&unmarked));
    assert!(dir.join("generated/Cargo.toml").is_file());

    assert_eq!(
        snapshot(&repo_root().join("generated")),
        real_generated,
        "the repository the binary was built in was touched"
    );
}

#[test]
fn codegen_outside_any_checkout_is_a_clear_error() {
    let outside = tempfile::tempdir().expect("tempdir");
    if outside
        .path()
        .ancestors()
        .any(|dir| dir.join(".git").exists())
    {
        panic!("the temporary directory is inside a git checkout; set TMPDIR elsewhere");
    }
    let run = xtask_in(outside.path(), &["codegen", "--check"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run));
    assert!(
        text(&run).contains("not inside a git checkout"),
        "{}",
        text(&run)
    );
}
