//! `cargo xtask validate` as CI runs it: one process over a directory of
//! 10,000 payload files (written by this benchmark: the documented 3-D
//! Secure request with a different merchant reference each, every
//! hundredth one too long). Throughput is files per second.
//!
//! `cargo bench --bench validate_cli`

use std::path::Path;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const FILES: usize = 10_000;

fn write_payloads(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let example = std::fs::read_to_string(
        root.join("contract-tests/fixtures/paymentoptions/createThreeDsPayment.request.json"),
    )
    .expect("documented example");
    let mut payload: serde_json::Value = serde_json::from_str(&example).expect("example is JSON");
    for i in 0..FILES {
        // Every hundredth reference is 46 characters: one past the limit.
        let reference = if i % 100 == 0 {
            "決".repeat(46)
        } else {
            format!("order-{i}")
        };
        payload["merchant_txn_ref"] = serde_json::Value::from(reference);
        let shard = dir.join(format!("{:02}", i % 100));
        std::fs::create_dir_all(&shard).expect("create shard");
        std::fs::write(shard.join(format!("{i}.json")), payload.to_string())
            .expect("write payload");
    }
}

fn validate_cli(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    write_payloads(dir.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let run = || {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(root)
            .args([
                "validate",
                "--spec",
                "spec/paymentoptions.yaml",
                "--operation",
                "createThreeDsPayment",
            ])
            .args(["--format", "json"])
            .arg(dir.path())
            .output()
            .expect("xtask runs");
        // 1: some files are invalid, as written.
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout.len()
    };
    let mut group = c.benchmark_group("validate cli");
    group.sample_size(10);
    group.throughput(Throughput::Elements(FILES as u64));
    group.bench_function("10000 files", |b| b.iter(run));
    group.finish();
}

criterion_group!(benches, validate_cli);
criterion_main!(benches);
