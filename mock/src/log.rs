//! What the mock saw: every request with its verdict, and every callback
//! or webhook it sent.

use std::collections::VecDeque;

use serde_json::{json, Value};

/// One way a request broke the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// `path`, `query`, `header`, `cookie`, `body` or `security`.
    pub location: &'static str,
    /// The parameter's name; `None` for the body and for credentials.
    pub name: Option<String>,
    /// RFC 6901 pointer into the value (`""` is the whole value).
    pub pointer: String,
    /// The JSON Schema keyword that failed, or `required`, `syntax`,
    /// `contentType`, `credentials`.
    pub rule: String,
    /// The whole sentence; secrets masked as `cargo xtask validate` masks them.
    pub message: String,
}

impl Issue {
    pub fn to_json(&self) -> Value {
        json!({
            "in": self.location,
            "name": self.name,
            "pointer": self.pointer,
            "rule": self.rule,
            "message": self.message,
        })
    }
}

/// What the mock decided about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It fits the spec and was answered from it.
    Valid,
    /// It breaks the spec; every issue found.
    Invalid(Vec<Issue>),
    /// The credentials the operation's security needs are not there.
    MissingCredentials(Vec<Issue>),
    /// No path template matches.
    UnknownPath,
    /// The path exists, not with this method.
    UnknownMethod,
}

impl Verdict {
    /// Whether the request broke the spec (what `--fail-on-invalid` counts).
    pub fn breaks_spec(&self) -> bool {
        !matches!(self, Verdict::Valid)
    }

    /// `valid`, `invalid`, ...: for log lines.
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid(_) => "invalid",
            Verdict::MissingCredentials(_) => "missing credentials",
            Verdict::UnknownPath => "unknown path",
            Verdict::UnknownMethod => "method not allowed",
        }
    }
}

/// One request, as answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    /// The path and query as received.
    pub target: String,
    /// The operationId, or `METHOD /template` for an operation without one.
    pub operation: Option<String>,
    pub status: u16,
    pub verdict: Verdict,
}

impl std::fmt::Display for RequestRecord {
    /// `POST /payments → 200 createPayment: valid`, then one indented line
    /// per issue.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let operation = self.operation.as_deref().unwrap_or("-");
        write!(
            f,
            "{} {} → {} {operation}: {}",
            self.method,
            shown(&self.target),
            self.status,
            self.verdict.label()
        )?;
        if let Verdict::Invalid(issues) | Verdict::MissingCredentials(issues) = &self.verdict {
            for issue in issues {
                write!(f, "\n  {}", shown(&issue.message))?;
            }
        }
        Ok(())
    }
}

/// Text from a request, for one log line: hidden characters escaped,
/// card numbers and credentials redacted.
fn shown(text: &str) -> String {
    openapi_sdkgen::redact::redact(&openapi_sdkgen::text::visible_line(text)).into_owned()
}

/// A callback or webhook the mock sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `callback paymentResult of createThreeDsPayment`, `webhook payment.captured`.
    pub what: String,
    pub url: String,
    /// The receiver's status, or why nothing was delivered.
    pub outcome: Result<u16, String>,
}

/// How many requests and deliveries a mock keeps by default: enough to
/// read back any test's traffic, bounded for a mock left running for days.
pub const LOG_CAPACITY: usize = 10_000;

/// The latest entries, at most `capacity` of them, and how many were seen
/// in all: memory stays bounded over a long run, and counts stay whole.
#[derive(Debug, Clone)]
pub struct Bounded<T> {
    latest: VecDeque<T>,
    capacity: usize,
    seen: u64,
}

impl<T: Clone> Bounded<T> {
    pub fn new(capacity: usize) -> Self {
        Bounded {
            latest: VecDeque::new(),
            capacity,
            seen: 0,
        }
    }

    pub fn push(&mut self, entry: T) {
        self.seen += 1;
        if self.capacity == 0 {
            return;
        }
        if self.latest.len() == self.capacity {
            self.latest.pop_front();
        }
        self.latest.push_back(entry);
    }

    /// The entries kept, oldest first.
    pub fn latest(&self) -> Vec<T> {
        self.latest.iter().cloned().collect()
    }

    /// Every entry pushed, kept or not.
    pub fn seen(&self) -> u64 {
        self.seen
    }
}

/// Counts over every request a mock answered, including those no longer
/// kept in its log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub requests: u64,
    /// Requests whose verdict broke the spec (what `--fail-on-invalid`
    /// counts).
    pub broke_spec: u64,
}

/// The requests a mock answered: the latest records, and the tally of all.
#[derive(Debug)]
pub struct RequestLog {
    records: Bounded<RequestRecord>,
    broke_spec: u64,
}

impl RequestLog {
    pub fn new(capacity: usize) -> Self {
        RequestLog {
            records: Bounded::new(capacity),
            broke_spec: 0,
        }
    }

    pub fn push(&mut self, record: RequestRecord) {
        if record.verdict.breaks_spec() {
            self.broke_spec += 1;
        }
        self.records.push(record);
    }

    pub fn latest(&self) -> Vec<RequestRecord> {
        self.records.latest()
    }

    pub fn tally(&self) -> Tally {
        Tally {
            requests: self.records.seen(),
            broke_spec: self.broke_spec,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: u16, verdict: Verdict) -> RequestRecord {
        RequestRecord {
            method: "GET".to_owned(),
            target: format!("/items/{n}"),
            operation: None,
            status: 200,
            verdict,
        }
    }

    #[test]
    fn the_log_keeps_the_latest_records_and_counts_every_one() {
        let mut log = RequestLog::new(2);
        log.push(record(1, Verdict::UnknownPath));
        log.push(record(2, Verdict::Valid));
        log.push(record(3, Verdict::Valid));
        let targets: Vec<String> = log.latest().into_iter().map(|r| r.target).collect();
        assert_eq!(targets, ["/items/2", "/items/3"]);
        // The request that broke the spec is gone from the log, not from the tally.
        assert_eq!(
            log.tally(),
            Tally {
                requests: 3,
                broke_spec: 1
            }
        );
    }

    #[test]
    fn a_capacity_of_zero_keeps_nothing_and_still_counts() {
        let mut log = RequestLog::new(0);
        log.push(record(1, Verdict::UnknownMethod));
        assert!(log.latest().is_empty());
        assert_eq!(log.tally().broke_spec, 1);
    }
}
