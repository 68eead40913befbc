//! Load, model and emit one document as a crate, the way
//! `cargo xtask codegen --spec` does, into `<crates_dir>/<name>/`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use openapi_sdkgen::emit::{emit_crate, package_version, ApiSource, CrateInfo, PackageName};
use openapi_sdkgen::load::load;
use openapi_sdkgen::model::{build_model, rust_field_name};

use crate::examples::{self, Example};
use crate::manifest::Document;

/// A crate that generated, as a member of the corpus workspace.
pub struct GeneratedCrate {
    /// The document's name, also the crate's directory.
    pub name: String,
    /// The cargo package name (`oai-petstore-client`).
    pub package: String,
    pub examples: Vec<Example>,
}

/// The crate, or the first line of why the generator refused (or panicked
/// on) the document. Messages name the document as `corpus/<file>` so the
/// record does not depend on where the corpus lives.
pub fn generate(
    document: &Document,
    path: &Path,
    crates_dir: &Path,
) -> Result<GeneratedCrate, String> {
    let shown = format!("corpus/{}", document.file);
    match catch_unwind(AssertUnwindSafe(|| {
        generate_unguarded(document, path, &shown, crates_dir)
    })) {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            Err(format!("panicked: {}", first_line(message)))
        }
    }
}

fn generate_unguarded(
    document: &Document,
    path: &Path,
    shown: &str,
    crates_dir: &Path,
) -> Result<GeneratedCrate, String> {
    let named = |mut e: openapi_sdkgen::SpecError| {
        e.file = PathBuf::from(shown);
        first_line(&e.to_string())
    };
    let spec = load(path).map_err(named)?;
    let model = build_model(&spec).map_err(named)?.model;
    let module = module_name(&document.name);
    let name = PackageName::from_spec_stem(&document.name);
    let package = name.to_string();
    let info = CrateInfo {
        name,
        version: package_version(&model.version),
        description: format!(
            "Client for {}, generated from its OpenAPI spec",
            model.title
        ),
        // A member of the corpus workspace, not a workspace of its own.
        standalone: false,
        runtime_path: concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime").into(),
    };
    let source = ApiSource {
        module: &module,
        spec_file: shown,
        model: &model,
    };
    let generated = emit_crate(&[source], &info).map_err(|e| first_line(&e.to_string()))?;
    let crate_dir = crates_dir.join(&document.name);
    for (relative, text) in &generated.files {
        write(&crate_dir.join(relative), text);
    }
    let examples = examples::collect(&spec, &model);
    if !examples.is_empty() {
        let library = package.replace('-', "_");
        write(
            &crate_dir.join("tests/examples.rs"),
            &examples::test_file(&library, &module, &examples),
        );
    }
    Ok(GeneratedCrate {
        name: document.name.clone(),
        package,
        examples,
    })
}

/// The module a document becomes, as `cargo xtask codegen` names it.
fn module_name(stem: &str) -> String {
    let ascii: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    rust_field_name(&ascii)
}

fn write(path: &Path, text: &str) {
    let parent = path.parent().expect("a file in a directory");
    std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

pub fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
}
