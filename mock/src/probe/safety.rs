//! What keeps a probe harmless: card numbers only from published test
//! cards, no production server unless asked, credentials only from the
//! environment and never shown.

use std::collections::BTreeMap;

use base64::Engine;
use openapi_sdkgen::front::Api;
use openapi_sdkgen::{redact, Spec};
use reqwest::Url;

/// Card numbers the providers and card networks publish for testing; no
/// issuer has a real card with one of them. A request holding any other
/// card number (13 to 19 digits passing the Luhn check, as
/// [`redact`](openapi_sdkgen::redact) finds them) is not sent.
pub const TEST_CARDS: &[(&str, &str)] = &[
    // KOMOJU, "Test Inputs" (doc.komoju.com/docs/test-cards).
    ("4111111111111111", "Visa, KOMOJU and Stripe test cards"),
    (
        "5555555555554444",
        "Mastercard, KOMOJU and Stripe test cards",
    ),
    (
        "378282246310005",
        "American Express, KOMOJU and Stripe test cards",
    ),
    ("3530111333300000", "JCB, KOMOJU and Stripe test cards"),
    (
        "30569309025904",
        "Diners Club, KOMOJU and Stripe test cards",
    ),
    // KOMOJU, 3-D Secure test cards (ja.doc.komoju.com, 3Dセキュアによる決済テスト);
    // 4100000000000100 is the card of spec/komoju.yaml's example.
    ("4100000000000100", "Visa, KOMOJU 3-D Secure frictionless"),
    (
        "5100000000000107",
        "Mastercard, KOMOJU 3-D Secure frictionless",
    ),
    ("3528000000000106", "JCB, KOMOJU 3-D Secure frictionless"),
    ("4100000000005000", "Visa, KOMOJU 3-D Secure challenge"),
    (
        "5100000000005007",
        "Mastercard, KOMOJU 3-D Secure challenge",
    ),
    ("3528000000005006", "JCB, KOMOJU 3-D Secure challenge"),
    // Stripe, "Testing" (docs.stripe.com/testing); 4000002500003155 is the
    // card of spec/paymentoptions.yaml's 3-D Secure example.
    ("4242424242424242", "Visa, Stripe test card"),
    ("3566002020360505", "JCB, Stripe test card"),
    ("4000002500003155", "Visa, Stripe 3-D Secure required"),
    ("4000000000003220", "Visa, Stripe 3-D Secure 2 required"),
    // Cardinal Commerce's EMV 3-D Secure test cases, which gateways on its
    // 3DS server publish (Worldpay, "3DS testing"; Trust Payments,
    // "Cardinal Commerce 3DS Server Testing Resources"): frictionless and
    // step-up. 4000000000001091 is the card of spec/paymentoptions.yaml's
    // subscription example, 5200000000001005 of its capture answer.
    ("4000000000001000", "Visa, Cardinal 3-D Secure frictionless"),
    (
        "5200000000001005",
        "Mastercard, Cardinal 3-D Secure frictionless",
    ),
    // Step-up (challenge): Cardinal's EMV 3DS test cases page lists these
    // after the frictionless ones; the copy read here stops before them, so
    // they are confirmed from public integrations instead: gateway sample
    // code and test suites that cite that page and use 4000000000001091
    // and 5200000000001096 as "3DS2, challenge required" sandbox cards.
    ("4000000000001091", "Visa, Cardinal 3-D Secure step-up"),
    (
        "5200000000001096",
        "Mastercard, Cardinal 3-D Secure step-up",
    ),
];

/// The card number in `text` that is not a published test card, shown
/// redacted (`411111******1111`); `None` when there is none.
///
/// Each run of digits that is exactly a test card is set aside first, then
/// the redaction's own card finder looks at what is left, so a test card
/// written inside a longer run, or in groups (`4242 4242 …`), counts as
/// unknown: refusing a test card is harmless, sending a real one is not.
pub fn unknown_card(text: &str) -> Option<String> {
    if !redact::holds_card_number(text) {
        return None;
    }
    let mut without_test_cards = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if TEST_CARDS.iter().any(|(card, _)| card == digits) {
            out.push('0');
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for character in text.chars() {
        if character.is_ascii_digit() {
            digits.push(character);
        } else {
            flush(&mut digits, &mut without_test_cards);
            without_test_cards.push(character);
        }
    }
    flush(&mut digits, &mut without_test_cards);
    if !redact::holds_card_number(&without_test_cards) {
        return None;
    }
    let redacted = redact::redact(&without_test_cards);
    // The first stretch the redaction changed, for the message.
    let shown = redacted
        .split(|c: char| !(c.is_ascii_digit() || c == '*' || c == ' ' || c == '-'))
        .find(|part| part.contains('*'))
        .map(|part| part.trim().to_owned());
    Some(shown.unwrap_or_else(|| redact::MASK.to_owned()))
}

/// A server of the spec that the spec calls production, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductionServer {
    pub url: String,
    pub reason: String,
}

/// The production server of the spec that `server` points at: same
/// scheme, host and port as a server whose `description` says
/// "production" or "live" (as words, any case), or whose `x-environment`
/// or `x-server-name` extension is `production` or `live`. Origins are
/// compared, not whole URLs, so another base path on the same host is
/// still refused.
pub fn production_server(spec: &Spec, api: &Api, server: &Url) -> Option<ProductionServer> {
    let target = origin(server)?;
    api.servers.iter().find_map(|documented| {
        let raw = spec.raw.pointer(&documented.source.pointer);
        let extension = |key: &str| {
            raw.and_then(|node| node.get(key))
                .and_then(serde_json::Value::as_str)
                .map(str::to_ascii_lowercase)
        };
        let reason = if let Some(value) =
            extension("x-environment").filter(|v| is_production_word(v))
        {
            format!("x-environment: {value}")
        } else if let Some(value) = extension("x-server-name").filter(|v| is_production_word(v)) {
            format!("x-server-name: {value}")
        } else if documented.description.as_deref().is_some_and(|d| {
            d.split(|c: char| !c.is_alphanumeric())
                .any(is_production_word)
        }) {
            "its description says production or live".to_owned()
        } else {
            return None;
        };
        let mut url = documented.url.clone();
        for variable in &documented.variables {
            url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
        }
        let documented_origin = Url::parse(&url).ok().as_ref().and_then(origin)?;
        (documented_origin == target).then_some(ProductionServer { url, reason })
    })
}

fn is_production_word(word: &str) -> bool {
    word.eq_ignore_ascii_case("production") || word.eq_ignore_ascii_case("live")
}

fn origin(url: &Url) -> Option<(String, String, u16)> {
    Some((
        url.scheme().to_owned(),
        url.host_str()?.to_ascii_lowercase(),
        url.port_or_known_default()?,
    ))
}

/// The environment variable a security scheme's credential is read from:
/// `SDKGEN_PROBE_` and the scheme's name upper-cased, every character
/// that is not a letter or digit written `_` (`secretKey` →
/// `SDKGEN_PROBE_SECRETKEY`, `api-key` → `SDKGEN_PROBE_API_KEY`).
pub fn variable_name(scheme: &str) -> String {
    let name: String = scheme
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("SDKGEN_PROBE_{name}")
}

/// Credentials per security scheme name. Never printed: `Debug` shows the
/// scheme names only.
#[derive(Clone, Default)]
pub struct Credentials {
    by_scheme: BTreeMap<String, String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.by_scheme.keys()).finish()
    }
}

impl Credentials {
    /// Reads the credential of every security scheme of `api` from the
    /// environment ([`variable_name`]); an empty variable counts as unset.
    pub fn from_env(api: &Api) -> Self {
        Self::from_lookup(api, |name| std::env::var(name).ok())
    }

    /// [`Self::from_env`] with another source of variables (for tests).
    pub fn from_lookup(api: &Api, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let by_scheme = api
            .security_schemes
            .iter()
            .filter_map(|scheme| {
                let value = lookup(&variable_name(&scheme.name)).filter(|v| !v.is_empty())?;
                Some((scheme.name.clone(), value))
            })
            .collect();
        Credentials { by_scheme }
    }

    pub fn get(&self, scheme: &str) -> Option<&str> {
        self.by_scheme.get(scheme).map(String::as_str)
    }

    /// Every text a report must never show: each credential, its parts
    /// (`user`, `password` of a basic one), and the base64 form that goes
    /// on the wire. Parts shorter than four characters are left out:
    /// masking every `a` would make reports unreadable, and so short a
    /// secret is no secret.
    pub fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        for value in self.by_scheme.values() {
            secrets.push(value.clone());
            secrets.push(base64::engine::general_purpose::STANDARD.encode(value));
            if let Some((user, password)) = value.split_once(':') {
                secrets.push(user.to_owned());
                secrets.push(password.to_owned());
            }
        }
        secrets.retain(|s| s.chars().count() >= 4);
        // Longest first, so a credential is masked whole before its parts.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        secrets
    }
}

/// `text` with every secret replaced by [`redact::MASK`].
pub fn mask_secrets(text: &str, secrets: &[String]) -> String {
    let mut masked = text.to_owned();
    for secret in secrets {
        if masked.contains(secret.as_str()) {
            masked = masked.replace(secret.as_str(), redact::MASK);
        }
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(text: &str) -> (Spec, Api) {
        let spec = openapi_sdkgen::load::load_str(std::path::Path::new("t.yaml"), text)
            .expect("spec loads");
        let api = openapi_sdkgen::front::read_api(&spec).expect("front end");
        (spec, api)
    }

    #[test]
    fn every_listed_test_card_is_a_card_number_the_redaction_finds() {
        for (card, what) in TEST_CARDS {
            assert!(redact::holds_card_number(card), "{card} ({what})");
            assert_eq!(unknown_card(card), None, "{card} ({what})");
        }
    }

    #[test]
    fn a_card_that_is_not_a_published_test_card_is_found_and_shown_redacted() {
        // Luhn-valid, and on no list.
        let body = r#"{"card": {"number": "4000056655665556"}}"#;
        assert_eq!(unknown_card(body).as_deref(), Some("400005******5556"));
        let form = "payment_details%5Bnumber%5D=4012888888881881&amount=1";
        assert_eq!(unknown_card(form).as_deref(), Some("401288******1881"));
        assert_eq!(unknown_card(r#"{"number": "4242424242424242"}"#), None);
        assert_eq!(unknown_card("amount=1000&ref=2003089893366"), None);
    }

    #[test]
    fn a_test_card_inside_a_longer_card_number_does_not_make_it_safe() {
        // 19 digits, Luhn-valid, beginning with a test card.
        let long = "4111111111111111003";
        assert!(redact::holds_card_number(long));
        assert!(unknown_card(long).is_some());
    }

    #[test]
    fn a_server_the_spec_calls_production_is_found_by_origin() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nservers:\n  - {url: 'https://api.example.com/v1', description: Production environment for live transactions}\n  - {url: 'https://sandbox.example.com/v1', description: Sandbox, used by every example}\n  - {url: 'https://b.example.com', x-environment: production}\n  - {url: 'https://{region}.example.com', x-server-name: live, variables: {region: {default: eu}}}\n  - {url: 'https://delivery.example.com', description: deliveries alive}\n";
        let (spec, api) = api(text);
        let found = |url: &str| {
            production_server(&spec, &api, &Url::parse(url).expect("url")).map(|p| p.reason)
        };
        assert!(found("https://API.example.com:443/other").is_some());
        assert_eq!(found("https://sandbox.example.com/v1"), None);
        assert_eq!(
            found("https://b.example.com").as_deref(),
            Some("x-environment: production")
        );
        assert_eq!(
            found("https://eu.example.com/x").as_deref(),
            Some("x-server-name: live")
        );
        assert_eq!(found("https://delivery.example.com"), None);
        assert_eq!(found("http://api.example.com/v1"), None, "another scheme");
    }

    #[test]
    fn the_specs_name_their_production_servers() {
        for (file, production) in [
            ("spec/komoju.yaml", "https://komoju.com/api/v1"),
            (
                "spec/paymentoptions.yaml",
                "https://api.paymentoptions.com/api/v1",
            ),
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(file);
            let spec = openapi_sdkgen::load(&path).expect("spec loads");
            let api = openapi_sdkgen::front::read_api(&spec).expect("front end");
            let url = Url::parse(production).expect("url");
            assert!(production_server(&spec, &api, &url).is_some(), "{file}");
        }
    }

    #[test]
    fn credentials_come_from_one_variable_per_scheme_and_never_print() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    secretKey: {type: http, scheme: basic}\n    api-key: {type: apiKey, in: header, name: X-Key}\n";
        let (_, api) = api(text);
        assert_eq!(variable_name("secretKey"), "SDKGEN_PROBE_SECRETKEY");
        assert_eq!(variable_name("api-key"), "SDKGEN_PROBE_API_KEY");
        let credentials = Credentials::from_lookup(&api, |name| match name {
            "SDKGEN_PROBE_SECRETKEY" => Some("user-name:pass-word".into()),
            "SDKGEN_PROBE_API_KEY" => Some(String::new()),
            _ => None,
        });
        assert_eq!(credentials.get("secretKey"), Some("user-name:pass-word"));
        assert_eq!(credentials.get("api-key"), None, "empty is unset");
        assert!(!format!("{credentials:?}").contains("pass-word"));
        let secrets = credentials.secrets();
        let masked = mask_secrets(
            "echo user-name:pass-word dXNlci1uYW1lOnBhc3Mtd29yZA== pass-word",
            &secrets,
        );
        assert_eq!(masked, "echo **** **** ****");
    }
}
