//! Prints the synthetic spec the diff and codegen benchmarks use:
//! `cargo run --release -p contract-tests --example synthetic_spec -- SIZE VERSION`.
//! For measurements outside cargo's harness (peak memory, other tools).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [size, version] => size.parse::<usize>().ok().zip(version.parse::<u32>().ok()),
        _ => None,
    };
    let Some((size, version)) = parsed else {
        eprintln!("usage: synthetic_spec SIZE VERSION (VERSION 1 or 2)");
        return ExitCode::from(2);
    };
    print!("{}", contract_tests::synthetic::spec(size, version));
    ExitCode::SUCCESS
}
