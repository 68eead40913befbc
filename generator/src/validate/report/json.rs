//! The versioned JSON report; its schema is documented in the
//! [`validate`](crate::validate) module docs. Keys are written in a fixed
//! order and always present, so the output is stable for diffs and tools.

use serde_json::{json, Value};

use super::{target_parts, Report};
use crate::load::Position;
use crate::validate::Outcome;

/// Raised when the meaning or type of an existing key changes.
const VERSION: u32 = 1;

pub(super) fn render(report: &Report) -> String {
    let (kind, [schema, operation, status, callback]) = target_parts(&report.target);
    let summary = report.summary();
    let files: Vec<Value> = report.files.iter().map(file).collect();
    let document = json!({
        "version": VERSION,
        "spec": report.spec,
        "target": {
            "kind": kind,
            "name": report.target.to_string(),
            "schema": schema,
            "operation": operation,
            "status": status,
            "callback": callback,
        },
        "strict": report.strict,
        "summary": {
            "files": summary.files,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "not_json": summary.not_json,
            "unreadable": summary.unreadable,
            "violations": summary.violations,
        },
        "files": files,
    });
    // Printing a `serde_json::Value` cannot fail: its keys are strings.
    let mut text = serde_json::to_string_pretty(&document).expect("a JSON value prints");
    text.push('\n');
    text
}

fn file(file: &crate::validate::FileReport) -> Value {
    let (status, violations, error) = match &file.outcome {
        Outcome::Valid => ("valid", Vec::new(), Value::Null),
        Outcome::Invalid(findings) => {
            let violations = findings
                .iter()
                .map(|f| {
                    let (line, column) = line_column(f.position);
                    let v = &f.violation;
                    json!({
                        "pointer": v.pointer,
                        "line": line,
                        "column": column,
                        "rule": v.rule,
                        "expected": v.expected,
                        "actual": v.actual,
                        "message": v.message,
                    })
                })
                .collect();
            ("invalid", violations, Value::Null)
        }
        Outcome::NotJson(error) => {
            let (line, column) = line_column(error.position);
            let error = json!({"message": error.message, "line": line, "column": column});
            ("not_json", Vec::new(), error)
        }
        Outcome::Unreadable(error) => {
            let error = json!({"message": error.message, "line": null, "column": null});
            ("unreadable", Vec::new(), error)
        }
    };
    json!({
        "file": file.file,
        "status": status,
        "violations": violations,
        "error": error,
    })
}

fn line_column(position: Option<Position>) -> (Option<usize>, Option<usize>) {
    (position.map(|p| p.line), position.map(|p| p.column))
}
