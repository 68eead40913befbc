//! `cargo xtask`: the project's command line.
//!
//! Exit codes are the same for every command: 0 success, 1 the check
//! failed (stale code, invalid payload, breaking change, a request to the
//! mock that broke the spec, an answer to the probe that broke it), 2
//! usage or spec error, 3 an input file that is not JSON (validate only),
//! 4 an input file that could not be read (validate), or a server that
//! did not answer (probe). Output cut short by its reader
//! (`| head`) ends quietly, with the same codes.

mod codegen;
mod diff;
mod mock;
mod output;
mod output_dir;
mod probe;
mod validate;
mod workspace;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate, validate, diff, mock and probe the payment-gateway SDK",
    version
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Codegen(codegen::Args),
    Diff(diff::Args),
    Mock(mock::Args),
    Probe(probe::Args),
    Validate(validate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Codegen(args) => codegen::run(&args),
        Command::Diff(args) => Ok(diff::main(&args)),
        Command::Mock(args) => Ok(mock::main(&args)),
        Command::Probe(args) => Ok(probe::main(&args)),
        Command::Validate(args) => Ok(validate::main(&args)),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
