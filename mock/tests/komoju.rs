//! The mock serving `spec/komoju.yaml`: form and JSON bodies, named
//! examples, resources kept across requests, and signed webhooks.

mod common;

use common::{fixture, messages, quick, received, receiver, start};
use openapi_sdkgen_mock::{MockConfig, WebhookTarget};
use serde_json::{json, Value};

const SECRET_KEY: &str = "sk_test_mock";

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let answer = request
        .basic_auth(SECRET_KEY, Some(""))
        .send()
        .await
        .expect("answer");
    let status = answer.status().as_u16();
    (status, answer.json().await.expect("JSON"))
}

fn valid_token_request() -> Value {
    let mut body = fixture("contract-tests/fixtures/komoju/createSecureToken.request.json");
    body["amount"] = json!(1000);
    body
}

#[tokio::test]
async fn the_documented_json_example_breaks_the_spec_where_the_spec_says_and_gets_422() {
    let mock = start("spec/komoju.yaml", quick()).await;
    let body = fixture("contract-tests/fixtures/komoju/createSecureToken.request.json");
    let (status, problem) = send(
        client()
            .post(format!("{}/secure_tokens", mock.url()))
            .json(&body),
    )
    .await;
    assert_eq!(status, 422, "KOMOJU documents 422, not 400");
    // The refusal is the documented 422 body, with the violations added.
    let spec = openapi_sdkgen::load(&common::repository_file("spec/komoju.yaml")).expect("spec");
    let target = openapi_sdkgen::validate::Target::Response {
        operation: "createSecureToken".into(),
        status: "422".into(),
    };
    let documented = openapi_sdkgen::validate::Validator::new(&spec, target, Default::default())
        .expect("validator");
    assert_eq!(documented.violations(&problem), []);
    assert_eq!(
        messages(&problem),
        ["/amount /amount: expected integer, found string"]
    );
}

#[tokio::test]
async fn a_form_body_is_typed_by_its_schema_and_accepted() {
    let mock = start("spec/komoju.yaml", quick()).await;
    let form = std::fs::read(common::repository_file(
        "contract-tests/fixtures/komoju/createSecureToken.request.form",
    ))
    .expect("form");
    let request = client()
        .post(format!("{}/secure_tokens", mock.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form);
    let (status, token) = send(request).await;
    assert_eq!(status, 200, "{token}");
    assert_eq!(token["verification_status"], "NEEDS_VERIFY");
}

#[tokio::test]
async fn a_created_secure_token_is_shown_as_created_not_as_the_show_example() {
    let mock = start("spec/komoju.yaml", quick()).await;
    let (status, created) = send(
        client()
            .post(format!("{}/secure_tokens", mock.url()))
            .json(&valid_token_request()),
    )
    .await;
    assert_eq!(status, 200);
    let id = created["id"].as_str().expect("id");
    let (status, shown) = send(client().get(format!("{}/secure_tokens/{id}", mock.url()))).await;
    assert_eq!(status, 200);
    // The show example says OK; the stored token still needs verifying.
    assert_eq!(shown, created);
    assert_eq!(shown["verification_status"], "NEEDS_VERIFY");
    // A second token from the same example gets an id of its own.
    let (_, second) = send(
        client()
            .post(format!("{}/secure_tokens", mock.url()))
            .json(&valid_token_request()),
    )
    .await;
    assert_ne!(second["id"], created["id"]);
    assert_eq!(second["id"].as_str().map(str::len), Some(id.len()));
}

#[tokio::test]
async fn a_payment_is_created_captured_and_refunded_in_memory() {
    let mock = start("spec/komoju.yaml", quick()).await;
    let payment = json!({"amount": 1234, "currency": "JPY", "payment_details": "tok_1234567890abcdefghijklmnop", "external_order_num": "ORDER-7"});
    let (status, created) = send(
        client()
            .post(format!("{}/payments", mock.url()))
            .json(&payment),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        (created["amount"].clone(), created["currency"].clone()),
        (json!(1234), json!("JPY"))
    );
    assert_eq!(created["external_order_num"], "ORDER-7");
    assert_ne!(
        created["payment_details"], "tok_1234567890abcdefghijklmnop",
        "a string does not fit the response's object"
    );
    let id = created["id"].as_str().expect("id").to_owned();
    let payments = format!("{}/payments/{id}", mock.url());
    let (_, captured) = send(client().post(format!("{payments}/capture"))).await;
    assert_eq!(captured["status"], "captured");
    assert_eq!(captured["amount"], 1234);
    let (_, shown) = send(client().get(&payments)).await;
    assert_eq!(shown, captured);
    let (_, refunded) = send(
        client()
            .post(format!("{payments}/refund"))
            .json(&json!({"amount": 1234})),
    )
    .await;
    assert_eq!(refunded["status"], "refunded");
    let (_, shown) = send(client().get(&payments)).await;
    assert_eq!(
        (shown["status"].clone(), shown["id"].clone()),
        (json!("refunded"), json!(id))
    );
}

#[tokio::test]
async fn a_capture_sends_a_webhook_the_generated_sdk_verifies() {
    let receiver = receiver().await;
    let secret = "whsec_mock_secret";
    let config = MockConfig {
        webhook: Some(WebhookTarget {
            url: format!("{}/komoju", receiver.uri()),
            secret: secret.to_owned(),
        }),
        ..quick()
    };
    let mock = start("spec/komoju.yaml", config).await;
    let (_, created) = send(
        client()
            .post(format!("{}/payments", mock.url()))
            .json(&json!({"amount": 500, "currency": "JPY"})),
    )
    .await;
    let id = created["id"].as_str().expect("id").to_owned();
    send(client().post(format!("{}/payments/{id}/capture", mock.url()))).await;
    let requests = received(&receiver, 1).await;
    let delivery = &requests[0];
    let signature = delivery
        .headers
        .get("x-komoju-signature")
        .and_then(|v| v.to_str().ok());
    let event = jp_payment_gateways::komoju::webhooks::verify_webhook(
        &delivery.body,
        signature,
        secret.as_bytes(),
    )
    .expect("the signature verifies and the body parses");
    assert_eq!(event.type_.as_str(), "payment.captured");
    assert_eq!(event.data.get("id"), Some(&json!(id)));
    assert_eq!(event.data.get("status"), Some(&json!("captured")));
    // Another secret does not verify it.
    assert!(jp_payment_gateways::komoju::webhooks::verify_webhook(
        &delivery.body,
        signature,
        b"other"
    )
    .is_err());
}

#[tokio::test]
async fn prefer_picks_a_named_example_and_a_query_parameter_is_checked() {
    let mock = start("spec/komoju.yaml", quick()).await;
    let list = format!("{}/payments", mock.url());
    let (status, page) = send(client().get(&list).header("prefer", "example=onePayment")).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 1);
    let (_, page) = send(client().get(&list)).await;
    assert_eq!(page["total"], 0, "the first example without Prefer");
    let (status, problem) = send(client().get(format!("{list}?page=0&currency=yen"))).await;
    assert_eq!(status, 422);
    let found = messages(&problem);
    assert!(
        found.contains(&" query parameter `page`: 0, at least 1".to_owned()),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("query parameter `currency`")),
        "{found:?}"
    );
    let (status, _) = send(client().get(format!("{list}?page=2&per_page=10"))).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_request_without_basic_credentials_gets_401_with_a_challenge() {
    let mock = start("spec/komoju.yaml", quick()).await;
    let answer = client()
        .get(format!("{}/payments", mock.url()))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 401);
    assert_eq!(answer.headers()["www-authenticate"], "Basic realm=\"mock\"");
}
