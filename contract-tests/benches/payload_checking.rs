//! Payload checking, bytes → verdict, for every documented JSON example:
//!
//! - `generated`: the SDK's compiled types (`serde_json` into the generated
//!   struct, then `validate()`), through `check_payload`;
//! - `runtime`: `serde_json::Value` and the spec-driven validator (the
//!   `jsonschema` crate over the translated schema), built once per message;
//! - `parse only`: `serde_json` into `IgnoredAny`, the floor any JSON
//!   checker pays.
//!
//! Also how building the runtime validator grows with spec size.
//!
//! `cargo bench --bench payload_checking`

use std::path::Path;

use contract_tests::{fixtures, synthetic, Api};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jp_payment_gateways::Message;
use openapi_sdkgen::load::load_str;
use openapi_sdkgen::validate::{Options, Target, Validator};
use serde::de::IgnoredAny;

struct Payload {
    api: Api,
    message: Message<'static>,
    bytes: Vec<u8>,
    runtime: Validator,
}

fn payloads() -> Vec<Payload> {
    fixtures()
        .into_iter()
        .filter(|f| f.is_json())
        .map(|fixture| {
            let api = Api::of_spec(&fixture.spec);
            let bytes = fixture.bytes();
            // Leaked once: the benchmark keeps every message for its lifetime.
            let fixture: &'static _ = Box::leak(Box::new(fixture));
            let message = fixture.message();
            Payload {
                api,
                message,
                bytes,
                runtime: api.runtime(message, Options::default()),
            }
        })
        .collect()
}

fn payload_checking(c: &mut Criterion) {
    let payloads = payloads();
    let total: usize = payloads.iter().map(|p| p.bytes.len()).sum();
    // All three must reach the same verdicts, or the comparison means nothing.
    for p in &payloads {
        let value: serde_json::Value = serde_json::from_slice(&p.bytes).expect("fixture is JSON");
        assert_eq!(
            p.api.check(p.message, &p.bytes).is_ok(),
            p.runtime.is_valid(&value),
            "{}",
            p.message
        );
    }
    let mut group = c.benchmark_group("payload checking");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            payloads
                .iter()
                .filter(|p| p.api.check(p.message, &p.bytes).is_ok())
                .count()
        })
    });
    group.bench_function("runtime", |b| {
        b.iter(|| {
            payloads
                .iter()
                .filter(|p| {
                    serde_json::from_slice::<serde_json::Value>(&p.bytes)
                        .is_ok_and(|value| p.runtime.is_valid(&value))
                })
                .count()
        })
    });
    group.bench_function("parse only", |b| {
        b.iter(|| {
            payloads
                .iter()
                .filter(|p| serde_json::from_slice::<IgnoredAny>(&p.bytes).is_ok())
                .count()
        })
    });
    group.finish();
}

fn validator_build_scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("runtime validator build scaling");
    group.sample_size(10);
    for size in [10, 100, 1_000] {
        let spec =
            load_str(Path::new("synthetic.yaml"), &synthetic::spec(size, 1)).expect("spec loads");
        group.throughput(Throughput::Elements(size as u64));
        // One validator per operation request, as `validate --operation` builds.
        group.bench_with_input(BenchmarkId::from_parameter(size), &spec, |b, spec| {
            b.iter(|| {
                (0..size)
                    .map(|i| {
                        let target = Target::Request {
                            operation: format!("updateResource{i}"),
                        };
                        Validator::new(spec, target, Options::default()).expect("validator builds")
                    })
                    .count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, payload_checking, validator_build_scaling);
criterion_main!(benches);
