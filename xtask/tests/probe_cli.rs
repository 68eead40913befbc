//! `cargo xtask probe` as a process, against the mock started in this
//! test on loopback: exit codes, the four formats, the safety rules, and
//! credentials read from the environment and never shown.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use openapi_sdkgen_mock::{Fault, MockConfig, MockHandle, MockServer};
use serde_json::Value;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The probe with `args`, and no SDKGEN_PROBE_ variable but those given.
fn probe(args: &[&str], environment: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(repository()).arg("probe").args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("SDKGEN_PROBE_") {
            command.env_remove(name);
        }
    }
    command.envs(environment.iter().copied());
    command.output().expect("xtask runs")
}

async fn mock(spec: &str, faults: Vec<Fault>) -> MockHandle {
    let config = MockConfig {
        faults,
        ..MockConfig::default()
    };
    MockServer::start_file(
        &repository().join(spec),
        "127.0.0.1:0".parse().expect("address"),
        config,
    )
    .await
    .expect("mock starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn every_answer_of_the_mock_fits_both_specs_and_the_probe_exits_0() {
    for spec in ["spec/paymentoptions.yaml", "spec/komoju.yaml"] {
        let mock = mock(spec, Vec::new()).await;
        let output = probe(&["--spec", spec, "--server", &mock.url()], &[]);
        let stdout = text(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{spec}: {stdout}{}",
            text(&output.stderr)
        );
        assert!(stdout.contains("fit the spec, 0 broke it"), "{stdout}");
        mock.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_mock_that_breaks_the_spec_exits_1_with_the_pointer_in_every_format() {
    let mock = mock("spec/komoju.yaml", vec![Fault::WrongType]).await;
    let url = mock.url();
    let run = |format: &str| {
        let output = probe(
            &[
                "--spec",
                "spec/komoju.yaml",
                "--server",
                &url,
                "--operation",
                "GET /secure_tokens/{id}",
                "--format",
                format,
            ],
            // Without a key the mock answers its documented 401, unbroken.
            &[("SDKGEN_PROBE_SECRETKEY", "sk_test_probe_cli_key:")],
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            text(&output.stderr)
        );
        text(&output.stdout)
    };
    let human = run("human");
    assert!(
        human.starts_with(
            "GET /secure_tokens/{id}:1:2: /id: expected string, found integer [type]\n"
        ),
        "{human}"
    );
    let json: Value = serde_json::from_str(&run("json")).expect("JSON report");
    assert_eq!(json["target"]["kind"], "server");
    assert_eq!(json["server"], url.as_str());
    assert_eq!(json["files"][0]["file"], "GET /secure_tokens/{id}");
    assert_eq!(json["files"][0]["violations"][0]["pointer"], "/id");
    let github = run("github");
    assert!(
        github.starts_with(
            "::error file=GET /secure_tokens/{id},line=1,col=2,title=type::/id: expected string"
        ),
        "{github}"
    );
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("SARIF report");
    let run_0 = &sarif["runs"][0];
    assert_eq!(run_0["tool"]["driver"]["name"], "openapi-sdkgen probe");
    assert_eq!(run_0["results"][0]["ruleId"], "type");
    mock.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn credentials_come_from_the_environment_and_never_show() {
    let secret = "sk_test_probe_cli_0123456789";
    let mock = mock("spec/komoju.yaml", Vec::new()).await;
    let args = [
        "--spec",
        "spec/komoju.yaml",
        "--server",
        &mock.url(),
        "--operation",
        "listPayments",
        "--format",
        "json",
    ];
    let without = probe(&args, &[]);
    let report: Value = serde_json::from_str(&text(&without.stdout)).expect("JSON report");
    assert_eq!(report["notes"][0]["kind"], "withoutCredentials", "{report}");
    let with = probe(&args, &[("SDKGEN_PROBE_SECRETKEY", &format!("{secret}:"))]);
    assert_eq!(with.status.code(), Some(0), "{}", text(&with.stderr));
    let report: Value = serde_json::from_str(&text(&with.stdout)).expect("JSON report");
    assert_eq!(report["notes"], Value::Array(Vec::new()), "{report}");
    for output in [&without, &with] {
        assert!(!text(&output.stdout).contains(secret));
        assert!(!text(&output.stderr).contains(secret));
    }
    let verdicts: Vec<String> = mock
        .stop()
        .await
        .iter()
        .map(|r| r.verdict.label().to_owned())
        .collect();
    // The first probe had no key, the second sent it (HTTP basic).
    assert_eq!(verdicts, ["missing credentials", "valid"]);
}

#[test]
fn a_server_the_spec_calls_production_is_refused_with_exit_2() {
    let output = probe(
        &[
            "--spec",
            "spec/komoju.yaml",
            "--server",
            "https://komoju.com/api/v1",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("production server https://komoju.com/api/v1"),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-production"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_server_that_does_not_answer_exits_4() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let server = format!("http://127.0.0.1:{port}");
    let output = probe(&["--spec", "spec/komoju.yaml", "--server", &server], &[]);
    assert_eq!(output.status.code(), Some(4), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("no answer from"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn an_unknown_operation_or_a_server_that_is_no_url_is_a_usage_error() {
    let output = probe(
        &[
            "--spec",
            "spec/komoju.yaml",
            "--server",
            "http://127.0.0.1:1",
            "--operation",
            "nope",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("createSecureToken"),
        "lists the operations"
    );
    let output = probe(
        &[
            "--spec",
            "spec/komoju.yaml",
            "--server",
            "file:///etc/passwd",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("not an http(s) URL"));
}

#[test]
fn a_param_without_a_name_or_a_seed_without_generate_is_a_usage_error() {
    let base = [
        "--spec",
        "spec/komoju.yaml",
        "--server",
        "http://127.0.0.1:1",
    ];
    let output = probe(&[&base[..], &["--param", "=x"]].concat(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("expected NAME=VALUE (such as id=pay_123), found `=x`"),
        "{}",
        text(&output.stderr)
    );
    let output = probe(&[&base[..], &["--seed", "3"]].concat(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("--generate"),
        "{}",
        text(&output.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn generated_values_reach_every_komoju_operation_and_the_probe_exits_0() {
    let mock = mock("spec/komoju.yaml", Vec::new()).await;
    let url = mock.url();
    let output = probe(
        &["--spec", "spec/komoju.yaml", "--server", &url, "--generate"],
        &[("SDKGEN_PROBE_SECRETKEY", "sk_test_cli:")],
    );
    mock.stop().await;
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(stdout.contains("0 skipped"), "{stdout}");
    assert!(
        stdout.contains("POST /payments/{id}/capture: undocumentedValues: sent with `id` from the answer at /payments"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_request_with_a_card_that_is_no_test_card_is_never_sent() {
    let original =
        std::fs::read_to_string(repository().join("spec/komoju.yaml")).expect("spec reads");
    // Luhn-valid, and on no published list the probe knows.
    let edited = original.replace("4100000000000100", "4000056655665556");
    let directory = tempfile::tempdir().expect("temporary directory");
    let spec = directory.path().join("komoju.yaml");
    std::fs::write(&spec, edited).expect("spec written");
    let mock = mock("spec/komoju.yaml", Vec::new()).await;
    let spec_arg = spec.display().to_string();
    let output = probe(
        &[
            "--spec",
            &spec_arg,
            "--server",
            &mock.url(),
            "--operation",
            "createSecureToken",
        ],
        &[],
    );
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(2),
        "nothing could be sent: {stdout}"
    );
    assert!(
        stdout.contains("400005******5556, which is not a published test card [refused]"),
        "{stdout}"
    );
    assert!(!stdout.contains("4000056655665556"));
    assert!(mock.stop().await.is_empty(), "the mock got no request");
}
