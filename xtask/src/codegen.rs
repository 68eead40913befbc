//! `cargo xtask codegen`: specs → the SDK crate.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapi_sdkgen::emit::{emit_crate, ApiSource, CrateInfo, GeneratedCrate};
use openapi_sdkgen::model::{build_model, rust_field_name, ApiModel};

use crate::workspace;

/// The SDK's package, as merchants name it in their Cargo.toml.
const SDK_NAME: &str = "jp-payment-gateways";
const SDK_VERSION: &str = "0.1.0";
const SDK_DESCRIPTION: &str =
    "Typed clients and contract validation for Japanese payment gateways (PaymentOptions, KOMOJU), generated from their OpenAPI specs";

#[derive(Debug, clap::Args)]
#[command(
    about = "Regenerate the SDK crate from the specs",
    long_about = "Regenerate the SDK crate in generated/ from every spec in spec/.\n\n\
        The new crate is written to a temporary directory and swapped in whole, so a \
        failure leaves generated/ exactly as it was.\n\n\
        Examples:\n  cargo xtask codegen\n  cargo xtask codegen --check\n  \
        cargo xtask codegen --spec petstore.yaml --out target/petstore-sdk"
)]
pub struct Args {
    /// Do not write; exit 1 listing every stale file with a diff.
    #[arg(long)]
    check: bool,
    /// Generate a standalone crate from this OpenAPI 3.0 file instead.
    #[arg(long, requires = "out", value_name = "FILE")]
    spec: Option<PathBuf>,
    /// Where the standalone crate goes (with --spec).
    #[arg(long, requires = "spec", value_name = "DIR")]
    out: Option<PathBuf>,
    /// Package name of the standalone crate (default: `<spec name>-client`).
    #[arg(long, requires = "spec")]
    name: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error(transparent)]
    Spec(#[from] openapi_sdkgen::SpecError),
    #[error(transparent)]
    Emit(#[from] openapi_sdkgen::emit::EmitError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("no OpenAPI files (*.yaml) in spec/")]
    NoSpecs,
    #[error("cannot write to stdout: {0}")]
    Output(#[source] std::io::Error),
}

/// Prints a line of the command's output (see [`crate::output`]).
fn say(line: &str) -> Result<(), CodegenError> {
    crate::output::print(&format!("{line}\n")).map_err(CodegenError::Output)
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CodegenError + '_ {
    move |source| CodegenError::Io {
        path: workspace::display(path),
        source,
    }
}

/// A spec, loaded and modelled.
pub struct ModelledSpec {
    pub module: String,
    pub display_path: String,
    pub model: ApiModel,
}

pub fn run(args: &Args) -> Result<ExitCode, CodegenError> {
    if let (Some(spec), Some(out)) = (&args.spec, &args.out) {
        return standalone(spec, out, args.name.as_deref(), args.check);
    }
    let root = workspace::root();
    let specs = workspace::spec_files().map_err(io_error(&root.join("spec")))?;
    if specs.is_empty() {
        return Err(CodegenError::NoSpecs);
    }
    let modelled = specs
        .iter()
        .map(|path| model_spec(path))
        .collect::<Result<Vec<_>, _>>()?;
    let info = CrateInfo {
        name: SDK_NAME.into(),
        version: SDK_VERSION.into(),
        description: SDK_DESCRIPTION.into(),
        standalone: false,
    };
    let generated = generate(&modelled, &info)?;
    let target = root.join("generated");
    if args.check {
        return check(&generated, &target);
    }
    write(&generated, &target)?;
    summarize(&modelled, &generated, &target)?;
    Ok(ExitCode::SUCCESS)
}

pub fn model_spec(path: &Path) -> Result<ModelledSpec, CodegenError> {
    let display_path = workspace::display(path);
    // Messages name the file as the user would: relative to the repository.
    let spec = openapi_sdkgen::load::load(path).map_err(|mut e| {
        e.file = PathBuf::from(&display_path);
        e
    })?;
    let built = build_model(&spec).map_err(|mut e| {
        e.file = PathBuf::from(&display_path);
        e
    })?;
    for warning in &built.warnings {
        eprintln!("{warning}");
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    Ok(ModelledSpec {
        module: rust_field_name(stem),
        display_path,
        model: built.model,
    })
}

pub fn generate(
    modelled: &[ModelledSpec],
    info: &CrateInfo,
) -> Result<GeneratedCrate, CodegenError> {
    let sources: Vec<ApiSource<'_>> = modelled
        .iter()
        .map(|m| ApiSource {
            module: &m.module,
            spec_file: &m.display_path,
            model: &m.model,
        })
        .collect();
    Ok(emit_crate(&sources, info)?)
}

fn write(generated: &GeneratedCrate, target: &Path) -> Result<(), CodegenError> {
    let files = generated
        .files
        .iter()
        .map(|(path, text)| (path.as_path(), text.as_str()));
    workspace::replace_dir(target, files).map_err(io_error(target))
}

fn summarize(
    modelled: &[ModelledSpec],
    generated: &GeneratedCrate,
    target: &Path,
) -> Result<(), CodegenError> {
    for m in modelled {
        say(&format!(
            "{} → {}/src/{}: {} types, {} operations, {} lines",
            m.display_path,
            workspace::display(target),
            m.module,
            m.model.types.len(),
            m.model.operations.len(),
            generated.module_lines(&m.module),
        ))?;
    }
    Ok(())
}

/// Compares what would be generated with what is on disk.
fn check(generated: &GeneratedCrate, target: &Path) -> Result<ExitCode, CodegenError> {
    let on_disk: BTreeSet<PathBuf> = workspace::list_files(target)
        .map_err(io_error(target))?
        .into_iter()
        .collect();
    let mut stale = 0;
    for (relative, expected) in &generated.files {
        let path = target.join(relative);
        let shown = workspace::display(&path);
        match fs::read_to_string(&path) {
            Ok(actual) if actual == *expected => {}
            Ok(actual) => {
                stale += 1;
                say(&format!("stale: {shown}"))?;
                let diff = similar::TextDiff::from_lines(&actual, expected);
                let unified = diff
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("{shown} (on disk)"),
                        &format!("{shown} (generated)"),
                    )
                    .to_string();
                crate::output::print(&unified).map_err(CodegenError::Output)?;
            }
            Err(_) => {
                stale += 1;
                say(&format!("missing: {shown}"))?;
            }
        }
    }
    for extra in on_disk.iter().filter(|p| !generated.files.contains_key(*p)) {
        stale += 1;
        say(&format!(
            "not generated (would be removed): {}",
            workspace::display(&target.join(extra))
        ))?;
    }
    if stale == 0 {
        say(&format!("{} is up to date", workspace::display(target)))?;
        Ok(ExitCode::SUCCESS)
    } else {
        say(&format!(
            "{stale} file(s) out of date; run `cargo xtask codegen`"
        ))?;
        Ok(ExitCode::from(1))
    }
}

fn standalone(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    check_only: bool,
) -> Result<ExitCode, CodegenError> {
    let modelled = model_spec(spec)?;
    let name = name.map_or_else(
        || format!("{}-client", modelled.module.replace('_', "-")),
        str::to_owned,
    );
    let info = CrateInfo {
        name,
        version: modelled.model.version.clone(),
        description: format!(
            "Client for {}, generated from its OpenAPI spec",
            modelled.model.title
        ),
        standalone: true,
    };
    let modelled = [modelled];
    let generated = generate(&modelled, &info)?;
    if check_only {
        return check(&generated, out);
    }
    write(&generated, out)?;
    summarize(&modelled, &generated, out)?;
    Ok(ExitCode::SUCCESS)
}
