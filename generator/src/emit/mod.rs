//! Stage 3: model → formatted Rust source files of an SDK crate.
//!
//! Each API becomes a module (`models`, `validation`, `client`); the
//! crate also carries two fixed runtime modules (`support`, `http`).
//! Every file goes through `syn` and `prettyplease`, so output is valid,
//! formatted, and the same bytes for the same model.

mod client;
mod crate_files;
mod models;
mod payloads;
mod tokens;
mod validation;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;

use crate::model::ApiModel;
pub use crate_files::CrateInfo;
pub use models::field_type;

/// One API to put in the crate.
#[derive(Debug, Clone, Copy)]
pub struct ApiSource<'a> {
    /// The module name (`paymentoptions`).
    pub module: &'a str,
    /// The spec's path as shown in generated headers (relative, `/`-separated).
    pub spec_file: &'a str,
    pub model: &'a ApiModel,
}

/// The generated crate: relative path → file contents, in path order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<PathBuf, String>,
}

impl GeneratedCrate {
    /// Lines of Rust generated for one API module.
    pub fn module_lines(&self, module: &str) -> usize {
        let prefix = PathBuf::from("src").join(module);
        self.files
            .iter()
            .filter(|(path, _)| path.starts_with(&prefix))
            .map(|(_, text)| text.lines().count())
            .sum()
    }
}

/// Emitted tokens did not parse as Rust: a generator bug, reported with
/// the file so it can be fixed.
#[derive(Debug, thiserror::Error)]
#[error("generated {file} is not valid Rust ({message}); this is a bug in the generator")]
pub struct EmitError {
    pub file: PathBuf,
    pub message: String,
}

/// Emits the whole crate for `apis`.
pub fn emit_crate(apis: &[ApiSource<'_>], info: &CrateInfo) -> Result<GeneratedCrate, EmitError> {
    let mut out = GeneratedCrate::default();
    out.files
        .insert("Cargo.toml".into(), crate_files::cargo_toml(info));
    let header = crate_files::header("the generator's runtime templates");
    let templates = [
        ("src/support.rs", include_str!("../../templates/support.rs")),
        ("src/http.rs", include_str!("../../templates/http.rs")),
    ];
    for (path, source) in templates {
        let tokens = source
            .parse()
            .map_err(|e: proc_macro2::LexError| EmitError {
                file: path.into(),
                message: e.to_string(),
            })?;
        out.files
            .insert(path.into(), format_file(path, &header, tokens)?);
    }
    out.files.insert(
        "src/lib.rs".into(),
        format_file(
            "src/lib.rs",
            &crate_files::header("every spec in this crate"),
            crate_files::lib_rs(apis, info),
        )?,
    );
    for api in apis {
        let header = crate_files::header(api.spec_file);
        let dir = PathBuf::from("src").join(api.module);
        let modules = [
            ("mod.rs", crate_files::module_rs(api)),
            ("models.rs", models::emit_models(api.model)),
            ("payloads.rs", payloads::emit_payloads(api.model)),
            ("validation.rs", validation::emit_validation(api.model)),
            ("client.rs", client::emit_client(api.model)),
        ];
        for (name, tokens) in modules {
            let path = dir.join(name);
            let text = format_file(&path.to_string_lossy(), &header, tokens)?;
            out.files.insert(path, text);
        }
    }
    Ok(out)
}

fn format_file(path: &str, header: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        file: path.into(),
        message: e.to_string(),
    })?;
    Ok(format!(
        "{header}{}",
        space_items(&prettyplease::unparse(&file))
    ))
}

/// `prettyplease` packs top-level items together; a blank line after each
/// item's closing line makes the files read like hand-written ones.
fn space_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let item_ended =
            line == "}" || line == "};" || (line.starts_with("pub type ") && line.ends_with(';'));
        let next_starts_item = lines
            .peek()
            .is_some_and(|next| !next.is_empty() && !next.starts_with('}'));
        let imports_ended =
            line.starts_with("use ") && lines.peek().is_some_and(|next| !next.starts_with("use "));
        if (item_ended || imports_ended) && next_starts_item {
            out.push('\n');
        }
    }
    out
}
