//! The generator's `redact` module and the generated crate's copy of it
//! show every value alike, and so the two validators word a payload's
//! secrets alike: fed the same inputs, both give the same text, and no
//! card number or credential survives in either.

use contract_tests::Api;
use jp_payment_gateways::{Message, PayloadError};
use openapi_sdkgen::validate::Options;
use serde_json::{json, Value};

/// Card numbers (plain, grouped, inside text, across the cut), credentials
/// of every kind, look-alikes that are not secrets, and edge cases.
fn inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "",
        "123",
        "4000002500003155",
        "4000002500003154",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "card 6011000990139424 declined",
        "4222222222222",
        "40000025000031550000",
        "ref 12 4000 0025 0000 3155",
        "sk_live_51HqLyjWDarjtT1zdp7dc",
        "sk_test_abcd",
        "sk_123456",
        "rk_live_0000",
        "whsec_0123456789abcdef",
        "Bearer abc.DEF-123_456",
        "basic dXNlcjpwYXNz",
        "Basic authentication failed",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY0",
        "0b01dda29ee70f0809e851ba9e7a79c7",
        "32912fcc-f967-4962-a841-4c2f5b22e3f3",
        "merchant_transaction_reference_2024_01",
        "決済 4000002500003155 𠮷",
        "/cards/4000002500003155/cvc",
        "/a~1b/0",
    ]
    .map(str::to_owned)
    .to_vec();
    inputs.push("x".repeat(201));
    inputs.push(format!("{}4000002500003155", "決".repeat(190)));
    inputs
}

#[test]
fn generator_and_sdk_redact_every_input_alike() {
    use jp_payment_gateways::redact as sdk;
    use openapi_sdkgen::redact as generator;
    for input in inputs() {
        assert_eq!(
            generator::redact(&input),
            sdk::redact(&input),
            "redact {input:?}"
        );
        assert_eq!(
            generator::quoted(&input),
            sdk::quoted(&input),
            "quoted {input:?}"
        );
        assert_eq!(
            generator::shown(&input),
            sdk::shown(&input),
            "shown {input:?}"
        );
        assert_eq!(
            generator::pointer(&input),
            sdk::pointer(&input),
            "pointer {input:?}"
        );
        assert_eq!(
            openapi_sdkgen::validate::mask(&input),
            jp_payment_gateways::support::mask(&input),
            "mask {input:?}"
        );
        // Twenty digits are no card number, by the rule.
        if input != "40000025000031550000" {
            for secret in [
                "4000002500003155",
                "sk_live_51HqLyjWDarjtT1zdp7dc",
                "dXNlcjpwYXNz",
            ] {
                assert!(!sdk::quoted(&input).contains(secret), "{input:?}");
            }
        }
    }
}

/// Look-alike secrets in fields the spec does not mark: both validators
/// say the same words, and neither shows the secret.
#[test]
fn both_validators_redact_look_alike_secrets_in_the_same_words() {
    let message = Message::Request("createSecureToken");
    let runtime = Api::Komoju.runtime(message, Options::default());
    let base = json!({"amount": 100, "currency": "JPY", "return_url": "https://example.com", "payment_details": "tok_1"});
    let cases = [
        ("currency", json!("4000002500003155")),
        ("currency", json!("4000 0025 0000 3155")),
        ("currency", json!("sk_live_51HqLyjWDarjtT1zdp7dc")),
        ("currency", json!("x".repeat(300))),
        ("amount", json!(-4_000_002_500_003_155_i64)),
    ];
    for (field, value) in cases {
        let mut payload = base.clone();
        payload[field] = value.clone();
        let runtime_messages: Vec<String> = runtime
            .violations(&payload)
            .iter()
            .map(|v| v.message.clone())
            .collect();
        let bytes = serde_json::to_vec(&payload).expect("serializes");
        let generated: Vec<String> = match Api::Komoju.check(message, &bytes) {
            Err(PayloadError::Invalid(found)) => found.0.iter().map(ToString::to_string).collect(),
            other => panic!("{value}: generated {other:?}"),
        };
        assert_eq!(runtime_messages, generated, "{value}");
        let text = runtime_messages.join("\n");
        for secret in [
            "4000002500003155",
            "4000 0025 0000 3155",
            "51HqLyjWDarjtT1zdp7dc",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
        if let Value::String(long) = &value {
            if long.len() == 300 {
                assert!(text.contains("(300 characters)"), "{text}");
            }
        }
    }
}
