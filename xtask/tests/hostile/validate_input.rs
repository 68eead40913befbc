//! `cargo xtask validate` on hostile payloads and hostile directories:
//! files that never end, keys that repeat, numbers no reader holds, text
//! that would become a CI command, and a reader that stops listening.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{repo_root, text, xtask};

const SPEC: &str = "spec/komoju.yaml";
const REQUEST: [&str; 4] = ["--spec", SPEC, "--operation", "createSecureToken"];
const FORMATS: [&str; 4] = ["human", "json", "github", "sarif"];

/// A valid `createSecureToken` request with `amount` written as given.
fn request_with_amount(amount: &str) -> String {
    format!(
        "{{\"amount\": {amount}, \"currency\": \"JPY\", \"return_url\": \"https://example.com\",\n \"payment_details\": \"tok_1\"}}\n"
    )
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write payload");
    path
}

fn validate(extra: &[&str], paths: &[&Path]) -> Output {
    let mut args: Vec<&str> = vec!["validate"];
    args.extend(REQUEST);
    args.extend(extra);
    let paths: Vec<&str> = paths
        .iter()
        .map(|p| p.to_str().expect("UTF-8 temp path"))
        .collect();
    args.extend(paths);
    xtask(&args)
}

/// Runs `xtask args`, killing it (and failing) if it has not ended in time:
/// a hang must fail the test, not stall the suite.
fn xtask_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo_root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            child.kill().expect("kill");
            let output = child.wait_with_output().expect("output");
            panic!(
                "xtask {args:?} still running after {limit:?}:\n{}",
                text(&output)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn a_payload_over_the_size_limit_is_reported_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.json");
    // Sparse: costs no disk, but would cost 256 MiB and more to read.
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(256 * 1024 * 1024 + 1).expect("set length");
    let output = validate(&[], &[&big]);
    assert_eq!(output.status.code(), Some(4), "{}", text(&output));
    assert!(
        text(&output).contains("more than the limit of 268435456 bytes (256 MiB) [read]"),
        "{}",
        text(&output)
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = write(dir.path(), "deep.json", &"[".repeat(100_000));
    let output = validate(&[], &[&deep]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    assert!(
        text(&output)
            .contains("not JSON: arrays and objects nested more than 127 deep (the limit)"),
        "{}",
        text(&output)
    );
}

#[test]
fn fifo_and_link_to_dev_zero_in_a_directory_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "ok.json", &request_with_amount("1000"));
    make_fifo(&dir.path().join("fifo.json"));
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).expect("symlink");
    let dir_arg = dir.path().to_str().expect("UTF-8 temp path");
    let mut args = vec!["validate"];
    args.extend(REQUEST);
    args.push(dir_arg);
    let output = xtask_within(&args, Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("fifo.json: skipped, a FIFO"), "{stderr}");
    assert!(stderr.contains("zero.json: skipped, a device"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.ends_with("1 files checked, 1 valid, 0 invalid, 0 not JSON\n"),
        "{stdout}"
    );
}

#[test]
fn a_fifo_named_explicitly_is_an_unreadable_file_not_a_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("fifo.json");
    make_fifo(&fifo);
    let mut args = vec!["validate"];
    args.extend(REQUEST);
    args.push(fifo.to_str().expect("UTF-8 temp path"));
    let output = xtask_within(&args, Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(4), "{}", text(&output));
    assert!(
        text(&output).contains(
            "cannot read: not a regular file (a FIFO); only regular files are read [read]"
        ),
        "{}",
        text(&output)
    );
}

#[test]
fn a_missing_file_is_reported_in_every_format_and_the_others_are_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let invalid = write(dir.path(), "invalid.json", &request_with_amount("-1"));
    let missing = dir.path().join("missing.json");
    for format in FORMATS {
        let output = validate(&["--format", format], &[&missing, &invalid]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(4), "{format}: {}", text(&output));
        assert!(stdout.contains("missing.json"), "{format}: {stdout}");
        assert!(
            stdout.contains("No such file or directory"),
            "{format}: {stdout}"
        );
        assert!(
            stdout.contains("/amount"),
            "{format}: the other file: {stdout}"
        );
    }
    let json = validate(&["--format", "json"], &[&missing, &invalid]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["summary"]["unreadable"], 1);
    assert_eq!(report["files"][0]["status"], "unreadable");
    assert_eq!(report["files"][1]["status"], "invalid");
}

/// Starts `xtask args` with its stdout a pipe whose reader is closed at
/// once, as `| head -1` closes it after the first line.
fn with_closed_reader(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo_root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    drop(child.stdout.take());
    child.wait_with_output().expect("output")
}

#[test]
fn a_reader_that_stops_early_ends_validate_and_codegen_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Far more output than a pipe buffers: every unknown key is a line.
    let unknown: Vec<String> = (0..3000).map(|i| format!("\"unknown_{i}\": 1")).collect();
    let payload = format!(
        "{{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"https://example.com\", \"payment_details\": \"tok_1\", {}}}",
        unknown.join(", ")
    );
    let file = write(dir.path(), "many.json", &payload);
    let mut args = vec!["validate"];
    args.extend(REQUEST);
    args.extend(["--strict", file.to_str().expect("UTF-8 temp path")]);
    let output = with_closed_reader(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
    // The verdict still decides the exit code.
    assert_eq!(output.status.code(), Some(1), "{stderr}");

    let output = with_closed_reader(&["codegen", "--check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn a_repeated_key_is_a_violation_naming_both_positions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "twice.json",
        "{\"amount\": -5, \"currency\": \"JPY\", \"return_url\": \"https://example.com\",\n \"payment_details\": \"tok_1\", \"amount\": 1000}\n",
    );
    let output = validate(&[], &[&file]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains(
            "twice.json:1:2: /amount: the same key appears twice in this object, at 1:2 and at 2:30; readers disagree on which value counts [duplicateKey]"
        ),
        "{}",
        text(&output)
    );
}

#[test]
fn schema_takes_a_component_name_and_no_response_or_callback() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "card.json", "{}");
    let path = file.to_str().expect("UTF-8 temp path");
    for extra in [["--response", "200"], ["--callback", "done"]] {
        let mut args = vec!["validate", "--spec", SPEC, "--schema", "CreditCardDetails"];
        args.extend(extra);
        args.push(path);
        let output = xtask(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{extra:?}: {}",
            text(&output)
        );
        assert!(
            text(&output).contains("cannot be used with"),
            "{extra:?}: {}",
            text(&output)
        );
    }
    // A name is a key of components.schemas, never a pointer into one.
    for name in [
        "SecureTokenRequest/properties/payment_details",
        "SecureTokenRequest~1x",
        "#/components/schemas/CreditCardDetails",
    ] {
        let output = xtask(&["validate", "--spec", SPEC, "--schema", name, path]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", text(&output));
        assert!(
            text(&output).contains(&format!("no schema `{name}`")),
            "{name}: {}",
            text(&output)
        );
    }
}

#[test]
fn integers_are_what_the_sdk_can_read_and_huge_numbers_are_violations() {
    let dir = tempfile::tempdir().expect("tempdir");
    for amount in ["1000.0", "1e3", "-0.0", "18446744073709551616"] {
        let file = write(dir.path(), "amount.json", &request_with_amount(amount));
        let output = validate(&[], &[&file]);
        assert_eq!(output.status.code(), Some(1), "{amount}: {}", text(&output));
        assert!(
            text(&output)
                .contains("amount.json:1:2: /amount: not an integer the SDK can read as i64"),
            "{amount}: {}",
            text(&output)
        );
    }
    let file = write(dir.path(), "huge.json", &request_with_amount("1e400"));
    let output = validate(&[], &[&file]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("huge.json:1:2: /amount: number out of range"),
        "{}",
        text(&output)
    );
    let file = write(dir.path(), "fine.json", &request_with_amount("1000"));
    assert_eq!(validate(&[], &[&file]).status.code(), Some(0));
}

#[test]
fn surrogate_pair_escapes_keep_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    // As Python's json.dumps writes an emoji.
    let file = write(
        dir.path(),
        "emoji.json",
        "{\"amount\": -1, \"currency\": \"JPY\", \"return_url\": \"https://example.com/\\ud83d\\ude00\",\n \"payment_details\": \"tok_1\"}\n",
    );
    let output = validate(&[], &[&file]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("emoji.json:1:2: /amount: -1, at least 0 [minimum]"),
        "{}",
        text(&output)
    );
}

#[test]
fn control_characters_in_keys_and_file_names_never_reach_the_log_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let payload = "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"https://example.com\", \"payment_details\": \"tok_1\", \"x\\n::error file=README.md,line=1::pwned\\u001b[2J\": 1}";
    let file = write(
        dir.path(),
        "key\u{1b}]0;title\u{7}\n::warning::x.json",
        payload,
    );
    for format in FORMATS {
        let output = validate(&["--strict", "--format", format], &[&file]);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", text(&output));
        let all = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
        assert!(!all.contains(&0x1b), "{format}: an ESC byte got through");
        assert!(!all.contains(&0x07), "{format}: a BEL byte got through");
        let printed = String::from_utf8_lossy(&all);
        for line in printed.lines() {
            assert!(
                !line.starts_with("::error file=README.md") && !line.starts_with("::warning::"),
                "{format}: a payload wrote a workflow command: {line}"
            );
        }
        assert!(printed.contains("pwned"), "{format}: {printed}");
    }
}
