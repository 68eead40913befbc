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
//! Real documents also hold patterns that only pass ECMAScript's looser
//! non-Unicode grammar (Annex B: `\-` outside a class, `\x01` ranges in
//! odd places), so a pattern the `u` form refuses is compiled again
//! without it. A pattern neither form takes (`(?i)…`, `[unclosed`) is not
//! checked at all, by either validator: the generator warns, naming its
//! pointer, and the runtime validator prints the same warning.
//!
//! The runtime validator checks `pattern` with [`compile`], and the
//! generated SDK (which carries this file verbatim) checks values with it:
//! both accept the same patterns and agree on what matches.

/// The flags a pattern is compiled with first.
pub const FLAGS: &str = "u";

/// Compiles `pattern` as an ECMA-262 regular expression: with [`FLAGS`],
/// else in the non-Unicode form. The error is the strict form's.
pub fn compile(pattern: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(pattern, FLAGS)
        .or_else(|strict| regress::Regex::with_flags(pattern, "").map_err(|_| strict))
}

/// Whether `value` matches: JSON Schema's `pattern` is not anchored, a
/// match anywhere in the value counts.
pub fn matches(regex: &regress::Regex, value: &str) -> bool {
    regex.find(value).is_some()
}
