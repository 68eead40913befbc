//! One broken rule in one payload, in words a merchant can act on.
//!
//! Where a rule is also checked by the generated SDK (lengths, patterns,
//! ranges, enums), the words are the SDK's own (`support::Violation`), so a
//! message reads the same whichever validator produced it.

use std::borrow::Cow;
use std::fmt;

use crate::load::Position;
use crate::redact;

/// A rule a payload breaks: where, which JSON Schema keyword, what the
/// schema expects and what the payload has. `actual` of a secret field is
/// masked, and so is the message built from it; elsewhere, whatever looks
/// like a card number or a credential is redacted, in `pointer`,
/// `expected` and `actual` alike, and long values are cut
/// (see [`crate::redact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// RFC 6901 pointer into the payload (`""` is the whole payload). For a
    /// missing property, the object that lacks it.
    pub pointer: String,
    /// The JSON Schema keyword that failed (`maxLength`, `required`, ...).
    pub rule: String,
    pub expected: String,
    pub actual: String,
    /// The whole sentence, starting with the pointer.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A violation and where it sits in the file it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub violation: Violation,
    /// Line and column of the node, or of the key that holds it; `None`
    /// when the file could not be indexed.
    pub position: Option<Position>,
}

impl Violation {
    /// A violation whose sentence follows from its rule: the SDK's words
    /// where the SDK checks the same rule, plain words for the rest.
    pub(super) fn new(pointer: &str, rule: &str, expected: String, actual: String) -> Self {
        // The spec may hold a card number too (an `enum` value).
        let expected = redact::redact(&expected).into_owned();
        let at = shown_pointer(pointer);
        let message = match rule {
            "maxLength" => format!("{at}: {actual} characters, at most {expected}"),
            "minLength" => format!("{at}: {actual} characters, at least {expected}"),
            "pattern" => format!("{at}: {actual} does not match the pattern {expected}"),
            "format" => format!("{at}: {actual} is not a valid {expected}"),
            "minimum" => format!("{at}: {actual}, at least {expected}"),
            "maximum" => format!("{at}: {actual}, at most {expected}"),
            "exclusiveMinimum" => format!("{at}: {actual}, must be greater than {expected}"),
            "exclusiveMaximum" => format!("{at}: {actual}, must be less than {expected}"),
            "multipleOf" => format!("{at}: {actual} is not a multiple of {expected}"),
            "enum" => format!("{at}: {actual} is not one of {expected}"),
            "const" => format!("{at}: {actual} is not the required value {expected}"),
            "minItems" => format!("{at}: {actual} items, at least {expected}"),
            "maxItems" => format!("{at}: {actual} items, at most {expected}"),
            "minProperties" => format!("{at}: {actual} properties, at least {expected}"),
            "maxProperties" => format!("{at}: {actual} properties, at most {expected}"),
            "required" => format!("{at}: missing required property {expected:?}"),
            "additionalProperties" | "unevaluatedProperties" => {
                format!("{at}: unknown property, not in the schema")
            }
            _ => format!("{at}: expected {expected}, found {actual}"),
        };
        Self::worded(pointer, rule, expected, actual, message)
    }

    /// A violation with a sentence of its own (unions, `not`, fallbacks).
    pub(super) fn worded(
        pointer: &str,
        rule: &str,
        expected: String,
        actual: String,
        message: String,
    ) -> Self {
        Violation {
            pointer: pointer.to_owned(),
            rule: rule.to_owned(),
            expected,
            actual,
            message,
        }
    }

    /// The violation as reports show it: segments of the pointer that look
    /// like a card number or a credential (a map keyed by card numbers, an
    /// unknown property named like one) redacted, in the message too.
    pub(super) fn with_redacted_pointer(mut self) -> Self {
        if let Cow::Owned(redacted) = redact::pointer(&self.pointer) {
            let old = shown_pointer(&self.pointer);
            let rest = self.message.strip_prefix(old).unwrap_or_default();
            self.message = format!("{}{rest}", shown_pointer(&redacted));
            self.pointer = redacted;
        }
        self
    }
}

/// The pointer as shown in sentences: the root has no segments, so it
/// gets a name.
pub(super) fn shown_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// Masks a secret for display, exactly as the generated SDK does: the
/// generated crate carries a copy of the same module.
pub use crate::redact::mask;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_the_generated_validator() {
        let long = Violation::new("/merchant_txn_ref", "maxLength", "45".into(), "46".into());
        assert_eq!(
            long.to_string(),
            "/merchant_txn_ref: 46 characters, at most 45"
        );
        let low = Violation::new("/amount", "minimum", "0".into(), "-1".into());
        assert_eq!(low.to_string(), "/amount: -1, at least 0");
        let missing = Violation::new("", "required", "amount".into(), "missing".into());
        assert_eq!(
            missing.to_string(),
            "(root): missing required property \"amount\""
        );
    }

    #[test]
    fn masks_like_the_sdk() {
        assert_eq!(mask("4000002500003155"), "\"****3155\"");
        assert_eq!(mask("123"), "\"****\"");
    }
}
