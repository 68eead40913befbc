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
            "cookie parameter",
            spec(
                "  /a:\n    get:\n      operationId: get\n      parameters:\n        - name: session\n          in: cookie\n          schema:\n            type: string\n      responses:\n        '200':\n          description: ok\n",
                "    A:\n      type: string\n",
            ),
        ),
        ("minLength above maxLength", spec(OK_PATHS, "    A:\n      type: string\n      minLength: 5\n      maxLength: 2\n")),
        ("undefined server variable", format!("openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\nservers:\n  - url: 'https://{{region}}.example.com'\npaths:\n{OK_PATHS}")),
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

/// A pattern that is no ECMA-262 regular expression (another dialect's
/// `(?i)`, a typo) does not make the document unusable: both validators
/// leave it out alike, and both say so with the pointer. One that only the
/// non-Unicode grammar takes (`\-` outside a class) is checked by both.
#[test]
fn unusable_patterns_are_warnings_and_checked_by_neither_validator() {
    use openapi_sdkgen::validate::{Options, Target, Validator};
    let text = spec(
        OK_PATHS,
        "    A:\n      type: object\n      properties:\n        i:\n          type: string\n          pattern: '(?i)^a$'\n        u:\n          type: string\n          pattern: '[unclosed'\n        l:\n          type: string\n          pattern: '^\\-a$'\n",
    );
    let spec = load_str(Path::new("spec/odd.yaml"), &text).expect("loads");
    let built = build_model(&spec).expect("an odd pattern is no reason to refuse the spec");
    let warned: Vec<(String, String)> = built
        .warnings
        .iter()
        .map(|w| (w.pointer.clone(), w.to_string()))
        .collect();
    let pointers: Vec<&str> = warned.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/A/properties/i/pattern",
            "/components/schemas/A/properties/u/pattern"
        ]
    );
    assert!(
        warned[0].1.starts_with("warning: spec/odd.yaml:"),
        "{}",
        warned[0].1
    );
    assert!(
        warned[0].1.contains("not an ECMA-262 regular expression"),
        "{}",
        warned[0].1
    );

    let validator = Validator::new(&spec, Target::Schema("A".into()), Options::default())
        .expect("the runtime validator builds too");
    let runtime: Vec<&str> = validator
        .warnings()
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        runtime, pointers,
        "both validators leave out the same patterns"
    );
    assert!(validator.is_valid(&serde_json::json!({"i": "B", "u": "anything", "l": "-a"})));
    assert!(
        !validator.is_valid(&serde_json::json!({"l": "a"})),
        "the lenient pattern is checked"
    );
}

/// `allOf` members that define one property differently: the SDK's type
/// follows the later member, and the warning names both definitions.
#[test]
fn all_of_members_that_disagree_are_merged_with_a_warning() {
    let text = spec(
        OK_PATHS,
        "    Base:\n      type: object\n      properties:\n        details:\n          type: string\n    Extended:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          properties:\n            details:\n              type: array\n              items:\n                type: string\n",
    );
    let spec = load_str(Path::new("spec/merge.yaml"), &text).expect("loads");
    let built = build_model(&spec).expect("a disagreement is no reason to refuse the spec");
    let messages: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("define property `details` differently (#/components/schemas/Base/properties/details and #/components/schemas/Extended/allOf/1/properties/details)"),
        "{}",
        messages[0]
    );
    let extended = built
        .model
        .types
        .iter()
        .find(|t| t.name == "Extended")
        .expect("Extended is a type");
    let openapi_sdkgen::model::TypeKind::Struct(fields) = &extended.kind else {
        panic!("Extended is a struct");
    };
    let details = &fields.fields[0].expr.ty;
    assert!(
        matches!(details, openapi_sdkgen::model::TypeRef::Array(_)),
        "{details:?}"
    );
}
