//! The probe against the mock on loopback: the mock keeps both specs, a
//! mock told to break the spec is caught with the pointer of each break,
//! and the safety rules hold.

mod common;

use std::time::Duration;

use common::{quick, repository_file, start};
use openapi_sdkgen::validate::report::Format;
use openapi_sdkgen::validate::{Finding, Outcome};
use openapi_sdkgen_mock::probe::{
    self, Credentials, NoteKind, ProbeError, ProbeOptions, ProbeReport, ProbeVerdict,
};
use openapi_sdkgen_mock::{Fault, MockConfig};

fn options(spec: &openapi_sdkgen::Spec, server: &str) -> ProbeOptions {
    let api = openapi_sdkgen::front::read_api(spec).expect("front end");
    // Made-up credentials, as a sandbox's would come from the environment.
    let credentials = Credentials::from_lookup(&api, |name| match name {
        "SDKGEN_PROBE_SECRETKEY" => Some("sk_test_probe0000000000:".into()),
        "SDKGEN_PROBE_AUTHORIZATION" => Some("Basic cHJvYmUta2V5".into()),
        "SDKGEN_PROBE_APIKEY" => Some("probe-api-key-0001".into()),
        _ => None,
    });
    ProbeOptions {
        server: server.to_owned(),
        operations: Vec::new(),
        allow_production: false,
        credentials,
        timeout: Duration::from_secs(10),
        given: Default::default(),
        generate: None,
    }
}

async fn probe_mock(spec_file: &str, config: MockConfig, operations: &[&str]) -> ProbeReport {
    let operations: Vec<String> = operations.iter().map(|s| (*s).to_owned()).collect();
    probe_with(spec_file, config, |options| options.operations = operations)
        .await
        .0
}

/// The probe's report against a mock of `spec_file` with `config`, its
/// options changed by `adjust`, and the paths (with queries) the mock got.
async fn probe_with(
    spec_file: &str,
    config: MockConfig,
    adjust: impl FnOnce(&mut ProbeOptions),
) -> (ProbeReport, Vec<String>) {
    let mock = start(spec_file, config).await;
    let spec = openapi_sdkgen::load(&repository_file(spec_file)).expect("spec loads");
    let mut chosen = options(&spec, &mock.url());
    adjust(&mut chosen);
    let report = probe::probe(&spec, spec_file, &chosen)
        .await
        .expect("probe runs");
    let received = mock.stop().await.into_iter().map(|r| r.target).collect();
    (report, received)
}

fn findings<'a>(report: &'a ProbeReport, label: &str) -> &'a [Finding] {
    let file = report
        .answers
        .files
        .iter()
        .find(|f| f.file == label)
        .unwrap_or_else(|| panic!("no answer to {label}: {report:#?}"));
    match &file.outcome {
        Outcome::Invalid(findings) => findings,
        Outcome::Valid => &[],
        other => panic!("{label}: {other:?}"),
    }
}

fn labels(report: &ProbeReport) -> Vec<String> {
    report
        .answers
        .files
        .iter()
        .map(|f| f.file.clone())
        .collect()
}

fn notes(report: &ProbeReport, kind: NoteKind) -> Vec<String> {
    report
        .notes
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| format!("{}: {}", n.request, n.message))
        .collect()
}

#[tokio::test]
async fn every_answer_of_the_mock_fits_the_paymentoptions_spec() {
    let report = probe_mock("spec/paymentoptions.yaml", quick(), &[]).await;
    let human = probe::render(&report, Format::Human);
    assert_eq!(report.verdict(), ProbeVerdict::AllFit, "{human}");
    assert_eq!(
        labels(&report),
        [
            "POST /server-to-server-interface/paymentv2#example",
            "POST /server-to-server-interface/payment#example",
            "POST /server-to-server-interface/hpp/generate/link#example",
            "POST /server-to-server-interface/subscription/payment#example",
            "GET /server-to-server-interface/transaction/status/{id}",
            "POST /server-to-server-interface/capture#example",
            "POST /server-to-server-interface/refund#example",
            "POST /server-to-server-interface/void#example",
        ],
        "{human}"
    );
    assert!(notes(&report, NoteKind::Refused).is_empty(), "{human}");
    // createAuthorization documents no request example.
    assert_eq!(
        notes(&report, NoteKind::Skipped),
        ["POST /server-to-server-interface/authorization: its request body is required and the spec documents no example of it (--generate makes one from the schema)"],
        "{human}"
    );
}

#[tokio::test]
async fn every_answer_of_the_mock_fits_the_komoju_spec_the_json_example_being_refused_as_documented(
) {
    let report = probe_mock("spec/komoju.yaml", quick(), &[]).await;
    let human = probe::render(&report, Format::Human);
    assert_eq!(report.verdict(), ProbeVerdict::AllFit, "{human}");
    assert!(notes(&report, NoteKind::Refused).is_empty(), "{human}");
    // The JSON example's amount is a string where the schema says integer:
    // the mock answers the documented 422, and the report says why.
    assert_eq!(
        notes(&report, NoteKind::InvalidExample),
        ["POST /secure_tokens#example: the documented example breaks the spec's request schema (/amount: expected integer, found string); answered 422"],
        "{human}"
    );
    // createPayment documents no request example, so the probe has nothing to send.
    assert!(
        notes(&report, NoteKind::Skipped)
            .iter()
            .any(|n| n.starts_with("POST /payments: its request body is required")),
        "{human}"
    );
}

#[tokio::test]
async fn an_undocumented_status_is_caught_at_the_operations_responses() {
    let config = MockConfig {
        faults: vec![Fault::UndocumentedStatus],
        ..quick()
    };
    let report = probe_mock("spec/komoju.yaml", config, &["getSecureToken"]).await;
    let found = findings(&report, "GET /secure_tokens/{id}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].violation.rule, "status");
    assert_eq!(
        found[0].violation.pointer,
        "#/paths/~1secure_tokens~1{id}/get/responses"
    );
    assert_eq!(found[0].violation.actual, "418");
    assert_eq!(report.verdict(), ProbeVerdict::SomeBroke);
}

#[tokio::test]
async fn a_dropped_required_field_and_a_wrong_type_are_caught_at_their_pointers() {
    let config = MockConfig {
        faults: vec![Fault::DropRequiredField],
        ..quick()
    };
    let report = probe_mock("spec/komoju.yaml", config, &["getSecureToken"]).await;
    let found = findings(&report, "GET /secure_tokens/{id}");
    let shown: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.violation.pointer.as_str(), f.violation.rule.as_str()))
        .collect();
    assert_eq!(shown, [("", "required")], "{found:?}");
    assert!(found[0].violation.message.contains("\"id\""), "{found:?}");

    let config = MockConfig {
        faults: vec![Fault::WrongType],
        ..quick()
    };
    let report = probe_mock("spec/komoju.yaml", config, &["getSecureToken"]).await;
    let found = findings(&report, "GET /secure_tokens/{id}");
    let shown: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.violation.pointer.as_str(), f.violation.rule.as_str()))
        .collect();
    assert_eq!(shown, [("/id", "type")], "{found:?}");
    assert!(
        found[0].position.is_some(),
        "a body finding has its line and column"
    );
}

#[tokio::test]
async fn a_wrong_content_type_is_caught_at_the_responses_content() {
    let config = MockConfig {
        faults: vec![Fault::WrongContentType],
        ..quick()
    };
    let report = probe_mock(
        "spec/paymentoptions.yaml",
        config,
        &["getTransactionStatus"],
    )
    .await;
    let found = findings(
        &report,
        "GET /server-to-server-interface/transaction/status/{id}",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].violation.rule, "contentType");
    assert_eq!(
        found[0].violation.pointer,
        "#/paths/~1server-to-server-interface~1transaction~1status~1{id}/get/responses/200/content"
    );
    assert_eq!(found[0].violation.actual, "text/plain");
}

#[tokio::test]
async fn operations_without_values_for_required_parameters_or_bodies_are_skipped() {
    let report = probe_mock("mock/tests/specs/bookshelf.yaml", quick(), &[]).await;
    let human = probe::render(&report, Format::Human);
    assert_eq!(
        notes(&report, NoteKind::Skipped),
        [
            "POST /notes: its request body is required and the spec documents no example of it (--generate makes one from the schema)",
            "GET /shelves/{shelf}: the required path parameter `shelf` has no example, default or enum in the spec, and no earlier answer gave one (give one with --param shelf=VALUE, or --generate)",
            "GET /shelves/{shelf}/books/{book}: the required path parameter `shelf` has no example, default or enum in the spec, and no earlier answer gave one (give one with --param shelf=VALUE, or --generate)",
        ],
        "{human}"
    );
    assert_eq!(labels(&report), ["GET /shelves/featured"], "{human}");
    assert_eq!(report.verdict(), ProbeVerdict::AllFit, "{human}");
    assert!(human.contains("[skipped]"), "{human}");
}

async fn probe_bookshelf(adjust: impl FnOnce(&mut ProbeOptions)) -> (ProbeReport, Vec<String>) {
    probe_with("mock/tests/specs/bookshelf.yaml", quick(), adjust).await
}

#[tokio::test]
async fn given_values_fill_the_parameters_the_spec_gives_none_for() {
    let (report, received) = probe_bookshelf(|options| {
        options.given = [("shelf", "3"), ("book", "ab123")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into();
    })
    .await;
    assert!(
        received.contains(&"/shelves/3/books/ab123".to_owned()),
        "{received:?}"
    );
    let human = probe::render(&report, Format::Human);
    assert_eq!(
        labels(&report),
        [
            "GET /shelves/featured",
            "GET /shelves/{shelf}",
            "GET /shelves/{shelf}/books/{book}"
        ],
        "{human}"
    );
    assert_eq!(report.verdict(), ProbeVerdict::AllFit, "{human}");
    assert!(notes(&report, NoteKind::Undocumented).is_empty(), "{human}");
}

#[tokio::test]
async fn with_generate_every_operation_is_sent_and_says_what_was_made_up() {
    let (report, received) = probe_bookshelf(|options| options.generate = Some(7)).await;
    let human = probe::render(&report, Format::Human);
    assert_eq!(report.verdict(), ProbeVerdict::AllFit, "{human}");
    assert!(notes(&report, NoteKind::Skipped).is_empty(), "{human}");
    assert_eq!(
        notes(&report, NoteKind::Undocumented),
        [
            "POST /notes#generated: sent with a body generated from the schema",
            "GET /shelves/{shelf}: sent with `shelf` generated from the schema",
            "GET /shelves/{shelf}/books/{book}: sent with `shelf` generated from the schema, `book` generated from the schema",
        ],
        "{human}"
    );
    assert!(human.contains("[undocumentedValues]"), "{human}");
    // The same seed sends the same requests; the answers agree too.
    let (_, again) = probe_bookshelf(|options| options.generate = Some(7)).await;
    assert_eq!(again, received);
    let (_, other_seed) = probe_bookshelf(|options| options.generate = Some(8)).await;
    assert_ne!(other_seed, received);
}

#[tokio::test]
async fn a_created_payment_s_id_is_used_by_the_operations_on_it() {
    let (report, _) = probe_with("spec/komoju.yaml", quick(), |options| {
        options.generate = Some(1)
    })
    .await;
    let human = probe::render(&report, Format::Human);
    assert_eq!(report.verdict(), ProbeVerdict::AllFit, "{human}");
    assert!(notes(&report, NoteKind::Skipped).is_empty(), "{human}");
    let undocumented = notes(&report, NoteKind::Undocumented);
    assert!(
        undocumented.contains(
            &"POST /payments#generated: sent with a body generated from the schema".to_owned()
        ),
        "{human}"
    );
    for label in [
        "GET /payments/{id}",
        "POST /payments/{id}/capture",
        "POST /payments/{id}/refund",
        "POST /payments/{id}/cancel",
    ] {
        assert!(
            undocumented.contains(&format!(
                "{label}: sent with `id` from the answer at /payments"
            )),
            "{label}: {human}"
        );
    }
    // Each of them found the payment: the mock answered from its store.
    for file in &report.answers.files {
        if file.file.starts_with("GET /payments/{id}") {
            assert!(matches!(file.outcome, Outcome::Valid), "{human}");
        }
    }
}

const BOOKS: &str = r#"openapi: 3.0.3
info: {title: books, version: '1'}
paths:
  /books/{book}:
    get:
      parameters:
        - {name: book, in: path, required: true, schema: {type: string}, example: ab123}
      responses:
        '200':
          description: A book.
          headers:
            X-Rate-Limit: {required: true, schema: {type: integer, minimum: 0, maximum: 100}}
          content:
            application/json:
              schema: {type: object, required: [title], properties: {title: {type: string}}}
              example: {title: Kokoro}
"#;

async fn probe_books(server: &str) -> ProbeReport {
    let spec = openapi_sdkgen::load::load_str(std::path::Path::new("books.yaml"), BOOKS)
        .expect("spec loads");
    probe::probe(&spec, "books.yaml", &options(&spec, server))
        .await
        .expect("probe runs")
}

#[tokio::test]
async fn a_missing_or_out_of_range_required_header_is_caught_at_its_definition() {
    let spec = openapi_sdkgen::load::load_str(std::path::Path::new("books.yaml"), BOOKS)
        .expect("spec loads");
    let mock = openapi_sdkgen_mock::MockServer::start(
        &spec,
        "127.0.0.1:0".parse().expect("address"),
        quick(),
    )
    .await
    .expect("mock starts");
    let report = probe_books(&mock.url()).await;
    assert_eq!(
        report.verdict(),
        ProbeVerdict::AllFit,
        "the mock makes the header: {report:#?}"
    );
    mock.stop().await;

    let server = wiremock::MockServer::start().await;
    let answer = |limit: Option<&str>| {
        let template = wiremock::ResponseTemplate::new(200)
            .set_body_raw(r#"{"title": "Kokoro"}"#, "application/json");
        match limit {
            Some(value) => template.insert_header("X-Rate-Limit", value),
            None => template,
        }
    };
    let at = "#/paths/~1books~1{book}/get/responses/200/headers/X-Rate-Limit";
    for (limit, rule) in [(Some("101"), "maximum"), (None, "required")] {
        server.reset().await;
        wiremock::Mock::given(wiremock::matchers::path("/books/ab123"))
            .respond_with(answer(limit))
            .mount(&server)
            .await;
        let report = probe_books(&server.uri()).await;
        let found = findings(&report, "GET /books/{book}");
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.violation.pointer.as_str(), f.violation.rule.as_str()))
            .collect();
        assert_eq!(shown, [(at, rule)], "{limit:?}: {found:?}");
    }
}

#[tokio::test]
async fn a_request_with_a_card_that_is_no_test_card_is_not_sent() {
    let text = std::fs::read_to_string(repository_file("spec/komoju.yaml")).expect("spec reads");
    // 4000056655665556 passes the Luhn check and is on no list of the probe.
    let edited = text.replace("4100000000000100", "4000056655665556");
    assert_ne!(edited, text);
    let spec = openapi_sdkgen::load::load_str(std::path::Path::new("komoju.yaml"), &edited)
        .expect("spec loads");
    let mock = openapi_sdkgen_mock::MockServer::start(
        &spec,
        "127.0.0.1:0".parse().expect("address"),
        quick(),
    )
    .await
    .expect("mock starts");
    let mut options = options(&spec, &mock.url());
    options.operations = vec!["createSecureToken".into()];
    let report = probe::probe(&spec, "komoju.yaml", &options)
        .await
        .expect("probe runs");
    let log = mock.stop().await;
    assert!(log.is_empty(), "nothing reached the server: {log:?}");
    assert_eq!(
        notes(&report, NoteKind::Refused),
        [
            "POST /secure_tokens#example: not sent: it holds the card number 400005******5556, which is not a published test card",
            "POST /secure_tokens#example (application/x-www-form-urlencoded): not sent: it holds the card number 400005******5556, which is not a published test card",
        ]
    );
    assert_eq!(report.verdict(), ProbeVerdict::NothingSent);
    for format in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
        let text = probe::render(&report, format);
        assert!(!text.contains("4000056655665556"), "{format:?}: {text}");
        assert!(text.contains("refused"), "{format:?}: {text}");
    }
}

#[tokio::test]
async fn a_server_the_spec_calls_production_is_refused_unless_allowed() {
    let spec =
        openapi_sdkgen::load(&repository_file("spec/paymentoptions.yaml")).expect("spec loads");
    let options = options(&spec, "https://api.paymentoptions.com/api/v1");
    let refused = probe::probe(&spec, "spec/paymentoptions.yaml", &options).await;
    assert!(
        matches!(refused, Err(ProbeError::Production { .. })),
        "{refused:?}"
    );
    // Allowed, it is no longer refused as production; the port below is
    // closed, so the probe then finds no server (and sends nothing anywhere).
    let mut options = options.clone();
    options.server = "http://127.0.0.1:9/api/v1".into();
    options.allow_production = true;
    let unreachable = probe::probe(&spec, "spec/paymentoptions.yaml", &options).await;
    assert!(
        matches!(unreachable, Err(ProbeError::Unreachable(_))),
        "{unreachable:?}"
    );
}

#[tokio::test]
async fn credentials_are_sent_where_the_scheme_says_and_masked_in_every_report() {
    // A server that echoes the credential into a field the spec types as an
    // integer: the violation's value is the secret, which must not show.
    let secret = "opensesame-probe-credential";
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::header("X-Key", secret))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_raw(format!(r#"{{"count": "{secret}"}}"#), "application/json"),
        )
        .mount(&server)
        .await;
    let text = r#"openapi: 3.0.3
info: {title: echo, version: '1'}
paths:
  /echo:
    get:
      operationId: echo
      security: [{key: []}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {count: {type: integer}}}
        '401': {description: no key}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"#;
    let spec = openapi_sdkgen::load::load_str(std::path::Path::new("echo.yaml"), text)
        .expect("spec loads");
    let api = openapi_sdkgen::front::read_api(&spec).expect("front end");
    let credentials = Credentials::from_lookup(&api, |name| {
        (name == "SDKGEN_PROBE_KEY").then(|| secret.to_owned())
    });
    let options = ProbeOptions {
        server: server.uri(),
        operations: Vec::new(),
        allow_production: false,
        credentials,
        timeout: Duration::from_secs(10),
        given: Default::default(),
        generate: None,
    };
    let report = probe::probe(&spec, "echo.yaml", &options)
        .await
        .expect("probe runs");
    let found = findings(&report, "GET /echo");
    assert_eq!(found.len(), 1, "the credential went in X-Key: {report:#?}");
    assert_eq!(found[0].violation.pointer, "/count");
    for format in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
        let text = probe::render(&report, format);
        assert!(!text.contains(secret), "{format:?}: {text}");
        assert!(text.contains("/count"), "{format:?}: {text}");
    }
}
