//! Broken and unsupported specs: each gives an error that names the file,
//! the line and column, and the JSON pointer of the node, and says what was
//! expected. None panics.

use std::path::Path;

use openapi_sdkgen::{load::load_str, model::build_model, SpecError, SpecErrorKind};

fn generate(text: &str) -> Result<(), SpecError> {
    let spec = load_str(Path::new("spec/bad.yaml"), text)?;
    build_model(&spec).map(drop)
}

/// A minimal valid document with `extra` appended (as components/paths).
fn spec(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: Bad\n  version: '1'\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n"
    )
}

const OK_PATHS: &str = "  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n";

fn cases() -> Vec<(&'static str, String)> {
    vec![
        ("yaml syntax", "openapi: 3.0.3\ninfo: [unclosed\n".to_owned()),
        ("not 3.0", "openapi: 3.1.0\ninfo:\n  title: x\n  version: '1'\npaths: {}\n".to_owned()),
        ("shape", spec("  /things: 5\n", "    A:\n      type: string\n")),
        ("dangling ref", spec(OK_PATHS, "    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Nope'\n")),
        ("external ref", spec(OK_PATHS, "    A:\n      $ref: 'other.yaml#/components/schemas/B'\n")),
        (
            "duplicate operationId",
            spec(
                "  /a:\n    get:\n      operationId: same\n      responses:\n        '200':\n          description: ok\n  /b:\n    get:\n      operationId: same\n      responses:\n        '200':\n          description: ok\n",
                "    A:\n      type: string\n",
            ),
        ),
        (
            "cyclic allOf",
            spec(OK_PATHS, "    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n"),
        ),
        ("cyclic ref", spec(OK_PATHS, "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n")),
        ("unknown type", spec(OK_PATHS, "    A:\n      type: object\n      properties:\n        n:\n          type: strnig\n")),
        (
            "unsupported media type",
            spec(
                "  /a:\n    post:\n      operationId: send\n      requestBody:\n        content:\n          text/xml:\n            schema:\n              type: string\n      responses:\n        '200':\n          description: ok\n",
                "    A:\n      type: string\n",
            ),
        ),
        (
            "cookie parameter",
            spec(
                "  /a:\n    get:\n      operationId: get\n      parameters:\n        - name: session\n          in: cookie\n          schema:\n            type: string\n      responses:\n        '200':\n          description: ok\n",
                "    A:\n      type: string\n",
            ),
        ),
        ("invalid pattern", spec(OK_PATHS, "    A:\n      type: string\n      pattern: '[unclosed'\n")),
        ("minLength above maxLength", spec(OK_PATHS, "    A:\n      type: string\n      minLength: 5\n      maxLength: 2\n")),
        ("allOf of a scalar", spec(OK_PATHS, "    A:\n      allOf:\n        - type: string\n        - type: object\n")),
        ("server variables", format!("openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\nservers:\n  - url: 'https://{{region}}.example.com'\npaths:\n{OK_PATHS}")),
    ]
}

#[test]
fn every_malformed_spec_is_an_error_with_file_line_and_pointer() {
    let mut report = String::new();
    for (name, text) in cases() {
        let outcome = std::panic::catch_unwind(|| generate(&text));
        let error = match outcome {
            Err(_) => panic!("{name}: the generator panicked"),
            Ok(Ok(())) => panic!("{name}: accepted a broken spec"),
            Ok(Err(error)) => error,
        };
        assert_eq!(error.file, Path::new("spec/bad.yaml"), "{name}");
        assert!(
            error.position.is_some(),
            "{name}: no line/column in {error}"
        );
        if !matches!(*error.kind, SpecErrorKind::Syntax(_)) {
            assert!(
                !error.pointer.is_empty(),
                "{name}: no JSON pointer in {error}"
            );
        }
        report.push_str(&format!("{name}:\n  {error}\n"));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn errors_point_at_the_offending_line() {
    let text = spec(OK_PATHS, "    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Nope'\n");
    let error = generate(&text).expect_err("dangling ref");
    let position = error.position.expect("position");
    let line = text.lines().nth(position.line - 1).expect("line exists");
    assert!(
        line.contains("$ref: '#/components/schemas/Nope'"),
        "line {}: {line}",
        position.line
    );
}
