//! Stage 3: the checked model (IR) of an API: named types and operations,
//! built from the front end ([`crate::front`]), never from the document.
//!
//! Everything the emitters need is here, already resolved: no `$ref` left
//! to follow, every name a valid, unique Rust identifier, every constraint
//! typed.

mod boxing;
mod build;
mod codes;
pub(crate) mod names;
mod operations;
mod pagination;
mod schema;
mod types;
mod webhooks;

pub use crate::formats::Format;
pub use build::{build_model, build_model_from, BuiltModel};
pub use names::{rust_field_name, rust_type_name};
pub(crate) use types::unusable_pattern;

/// One API, as the generator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiModel {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// How the provider signs its webhooks (`x-webhook-signature`), if it does.
    pub webhook_signature: Option<WebhookSignature>,
    /// Documented result codes of fields (`x-response-codes`).
    pub code_tables: Vec<CodeTable>,
}

/// The documented codes one field (or named schema) carries.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeTable {
    /// The snake-case name of the table (`payment_details_response_code`),
    /// unique among the API's tables.
    pub name: String,
    /// Where the codes sit, in Rust terms (`PaymentDetails.response_code`).
    pub place: String,
    /// The schema carrying the extension.
    pub pointer: String,
    /// The codes are strings (else integers).
    pub text_codes: bool,
    /// In the spec's order.
    pub entries: Vec<CodeEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CodeEntry {
    pub code: CodeKey,
    pub outcome: CodeOutcome,
    pub meaning: String,
    /// Where the fact comes from, as the spec says.
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CodeKey {
    Integer(i64),
    /// Every code from the first to the last, both included.
    Range(i64, i64),
    Text(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeOutcome {
    Approved,
    Declined,
    /// The payment may or may not have gone through.
    Unclear,
    Error,
}

impl ApiModel {
    /// The security schemes a request of `op` carries: those of its first
    /// requirement that the spec defines.
    pub fn applied_schemes<'m>(
        &'m self,
        op: &'m Operation,
    ) -> impl Iterator<Item = &'m SecurityScheme> + 'm {
        op.security
            .first()
            .into_iter()
            .flatten()
            .filter_map(|key| self.security_schemes.iter().find(|s| &s.key == key))
    }

    /// Whether some operation lists more than one security requirement
    /// (alternatives, `{}` among them), so the client's credentials are
    /// each optional.
    pub fn has_security_alternatives(&self) -> bool {
        self.operations.iter().any(|op| op.security.len() > 1)
    }

    /// Whether any operation sends a `multipart/form-data` body, so the
    /// crate needs the HTTP library's multipart support.
    pub fn sends_multipart(&self) -> bool {
        self.operations
            .iter()
            .filter_map(|op| op.body.as_ref())
            .any(|body| body.sent == MediaType::Multipart)
    }

    /// Whether any operation sends credentials, so the client needs them.
    pub fn takes_credentials(&self) -> bool {
        self.operations.iter().any(|op| {
            op.security
                .iter()
                .flatten()
                .any(|key| self.security_schemes.iter().any(|s| &s.key == key))
        })
    }
}

/// A provider's webhook signing scheme: the signature of the raw body sits
/// in one header.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSignature {
    pub header: String,
    pub algorithm: SignatureAlgorithm,
    pub encoding: SignatureEncoding,
    /// The named type of the webhook body, when the spec names one.
    pub payload: Option<String>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    HmacSha256,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Hexadecimal, written in lowercase.
    Hex,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// `x-server-name`, else derived from the description, else `server{n}`.
    pub name: String,
    /// The URL template, `{name}` where a variable goes.
    pub url: String,
    pub description: Option<String>,
    /// The template's variables, in the order the spec lists them.
    pub variables: Vec<ServerVariable>,
}

/// A `{name}` in a server URL: the caller picks its value, the spec gives
/// the default and, when it lists them, the values allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub wire_name: String,
    pub rust_name: String,
    pub default: String,
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key in `components.securitySchemes`.
    pub key: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub kind: SecurityKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// An API key sent as the named header.
    ApiKeyHeader {
        header: String,
    },
    /// An API key sent as the named query parameter.
    ApiKeyQuery {
        parameter: String,
    },
    /// An API key sent in the `Cookie` header, as `name=value`.
    ApiKeyCookie {
        name: String,
    },
    HttpBasic,
    /// HTTP bearer; also OAuth 2 and OpenID Connect, whose token the
    /// caller obtains from the flow the spec describes and passes in.
    HttpBearer,
    /// Any other HTTP scheme (`Digest`, ...): `Authorization: <scheme>
    /// <credentials>`, the credentials as the caller gives them.
    HttpOther {
        scheme: String,
    },
}

/// A named Rust type to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// The spec node this type comes from (for messages and the diff).
    pub pointer: String,
    pub doc: Option<String>,
    /// The schema marks the whole type secret (`format: password`,
    /// `x-sensitive: true`, on it or on a schema it sits inside): its
    /// `Debug` and its violations show masked values.
    pub sensitive: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; parsing keeps unknown values (see `Unknown(String)`).
    StringEnum(Vec<EnumValue>),
    /// `oneOf`/`anyOf`.
    Union(Union),
    /// A named non-object schema (`type: string` with limits, say).
    Newtype(TypeExpr),
    /// A component that is only a `$ref` to another named type.
    Alias(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to declared properties.
    pub additional: Option<TypeExpr>,
    /// `minProperties`/`maxProperties`: limits on how many properties
    /// (declared and additional) an object has.
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    /// The property's schema node in the spec.
    pub pointer: String,
    pub rust_name: String,
    pub doc: Option<String>,
    pub required: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    /// Set by the boxing pass when the field's type contains this struct.
    pub boxed: bool,
    pub expr: TypeExpr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire: String,
    pub rust_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<Variant>,
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub rust_name: String,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Set by the boxing pass: the member contains this union, or is so
    /// much larger than the others that every value would pay for it.
    pub boxed: bool,
    pub expr: TypeExpr,
}

/// A use of a type, with the limits and flags of the place it is used.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub ty: TypeRef,
    pub nullable: bool,
    /// Secret: masked in `Debug` and in every report. Set when this use,
    /// the schema it refers to, or any schema it sits inside (an object,
    /// an array, a map, an `allOf`/`oneOf`) is marked `format: password` or
    /// `x-sensitive: true`.
    pub sensitive: bool,
    pub constraints: Constraints,
}

impl TypeExpr {
    /// Whether `null` is a value the Rust type must hold: `nullable`,
    /// except on an untyped value, whose `serde_json::Value` has `null`.
    pub fn admits_null(&self) -> bool {
        self.nullable && self.ty != TypeRef::Any
    }

    /// Secret itself, or holds secrets as array items or map values.
    /// (A named type that holds secrets masks them in its own `Debug`.)
    pub fn holds_secret(&self) -> bool {
        self.sensitive
            || match &self.ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => inner.holds_secret(),
                _ => false,
            }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(String),
    String,
    Integer(IntegerFormat),
    Number(NumberFormat),
    Boolean,
    Array(Box<TypeExpr>),
    /// `additionalProperties` alone: a JSON object with free keys.
    Map(Box<TypeExpr>),
    /// Any JSON value.
    Any,
    /// A body in a media type other than JSON or a form (`text/plain`,
    /// `multipart/form-data`, XML, `*/*`): the bytes as sent, with the
    /// content type kept. Only ever a whole body.
    Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerFormat {
    Int32,
    Int64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    Float,
    Double,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// On maps; a struct keeps its own (see [`Struct`]).
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// A string `format` both validators check.
    pub format: Option<Format>,
    /// `enum` on a non-string schema (string enums become [`TypeKind::StringEnum`]).
    pub allowed: Vec<serde_json::Value>,
}

impl Constraints {
    /// No limits at all, usable in `const` and `static` items.
    pub const NONE: Constraints = Constraints {
        max_length: None,
        min_length: None,
        pattern: None,
        minimum: None,
        maximum: None,
        multiple_of: None,
        min_items: None,
        max_items: None,
        unique_items: false,
        min_properties: None,
        max_properties: None,
        format: None,
        allowed: Vec::new(),
    };

    pub fn is_empty(&self) -> bool {
        *self == Self::NONE
    }
}

pub use crate::front::Bound;

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    pub rust_name: String,
    pub method: String,
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// The enum of outcomes, for operations that document several responses.
    pub outcome_type: Option<String>,
    /// Alternatives; each alternative names schemes that apply together.
    pub security: Vec<Vec<String>>,
    pub callbacks: Vec<Callback>,
    /// How to walk every page of a list (`x-pagination`), if it is one.
    pub pagination: Option<Pagination>,
}

/// A list operation's pages (`x-pagination`): the walker asks for one page
/// after another with every other argument unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PageStyle,
    /// The body property holding the page's items; an empty page ends the walk.
    pub items: PageField,
    /// The success status whose body is a page.
    pub status: String,
    /// The struct of the arguments kept for every page (`ListPaymentsQuery`).
    pub query_type: String,
    /// The walker (`ListPaymentsPages`).
    pub pages_type: String,
    /// The client method that starts a walk (`list_payments_pages`).
    pub method: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageStyle {
    /// Numbered pages: `parameter` is `first`, `first + 1`, ... The walk
    /// also stops at the page `last_page` names, and once the items seen
    /// reach `total`.
    Number {
        /// The Rust name of the integer query parameter.
        parameter: String,
        first: i64,
        last_page: Option<PageField>,
        total: Option<PageField>,
    },
    /// Each page names the cursor of the next in `next_cursor`; the walk
    /// stops when there is none (or it repeats), or `has_more` is false.
    Cursor {
        /// The Rust name of the string query parameter.
        parameter: String,
        next_cursor: PageField,
        has_more: Option<PageField>,
    },
}

/// A property of the page's body the walker reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    pub wire_name: String,
    pub rust_name: String,
    /// How many `Option`s wrap the value in the struct: 0 required, 1
    /// optional or nullable, 2 both (see `emit::field_type`).
    pub options: u8,
    pub boxed: bool,
    /// An `int32` integer, widened to `i64` where it is compared.
    pub int32: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub wire_name: String,
    /// The parameter object in the spec.
    pub pointer: String,
    pub rust_name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub doc: Option<String>,
    pub expr: TypeExpr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MediaType {
    Json,
    Form,
    /// `multipart/form-data`: the caller builds the parts, the HTTP
    /// library writes them with a boundary of its own and names it in the
    /// `Content-Type`. A response in it is bytes.
    Multipart,
    /// Anything else, sent and received as bytes ([`TypeRef::Bytes`]).
    Other,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Json => "application/json",
            MediaType::Form => "application/x-www-form-urlencoded",
            MediaType::Multipart => "multipart/form-data",
            MediaType::Other => "application/octet-stream",
        }
    }
}

/// A part of a `multipart/form-data` body, from its schema's properties:
/// what the method's documentation tells the caller to put in the form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    pub name: String,
    pub required: bool,
    /// `format: binary` (or `byte`): a file's content, not text.
    pub binary: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub pointer: String,
    pub required: bool,
    pub doc: Option<String>,
    /// In the spec's order.
    pub media_types: Vec<MediaType>,
    /// What the client sends: the first JSON or form media type the spec
    /// lists, else the first other one, as bytes.
    pub sent: MediaType,
    /// The content type of what is sent, as the spec writes it.
    pub content_type: String,
    /// The parts of a `multipart/form-data` body, when its schema is an
    /// object with properties.
    pub parts: Vec<FormPart>,
    pub expr: TypeExpr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: String,
    pub pointer: String,
    pub doc: Option<String>,
    pub media_type: Option<MediaType>,
    pub body: Option<TypeExpr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub name: String,
    pub expression: String,
    pub method: String,
    pub body: Option<TypeExpr>,
}
