//! The mock serving `spec/paymentoptions.yaml`, driven over loopback.

mod common;

use common::{fixture, messages, quick, received, receiver, start};
use openapi_sdkgen_mock::Verdict;
use serde_json::{json, Value};

const PAYMENT: &str = "/server-to-server-interface/paymentv2";

fn three_ds_request() -> Value {
    fixture("contract-tests/fixtures/paymentoptions/createThreeDsPayment.request.json")
}

fn post(client: &reqwest::Client, url: String, body: &Value) -> reqwest::RequestBuilder {
    client
        .post(url)
        .header("authorization", "Basic bWVyY2hhbnQ=")
        .header("x-api-key", "key")
        .json(body)
}

#[tokio::test]
async fn a_valid_request_gets_the_documented_example_with_or_without_the_base_path() {
    let mock = start("spec/paymentoptions.yaml", quick()).await;
    let client = reqwest::Client::new();
    let expected =
        fixture("contract-tests/fixtures/paymentoptions/createThreeDsPayment.response.200.json");
    for prefix in ["", "/api/v1"] {
        let answer = post(
            &client,
            format!("{}{prefix}{PAYMENT}", mock.url()),
            &three_ds_request(),
        )
        .send()
        .await
        .expect("answer");
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.headers()["content-type"], "application/json");
        assert_eq!(answer.json::<Value>().await.expect("JSON"), expected);
    }
    let log = mock.stop().await;
    assert_eq!(log.len(), 2);
    assert!(log
        .iter()
        .all(|r| r.verdict == Verdict::Valid
            && r.operation.as_deref() == Some("createThreeDsPayment")));
}

#[tokio::test]
async fn an_invalid_body_gets_the_documented_400_with_every_violation_and_secrets_masked() {
    let mock = start("spec/paymentoptions.yaml", quick()).await;
    let mut body = three_ds_request();
    body["merchant_txn_ref"] = json!("x".repeat(46));
    body["card"]["number"] = json!(4000002500003155u64);
    body.as_object_mut().expect("object").remove("amount");
    let answer = post(
        &reqwest::Client::new(),
        format!("{}{PAYMENT}", mock.url()),
        &body,
    )
    .send()
    .await
    .expect("answer");
    assert_eq!(answer.status(), 400);
    assert_eq!(
        answer.headers()["content-type"],
        "application/json",
        "the documented 400 media type"
    );
    let text = answer.text().await.expect("text");
    assert!(
        !text.contains("4000002500003155") && !text.contains("00003155,"),
        "{text}"
    );
    let problem: Value = serde_json::from_str(&text).expect("JSON");
    let found = messages(&problem);
    assert!(
        found
            .contains(&"/merchant_txn_ref /merchant_txn_ref: 46 characters, at most 45".to_owned()),
        "{found:?}"
    );
    assert!(
        found.iter().any(|m| m.starts_with("/card/number ")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("missing required property \"amount\"")),
        "{found:?}"
    );
    let log = mock.stop().await;
    assert!(matches!(&log[0].verdict, Verdict::Invalid(issues) if issues.len() == 3));
}

#[tokio::test]
async fn missing_credentials_are_answered_401_naming_what_is_missing() {
    let mock = start("spec/paymentoptions.yaml", quick()).await;
    let answer = reqwest::Client::new()
        .post(format!("{}{PAYMENT}", mock.url()))
        .header("authorization", "Basic bWVyY2hhbnQ=")
        .json(&three_ds_request())
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 401);
    let problem: Value = answer.json().await.expect("JSON");
    assert_eq!(problem["violations"][0]["name"], "x-api-key");
    assert!(mock.stop().await[0].verdict.breaks_spec());
}

#[tokio::test]
async fn prefer_picks_a_documented_status_and_refuses_an_undocumented_one() {
    let mock = start("spec/paymentoptions.yaml", quick()).await;
    let client = reqwest::Client::new();
    let url = format!("{}{PAYMENT}", mock.url());
    let answer = post(&client, url.clone(), &three_ds_request())
        .header("prefer", "code=404")
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 404);
    assert!(answer.json::<Value>().await.expect("JSON").is_object());
    let answer = post(&client, url, &three_ds_request())
        .header("prefer", "code=418")
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 400);
    let problem: Value = answer.json().await.expect("JSON");
    assert!(
        messages(&problem)[0].contains("code=418 is not a documented status"),
        "{problem}"
    );
}

#[tokio::test]
async fn a_path_parameter_is_checked_against_its_schema() {
    let mock = start("spec/paymentoptions.yaml", quick()).await;
    let client = reqwest::Client::new();
    let status = |id: &str| {
        client
            .get(format!(
                "{}/server-to-server-interface/transaction/status/{id}",
                mock.url()
            ))
            .header("authorization", "Basic bWVyY2hhbnQ=")
            .header("x-api-key", "key")
            .send()
    };
    assert_eq!(
        status("0db1fac1-e064-4644-a387-08d143960c8f")
            .await
            .expect("answer")
            .status(),
        200
    );
    let answer = status("not-a-uuid").await.expect("answer");
    assert_eq!(answer.status(), 400);
    let problem: Value = answer.json().await.expect("JSON");
    assert_eq!(problem["violations"][0]["in"], "path");
    assert_eq!(problem["violations"][0]["name"], "id");
}

#[tokio::test]
async fn unknown_paths_and_methods_get_404_and_405_problems() {
    let mock = start("spec/paymentoptions.yaml", quick()).await;
    let client = reqwest::Client::new();
    let answer = client
        .get(format!("{}/nowhere", mock.url()))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 404);
    assert_eq!(answer.json::<Value>().await.expect("JSON")["status"], 404);
    let answer = client
        .get(format!("{}{PAYMENT}", mock.url()))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 405);
    assert_eq!(answer.headers()["allow"], "POST");
    let verdicts: Vec<Verdict> = mock.stop().await.into_iter().map(|r| r.verdict).collect();
    assert_eq!(verdicts, [Verdict::UnknownPath, Verdict::UnknownMethod]);
}

#[tokio::test]
async fn the_payment_result_callback_arrives_at_the_webhook_url_of_the_request() {
    let receiver = receiver().await;
    let mock = start("spec/paymentoptions.yaml", quick()).await;
    let mut body = three_ds_request();
    body["return_url"]["webhook_url"] = json!(format!("{}/hooks/payment", receiver.uri()));
    let answer = post(
        &reqwest::Client::new(),
        format!("{}{PAYMENT}", mock.url()),
        &body,
    )
    .send()
    .await
    .expect("answer");
    assert_eq!(answer.status(), 200);
    let requests = received(&receiver, 1).await;
    assert_eq!(requests[0].url.path(), "/hooks/payment");
    let delivered: Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(delivered, fixture("contract-tests/fixtures/paymentoptions/createThreeDsPayment.callback.paymentResult.json"));
    // The SDK's own check of the message passes.
    let check = jp_payment_gateways::paymentoptions::check_payload(
        jp_payment_gateways::support::Message::Callback("createThreeDsPayment", "paymentResult"),
        &requests[0].body,
    );
    assert!(check.is_ok(), "{check:?}");
    for _ in 0..100 {
        if !mock.deliveries().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(mock.deliveries()[0].outcome, Ok(200));
}
