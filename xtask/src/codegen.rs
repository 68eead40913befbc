//! `cargo xtask codegen`: specs → the SDK crate.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapi_sdkgen::emit::{
    emit_crate, package_version, ApiSource, CrateInfo, GeneratedCrate, PackageName, Version,
};
use openapi_sdkgen::model::{build_model, rust_field_name, ApiModel};

use crate::output_dir::{self, Protected};
use crate::workspace;

/// The SDK's package, as merchants name it in their Cargo.toml.
const SDK_NAME: &str = "jp-payment-gateways";
const SDK_VERSION: Version = Version::new(0, 1, 0);
const SDK_DESCRIPTION: &str =
    "Typed clients and contract validation for Japanese payment gateways (PaymentOptions, KOMOJU), generated from their OpenAPI specs";

#[derive(Debug, clap::Args)]
#[command(
    about = "Regenerate the SDK crate from the specs",
    long_about = "Regenerate the SDK crate in generated/ from every spec in spec/.\n\n\
        The new crate is written to a temporary directory and swapped in whole, so a \
        failure leaves generated/ exactly as it was. Only a directory that is missing, \
        empty or marked by an earlier run (its .openapi-sdkgen file) is ever replaced.\n\n\
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
    /// Package name of the standalone crate (default: `<spec name>-client`):
    /// 1-64 ASCII letters, digits, `-`, `_`, starting with a letter.
    #[arg(long, requires = "spec", value_parser = clap::builder::ValueParser::new(PackageName::new))]
    name: Option<PackageName>,
}

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error(transparent)]
    Spec(#[from] openapi_sdkgen::SpecError),
    #[error(transparent)]
    Emit(#[from] openapi_sdkgen::emit::EmitError),
    #[error(transparent)]
    OutputDir(#[from] output_dir::OutputError),
    #[error(transparent)]
    NoCheckout(#[from] workspace::NoCheckout),
    #[error("{first} and {second} would both become module `{module}`; rename one")]
    ModuleClash {
        first: String,
        second: String,
        module: String,
    },
    #[error("{spec}: module `{module}` is taken by the crate's runtime; rename the spec file")]
    ReservedModule { spec: String, module: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("no OpenAPI files (*.yaml) in spec/")]
    NoSpecs,
    #[error("cannot write to stdout: {0}")]
    Stdout(#[source] std::io::Error),
}

/// Prints a line of the command's output (see [`crate::output`]).
fn say(line: &str) -> Result<(), CodegenError> {
    crate::output::print(&format!("{line}\n")).map_err(CodegenError::Stdout)
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
    /// The files the spec's `$ref`s read, beside the spec's path: a
    /// change to any of them changes the output, and none is overwritten.
    pub referenced: Vec<PathBuf>,
    pub model: ApiModel,
}

pub fn run(args: &Args) -> Result<ExitCode, CodegenError> {
    if let (Some(spec), Some(out)) = (&args.spec, &args.out) {
        return standalone(spec, out, args.name.as_ref(), args.check);
    }
    let root = workspace::root()?;
    let spec_dir = root.join("spec");
    let specs = workspace::spec_files(&spec_dir).map_err(io_error(&spec_dir))?;
    if specs.is_empty() {
        return Err(CodegenError::NoSpecs);
    }
    let modelled = specs
        .iter()
        .map(|path| model_spec(path))
        .collect::<Result<Vec<_>, _>>()?;
    let info = CrateInfo {
        // A constant of ours, checked by the unit tests.
        name: PackageName::new(SDK_NAME).expect("the SDK's name is valid"),
        version: SDK_VERSION,
        description: SDK_DESCRIPTION.into(),
        standalone: false,
        runtime_path: "../runtime".into(),
    };
    let generated = generate(&modelled, &info)?;
    let target = root.join("generated");
    if args.check {
        return check(&generated, &target);
    }
    let mut protected = vec![Protected {
        what: "the checkout",
        path: root,
    }];
    protected.extend(specs.iter().map(|path| Protected {
        what: "a spec",
        path,
    }));
    protected.extend(
        modelled
            .iter()
            .flat_map(|m| &m.referenced)
            .map(|path| Protected {
                what: "a file a spec references",
                path,
            }),
    );
    write(&generated, &target, protected)?;
    summarize(&modelled, &generated, &target)?;
    Ok(ExitCode::SUCCESS)
}

pub fn model_spec(path: &Path) -> Result<ModelledSpec, CodegenError> {
    let display_path = workspace::display(path);
    // Messages name the file as the user would: relative to the repository.
    // The file may be one the spec references, not the spec itself.
    let as_user = |mut e: openapi_sdkgen::SpecError| {
        e.file = PathBuf::from(workspace::display(&e.file));
        e
    };
    let mut spec = openapi_sdkgen::load::load(path).map_err(as_user)?;
    spec.rename(&display_path);
    crate::output::warn(&spec.warnings);
    let built = build_model(&spec).map_err(as_user)?;
    for warning in &built.warnings {
        eprintln!("{warning}");
    }
    let referenced = spec
        .referenced_files()
        .into_iter()
        .map(|file| openapi_sdkgen::load::beside(path, file))
        .collect();
    Ok(ModelledSpec {
        module: module_name(path),
        display_path,
        referenced,
        model: built.model,
    })
}

/// The module a spec becomes: its file stem as an ASCII snake-case Rust
/// name (`payment-options.yaml` → `payment_options`).
fn module_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let ascii: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    rust_field_name(&ascii)
}

/// Modules the crate's runtime declares beside the APIs.
const RUNTIME_MODULES: &[&str] = &["http", "support"];

/// Two specs may not share a module, nor take a runtime module's name.
fn check_modules(modelled: &[ModelledSpec]) -> Result<(), CodegenError> {
    let mut seen: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for m in modelled {
        if RUNTIME_MODULES.contains(&m.module.as_str()) {
            return Err(CodegenError::ReservedModule {
                spec: m.display_path.clone(),
                module: m.module.clone(),
            });
        }
        if let Some(first) = seen.insert(&m.module, &m.display_path) {
            return Err(CodegenError::ModuleClash {
                first: first.to_owned(),
                second: m.display_path.clone(),
                module: m.module.clone(),
            });
        }
    }
    Ok(())
}

pub fn generate(
    modelled: &[ModelledSpec],
    info: &CrateInfo,
) -> Result<GeneratedCrate, CodegenError> {
    check_modules(modelled)?;
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

/// Replaces `target` with the generated files, unless it holds something
/// the generator did not write or contains a `protected` path; the working
/// directory is always protected.
fn write(
    generated: &GeneratedCrate,
    target: &Path,
    mut protected: Vec<Protected<'_>>,
) -> Result<(), CodegenError> {
    let files = generated
        .files
        .iter()
        .map(|(path, text)| (path.as_path(), text.as_str()));
    let cwd = workspace::current_dir().map_err(io_error(Path::new(".")))?;
    protected.push(Protected {
        what: "the working directory",
        path: cwd,
    });
    Ok(output_dir::replace(target, files, &protected)?)
}

fn summarize(
    modelled: &[ModelledSpec],
    generated: &GeneratedCrate,
    target: &Path,
) -> Result<(), CodegenError> {
    for m in modelled {
        let read = if m.referenced.is_empty() {
            String::new()
        } else {
            let named: Vec<String> = m.referenced.iter().map(|p| workspace::display(p)).collect();
            format!(" (with {})", named.join(", "))
        };
        say(&format!(
            "{}{read} → {}/src/{}: {} types, {} operations, {} lines",
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
        // Only regular files are read: a link could point anywhere (a
        // secret, a device that never ends) and would print in the diff.
        if path.symlink_metadata().is_ok_and(|m| !m.is_file()) {
            stale += 1;
            println!("not a regular file: {shown}");
            continue;
        }
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
                crate::output::print(&unified).map_err(CodegenError::Stdout)?;
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
    name: Option<&PackageName>,
    check_only: bool,
) -> Result<ExitCode, CodegenError> {
    let modelled = model_spec(spec)?;
    let name = name.cloned().unwrap_or_else(|| {
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        PackageName::from_spec_stem(&stem)
    });
    let info = CrateInfo {
        name,
        version: package_version(&modelled.model.version),
        description: format!(
            "Client for {}, generated from its OpenAPI spec",
            modelled.model.title
        ),
        standalone: true,
        runtime_path: workspace::runtime_path_from(out)?,
    };
    let modelled = [modelled];
    let generated = generate(&modelled, &info)?;
    if check_only {
        return check(&generated, out);
    }
    let mut protected = vec![Protected {
        what: "the spec",
        path: spec,
    }];
    protected.extend(modelled[0].referenced.iter().map(|path| Protected {
        what: "a file the spec references",
        path,
    }));
    if let Ok(root) = workspace::root() {
        protected.push(Protected {
            what: "the checkout",
            path: root,
        });
    }
    write(&generated, out, protected)?;
    summarize(&modelled, &generated, out)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_name_is_a_valid_package_name() {
        assert!(PackageName::new(SDK_NAME).is_ok());
    }

    #[test]
    fn module_names_are_ascii_rust_names() {
        assert_eq!(
            module_name(Path::new("spec/payment-options.yaml")),
            "payment_options"
        );
        assert_eq!(module_name(Path::new("spec/支払い.yaml")), "value");
        assert_eq!(module_name(Path::new("spec/a\u{202E}\nb.yaml")), "a_b");
        assert_eq!(module_name(Path::new("spec/type.yaml")), "type_");
    }
}
