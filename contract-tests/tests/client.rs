//! The generated clients against a real HTTP server on loopback: every
//! operation sends the documented request (method, path, headers, auth,
//! content type, body) and decodes the documented response; and every
//! failure mode surfaces as its own typed error.

use std::time::Duration;

use contract_tests::root;
use jp_payment_gateways::http::{BasicCredentials, Error, Secret};
use jp_payment_gateways::{komoju, paymentoptions};
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BASE: &str = "/api/v1";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("contract-tests/fixtures").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn parse<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).expect("documented example fits the generated type")
}

fn json_response(status: u16, body: Vec<u8>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, "application/json")
}

fn paymentoptions_client(server: &MockServer) -> paymentoptions::Client {
    let credentials = paymentoptions::Credentials {
        authorization: Secret::new("Basic api-key-123"),
        api_key: Secret::new("api-key-123"),
    };
    paymentoptions::Client::new(
        paymentoptions::Server::Custom(format!("{}{BASE}", server.uri())),
        credentials,
    )
    .expect("client builds")
}

fn komoju_client(server: &MockServer) -> komoju::Client {
    let credentials = komoju::Credentials {
        secret_key: BasicCredentials::username_only("sk_123456"),
    };
    komoju::Client::new(
        komoju::Server::Custom(format!("{}{BASE}", server.uri())),
        credentials,
    )
    .expect("client builds")
}

/// Expects exactly one PaymentOptions POST to `route` with both
/// authentication headers and `request` as its JSON body, and answers with
/// the documented response fixture, whose bytes it returns.
async fn expect_paymentoptions_post(
    server: &MockServer,
    route: &str,
    request: &Value,
    status: u16,
    response_fixture: &str,
) -> Vec<u8> {
    let response = fixture(response_fixture);
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/server-to-server-interface/{route}")))
        .and(header("Authorization", "Basic api-key-123"))
        .and(header("x-api-key", "api-key-123"))
        .and(header("content-type", "application/json"))
        .and(body_json(request))
        .respond_with(json_response(status, response.clone()))
        .expect(1)
        .mount(server)
        .await;
    response
}

/// The response decoded into the typed result prints back to the example.
fn assert_decodes_to<T: serde::Serialize>(result: &T, example: &[u8]) {
    let expected: Value = serde_json::from_slice(example).expect("example is JSON");
    assert_eq!(serde_json::to_value(result).expect("serializes"), expected);
}

#[tokio::test]
async fn create_three_ds_payment_sends_the_documented_request() {
    let server = MockServer::start().await;
    let request = fixture_json("paymentoptions/createThreeDsPayment.request.json");
    let response = expect_paymentoptions_post(
        &server,
        "paymentv2",
        &request,
        200,
        "paymentoptions/createThreeDsPayment.response.200.json",
    )
    .await;
    let outcome = paymentoptions_client(&server)
        .create_three_ds_payment(&parse(&request))
        .await
        .expect("succeeds");
    let paymentoptions::CreateThreeDsPaymentResponse::Ok(result) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_decodes_to(&result, &response);
    assert!(result.success);
}

#[tokio::test]
async fn create_token_payment_sends_the_stored_card_token() {
    let server = MockServer::start().await;
    // The documented curl spells the token field `store_payment_method_id`;
    // the spec follows the text (`stored_payment_method_id`), so the client
    // is given the spec's spelling (see x-doc-disagreements).
    let mut request = fixture_json("paymentoptions/createTokenPayment.request.json");
    let method_object = request["payment_method"]
        .as_object_mut()
        .expect("payment_method object");
    let token = method_object
        .remove("store_payment_method_id")
        .expect("documented token field");
    method_object.insert("stored_payment_method_id".into(), token);
    let response = expect_paymentoptions_post(
        &server,
        "payment",
        &request,
        201,
        "paymentoptions/createTokenPayment.response.201.json",
    )
    .await;
    let outcome = paymentoptions_client(&server)
        .create_token_payment(&parse(&request))
        .await
        .expect("succeeds");
    let paymentoptions::CreateTokenPaymentResponse::Created(result) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_decodes_to(&result, &response);
}

#[tokio::test]
async fn generate_hosted_payment_page_link_sends_the_documented_request() {
    let server = MockServer::start().await;
    let request = fixture_json("paymentoptions/generateHostedPaymentPageLink.request.json");
    let response = expect_paymentoptions_post(
        &server,
        "hpp/generate/link",
        &request,
        200,
        "paymentoptions/generateHostedPaymentPageLink.response.200.json",
    )
    .await;
    let outcome = paymentoptions_client(&server)
        .generate_hosted_payment_page_link(&parse(&request))
        .await
        .expect("succeeds");
    let paymentoptions::GenerateHostedPaymentPageLinkResponse::Ok(result) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_decodes_to(&result, &response);
}

#[tokio::test]
async fn create_subscription_payment_sends_the_documented_request() {
    let server = MockServer::start().await;
    let request = fixture_json("paymentoptions/createSubscriptionPayment.request.json");
    let response = expect_paymentoptions_post(
        &server,
        "subscription/payment",
        &request,
        201,
        "paymentoptions/createSubscriptionPayment.response.201.json",
    )
    .await;
    let outcome = paymentoptions_client(&server)
        .create_subscription_payment(&parse(&request))
        .await
        .expect("succeeds");
    let paymentoptions::CreateSubscriptionPaymentResponse::Created(result) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_decodes_to(&result, &response);
}

#[tokio::test]
async fn get_transaction_status_puts_the_id_in_the_path() {
    let server = MockServer::start().await;
    let response = fixture("paymentoptions/getTransactionStatus.response.200.json");
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/server-to-server-interface/transaction/status/0db1fac1-e064-4644-a387-08d143960c8f")))
        .and(header("Authorization", "Basic api-key-123"))
        .and(header("x-api-key", "api-key-123"))
        .respond_with(json_response(200, response.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let result = paymentoptions_client(&server)
        .get_transaction_status("0db1fac1-e064-4644-a387-08d143960c8f")
        .await
        .expect("succeeds");
    let expected: paymentoptions::TransactionStatusResponse =
        serde_json::from_slice(&response).expect("parses");
    assert_eq!(
        result,
        paymentoptions::GetTransactionStatusResponse::Ok(expected)
    );
}

#[tokio::test]
async fn create_secure_token_uses_basic_auth_and_the_idempotency_key() {
    let server = MockServer::start().await;
    // The Ruby sample sends the amount as a string; the parameter table says
    // integer, and so does the spec (see x-doc-disagreements).
    let mut request = fixture_json("komoju/createSecureToken.request.json");
    request["amount"] = Value::from(1000);
    let response = fixture("komoju/createSecureToken.response.200.json");
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/secure_tokens")))
        // base64("sk_123456:"): secret key as user name, empty password.
        .and(header("Authorization", "Basic c2tfMTIzNDU2Og=="))
        .and(header("X-KOMOJU-IDEMPOTENCY", "order-42"))
        .and(header("content-type", "application/json"))
        .and(body_json(&request))
        .respond_with(json_response(200, response.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = komoju_client(&server)
        .create_secure_token(&parse(&request), Some("order-42"), None)
        .await
        .expect("succeeds");
    let komoju::CreateSecureTokenResponse::Ok(token) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_decodes_to(&token, &response);
    assert_eq!(
        token.verification_status,
        komoju::SecureTokenVerificationStatus::NeedsVerify
    );
}

#[tokio::test]
async fn get_secure_token_reads_the_token() {
    let server = MockServer::start().await;
    let response = fixture("komoju/getSecureToken.response.200.json");
    Mock::given(method("GET"))
        .and(path(format!(
            "{BASE}/secure_tokens/tok_1234567890abcdefghijklmnop"
        )))
        .and(header("Authorization", "Basic c2tfMTIzNDU2Og=="))
        .respond_with(json_response(200, response.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = komoju_client(&server)
        .get_secure_token("tok_1234567890abcdefghijklmnop", None)
        .await
        .expect("succeeds");
    let komoju::GetSecureTokenResponse::Ok(token) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_decodes_to(&token, &response);
}

#[test]
fn form_encoding_matches_the_documented_curl_fields() {
    let mut request = fixture_json("komoju/createSecureToken.request.json");
    request["amount"] = Value::from(1000);
    let typed: komoju::SecureTokenRequest = parse(&request);
    let encoded = jp_payment_gateways::http::form_body(&typed).expect("encodes");
    let documented =
        String::from_utf8(fixture("komoju/createSecureToken.request.form")).expect("utf-8");
    assert_eq!(encoded, documented);
}

#[tokio::test]
async fn an_invalid_request_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let mut request = fixture_json("paymentoptions/createThreeDsPayment.request.json");
    request["merchant_txn_ref"] = Value::from("決".repeat(46));
    request["card"]["number"] = Value::from("4000002500003155");
    let error = paymentoptions_client(&server)
        .create_three_ds_payment(&parse(&request))
        .await
        .expect_err("invalid");
    let Error::Validation(violations) = &error else {
        panic!("expected a validation error, got {error:?}")
    };
    assert_eq!(
        violations.to_string(),
        "/merchant_txn_ref: 46 characters, at most 45"
    );
    assert!(!error.outcome_unknown());
    let received = server.received_requests().await.expect("recording is on");
    assert!(
        received.is_empty(),
        "the server saw {} request(s)",
        received.len()
    );
}

/// Asserts that `result` is a validation error reading `expected`, and
/// that `server` received nothing.
async fn assert_refused_unsent<T: std::fmt::Debug>(
    server: &MockServer,
    result: Result<T, Error>,
    expected: &str,
) {
    let error = result.expect_err("invalid");
    let Error::Validation(violations) = &error else {
        panic!("expected a validation error, got {error:?}")
    };
    assert_eq!(violations.to_string(), expected);
    let received = server.received_requests().await.expect("recording is on");
    assert!(
        received.is_empty(),
        "the server saw {} request(s)",
        received.len()
    );
}

#[tokio::test]
async fn a_transaction_id_that_is_not_a_uuid_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let result = paymentoptions_client(&server)
        .get_transaction_status("t-1")
        .await;
    assert_refused_unsent(&server, result, r#"/path/id: "t-1" is not a valid uuid"#).await;
}

#[tokio::test]
async fn a_return_url_that_is_not_a_uri_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let mut request = fixture_json("komoju/createSecureToken.request.json");
    request["amount"] = Value::from(1000);
    request["return_url"] = Value::from("example.com/back");
    let result = komoju_client(&server)
        .create_secure_token(&parse(&request), None, None)
        .await;
    let expected = r#"/return_url: "example.com/back" is not a valid uri"#;
    assert_refused_unsent(&server, result, expected).await;
}

#[tokio::test]
async fn a_header_argument_past_its_max_length_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let mut request = fixture_json("komoju/createSecureToken.request.json");
    request["amount"] = Value::from(1000);
    let key = "k".repeat(101);
    let result = komoju_client(&server)
        .create_secure_token(&parse(&request), Some(&key), None)
        .await;
    let expected = "/header/X-KOMOJU-IDEMPOTENCY: 101 characters, at most 100";
    assert_refused_unsent(&server, result, expected).await;
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_and_body_with_secrets_masked() {
    let server = MockServer::start().await;
    let body =
        br#"{"success":false,"message":"declined","card":{"number":"4000002500003155"}}"#.to_vec();
    Mock::given(method("GET"))
        .respond_with(json_response(402, body))
        .mount(&server)
        .await;
    let error = paymentoptions_client(&server)
        .get_transaction_status("0db1fac1-e064-4644-a387-08d143960c8f")
        .await
        .expect_err("402 is undocumented");
    let Error::UnexpectedStatus { status, body } = &error else {
        panic!("got {error:?}")
    };
    assert_eq!(*status, 402);
    assert!(
        body.contains("declined") && body.contains("****3155"),
        "{body}"
    );
    assert!(!error.to_string().contains("4000002500003155"), "{error}");
}

#[tokio::test]
async fn documented_error_statuses_decode_into_typed_error_bodies() {
    let server = MockServer::start().await;
    Mock::given(path(format!("{BASE}/secure_tokens/unavailable")))
        .respond_with(json_response(
            503,
            br#"{"error":{"message":"try later","code":"service_unavailable","param":null}}"#
                .to_vec(),
        ))
        .mount(&server)
        .await;
    Mock::given(path(format!("{BASE}/secure_tokens/empty")))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(path(format!("{BASE}/secure_tokens/teapot")))
        .respond_with(ResponseTemplate::new(418))
        .mount(&server)
        .await;
    let client = komoju_client(&server);
    match client.get_secure_token("unavailable", None).await {
        Ok(komoju::GetSecureTokenResponse::ServiceUnavailable(body)) => {
            assert_eq!(body.error.code, "service_unavailable");
            assert_eq!(body.error.param, Some(None), "present and null");
        }
        other => panic!("got {other:?}"),
    }
    // A documented status must carry its documented body.
    match client.get_secure_token("empty", None).await {
        Err(Error::Decode {
            status: 500, body, ..
        }) => assert_eq!(body, ""),
        other => panic!("got {other:?}"),
    }
    match client.get_secure_token("teapot", None).await {
        Err(Error::UnexpectedStatus { status: 418, .. }) => {}
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn a_documented_status_with_a_malformed_body_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, b"{\"id\": ".to_vec()))
        .mount(&server)
        .await;
    let error = komoju_client(&server)
        .get_secure_token("tok_x", None)
        .await
        .expect_err("malformed");
    let Error::Decode {
        status,
        body,
        message,
    } = &error
    else {
        panic!("got {error:?}")
    };
    assert_eq!((*status, body.as_str()), (200, "{\"id\": "));
    assert!(message.contains("EOF"), "{message}");
}

#[tokio::test]
async fn a_timeout_on_a_post_is_an_unknown_outcome_and_is_not_retried() {
    let server = MockServer::start().await;
    let response = fixture("komoju/createSecureToken.response.200.json");
    Mock::given(method("POST"))
        .respond_with(json_response(200, response).set_delay(Duration::from_secs(2)))
        .expect(1)
        .mount(&server)
        .await;
    let client = komoju::Client::builder(
        komoju::Server::Custom(format!("{}{BASE}", server.uri())),
        komoju::Credentials {
            secret_key: BasicCredentials::username_only("sk_123456"),
        },
    )
    .timeout(Duration::from_millis(200))
    .build()
    .expect("client builds");
    let mut request = fixture_json("komoju/createSecureToken.request.json");
    request["amount"] = Value::from(1000);
    let error = client
        .create_secure_token(&parse(&request), None, None)
        .await
        .expect_err("times out");
    assert!(
        matches!(
            error,
            Error::Timeout {
                outcome_unknown: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("outcome unknown"), "{error}");
    // `expect(1)` above fails the test on drop if the client sent it twice.
}

#[tokio::test]
async fn a_timeout_on_a_get_is_safe_to_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = komoju::Client::builder(
        komoju::Server::Custom(format!("{}{BASE}", server.uri())),
        komoju::Credentials {
            secret_key: BasicCredentials::username_only("sk_123456"),
        },
    )
    .timeout(Duration::from_millis(200))
    .build()
    .expect("client builds");
    let error = client
        .get_secure_token("tok_x", None)
        .await
        .expect_err("times out");
    assert!(
        matches!(
            error,
            Error::Timeout {
                outcome_unknown: false,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn credentials_never_show_in_debug_output() {
    let credentials = paymentoptions::Credentials {
        authorization: Secret::new("Basic very-secret"),
        api_key: Secret::new("very-secret"),
    };
    let client = paymentoptions::Client::new(paymentoptions::Server::Sandbox, credentials)
        .expect("client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains("very-secret"), "{debug}");
    assert_eq!(
        paymentoptions::Server::Sandbox.url(),
        "https://api-dev.paymentoptions.com/api/v1"
    );
    assert_eq!(
        komoju::Server::Production.url(),
        "https://komoju.com/api/v1"
    );
}
