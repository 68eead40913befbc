//! Starting a mock on loopback, and a receiver for what it sends.
#![allow(dead_code)] // each test binary uses part of this

use std::path::PathBuf;
use std::time::Duration;

use openapi_sdkgen_mock::{MockConfig, MockHandle, MockServer};
use serde_json::Value;

pub fn repository_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

pub fn fixture(path: &str) -> Value {
    let text = std::fs::read_to_string(repository_file(path)).expect("fixture reads");
    serde_json::from_str(&text).expect("fixture is JSON")
}

pub async fn start(spec: &str, config: MockConfig) -> MockHandle {
    let address = "127.0.0.1:0".parse().expect("loopback address");
    MockServer::start_file(&repository_file(spec), address, config)
        .await
        .expect("mock starts")
}

pub fn quick() -> MockConfig {
    MockConfig {
        callback_delay: Duration::from_millis(10),
        ..MockConfig::default()
    }
}

/// Waits until `receiver` has got `count` requests (at most five seconds).
pub async fn received(receiver: &wiremock::MockServer, count: usize) -> Vec<wiremock::Request> {
    for _ in 0..500 {
        let requests = receiver.received_requests().await.unwrap_or_default();
        if requests.len() >= count {
            return requests;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the receiver got fewer than {count} requests in five seconds");
}

/// A receiver that answers every POST with 200.
pub async fn receiver() -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(wiremock::ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

pub fn messages(problem: &Value) -> Vec<String> {
    problem["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| {
            format!(
                "{} {}",
                v["pointer"].as_str().unwrap_or("?"),
                v["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}
