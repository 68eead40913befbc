//! `cargo xtask validate` as CI runs it: the exit code tells the verdict
//! (0 valid, 1 invalid, 2 usage or spec error, 3 not JSON, which wins over
//! 1), every file is checked even after a bad one, and directories stand
//! for the `*.json` files below them, in sorted order.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Runs `xtask validate` from the repository root.
fn validate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("validate")
        .args(args)
        .current_dir(root())
        .output()
        .expect("the xtask binary runs")
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const PO: &str = "spec/paymentoptions.yaml";
const THREE_DS_DIR: &str =
    "contract-tests/fixtures/invalid/paymentoptions/createThreeDsPayment.request";

#[test]
fn a_valid_payload_exits_0() {
    let out = validate(&[
        "--spec",
        PO,
        "--operation",
        "createThreeDsPayment",
        "contract-tests/fixtures/paymentoptions/createThreeDsPayment.request.json",
    ]);
    assert_eq!(code(&out), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        stdout(&out),
        "1 files checked, 1 valid, 0 invalid, 0 not JSON\n"
    );
}

#[test]
fn an_invalid_payload_exits_1_with_every_violation() {
    let out = validate(&[
        "--spec",
        PO,
        "--operation",
        "createThreeDsPayment",
        &format!("{THREE_DS_DIR}/card-number-not-a-string.json"),
    ]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(":4:3: /card: missing required property \"expiry_year\" [required]"),
        "{text}"
    );
    assert!(
        text.contains(":8:5: /card/number: expected string, found integer [type]"),
        "{text}"
    );
}

#[test]
fn a_directory_is_every_json_file_below_it_and_not_json_wins() {
    let out = validate(&[
        "--spec",
        PO,
        "--operation",
        "createThreeDsPayment",
        THREE_DS_DIR,
    ]);
    // One file is not JSON (3); the other two are still checked.
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    let order: Vec<&str> = [
        "card-number-not-a-string.json",
        "merchant-txn-ref-46-kanji.json",
        "truncated.json",
    ]
    .into_iter()
    .filter(|name| text.contains(name))
    .collect();
    assert_eq!(order.len(), 3, "{text}");
    let positions: Vec<usize> = order.iter().filter_map(|name| text.find(name)).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "files not in sorted order:\n{text}"
    );
    assert!(
        text.ends_with("3 files checked, 0 valid, 2 invalid, 1 not JSON\n"),
        "{text}"
    );
}

#[test]
fn nested_directories_are_searched_and_other_files_skipped() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let nested = dir.path().join("b/c");
    std::fs::create_dir_all(&nested).expect("nested directories");
    let payload = std::fs::read(
        root().join("contract-tests/fixtures/komoju/getSecureToken.response.200.json"),
    )
    .expect("fixture");
    std::fs::write(dir.path().join("a.json"), &payload).expect("write");
    std::fs::write(nested.join("z.json"), &payload).expect("write");
    std::fs::write(nested.join("notes.txt"), "not a payload").expect("write");
    let out = validate(&[
        "--spec",
        "spec/komoju.yaml",
        "--operation",
        "getSecureToken",
        "--response",
        "200",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(code(&out), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        stdout(&out),
        "2 files checked, 2 valid, 0 invalid, 0 not JSON\n"
    );
}

#[test]
fn strict_mode_reports_unknown_properties() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("card.json");
    let card = r#"{"type": "credit_card", "number": "4100000000000100", "month": "08", "year": "2025", "nickname": "mine"}"#;
    std::fs::write(&file, card).expect("write");
    let file = file.to_string_lossy();
    let lenient = validate(&[
        "--spec",
        "spec/komoju.yaml",
        "--schema",
        "CreditCardDetails",
        &file,
    ]);
    assert_eq!(code(&lenient), Some(0), "{}", stdout(&lenient));
    let strict = validate(&[
        "--spec",
        "spec/komoju.yaml",
        "--schema",
        "CreditCardDetails",
        "--strict",
        &file,
    ]);
    assert_eq!(code(&strict), Some(1), "{}", stderr(&strict));
    assert!(stdout(&strict)
        .contains("/nickname: unknown property, not in the schema [unevaluatedProperties]"));
}

#[test]
fn machine_formats_are_parseable() {
    for format in ["json", "sarif"] {
        let out = validate(&[
            "--spec",
            PO,
            "--operation",
            "createThreeDsPayment",
            "--format",
            format,
            THREE_DS_DIR,
        ]);
        assert_eq!(code(&out), Some(3));
        let parsed: serde_json::Value =
            serde_json::from_str(&stdout(&out)).expect("the report is JSON");
        assert!(parsed.get("version").is_some(), "{format}: {parsed}");
    }
    let github = validate(&[
        "--spec",
        PO,
        "--operation",
        "createThreeDsPayment",
        "--format",
        "github",
        THREE_DS_DIR,
    ]);
    assert_eq!(
        stdout(&github)
            .lines()
            .filter(|l| l.starts_with("::error file="))
            .count(),
        4
    );
}

#[test]
fn unknown_targets_exit_2_listing_what_exists() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--operation", "nope"],
            "the operations are: createThreeDsPayment, createTokenPayment",
        ),
        (
            &["--operation", "createTokenPayment", "--response", "418"],
            "its responses are: 201, 400, 401, 404, 406, 412, 500, 502, 504",
        ),
        (
            &["--operation", "createThreeDsPayment", "--callback", "nope"],
            "its callbacks are: paymentResult",
        ),
        (&["--schema", "Nope"], "the schemas are: Address, Card"),
    ];
    for (target, listed) in cases {
        let mut args = vec!["--spec", PO];
        args.extend_from_slice(target);
        args.push("payload.json");
        let out = validate(&args);
        assert_eq!(code(&out), Some(2), "{target:?}");
        assert!(
            stderr(&out).contains(listed),
            "{target:?}: {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn usage_and_spec_errors_exit_2() {
    let no_target = validate(&["--spec", PO, "payload.json"]);
    assert_eq!(code(&no_target), Some(2));
    let both = validate(&[
        "--spec",
        PO,
        "--operation",
        "a",
        "--response",
        "200",
        "--callback",
        "b",
        "x.json",
    ]);
    assert_eq!(code(&both), Some(2));
    let missing_spec = validate(&["--spec", "spec/missing.yaml", "--schema", "A", "x.json"]);
    assert_eq!(code(&missing_spec), Some(2));
    assert!(stderr(&missing_spec).contains("spec/missing.yaml: cannot read the file"));
    // A missing payload is not a usage error: it is reported, exit 4.
    let missing_file = validate(&["--spec", PO, "--schema", "Card", "no/such/payload.json"]);
    assert_eq!(code(&missing_file), Some(4), "{}", stderr(&missing_file));
    assert!(stdout(&missing_file).contains("no/such/payload.json: cannot read: "));
}
