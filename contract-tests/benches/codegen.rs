//! Codegen speed: both provider specs, load → formatted source, in process;
//! and how the time grows with spec size (10, 100, 1,000 schemas).
//!
//! `cargo bench --bench codegen`

use std::path::Path;

use contract_tests::{root, synthetic, SPECS};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use openapi_sdkgen::emit::{emit_crate, ApiSource, CrateInfo, PackageName, Version};
use openapi_sdkgen::load::load_str;
use openapi_sdkgen::model::build_model;

fn info() -> CrateInfo {
    CrateInfo {
        name: PackageName::new("bench").expect("a valid name"),
        version: Version::new(0, 0, 0),
        description: "benchmark".into(),
        standalone: true,
        runtime_path: "../runtime".into(),
    }
}

/// The whole pipeline for one spec text: load, check, model, emit, format.
fn generate(file: &str, text: &str) -> usize {
    let spec = load_str(Path::new(file), text).expect("spec loads");
    let built = build_model(&spec).expect("spec models");
    let source = ApiSource {
        module: "api",
        spec_file: file,
        model: &built.model,
    };
    let generated = emit_crate(&[source], &info()).expect("spec emits");
    generated.files.values().map(String::len).sum()
}

fn provider_specs(c: &mut Criterion) {
    let specs: Vec<(&str, String)> = SPECS
        .iter()
        .map(|file| {
            (
                *file,
                std::fs::read_to_string(root().join(file)).expect("spec readable"),
            )
        })
        .collect();
    let mut group = c.benchmark_group("codegen");
    group.throughput(Throughput::Elements(specs.len() as u64));
    group.bench_function("both provider specs", |b| {
        b.iter(|| {
            specs
                .iter()
                .map(|(file, text)| generate(file, text))
                .sum::<usize>()
        })
    });
    group.finish();
}

/// Where the synthetic specs are written, for measuring the command line
/// on them (see the README's Performance section).
fn spec_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), Into::into)
        .join("bench-specs")
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("codegen scaling");
    group.sample_size(10);
    std::fs::create_dir_all(spec_dir()).expect("create target/bench-specs");
    for size in [10, 100, 1_000] {
        let text = synthetic::spec(size, 1);
        std::fs::write(spec_dir().join(format!("synthetic-{size}.yaml")), &text)
            .expect("write synthetic spec");
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, text| {
            b.iter(|| generate("synthetic.yaml", text))
        });
    }
    group.finish();
}

criterion_group!(benches, provider_specs, scaling);
criterion_main!(benches);
