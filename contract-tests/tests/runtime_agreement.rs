//! Every documented example (the fixtures, and every `example` embedded in
//! the specs) against both validators: the runtime one, driven by the spec,
//! and the one generated into the SDK. Both must give the verdict the
//! manifest records, and a documented disagreement must be reported by
//! both as exactly the violations the manifest lists, so a disagreement
//! that disappears, or a new one, fails here.

use contract_tests::{
    fixtures, generated_findings, message_of, runtime_findings, spec_examples, target_of, Api,
};
use jp_payment_gateways::support::Location;
use jp_payment_gateways::Message;
use openapi_sdkgen::validate::{Options, Outcome, Target};
use serde_json::Value;

/// One documented payload and the verdict it must get.
struct Case {
    name: String,
    api: Api,
    target: Target,
    payload: Value,
    valid: bool,
    /// `pointer: rule detail`, as the manifest writes violations.
    violations: Vec<String>,
}

fn fixture_cases() -> Vec<Case> {
    fixtures()
        .iter()
        .map(|fixture| {
            let api = Api::of_spec(&fixture.spec);
            let target = target_of(fixture.message());
            let bytes = fixture.bytes();
            let payload = if fixture.is_json() {
                serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", fixture.file))
            } else {
                let runtime = api.runtime(fixture.message(), Options::default());
                runtime
                    .decode_form(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {}", fixture.file, e.message))
            };
            let violations = fixture
                .disagreement
                .as_ref()
                .map(|d| d.violations.clone())
                .unwrap_or_default();
            Case {
                name: fixture.file.clone(),
                api,
                target,
                payload,
                valid: fixture.expected_valid(),
                violations,
            }
        })
        .collect()
}

/// Spec examples get the verdict of the fixture with the same message and
/// content (the documented disagreements are embedded too); any other
/// example must be valid.
fn example_cases(fixtures: &[Case]) -> Vec<Case> {
    let mut cases = Vec::new();
    for api in Api::ALL {
        for example in spec_examples(api) {
            let runtime = api.runtime(message_of(&example.target), Options::default());
            let payload = example
                .payload(&runtime)
                .unwrap_or_else(|e| panic!("{}: {}", example.pointer, e.message));
            let twin = fixtures
                .iter()
                .find(|f| f.api == api && f.target == example.target && f.payload == payload);
            cases.push(Case {
                name: format!("{}#{}", api.spec_path(), example.pointer),
                api,
                target: example.target,
                payload,
                valid: twin.is_none_or(|t| t.valid),
                violations: twin.map(|t| t.violations.clone()).unwrap_or_default(),
            });
        }
    }
    cases
}

#[test]
fn both_validators_give_every_documented_example_its_recorded_verdict() {
    let fixtures = fixture_cases();
    let examples = example_cases(&fixtures);
    // 18 fixtures; 18 examples in the specs: 14 operation bodies (one of
    // them form-encoded) and 4 component examples.
    assert!(fixtures.len() >= 18, "{} fixtures", fixtures.len());
    assert!(examples.len() >= 18, "{} spec examples", examples.len());
    let mut wrong = Vec::new();
    for case in fixtures.iter().chain(&examples) {
        let message = message_of(&case.target);
        let runtime = case.api.runtime(message, Options::default());
        let violations = runtime.violations(&case.payload);
        let bytes = serde_json::to_vec(&case.payload).expect("a JSON value prints");
        let generated = case.api.check(message, &bytes);
        let mut runtime_says = runtime_findings(&violations);
        runtime_says.sort();
        let generated_says = generated
            .as_ref()
            .err()
            .map(generated_findings)
            .unwrap_or_default();
        let mut expected = case.violations.clone();
        expected.sort();
        if violations.is_empty() != case.valid || generated.is_ok() != case.valid {
            wrong.push(format!(
                "{}: expected valid={}, runtime {runtime_says:?}, generated {generated:?}",
                case.name, case.valid
            ));
        } else if !case.valid && (runtime_says != expected || generated_says != expected) {
            wrong.push(format!(
                "{}: the manifest lists {expected:?}; runtime found {runtime_says:?}, generated {generated_says:?}",
                case.name
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The fixtures README promises that the fixtures and the examples in the
/// specs are the same payloads; a drift would let one copy go unchecked.
#[test]
fn operation_examples_in_the_specs_are_the_fixtures() {
    let fixtures = fixture_cases();
    let mut missing = Vec::new();
    for case in example_cases(&fixtures) {
        if matches!(case.target, Target::Schema(_)) {
            continue;
        }
        let same = fixtures
            .iter()
            .any(|f| f.api == case.api && f.target == case.target && f.payload == case.payload);
        if !same {
            missing.push(case.name);
        }
    }
    assert!(
        missing.is_empty(),
        "no fixture with the same content:\n{}",
        missing.join("\n")
    );
}

/// JSON Schema calls any whole number an integer (`1.0`, `1e2`, `2^63`);
/// the SDK reads `integer` fields with serde into `i64`, which takes only
/// a literal without fraction or exponent, in range. The runtime validator
/// holds integers to the SDK's rule (`integerRange`), so both accept and
/// both refuse the same numbers, each naming the field.
#[test]
fn both_validators_agree_on_which_numbers_are_integers() {
    let message = Message::Request("createSecureToken");
    let runtime = Api::Komoju.runtime(message, Options::default());
    let cases = [
        ("1000", true),
        ("9223372036854775807", true),
        ("1000.0", false),
        ("1e3", false),
        ("-0.0", false),
        ("9223372036854775808", false),
        ("18446744073709551616", false),
        ("1e400", false),
    ];
    for (number, readable) in cases {
        let text = format!(
            r#"{{"amount": {number}, "currency": "JPY", "return_url": "https://example.com", "payment_details": "tok_1"}}"#
        );
        let generated = Api::Komoju.check(message, text.as_bytes());
        match runtime.check_bytes(text.as_bytes()) {
            Outcome::Valid => assert!(
                readable && generated.is_ok(),
                "{number}: generated {generated:?}"
            ),
            Outcome::Invalid(findings) => {
                assert!(!readable, "{number}: runtime {findings:?}");
                assert!(
                    findings.iter().all(|f| f.violation.pointer == "/amount"),
                    "{number}: {findings:?}"
                );
                assert!(
                    matches!(&generated, Err(jp_payment_gateways::PayloadError::Parse { pointer, .. }) if pointer == "/amount"),
                    "{number}: generated {generated:?}"
                );
            }
            other => panic!("{number}: runtime {other:?}"),
        }
    }
}

/// A runtime validator for a component `S` whose one property `v` has
/// `schema`, and what it says about `{"v": value}`.
fn runtime_messages(schema: &str, value: &Value) -> Vec<String> {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
         components:\n  schemas:\n    S:\n      type: object\n      properties:\n        v: {schema}\n"
    );
    let spec = openapi_sdkgen::load::load_str(std::path::Path::new("t.yaml"), &text)
        .unwrap_or_else(|e| panic!("{schema}: {e}"));
    let validator = openapi_sdkgen::validate::Validator::new(
        &spec,
        Target::Schema("S".into()),
        Options::default(),
    )
    .unwrap_or_else(|e| panic!("{schema}: {e}"));
    validator
        .violations(&serde_json::json!({ "v": value }))
        .into_iter()
        .map(|v| v.message)
        .collect()
}

/// What the SDK's check says about `value` at `/v`.
fn sdk_messages(
    value: &Value,
    check: impl Fn(&Value, &Location<'_>, &mut Vec<jp_payment_gateways::Violation>),
) -> Vec<String> {
    let root = Location::root();
    let mut out = Vec::new();
    check(value, &root.key("v"), &mut out);
    out.iter().map(ToString::to_string).collect()
}

/// The keywords the real specs do not use yet (look-around, `\w`, `\d`
/// and non-ASCII in patterns; every checked format; `uniqueItems`;
/// property counts), held the same way: the SDK's checks, which the
/// generated `validate()` calls, and the runtime validator must give the
/// same violations in the same words.
#[test]
fn pattern_format_unique_items_and_property_count_checks_agree_with_the_runtime_validator() {
    use jp_payment_gateways::formats::Format;
    use jp_payment_gateways::support::{check, Pattern};

    let patterns: [(&'static str, &[&str]); 6] = [
        (r"^[\w\-\/\.\+]{1,255}$", &["a-b/c.d+e_9", "é", "a b", ""]),
        (r"^\d{3}$", &["123", "١٢٣", "12a"]),
        (r"^(?=.*[0-9])(?!.*x)[a-z0-9]+$", &["ab1", "abc", "ax1"]),
        (r"(?<!JP)Y$", &["USY", "JPY"]),
        ("^東京都.$", &["東京都𠮷", "東京都", "京都府a"]),
        (r"^\p{Script=Han}+$", &["決済", "決a"]),
    ];
    let mut wrong = Vec::new();
    let mut compare = |schema: String, value: Value, sdk: Vec<String>| {
        let runtime = runtime_messages(&schema, &value);
        if runtime != sdk {
            wrong.push(format!(
                "{schema} {value}: runtime {runtime:?}, SDK {sdk:?}"
            ));
        }
        runtime.is_empty()
    };
    let mut verdicts = Vec::new();
    for (source, values) in patterns {
        let pattern = Pattern::new(source);
        let schema = format!("{{type: string, pattern: '{source}'}}");
        for value in values {
            let sdk = sdk_messages(&Value::from(*value), |v, at, out| {
                check::pattern(v.as_str().unwrap_or_default(), &pattern, at, out)
            });
            verdicts.push(compare(schema.clone(), Value::from(*value), sdk));
        }
    }
    let formats: [(Format, &[&str]); 7] = [
        (
            Format::Uuid,
            &["0db1fac1-e064-4644-a387-08d143960c8f", "t-1"],
        ),
        (
            Format::Uri,
            &[
                "https://example.jp/a?b#c",
                "example.jp/a",
                "https://例え.jp",
            ],
        ),
        (
            Format::Email,
            &["taro@example.jp", "Taro <taro@example.jp>"],
        ),
        (Format::Date, &["2024-02-29", "2023-02-29"]),
        (
            Format::DateTime,
            &[
                "2016-12-31T23:59:60Z",
                "2016-12-31T23:58:60Z",
                "2024-05-01T09:00:00",
            ],
        ),
        (Format::Ipv4, &["192.0.2.1", "192.0.2.01"]),
        (Format::Ipv6, &["::1", "::g"]),
    ];
    for (format, values) in formats {
        let schema = format!("{{type: string, format: {}}}", format.name());
        for value in values {
            let sdk = sdk_messages(&Value::from(*value), |v, at, out| {
                check::format(v.as_str().unwrap_or_default(), format, at, out)
            });
            verdicts.push(compare(schema.clone(), Value::from(*value), sdk));
        }
    }
    let arrays = [
        serde_json::json!(["a", "b"]),
        serde_json::json!(["a", "b", "a"]),
        serde_json::json!([1, 1.0]),
        serde_json::json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}]),
        serde_json::json!([[1, 2], [2, 1]]),
    ];
    for value in arrays {
        let sdk = sdk_messages(&value, |v, at, out| {
            check::unique_items(v.as_array().map_or(&[][..], Vec::as_slice), at, out)
        });
        verdicts.push(compare(
            "{type: array, uniqueItems: true}".into(),
            value,
            sdk,
        ));
    }
    for value in [
        serde_json::json!({"a": 1}),
        serde_json::json!({"a": 1, "b": 2, "c": 3, "d": 4}),
        serde_json::json!({"a": 1, "b": 2}),
    ] {
        let count = value.as_object().map_or(0, |o| o.len());
        let sdk = sdk_messages(&value, |_, at, out| {
            check::min_properties(count, 2, at, out);
            check::max_properties(count, 3, at, out);
        });
        let schema = "{type: object, minProperties: 2, maxProperties: 3}";
        verdicts.push(compare(schema.into(), value, sdk));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Both verdicts occur, so neither side can pass by saying one thing.
    assert!(verdicts.contains(&true) && verdicts.contains(&false));
}
