//! Model → async HTTP client (`client.rs` of an API module).

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::auth::AuthHelpers;
use super::patterns::PatternNames;
use super::tokens::{doc, ident, string_literal, value_type};
use super::validation::Checks;
use crate::model::{
    ApiModel, MediaType, Operation, Parameter, ParameterLocation, RequestBody, Response,
    SecurityKind, TypeExpr, TypeRef,
};
use crate::text::visible_line;

pub fn emit_client(model: &ApiModel) -> TokenStream {
    let server = server_enum(model);
    // An API whose operations ask for no credentials takes none.
    let authenticates = model.takes_credentials();
    let auth = AuthHelpers::of(model);
    let credentials = authenticates.then(|| credentials(model, auth.optional_credentials()));
    let credentials_field = authenticates.then(|| quote!(credentials: Credentials,));
    let credentials_argument = authenticates.then(|| quote!(, credentials: Credentials));
    let credentials_passed = authenticates.then(|| quote!(, credentials));
    let credentials_kept = authenticates.then(|| quote!(credentials,));
    let credentials_moved = authenticates.then(|| quote!(credentials: self.credentials,));
    let secret_fields = secret_fields(model);
    let names = PatternNames::of(model);
    let checks = Checks {
        patterns: &names,
        imported: false,
    };
    let parameter_patterns = parameter_patterns(model);
    let pattern_import = (!parameter_patterns.is_empty()).then(|| {
        quote!(
            use crate::support::Pattern;
        )
    });
    let statics = names.statics(&parameter_patterns);
    let auth_methods = auth.methods(model);
    let methods: Vec<TokenStream> = model
        .operations
        .iter()
        .map(|op| {
            let walk = super::pagination::walk_method(op);
            let method = method(model, op, &checks, &auth);
            quote!(#method #walk)
        })
        .collect();
    let response_enums = model.operations.iter().filter_map(response_enum);
    let walkers = model
        .operations
        .iter()
        .filter_map(super::pagination::walk_types);
    let title = format!(" Client for {}.", visible_line(&model.title));
    let models_import = (!model.types.is_empty()).then(|| {
        quote!(
            use super::models::*;
        )
    });
    quote! {
        #models_import
        use crate::http::{self, Error};
        #pattern_import

        #server
        #credentials

        /// Wire names of secret fields, masked in error messages with
        /// everything below them.
        const SECRET_FIELDS: &[&str] = &[#(#secret_fields),*];

        #statics

        #[doc = #title]
        ///
        /// Every request is validated against the spec before it is sent, and
        /// is sent exactly once: the client never retries, so a payment is
        /// never submitted twice behind your back.
        #[derive(Debug, Clone)]
        pub struct Client {
            http: reqwest::Client,
            base_url: String,
            #credentials_field
        }

        /// Configures a [`Client`].
        #[derive(Debug)]
        pub struct ClientBuilder {
            base_url: String,
            #credentials_field
            timeout: std::time::Duration,
        }

        impl ClientBuilder {
            /// Overrides the request timeout ([`http::DEFAULT_TIMEOUT`] by default).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            pub fn build(self) -> Result<Client, Error> {
                let http = reqwest::Client::builder()
                    .timeout(self.timeout)
                    .build()
                    .map_err(|e| Error::InvalidRequest(e.to_string()))?;
                Ok(Client {
                    http,
                    base_url: self.base_url.trim_end_matches('/').to_owned(),
                    #credentials_moved
                })
            }
        }

        impl Client {
            /// Starts a client for `server` (one of the spec's servers, or
            /// [`Server::Custom`] for a mock or proxy).
            pub fn builder(server: Server #credentials_argument) -> ClientBuilder {
                ClientBuilder {
                    base_url: server.url().into(),
                    #credentials_kept
                    timeout: http::DEFAULT_TIMEOUT,
                }
            }

            /// A client with the default timeout.
            pub fn new(server: Server #credentials_argument) -> Result<Client, Error> {
                Self::builder(server #credentials_passed).build()
            }

            #auth_methods

            #(#methods)*
        }

        #(#response_enums)*
        #(#walkers)*
    }
}

fn server_enum(model: &ApiModel) -> TokenStream {
    let variants = model.servers.iter().map(|s| {
        let mut text = format!(
            "`{}`{}",
            s.url,
            s.description
                .as_ref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
        for v in &s.variables {
            text.push_str(&format!("\n\n`{}`: {}", v.wire_name, variable_text(v)));
        }
        let docs = doc(Some(&text));
        let name = ident(&s.name.to_pascal_case());
        if s.variables.is_empty() {
            quote!(#docs #name,)
        } else {
            let fields = s.variables.iter().map(|v| {
                let field = ident(&v.rust_name);
                let docs = doc(Some(&variable_text(v)));
                quote!(#docs #field: String,)
            });
            quote!(#docs #name { #(#fields)* },)
        }
    });
    // Only a templated server needs its URL built; without one, `url()`
    // lends the fixed text.
    if model.servers.iter().all(|s| s.variables.is_empty()) {
        let urls = model.servers.iter().map(|s| {
            let name = ident(&s.name.to_pascal_case());
            let url = string_literal(&s.url);
            quote!(Server::#name => #url,)
        });
        return quote! {
            /// Where requests go.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub enum Server {
                #(#variants)*
                /// Any other base URL (a mock server, a proxy).
                Custom(String),
            }

            impl Server {
                pub fn url(&self) -> &str {
                    match self {
                        #(#urls)*
                        Server::Custom(url) => url,
                    }
                }
            }
        };
    }
    let urls = model.servers.iter().map(|s| {
        let name = ident(&s.name.to_pascal_case());
        if s.variables.is_empty() {
            let url = string_literal(&s.url);
            return quote!(Server::#name => std::borrow::Cow::Borrowed(#url),);
        }
        let fields: Vec<_> = s.variables.iter().map(|v| ident(&v.rust_name)).collect();
        let (template, values) = format_template(&s.url, |wire| {
            let v = s.variables.iter().find(|v| v.wire_name == wire)?;
            let field = ident(&v.rust_name);
            Some(quote!(#field))
        });
        let template = string_literal(&template);
        quote!(Server::#name { #(#fields),* } => std::borrow::Cow::Owned(format!(#template #(, #values)*)),)
    });
    quote! {
        /// Where requests go.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Server {
            #(#variants)*
            /// Any other base URL (a mock server, a proxy).
            Custom(String),
        }

        impl Server {
            /// The base URL, with the variables of a templated server filled in.
            pub fn url(&self) -> std::borrow::Cow<'_, str> {
                match self {
                    #(#urls)*
                    Server::Custom(url) => std::borrow::Cow::Borrowed(url),
                }
            }
        }
    }
}

/// A server variable in words: its default and the values it may take.
fn variable_text(v: &crate::model::ServerVariable) -> String {
    let mut text = format!("default `{}`", v.default);
    if !v.allowed.is_empty() {
        let allowed: Vec<String> = v.allowed.iter().map(|a| format!("`{a}`")).collect();
        text.push_str(&format!(", one of {}", allowed.join(", ")));
    }
    if let Some(description) = &v.description {
        text.push_str(&format!(". {description}"));
    }
    text
}

/// `text` with `{name}` templates (a path, a server URL) as a `format!`
/// template and the expressions that fill it; a `{name}` that `value_of`
/// does not know stays in the text as written.
fn format_template(
    text: &str,
    mut value_of: impl FnMut(&str) -> Option<TokenStream>,
) -> (String, Vec<TokenStream>) {
    let escape = |part: &str| part.replace('{', "{{").replace('}', "}}");
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        template.push_str(&escape(&rest[..open]));
        let wire = &rest[open + 1..open + close];
        match value_of(wire) {
            Some(value) => {
                template.push_str("{}");
                values.push(value);
            }
            None => template.push_str(&escape(&rest[open..=open + close])),
        }
        rest = &rest[open + close + 1..];
    }
    template.push_str(&escape(rest));
    (template, values)
}

/// Every field is an `Option` when operations list alternative
/// requirements: the caller gives those of any requirement it meets.
fn credentials(model: &ApiModel, optional: bool) -> TokenStream {
    let fields = model.security_schemes.iter().map(|scheme| {
        let name = ident(&scheme.rust_name);
        let docs = doc(scheme.description.as_deref());
        let ty = match scheme.kind {
            SecurityKind::HttpBasic => quote!(http::BasicCredentials),
            _ => quote!(http::Secret),
        };
        let ty = if optional { quote!(Option<#ty>) } else { ty };
        quote!(#docs pub #name: #ty,)
    });
    let (docs, derive) = if optional {
        (
            quote! {
                /// The credentials the spec's security schemes ask for, each
                /// optional: an operation sends the first of its alternative
                /// requirements whose credentials are here, and is not sent
                /// when none is. `Debug` never shows them.
            },
            quote!(#[derive(Debug, Clone, Default)]),
        )
    } else {
        (
            quote! {
                /// The credentials the spec's security schemes ask for. `Debug`
                /// never shows them.
            },
            quote!(#[derive(Debug, Clone)]),
        )
    };
    quote! {
        #docs
        #derive
        pub struct Credentials {
            #(#fields)*
        }
    }
}

fn secret_fields(model: &ApiModel) -> Vec<proc_macro2::Literal> {
    let mut names: Vec<&str> = Vec::new();
    for def in &model.types {
        if let crate::model::TypeKind::Struct(s) = &def.kind {
            for field in s.fields.iter().filter(|f| f.expr.holds_secret()) {
                if !names.contains(&field.wire_name.as_str()) {
                    names.push(&field.wire_name);
                }
            }
        }
    }
    names.sort_unstable();
    names.into_iter().map(string_literal).collect()
}

/// The type the body argument is taken as: a reference to the typed
/// body or to the bytes, or the multipart form itself (which the request
/// consumes), in an `Option` when the body is optional.
pub(crate) fn body_argument_type(body: &RequestBody) -> TokenStream {
    let ty = match (body.sent, &body.expr.ty) {
        (MediaType::Multipart, _) => quote!(crate::multipart::Form),
        (_, TypeRef::Bytes) => quote!(&[u8]),
        _ => {
            let ty = value_type(&body.expr);
            quote!(&#ty)
        }
    };
    if body.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The type an argument is taken as.
fn argument_type(expr: &TypeExpr) -> TokenStream {
    match &expr.ty {
        TypeRef::String => quote!(&str),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => value_type(expr),
        _ => {
            let ty = value_type(expr);
            quote!(&#ty)
        }
    }
}

/// Converts an argument to the text sent in a path, query or header.
fn argument_text(p: &Parameter, value: TokenStream) -> TokenStream {
    match &p.expr.ty {
        TypeRef::String => quote!(#value.to_owned()),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => quote!(#value.to_string()),
        _ => quote! {
            match serde_json::to_value(#value) {
                Ok(serde_json::Value::String(text)) => text,
                Ok(other) => other.to_string(),
                Err(e) => return Err(Error::InvalidRequest(e.to_string())),
            }
        },
    }
}

/// The patterns of path, query and header parameters, checked here.
fn parameter_patterns(model: &ApiModel) -> Vec<String> {
    let mut patterns = Vec::new();
    for p in model.operations.iter().flat_map(|op| &op.parameters) {
        let mut expr = &p.expr;
        loop {
            if let Some(pattern) = &expr.constraints.pattern {
                if !patterns.contains(pattern) {
                    patterns.push(pattern.clone());
                }
            }
            match &expr.ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => expr = inner,
                _ => break,
            }
        }
    }
    patterns
}

fn method(
    model: &ApiModel,
    op: &Operation,
    value_checks: &Checks<'_>,
    auth: &AuthHelpers,
) -> TokenStream {
    let name = ident(&op.rust_name);
    let mut docs = Vec::new();
    docs.push(format!(
        "`{} {}`{}",
        op.method,
        op.path,
        op.summary
            .as_ref()
            .map(|s| format!(": {s}"))
            .unwrap_or_default()
    ));
    if let Some(description) = &op.doc {
        docs.push(String::new());
        docs.push(description.clone());
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.sent == MediaType::Multipart) {
        docs.push(String::new());
        docs.push(multipart_doc(body));
    }
    let docs = doc(Some(&docs.join("\n")));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let path_params: Vec<&Parameter> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Path)
        .collect();
    let mut arguments = Vec::new();
    for p in &path_params {
        let arg = ident(&p.rust_name);
        let ty = argument_type(&p.expr);
        arguments.push(quote!(#arg: #ty));
    }
    let body = op.body.as_ref();
    if let Some(body) = body {
        let ty = body_argument_type(body);
        arguments.push(quote!(body: #ty));
    }
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
    {
        let arg = ident(&p.rust_name);
        let ty = argument_type(&p.expr);
        if p.required {
            arguments.push(quote!(#arg: #ty));
        } else {
            arguments.push(quote!(#arg: Option<#ty>));
        }
    }

    // Validation of everything the caller passed, before anything is sent:
    // the body, and every path, query and header argument, with the same
    // checks as a field with the same schema.
    let mut checks = Vec::new();
    // Bytes in another media type are the caller's to get right.
    let checked_body = body.filter(|b| b.expr.ty != TypeRef::Bytes);
    // The locations of the path, query and header sections that have checks.
    let mut sections: Vec<(proc_macro2::Literal, proc_macro2::Ident)> = Vec::new();
    if let Some(body) = checked_body {
        if body.required {
            checks.push(quote!(crate::support::Validate::collect_violations(body, root, out);));
        } else {
            checks.push(quote!(if let Some(body) = body {
                crate::support::Validate::collect_violations(body, root, out);
            }));
        }
    }
    for p in &op.parameters {
        let param_checks = value_checks.value(&p.expr, quote!(value), 0);
        if param_checks.is_empty() {
            continue;
        }
        let arg = ident(&p.rust_name);
        let (wire_section, section) = match p.location {
            ParameterLocation::Path => ("path", format_ident!("in_path")),
            ParameterLocation::Query => ("query", format_ident!("in_query")),
            ParameterLocation::Header => ("header", format_ident!("in_header")),
        };
        if !sections.iter().any(|(_, s)| *s == section) {
            sections.push((string_literal(wire_section), section.clone()));
        }
        let wire = string_literal(&p.wire_name);
        let secret = p.expr.sensitive.then(|| quote!(.secret()));
        let block = quote! {
            let at = #section.key(#wire)#secret;
            #param_checks
        };
        // `value` is a reference to the value: arguments passed by
        // reference (`&str`, `&T`) are bound as they are, scalars passed by
        // value are borrowed.
        let by_value = matches!(
            p.expr.ty,
            TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean
        );
        let borrow = by_value.then(|| quote!(&));
        if p.required {
            checks.push(quote!({ let value = #borrow #arg; #block }));
        } else {
            checks.push(quote!(if let Some(value) = #borrow #arg { #block }));
        }
    }
    let body_only = checked_body.is_some() && checks.len() == 1;
    let validation = match checked_body {
        _ if checks.is_empty() => quote!(),
        Some(b) if body_only && b.required => quote!(http::check_body(body)?;),
        Some(_) if body_only => quote! {
            if let Some(body) = body {
                http::check_body(body)?;
            }
        },
        _ => {
            let sections = sections
                .iter()
                .map(|(wire, name)| quote!(let #name = root.key(#wire);));
            quote! {
                http::check_arguments(|root, out| {
                    #(#sections)*
                    #(#checks)*
                })?;
            }
        }
    };

    // The URL, with path parameters percent-encoded.
    let (path_template, path_args) = format_template(&op.path, |wire| {
        let p = path_params.iter().find(|p| p.wire_name == wire)?;
        let arg = ident(&p.rust_name);
        Some(if p.expr.ty == TypeRef::String {
            quote!(http::path_segment(#arg))
        } else {
            let text = argument_text(p, quote!(#arg));
            quote!(http::path_segment(&#text))
        })
    });
    let template = string_literal(&format!("{{}}{path_template}"));

    let method_name = string_literal(&op.method);
    let reqwest_method = format_ident!("{}", op.method);

    let params = op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
        .map(|p| {
            let arg = ident(&p.rust_name);
            let wire = string_literal(&p.wire_name);
            let value = if p.required {
                quote!(#arg)
            } else {
                quote!(value)
            };
            let text = argument_text(p, value);
            let apply = match p.location {
                ParameterLocation::Query => quote!(request = request.query(&[(#wire, #text)]);),
                _ => quote!(request = request.header(#wire, #text);),
            };
            if p.required {
                apply
            } else {
                quote!(if let Some(value) = #arg { #apply })
            }
        })
        .collect::<Vec<_>>();

    let send_body = body.map(|b| {
        let encode = match (b.sent, b.expr.ty == TypeRef::Bytes) {
            // The form writes its own boundary into the Content-Type.
            (MediaType::Multipart, _) => quote!(request = request.multipart(body);),
            (MediaType::Form, false) => quote! {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(http::form_body(body)?);
            },
            (MediaType::Json, false) => quote!(request = request.json(body);),
            _ => {
                let content_type = string_literal(&b.content_type);
                quote! {
                    request = request
                        .header(reqwest::header::CONTENT_TYPE, #content_type)
                        .body(body.to_vec());
                }
            }
        };
        if b.required {
            encode
        } else {
            quote!(if let Some(body) = body { #encode })
        }
    });

    let mutable = (!params.is_empty() || send_body.is_some()).then(|| quote!(mut));
    let new_request = quote!(self.http.request(reqwest::Method::#reqwest_method, &url));
    let new_request = auth.apply(model, op, new_request);
    let Decoding {
        result_type,
        decode,
        reads_response,
    } = responses(op);
    let sent = if reads_response {
        quote!(let response = http::send(request, #method_name, &url, SECRET_FIELDS).await?;)
    } else {
        quote!(http::send(request, #method_name, &url, SECRET_FIELDS).await?;)
    };
    // One argument per spec parameter keeps the call site a mirror of the
    // spec; clippy's limit (seven, `self` included) is not a design limit here.
    let many_arguments =
        (arguments.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    quote! {
        #docs
        #deprecated
        #many_arguments
        pub async fn #name(&self, #(#arguments),*) -> Result<#result_type, Error> {
            #validation
            let url = format!(#template, self.base_url #(, #path_args)*);
            let #mutable request = #new_request;
            #(#params)*
            #send_body
            #sent
            #decode
        }
    }
}

/// What the caller puts in a `multipart/form-data` body: the parts its
/// schema lists.
fn multipart_doc(body: &RequestBody) -> String {
    let mut text = "The body is `multipart/form-data`: build a [`crate::multipart::Form`]; the form sets the boundary.".to_owned();
    if !body.parts.is_empty() {
        text.push_str(" Its parts:\n");
    }
    for part in &body.parts {
        let kind = if part.binary {
            "a file (`Part::bytes`)"
        } else {
            "text"
        };
        let required = if part.required { ", required" } else { "" };
        let about = part
            .doc
            .as_deref()
            .map(|d| format!(": {}", visible_line(d)))
            .unwrap_or_default();
        text.push_str(&format!("\n- `{}`: {kind}{required}{about}", part.name));
    }
    text
}

/// The enum of documented outcomes, for operations that document several.
fn response_enum(op: &Operation) -> Option<TokenStream> {
    let name = ident(op.outcome_type.as_ref()?);
    let variants = op.responses.iter().map(|r| {
        let variant = status_variant(r);
        let docs = doc(Some(&format!(
            "Status {}{}",
            r.status,
            r.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
        )));
        let status_field = r.status.parse::<u16>().is_err();
        match (&r.body, status_field) {
            (Some(body), false) => {
                let ty = value_type(body);
                quote!(#docs #variant(#ty),)
            }
            (Some(body), true) => {
                let ty = value_type(body);
                quote!(#docs #variant { status: u16, body: #ty },)
            }
            (None, false) => quote!(#docs #variant,),
            (None, true) => quote!(#docs #variant { status: u16 },),
        }
    });
    let docs = doc(Some(&format!(
        "The documented outcomes of `{}`.",
        op.rust_name
    )));
    Some(quote! {
        #docs
        // A response is decoded once and matched at once; boxing the large
        // success body would only add an indirection to every match.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn status_variant(r: &Response) -> proc_macro2::Ident {
    ident(&status_variant_name(&r.status))
}

/// The outcome enum's variant for a status (`201` → `Created`); the API
/// surface names variants with it too.
pub(crate) fn status_variant_name(status: &str) -> String {
    match status {
        "200" => "Ok".to_owned(),
        "201" => "Created".to_owned(),
        "202" => "Accepted".to_owned(),
        "204" => "NoContent".to_owned(),
        "400" => "BadRequest".to_owned(),
        "401" => "Unauthorized".to_owned(),
        "403" => "Forbidden".to_owned(),
        "404" => "NotFound".to_owned(),
        "409" => "Conflict".to_owned(),
        "406" => "NotAcceptable".to_owned(),
        "412" => "PreconditionFailed".to_owned(),
        "422" => "UnprocessableEntity".to_owned(),
        "500" => "InternalServerError".to_owned(),
        "502" => "BadGateway".to_owned(),
        "503" => "ServiceUnavailable".to_owned(),
        "504" => "GatewayTimeout".to_owned(),
        "default" => "Other".to_owned(),
        other => format!("Status{other}"),
    }
}

/// How a method turns the raw response into its result.
struct Decoding {
    result_type: TokenStream,
    decode: TokenStream,
    /// Whether `decode` reads the response; it does not when any status
    /// is the one documented outcome and no body is read.
    reads_response: bool,
}

/// The method's return type and the code that turns a raw response into it.
fn responses(op: &Operation) -> Decoding {
    let enum_name = op.outcome_type.as_deref().map(ident);
    let several = enum_name.is_some();
    let mut arms = Vec::new();
    let mut fallback = quote!(Err(response.unexpected()));
    let mut fallback_reads = true;
    for r in &op.responses {
        let parse = r.body.as_ref().map(|body| match body.ty {
            TypeRef::Bytes => quote!(response.body),
            _ => quote!(response.decode()?),
        });
        let value = match (several, &parse) {
            (false, Some(parse)) => quote!(#parse),
            (false, None) => quote!(()),
            (true, _) => {
                let variant = status_variant(r);
                let numeric = r.status.parse::<u16>().is_ok();
                match (parse, numeric) {
                    (Some(parse), true) => quote!(#enum_name::#variant(#parse)),
                    (None, true) => quote!(#enum_name::#variant),
                    (Some(parse), false) => {
                        quote!(#enum_name::#variant { status: response.status, body: #parse })
                    }
                    (None, false) => quote!(#enum_name::#variant { status: response.status }),
                }
            }
        };
        let pattern = match r.status.as_str() {
            "default" => {
                fallback_reads = several || r.body.is_some();
                fallback = quote!(Ok(#value));
                continue;
            }
            status if status.ends_with("XX") => {
                let first: u16 = status[..1].parse().unwrap_or(0);
                let (low, high) = (
                    proc_macro2::Literal::u16_unsuffixed(first * 100),
                    proc_macro2::Literal::u16_unsuffixed(first * 100 + 99),
                );
                quote!(#low..=#high)
            }
            status => {
                let code = proc_macro2::Literal::u16_unsuffixed(status.parse().unwrap_or(0));
                quote!(#code)
            }
        };
        let is_range = r.status.ends_with("XX");
        arms.push((is_range, quote!(#pattern => Ok(#value),)));
    }
    // Exact codes must be tried before ranges that contain them.
    arms.sort_by_key(|(is_range, _)| *is_range);
    let arms: Vec<TokenStream> = arms.into_iter().map(|(_, arm)| arm).collect();
    let result_type = if let Some(enum_name) = &enum_name {
        quote!(#enum_name)
    } else {
        match op.responses.first().and_then(|r| r.body.as_ref()) {
            Some(body) => value_type(body),
            None => quote!(()),
        }
    };
    // With no documented status there is nothing to match on.
    let reads_response = !arms.is_empty() || fallback_reads;
    let decode = if arms.is_empty() {
        fallback
    } else {
        quote! {
            match response.status {
                #(#arms)*
                _ => #fallback,
            }
        }
    };
    Decoding {
        result_type,
        decode,
        reads_response,
    }
}
