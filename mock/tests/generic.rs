//! The mock on a spec of its own (`tests/specs/bookshelf.yaml`): operations
//! without an operationId, two path variables, a literal beside a
//! variable, a text/plain body, generated examples and headers.

mod common;

use openapi_sdkgen_mock::{MockConfig, MockHandle, MockServer, Verdict};
use serde_json::Value;

async fn start(seed: u64) -> MockHandle {
    let spec =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/specs/bookshelf.yaml");
    let config = MockConfig {
        seed,
        ..common::quick()
    };
    MockServer::start_file(&spec, "127.0.0.1:0".parse().expect("address"), config)
        .await
        .expect("starts")
}

async fn get(mock: &MockHandle, path: &str) -> reqwest::Response {
    reqwest::get(format!("{}{path}", mock.url()))
        .await
        .expect("answer")
}

#[tokio::test]
async fn two_path_variables_are_checked_and_the_answer_is_generated_from_the_schema() {
    let mock = start(7).await;
    let answer = get(&mock, "/v2/shelves/3/books/ab123?fields=title,isbn").await;
    assert_eq!(answer.status(), 200);
    let rate: i64 = answer.headers()["x-rate-limit"]
        .to_str()
        .expect("text")
        .parse()
        .expect("a number");
    assert!((0..=100).contains(&rate));
    let book: Value = answer.json().await.expect("JSON");
    let isbn = book["isbn"].as_str().expect("isbn");
    assert!(isbn.len() == 13 && isbn.starts_with("97"), "{book}");
    assert!((1450..=2100).contains(&book["year"].as_i64().expect("year")));
    let answer = get(&mock, "/shelves/0/books/AB1?fields=title,price").await;
    assert_eq!(answer.status(), 400);
    let problem: Value = answer.json().await.expect("JSON");
    let names: Vec<&str> = problem["violations"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(names, ["shelf", "book", "fields"]);
    let log = mock.stop().await;
    assert_eq!(
        log[0].operation.as_deref(),
        Some("GET /shelves/{shelf}/books/{book}")
    );
}

#[tokio::test]
async fn generated_answers_depend_only_on_the_seed() {
    let body = |mock: MockHandle| async move {
        let text = get(&mock, "/shelves/5").await.text().await.expect("text");
        mock.stop().await;
        text
    };
    let first = body(start(1).await).await;
    assert_eq!(first, body(start(1).await).await);
    assert_ne!(first, body(start(2).await).await);
}

#[tokio::test]
async fn a_literal_segment_wins_over_a_variable_one() {
    let mock = start(0).await;
    let shelf: Value = get(&mock, "/shelves/featured")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(shelf["name"], "featured");
}

#[tokio::test]
async fn a_text_body_is_checked_against_its_string_schema() {
    let mock = start(0).await;
    let client = reqwest::Client::new();
    let note = |text: &'static str| {
        client
            .post(format!("{}/notes", mock.url()))
            .header("content-type", "text/plain")
            .body(text)
            .send()
    };
    let answer = note("short").await.expect("answer");
    assert_eq!(answer.status(), 201);
    assert_eq!(answer.headers()["content-type"], "text/plain");
    assert_eq!(answer.text().await.expect("text"), "noted");
    let answer = note("far too long for it").await.expect("answer");
    assert_eq!(answer.status(), 400);
    let answer = client
        .post(format!("{}/notes", mock.url()))
        .header("content-type", "application/json")
        .body("\"x\"")
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 400);
    let problem: Value = answer.json().await.expect("JSON");
    assert_eq!(problem["violations"][0]["rule"], "contentType");
    let verdicts: Vec<bool> = mock
        .stop()
        .await
        .iter()
        .map(|r| r.verdict == Verdict::Valid)
        .collect();
    assert_eq!(verdicts, [true, false, false]);
}

#[tokio::test]
async fn a_query_parameter_the_operation_does_not_declare_is_a_violation() {
    let mock = start(0).await;
    let answer = get(&mock, "/shelves/3/books/ab123?fields=title&feilds=isbn").await;
    assert_eq!(answer.status(), 400);
    let problem: Value = answer.json().await.expect("JSON");
    assert_eq!(problem["violations"][0]["name"], "feilds");
    assert_eq!(problem["violations"][0]["rule"], "unknownParameter");
}
