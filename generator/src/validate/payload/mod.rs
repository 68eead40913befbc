//! Reading and parsing payloads, within limits, and finding where their
//! problems are.
//!
//! Limits, so that a hostile file can neither hang a CI job nor exhaust
//! its memory:
//!
//! - Only regular files are read (a FIFO would block forever, a link to
//!   `/dev/zero` would never end), and at most [`MAX_PAYLOAD_BYTES`].
//! - Arrays and objects nest at most [`MAX_NESTING`] deep (serde_json's
//!   recursion limit of 128); deeper is a parse error, not a stack overflow.
//! - Positions are found by one scan of the bytes for the pointers a
//!   report names ([`scan`]), so an invalid payload costs about its parsed
//!   size, not an index of every node.
//!
//! Two things serde_json accepts silently or refuses outright are checked
//! here: a key repeated in one object (serde_json keeps the last value;
//! other parsers keep the first) is a violation naming both places, and a
//! number beyond `f64` (`1e400`) is a violation at its pointer rather than
//! making the whole file "not JSON".

mod scan;
mod value;

use std::fs::{File, FileType};
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::outcome::NotJson;
use super::violation::{shown_pointer, Finding, Violation};
use crate::redact;
use scan::{scan, Wanted};
use scan::{DuplicateKey, HugeNumber};

/// The largest payload file read: 256 MiB. A payload is parsed whole, so
/// this also bounds the memory a check takes (a small multiple of it).
pub const MAX_PAYLOAD_BYTES: u64 = 256 * 1024 * 1024;

/// The deepest nesting of arrays and objects accepted: serde_json stops at
/// its recursion limit of 128, so 127 levels parse.
pub const MAX_NESTING: usize = 127;

/// The rule of a key that appears twice in one object.
pub const DUPLICATE_KEY_RULE: &str = "duplicateKey";
/// The rule of a number no 64-bit float can hold.
pub const NUMBER_RANGE_RULE: &str = "numberRange";

/// Why a payload file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("not a regular file ({kind}); only regular files are read")]
    NotRegular { kind: &'static str },
    #[error("{size} bytes, more than the limit of {MAX_PAYLOAD_BYTES} bytes (256 MiB)")]
    TooLarge { size: u64 },
}

/// Reads the payload at `path`: a regular file (links are followed) of at
/// most [`MAX_PAYLOAD_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    // Looked at before opening: opening a FIFO blocks until a writer comes.
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular {
            kind: file_kind(&metadata.file_type()),
        });
    }
    if metadata.len() > MAX_PAYLOAD_BYTES {
        return Err(ReadError::TooLarge {
            size: metadata.len(),
        });
    }
    let file = File::open(path)?;
    // The size may have changed since: read one byte past the limit at most.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_PAYLOAD_BYTES + 1).read_to_end(&mut bytes)?;
    let size = bytes.len() as u64;
    if size > MAX_PAYLOAD_BYTES {
        return Err(ReadError::TooLarge { size });
    }
    Ok(bytes)
}

/// What kind of file system entry this is, in words for messages.
pub fn file_kind(file_type: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// A parsed payload and what parsing noticed.
pub(super) struct Payload {
    pub value: Value,
    /// Some object repeats a key (the scanner finds where).
    has_duplicate_keys: bool,
    /// Numbers beyond `f64`, which stand as `null` in `value`.
    huge_numbers: Vec<HugeNumber>,
}

/// Parses a payload; a number beyond `f64` does not make it "not JSON".
pub(super) fn parse(bytes: &[u8]) -> Result<Payload, NotJson> {
    let error = match value::parse(bytes) {
        Ok(parsed) => {
            return Ok(Payload {
                value: parsed.value,
                has_duplicate_keys: parsed.has_duplicate_keys,
                huge_numbers: Vec::new(),
            })
        }
        Err(error) => error,
    };
    if !error.to_string().starts_with("number out of range") {
        return Err(NotJson::from_error(&error));
    }
    // Rare: find every such number, and parse again with `null` in their
    // places, so the rest of the payload is still checked.
    let wanted = Wanted {
        huge_numbers: true,
        ..Wanted::default()
    };
    let huge_numbers = match scan(bytes, &wanted) {
        Ok(found) if !found.huge_numbers.is_empty() => found.huge_numbers,
        _ => return Err(NotJson::from_error(&error)),
    };
    let mut patched = Vec::with_capacity(bytes.len());
    let mut copied = 0;
    for number in &huge_numbers {
        patched.extend_from_slice(&bytes[copied..number.bytes.start]);
        patched.extend_from_slice(b"null");
        copied = number.bytes.end;
    }
    patched.extend_from_slice(&bytes[copied..]);
    match value::parse(&patched) {
        Ok(parsed) => Ok(Payload {
            value: parsed.value,
            has_duplicate_keys: parsed.has_duplicate_keys,
            huge_numbers,
        }),
        Err(_) => Err(NotJson::from_error(&error)),
    }
}

impl Payload {
    /// Nothing but the schema can make this payload invalid.
    pub fn is_plain(&self) -> bool {
        !self.has_duplicate_keys && self.huge_numbers.is_empty()
    }

    /// The schema's violations, each with its unredacted pointer, with
    /// those of numbers beyond `f64` in place of what the schema said of
    /// their `null` stand-ins.
    pub fn merge(&self, mut violations: Vec<(String, Violation)>) -> Vec<(String, Violation)> {
        violations.retain(|(at, _)| !self.huge_numbers.iter().any(|h| h.pointer == *at));
        violations.extend(
            self.huge_numbers
                .iter()
                .map(|h| (h.pointer.clone(), huge_number(h))),
        );
        violations
    }
}

/// Where the payload's problems are: positions of `violations` (found by
/// their unredacted pointers; reports show the redacted ones), and the
/// repeated keys when parsing noticed some. Positions are `None` when the
/// bytes cannot be scanned.
pub(super) fn locate(
    bytes: &[u8],
    payload: &Payload,
    violations: Vec<(String, Violation)>,
) -> Vec<Finding> {
    let mut wanted = Wanted {
        duplicate_keys: payload.has_duplicate_keys,
        ..Wanted::default()
    };
    for (at, _) in &violations {
        wanted.position_of(at);
    }
    let found = scan(bytes, &wanted).ok();
    let mut findings: Vec<Finding> = violations
        .into_iter()
        .map(|(at, violation)| Finding {
            position: found.as_ref().and_then(|f| f.position(&at)),
            violation,
        })
        .collect();
    let duplicates = found.map(|f| f.duplicate_keys).unwrap_or_default();
    if payload.has_duplicate_keys && duplicates.is_empty() {
        // Parsing saw one, the scan could not place it: still say so.
        let message = "(root): some object has the same key twice".to_owned();
        findings.push(Finding {
            violation: Violation::worded(
                "",
                DUPLICATE_KEY_RULE,
                "each key once".into(),
                "twice".into(),
                message,
            ),
            position: None,
        });
    }
    findings.extend(duplicates.iter().map(duplicate_key));
    findings
}

fn duplicate_key(duplicate: &DuplicateKey) -> Finding {
    let pointer = redact::pointer(&duplicate.pointer);
    let message = format!(
        "{}: the same key appears twice in this object, at {} and at {}; readers disagree on which value counts",
        shown_pointer(&pointer),
        duplicate.first,
        duplicate.again
    );
    Finding {
        violation: Violation::worded(
            &pointer,
            DUPLICATE_KEY_RULE,
            "each key once".into(),
            format!("twice, at {} and {}", duplicate.first, duplicate.again),
            message,
        ),
        position: Some(duplicate.first),
    }
}

/// The literal is not shown: it could be a secret, and could be long.
fn huge_number(number: &HugeNumber) -> Violation {
    let pointer = redact::pointer(&number.pointer);
    let message = format!(
        "{}: number out of range: beyond a 64-bit float (about ±1.8e308), no reader can hold it",
        shown_pointer(&pointer)
    );
    Violation::worded(
        &pointer,
        NUMBER_RANGE_RULE,
        "a number within ±1.8e308".into(),
        "out of range".into(),
        message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_stops_at_the_documented_limit() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(nested(MAX_NESTING).as_bytes()).is_ok());
        let error = parse(nested(MAX_NESTING + 1).as_bytes()).err();
        assert!(
            error.as_ref().is_some_and(|e| e.message.contains("127")),
            "{error:?}"
        );
    }

    #[test]
    fn huge_numbers_stand_as_null_and_are_remembered() {
        let payload = parse(br#"{"a": 1e400, "b": [2, -1e999]}"#).expect("parses");
        assert_eq!(
            payload.value,
            serde_json::json!({"a": null, "b": [2, null]})
        );
        let pointers: Vec<_> = payload
            .huge_numbers
            .iter()
            .map(|h| h.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["/a", "/b/1"]);
        assert!(parse(b"[1e400").is_err());
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.json");
        std::fs::write(&file, b"{}").expect("write");
        assert_eq!(read(&file).ok(), Some(b"{}".to_vec()));
        let error = read(dir.path()).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("not a regular file (a directory); only regular files are read")
        );
        assert!(matches!(
            read(&dir.path().join("missing.json")),
            Err(ReadError::Io(_))
        ));
        let big = File::create(dir.path().join("big.json")).expect("create");
        big.set_len(MAX_PAYLOAD_BYTES + 1).expect("sparse file");
        assert!(matches!(
            read(&dir.path().join("big.json")),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
