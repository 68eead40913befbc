//! Diff speed: two versions of synthetic specs (version 2 tightens every
//! tenth schema and drops one operation), at 10, 100 and 1,000 schemas.
//! "end to end" loads, models and compares both files; "models ready"
//! times the comparison alone.
//!
//! `cargo bench --bench diff`

use std::path::Path;

use contract_tests::synthetic;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use openapi_sdkgen::diff::{diff_models, Side};
use openapi_sdkgen::load::load_str;

fn side(text: &str) -> Side {
    let spec = load_str(Path::new("synthetic.yaml"), text).expect("spec loads");
    Side::from_spec(&spec, "spec/synthetic.yaml").expect("spec models")
}

fn diff(c: &mut Criterion) {
    let mut end_to_end = c.benchmark_group("diff end to end");
    end_to_end.sample_size(10);
    let sizes = [10, 100, 1_000];
    let texts: Vec<(usize, String, String)> = sizes
        .iter()
        .map(|&n| (n, synthetic::spec(n, 1), synthetic::spec(n, 2)))
        .collect();
    for (size, old, new) in &texts {
        end_to_end.throughput(Throughput::Elements(*size as u64));
        end_to_end.bench_with_input(
            BenchmarkId::from_parameter(size),
            &(old, new),
            |b, (old, new)| {
                b.iter(|| {
                    diff_models(&side(old), &side(new))
                        .expect("specs this shallow compare")
                        .counts()
                })
            },
        );
    }
    end_to_end.finish();

    let mut models_ready = c.benchmark_group("diff models ready");
    for (size, old, new) in &texts {
        let (old, new) = (side(old), side(new));
        let changes = diff_models(&old, &new)
            .expect("specs this shallow compare")
            .counts();
        assert!(
            changes.errors > 0,
            "version 2 must contain breaking changes"
        );
        models_ready.throughput(Throughput::Elements(*size as u64));
        models_ready.bench_with_input(
            BenchmarkId::from_parameter(size),
            &(old, new),
            |b, (old, new)| {
                b.iter(|| {
                    diff_models(old, new)
                        .expect("specs this shallow compare")
                        .counts()
                })
            },
        );
    }
    models_ready.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
