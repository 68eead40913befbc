//! The payment flows end to end, against stateful provider stubs on
//! loopback: each stub keeps the state a real gateway would (a token's
//! verification, a transaction's authorised, captured and refunded
//! amounts) and refuses what the provider refuses, and webhooks travel
//! over HTTP to a receiver before they are verified and parsed.

use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use jp_payment_gateways::http::{BasicCredentials, Secret};
use jp_payment_gateways::komoju::webhooks::{self, WebhookError};
use jp_payment_gateways::{komoju, paymentoptions};
use serde_json::{json, Value};
use sha2::Sha256;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const BASE: &str = "/api/v1";
const WEBHOOK_SECRET: &str = "whsec_flow_test_secret";

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), "application/json")
}

fn request_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the client sends JSON")
}

/// Signs like the provider, independently of the SDK: lowercase hex
/// HMAC-SHA256 of the exact bytes.
fn sign(body: &[u8], secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// POSTs `body` to the receiver the way a provider delivers a webhook.
async fn deliver(receiver: &MockServer, route: &str, body: &[u8], headers: &[(&str, String)]) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{route}", receiver.uri()))
        .header("content-type", "application/json")
        .body(body.to_vec());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let status = request.send().await.expect("receiver reachable").status();
    assert_eq!(status, 200);
}

/// The one request the receiver got on `route`.
async fn received(receiver: &MockServer, route: &str) -> Request {
    let mut requests: Vec<Request> = receiver
        .received_requests()
        .await
        .expect("recording is on")
        .into_iter()
        .filter(|r| r.url.path() == route)
        .collect();
    assert_eq!(requests.len(), 1, "one delivery on {route}");
    requests.remove(0)
}

async fn receiver() -> MockServer {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    receiver
}

// ------------------------------------------------------------------ KOMOJU

/// KOMOJU as far as the 3-D Secure flow needs it: a token is NEEDS_VERIFY
/// until the customer opens its authentication page, and only a verified
/// token pays.
#[derive(Clone, Default)]
struct KomojuStub {
    verified: Arc<Mutex<bool>>,
    base: String,
}

const TOKEN: &str = "tok_1234567890abcdefghijklmnop";

impl KomojuStub {
    fn token(&self) -> Value {
        let verified = *self.verified.lock().expect("not poisoned");
        let mut token = json!({
            "id": TOKEN,
            "verification_status": if verified { "OK" } else { "NEEDS_VERIFY" },
            "created_at": "2022-05-18T09:03:57Z",
        });
        if !verified {
            token["authentication_url"] = Value::from(format!(
                "{}/three_d_secure/offsite?token={TOKEN}",
                self.base
            ));
        }
        token
    }
}

struct Respond3ds(KomojuStub, &'static str);

impl Respond for Respond3ds {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Respond3ds(stub, step) = self;
        match *step {
            "create-token" | "show-token" => json_response(200, &stub.token()),
            "authenticate" => {
                *stub.verified.lock().expect("not poisoned") = true;
                ResponseTemplate::new(200)
            }
            "create-payment" => {
                let body = request_json(request);
                let verified = *stub.verified.lock().expect("not poisoned");
                if body["payment_details"] != TOKEN || !verified {
                    return json_response(
                        422,
                        &json!({"error": {"message": "token not verified", "code": "unprocessable_entity", "param": "payment_details"}}),
                    );
                }
                json_response(200, &captured_payment(&body))
            }
            other => panic!("no step {other}"),
        }
    }
}

fn captured_payment(request: &Value) -> Value {
    json!({
        "id": "807nhquor2u027yn30ssx008m",
        "resource": "payment",
        "status": "captured",
        "amount": request["amount"],
        "currency": request["currency"],
        "payment_details": {"type": "credit_card", "brand": "visa", "last_four_digits": "0100"},
        "captured_at": "2022-05-18T09:05:00Z",
        "created_at": "2022-05-18T09:05:00Z",
        "amount_refunded": 0,
        "refunds": []
    })
}

async fn komoju_stub() -> (MockServer, KomojuStub) {
    let server = MockServer::start().await;
    let stub = KomojuStub {
        base: server.uri(),
        ..KomojuStub::default()
    };
    for (verb, route, step) in [
        ("POST", format!("{BASE}/secure_tokens"), "create-token"),
        ("GET", format!("{BASE}/secure_tokens/{TOKEN}"), "show-token"),
        ("GET", "/three_d_secure/offsite".to_owned(), "authenticate"),
        ("POST", format!("{BASE}/payments"), "create-payment"),
    ] {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(Respond3ds(stub.clone(), step))
            .mount(&server)
            .await;
    }
    (server, stub)
}

fn komoju_client(server: &MockServer) -> komoju::Client {
    komoju::Client::new(
        komoju::Server::Custom(format!("{}{BASE}", server.uri())),
        komoju::Credentials {
            secret_key: BasicCredentials::username_only("sk_test_123456"),
        },
    )
    .expect("client builds")
}

fn secure_token_request() -> komoju::SecureTokenRequest {
    serde_json::from_value(json!({
        "amount": 1000,
        "currency": "JPY",
        "return_url": "https://example.com/complete",
        "payment_details": {
            "type": "credit_card",
            "number": "4100000000005000",
            "month": "08",
            "year": "2030",
            "verification_value": "123",
            "name": "Test Card"
        }
    }))
    .expect("a valid request")
}

/// The captured payment's webhook as KOMOJU would send it: pretty-printed,
/// so a parse-and-reserialise round trip changes the bytes.
fn captured_event(payment: &komoju::Payment) -> Vec<u8> {
    let event = json!({
        "id": "evt_0123456789abcdefghijklmn",
        "type": "payment.captured",
        "resource": "event",
        "data": payment,
        "created_at": "2022-05-18T09:05:01Z",
        "reason": null
    });
    serde_json::to_vec_pretty(&event).expect("serializes")
}

#[tokio::test]
async fn komoju_three_d_secure_from_token_to_verified_captured_webhook() {
    let (server, _stub) = komoju_stub().await;
    let client = komoju_client(&server);
    let key = jp_payment_gateways::http::fresh_idempotency_key();

    // 1. Create the token: the customer has to authenticate.
    let outcome = client
        .create_secure_token(&secure_token_request(), Some(&key), Some("2025-01-28"))
        .await
        .expect("sent");
    let komoju::CreateSecureTokenResponse::Ok(token) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(
        token.verification_status,
        komoju::SecureTokenVerificationStatus::NeedsVerify
    );
    let authentication_url = token
        .authentication_url
        .expect("a page to send the customer to");

    // A payment with the unverified token is refused by the provider.
    let payment_request: komoju::PaymentRequest = serde_json::from_value(json!({
        "amount": 1000, "currency": "JPY", "payment_details": token.id
    }))
    .expect("valid");
    let early = client
        .create_payment(
            &payment_request,
            Some(&jp_payment_gateways::http::fresh_idempotency_key()),
            None,
        )
        .await
        .expect("sent");
    let komoju::CreatePaymentResponse::UnprocessableEntity(refusal) = early else {
        panic!("got {early:?}")
    };
    assert_eq!(
        refusal.error.param,
        Some(Some("payment_details".to_owned()))
    );

    // 2. The customer authenticates on the page; 3. the token reads OK.
    reqwest::get(&authentication_url)
        .await
        .expect("page reachable");
    let outcome = client
        .get_secure_token(&token.id, None)
        .await
        .expect("sent");
    let komoju::GetSecureTokenResponse::Ok(token) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(
        token.verification_status,
        komoju::SecureTokenVerificationStatus::Ok
    );

    // 4. Pay with the token.
    let outcome = client
        .create_payment(
            &payment_request,
            Some(&jp_payment_gateways::http::fresh_idempotency_key()),
            None,
        )
        .await
        .expect("sent");
    let komoju::CreatePaymentResponse::Ok(payment) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(payment.status, komoju::PaymentStatus::Captured);

    // 5. KOMOJU delivers payment.captured, signed, to the merchant.
    let receiver = receiver().await;
    let body = captured_event(&payment);
    deliver(
        &receiver,
        "/hooks/komoju",
        &body,
        &[
            ("X-Komoju-Signature", sign(&body, WEBHOOK_SECRET)),
            ("X-Komoju-ID", "delivery-1".to_owned()),
            ("X-Komoju-Event", "payment.captured".to_owned()),
        ],
    )
    .await;
    let delivery = received(&receiver, "/hooks/komoju").await;
    let signature = delivery
        .headers
        .get(webhooks::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let event = webhooks::verify_webhook(&delivery.body, signature, WEBHOOK_SECRET.as_bytes())
        .expect("a genuine delivery verifies");
    assert_eq!(event.type_, komoju::WebhookEventType::PaymentCaptured);
    let delivered: komoju::Payment =
        serde_json::from_value(Value::Object(event.data.into_iter().collect())).expect("a payment");
    assert_eq!(delivered, payment);
}

#[tokio::test]
async fn a_tampered_body_a_wrong_secret_and_a_missing_header_are_each_refused() {
    let receiver = receiver().await;
    let payment: komoju::Payment = serde_json::from_value(captured_payment(&json!({
        "amount": 1000, "currency": "JPY"
    })))
    .expect("a payment");
    let body = captured_event(&payment);
    let signature = sign(&body, WEBHOOK_SECRET);
    deliver(
        &receiver,
        "/hooks",
        &body,
        &[("X-Komoju-Signature", signature.clone())],
    )
    .await;
    let delivery = received(&receiver, "/hooks").await;
    let header = delivery
        .headers
        .get("x-komoju-signature")
        .and_then(|v| v.to_str().ok());
    let secret = WEBHOOK_SECRET.as_bytes();
    assert!(webhooks::verify_signature(&delivery.body, header, secret).is_ok());

    let mut tampered = delivery.body.clone();
    let amount_at = String::from_utf8_lossy(&tampered)
        .find("1000")
        .expect("the amount is in the body");
    tampered[amount_at] = b'9';
    assert!(matches!(
        webhooks::verify_webhook(&tampered, header, secret),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        webhooks::verify_webhook(&delivery.body, header, b"whsec_someone_else"),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        webhooks::verify_webhook(&delivery.body, None, secret),
        Err(WebhookError::MissingSignature {
            header: "X-Komoju-Signature"
        })
    ));
    assert!(matches!(
        webhooks::verify_webhook(&delivery.body, Some("not hex"), secret),
        Err(WebhookError::MalformedSignature { .. })
    ));
    assert!(matches!(
        webhooks::verify_webhook(&delivery.body, Some(&signature[..62]), secret),
        Err(WebhookError::MalformedSignature { .. })
    ));
    assert!(matches!(
        webhooks::verify_webhook(&delivery.body, header, b""),
        Err(WebhookError::EmptySecret)
    ));
    // The same event, parsed and serialised again: the content is equal but
    // the bytes are not, and the signature was over the bytes.
    let reserialised =
        serde_json::to_vec(&serde_json::from_slice::<Value>(&delivery.body).expect("JSON"))
            .expect("serializes");
    assert!(matches!(
        webhooks::verify_signature(&reserialised, header, secret),
        Err(WebhookError::SignatureMismatch)
    ));
    // A correctly signed body that is not an event is a payload error.
    let not_an_event = br#"{"id": 1}"#;
    let signed = sign(not_an_event, WEBHOOK_SECRET);
    assert!(matches!(
        webhooks::verify_webhook(not_an_event, Some(&signed), secret),
        Err(WebhookError::Payload(_))
    ));
    // Errors never repeat the secret or the signature.
    let error = webhooks::verify_webhook(&tampered, header, secret).expect_err("refused");
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains(WEBHOOK_SECRET) && !text.contains(&signature),
        "{text}"
    );
}

// ---------------------------------------------------------- PaymentOptions

/// One transaction as the gateway tracks it.
#[derive(Default)]
struct Transaction {
    authorised: i64,
    captured: i64,
    refunded: i64,
    voided: bool,
}

/// The gateway's rules: capture at most the authorised amount, refund at
/// most the captured amount in total, void only before capture.
#[derive(Clone, Default)]
struct PaymentOptionsStub {
    transaction: Arc<Mutex<Transaction>>,
}

const TRANSACTION_ID: &str = "0db1fac1-e064-4644-a387-08d143960c8f";

fn envelope(status: u16, kind: &str, code: &str, message: &str, amount: i64) -> Value {
    json!({
        "success": true,
        "status_code": status,
        "is_live": false,
        "transaction_type": kind,
        "gateway_response": {"version": "1", "type": "INFO", "message": message, "code": code},
        "payment_details": {"amount": amount, "response_code": 0, "currency": "JPY", "scheme": "VISA"},
        "transaction_details": {"id": TRANSACTION_ID, "ref": 74811, "timestamp": "2024-11-25T08:24:36.000Z", "merchant_txn_ref": "order-42"}
    })
}

/// The failure body is not documented; the stub answers with the envelope
/// the spec assumes (`success: false`, a message).
fn refusal(message: &str) -> ResponseTemplate {
    json_response(
        412,
        &json!({"success": false, "status_code": 412, "message": message}),
    )
}

struct RespondGateway(PaymentOptionsStub, &'static str);

impl Respond for RespondGateway {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let RespondGateway(stub, step) = self;
        let mut transaction = stub.transaction.lock().expect("not poisoned");
        match *step {
            "paymentv2" => {
                let body = request_json(request);
                transaction.authorised = body["amount"]
                    .as_str()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(0);
                json_response(
                    200,
                    &json!({
                        "url": "https://checkout-dev.paymentoptions.com/integration/3ds?_token=t",
                        "statusCode": 200,
                        "success": true,
                        "redirect_url": "https://checkout-dev.paymentoptions.com/integration/3ds?_token=t"
                    }),
                )
            }
            "status" => {
                let (kind, amount) = if transaction.captured > 0 {
                    ("CAPTURE", transaction.captured)
                } else {
                    ("PRE_AUTH", transaction.authorised)
                };
                let mut body = envelope(200, kind, "INFO0000", "Payment Successful.", amount);
                body["risk_details"] = json!({"risk_score": null});
                json_response(200, &body)
            }
            "capture" => {
                let amount = request_json(request)["amount"].as_i64().unwrap_or(0);
                if transaction.voided || transaction.captured > 0 || amount > transaction.authorised
                {
                    return refusal(
                        "capture refused: more than the authorised amount, or not authorised",
                    );
                }
                transaction.captured = amount;
                json_response(
                    201,
                    &envelope(
                        201,
                        "CAPTURE",
                        "INFO0001",
                        "Amount successfully captured.",
                        amount,
                    ),
                )
            }
            "refund" => {
                let amount = request_json(request)["amount"].as_i64().unwrap_or(0);
                if transaction.refunded + amount > transaction.captured {
                    return refusal("refund refused: more than the captured amount");
                }
                transaction.refunded += amount;
                json_response(
                    201,
                    &envelope(
                        201,
                        "REFUND",
                        "INFO0002",
                        "Amount successfully refunded.",
                        amount,
                    ),
                )
            }
            "void" => {
                if transaction.captured > 0 || transaction.voided {
                    return refusal("void refused: the transaction is captured");
                }
                transaction.voided = true;
                json_response(
                    201,
                    &envelope(
                        201,
                        "VOID",
                        "INFO0003",
                        "Authorization Successfully Cancelled.",
                        transaction.authorised,
                    ),
                )
            }
            other => panic!("no step {other}"),
        }
    }
}

async fn gateway_stub() -> MockServer {
    let server = MockServer::start().await;
    let stub = PaymentOptionsStub::default();
    for (verb, route, step) in [
        ("POST", "paymentv2", "paymentv2"),
        ("GET", "transaction/status/[0-9a-f-]+", "status"),
        ("POST", "capture", "capture"),
        ("POST", "refund", "refund"),
        ("POST", "void", "void"),
    ] {
        Mock::given(method(verb))
            .and(path_regex(format!(
                "^{BASE}/server-to-server-interface/{route}$"
            )))
            .respond_with(RespondGateway(stub.clone(), step))
            .mount(&server)
            .await;
    }
    server
}

fn gateway_client(server: &MockServer) -> paymentoptions::Client {
    paymentoptions::Client::new(
        paymentoptions::Server::Custom(format!("{}{BASE}", server.uri())),
        paymentoptions::Credentials {
            authorization: Secret::new("Basic api-key-123"),
            api_key: Secret::new("api-key-123"),
        },
    )
    .expect("client builds")
}

fn three_ds_request(webhook_url: &str) -> paymentoptions::ThreeDsPaymentRequest {
    let mut request: Value = serde_json::from_slice(
        &std::fs::read(
            contract_tests::root()
                .join("contract-tests/fixtures/paymentoptions/createThreeDsPayment.request.json"),
        )
        .expect("fixture"),
    )
    .expect("JSON");
    request["return_url"]["webhook_url"] = Value::from(webhook_url);
    request["merchant_id"] = Value::from("JP00000328");
    serde_json::from_value(request).expect("the documented request fits")
}

fn transaction_request<T: serde::de::DeserializeOwned>(amount: Option<i64>) -> T {
    let mut body = json!({"transactionId": TRANSACTION_ID, "merchant_id": "JP00000328"});
    if let Some(amount) = amount {
        body["amount"] = Value::from(amount);
    }
    serde_json::from_value(body).expect("valid")
}

#[tokio::test]
async fn paymentoptions_three_d_secure_then_capture_partial_refund_and_the_refusals() {
    let server = gateway_stub().await;
    let client = gateway_client(&server);
    let receiver = receiver().await;

    // 1. Start the 3-D Secure payment; the browser goes to redirect_url.
    let webhook_url = format!("{}/hooks/paymentoptions", receiver.uri());
    let outcome = client
        .create_three_ds_payment(&three_ds_request(&webhook_url))
        .await
        .expect("sent");
    let paymentoptions::CreateThreeDsPaymentResponse::Ok(started) = outcome else {
        panic!("got {outcome:?}")
    };
    assert!(started.redirect_url.is_some());

    // 2. The gateway posts the result to webhook_url (unsigned: no scheme is documented).
    let result = json!({
        "success": true, "status_code": 200, "is_live": false, "transaction_type": "PRE_AUTH",
        "gateway_response": {"version": "1", "type": "INFO", "message": "Payment Successful.", "code": "INFO0000"},
        "transaction_details": {"id": TRANSACTION_ID, "ref": 74811, "timestamp": "2024-11-25T08:24:36.000Z"},
        "risk-details": {"risk_score": null}
    });
    deliver(
        &receiver,
        "/hooks/paymentoptions",
        result.to_string().as_bytes(),
        &[],
    )
    .await;
    let delivery = received(&receiver, "/hooks/paymentoptions").await;
    let message = jp_payment_gateways::Message::Callback("createThreeDsPayment", "paymentResult");
    paymentoptions::check_payload(message, &delivery.body).expect("the documented webhook body");
    let webhook: paymentoptions::PaymentResult =
        jp_payment_gateways::support::parse(&delivery.body).expect("parses");
    let id = webhook
        .transaction_details
        .and_then(|t| t.id)
        .expect("the transaction id");

    // 3. Look the transaction up: authorised, not yet captured.
    let outcome = client.get_transaction_status(&id).await.expect("sent");
    let paymentoptions::GetTransactionStatusResponse::Ok(status) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(
        status.transaction_type,
        Some(paymentoptions::TransactionType::PreAuth)
    );

    // 4. Capture the whole amount, 5. refund part of it.
    let outcome = client
        .capture_transaction(&transaction_request(Some(1000)))
        .await
        .expect("sent");
    let paymentoptions::CaptureTransactionResponse::Created(captured) = outcome else {
        panic!("got {outcome:?}")
    };
    let code = |r: &paymentoptions::PaymentResponse| {
        r.gateway_response.as_ref().and_then(|g| g.code.clone())
    };
    assert_eq!(code(&captured).as_deref(), Some("INFO0001"));
    let outcome = client
        .refund_transaction(&transaction_request(Some(300)))
        .await
        .expect("sent");
    let paymentoptions::RefundTransactionResponse::Created(refunded) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(code(&refunded).as_deref(), Some("INFO0002"));

    // 6. Refunding more than what is left of the capture is refused.
    let outcome = client
        .refund_transaction(&transaction_request(Some(701)))
        .await
        .expect("sent");
    let paymentoptions::RefundTransactionResponse::PreconditionFailed(refusal) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(refusal.success, Some(false));

    // 7. A captured transaction cannot be voided.
    let outcome = client
        .void_transaction(&transaction_request(None))
        .await
        .expect("sent");
    assert!(
        matches!(
            outcome,
            paymentoptions::VoidTransactionResponse::PreconditionFailed(_)
        ),
        "got {outcome:?}"
    );
}

#[tokio::test]
async fn an_uncaptured_authorisation_can_be_voided_and_then_not_captured() {
    let server = gateway_stub().await;
    let client = gateway_client(&server);
    let outcome = client
        .create_three_ds_payment(&three_ds_request("https://example.com/hooks"))
        .await
        .expect("sent");
    assert!(matches!(
        outcome,
        paymentoptions::CreateThreeDsPaymentResponse::Ok(_)
    ));
    let outcome = client
        .void_transaction(&transaction_request(None))
        .await
        .expect("sent");
    let paymentoptions::VoidTransactionResponse::Created(voided) = outcome else {
        panic!("got {outcome:?}")
    };
    assert_eq!(
        voided.transaction_type,
        Some(paymentoptions::TransactionType::Void)
    );
    let outcome = client
        .capture_transaction(&transaction_request(Some(1000)))
        .await
        .expect("sent");
    assert!(
        matches!(
            outcome,
            paymentoptions::CaptureTransactionResponse::PreconditionFailed(_)
        ),
        "got {outcome:?}"
    );
}

#[tokio::test]
async fn a_capture_beyond_the_authorised_amount_is_refused_and_a_lesser_one_accepted() {
    let server = gateway_stub().await;
    let client = gateway_client(&server);
    client
        .create_three_ds_payment(&three_ds_request("https://example.com/hooks"))
        .await
        .expect("sent");
    let outcome = client
        .capture_transaction(&transaction_request(Some(1001)))
        .await
        .expect("sent");
    assert!(
        matches!(
            outcome,
            paymentoptions::CaptureTransactionResponse::PreconditionFailed(_)
        ),
        "got {outcome:?}"
    );
    let outcome = client
        .capture_transaction(&transaction_request(Some(600)))
        .await
        .expect("sent");
    assert!(
        matches!(
            outcome,
            paymentoptions::CaptureTransactionResponse::Created(_)
        ),
        "got {outcome:?}"
    );
}

/// KOMOJU's list of payments, `per_page` at a time, newest first; records
/// the query of every request, and refuses one whose filters are missing.
/// The query pairs of one request, in the order sent.
type Query = Vec<(String, String)>;

#[derive(Clone, Default)]
struct PaymentListStub {
    queries: Arc<Mutex<Vec<Query>>>,
    payments: usize,
    /// A page number answered with 401 instead of the page.
    refuse_page: Option<usize>,
}

const LIST_FILTERS: [(&str, &str); 4] = [
    ("per_page", "2"),
    ("start_time", "2022-05-01T00:00:00Z"),
    ("currency", "JPY"),
    ("status", "captured"),
];

impl Respond for PaymentListStub {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query: Query = request
            .url
            .query_pairs()
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        self.queries
            .lock()
            .expect("not poisoned")
            .push(query.clone());
        let value_of = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        for (key, expected) in LIST_FILTERS {
            if value_of(key).as_deref() != Some(expected) {
                let error = json!({"error": {"message": format!("{key} lost"), "code": "bad_request", "param": key}});
                return json_response(422, &error);
            }
        }
        let page: usize = value_of("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        if self.refuse_page == Some(page) {
            let error =
                json!({"error": {"message": "Key expired", "code": "unauthorized", "param": null}});
            return json_response(401, &error);
        }
        let per_page = 2;
        let first = (page - 1) * per_page;
        let data: Vec<Value> = (first..self.payments.min(first + per_page))
            .map(|n| {
                let mut payment = captured_payment(&json!({"amount": 1000 + n, "currency": "JPY"}));
                payment["id"] = json!(format!("payment{n:020}"));
                payment
            })
            .collect();
        json_response(
            200,
            &json!({
                "resource": "list",
                "total": self.payments,
                "page": page,
                "per_page": per_page,
                "last_page": self.payments.div_ceil(per_page),
                "data": data
            }),
        )
    }
}

async fn payment_list_stub(stub: &PaymentListStub) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/payments")))
        .respond_with(stub.clone())
        .mount(&server)
        .await;
    server
}

fn list_filters() -> komoju::ListPaymentsQuery {
    komoju::ListPaymentsQuery {
        per_page: Some(2),
        start_time: Some("2022-05-01T00:00:00Z".into()),
        currency: Some("JPY".into()),
        status: Some(komoju::PaymentStatus::Captured),
        ..komoju::ListPaymentsQuery::default()
    }
}

#[tokio::test]
async fn walking_the_payment_list_asks_every_page_with_the_same_filters_and_stops_at_the_last() {
    let stub = PaymentListStub {
        payments: 5,
        ..PaymentListStub::default()
    };
    let server = payment_list_stub(&stub).await;
    let client = komoju_client(&server);
    let mut pages = client.list_payments_pages(list_filters());
    let mut ids = Vec::new();
    while let Some(outcome) = pages.next_page().await.expect("each page arrives") {
        let komoju::ListPaymentsResponse::Ok(page) = outcome else {
            panic!("the stub refused a page: {outcome:?}");
        };
        ids.extend(page.data.into_iter().map(|payment| payment.id));
    }
    let expected: Vec<String> = (0..5).map(|n| format!("payment{n:020}")).collect();
    assert_eq!(ids, expected);
    let queries = stub.queries.lock().expect("not poisoned").clone();
    let page_numbers: Vec<Option<&str>> = queries
        .iter()
        .map(|query| {
            query
                .iter()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.as_str())
        })
        .collect();
    assert_eq!(
        page_numbers,
        [Some("1"), Some("2"), Some("3")],
        "no request past the last page"
    );
    for query in &queries {
        let mut filters: Vec<(&str, &str)> = query
            .iter()
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        filters.sort_unstable();
        let mut expected = LIST_FILTERS.to_vec();
        expected.sort_unstable();
        assert_eq!(
            filters, expected,
            "every filter, and nothing else, on every page"
        );
    }
    assert!(pages.next_page().await.expect("no request").is_none());
    assert_eq!(stub.queries.lock().expect("not poisoned").len(), 3);
}

#[tokio::test]
async fn an_empty_list_is_one_request_and_a_refused_page_ends_the_walk_after_it_is_returned() {
    let empty = PaymentListStub::default();
    let server = payment_list_stub(&empty).await;
    let client = komoju_client(&server);
    let mut pages = client.list_payments_pages(list_filters());
    assert!(matches!(
        pages.next_page().await.expect("answered"),
        Some(komoju::ListPaymentsResponse::Ok(page)) if page.data.is_empty()
    ));
    assert!(pages.next_page().await.expect("no request").is_none());
    assert_eq!(empty.queries.lock().expect("not poisoned").len(), 1);

    let refusing = PaymentListStub {
        payments: 5,
        refuse_page: Some(2),
        ..PaymentListStub::default()
    };
    let server = payment_list_stub(&refusing).await;
    let client = komoju_client(&server);
    let mut pages = client.list_payments_pages(list_filters());
    assert!(matches!(
        pages.next_page().await,
        Ok(Some(komoju::ListPaymentsResponse::Ok(_)))
    ));
    assert!(matches!(
        pages.next_page().await,
        Ok(Some(komoju::ListPaymentsResponse::Unauthorized(_)))
    ));
    assert!(pages.next_page().await.expect("no request").is_none());
    assert_eq!(refusing.queries.lock().expect("not poisoned").len(), 2);
}

#[tokio::test]
async fn an_unclear_response_code_is_reconciled_with_the_status_lookup_and_a_decline_is_final() {
    use paymentoptions::codes::{
        gateway_response_code, payment_details_response_code, CodeOutcome,
    };

    // A code's own entry wins over the range that holds it.
    let declined = payment_details_response_code(5).expect("documented");
    assert_eq!(declined.outcome, CodeOutcome::Declined);
    assert!(declined.meaning.contains("honour"), "{declined:?}");
    assert_eq!(
        payment_details_response_code(37).map(|c| c.outcome),
        Some(CodeOutcome::Declined)
    );
    assert_eq!(
        payment_details_response_code(0).map(|c| c.outcome),
        Some(CodeOutcome::Approved)
    );
    assert_eq!(
        payment_details_response_code(-8005).map(|c| c.outcome),
        Some(CodeOutcome::Declined)
    );
    assert_eq!(payment_details_response_code(2000), None);
    assert_eq!(
        gateway_response_code("INFO0002").map(|c| c.outcome),
        Some(CodeOutcome::Approved)
    );
    assert_eq!(
        gateway_response_code("ERR3004").map(|c| c.outcome),
        Some(CodeOutcome::Declined)
    );
    assert_eq!(
        gateway_response_code("info0002"),
        None,
        "codes are compared exactly"
    );

    // A payment answered with an unclear code is looked up, not sent again.
    let server = gateway_stub().await;
    let client = gateway_client(&server);
    let unclear = payment_details_response_code(690).expect("documented");
    assert!(unclear.outcome.must_reconcile());
    let status = client
        .get_transaction_status(TRANSACTION_ID)
        .await
        .expect("answered");
    assert!(
        matches!(status, paymentoptions::GetTransactionStatusResponse::Ok(_)),
        "{status:?}"
    );
    let payments_sent = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .filter(|r| r.url.path().ends_with("/paymentv2"))
        .count();
    assert_eq!(
        payments_sent, 0,
        "an unclear result is never retried blindly"
    );
}
