//! The catalogue of changes: every rule id the diff can report, its level
//! (from the one table in [`super::levels`]), and the sentence that tells
//! a client developer why it matters.
//!
//! Ids are oasdiff's wherever it has the rule, so people who know one
//! tool can read the other. A rule has exactly one level: where the same
//! edit matters differently in a request and in a response, the two are
//! different rules (`request-...` and `response-...`).
//!
//! Schema rules form a family, `{request|response}-{subject}-{change}`:
//! the subject is `body` (a body's own schema), `property` (inside a
//! body), `parameter` (a parameter's schema) or `header` (a response
//! header's), and the change is one of [`SchemaChange`].

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use super::levels;

/// How much a change can hurt existing clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Safe for existing clients.
    Info,
    /// May break some clients, depending on how they use the API.
    Warning,
    /// Breaks existing clients.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours width and alignment (`{:<7}` in the text report).
        f.pad(self.as_str())
    }
}

/// Which way data flows: what the client sends, or what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// One entry of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: Cow<'static, str>,
    pub level: Level,
    /// One sentence: what this does to a client.
    pub why: &'static str,
}

impl Rule {
    /// The rule `id`, at the level the table gives it.
    pub fn new(id: impl Into<Cow<'static, str>>, why: &'static str) -> Rule {
        let id = id.into();
        Rule {
            level: levels::level_of(&id),
            id,
            why,
        }
    }
}

/// A rule that is not part of the schema family: id and reason.
pub type Fixed = (&'static str, &'static str);

/// The rule for a fixed id.
pub fn fixed((id, why): Fixed) -> Rule {
    Rule::new(id, why)
}

macro_rules! fixed_rules {
    ($($name:ident = $id:literal, $why:literal;)*) => {
        $(pub const $name: Fixed = ($id, $why);)*
        /// Every fixed (non-family) rule, for the documentation and the tests.
        pub const FIXED: &[Fixed] = &[$($name),*];
    };
}

fixed_rules! {
    // Operations and paths.
    ENDPOINT_ADDED = "endpoint-added", "A new operation: existing clients are unaffected.";
    API_PATH_REMOVED_WITHOUT_DEPRECATION = "api-path-removed-without-deprecation", "Clients that call it get errors, without the warning a deprecation would have given.";
    API_REMOVED_WITHOUT_DEPRECATION = "api-removed-without-deprecation", "Clients that call it get errors, without the warning a deprecation would have given.";
    API_PATH_REMOVED_WITH_DEPRECATION = "api-path-removed-with-deprecation", "It was deprecated, so clients were warned; any that still call it now get errors.";
    API_REMOVED_WITH_DEPRECATION = "api-removed-with-deprecation", "It was deprecated, so clients were warned; any that still call it now get errors.";
    ENDPOINT_DEPRECATED = "endpoint-deprecated", "It still works; callers are warned so they can migrate before it goes.";
    ENDPOINT_DEPRECATED_WITH_SUNSET = "endpoint-deprecated-with-sunset", "It still works until the sunset date; callers are warned so they can migrate before it goes.";
    ENDPOINT_REACTIVATED = "endpoint-reactivated", "The deprecation is withdrawn; nothing changes for callers.";
    API_REMOVED_BEFORE_SUNSET = "api-removed-before-sunset", "The deprecation promised it would work until its sunset date; clients planning by that date break early.";
    API_PATH_REMOVED_BEFORE_SUNSET = "api-path-removed-before-sunset", "The deprecation promised it would work until its sunset date; clients planning by that date break early.";
    API_PATH_SUNSET_PARSE = "api-path-sunset-parse", "The sunset is not a date, so clients cannot tell how long the operation keeps working.";
    API_DEPRECATED_SUNSET_PARSE = "api-deprecated-sunset-parse", "The sunset is not a date, so clients cannot tell how long the operation keeps working.";
    API_SUNSET_DATE_TOO_SMALL = "api-sunset-date-too-small", "The sunset has already passed: the deprecation gives clients no time to migrate.";
    API_SUNSET_DATE_CHANGED_TOO_SMALL = "api-sunset-date-changed-too-small", "The sunset moved earlier, to a day that has passed: clients planning by the old date have no time left.";
    SUNSET_DELETED = "sunset-deleted", "The operation is still deprecated but no longer says until when it works.";
    API_INVALID_STABILITY_LEVEL = "api-invalid-stability-level", "x-stability-level is not draft, alpha, beta or stable, so what the operation promises is unknown.";
    API_STABILITY_DECREASED = "api-stability-decreased", "The operation promises less than before: clients relying on its stability may see breaking changes without notice.";
    API_STABILITY_INCREASED = "api-stability-increased", "The operation promises more than before; nothing changes for callers.";
    API_OPERATION_ID_ADDED = "api-operation-id-added", "The HTTP call is unchanged; generated clients gain a method name.";
    API_OPERATION_ID_REMOVED = "api-operation-id-removed", "The HTTP call is unchanged; generated clients name the method differently.";
    REQUEST_PATH_PARAM_RENAMED = "request-path-param-renamed", "Only the name in the path template changed: clients build the same URL.";
    API_SCHEMA_REMOVED = "api-schema-removed", "A component schema is gone; the operations that used it report their own changes.";

    // Parameters.
    NEW_REQUIRED_REQUEST_PARAMETER = "new-required-request-parameter", "Existing clients do not send it, so the server rejects their requests.";
    NEW_OPTIONAL_REQUEST_PARAMETER = "new-optional-request-parameter", "Clients may send it; requests without it still work.";
    REQUEST_PARAMETER_REMOVED = "request-parameter-removed", "Old clients still send it and the server may ignore or reject it.";
    REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION = "request-parameter-removed-with-deprecation", "It was deprecated, so clients were warned; the server may ignore or reject it now.";
    REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET = "request-parameter-removed-before-sunset", "The deprecation promised it would be accepted until its sunset date; clients still sending it break early.";
    REQUEST_PARAMETER_SUNSET_PARSE = "request-parameter-sunset-parse", "The sunset is not a date, so clients cannot tell how long the parameter is accepted.";
    REQUEST_PARAMETER_SUNSET_DATE_TOO_SMALL = "request-parameter-sunset-date-too-small", "The sunset has already passed: the deprecation gives clients no time to stop sending it.";
    REQUEST_PARAMETER_SUNSET_DELETED = "request-parameter-sunset-deleted", "The parameter is still deprecated but no longer says until when it is accepted.";
    REQUEST_PARAMETER_SUNSET_DATE_CHANGED_TOO_SMALL = "request-parameter-sunset-date-changed-too-small", "The sunset moved earlier, to a day that has passed: clients planning by the old date have no time left.";
    REQUEST_PARAMETER_BECAME_REQUIRED = "request-parameter-became-required", "Clients that omit it are now rejected.";
    REQUEST_PARAMETER_BECAME_OPTIONAL = "request-parameter-became-optional", "Clients may now omit it; requests that send it still work.";
    REQUEST_PARAMETER_DEPRECATED = "request-parameter-deprecated", "It still works; clients are warned to stop sending it.";
    REQUEST_PARAMETER_REACTIVATED = "request-parameter-reactivated", "The deprecation is withdrawn; nothing changes for callers.";
    REQUEST_PARAMETER_STYLE_CHANGED = "request-parameter-style-changed", "Clients serialize the value the old way, which the server no longer parses.";
    REQUEST_PARAMETER_EXPLODE_CHANGED = "request-parameter-explode-changed", "Clients serialize arrays and objects the old way, which the server no longer parses.";

    // Request bodies.
    REQUEST_BODY_ADDED_REQUIRED = "request-body-added-required", "Existing clients send no body, so the server rejects their requests.";
    REQUEST_BODY_ADDED_OPTIONAL = "request-body-added-optional", "Clients may send a body; requests without one still work.";
    REQUEST_BODY_REMOVED = "request-body-removed", "Clients still send a body that the server no longer documents, and may reject.";
    REQUEST_BODY_BECAME_REQUIRED = "request-body-became-required", "Clients that call without a body are now rejected.";
    REQUEST_BODY_BECAME_OPTIONAL = "request-body-became-optional", "Clients may now omit the body; requests that send one still work.";
    REQUEST_BODY_MEDIA_TYPE_REMOVED = "request-body-media-type-removed", "Clients that send the body in this format are rejected.";
    REQUEST_BODY_MEDIA_TYPE_ADDED = "request-body-media-type-added", "Clients may also send the body in this format; the old formats still work.";
    REQUEST_BODY_MEDIA_TYPE_SCHEMA_ADDED = "request-body-media-type-schema-added", "A body that could be anything must now fit a schema; what clients send may be rejected.";
    REQUEST_BODY_MEDIA_TYPE_SCHEMA_REMOVED = "request-body-media-type-schema-removed", "The body may now be anything; what clients send is still accepted.";

    // Properties.
    NEW_REQUIRED_REQUEST_PROPERTY = "new-required-request-property", "Existing clients do not send it, so the server rejects their requests.";
    NEW_REQUIRED_REQUEST_PROPERTY_WITH_DEFAULT = "new-required-request-property-with-default", "Existing clients do not send it, and `required` rejects the request although a default is documented.";
    NEW_OPTIONAL_REQUEST_PROPERTY = "new-optional-request-property", "Clients may send it; requests without it still work.";
    REQUEST_PROPERTY_REMOVED = "request-property-removed", "Old clients still send it and the server may ignore or reject it.";
    REQUEST_PROPERTY_BECAME_REQUIRED = "request-property-became-required", "Clients that omit it are now rejected.";
    REQUEST_PROPERTY_BECAME_REQUIRED_WITH_DEFAULT = "request-property-became-required-with-default", "Clients that omit it are now rejected; the default documents what the server assumes, not that it may be left out.";
    REQUEST_PROPERTY_BECAME_OPTIONAL = "request-property-became-optional", "Clients may now omit it; requests that send it still work.";
    REQUEST_PROPERTY_DEPRECATED = "request-property-deprecated", "It still works; clients are warned to stop sending it.";
    REQUEST_PROPERTY_REACTIVATED = "request-property-reactivated", "The deprecation is withdrawn; nothing changes for callers.";
    REQUEST_PROPERTY_DEPRECATED_WITH_SUNSET = "request-property-deprecated-with-sunset", "It is still accepted until the sunset date; clients are warned to stop sending it.";
    REQUEST_PROPERTY_DEPRECATED_SUNSET_INVALID = "request-property-deprecated-sunset-invalid", "The sunset is not a date, so clients cannot tell how long the property is accepted.";
    REQUEST_PROPERTY_SUNSET_DATE_TOO_SMALL = "request-property-sunset-date-too-small", "The sunset has already passed: the deprecation gives clients no time to stop sending it.";
    REQUEST_PROPERTY_STABILITY_DECREASED = "request-property-stability-decreased", "The property promises less than before: what the server accepts in it may change without notice.";
    REQUEST_PROPERTY_STABILITY_INCREASED = "request-property-stability-increased", "The property promises more than before; nothing changes for callers.";
    RESPONSE_REQUIRED_PROPERTY_REMOVED = "response-required-property-removed", "Clients read it unconditionally and fail without it.";
    RESPONSE_OPTIONAL_PROPERTY_REMOVED = "response-optional-property-removed", "Clients that use it stop getting it.";
    RESPONSE_REQUIRED_PROPERTY_ADDED = "response-required-property-added", "Clients get more data; those that ignore unknown properties are unaffected.";
    RESPONSE_OPTIONAL_PROPERTY_ADDED = "response-optional-property-added", "Clients may get more data; those that ignore unknown properties are unaffected.";
    RESPONSE_PROPERTY_BECAME_OPTIONAL = "response-property-became-optional", "Clients that read it unconditionally can now miss it.";
    RESPONSE_PROPERTY_BECAME_REQUIRED = "response-property-became-required", "The server now always sends it; clients that handled its absence keep working.";
    RESPONSE_PROPERTY_DEPRECATED = "response-property-deprecated", "It is still sent for now; clients are warned to stop relying on it.";
    RESPONSE_PROPERTY_REACTIVATED = "response-property-reactivated", "The deprecation is withdrawn; nothing changes for clients.";
    RESPONSE_PROPERTY_DEPRECATED_WITH_SUNSET = "response-property-deprecated-with-sunset", "It is still sent until the sunset date; clients are warned to stop relying on it.";
    RESPONSE_PROPERTY_DEPRECATED_SUNSET_INVALID = "response-property-deprecated-sunset-invalid", "The sunset is not a date, so clients cannot tell how long the property is sent.";
    RESPONSE_PROPERTY_SUNSET_DATE_TOO_SMALL = "response-property-sunset-date-too-small", "The sunset has already passed: the deprecation gives clients no time to stop relying on it.";
    RESPONSE_PROPERTY_STABILITY_DECREASED = "response-property-stability-decreased", "The property promises less than before: what the server sends in it may change without notice.";
    RESPONSE_PROPERTY_STABILITY_INCREASED = "response-property-stability-increased", "The property promises more than before; nothing changes for clients.";
    REQUEST_REQUIRED_PROPERTY_BECAME_READ_ONLY = "request-required-property-became-read-only", "The server now ignores it in requests; clients may stop sending it.";
    REQUEST_OPTIONAL_PROPERTY_BECAME_READ_ONLY = "request-optional-property-became-read-only", "The server now ignores it in requests; clients may stop sending it.";
    REQUEST_REQUIRED_PROPERTY_BECAME_NOT_READ_ONLY = "request-required-property-became-not-read-only", "Clients may now send it.";
    REQUEST_OPTIONAL_PROPERTY_BECAME_NOT_READ_ONLY = "request-optional-property-became-not-read-only", "Clients may now send it.";
    REQUEST_REQUIRED_PROPERTY_BECAME_WRITE_ONLY = "request-required-property-became-write-only", "Clients still send it; it is no longer returned.";
    REQUEST_OPTIONAL_PROPERTY_BECAME_WRITE_ONLY = "request-optional-property-became-write-only", "Clients still send it; it is no longer returned.";
    REQUEST_REQUIRED_PROPERTY_BECAME_NOT_WRITE_ONLY = "request-required-property-became-not-write-only", "Clients still send it; it may now be returned too.";
    REQUEST_OPTIONAL_PROPERTY_BECAME_NOT_WRITE_ONLY = "request-optional-property-became-not-write-only", "Clients still send it; it may now be returned too.";
    RESPONSE_REQUIRED_PROPERTY_BECAME_READ_ONLY = "response-required-property-became-read-only", "Clients still read it.";
    RESPONSE_OPTIONAL_PROPERTY_BECAME_READ_ONLY = "response-optional-property-became-read-only", "Clients still read it.";
    RESPONSE_REQUIRED_PROPERTY_BECAME_NOT_READ_ONLY = "response-required-property-became-not-read-only", "Clients still read it; they may now send it too.";
    RESPONSE_OPTIONAL_PROPERTY_BECAME_NOT_READ_ONLY = "response-optional-property-became-not-read-only", "Clients still read it; they may now send it too.";
    RESPONSE_REQUIRED_PROPERTY_BECAME_WRITE_ONLY = "response-required-property-became-write-only", "The server stops returning it; clients that read it lose it.";
    RESPONSE_OPTIONAL_PROPERTY_BECAME_WRITE_ONLY = "response-optional-property-became-write-only", "The server stops returning it; clients that read it lose it.";
    RESPONSE_REQUIRED_PROPERTY_BECAME_NOT_WRITE_ONLY = "response-required-property-became-not-write-only", "A property clients never read is now returned, and required in responses.";
    RESPONSE_OPTIONAL_PROPERTY_BECAME_NOT_WRITE_ONLY = "response-optional-property-became-not-write-only", "A property clients never read may now be returned.";

    // Responses.
    RESPONSE_SUCCESS_STATUS_REMOVED = "response-success-status-removed", "Clients that expect this success status, and decode its body, no longer get it.";
    RESPONSE_NON_SUCCESS_STATUS_REMOVED = "response-non-success-status-removed", "The server no longer documents this outcome; clients that handle it keep working.";
    RESPONSE_SUCCESS_STATUS_ADDED = "response-success-status-added", "A further documented outcome; clients should treat unknown statuses as unexpected.";
    RESPONSE_NON_SUCCESS_STATUS_ADDED = "response-non-success-status-added", "A further documented error outcome; clients already have to handle unexpected statuses.";
    RESPONSE_MEDIA_TYPE_REMOVED = "response-media-type-removed", "Clients that parse the body in this format can no longer read the response.";
    RESPONSE_MEDIA_TYPE_ADDED = "response-media-type-added", "The response may now carry a body in this format; clients that ignore it keep working.";
    RESPONSE_MEDIA_TYPE_NAME_CHANGED = "response-media-type-name-changed", "Only the media type's parameters changed (a charset, a quality); the body is read as before.";
    RESPONSE_MEDIA_TYPE_NAME_GENERALIZED = "response-media-type-name-generalized", "The server may now send bodies of the more general type, which clients written for the specific one may not parse.";
    RESPONSE_MEDIA_TYPE_NAME_SPECIALIZED = "response-media-type-name-specialized", "The server sends a more specific type, which clients of the general one still parse.";
    RESPONSE_BODY_MEDIA_TYPE_SCHEMA_ADDED = "response-body-media-type-schema-added", "The body now has a documented shape; clients that took anything still do.";
    RESPONSE_BODY_MEDIA_TYPE_SCHEMA_REMOVED = "response-body-media-type-schema-removed", "The body may now be anything; clients that rely on its shape may fail.";
    RESPONSE_HEADER_ADDED = "response-header-added", "Clients may read a further header; those that ignore it are unaffected.";
    REQUIRED_RESPONSE_HEADER_REMOVED = "required-response-header-removed", "Clients read it unconditionally and fail without it.";
    OPTIONAL_RESPONSE_HEADER_REMOVED = "optional-response-header-removed", "Clients that use it stop getting it.";
    RESPONSE_HEADER_BECAME_OPTIONAL = "response-header-became-optional", "Clients that read it unconditionally can now miss it.";

    // Security.
    API_SECURITY_REMOVED = "api-security-removed", "Clients that authenticate this way are now rejected and must switch to one of the remaining schemes.";
    API_SECURITY_ADDED = "api-security-added", "A further way to authenticate; existing credentials still work.";
    API_SECURITY_SCOPE_ADDED = "api-security-scope-added", "Tokens without the new scope are now rejected.";
    API_SECURITY_SCOPE_REMOVED = "api-security-scope-removed", "The operation asks for less; existing tokens still work.";
    API_GLOBAL_SECURITY_REMOVED = "api-global-security-removed", "Clients that authenticate this way are now rejected wherever the document's security applies.";
    API_GLOBAL_SECURITY_ADDED = "api-global-security-added", "A further way to authenticate wherever the document's security applies.";
    API_GLOBAL_SECURITY_SCOPE_ADDED = "api-global-security-scope-added", "Tokens without the new scope are now rejected wherever the document's security applies.";
    API_GLOBAL_SECURITY_SCOPE_REMOVED = "api-global-security-scope-removed", "The API asks for less; existing tokens still work.";
    API_AUTHENTICATION_NOW_REQUIRED = "api-authentication-now-required", "The operation needed no credentials before; clients that send none are now rejected.";
    API_AUTHENTICATION_NO_LONGER_REQUIRED = "api-authentication-no-longer-required", "The operation no longer needs credentials; clients that still send them keep working.";
    API_SECURITY_COMPONENT_ADDED = "api-security-component-added", "A new security scheme is defined; nothing uses it until a requirement names it.";
    API_SECURITY_COMPONENT_REMOVED = "api-security-component-removed", "A security scheme is gone; the requirements that named it report their own changes.";
    API_SECURITY_COMPONENT_TYPE_CHANGED = "api-security-component-type-changed", "Clients configured for the old kind of credential must be reconfigured.";
    API_SECURITY_COMPONENT_OAUTH_URL_CHANGED = "api-security-component-oauth-url-changed", "Clients that start the OAuth flow at the old URL must follow the new one.";
    API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED = "api-security-component-oauth-token-url-changed", "Clients that fetch tokens from the old URL must follow the new one.";
    API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED = "api-security-component-oauth-scope-added", "A further scope is offered.";
    API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED = "api-security-component-oauth-scope-removed", "A scope is no longer offered; clients that ask for it may be refused.";

    // Servers.
    API_SERVER_ADDED = "api-server-added", "A further base URL; existing clients are unaffected.";
    API_SERVER_REMOVED = "api-server-removed", "Clients configured with this base URL stop reaching the API.";
    API_SERVER_VARIABLE_ENUM_VALUE_REMOVED = "api-server-variable-enum-value-removed", "Clients configured with this value stop reaching the API.";
    API_SERVER_VARIABLE_DEFAULT_CHANGED = "api-server-variable-default-changed", "Clients that rely on the default now reach another server.";
}

/// What a schema rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A property inside a body (any depth).
    Property,
    /// A parameter's schema, or its array items.
    Parameter,
    /// A property of an object parameter's schema (any depth).
    ParameterProperty,
    /// A body's own schema.
    Body,
    /// A response header's schema.
    Header,
}

impl Subject {
    fn as_str(self) -> &'static str {
        match self {
            Subject::Property => "property",
            Subject::Parameter => "parameter",
            Subject::ParameterProperty => "parameter-property",
            Subject::Body => "body",
            Subject::Header => "header",
        }
    }

    fn all() -> [Subject; 5] {
        [
            Subject::Property,
            Subject::Parameter,
            Subject::ParameterProperty,
            Subject::Body,
            Subject::Header,
        ]
    }
}

/// A numeric limit on a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    MaxLength,
    MinLength,
    Max,
    Min,
    MaxItems,
    MinItems,
    MaxProperties,
    MinProperties,
}

impl Limit {
    pub const ALL: [Limit; 8] = [
        Limit::MaxLength,
        Limit::MinLength,
        Limit::Max,
        Limit::Min,
        Limit::MaxItems,
        Limit::MinItems,
        Limit::MaxProperties,
        Limit::MinProperties,
    ];

    fn id(self) -> &'static str {
        match self {
            Limit::MaxLength => "max-length",
            Limit::MinLength => "min-length",
            Limit::Max => "max",
            Limit::Min => "min",
            Limit::MaxItems => "max-items",
            Limit::MinItems => "min-items",
            Limit::MaxProperties => "max-properties",
            Limit::MinProperties => "min-properties",
        }
    }

    /// The schema keyword, as people read it in the spec.
    pub fn keyword(self) -> &'static str {
        match self {
            Limit::MaxLength => "maxLength",
            Limit::MinLength => "minLength",
            Limit::Max => "maximum",
            Limit::Min => "minimum",
            Limit::MaxItems => "maxItems",
            Limit::MinItems => "minItems",
            Limit::MaxProperties => "maxProperties",
            Limit::MinProperties => "minProperties",
        }
    }

    /// Upper limits tighten when they go down, lower limits when they go up.
    pub fn is_upper(self) -> bool {
        matches!(
            self,
            Limit::MaxLength | Limit::Max | Limit::MaxItems | Limit::MaxProperties
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    Decreased,
    Increased,
    Set,
    Unset,
}

impl Movement {
    pub const ALL: [Movement; 4] = [
        Movement::Decreased,
        Movement::Increased,
        Movement::Set,
        Movement::Unset,
    ];

    fn id(self) -> &'static str {
        match self {
            Movement::Decreased => "decreased",
            Movement::Increased => "increased",
            Movement::Set => "set",
            Movement::Unset => "unset",
        }
    }
}

/// A change to a schema, wherever the schema is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaChange {
    /// The new type or format accepts values the old did not, and not all old ones.
    TypeChanged,
    /// The new type admits every old value (integer → number, a format dropped).
    TypeGeneralized,
    /// The new type admits only old values (number → integer).
    TypeSpecialized,
    BecameNullable,
    BecameNotNullable,
    BecameEnum,
    EnumUnset,
    EnumValueAdded,
    EnumValueRemoved,
    /// A value left out of `x-extensible-enum`: the values known today,
    /// with others allowed later. Senders of the value may be refused.
    ExtensibleEnumValueRemoved,
    OneOfAdded,
    OneOfRemoved,
    AnyOfAdded,
    AnyOfRemoved,
    AllOfAdded,
    AllOfRemoved,
    /// An `allOf` member that only annotates (a description, a title):
    /// what is valid does not change.
    AllOfAddedAnnotationOnly,
    AllOfRemovedAnnotationOnly,
    /// The types a value may have, written as one `type` or as a
    /// `oneOf`/`anyOf` of single-type schemas: some were removed.
    ListOfTypesNarrowed,
    /// ... some were added.
    ListOfTypesWidened,
    /// An object's properties moved into the alternatives of a `oneOf`.
    WrappedInOneOf,
    DiscriminatorAdded,
    DiscriminatorRemoved,
    DiscriminatorPropertyNameChanged,
    DiscriminatorMappingAdded,
    DiscriminatorMappingDeleted,
    DiscriminatorMappingChanged,
    Limit(Limit, Movement),
    PatternAdded,
    PatternRemoved,
    PatternChanged,
    MultipleOfSet,
    MultipleOfUnset,
    MultipleOfChanged,
    UniqueItemsSet,
    UniqueItemsUnset,
    AdditionalPropertiesForbidden,
    AdditionalPropertiesAllowed,
    DefaultValueAdded,
    DefaultValueRemoved,
    DefaultValueChanged,
}

/// Which values a change lets through, which decides the project's level
/// for ids oasdiff does not have (see [`super::levels`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Effect {
    /// Values valid before are not any more.
    Narrows,
    /// A limit where there was none: old values may or may not fit.
    Bounds,
    /// Every value valid before still is, and more are.
    Widens,
    /// Some old values may be rejected and some new ones appear.
    Shifts,
    /// Documentation only: no value changes validity.
    Annotates,
}

// Why a schema change matters, by effect and direction.
const NARROWER_REQUEST: &str = "Values that were valid before are now rejected.";
const BOUNDED_REQUEST: &str =
    "A limit where there was none: values clients send beyond it are now rejected.";
const WIDER_REQUEST: &str = "Every value that was valid before still is.";
const SHIFTED_REQUEST: &str =
    "Some values that were valid before may now be rejected; check what your clients send.";
const NARROWER_RESPONSE: &str =
    "The server promises a narrower set of values; clients handle them as before.";
const WIDER_RESPONSE: &str = "Clients may rely on the old bound (column sizes, parsers, their own checks) and can now receive values outside it.";
const SHIFTED_RESPONSE: &str =
    "The server may send values that clients' own checks, written for the old rule, reject.";
const ANNOTATION: &str = "Documentation of the value changed; what is valid did not.";

impl SchemaChange {
    /// Every variant, for the catalogue.
    pub fn all() -> Vec<SchemaChange> {
        use SchemaChange::*;
        let mut all = vec![
            TypeChanged,
            TypeGeneralized,
            TypeSpecialized,
            BecameNullable,
            BecameNotNullable,
            BecameEnum,
            EnumUnset,
            EnumValueAdded,
            EnumValueRemoved,
            ExtensibleEnumValueRemoved,
            OneOfAdded,
            OneOfRemoved,
            AnyOfAdded,
            AnyOfRemoved,
            AllOfAdded,
            AllOfRemoved,
            AllOfAddedAnnotationOnly,
            AllOfRemovedAnnotationOnly,
            ListOfTypesNarrowed,
            ListOfTypesWidened,
            WrappedInOneOf,
            DiscriminatorAdded,
            DiscriminatorRemoved,
            DiscriminatorPropertyNameChanged,
            DiscriminatorMappingAdded,
            DiscriminatorMappingDeleted,
            DiscriminatorMappingChanged,
            PatternAdded,
            PatternRemoved,
            PatternChanged,
            MultipleOfSet,
            MultipleOfUnset,
            MultipleOfChanged,
            UniqueItemsSet,
            UniqueItemsUnset,
            AdditionalPropertiesForbidden,
            AdditionalPropertiesAllowed,
            DefaultValueAdded,
            DefaultValueRemoved,
            DefaultValueChanged,
        ];
        for limit in self::Limit::ALL {
            all.extend(Movement::ALL.map(|m| Limit(limit, m)));
        }
        all
    }

    fn suffix(self) -> Cow<'static, str> {
        use SchemaChange::*;
        Cow::Borrowed(match self {
            TypeChanged => "type-changed",
            TypeGeneralized => "type-generalized",
            TypeSpecialized => "type-specialized",
            BecameNullable => "became-nullable",
            BecameNotNullable => "became-not-nullable",
            BecameEnum => "became-enum",
            EnumUnset => "enum-unset",
            EnumValueAdded => "enum-value-added",
            EnumValueRemoved => "enum-value-removed",
            ExtensibleEnumValueRemoved => "x-extensible-enum-value-removed",
            OneOfAdded => "one-of-added",
            OneOfRemoved => "one-of-removed",
            AnyOfAdded => "any-of-added",
            AnyOfRemoved => "any-of-removed",
            AllOfAdded => "all-of-added",
            AllOfRemoved => "all-of-removed",
            AllOfAddedAnnotationOnly => "all-of-added-annotation-only",
            AllOfRemovedAnnotationOnly => "all-of-removed-annotation-only",
            ListOfTypesNarrowed => "list-of-types-narrowed",
            ListOfTypesWidened => "list-of-types-widened",
            WrappedInOneOf => "wrapped-in-one-of",
            DiscriminatorAdded => "discriminator-added",
            DiscriminatorRemoved => "discriminator-removed",
            DiscriminatorPropertyNameChanged => "discriminator-property-name-changed",
            DiscriminatorMappingAdded => "discriminator-mapping-added",
            DiscriminatorMappingDeleted => "discriminator-mapping-deleted",
            DiscriminatorMappingChanged => "discriminator-mapping-changed",
            PatternAdded => "pattern-added",
            PatternRemoved => "pattern-removed",
            PatternChanged => "pattern-changed",
            MultipleOfSet => "multiple-of-set",
            MultipleOfUnset => "multiple-of-unset",
            MultipleOfChanged => "multiple-of-changed",
            UniqueItemsSet => "unique-items-set",
            UniqueItemsUnset => "unique-items-unset",
            AdditionalPropertiesForbidden => "additional-properties-forbidden",
            AdditionalPropertiesAllowed => "additional-properties-allowed",
            DefaultValueAdded => "default-value-added",
            DefaultValueRemoved => "default-value-removed",
            DefaultValueChanged => "default-value-changed",
            Limit(limit, movement) => {
                return Cow::Owned(format!("{}-{}", limit.id(), movement.id()))
            }
        })
    }

    /// What the change does to the set of valid values.
    pub fn effect(self) -> Effect {
        use SchemaChange::*;
        match self {
            BecameNotNullable
            | BecameEnum
            | EnumValueRemoved
            | ExtensibleEnumValueRemoved
            | OneOfRemoved
            | AnyOfRemoved
            | AllOfAdded
            | ListOfTypesNarrowed
            | PatternAdded
            | MultipleOfSet
            | UniqueItemsSet
            | TypeChanged
            | AdditionalPropertiesForbidden
            | DiscriminatorMappingDeleted => Effect::Narrows,
            BecameNullable
            | EnumUnset
            | EnumValueAdded
            | OneOfAdded
            | AnyOfAdded
            | AllOfRemoved
            | ListOfTypesWidened
            | PatternRemoved
            | MultipleOfUnset
            | UniqueItemsUnset
            | TypeGeneralized
            | AdditionalPropertiesAllowed
            | DiscriminatorMappingAdded => Effect::Widens,
            TypeSpecialized => Effect::Narrows,
            PatternChanged
            | WrappedInOneOf
            | MultipleOfChanged
            | DiscriminatorPropertyNameChanged
            | DiscriminatorMappingChanged => Effect::Shifts,
            DiscriminatorAdded
            | DiscriminatorRemoved
            | DefaultValueAdded
            | DefaultValueRemoved
            | DefaultValueChanged
            | AllOfAddedAnnotationOnly
            | AllOfRemovedAnnotationOnly => Effect::Annotates,
            Limit(limit, movement) => match (movement, limit.is_upper()) {
                (Movement::Set, _) => Effect::Bounds,
                (Movement::Unset, _) => Effect::Widens,
                (Movement::Decreased, true) | (Movement::Increased, false) => Effect::Narrows,
                (Movement::Decreased, false) | (Movement::Increased, true) => Effect::Widens,
            },
        }
    }

    /// Why it matters, given which way the data flows.
    fn why(self, direction: Direction) -> &'static str {
        use SchemaChange::*;
        let specific = match (self, direction) {
            (TypeChanged, Direction::Request) => Some("Clients send values of the old type, which the server no longer accepts."),
            (TypeGeneralized, Direction::Request) => Some("Every value of the old type is still accepted."),
            (TypeChanged | TypeGeneralized, Direction::Response) => Some("Clients decode the old type and may fail on values of the new one."),
            (TypeSpecialized, Direction::Response) => Some("Every value the server now sends is of the old type too."),
            (BecameNullable, Direction::Response) => Some("The server may now send null where clients expect a value."),
            (EnumValueAdded | EnumUnset, Direction::Response) => Some("Clients that act on specific values need a fallback for the new ones."),
            (OneOfAdded | AnyOfAdded, Direction::Response) => Some("The server may send a shape older clients do not know."),
            (WrappedInOneOf, Direction::Request) => Some("Under oneOf a payload that was valid can match several alternatives, and is then rejected."),
            (WrappedInOneOf, Direction::Response) => Some("A field the server always sent may now be missing, depending on the alternative it sends."),
            (DiscriminatorPropertyNameChanged | DiscriminatorMappingChanged | DiscriminatorMappingDeleted, _) => Some("The tag selects the shape: clients send the tags they know and switch on the ones they read."),
            _ => None,
        };
        if let Some(why) = specific {
            return why;
        }
        match (self.effect(), direction) {
            (Effect::Annotates, _) => ANNOTATION,
            (Effect::Narrows, Direction::Request) => NARROWER_REQUEST,
            (Effect::Bounds, Direction::Request) => BOUNDED_REQUEST,
            (Effect::Widens, Direction::Request) => WIDER_REQUEST,
            (Effect::Shifts, Direction::Request) => SHIFTED_REQUEST,
            (Effect::Narrows | Effect::Bounds, Direction::Response) => NARROWER_RESPONSE,
            (Effect::Widens, Direction::Response) => WIDER_RESPONSE,
            (Effect::Shifts, Direction::Response) => SHIFTED_RESPONSE,
        }
    }
}

/// The id of `change` to a schema used as `subject` in `direction`.
pub fn schema_rule_id(direction: Direction, subject: Subject, change: SchemaChange) -> String {
    format!(
        "{}-{}-{}",
        direction.as_str(),
        subject.as_str(),
        change.suffix()
    )
}

/// The rule for `change` to a schema used as `subject` in `direction`.
pub fn schema_rule(direction: Direction, subject: Subject, change: SchemaChange) -> Rule {
    let id = schema_rule_id(direction, subject, change);
    Rule {
        level: levels::schema_level(&id, change.effect(), direction),
        id: Cow::Owned(id),
        why: change.why(direction),
    }
}

/// Every rule the diff can report: the fixed ones, then each schema
/// family member (parameters are sent, headers read).
pub fn catalogue() -> Vec<Rule> {
    let mut rules: Vec<Rule> = FIXED.iter().copied().map(fixed).collect();
    for direction in [Direction::Request, Direction::Response] {
        for subject in Subject::all() {
            let sent_only = matches!(subject, Subject::Parameter | Subject::ParameterProperty);
            let read_only = subject == Subject::Header;
            if (direction == Direction::Response && sent_only)
                || (direction == Direction::Request && read_only)
            {
                continue;
            }
            for change in SchemaChange::all() {
                rules.push(schema_rule(direction, subject, change));
            }
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_unique() {
        let rules = catalogue();
        let mut seen = HashSet::new();
        for rule in &rules {
            assert!(seen.insert(rule.id.clone()), "duplicate id {}", rule.id);
        }
    }

    #[test]
    fn levels_follow_oasdiff_where_the_issue_names_them() {
        let at = |d, s, c| schema_rule(d, s, c).level;
        use Direction::{Request, Response};
        use Subject::Property;
        let limit = SchemaChange::Limit;
        assert_eq!(
            at(Request, Property, SchemaChange::TypeGeneralized),
            Level::Info
        );
        assert_eq!(
            at(Response, Property, SchemaChange::PatternRemoved),
            Level::Info
        );
        assert_eq!(
            at(Response, Property, SchemaChange::EnumValueAdded),
            Level::Warning
        );
        assert_eq!(
            at(Request, Property, limit(Limit::MaxLength, Movement::Set)),
            Level::Warning
        );
        for movement in [Movement::Increased, Movement::Unset] {
            assert_eq!(
                at(Response, Property, limit(Limit::MaxLength, movement)),
                Level::Error
            );
        }
        assert_eq!(
            at(
                Request,
                Property,
                limit(Limit::MaxLength, Movement::Decreased)
            ),
            Level::Error
        );
        assert_eq!(
            at(
                Response,
                Property,
                limit(Limit::MaxLength, Movement::Decreased)
            ),
            Level::Info
        );
    }
}
