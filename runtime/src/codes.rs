//! Tables of documented result codes (declared in a spec with
//! `x-response-codes`): what a code means and what it says about the
//! payment, so code can match on codes rather than on message texts.

/// What a code says about the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeOutcome {
    /// The operation went through.
    Approved,
    /// The issuer, the acquirer or a risk rule refused it; nothing happened.
    Declined,
    /// The result is not known: the payment may or may not have gone
    /// through. Reconcile with the provider's status look-up and act on what
    /// it reports; never repeat the payment blindly, or it may be charged twice.
    Unclear,
    /// The request or the gateway failed before a result; nothing happened.
    Error,
}

impl CodeOutcome {
    /// Whether the result must be settled with a status look-up before
    /// anything else is done (see [`CodeOutcome::Unclear`]).
    pub fn must_reconcile(self) -> bool {
        self == CodeOutcome::Unclear
    }
}

/// The code or codes one entry of a table covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Number(i64),
    /// Every code from `first` to `last`, both included.
    Range {
        first: i64,
        last: i64,
    },
    Text(&'static str),
}

/// One documented code (or range of codes) with its outcome and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResponseCode {
    pub code: Code,
    pub outcome: CodeOutcome,
    /// What the provider's documents say the code means, in brief.
    pub meaning: &'static str,
}

/// The entry for the integer `code`: the entry of that very code if the
/// table has one, else the narrowest range that holds it.
pub fn find_number(table: &'static [ResponseCode], code: i64) -> Option<&'static ResponseCode> {
    table
        .iter()
        .find(|entry| entry.code == Code::Number(code))
        .or_else(|| {
            table
                .iter()
                .filter_map(|entry| match entry.code {
                    Code::Range { first, last } if (first..=last).contains(&code) => {
                        Some((last.abs_diff(first), entry))
                    }
                    _ => None,
                })
                .min_by_key(|(width, _)| *width)
                .map(|(_, entry)| entry)
        })
}

/// The entry for the string `code`, compared exactly.
pub fn find_text(table: &'static [ResponseCode], code: &str) -> Option<&'static ResponseCode> {
    table
        .iter()
        .find(|entry| matches!(entry.code, Code::Text(text) if text == code))
}
