//! Model → the generated crate's public API, one line per item.
//!
//! `cargo xtask codegen` writes these lines to `api-surface.txt` beside the
//! generated code, and `cargo xtask diff` computes them for both sides of a
//! change. Either way a reviewer sees what a spec edit does to users' Rust
//! code as a short line diff, without reading the generated files.
//!
//! Line format, relied on by [`crate::diff`]:
//!
//! ```text
//! KIND PATH[SIGNATURE][ (ANNOTATIONS)]
//! type komoju::SecureToken struct
//! field komoju::SecureToken.id: String (wire "id", required)
//! variant komoju::SecureTokenVerificationStatus::NeedsVerify (wire "NEEDS_VERIFY")
//! method komoju::Client::get_secure_token(id: &str) -> SecureToken
//! ```
//!
//! `KIND PATH` (the path cut before any `(` or trailing `:`) is unique per
//! line, so a line that keeps its key and changes its text is a *changed*
//! item. The trailing parenthesised annotations hold what is not Rust
//! syntax (wire names, presence, validation limits). Lines are sorted by
//! path, so a type's fields and variants follow the type.
//!
//! Items every module has in the same shape (`Client::new`,
//! `Client::builder`, `ClientBuilder`, the enums' `Unknown(String)` and
//! `as_str`) are not listed: they cannot change with the spec.

use heck::ToPascalCase;
use proc_macro2::TokenStream;

use super::models::field_type;
use super::tokens::{nullable_type, value_type};
use crate::model::{
    ApiModel, Constraints, Field, Operation, ParameterLocation, Response, SecurityKind,
    SignatureAlgorithm, SignatureEncoding, TypeDef, TypeExpr, TypeKind, TypeRef,
};
use crate::text::visible_line;

/// The public items `module` of the generated crate has for `model`.
pub fn api_surface(module: &str, model: &ApiModel) -> Vec<String> {
    let mut lines = Vec::new();
    for def in &model.types {
        type_lines(module, def, &mut lines);
    }
    client_lines(module, model, &mut lines);
    webhook_lines(module, model, &mut lines);
    code_lines(module, model, &mut lines);
    lines.sort_by(|a, b| item_path(a).cmp(item_path(b)).then_with(|| a.cmp(b)));
    lines
}

/// The second word of a surface line, cut before a `(` or a trailing `:`:
/// `komoju::SecureToken.id` for a field, `komoju::Client::get` for a method.
fn item_path(line: &str) -> &str {
    let word = line.split(' ').nth(1).unwrap_or("");
    let word = word.split('(').next().unwrap_or(word);
    word.strip_suffix(':').unwrap_or(word)
}

fn type_lines(module: &str, def: &TypeDef, lines: &mut Vec<String>) {
    let path = format!("{module}::{}", def.name);
    match &def.kind {
        TypeKind::Struct(s) => {
            lines.push(format!("type {path} struct"));
            for field in &s.fields {
                lines.push(field_line(&path, field));
            }
            if let Some(values) = &s.additional {
                lines.push(format!(
                    "field {path}.additional_properties: indexmap::IndexMap<String, {}> (additionalProperties)",
                    rust_text(nullable_type(values))
                ));
            }
        }
        TypeKind::StringEnum(values) => {
            lines.push(format!("type {path} enum"));
            for value in values {
                lines.push(format!(
                    "variant {path}::{} (wire {})",
                    value.rust_name,
                    quoted(&value.wire)
                ));
            }
        }
        TypeKind::Union(union) => {
            let how = match &union.discriminator {
                Some(property) => format!("union tagged by {}", quoted(property)),
                None => "untagged union".to_owned(),
            };
            lines.push(format!("type {path} enum ({how})"));
            for variant in &union.variants {
                let tags = if variant.tags.is_empty() {
                    String::new()
                } else {
                    let tags: Vec<String> = variant.tags.iter().map(|t| quoted(t)).collect();
                    format!(" (tags {})", tags.join(", "))
                };
                lines.push(format!(
                    "variant {path}::{}({}){tags}",
                    variant.rust_name,
                    rust_text(super::models::variant_type(variant))
                ));
            }
        }
        TypeKind::Newtype(expr) => {
            let limits = annotations(Vec::new(), expr);
            lines.push(format!(
                "type {path} struct({}){limits}",
                rust_text(value_type(expr))
            ));
        }
        TypeKind::Alias(target) => lines.push(format!("type {path} = {target}")),
    }
}

fn field_line(owner: &str, field: &Field) -> String {
    let mut notes = vec![
        format!("wire {}", quoted(&field.wire_name)),
        if field.required {
            "required".to_owned()
        } else {
            "optional".to_owned()
        },
    ];
    for (flag, word) in [
        (field.expr.sensitive, "sensitive"),
        (field.deprecated, "deprecated"),
        (field.read_only, "read-only"),
        (field.write_only, "write-only"),
    ] {
        if flag {
            notes.push(word.to_owned());
        }
    }
    format!(
        "field {owner}.{}: {}{}",
        field.rust_name,
        rust_text(field_type(field)),
        annotations(notes, &field.expr)
    )
}

/// ` (a, b, maxLength 5)`, or nothing when there is nothing to say.
/// Limits of array items follow as `items maxLength 5`.
fn annotations(mut notes: Vec<String>, expr: &TypeExpr) -> String {
    let mut prefix = String::new();
    let mut current = expr;
    loop {
        notes.extend(limits(&current.constraints).map(|l| format!("{prefix}{l}")));
        match &current.ty {
            TypeRef::Array(items) => {
                prefix.push_str("items ");
                current = items;
            }
            _ => break,
        }
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    }
}

fn limits(c: &Constraints) -> impl Iterator<Item = String> {
    let mut out = Vec::new();
    if let Some(n) = c.min_length {
        out.push(format!("minLength {n}"));
    }
    if let Some(n) = c.max_length {
        out.push(format!("maxLength {n}"));
    }
    if let Some(pattern) = &c.pattern {
        out.push(format!("pattern {}", quoted(pattern)));
    }
    for (name, bound) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(bound) = bound {
            let name = if bound.exclusive {
                format!("exclusive{}", &name[..1].to_uppercase()) + &name[1..]
            } else {
                name.to_owned()
            };
            out.push(format!("{name} {}", number(bound.value)));
        }
    }
    if let Some(factor) = c.multiple_of {
        out.push(format!("multipleOf {}", number(factor)));
    }
    if let Some(n) = c.min_items {
        out.push(format!("minItems {n}"));
    }
    if let Some(n) = c.max_items {
        out.push(format!("maxItems {n}"));
    }
    if !c.allowed.is_empty() {
        // JSON leaves bidi controls and line separators raw; a surface
        // line must show them.
        let values: Vec<String> = c
            .allowed
            .iter()
            .map(|v| visible_line(&v.to_string()))
            .collect();
        out.push(format!("enum [{}]", values.join(", ")));
    }
    out.into_iter()
}

/// What `emit::client` declares; an API without operations has no client.
fn client_lines(module: &str, model: &ApiModel, lines: &mut Vec<String>) {
    if model.operations.is_empty() {
        return;
    }
    lines.push(format!("type {module}::Server enum"));
    for server in &model.servers {
        let fields = if server.variables.is_empty() {
            String::new()
        } else {
            let fields: Vec<String> = server
                .variables
                .iter()
                .map(|v| format!("{}: String", v.rust_name))
                .collect();
            format!(" {{ {} }}", fields.join(", "))
        };
        lines.push(format!(
            "variant {module}::Server::{}{fields} (url {})",
            server.name.to_pascal_case(),
            quoted(&server.url)
        ));
    }
    lines.push(format!("variant {module}::Server::Custom(String)"));
    let schemes: &[crate::model::SecurityScheme] = if model.takes_credentials() {
        lines.push(format!("type {module}::Credentials struct"));
        &model.security_schemes
    } else {
        &[]
    };
    for scheme in schemes {
        let (ty, how) = match &scheme.kind {
            SecurityKind::HttpBasic => ("http::BasicCredentials", "http basic".to_owned()),
            SecurityKind::HttpBearer => ("http::Secret", "http bearer".to_owned()),
            SecurityKind::ApiKeyHeader { header } => (
                "http::Secret",
                format!("api key in header {}", quoted(header)),
            ),
            SecurityKind::ApiKeyQuery { parameter } => (
                "http::Secret",
                format!("api key in query {}", quoted(parameter)),
            ),
            SecurityKind::ApiKeyCookie { name } => (
                "http::Secret",
                format!("api key in cookie {}", quoted(name)),
            ),
            SecurityKind::HttpOther { scheme } => {
                ("http::Secret", format!("http {}", quoted(scheme)))
            }
        };
        let ty = if model.has_security_alternatives() {
            format!("Option<{ty}>")
        } else {
            ty.to_owned()
        };
        lines.push(format!(
            "field {module}::Credentials.{}: {ty} (scheme {}, {how})",
            scheme.rust_name,
            quoted(&scheme.key)
        ));
    }
    lines.push(format!("type {module}::Client struct"));
    for op in &model.operations {
        lines.push(method_line(module, op));
        response_enum_lines(module, op, lines);
        walk_lines(module, op, lines);
    }
}

/// The result-code tables (`x-response-codes`) and their lookups.
fn code_lines(module: &str, model: &ApiModel, lines: &mut Vec<String>) {
    for table in &model.code_tables {
        let unclear = table
            .entries
            .iter()
            .filter(|e| e.outcome == crate::model::CodeOutcome::Unclear)
            .count();
        lines.push(format!(
            "const {module}::codes::{}: &[ResponseCode] (x-response-codes of {}, {} entries, {unclear} unclear)",
            table.name.to_uppercase(),
            table.place,
            table.entries.len()
        ));
        let argument = if table.text_codes { "&str" } else { "i64" };
        lines.push(format!(
            "fn {module}::codes::{}(code: {argument}) -> Option<&'static ResponseCode>",
            table.name
        ));
    }
}

/// The page walker of a list operation (`x-pagination`): the method, the
/// struct of kept arguments and the walker, with how pages are picked.
fn walk_lines(module: &str, op: &Operation, lines: &mut Vec<String>) {
    let Some(pages) = &op.pagination else {
        return;
    };
    let (selector, how) = match &pages.style {
        crate::model::PageStyle::Number {
            parameter, first, ..
        } => (parameter, format!("page numbers from {first}")),
        crate::model::PageStyle::Cursor { parameter, .. } => (parameter, "cursors".to_owned()),
    };
    let query = &pages.query_type;
    let walker = &pages.pages_type;
    lines.push(format!(
        "method {module}::Client::{}(query: {query}) -> {walker}",
        pages.method
    ));
    lines.push(format!(
        "type {module}::{query} struct (x-pagination of {}: {how} in {selector})",
        op.rust_name
    ));
    for p in op.parameters.iter().filter(|p| &p.rust_name != selector) {
        let ty = rust_text(value_type(&p.expr));
        let ty = if p.required {
            ty
        } else {
            format!("Option<{ty}>")
        };
        lines.push(format!(
            "field {module}::{query}.{}: {ty} (parameter {})",
            p.rust_name,
            quoted(&p.wire_name)
        ));
    }
    let returns = match &op.outcome_type {
        Some(outcomes) => outcomes.clone(),
        None => op
            .responses
            .iter()
            .find(|r| r.status == pages.status)
            .and_then(|r| r.body.as_ref())
            .map_or_else(|| "()".to_owned(), |body| rust_text(value_type(body))),
    };
    lines.push(format!("type {module}::{walker} struct"));
    lines.push(format!("method {module}::{walker}::query() -> &{query}"));
    lines.push(format!(
        "method {module}::{walker}::next_page() -> Option<{returns}>"
    ));
}

/// Mirrors the signature `emit::client` gives each operation's method.
fn method_line(module: &str, op: &Operation) -> String {
    let mut arguments = Vec::new();
    let path_params = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Path);
    for p in path_params {
        arguments.push(format!("{}: {}", p.rust_name, argument_type(&p.expr)));
    }
    if let Some(body) = &op.body {
        let ty = rust_text(super::client::body_argument_type(body));
        arguments.push(format!("body: {ty}"));
    }
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
    {
        let ty = argument_type(&p.expr);
        if p.required {
            arguments.push(format!("{}: {ty}", p.rust_name));
        } else {
            arguments.push(format!("{}: Option<{ty}>", p.rust_name));
        }
    }
    let returns = match (&op.outcome_type, op.responses.first()) {
        (Some(outcomes), _) => format!(" -> {outcomes}"),
        (
            None,
            Some(Response {
                body: Some(body), ..
            }),
        ) => {
            format!(" -> {}", rust_text(value_type(body)))
        }
        (None, _) => String::new(),
    };
    let deprecated = if op.deprecated { " (deprecated)" } else { "" };
    format!(
        "method {module}::Client::{}({}){returns}{deprecated}",
        op.rust_name,
        arguments.join(", ")
    )
}

fn argument_type(expr: &TypeExpr) -> String {
    match &expr.ty {
        TypeRef::String => "&str".to_owned(),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => rust_text(value_type(expr)),
        _ => format!("&{}", rust_text(value_type(expr))),
    }
}

/// The enum of documented outcomes `emit::client` adds for an operation
/// with several responses.
fn response_enum_lines(module: &str, op: &Operation, lines: &mut Vec<String>) {
    let Some(outcomes) = &op.outcome_type else {
        return;
    };
    let path = format!("{module}::{outcomes}");
    lines.push(format!("type {path} enum"));
    for r in &op.responses {
        let variant = super::client::status_variant_name(&r.status);
        let body = r.body.as_ref().map(|b| rust_text(value_type(b)));
        let shape = match (body, r.status.parse::<u16>().is_ok()) {
            (Some(body), true) => format!("({body})"),
            (Some(body), false) => format!(" {{ status: u16, body: {body} }}"),
            (None, true) => String::new(),
            (None, false) => " { status: u16 }".to_owned(),
        };
        lines.push(format!(
            "variant {path}::{variant}{shape} (status {})",
            quoted(&r.status)
        ));
    }
}

/// Tokens print with a space between every pair (`Option < & str >`);
/// joins them back the way the formatted source reads (`Option<&str>`).
/// The `webhooks` module of an API whose spec describes a signing scheme
/// (`x-webhook-signature`): the header, and the functions that check it.
fn webhook_lines(module: &str, model: &ApiModel, lines: &mut Vec<String>) {
    let Some(signature) = &model.webhook_signature else {
        return;
    };
    let path = format!("{module}::webhooks");
    let scheme = match (signature.algorithm, signature.encoding) {
        (SignatureAlgorithm::HmacSha256, SignatureEncoding::Hex) => "HMAC-SHA256, hex",
    };
    lines.push(format!(
        "const {path}::SIGNATURE_HEADER: &str = {}",
        quoted(&signature.header)
    ));
    lines.push(format!(
        "fn {path}::verify_signature(body: &[u8], signature: Option<&str>, secret: &[u8]) -> Result<(), WebhookError> ({scheme})"
    ));
    if let Some(payload) = &signature.payload {
        lines.push(format!(
            "fn {path}::verify_webhook(body: &[u8], signature: Option<&str>, secret: &[u8]) -> Result<{payload}, WebhookError> ({scheme})"
        ));
    }
}

fn rust_text(tokens: TokenStream) -> String {
    let spaced = tokens.to_string();
    let mut out = String::with_capacity(spaced.len());
    let mut chars = spaced.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let next = chars.peek().copied();
        let glue_before = matches!(next, Some('<' | '>' | ',' | ':'));
        let glue_after = matches!(out.chars().last(), Some('<' | '&' | ':'));
        if !glue_before && !glue_after {
            out.push(' ');
        }
    }
    out
}

/// A string in double quotes with `"`, `\` and hidden characters escaped,
/// so annotations stay one unambiguous line that shows what it holds.
fn quoted(text: &str) -> String {
    visible_line(&format!("{text:?}"))
}

/// `16`, not `16.0`, for integral limits.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use quote::ToTokens;

    use super::*;
    use crate::emit::{emit_crate, ApiSource, CrateInfo};
    use crate::model::build_model;

    fn model(spec: &str) -> ApiModel {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec")
            .join(spec);
        model_at(&path)
    }

    fn model_at(path: &Path) -> ApiModel {
        // The repository's own specs load; a failure here is a broken checkout.
        let spec = crate::load::load(path).expect("spec loads");
        build_model(&spec).expect("spec models").model
    }

    /// The real specs and the generator's construct specs.
    fn every_spec() -> Vec<(String, ApiModel)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths: Vec<_> = ["../spec", "tests/constructs"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("spec folder"))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
                (crate::model::rust_field_name(stem), model_at(p))
            })
            .collect()
    }

    /// What the generated source of `module` declares, in surface syntax
    /// without annotations: fields, variants and client methods.
    fn declared(module: &str, model: &ApiModel) -> BTreeSet<String> {
        let info = CrateInfo {
            name: crate::emit::PackageName::new("t").expect("a valid name"),
            version: crate::emit::Version::new(0, 1, 0),
            description: "t".into(),
            standalone: true,
            runtime_path: "../runtime".into(),
        };
        let api = ApiSource {
            module,
            spec_file: "spec.yaml",
            model,
        };
        let generated = emit_crate(&[api], &info).expect("emits");
        let mut out = BTreeSet::new();
        webhook_items(module, "webhooks", &generated.files, &mut out);
        webhook_items(module, "codes", &generated.files, &mut out);
        for file in ["models.rs", "client.rs"] {
            let path = Path::new("src").join(module).join(file);
            // An API without operations has no client.rs.
            let Some(source) = generated.files.get(&path) else {
                continue;
            };
            let parsed: syn::File = syn::parse_str(source).expect("generated code parses");
            for item in parsed.items {
                match item {
                    syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                        for f in s
                            .fields
                            .iter()
                            .filter(|f| matches!(f.vis, syn::Visibility::Public(_)))
                        {
                            if let Some(name) = &f.ident {
                                out.insert(format!(
                                    "field {module}::{}.{name}: {}",
                                    s.ident,
                                    rust_text(f.ty.to_token_stream())
                                ));
                            }
                        }
                    }
                    syn::Item::Enum(e) => {
                        for v in &e.variants {
                            let fields = match &v.fields {
                                syn::Fields::Unit => String::new(),
                                syn::Fields::Unnamed(f) => format!(
                                    "({})",
                                    rust_text(
                                        f.unnamed.iter().map(|f| f.ty.to_token_stream()).collect()
                                    )
                                ),
                                syn::Fields::Named(f) => format!(
                                    " {{ {} }}",
                                    f.named
                                        .iter()
                                        .map(|f| format!(
                                            "{}: {}",
                                            f.ident
                                                .as_ref()
                                                .map(ToString::to_string)
                                                .unwrap_or_default(),
                                            rust_text(f.ty.to_token_stream())
                                        ))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            };
                            if v.ident != "Unknown" || e.ident == "Server" {
                                out.insert(format!(
                                    "variant {module}::{}::{}{fields}",
                                    e.ident, v.ident
                                ));
                            }
                        }
                    }
                    syn::Item::Impl(block) if block.trait_.is_none() => {
                        let owner = block
                            .self_ty
                            .to_token_stream()
                            .to_string()
                            .split(' ')
                            .next()
                            .unwrap_or("")
                            .to_owned();
                        let walker = model.operations.iter().any(|op| {
                            op.pagination
                                .as_ref()
                                .is_some_and(|p| p.pages_type == owner)
                        });
                        if owner != "Client" && !walker {
                            continue;
                        }
                        for item in block.items {
                            let syn::ImplItem::Fn(f) = item else { continue };
                            let public = matches!(f.vis, syn::Visibility::Public(_));
                            let fixed =
                                ["new", "builder"].contains(&f.sig.ident.to_string().as_str());
                            if !public || (owner == "Client" && fixed) {
                                continue;
                            }
                            let args: Vec<String> = f
                                .sig
                                .inputs
                                .iter()
                                .filter_map(|a| match a {
                                    syn::FnArg::Typed(t) => Some(format!(
                                        "{}: {}",
                                        t.pat.to_token_stream(),
                                        rust_text(t.ty.to_token_stream())
                                    )),
                                    syn::FnArg::Receiver(_) => None,
                                })
                                .collect();
                            let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                                continue;
                            };
                            // `Result<T, Error>` → `T`; `()` is not written.
                            let ret = rust_text(ty.to_token_stream()).replace("<'_>", "");
                            let ret = ret
                                .strip_prefix("Result<")
                                .and_then(|r| r.strip_suffix(", Error>"))
                                .unwrap_or(&ret);
                            let ret = if ret == "()" {
                                String::new()
                            } else {
                                format!(" -> {ret}")
                            };
                            out.insert(format!(
                                "method {module}::{owner}::{}({}){ret}",
                                f.sig.ident,
                                args.join(", ")
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// The public constants and functions of `module`'s `submodule`
    /// (`webhooks`, `codes`).
    fn webhook_items(
        module: &str,
        submodule: &str,
        files: &std::collections::BTreeMap<std::path::PathBuf, String>,
        out: &mut BTreeSet<String>,
    ) {
        let path = Path::new("src")
            .join(module)
            .join(format!("{submodule}.rs"));
        let Some(source) = files.get(&path) else {
            return;
        };
        let parsed: syn::File = syn::parse_str(source).expect("generated code parses");
        // Compared without spaces: `rust_text` spaces arguments its own way.
        let strip = |text: String| compact(&text.replace("super::models::", ""));
        for item in parsed.items {
            match item {
                syn::Item::Const(c) => {
                    // A literal's value is part of the line; a table's is not.
                    let value = match &*c.expr {
                        syn::Expr::Lit(value) => format!(" = {}", value.to_token_stream()),
                        _ => String::new(),
                    };
                    out.insert(format!(
                        "const {module}::{submodule}::{}: {}{value}",
                        c.ident,
                        rust_text(c.ty.to_token_stream()),
                    ));
                }
                syn::Item::Fn(f) => {
                    let inputs: Vec<String> = f
                        .sig
                        .inputs
                        .iter()
                        .map(|input| rust_text(input.to_token_stream()))
                        .collect();
                    let syn::ReturnType::Type(_, output) = &f.sig.output else {
                        continue;
                    };
                    out.insert(strip(format!(
                        "fn {module}::{submodule}::{}({}) -> {}",
                        f.sig.ident,
                        inputs.join(", "),
                        rust_text(output.to_token_stream())
                    )));
                }
                _ => {}
            }
        }
    }

    /// `fn a::f(x: u8) -> T` as `fn a::f(x:u8)->T`.
    fn compact(line: &str) -> String {
        let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
        format!("{kind} {}", rest.split_whitespace().collect::<String>())
    }

    /// The surface without annotations, for comparing with the source.
    fn signatures(lines: &[String]) -> BTreeSet<String> {
        lines
            .iter()
            .filter(|l| !l.starts_with("type "))
            .map(|l| {
                if l.starts_with("fn ") {
                    // A function's annotation follows its signature.
                    let cut = l.rfind(" (").unwrap_or(l.len());
                    return compact(&l[..cut]);
                }
                match l.find(" (") {
                    Some(cut) if !l.starts_with("method ") || l.ends_with("(deprecated)") => {
                        l[..cut].to_owned()
                    }
                    _ => l.clone(),
                }
            })
            .collect()
    }

    #[test]
    fn surface_lists_exactly_what_the_generated_code_declares() {
        let specs = every_spec();
        assert!(specs.len() > 2, "construct specs found");
        for (module, model) in &specs {
            let module = module.as_str();
            let surface = signatures(&api_surface(module, model));
            let declared = declared(module, model);
            let missing: Vec<_> = declared.difference(&surface).collect();
            let invented: Vec<_> = surface.difference(&declared).collect();
            assert!(
                missing.is_empty() && invented.is_empty(),
                "{module}: in code but not in the surface: {missing:#?}\nin the surface but not in code: {invented:#?}"
            );
        }
    }

    #[test]
    fn lines_are_sorted_by_item_and_keys_are_unique() {
        let lines = api_surface("paymentoptions", &model("paymentoptions.yaml"));
        let mut keys = BTreeSet::new();
        for pair in lines.windows(2) {
            assert!(item_path(&pair[0]) <= item_path(&pair[1]), "{pair:?}");
        }
        for line in &lines {
            let kind = line.split(' ').next().unwrap_or("");
            assert!(
                keys.insert(format!("{kind} {}", item_path(line))),
                "duplicate key: {line}"
            );
        }
    }

    #[test]
    fn lines_read_like_the_source() {
        let lines = api_surface("komoju", &model("komoju.yaml"));
        for expected in [
            "type komoju::SecureToken struct",
            "field komoju::SecureToken.id: String (wire \"id\", required)",
            "field komoju::SecureToken.authentication_url: Option<String> (wire \"authentication_url\", optional)",
            "field komoju::CreditCardDetails.number: String (wire \"number\", required, sensitive)",
            "field komoju::SecureTokenRequest.currency: String (wire \"currency\", required, pattern \"^[A-Z]{3}$\")",
            "variant komoju::SecureTokenVerificationStatus::NeedsVerify (wire \"NEEDS_VERIFY\")",
            "method komoju::Client::create_secure_token(body: &SecureTokenRequest, x_komoju_idempotency: Option<&str>, x_komoju_api_version: Option<&str>) -> CreateSecureTokenResponse",
            "variant komoju::Server::Production (url \"https://komoju.com/api/v1\")",
            "field komoju::Credentials.secret_key: http::BasicCredentials (scheme \"secretKey\", http basic)",
        ] {
            assert!(lines.iter().any(|l| l == expected), "missing {expected}\n{lines:#?}");
        }
    }
}
