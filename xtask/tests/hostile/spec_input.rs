//! Specs built to crash, hang or fool the loader and the diff: deep
//! nesting, huge files, special files, repeated keys, reference loops and
//! chains, and revisions that look like git flags.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::common::{text, xtask_in};

/// The most any command may take on any of these inputs. Not a
/// performance target: a bound that tells a hang from an answer.
const BOUND: Duration = Duration::from_secs(30);

const OPERATION: &str = "openapi: 3.0.3
info: {title: t, version: '1.0.0'}
paths:
  /a:
    post:
      operationId: op
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/S0'}
      responses:
        '200': {description: ok}
components:
  schemas:
";

/// Runs `xtask` in `dir`, killing it if it runs past [`BOUND`].
fn bounded(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    let started = Instant::now();
    while child.try_wait().expect("xtask can be waited on").is_none() {
        if started.elapsed() > BOUND {
            let _ = child.kill();
            panic!("xtask {args:?} ran for more than {BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("xtask output")
}

/// The three commands, each pointed at `spec` (and `payload.json`).
fn every_command(dir: &Path, spec: &str) -> Vec<(&'static str, Output)> {
    fs::write(dir.join("payload.json"), "{}").expect("payload written");
    vec![
        (
            "codegen",
            bounded(dir, &["codegen", "--spec", spec, "--out", "sdk"]),
        ),
        ("diff", bounded(dir, &["diff", spec, spec])),
        (
            "validate",
            bounded(
                dir,
                &["validate", "--spec", spec, "--schema", "S0", "payload.json"],
            ),
        ),
    ]
}

/// Each command refused `spec` with exit 2 and a message containing each
/// of `expected`, and wrote nothing.
fn refused_everywhere(dir: &Path, spec: &str, expected: &[&str]) {
    for (command, output) in every_command(dir, spec) {
        let shown = text(&output);
        assert_eq!(output.status.code(), Some(2), "{command}: {shown}");
        for part in expected {
            assert!(
                shown.contains(part),
                "{command} should say {part:?}: {shown}"
            );
        }
        assert!(!shown.contains("panicked"), "{command}: {shown}");
    }
    assert!(!dir.join("sdk").exists(), "nothing generated");
}

#[test]
fn deeply_nested_flow_sequences_are_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    fs::write(dir.path().join("deep.yaml"), deep).expect("spec written");
    refused_everywhere(
        dir.path(),
        "deep.yaml",
        &["deep.yaml:4:", "more than 100 levels deep"],
    );
}

#[test]
fn deeply_nested_flow_mappings_are_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}1{}}}",
        "{\"a\": ".repeat(50_000),
        "}".repeat(50_000)
    );
    fs::write(dir.path().join("deep.json"), deep).expect("spec written");
    refused_everywhere(
        dir.path(),
        "deep.json",
        &["deep.json:1:", "more than 100 levels deep"],
    );
}

#[test]
fn a_spec_over_the_size_limit_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut big = String::from(OPERATION);
    big.push_str("    S0: {type: string}\n");
    let comment = format!("# {}\n", "x".repeat(1022));
    big.push_str(&comment.repeat(65 * 1024));
    fs::write(dir.path().join("big.yaml"), big).expect("spec written");
    refused_everywhere(
        dir.path(),
        "big.yaml",
        &["big.yaml", "larger than 67108864 bytes"],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_given_as_the_spec_is_refused_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("spec.yaml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    refused_everywhere(
        dir.path(),
        "spec.yaml",
        &["spec.yaml", "not a regular file"],
    );
    refused_everywhere(
        dir.path(),
        "/dev/zero",
        &["/dev/zero", "not a regular file"],
    );
}

#[test]
fn a_key_given_twice_is_an_error_naming_both_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let yaml =
        format!("{OPERATION}    S0: {{type: string, maxLength: 4}}\n    S0: {{type: string}}\n");
    fs::write(dir.path().join("twice.yaml"), yaml).expect("spec written");
    refused_everywhere(
        dir.path(),
        "twice.yaml",
        &[
            "twice.yaml:16:5:",
            "given twice",
            "first at line 15",
            "#/components/schemas/S0",
        ],
    );
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
 "paths": {}, "components": {"schemas": {"S0": {"type": "string", "maxLength": 4},
 "S0": {"type": "string"}}}}"#;
    fs::write(dir.path().join("twice.json"), json).expect("spec written");
    refused_everywhere(
        dir.path(),
        "twice.json",
        &["twice.json:3:", "first at line 2"],
    );
}

#[test]
fn a_byte_order_mark_before_the_spec_is_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = format!("\u{feff}{OPERATION}    S0: {{type: string, maxLength: 4}}\n");
    fs::write(dir.path().join("bom.yaml"), spec).expect("spec written");
    fs::write(dir.path().join("long.json"), "\"abcde\"").expect("payload written");
    let output = bounded(
        dir.path(),
        &[
            "validate",
            "--spec",
            "bom.yaml",
            "--schema",
            "S0",
            "long.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("5 characters, at most 4"),
        "{}",
        text(&output)
    );
}

#[test]
fn pure_ref_loops_and_cyclic_all_of_are_refused_by_validate_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loops = [
        (
            "refs.yaml",
            "    S0: {$ref: '#/components/schemas/S1'}\n    S1: {$ref: '#/components/schemas/S0'}\n",
            "$ref chain loops back on itself",
        ),
        (
            "all-of.yaml",
            "    S0: {allOf: [{$ref: '#/components/schemas/S1'}]}\n    S1: {allOf: [{$ref: '#/components/schemas/S0'}]}\n",
            "allOf refers back to itself",
        ),
    ];
    for (name, schemas, message) in loops {
        fs::write(dir.path().join(name), format!("{OPERATION}{schemas}")).expect("spec written");
        refused_everywhere(dir.path(), name, &[name, message]);
    }
}

fn chain(length: usize) -> String {
    let mut spec = String::from(OPERATION);
    for i in 0..length {
        let next = i + 1;
        spec.push_str(&format!(
            "    S{i}: {{type: object, properties: {{n: {{$ref: '#/components/schemas/S{next}'}}}}}}\n"
        ));
    }
    spec.push_str(&format!("    S{length}: {{type: string}}\n"));
    spec
}

#[test]
fn a_six_thousand_ref_chain_is_a_clear_error_in_diff_and_no_crash_anywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("chain.yaml"), chain(6_000)).expect("spec written");
    for (command, output) in every_command(dir.path(), "chain.yaml") {
        let shown = text(&output);
        let code = output.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{command} crashed ({code:?}): {shown}"
        );
        assert!(!shown.contains("overflow"), "{command}: {shown}");
    }
    let diff = bounded(dir.path(), &["diff", "chain.yaml", "chain.yaml"]);
    assert_eq!(diff.status.code(), Some(2), "{}", text(&diff));
    assert!(
        text(&diff).contains("chain.yaml:270:")
            && text(&diff).contains("more than 256 levels deep through $refs"),
        "{}",
        text(&diff)
    );
    // A chain as deep as real APIs go is compared in full.
    fs::write(dir.path().join("short.yaml"), chain(40)).expect("spec written");
    let short = bounded(dir.path(), &["diff", "short.yaml", "short.yaml"]);
    assert_eq!(short.status.code(), Some(0), "{}", text(&short));
}

#[test]
fn schemas_that_all_reference_each_other_are_diffed_in_bounded_time() {
    // Twelve schemas, each with a property per other schema: a walk that
    // follows every path visits 12! of them.
    let dense = |leaf: &str| {
        let mut spec = String::from(OPERATION);
        for i in 0..12 {
            let others: Vec<String> = (0..12)
                .filter(|j| *j != i)
                .map(|j| format!("p{j}: {{$ref: '#/components/schemas/S{j}'}}"))
                .collect();
            spec.push_str(&format!(
                "    S{i}: {{type: object, properties: {{leaf: {{type: {leaf}}}, {}}}}}\n",
                others.join(", ")
            ));
        }
        spec
    };
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("old.yaml"), dense("string")).expect("spec written");
    fs::write(dir.path().join("new.yaml"), dense("integer")).expect("spec written");
    let diff = bounded(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(diff.status.code(), Some(1), "{}", text(&diff));
    // Each schema's leaf changed, and each is reported once.
    assert!(text(&diff).contains("12 errors"), "{}", text(&diff));
}

#[test]
fn a_revision_that_looks_like_a_git_flag_stays_a_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(repo)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    fs::create_dir(repo.join("spec")).expect("spec dir");
    fs::write(
        repo.join("spec/api.yaml"),
        format!("{OPERATION}    S0: {{type: string}}\n"),
    )
    .expect("spec written");
    git(&["add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "spec",
    ]);
    // `git show --output=<repo>/written-by-git:spec/api.yaml` would write
    // that file, so its folder exists.
    let written = repo.join("written-by-git");
    fs::create_dir(repo.join("written-by-git:spec")).expect("dir");
    let flag = format!("--output={}:spec/api.yaml", written.display());
    let output = xtask_in(repo, &["diff", "--", &flag, "spec/api.yaml"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let target = repo.join("written-by-git:spec/api.yaml");
    assert!(!target.exists(), "git took the revision for --output");
    let base = format!("--base=--output={}", written.display());
    let output = xtask_in(repo, &["diff", &base]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(!written.exists(), "git took the base for --output");
}

#[test]
fn control_characters_from_a_spec_never_reach_the_log_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let forged = "x\\n::error file=README.md,line=1::forged\\r\\u001b[2J";
    let spec = |kind: &str| {
        format!(
            "{OPERATION}    S0:\n      type: object\n      properties:\n        \"{forged}\": {{type: {kind}, enum: [\"a\\u001b]0;title\\u0007\"]}}\n"
        )
    };
    fs::write(dir.path().join("old.yaml"), spec("string")).expect("spec written");
    fs::write(dir.path().join("new.yaml"), spec("integer")).expect("spec written");
    for format in ["text", "github", "markdown", "json"] {
        let output = bounded(
            dir.path(),
            &["diff", "old.yaml", "new.yaml", "--format", format],
        );
        assert_eq!(output.status.code(), Some(1), "{format}: {}", text(&output));
        let shown = text(&output);
        assert!(
            shown.contains("forged"),
            "{format}: the change is reported: {shown}"
        );
        assert!(
            !shown
                .lines()
                .any(|line| line.starts_with("::error file=README.md")),
            "{format} forged a workflow command: {shown}"
        );
        assert!(
            !shown.contains(['\u{1b}', '\r', '\u{7}']),
            "{format} printed a raw control character: {shown:?}"
        );
    }
    let dangling =
        format!("{OPERATION}    S0: {{$ref: \"#/components/schemas/\\u001b[31mNope\"}}\n");
    fs::write(dir.path().join("dangling.yaml"), dangling).expect("spec written");
    for (command, output) in every_command(dir.path(), "dangling.yaml") {
        let shown = text(&output);
        assert_eq!(output.status.code(), Some(2), "{command}: {shown}");
        assert!(
            shown.contains("\\u{1b}[31mNope"),
            "{command} shows the escape: {shown}"
        );
        assert!(!shown.contains('\u{1b}'), "{command}: {shown:?}");
    }
}

#[test]
fn a_card_number_in_a_spec_enum_is_redacted_in_every_diff_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = |values: &str| format!("{OPERATION}    S0: {{type: string, enum: [{values}]}}\n");
    fs::write(dir.path().join("old.yaml"), spec("'4111111111111111', x")).expect("spec written");
    fs::write(dir.path().join("new.yaml"), spec("x")).expect("spec written");
    for format in ["text", "github", "markdown", "json"] {
        let output = bounded(
            dir.path(),
            &["diff", "old.yaml", "new.yaml", "--format", format],
        );
        let shown = text(&output);
        assert_eq!(output.status.code(), Some(1), "{format}: {shown}");
        assert!(shown.contains("411111******1111"), "{format}: {shown}");
        assert!(!shown.contains("4111111111111111"), "{format}: {shown}");
    }
}
