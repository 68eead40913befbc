//! Stage 3: model → formatted Rust source files of an SDK crate.
//!
//! Each API becomes a module (`models`, `validation`, `client`); the
//! crate also carries two fixed runtime modules (`support`, `http`).
//! Every file goes through `syn` and `prettyplease`, so output is valid,
//! formatted, and the same bytes for the same model.

mod auth;
mod client;
mod codes;
mod crate_files;
mod models;
mod package;
mod pagination;
mod patterns;
mod payloads;
mod surface;
mod tokens;
mod validation;
mod webhooks;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;

use crate::model::ApiModel;
pub use crate_files::CrateInfo;
pub use models::field_type;
pub use package::{package_version, PackageName, PackageNameError};
pub use semver::Version;
pub use surface::api_surface;

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

/// The file every generated crate carries at its root, so a tool that
/// replaces the directory can tell it holds generated output and nothing
/// else: it is never to replace a directory without one (unless empty).
pub const OUTPUT_MARKER: &str = ".openapi-sdkgen";

/// What [`OUTPUT_MARKER`] says; a marker file must start with its first line.
pub const OUTPUT_MARKER_TEXT: &str = "\
This directory is written by openapi-sdkgen (`cargo xtask codegen`), which replaces it whole.
Do not edit it or keep other files in it: they would be deleted on the next run.
";

/// Emits the whole crate for `apis`.
pub fn emit_crate(apis: &[ApiSource<'_>], info: &CrateInfo) -> Result<GeneratedCrate, EmitError> {
    let mut out = GeneratedCrate::default();
    out.files
        .insert(OUTPUT_MARKER.into(), OUTPUT_MARKER_TEXT.to_owned());
    out.files
        .insert("Cargo.toml".into(), crate_files::cargo_toml(info, apis));
    let signs_webhooks = crate_files::signs_webhooks(apis);
    let lists_codes = crate_files::lists_codes(apis);
    for (path, text) in formatted_templates()? {
        // The webhook runtime (and its crates) only where a spec needs it.
        if *path == WEBHOOKS_TEMPLATE && !signs_webhooks {
            continue;
        }
        if *path == CODES_TEMPLATE && !lists_codes {
            continue;
        }
        out.files.insert((*path).into(), text.clone());
    }
    out.files.insert(
        "src/lib.rs".into(),
        format_file(
            "src/lib.rs",
            &crate_files::header("every spec in this crate"),
            crate_files::lib_rs(apis, info),
        )?,
    );
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for api in apis {
        let mut emitters: Vec<(&str, Emitter)> = vec![
            ("mod.rs", |api| {
                Box::new(std::iter::once(crate_files::module_rs(api)))
            }),
            ("models.rs", |api| models::emit_models(api.model)),
            ("payloads.rs", |api| {
                Box::new(std::iter::once(payloads::emit_payloads(api.model)))
            }),
            ("validation.rs", |api| {
                validation::emit_validation(api.model)
            }),
        ];
        // An API without operations (a schema library) has no client.
        if !api.model.operations.is_empty() {
            emitters.push(("client.rs", |api| {
                Box::new(std::iter::once(client::emit_client(api.model)))
            }));
        }
        if api.model.webhook_signature.is_some() {
            emitters.push(("webhooks.rs", |api| {
                Box::new(webhooks::emit_webhooks(api.model).into_iter())
            }));
        }
        if !api.model.code_tables.is_empty() {
            emitters.push(("codes.rs", |api| {
                Box::new(codes::emit_codes(api.model).into_iter())
            }));
        }
        for (name, emitter) in emitters {
            jobs.push(Job {
                path: PathBuf::from("src").join(api.module).join(name),
                api: *api,
                emitter,
            });
        }
    }
    for (path, text) in run_jobs(&jobs) {
        out.files.insert(path, text?);
    }
    let mut surface = String::from(
        "# @generated by openapi-sdkgen: the crate's public API, one item a line. Do not edit: run `cargo xtask codegen`.\n",
    );
    for api in apis {
        for line in api_surface(api.module, api.model) {
            surface.push_str(&line);
            surface.push('\n');
        }
    }
    out.files.insert("api-surface.txt".into(), surface);
    Ok(out)
}

/// The runtime module of webhook verification, in crates whose specs
/// declare `x-webhook-signature`.
const WEBHOOKS_TEMPLATE: &str = "src/webhooks.rs";

/// The runtime module of result-code tables, in crates whose specs
/// declare `x-response-codes`.
const CODES_TEMPLATE: &str = "src/codes.rs";

/// The runtime modules every crate carries, formatted once per process:
/// they do not depend on the spec.
fn formatted_templates() -> Result<&'static [(&'static str, String)], EmitError> {
    type Formatted = Result<Vec<(&'static str, String)>, String>;
    static TEMPLATES: std::sync::OnceLock<Formatted> = std::sync::OnceLock::new();
    let formatted = TEMPLATES.get_or_init(|| {
        let header = crate_files::header("the generator's runtime templates");
        [
            ("src/support.rs", include_str!("../../templates/support.rs")),
            // The generator's own modules, so both validators redact alike,
            // compile and match patterns alike and check formats alike.
            ("src/redact.rs", include_str!("../redact.rs")),
            ("src/pattern.rs", include_str!("../pattern.rs")),
            ("src/formats.rs", include_str!("../formats.rs")),
            ("src/http.rs", include_str!("../../templates/http.rs")),
            (
                WEBHOOKS_TEMPLATE,
                include_str!("../../templates/webhooks.rs"),
            ),
            (CODES_TEMPLATE, include_str!("../../templates/codes.rs")),
        ]
        .into_iter()
        .map(|(path, source)| {
            let tokens = source
                .parse()
                .map_err(|e: proc_macro2::LexError| format!("{path}: {e}"))?;
            format_file(path, &header, tokens)
                .map(|text| (path, text))
                .map_err(|e| e.to_string())
        })
        .collect()
    });
    formatted.as_deref().map_err(|message| EmitError {
        file: "templates".into(),
        message: message.clone(),
    })
}

/// The top-level items of one file, built as they are formatted, so only
/// one item's tokens and syntax tree are in memory at a time.
pub(crate) type Items<'a> = Box<dyn Iterator<Item = TokenStream> + 'a>;

/// Builds the items of one file from one API.
type Emitter = for<'a> fn(&ApiSource<'a>) -> Items<'a>;

struct Job<'a> {
    path: PathBuf,
    api: ApiSource<'a>,
    emitter: Emitter,
}

/// Emits and formats files on every core. Token streams cannot cross
/// threads, so each worker builds the tokens of the files it formats; the
/// results are keyed by path, so the output does not depend on scheduling.
fn run_jobs(jobs: &[Job<'_>]) -> Vec<(PathBuf, Result<String, EmitError>)> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len())
        .max(1);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(job) = jobs.get(index) else {
                break done;
            };
            let header = crate_files::header(job.api.spec_file);
            let text = format_items(
                &job.path.to_string_lossy(),
                &header,
                (job.emitter)(&job.api),
            );
            done.push((job.path.clone(), text));
        }
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut results = work();
        for handle in handles {
            // A worker only panics if an emitter does; surface that as is.
            results.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
    })
}

/// Formats a file item by item: the same text as formatting it whole.
fn format_items(path: &str, header: &str, items: Items<'_>) -> Result<String, EmitError> {
    let mut body = String::new();
    for tokens in items {
        let item: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
            file: path.into(),
            message: e.to_string(),
        })?;
        body.push_str(&prettyplease::unparse(&item));
    }
    Ok(format!("{header}{}", space_items(&body)))
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
