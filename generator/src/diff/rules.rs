//! The catalogue of changes: every rule id the diff can report, its level,
//! and the sentence that tells a client developer why it matters.
//!
//! Ids follow the established OpenAPI diff tool oasdiff where it has a name
//! for the same change (`new-required-request-property`,
//! `request-property-max-length-decreased`, ...), so people who know one
//! tool can read the other. A rule has exactly one level: where the same
//! edit matters differently in a request and in a response, the two are
//! different rules (`request-...` and `response-...`).
//!
//! Schema rules form a family, `{request|response}-{subject}-{change}`:
//! the subject is `property` (inside a body), `parameter` or `body` (the
//! body's own schema), and the change is one of [`SchemaChange`].

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

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

const fn rule(id: &'static str, level: Level, why: &'static str) -> Rule {
    Rule {
        id: Cow::Borrowed(id),
        level,
        why,
    }
}

use Level::{Error, Info, Warning};

// Operations.
pub const API_PATH_ADDED: Rule = rule(
    "api-path-added",
    Info,
    "A new path: existing clients are unaffected, and the SDK gains a method.",
);
pub const ENDPOINT_ADDED: Rule = rule(
    "endpoint-added",
    Info,
    "A new operation on an existing path: existing clients are unaffected, and the SDK gains a \
     method.",
);
pub const API_PATH_REMOVED_WITHOUT_DEPRECATION: Rule = rule(
    "api-path-removed-without-deprecation",
    Error,
    "Clients that call it get errors and the SDK method disappears, without the warning a \
     deprecation would have given.",
);
pub const API_REMOVED_WITHOUT_DEPRECATION: Rule = rule(
    "api-removed-without-deprecation",
    Error,
    "Clients that call it get errors and the SDK method disappears, without the warning a \
     deprecation would have given.",
);
pub const API_PATH_REMOVED_WITH_DEPRECATION: Rule = rule(
    "api-path-removed-with-deprecation",
    Warning,
    "It was deprecated, so clients were warned, but any that still call it now get errors and \
     lose the SDK method.",
);
pub const API_REMOVED_WITH_DEPRECATION: Rule = rule(
    "api-removed-with-deprecation",
    Warning,
    "It was deprecated, so clients were warned, but any that still call it now get errors and \
     lose the SDK method.",
);
pub const ENDPOINT_DEPRECATED: Rule = rule(
    "endpoint-deprecated",
    Info,
    "It still works; the SDK method gets `#[deprecated]`, so callers see a warning and can \
     migrate before it goes.",
);
pub const ENDPOINT_REACTIVATED: Rule = rule(
    "endpoint-reactivated",
    Info,
    "The deprecation is withdrawn; nothing changes for callers.",
);
pub const API_OPERATION_ID_CHANGED: Rule = rule(
    "api-operation-id-changed",
    Warning,
    "The HTTP call is unchanged, but the SDK method is renamed, so Rust callers must update \
     their code.",
);
pub const REQUEST_PATH_PARAM_RENAMED: Rule = rule(
    "request-path-param-renamed",
    Info,
    "Only the name in the path template changed: clients build the same URL (the SDK argument \
     may be renamed).",
);

// Parameters.
pub const NEW_REQUIRED_REQUEST_PARAMETER: Rule = rule(
    "new-required-request-parameter",
    Error,
    "Existing clients do not send it, so the server rejects their requests; the SDK method \
     gains an argument.",
);
pub const NEW_OPTIONAL_REQUEST_PARAMETER: Rule = rule(
    "new-optional-request-parameter",
    Info,
    "Clients may send it; requests without it still work (the SDK method gains an `Option` \
     argument).",
);
pub const REQUEST_PARAMETER_REMOVED: Rule = rule(
    "request-parameter-removed",
    Warning,
    "Old clients still send it and the server may ignore or reject it; the SDK argument \
     disappears.",
);
pub const REQUEST_PARAMETER_BECAME_REQUIRED: Rule = rule(
    "request-parameter-became-required",
    Error,
    "Clients that omit it are now rejected.",
);
pub const REQUEST_PARAMETER_BECAME_OPTIONAL: Rule = rule(
    "request-parameter-became-optional",
    Info,
    "Clients may now omit it; requests that send it still work.",
);

// Request bodies.
pub const REQUEST_BODY_ADDED_REQUIRED: Rule = rule(
    "request-body-added-required",
    Error,
    "Existing clients send no body, so the server rejects their requests.",
);
pub const REQUEST_BODY_ADDED_OPTIONAL: Rule = rule(
    "request-body-added-optional",
    Info,
    "Clients may send a body; requests without one still work.",
);
pub const REQUEST_BODY_REMOVED: Rule = rule(
    "request-body-removed",
    Warning,
    "Old clients still send a body that the server may ignore or reject; the SDK argument \
     disappears.",
);
pub const REQUEST_BODY_BECAME_REQUIRED: Rule = rule(
    "request-body-became-required",
    Error,
    "Clients that call without a body are now rejected.",
);
pub const REQUEST_BODY_BECAME_OPTIONAL: Rule = rule(
    "request-body-became-optional",
    Info,
    "Clients may now omit the body; requests that send one still work.",
);
pub const REQUEST_BODY_MEDIA_TYPE_REMOVED: Rule = rule(
    "request-body-media-type-removed",
    Error,
    "Clients that send the body in this format are rejected (the SDK sends the first listed \
     format).",
);
pub const REQUEST_BODY_MEDIA_TYPE_ADDED: Rule = rule(
    "request-body-media-type-added",
    Info,
    "Clients may also send the body in this format; the old formats still work.",
);

// Request properties.
pub const NEW_REQUIRED_REQUEST_PROPERTY: Rule = rule(
    "new-required-request-property",
    Error,
    "Existing clients do not send it, so the server rejects their requests (and SDK users must \
     fill a new field).",
);
pub const NEW_OPTIONAL_REQUEST_PROPERTY: Rule = rule(
    "new-optional-request-property",
    Info,
    "Clients may send it; requests without it still work.",
);
pub const REQUEST_PROPERTY_REMOVED: Rule = rule(
    "request-property-removed",
    Warning,
    "Old clients still send it and the server may ignore or reject it; the SDK field \
     disappears.",
);
pub const REQUEST_PROPERTY_BECAME_REQUIRED: Rule = rule(
    "request-property-became-required",
    Error,
    "Clients that omit it are now rejected, by the server and by the SDK's validation.",
);
pub const REQUEST_PROPERTY_BECAME_OPTIONAL: Rule = rule(
    "request-property-became-optional",
    Info,
    "Clients may now omit it; requests that send it still work.",
);

// Responses.
pub const RESPONSE_SUCCESS_STATUS_REMOVED: Rule = rule(
    "response-success-status-removed",
    Error,
    "Clients that expect this success status, and decode its body, no longer get it: the call \
     now ends with another status.",
);
pub const RESPONSE_NON_SUCCESS_STATUS_REMOVED: Rule = rule(
    "response-non-success-status-removed",
    Info,
    "The server no longer documents this outcome; clients that handle it keep working.",
);
pub const RESPONSE_SUCCESS_STATUS_ADDED: Rule = rule(
    "response-success-status-added",
    Info,
    "A further documented outcome; clients should treat unknown statuses as unexpected (the \
     SDK's return type may become an enum of outcomes).",
);
pub const RESPONSE_NON_SUCCESS_STATUS_ADDED: Rule = rule(
    "response-non-success-status-added",
    Info,
    "A further documented error outcome; clients already have to handle unexpected statuses.",
);
pub const RESPONSE_MEDIA_TYPE_REMOVED: Rule = rule(
    "response-media-type-removed",
    Error,
    "Clients that parse the body in this format can no longer read the response.",
);
pub const RESPONSE_MEDIA_TYPE_ADDED: Rule = rule(
    "response-media-type-added",
    Info,
    "The response may now carry a body in this format; clients that ignored the body keep \
     working.",
);
pub const RESPONSE_REQUIRED_PROPERTY_REMOVED: Rule = rule(
    "response-required-property-removed",
    Error,
    "Clients read it unconditionally: older SDKs fail to parse responses without it, and the \
     SDK field disappears.",
);
pub const RESPONSE_OPTIONAL_PROPERTY_REMOVED: Rule = rule(
    "response-optional-property-removed",
    Warning,
    "Clients that use it stop getting it, and the SDK field disappears.",
);
pub const RESPONSE_REQUIRED_PROPERTY_ADDED: Rule = rule(
    "response-required-property-added",
    Info,
    "Clients get more data; the SDK parses it into a new field and ignored it before.",
);
pub const RESPONSE_OPTIONAL_PROPERTY_ADDED: Rule = rule(
    "response-optional-property-added",
    Info,
    "Clients may get more data; the SDK parses it into a new field and ignored it before.",
);
pub const RESPONSE_PROPERTY_BECAME_OPTIONAL: Rule = rule(
    "response-property-became-optional",
    Error,
    "Clients that read it unconditionally can now miss it: older SDKs fail to parse responses \
     without it, and the field becomes an `Option`.",
);
pub const RESPONSE_PROPERTY_BECAME_REQUIRED: Rule = rule(
    "response-property-became-required",
    Info,
    "The server now always sends it; clients that handled its absence keep working.",
);

// Security.
pub const API_SECURITY_REMOVED: Rule = rule(
    "api-security-removed",
    Error,
    "Clients that authenticate this way are now rejected and must switch to one of the \
     remaining schemes.",
);
pub const API_SECURITY_ADDED: Rule = rule(
    "api-security-added",
    Info,
    "A further way to authenticate; existing credentials still work.",
);
pub const API_AUTHENTICATION_NOW_REQUIRED: Rule = rule(
    "api-authentication-now-required",
    Error,
    "The operation needed no credentials before; clients that send none are now rejected.",
);
pub const API_AUTHENTICATION_NO_LONGER_REQUIRED: Rule = rule(
    "api-authentication-no-longer-required",
    Info,
    "The operation no longer needs credentials; clients that still send them keep working.",
);

// Servers.
pub const API_SERVER_ADDED: Rule = rule(
    "api-server-added",
    Info,
    "A further base URL; the SDK gains a `Server` variant and existing clients are unaffected.",
);
pub const API_SERVER_REMOVED: Rule = rule(
    "api-server-removed",
    Error,
    "Clients configured with this base URL stop reaching the API, and the SDK's `Server` \
     variant disappears.",
);
pub const API_SERVER_URL_CHANGED: Rule = rule(
    "api-server-url-changed",
    Warning,
    "SDK users follow the new URL once they update; clients with the old URL configured keep \
     calling it.",
);
pub const API_SERVER_RENAMED: Rule = rule(
    "api-server-renamed",
    Warning,
    "The URL is the same, but the SDK's `Server` variant is renamed, so Rust callers must \
     update their code.",
);

/// Every fixed (non-family) rule, for the documentation and the tests.
pub const FIXED: &[Rule] = &[
    API_PATH_ADDED,
    ENDPOINT_ADDED,
    API_PATH_REMOVED_WITHOUT_DEPRECATION,
    API_REMOVED_WITHOUT_DEPRECATION,
    API_PATH_REMOVED_WITH_DEPRECATION,
    API_REMOVED_WITH_DEPRECATION,
    ENDPOINT_DEPRECATED,
    ENDPOINT_REACTIVATED,
    API_OPERATION_ID_CHANGED,
    REQUEST_PATH_PARAM_RENAMED,
    NEW_REQUIRED_REQUEST_PARAMETER,
    NEW_OPTIONAL_REQUEST_PARAMETER,
    REQUEST_PARAMETER_REMOVED,
    REQUEST_PARAMETER_BECAME_REQUIRED,
    REQUEST_PARAMETER_BECAME_OPTIONAL,
    REQUEST_BODY_ADDED_REQUIRED,
    REQUEST_BODY_ADDED_OPTIONAL,
    REQUEST_BODY_REMOVED,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_BODY_BECAME_OPTIONAL,
    REQUEST_BODY_MEDIA_TYPE_REMOVED,
    REQUEST_BODY_MEDIA_TYPE_ADDED,
    NEW_REQUIRED_REQUEST_PROPERTY,
    NEW_OPTIONAL_REQUEST_PROPERTY,
    REQUEST_PROPERTY_REMOVED,
    REQUEST_PROPERTY_BECAME_REQUIRED,
    REQUEST_PROPERTY_BECAME_OPTIONAL,
    RESPONSE_SUCCESS_STATUS_REMOVED,
    RESPONSE_NON_SUCCESS_STATUS_REMOVED,
    RESPONSE_SUCCESS_STATUS_ADDED,
    RESPONSE_NON_SUCCESS_STATUS_ADDED,
    RESPONSE_MEDIA_TYPE_REMOVED,
    RESPONSE_MEDIA_TYPE_ADDED,
    RESPONSE_REQUIRED_PROPERTY_REMOVED,
    RESPONSE_OPTIONAL_PROPERTY_REMOVED,
    RESPONSE_REQUIRED_PROPERTY_ADDED,
    RESPONSE_OPTIONAL_PROPERTY_ADDED,
    RESPONSE_PROPERTY_BECAME_OPTIONAL,
    RESPONSE_PROPERTY_BECAME_REQUIRED,
    API_SECURITY_REMOVED,
    API_SECURITY_ADDED,
    API_AUTHENTICATION_NOW_REQUIRED,
    API_AUTHENTICATION_NO_LONGER_REQUIRED,
    API_SERVER_ADDED,
    API_SERVER_REMOVED,
    API_SERVER_URL_CHANGED,
    API_SERVER_RENAMED,
];

/// What a schema rule is about: a property inside a body, a parameter, or
/// the body's own schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Property,
    Parameter,
    Body,
}

impl Subject {
    fn as_str(self) -> &'static str {
        match self {
            Subject::Property => "property",
            Subject::Parameter => "parameter",
            Subject::Body => "body",
        }
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
}

impl Limit {
    pub const ALL: [Limit; 6] = [
        Limit::MaxLength,
        Limit::MinLength,
        Limit::Max,
        Limit::Min,
        Limit::MaxItems,
        Limit::MinItems,
    ];

    fn id(self) -> &'static str {
        match self {
            Limit::MaxLength => "max-length",
            Limit::MinLength => "min-length",
            Limit::Max => "max",
            Limit::Min => "min",
            Limit::MaxItems => "max-items",
            Limit::MinItems => "min-items",
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
        }
    }

    /// Upper limits tighten when they go down, lower limits when they go up.
    pub fn is_upper(self) -> bool {
        matches!(self, Limit::MaxLength | Limit::Max | Limit::MaxItems)
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
    TypeChanged,
    BecameNullable,
    BecameNotNullable,
    BecameEnum,
    EnumUnset,
    EnumValueAdded,
    EnumValueRemoved,
    OneOfAdded,
    OneOfRemoved,
    Limit(Limit, Movement),
    PatternAdded,
    PatternRemoved,
    PatternChanged,
    MultipleOfSet,
    MultipleOfUnset,
    MultipleOfChanged,
}

/// Which values a change lets through, which decides its level per
/// direction: a request that accepts fewer values breaks clients, a
/// response that may carry more values can break clients.
#[derive(Clone, Copy)]
enum Effect {
    /// Values valid before are not any more.
    Narrows,
    /// Every value valid before still is, and more are.
    Widens,
    /// Some old values may be rejected and some new ones appear.
    Shifts,
}

// Why a schema change matters, by effect and direction.
const TYPE_CHANGED_REQUEST: &str = "Clients send values of the old type, which the server no \
 longer accepts; the SDK field or argument changes type.";
const TYPE_CHANGED_RESPONSE: &str = "Clients decode the old type: the SDK, and hand-written \
 clients, fail to parse the new one until updated.";
const NULL_IN_RESPONSE: &str = "The server may now send null where clients expect a value: \
 older SDKs fail to parse it, and the field becomes an `Option`.";
const UNKNOWN_VALUE_IN_RESPONSE: &str = "Responses still parse: the SDK keeps a string it does \
 not know in the enum's `Unknown(String)` variant (numbers stay plain numbers); code that \
 acts on specific values needs a fallback for new ones.";
const NEW_SHAPE_IN_RESPONSE: &str = "The server may send a shape older clients do not know, \
 and they fail to parse it.";
const ENUM_IN_RESPONSE: &str = "The server promises only the listed values; the SDK field \
 becomes an enum that still keeps unknown values in `Unknown(String)`.";
const NARROWER_REQUEST: &str = "Values that were valid before are now rejected, by the server \
 and by the SDK's validation before sending.";
const WIDER_REQUEST: &str = "Every value that was valid before still is.";
const SHIFTED_REQUEST: &str = "Some values that were valid before may now be rejected; check \
 what your clients send.";
const NARROWER_RESPONSE: &str = "The server promises a narrower set of values; clients handle \
 them as before.";
const WIDER_RESPONSE: &str = "Clients may rely on the old bound (column sizes, buffers, their \
 own checks) and can now receive values outside it; the SDK still parses them.";
const SHIFTED_RESPONSE: &str = "The server may send values that clients' own checks, written \
 for the old rule, reject.";

impl SchemaChange {
    /// Every variant, for the catalogue.
    pub fn all() -> Vec<SchemaChange> {
        use SchemaChange::*;
        let mut all = vec![
            TypeChanged,
            BecameNullable,
            BecameNotNullable,
            BecameEnum,
            EnumUnset,
            EnumValueAdded,
            EnumValueRemoved,
            OneOfAdded,
            OneOfRemoved,
            PatternAdded,
            PatternRemoved,
            PatternChanged,
            MultipleOfSet,
            MultipleOfUnset,
            MultipleOfChanged,
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
            BecameNullable => "became-nullable",
            BecameNotNullable => "became-not-nullable",
            BecameEnum => "became-enum",
            EnumUnset => "enum-unset",
            EnumValueAdded => "enum-value-added",
            EnumValueRemoved => "enum-value-removed",
            OneOfAdded => "one-of-added",
            OneOfRemoved => "one-of-removed",
            PatternAdded => "pattern-added",
            PatternRemoved => "pattern-removed",
            PatternChanged => "pattern-changed",
            MultipleOfSet => "multiple-of-set",
            MultipleOfUnset => "multiple-of-unset",
            MultipleOfChanged => "multiple-of-changed",
            Limit(limit, movement) => {
                return Cow::Owned(format!("{}-{}", limit.id(), movement.id()))
            }
        })
    }

    fn effect(self) -> Effect {
        use SchemaChange::*;
        match self {
            BecameNotNullable | BecameEnum | EnumValueRemoved | OneOfRemoved | PatternAdded
            | MultipleOfSet => Effect::Narrows,
            BecameNullable | EnumUnset | EnumValueAdded | OneOfAdded | PatternRemoved
            | MultipleOfUnset => Effect::Widens,
            TypeChanged | PatternChanged | MultipleOfChanged => Effect::Shifts,
            Limit(limit, movement) => match (movement, limit.is_upper()) {
                (Movement::Set, _) => Effect::Narrows,
                (Movement::Unset, _) => Effect::Widens,
                (Movement::Decreased, true) | (Movement::Increased, false) => Effect::Narrows,
                (Movement::Decreased, false) | (Movement::Increased, true) => Effect::Widens,
            },
        }
    }

    /// The level and the reason, given which way the data flows.
    fn judge(self, direction: Direction) -> (Level, &'static str) {
        use SchemaChange::*;
        // Where the SDK's own behaviour decides, it is spelled out first.
        match (self, direction) {
            (TypeChanged, Direction::Request) => return (Error, TYPE_CHANGED_REQUEST),
            (TypeChanged, Direction::Response) => return (Error, TYPE_CHANGED_RESPONSE),
            (BecameNullable, Direction::Response) => return (Error, NULL_IN_RESPONSE),
            (EnumValueAdded | EnumUnset, Direction::Response) => {
                return (Info, UNKNOWN_VALUE_IN_RESPONSE)
            }
            (OneOfAdded, Direction::Response) => return (Error, NEW_SHAPE_IN_RESPONSE),
            (BecameEnum, Direction::Response) => return (Info, ENUM_IN_RESPONSE),
            _ => {}
        }
        match (self.effect(), direction) {
            (Effect::Narrows, Direction::Request) => (Error, NARROWER_REQUEST),
            (Effect::Widens, Direction::Request) => (Info, WIDER_REQUEST),
            (Effect::Shifts, Direction::Request) => (Warning, SHIFTED_REQUEST),
            (Effect::Narrows, Direction::Response) => (Info, NARROWER_RESPONSE),
            (Effect::Widens, Direction::Response) => (Warning, WIDER_RESPONSE),
            (Effect::Shifts, Direction::Response) => (Warning, SHIFTED_RESPONSE),
        }
    }
}

/// The rule for `change` to a schema used as `subject` in `direction`.
pub fn schema_rule(direction: Direction, subject: Subject, change: SchemaChange) -> Rule {
    let (level, why) = change.judge(direction);
    Rule {
        id: Cow::Owned(format!(
            "{}-{}-{}",
            direction.as_str(),
            subject.as_str(),
            change.suffix()
        )),
        level,
        why,
    }
}

/// Every rule the diff can report: the fixed ones, then each schema
/// family member (responses have no parameters).
pub fn catalogue() -> Vec<Rule> {
    let mut rules = FIXED.to_vec();
    for direction in [Direction::Request, Direction::Response] {
        for subject in [Subject::Property, Subject::Parameter, Subject::Body] {
            if direction == Direction::Response && subject == Subject::Parameter {
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
    fn tightening_breaks_requests_and_loosening_warns_on_responses() {
        let decreased = SchemaChange::Limit(Limit::MaxLength, Movement::Decreased);
        let increased = SchemaChange::Limit(Limit::MaxLength, Movement::Increased);
        let at = |d, c| schema_rule(d, Subject::Property, c);
        let request_tight = at(Direction::Request, decreased);
        assert_eq!(request_tight.id, "request-property-max-length-decreased");
        assert_eq!(request_tight.level, Level::Error);
        assert_eq!(at(Direction::Response, decreased).level, Level::Info);
        assert_eq!(at(Direction::Request, increased).level, Level::Info);
        let response_loose = at(Direction::Response, increased);
        assert_eq!(response_loose.id, "response-property-max-length-increased");
        assert_eq!(response_loose.level, Level::Warning);
        let lower = SchemaChange::Limit(Limit::Min, Movement::Increased);
        assert_eq!(at(Direction::Request, lower).level, Level::Error);
    }

    #[test]
    fn a_new_response_enum_value_is_safe_because_the_sdk_keeps_unknown_values() {
        let rule = schema_rule(
            Direction::Response,
            Subject::Property,
            SchemaChange::EnumValueAdded,
        );
        assert_eq!(rule.id, "response-property-enum-value-added");
        assert_eq!(rule.level, Level::Info);
        assert!(rule.why.contains("Unknown(String)"));
    }
}
