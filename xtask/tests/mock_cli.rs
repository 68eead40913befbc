//! `cargo xtask mock` as a process: the URL on stdout, a log line per
//! request on stderr, SIGTERM to stop, and the exit codes.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn mock(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(repository()).arg("mock").args(args);
    command
}

/// Starts the mock on a free port; returns it and the URL it printed.
fn start(args: &[&str]) -> (Child, String) {
    let mut child = mock(args)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    assert!(line.starts_with("http://127.0.0.1:"), "{line:?}");
    (child, line.trim().to_owned())
}

/// A raw HTTP/1.1 GET, so the test needs no HTTP client.
fn get(url: &str, path: &str) -> String {
    use std::io::Write;
    let address = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    answer
}

fn stop(mut child: Child) -> (i32, String) {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("exits");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr reads");
    (status.code().unwrap_or(-1), stderr)
}

#[test]
fn fail_on_invalid_exits_1_after_a_request_that_broke_the_spec_and_logs_it() {
    let (child, url) = start(&["--spec", "spec/komoju.yaml", "--fail-on-invalid"]);
    let answer = get(&url, "/payments");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let (code, stderr) = stop(child);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("GET /payments → 401 listPayments: missing credentials"),
        "{stderr}"
    );
    assert!(
        stderr.contains("security scheme `secretKey` needs"),
        "{stderr}"
    );
    assert!(stderr.contains("1 requests, 1 broke the spec"), "{stderr}");
}

#[test]
fn without_fail_on_invalid_the_same_run_exits_0() {
    let (child, url) = start(&["--spec", "spec/komoju.yaml"]);
    assert!(get(&url, "/payments").starts_with("HTTP/1.1 401"));
    assert_eq!(stop(child).0, 0);
}

#[test]
fn a_broken_spec_or_a_webhook_url_without_its_secret_exits_2_with_a_message() {
    let missing = mock(&["--spec", "spec/nope.yaml", "--port", "0"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("spec/nope.yaml"));
    let half = mock(&[
        "--spec",
        "spec/komoju.yaml",
        "--webhook-url",
        "http://127.0.0.1:9/x",
    ])
    .output()
    .expect("runs");
    assert_eq!(half.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&half.stderr).contains("--webhook-secret"));
    let unsigned = mock(&[
        "--spec",
        "spec/paymentoptions.yaml",
        "--port",
        "0",
        "--webhook-url",
        "http://127.0.0.1:9/x",
        "--webhook-secret",
        "s",
    ])
    .output()
    .expect("runs");
    assert_eq!(unsigned.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unsigned.stderr).contains("x-webhook-signature"),
        "{unsigned:?}"
    );
}
