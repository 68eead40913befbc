//! The runtime validator's report, in every format, for the payloads in
//! `fixtures/invalid/` (one directory per message), kept as snapshots to
//! review like code. The properties users rely on are also asserted: the
//! messages read like the SDK's, every file is reported, and secrets never
//! appear in any format.

use std::path::Path;

use contract_tests::{root, Api};
use openapi_sdkgen::validate::{report, Format, Options, Report, Target};

const FORMATS: [(Format, &str); 4] = [
    (Format::Human, "human"),
    (Format::Json, "json"),
    (Format::Github, "github"),
    (Format::Sarif, "sarif"),
];

/// The report for every file of `fixtures/invalid/<dir>`, with paths
/// relative to the repository root, as the command line prints them.
fn report_for(api: Api, dir: &str, target: Target) -> Report {
    let validator =
        openapi_sdkgen::validate::Validator::new(api.spec(), target, Options::default())
            .unwrap_or_else(|e| panic!("{dir}: {e}"));
    let folder = Path::new("contract-tests/fixtures/invalid").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(root().join(&folder))
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("directory entry").file_name())
        .collect();
    files.sort();
    let checked = files
        .iter()
        .map(|name| {
            let shown = folder.join(name).to_string_lossy().replace('\\', "/");
            validator.check_file(&root().join(&shown), &shown)
        })
        .collect();
    validator.report(checked)
}

fn request(operation: &str) -> Target {
    Target::Request {
        operation: operation.into(),
    }
}

/// Snapshots `report` in every format; returns the texts.
fn snapshot_all(name: &str, report: &Report) -> Vec<String> {
    FORMATS
        .iter()
        .map(|(format, suffix)| {
            let text = report::render(report, *format);
            insta::assert_snapshot!(format!("{name}_{suffix}"), text);
            text
        })
        .collect()
}

#[test]
fn three_d_secure_payloads_report_every_file_and_hide_the_card() {
    let report = report_for(
        Api::PaymentOptions,
        "paymentoptions/createThreeDsPayment.request",
        request("createThreeDsPayment"),
    );
    let texts = snapshot_all("three_ds", &report);
    let human = &texts[0];
    assert!(human.contains(
        "merchant-txn-ref-46-kanji.json:11:3: /merchant_txn_ref: 46 characters, at most 45 [maxLength]"
    ));
    assert!(human.contains("/card/number: expected string, found integer [type]"));
    assert!(human.contains("/card: missing required property \"expiry_year\" [required]"));
    assert!(human.contains("truncated.json:21:1: not JSON: EOF while parsing a value [syntax]"));
    assert!(human.ends_with("3 files checked, 0 valid, 2 invalid, 1 not JSON\n"));
    for text in &texts {
        assert!(
            !text.contains("4000002500003155"),
            "the card number leaked:\n{text}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&texts[1]).expect("the JSON report parses");
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["not_json"], 1);
    let sarif: serde_json::Value = serde_json::from_str(&texts[3]).expect("SARIF parses");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(4)
    );
}

#[test]
fn subscription_payload_reads_like_the_sdk() {
    let report = report_for(
        Api::PaymentOptions,
        "paymentoptions/createSubscriptionPayment.request",
        request("createSubscriptionPayment"),
    );
    let human = &snapshot_all("subscription", &report)[0];
    assert!(human.contains("/merchant_txn_ref: 46 characters, at most 45 [maxLength]"));
    assert!(human.contains("/subscription/cycle_type: \"WEEKS\" is not one of DAYS, MONTHS [enum]"));
}

#[test]
fn secure_token_payload_reads_like_the_sdk() {
    let report = report_for(
        Api::Komoju,
        "komoju/createSecureToken.request",
        request("createSecureToken"),
    );
    let human = &snapshot_all("secure_token", &report)[0];
    assert!(human.contains("/amount: -1, at least 0 [minimum]"));
    assert!(human.contains("/currency: \"jpy\" does not match the pattern ^[A-Z]{3}$ [pattern]"));
}
