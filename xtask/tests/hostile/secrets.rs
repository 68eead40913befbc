//! Secrets in payloads and specs never reach a report whole, in any
//! format: what the schema marks secret (wherever it marks it) is masked,
//! and whatever looks like a card number or a credential is redacted even
//! in fields the schema does not mark.

use std::path::Path;

use super::common::{text, xtask_in};

const FORMATS: [&str; 4] = ["human", "json", "github", "sarif"];

/// Secrets marked every way the schema can mark them, and plain fields.
const SPEC: &str = r##"
openapi: 3.0.3
info: {title: secrets, version: "1"}
paths: {}
components:
  schemas:
    CardNumber: {type: string, x-sensitive: true, pattern: '^[0-9]{16}$'}
    Pin: {type: integer, format: password, minimum: 1000, maximum: 9999, multipleOf: 7}
    Card:
      type: object
      properties:
        number: {type: string, pattern: '^[0-9]{16}$'}
        expiry_year: {type: integer, minimum: 2000}
    Wallet:
      type: object
      properties:
        by_ref: {$ref: '#/components/schemas/CardNumber'}
        pin: {$ref: '#/components/schemas/Pin'}
        wrapped: {allOf: [{$ref: '#/components/schemas/Card'}], x-sensitive: true}
        either:
          x-sensitive: true
          oneOf:
            - {type: string, pattern: '^[0-9]{16}$'}
            - {type: integer, maximum: 10}
        secret_card:
          type: object
          x-sensitive: true
          properties:
            number: {type: string, pattern: '^[0-9]{16}$'}
            holder: {type: object, properties: {name: {type: string, maxLength: 3}}}
        numbers: {type: array, items: {$ref: '#/components/schemas/CardNumber'}}
        secret_list: {type: array, x-sensitive: true, items: {type: string, pattern: '^[0-9]+$'}}
        secret_map: {type: object, additionalProperties: {type: string, pattern: '^[0-9]+$', format: password}}
        note: {type: string, pattern: '^[a-z]*$'}
        count: {type: integer, maximum: 10}
        brand: {type: string, enum: ['4111111111111111', visa]}
"##;

/// A directory with the spec and the named payload files.
fn workspace(payloads: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join("spec.yaml"), SPEC).expect("write spec");
    std::fs::create_dir(dir.path().join("payloads")).expect("payload directory");
    for (name, body) in payloads {
        std::fs::write(dir.path().join("payloads").join(name), body).expect("write payload");
    }
    dir
}

/// The report of every payload in `dir`, in `format`; exit code 1 asserted.
fn report(dir: &Path, format: &str, strict: bool) -> String {
    let mut args = vec![
        "validate",
        "--spec",
        "spec.yaml",
        "--schema",
        "Wallet",
        "--format",
        format,
    ];
    if strict {
        args.push("--strict");
    }
    args.push("payloads");
    let output = xtask_in(dir, &args);
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{format}:\n{shown}");
    shown
}

/// The report with JSON string escapes undone, so a secret cannot hide
/// behind `\"` or `\u0034`.
fn unescaped(report: &str, format: &str) -> String {
    if format == "human" || format == "github" {
        return report.to_owned();
    }
    let value: serde_json::Value = serde_json::from_str(report).expect("the report is JSON");
    let mut strings = Vec::new();
    collect_strings(&value, &mut strings);
    strings.join("\n")
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_strings(item, out)),
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                out.push(key.clone());
                collect_strings(item, out);
            }
        }
        other => out.push(other.to_string()),
    }
}

#[test]
fn secrets_marked_on_a_ref_target_wrapper_parent_array_map_or_integer_are_masked_in_every_format() {
    // 17 digits: breaks every pattern, and is no card number by its look,
    // so only the schema's marking can hide it.
    let secret = "40000025000031556";
    let payload = serde_json::json!({
        "by_ref": secret,
        "pin": 1_234_567,
        "wrapped": {"number": secret, "expiry_year": 1987},
        "either": secret,
        "secret_card": {"number": secret, "holder": {"name": "Yamada Taro"}},
        "numbers": [secret],
        "secret_list": [format!("x{secret}")],
        "secret_map": {"a": format!("x{secret}")},
    });
    let dir = workspace(&[("wallet.json".into(), payload.to_string())]);
    for format in FORMATS {
        let shown = unescaped(&report(dir.path(), format, false), format);
        for leaked in ["0003155", "1234567", "1987", "Yamada"] {
            assert!(!shown.contains(leaked), "{format} shows {leaked}:\n{shown}");
        }
        for pointer in [
            "/by_ref",
            "/pin",
            "/wrapped/expiry_year",
            "/either",
            "/secret_card/holder/name",
            "/numbers/0",
            "/secret_list/0",
            "/secret_map/a",
        ] {
            assert!(
                shown.contains(pointer),
                "{format} lacks {pointer}:\n{shown}"
            );
        }
    }
}

#[test]
fn look_alike_card_numbers_and_credentials_are_never_echoed_whole_in_any_format() {
    let pan = "4000002500003155";
    let credentials = [
        "sk_live_51HqLyjWDarjtT1zdp7dc",
        "rk_test_0123456789",
        "whsec_0123456789abcdef",
        "Bearer abc.DEF-123_456",
        "Basic dXNlcjpwYXNzd29yZA==",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY0",
    ];
    let mut payloads: Vec<(String, String)> = [
        ("pan", serde_json::json!({"note": pan}).to_string()),
        (
            "grouped",
            serde_json::json!({"note": "4000 0025 0000 3155"}).to_string(),
        ),
        (
            "dashed",
            serde_json::json!({"note": "card 4000-0025-0000-3155"}).to_string(),
        ),
        ("integer", format!(r#"{{"count": {pan}}}"#)),
        ("enum", serde_json::json!({"brand": pan}).to_string()),
        (
            "key",
            format!(r#"{{"{pan}": 1, "sk_test_abcdef12": 2, "note": "UPPER"}}"#),
        ),
    ]
    .map(|(name, body)| (format!("{name}.json"), body))
    .to_vec();
    for (index, credential) in credentials.iter().enumerate() {
        let body = serde_json::json!({ "note": credential }).to_string();
        payloads.push((format!("credential-{index}.json"), body));
    }
    let dir = workspace(&payloads);
    for format in FORMATS {
        let shown = unescaped(&report(dir.path(), format, true), format);
        let digits: String = shown.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        assert!(
            !digits.contains(pan),
            "{format} shows the card number:\n{shown}"
        );
        assert!(digits.contains("400000******3155"), "{format}:\n{shown}");
        assert!(
            !shown.contains("sk_test_abcdef12"),
            "{format} shows a key as a property name:\n{shown}"
        );
        for credential in credentials {
            let secret_part = credential
                .rsplit([' ', '_', '.'])
                .next()
                .unwrap_or(credential);
            assert!(
                !shown.contains(secret_part),
                "{format} shows {credential}:\n{shown}"
            );
        }
    }
}

#[test]
fn a_card_number_in_the_spec_is_not_printed_whole() {
    let dir = workspace(&[(
        "brand.json".into(),
        serde_json::json!({"brand": "amex"}).to_string(),
    )]);
    let shown = report(dir.path(), "human", false);
    assert!(!shown.contains("4111111111111111"), "{shown}");
    assert!(
        shown.contains("is not one of 411111******1111, visa"),
        "{shown}"
    );
}

#[test]
fn a_failing_value_over_200_characters_is_cut_with_its_length() {
    let long = "A".repeat(10_000);
    let dir = workspace(&[(
        "long.json".into(),
        serde_json::json!({"note": long}).to_string(),
    )]);
    for format in FORMATS {
        let shown = report(dir.path(), format, false);
        assert!(shown.contains("(10000 characters)"), "{format}:\n{shown}");
        assert!(
            !shown.contains(&"A".repeat(201)),
            "{format} shows the whole value"
        );
    }
}
