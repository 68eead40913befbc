//! Runtime support shared by every API module: validation, redaction and
//! serde helpers for the optional/nullable distinction.

use std::fmt;

/// Checks a value against every constraint its spec states.
///
/// Parsing already enforces types, required fields and `null`; this trait
/// covers what the type system cannot: lengths, patterns, formats, ranges,
/// enums, item counts and uniqueness, property counts.
pub trait Validate {
    /// Adds every violation under `at` to `out`.
    fn collect_violations(&self, at: &Location<'_>, out: &mut Vec<Violation>);

    /// Returns every violation, not only the first.
    fn validate(&self) -> Result<(), Violations> {
        let mut out = Vec::new();
        self.collect_violations(&Location::root(), &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(Violations(out))
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn collect_violations(&self, at: &Location<'_>, out: &mut Vec<Violation>) {
        (**self).collect_violations(at, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn collect_violations(&self, at: &Location<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.collect_violations(at, out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn collect_violations(&self, at: &Location<'_>, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            item.collect_violations(&at.index(index), out);
        }
    }
}

impl<T: Validate> Validate for indexmap::IndexMap<String, T> {
    fn collect_violations(&self, at: &Location<'_>, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.collect_violations(&at.key(key), out);
        }
    }
}

/// Values whose type carries no constraint of its own: the constraints on
/// them live on the field that holds them.
macro_rules! unconstrained {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn collect_violations(&self, _at: &Location<'_>, _out: &mut Vec<Violation>) {}
        }
    )*};
}
unconstrained!(String, bool, i32, i64, f32, f64, serde_json::Value);

/// What every message type of an API can do: parse, print, validate and
/// describe itself as JSON Schema.
#[cfg(feature = "payloads")]
pub trait Payload:
    serde::de::DeserializeOwned + serde::Serialize + Validate + schemars::JsonSchema
{
}

#[cfg(feature = "payloads")]
impl<T> Payload for T where
    T: serde::de::DeserializeOwned + serde::Serialize + Validate + schemars::JsonSchema
{
}

/// Receives the Rust type of a message (see each module's `visit_message`).
#[cfg(feature = "payloads")]
pub trait MessageVisitor {
    type Output;
    fn visit<T: Payload>(self) -> Self::Output;
}

/// An untagged union's value: the first member `value` parses as and that
/// passes its checks, else the first it parses as (whose violations
/// `validate()` then reports); `None` when it parses as none.
pub fn first_valid<T: Validate>(
    value: serde_json::Value,
    members: &[fn(serde_json::Value) -> Option<T>],
) -> Option<T> {
    let mut parsed = None;
    for member in members {
        if let Some(candidate) = member(value.clone()) {
            if candidate.validate().is_ok() {
                return Some(candidate);
            }
            parsed.get_or_insert(candidate);
        }
    }
    parsed
}

/// Where a value sits, as a chain of borrowed segments: building it costs
/// nothing; the JSON pointer is only written out when a violation is found.
/// A location below a secret (a field the schema marks secret, or anything
/// inside one) is secret too: violations there show masked values.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    parent: Option<&'a Location<'a>>,
    segment: Segment<'a>,
    secret: bool,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Location<'a> {
    pub fn root() -> Self {
        Location {
            parent: None,
            segment: Segment::Root,
            secret: false,
        }
    }

    pub fn key(&'a self, key: &'a str) -> Location<'a> {
        Location {
            parent: Some(self),
            segment: Segment::Key(key),
            secret: self.secret,
        }
    }

    pub fn index(&'a self, index: usize) -> Location<'a> {
        Location {
            parent: Some(self),
            segment: Segment::Index(index),
            secret: self.secret,
        }
    }

    /// The same place, holding a secret (and so is everything below it).
    pub fn secret(&self) -> Location<'a> {
        Location {
            secret: true,
            ..*self
        }
    }

    /// Whether values here are secret.
    pub fn is_secret(&self) -> bool {
        self.secret
    }

    /// The RFC 6901 JSON pointer of this location (`""` for the root), with
    /// keys that look like card numbers or credentials redacted.
    pub fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut current = Some(self);
        while let Some(location) = current {
            match location.segment {
                Segment::Root => {}
                Segment::Key(key) => segments.push(key.replace('~', "~0").replace('/', "~1")),
                Segment::Index(index) => segments.push(index.to_string()),
            }
            current = location.parent;
        }
        let pointer = segments
            .iter()
            .rev()
            .fold(String::new(), |mut pointer, segment| {
                pointer.push('/');
                pointer.push_str(segment);
                pointer
            });
        crate::redact::pointer(&pointer).into_owned()
    }
}

/// The constraint keyword a value broke, named as in JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    MaxLength,
    MinLength,
    Pattern,
    Minimum,
    ExclusiveMinimum,
    Maximum,
    ExclusiveMaximum,
    MultipleOf,
    Enum,
    MinItems,
    MaxItems,
    UniqueItems,
    MinProperties,
    MaxProperties,
    Format,
}

impl Rule {
    /// The JSON Schema keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Rule::MaxLength => "maxLength",
            Rule::MinLength => "minLength",
            Rule::Pattern => "pattern",
            Rule::Minimum => "minimum",
            Rule::ExclusiveMinimum => "exclusiveMinimum",
            Rule::Maximum => "maximum",
            Rule::ExclusiveMaximum => "exclusiveMaximum",
            Rule::MultipleOf => "multipleOf",
            Rule::Enum => "enum",
            Rule::MinItems => "minItems",
            Rule::MaxItems => "maxItems",
            Rule::UniqueItems => "uniqueItems",
            Rule::MinProperties => "minProperties",
            Rule::MaxProperties => "maxProperties",
            Rule::Format => "format",
        }
    }
}

/// One broken constraint: where, which rule, the limit and what was found.
/// `actual` of a secret field is masked; elsewhere, parts that look like a
/// card number or a credential are redacted and long values cut
/// (see [`crate::redact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub pointer: String,
    pub rule: Rule,
    pub limit: String,
    pub actual: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Violation { limit, actual, .. } = self;
        let pointer = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        match self.rule {
            Rule::MaxLength => write!(f, "{pointer}: {actual} characters, at most {limit}"),
            Rule::MinLength => write!(f, "{pointer}: {actual} characters, at least {limit}"),
            Rule::Pattern => write!(f, "{pointer}: {actual} does not match the pattern {limit}"),
            Rule::Minimum => write!(f, "{pointer}: {actual}, at least {limit}"),
            Rule::ExclusiveMinimum => {
                write!(f, "{pointer}: {actual}, must be greater than {limit}")
            }
            Rule::Maximum => write!(f, "{pointer}: {actual}, at most {limit}"),
            Rule::ExclusiveMaximum => write!(f, "{pointer}: {actual}, must be less than {limit}"),
            Rule::MultipleOf => write!(f, "{pointer}: {actual} is not a multiple of {limit}"),
            Rule::Enum => write!(f, "{pointer}: {actual} is not one of {limit}"),
            Rule::MinItems => write!(f, "{pointer}: {actual} items, at least {limit}"),
            Rule::MaxItems => write!(f, "{pointer}: {actual} items, at most {limit}"),
            Rule::UniqueItems => write!(f, "{pointer}: items are not unique"),
            Rule::MinProperties => write!(f, "{pointer}: {actual} properties, at least {limit}"),
            Rule::MaxProperties => write!(f, "{pointer}: {actual} properties, at most {limit}"),
            Rule::Format => write!(f, "{pointer}: {actual} is not a valid {limit}"),
        }
    }
}

/// Every violation found in one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, violation) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// A schema `pattern`, compiled on first use by [`crate::pattern`], the
/// function the generator and the runtime validator compile it with.
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::OnceLock<regress::Regex>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The pattern as the spec writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    pub fn is_match(&self, value: &str) -> bool {
        let regex = self.compiled.get_or_init(|| {
            // The generator refuses a spec whose pattern does not compile
            // with this same function, so only a spec it accepted got here.
            crate::pattern::compile(self.source).expect("the generator compiled this pattern")
        });
        crate::pattern::matches(regex, value)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Constraint checks used by the generated `Validate` impls.
pub mod check {
    use super::{Location, Pattern, Rule, Violation};
    use crate::formats::Format;
    use crate::redact;

    /// The numeric types generated code checks ranges on.
    pub trait Number: Copy + ToString {
        fn to_f64(self) -> f64;
    }

    macro_rules! number {
        ($($t:ty),*) => {$(
            impl Number for $t {
                fn to_f64(self) -> f64 {
                    // Range checks compare against JSON numbers, which are f64.
                    self as f64
                }
            }
        )*};
    }
    number!(i32, i64, f32, f64);

    /// Adds a violation; `limit` comes from the spec, which may hold a card
    /// number too (an `enum` value), so it is redacted as well.
    fn push(out: &mut Vec<Violation>, at: &Location<'_>, rule: Rule, limit: &str, actual: String) {
        out.push(Violation {
            pointer: at.pointer(),
            rule,
            limit: redact::redact(limit).into_owned(),
            actual,
        });
    }

    /// A string value as a message shows it.
    fn quoted(value: &str, at: &Location<'_>) -> String {
        if at.is_secret() {
            redact::mask(value)
        } else {
            redact::quoted(value)
        }
    }

    /// A number or other non-string value as a message shows it.
    fn shown(value: &str, at: &Location<'_>) -> String {
        if at.is_secret() {
            redact::mask(value)
        } else {
            redact::shown(value)
        }
    }

    /// Lengths count Unicode code points, as JSON Schema does.
    pub fn max_length(value: &str, limit: usize, at: &Location<'_>, out: &mut Vec<Violation>) {
        let length = value.chars().count();
        if length > limit {
            push(
                out,
                at,
                Rule::MaxLength,
                &limit.to_string(),
                length.to_string(),
            );
        }
    }

    pub fn min_length(value: &str, limit: usize, at: &Location<'_>, out: &mut Vec<Violation>) {
        let length = value.chars().count();
        if length < limit {
            push(
                out,
                at,
                Rule::MinLength,
                &limit.to_string(),
                length.to_string(),
            );
        }
    }

    pub fn pattern(value: &str, pattern: &Pattern, at: &Location<'_>, out: &mut Vec<Violation>) {
        if !pattern.is_match(value) {
            push(out, at, Rule::Pattern, pattern.source(), quoted(value, at));
        }
    }

    /// The rules are those of [`crate::formats`], which the runtime
    /// validator uses too.
    pub fn format(value: &str, format: Format, at: &Location<'_>, out: &mut Vec<Violation>) {
        if !format.is_valid(value) {
            push(out, at, Rule::Format, format.name(), quoted(value, at));
        }
    }

    pub fn minimum<N: Number>(
        value: N,
        limit: f64,
        exclusive: bool,
        at: &Location<'_>,
        out: &mut Vec<Violation>,
    ) {
        let number = value.to_f64();
        let actual = || shown(&value.to_string(), at);
        if exclusive && number <= limit {
            push(
                out,
                at,
                Rule::ExclusiveMinimum,
                &limit.to_string(),
                actual(),
            );
        } else if number < limit {
            push(out, at, Rule::Minimum, &limit.to_string(), actual());
        }
    }

    pub fn maximum<N: Number>(
        value: N,
        limit: f64,
        exclusive: bool,
        at: &Location<'_>,
        out: &mut Vec<Violation>,
    ) {
        let number = value.to_f64();
        let actual = || shown(&value.to_string(), at);
        if exclusive && number >= limit {
            push(
                out,
                at,
                Rule::ExclusiveMaximum,
                &limit.to_string(),
                actual(),
            );
        } else if number > limit {
            push(out, at, Rule::Maximum, &limit.to_string(), actual());
        }
    }

    pub fn multiple_of<N: Number>(
        value: N,
        factor: f64,
        at: &Location<'_>,
        out: &mut Vec<Violation>,
    ) {
        let quotient = value.to_f64() / factor;
        if (quotient - quotient.round()).abs() > 1e-9 {
            push(
                out,
                at,
                Rule::MultipleOf,
                &factor.to_string(),
                shown(&value.to_string(), at),
            );
        }
    }

    pub fn one_of<T: PartialEq + ToString>(
        value: &T,
        allowed: &[T],
        at: &Location<'_>,
        out: &mut Vec<Violation>,
    ) {
        if !allowed.contains(value) {
            let limit = allowed
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            push(out, at, Rule::Enum, &limit, shown(&value.to_string(), at));
        }
    }

    /// A string enum parsed a value the spec does not list.
    pub fn unknown_variant(
        value: &str,
        known: &[&str],
        at: &Location<'_>,
        out: &mut Vec<Violation>,
    ) {
        push(out, at, Rule::Enum, &known.join(", "), quoted(value, at));
    }

    pub fn max_items(count: usize, limit: usize, at: &Location<'_>, out: &mut Vec<Violation>) {
        if count > limit {
            push(
                out,
                at,
                Rule::MaxItems,
                &limit.to_string(),
                count.to_string(),
            );
        }
    }

    pub fn min_items(count: usize, limit: usize, at: &Location<'_>, out: &mut Vec<Violation>) {
        if count < limit {
            push(
                out,
                at,
                Rule::MinItems,
                &limit.to_string(),
                count.to_string(),
            );
        }
    }

    /// Items are compared as JSON values, as JSON Schema compares them:
    /// numbers by value, objects whatever their key order.
    pub fn unique_items<T: serde::Serialize>(
        items: &[T],
        at: &Location<'_>,
        out: &mut Vec<Violation>,
    ) {
        let values: Vec<serde_json::Value> = items
            .iter()
            .filter_map(|item| serde_json::to_value(item).ok())
            .collect();
        let repeated = values.iter().enumerate().any(|(index, value)| {
            values[..index]
                .iter()
                .any(|earlier| json_equal(earlier, value))
        });
        if repeated {
            push(
                out,
                at,
                Rule::UniqueItems,
                "unique items",
                "duplicates".into(),
            );
        }
    }

    fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(key, x)| y.get(key).is_some_and(|y| json_equal(x, y)))
            }
            _ => a == b,
        }
    }

    pub fn max_properties(count: usize, limit: usize, at: &Location<'_>, out: &mut Vec<Violation>) {
        if count > limit {
            push(
                out,
                at,
                Rule::MaxProperties,
                &limit.to_string(),
                count.to_string(),
            );
        }
    }

    pub fn min_properties(count: usize, limit: usize, at: &Location<'_>, out: &mut Vec<Violation>) {
        if count < limit {
            push(
                out,
                at,
                Rule::MinProperties,
                &limit.to_string(),
                count.to_string(),
            );
        }
    }
}

/// Masks a secret for display (see [`crate::redact::mask`]): long values
/// (card numbers) keep their last four characters, short ones (security
/// codes) show nothing.
pub use crate::redact::mask;

/// Debug view of a secret field.
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl fmt::Debug for Redacted<'_, str> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(self.0))
    }
}

impl fmt::Debug for Redacted<'_, String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(self.0))
    }
}

impl fmt::Debug for Redacted<'_, Option<String>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(value) => write!(f, "Some({})", mask(value)),
            None => f.write_str("None"),
        }
    }
}

impl fmt::Debug for Redacted<'_, Option<Option<String>>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(Some(value)) => write!(f, "Some(Some({}))", mask(value)),
            Some(None) => f.write_str("Some(None)"),
            None => f.write_str("None"),
        }
    }
}

pub mod presence {
    //! Field types of the private structs generated `Deserialize` impls
    //! read into, where an optional field's `null` must stay apart from
    //! its absence. One generic type each, not a `deserialize_with`
    //! wrapper per field: those wrappers were a third of a generated
    //! crate's build.
    use serde::{Deserialize, Deserializer};

    /// An optional field that must not be `null` when present: absent is
    /// `None` (its `Default`), `null` is an error.
    #[derive(Debug)]
    pub struct NonNull<T>(pub Option<T>);

    impl<T> Default for NonNull<T> {
        fn default() -> Self {
            NonNull(None)
        }
    }

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for NonNull<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            T::deserialize(deserializer).map(|value| NonNull(Some(value)))
        }
    }

    /// An optional, nullable field: absent is `None` (its `Default`),
    /// `null` is `Some(None)`.
    #[derive(Debug)]
    pub struct Nullable<T>(pub Option<Option<T>>);

    impl<T> Default for Nullable<T> {
        fn default() -> Self {
            Nullable(None)
        }
    }

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Option::<T>::deserialize(deserializer).map(|value| Nullable(Some(value)))
        }
    }
}

/// Which message of an API a payload is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message<'a> {
    /// A named schema in `components.schemas`.
    Schema(&'a str),
    /// The request body of an operation, by `operationId`.
    Request(&'a str),
    /// A response body of an operation: `operationId` and status (`"201"`).
    Response(&'a str, &'a str),
    /// The body of a callback (webhook): `operationId` and callback name.
    Callback(&'a str, &'a str),
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Schema(name) => write!(f, "schema {name}"),
            Message::Request(operation) => write!(f, "{operation} request"),
            Message::Response(operation, status) => write!(f, "{operation} response {status}"),
            Message::Callback(operation, callback) => write!(f, "{operation} callback {callback}"),
        }
    }
}

/// Why a payload does not fit its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// The API has no such message.
    UnknownMessage(String),
    /// Not JSON, or JSON of the wrong shape (a type, a missing required
    /// property, a `null` where none is allowed). `pointer` is where parsing
    /// stopped: for a missing property, the object that lacks it.
    Parse { pointer: String, message: String },
    /// Well-formed, but breaks constraints.
    Invalid(Violations),
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadError::UnknownMessage(message) => write!(f, "no such message: {message}"),
            PayloadError::Parse { pointer, message } => write!(f, "{pointer}: {message}"),
            PayloadError::Invalid(violations) => write!(f, "{violations}"),
        }
    }
}

impl std::error::Error for PayloadError {}

/// Parses `json` as `T`, then validates it.
pub fn parse_and_validate<T>(json: &[u8]) -> Result<T, PayloadError>
where
    T: serde::de::DeserializeOwned + Validate,
{
    let value = parse::<T>(json)?;
    value.validate().map_err(PayloadError::Invalid)?;
    Ok(value)
}

/// Parses `json` as `T`, reporting where parsing failed as a JSON pointer.
pub fn parse<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T, PayloadError> {
    serde_json::from_slice(json).map_err(|e| PayloadError::Parse {
        pointer: crate::redact::pointer(&pointer_at(json, e.line(), e.column())).into_owned(),
        message: redact_parse_message(&e.to_string()),
    })
}

/// The JSON pointer of the value being read at `line`:`column` (serde's
/// error position, one-based, the last byte read): the innermost member or
/// item that had begun there. An object's closing brace (where a missing
/// field is found) belongs to the object. Found by scanning the text once,
/// so that deserializing stays a single instantiation per type: tracking
/// the path in the deserializer doubles the code of every type, and most
/// of the crate's release build time.
fn pointer_at(json: &[u8], line: usize, column: usize) -> String {
    enum Frame {
        Object { key: Option<String>, in_value: bool },
        Array { index: usize },
    }
    let end = error_offset(json, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < end {
        match json[at] {
            b'{' => stack.push(Frame::Object {
                key: None,
                in_value: false,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => (*key, *in_value) = (None, false),
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b'"' => {
                let close = string_end(json, at);
                if let Some(Frame::Object {
                    key,
                    in_value: false,
                }) = stack.last_mut()
                {
                    *key = serde_json::from_slice::<String>(&json[at..close.min(json.len())]).ok();
                }
                at = close;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    let mut pointer = String::new();
    for frame in &stack {
        match frame {
            Frame::Object {
                key: Some(key),
                in_value: true,
            } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Frame::Array { index } => pointer.push_str(&format!("/{index}")),
            Frame::Object { .. } => break,
        }
    }
    pointer
}

/// The byte just past `line`:`column`, within `json`.
fn error_offset(json: &[u8], line: usize, column: usize) -> usize {
    let line_start = json
        .split_inclusive(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(<[u8]>::len)
        .sum::<usize>();
    (line_start + column).min(json.len())
}

/// The byte past the string that opens at `open` (its closing quote
/// included), escapes skipped.
fn string_end(json: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < json.len() {
        match json[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    json.len()
}

/// serde quotes the value it could not use (``invalid type: integer
/// `4000002500003155`, expected a string``), and that value may be a card
/// number. Reports keep what was wrong and drop the value, and the
/// `at line X column Y` suffix, which the pointer already replaces. Any
/// other value in it (an unknown discriminator tag) is redacted.
pub fn redact_parse_message(message: &str) -> String {
    static VALUE: std::sync::LazyLock<regress::Regex> = std::sync::LazyLock::new(|| {
        regress::Regex::new(
            r#"(invalid (?:type|value|length): [a-z0-9 ]+?) (?:`[^`]*`|"(?:[^"\\]|\\.)*")"#,
        )
        .expect("fixed pattern compiles")
    });
    static LOCATION: std::sync::LazyLock<regress::Regex> = std::sync::LazyLock::new(|| {
        regress::Regex::new(r" at line \d+ column \d+$").expect("fixed pattern compiles")
    });
    let without_location = LOCATION.replace(message, "");
    let without_value = VALUE.replace_all(&without_location, "$1");
    crate::redact::redact(&without_value).into_owned()
}
