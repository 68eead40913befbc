//! A bounded load test of the mock: N valid 3-D Secure requests
//! (PaymentOptions `createThreeDsPayment`, the body its documented
//! example) over K keep-alive connections on loopback; prints
//! requests per second and the p50 and p99 latency.
//!
//! `cargo bench -p openapi-sdkgen-mock --bench load`
//! (`MOCK_BENCH_REQUESTS`, default 50000; `MOCK_BENCH_CONNECTIONS`, default 32).

use std::path::Path;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use openapi_sdkgen_mock::{MockConfig, MockServer, Verdict};

const PATH: &str = "/server-to-server-interface/paymentv2";
const EXAMPLE: &str =
    "/paths/~1server-to-server-interface~1paymentv2/post/requestBody/content/application~1json/example";

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

fn main() {
    let requests = setting("MOCK_BENCH_REQUESTS", 50_000);
    let connections = setting("MOCK_BENCH_CONNECTIONS", 32).min(requests);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run(requests, connections));
}

async fn run(requests: usize, connections: usize) {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/paymentoptions.yaml");
    let spec = openapi_sdkgen::load(&spec_path).expect("the spec loads");
    let body = serde_json::to_vec(spec.raw.pointer(EXAMPLE).expect("the documented example"))
        .expect("JSON");
    let mock = MockServer::start(
        &spec,
        "127.0.0.1:0".parse().expect("address"),
        MockConfig::default(),
    )
    .await
    .expect("mock starts");
    let address = mock.address();
    let body = Bytes::from(body);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for index in 0..connections {
        let share = requests / connections + usize::from(index < requests % connections);
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            connection(address, share, body).await
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    for task in tasks {
        latencies.extend(task.await.expect("connection task"));
    }
    let elapsed = started.elapsed();
    let log = mock.stop().await;
    let valid = log
        .iter()
        .filter(|r| r.verdict == Verdict::Valid && r.status == 200)
        .count();
    assert_eq!(
        valid, requests,
        "every request must be answered 200 and valid"
    );
    latencies.sort();
    let percentile =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{requests} validated createThreeDsPayment requests over {connections} connections in {:.2} s: {:.0} requests/s, p50 {:?}, p99 {:?}",
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        percentile(0.50),
        percentile(0.99),
    );
}

/// Sends `count` requests one after another on one keep-alive connection.
async fn connection(address: std::net::SocketAddr, count: usize, body: Bytes) -> Vec<Duration> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    stream.set_nodelay(true).expect("nodelay");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let mut latencies = Vec::with_capacity(count);
    for _ in 0..count {
        let request = hyper::Request::post(PATH)
            .header("host", address.to_string())
            .header("content-type", "application/json")
            .header("authorization", "Basic bWVyY2hhbnQ=")
            .header("x-api-key", "key")
            .body(Full::new(body.clone()))
            .expect("request");
        let sent = Instant::now();
        let answer = sender.send_request(request).await.expect("answer");
        let status = answer.status();
        answer.into_body().collect().await.expect("body");
        latencies.push(sent.elapsed());
        assert_eq!(status, 200);
    }
    latencies
}
