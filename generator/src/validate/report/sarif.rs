//! SARIF 2.1.0, the format GitHub code scanning (and other tools) import:
//! one run, one rule per JSON Schema keyword that failed, one result per
//! problem with its file, line and column.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::{entries, Entry, Report, READ_RULE, SYNTAX_RULE};

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn render(report: &Report) -> String {
    let entries = entries(report);
    let rules: Vec<&str> = entries
        .iter()
        .map(|e| e.rule)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let results: Vec<Value> = entries.iter().map(|e| result(e, &rules)).collect();
    let document = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "openapi-sdkgen validate",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|id| rule(id)).collect::<Vec<_>>(),
                }
            },
            // Columns come from the source map, which counts characters.
            "columnKind": "unicodeCodePoints",
            "properties": {"spec": report.spec, "target": report.target.to_string()},
            "results": results,
        }],
    });
    // Printing a `serde_json::Value` cannot fail: its keys are strings.
    let mut text = serde_json::to_string_pretty(&document).expect("a JSON value prints");
    text.push('\n');
    text
}

fn rule(id: &str) -> Value {
    let description = if id == SYNTAX_RULE {
        "The file is not JSON, so it could not be checked.".to_owned()
    } else if id == READ_RULE {
        "The file could not be read, so it could not be checked.".to_owned()
    } else {
        format!("The payload breaks the `{id}` constraint of the spec's schema.")
    };
    json!({"id": id, "shortDescription": {"text": description}})
}

fn result(entry: &Entry<'_>, rules: &[&str]) -> Value {
    let mut location = json!({"artifactLocation": {"uri": uri(entry.file)}});
    if let Some(position) = entry.position {
        location["region"] = json!({"startLine": position.line, "startColumn": position.column});
    }
    json!({
        "ruleId": entry.rule,
        "ruleIndex": rules.iter().position(|r| *r == entry.rule),
        "level": "error",
        "message": {"text": entry.message.as_ref()},
        "locations": [{"physicalLocation": location}],
    })
}

/// A relative URI reference for a path: `/` separators, and characters
/// that are not allowed in a URI path percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("dir name\\決.json"), "dir%20name/%E6%B1%BA.json");
    }
}
