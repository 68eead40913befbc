//! Schema `pattern`s, compiled the one way every part of the tool uses.
//!
//! OpenAPI says a `pattern` is an ECMA-262 regular expression, so it is
//! compiled by `regress`, an engine that implements ECMAScript's own
//! grammar and semantics: look-ahead and look-behind, `\d` and `\w` that
//! match ASCII only, literal non-ASCII characters. The `u` flag is set, as
//! JSON Schema 2020-12 asks and as Ajv does: the pattern reads the value as
//! Unicode code points (the same units `maxLength` counts), and its syntax
//! is ECMAScript's strict Unicode form.
//!
//! The generator rejects a spec whose pattern does not compile here, the
//! runtime validator checks `pattern` with it, and the generated SDK (which
//! carries this file verbatim) checks values with it: the three accept the
//! same patterns and agree on what matches.

/// The flags every pattern is compiled with.
pub const FLAGS: &str = "u";

/// Compiles `pattern` as an ECMA-262 regular expression with [`FLAGS`].
pub fn compile(pattern: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(pattern, FLAGS)
}

/// Whether `value` matches: JSON Schema's `pattern` is not anchored, a
/// match anywhere in the value counts.
pub fn matches(regex: &regress::Regex, value: &str) -> bool {
    regex.find(value).is_some()
}
