//! End-to-end checks of the runtime validator on a small spec that uses
//! every construct the translation rewrites.

use std::path::Path;

use serde_json::{json, Value};

use super::*;

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /payments:
    post:
      operationId: createPayment
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Payment'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Payment'}
        4XX:
          description: refused
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
        '204': {description: nothing}
      callbacks:
        settled:
          '{$request.body#/url}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Pet'}
              responses:
                '200': {description: ok}
  /status:
    get:
      operationId: getStatus
      responses:
        '200': {description: ok}
components:
  schemas:
    Payment:
      type: object
      required: [id, merchant_txn_ref, amount, secret]
      properties:
        id: {type: string, readOnly: true}
        merchant_txn_ref: {type: string, maxLength: 45, x-custom: 1, example: abc}
        amount: {type: integer, minimum: 0, exclusiveMinimum: true}
        currency: {type: string, pattern: '^[A-Z]{3}$', format: iso4217}
        cycle_type: {type: string, enum: [DAYS, MONTHS], nullable: true}
        secret: {type: string, format: password, pattern: '^[0-9]+$'}
        pin: {type: string, x-sensitive: true, writeOnly: true, enum: ['1234']}
        card: {allOf: [{$ref: '#/components/schemas/Card'}], nullable: true}
    Card:
      type: object
      required: [number]
      properties:
        number: {type: string, maxLength: 19}
    Problem:
      allOf:
        - $ref: '#/components/schemas/Card'
        - type: object
          properties:
            detail: {type: string}
    Cat:
      type: object
      required: [kind, lives]
      properties:
        kind: {type: string}
        lives: {type: integer, maximum: 9}
    Dog:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        bark: {type: string}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          cat: '#/components/schemas/Cat'
"##;

fn spec() -> Spec {
    crate::load::load_str(Path::new("test.yaml"), SPEC).expect("test spec loads")
}

fn validator(target: Target, strict: bool) -> Validator {
    Validator::new(
        &spec(),
        target,
        Options {
            strict,
            ..Options::default()
        },
    )
    .expect("validator builds")
}

fn request() -> Target {
    Target::Request {
        operation: "createPayment".into(),
    }
}

fn messages(validator: &Validator, payload: Value) -> Vec<String> {
    validator
        .violations(&payload)
        .iter()
        .map(|v| format!("{v} [{}]", v.rule))
        .collect()
}

fn valid_payment() -> Value {
    json!({"merchant_txn_ref": "qwe", "amount": 1, "secret": "4000002500003155"})
}

fn with(mut payload: Value, key: &str, value: Value) -> Value {
    payload[key] = value;
    payload
}

#[test]
fn lengths_count_code_points_in_the_sdk_words() {
    let v = validator(request(), false);
    assert!(v.violations(&valid_payment()).is_empty());
    for ch in ["a", "決", "𠮷"] {
        assert!(v.is_valid(&with(
            valid_payment(),
            "merchant_txn_ref",
            json!(ch.repeat(45))
        )));
        let too_long = with(valid_payment(), "merchant_txn_ref", json!(ch.repeat(46)));
        assert_eq!(
            messages(&v, too_long),
            ["/merchant_txn_ref: 46 characters, at most 45 [maxLength]"]
        );
    }
}

#[test]
fn ranges_enums_patterns_and_types_read_like_the_sdk() {
    let v = validator(request(), false);
    let cases = [
        (
            "amount",
            json!(0),
            "/amount: 0, must be greater than 0 [exclusiveMinimum]",
        ),
        (
            "cycle_type",
            json!("WEEKS"),
            "/cycle_type: \"WEEKS\" is not one of DAYS, MONTHS, null [enum]",
        ),
        (
            "currency",
            json!("jpy"),
            "/currency: \"jpy\" does not match the pattern ^[A-Z]{3}$ [pattern]",
        ),
        (
            "amount",
            json!("1"),
            "/amount: expected integer, found string [type]",
        ),
    ];
    for (key, value, expected) in cases {
        assert_eq!(messages(&v, with(valid_payment(), key, value)), [expected]);
    }
    let mut missing = valid_payment();
    missing.as_object_mut().map(|o| o.remove("amount"));
    assert_eq!(
        messages(&v, missing),
        ["(root): missing required property \"amount\" [required]"]
    );
}

#[test]
fn secrets_are_masked_like_the_sdk() {
    let v = validator(request(), false);
    let bad = with(valid_payment(), "secret", json!("4000-0025-0000-3155"));
    assert_eq!(
        messages(&v, bad),
        ["/secret: \"****3155\" does not match the pattern ^[0-9]+$ [pattern]"]
    );
    let schema = validator(Target::Schema("Payment".into()), false);
    let pin = with(
        with(valid_payment(), "id", json!("p1")),
        "pin",
        json!("9999"),
    );
    assert_eq!(
        messages(&schema, pin),
        ["/pin: \"****\" is not one of 1234 [enum]"]
    );
}

#[test]
fn nullable_widens_types_enums_and_composed_schemas() {
    let v = validator(request(), false);
    assert!(v.is_valid(&with(valid_payment(), "cycle_type", Value::Null)));
    assert!(v.is_valid(&with(valid_payment(), "card", Value::Null)));
    assert!(!v.is_valid(&with(valid_payment(), "secret", Value::Null)));
    // The `anyOf` that `nullable` adds is explained through its object branch.
    let card = with(valid_payment(), "card", json!({"number": "1".repeat(20)}));
    assert_eq!(
        messages(&v, card),
        ["/card/number: 20 characters, at most 19 [maxLength]"]
    );
    let wrong = with(valid_payment(), "card", json!(5));
    assert_eq!(
        messages(&v, wrong),
        ["/card: expected object or null, found integer [anyOf]"]
    );
}

#[test]
fn read_only_leaves_requests_and_write_only_leaves_responses() {
    let request = validator(request(), false);
    assert!(request.json_schema()["$defs"]["Payment"]["properties"]
        .get("id")
        .is_none());
    let response = validator(
        Target::Response {
            operation: "createPayment".into(),
            status: "201".into(),
        },
        false,
    );
    let payment = &response.json_schema()["$defs"]["Payment"];
    assert!(payment["properties"].get("pin").is_none());
    assert_eq!(
        payment["required"],
        json!(["id", "merchant_txn_ref", "amount", "secret"])
    );
    assert!(!response.is_valid(&valid_payment()));
}

#[test]
fn translation_drops_openapi_only_keywords() {
    let schema = validator(Target::Schema("Payment".into()), false)
        .json_schema()
        .clone();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["$ref"], "#/$defs/Payment");
    let properties = &schema["$defs"]["Payment"]["properties"];
    assert_eq!(
        properties["merchant_txn_ref"],
        json!({"type": "string", "maxLength": 45})
    );
    assert_eq!(
        properties["amount"],
        json!({"type": "integer", "exclusiveMinimum": 0, "integerRange": "i64"})
    );
    assert_eq!(properties["currency"]["format"], "iso4217");
    assert_eq!(properties["cycle_type"]["type"], json!(["string", "null"]));
    assert_eq!(
        properties["card"],
        json!({"anyOf": [{"allOf": [{"$ref": "#/$defs/Card"}]}, {"type": "null"}]})
    );
    assert!(
        schema["$defs"].get("Pet").is_none(),
        "only reachable components"
    );
}

#[test]
fn strict_mode_knows_properties_from_all_of_members() {
    let target = Target::Response {
        operation: "createPayment".into(),
        status: "404".into(),
    };
    let lenient = validator(target.clone(), false);
    let strict = validator(target, true);
    let problem = json!({"number": "1", "detail": "gone", "extra": true});
    assert!(lenient.is_valid(&problem));
    assert_eq!(
        messages(&strict, problem),
        ["/extra: unknown property, not in the schema [unevaluatedProperties]"]
    );
    // A declared property that fails is reported once, not also as unknown.
    let invalid = json!({"number": "1".repeat(20), "detail": "gone"});
    assert_eq!(
        messages(&strict, invalid),
        ["/number: 20 characters, at most 19 [maxLength]"]
    );
}

#[test]
fn a_discriminator_picks_the_branch_to_explain() {
    let v = validator(
        Target::Callback {
            operation: "createPayment".into(),
            callback: "settled".into(),
        },
        false,
    );
    assert!(v.is_valid(&json!({"kind": "Dog", "bark": "woof"})));
    // Cat and Dog overlap; the tag decides, so `oneOf` does not fail.
    assert!(v.is_valid(&json!({"kind": "cat", "lives": 1})));
    assert!(!v.is_valid(&json!({"kind": "Dog", "lives": 1, "bark": 5})));
    assert_eq!(
        messages(&v, json!({"kind": "cat", "lives": 10})),
        ["/lives: 10, at most 9 [maximum]"]
    );
    assert_eq!(
        messages(&v, json!({"kind": "cow"})),
        ["/kind: \"cow\" is not one of cat, Dog [enum]"]
    );
    assert_eq!(
        messages(&v, json!({"lives": 1})),
        ["(root): missing required property \"kind\" [required]"]
    );
}

#[test]
fn unknown_targets_list_what_exists() {
    let spec = spec();
    let error = |target| match Validator::new(&spec, target, Options::default()) {
        Err(e) => e.to_string(),
        Ok(_) => String::from("built"),
    };
    assert_eq!(
        error(Target::Request { operation: "nope".into() }),
        "test.yaml: no operation with operationId `nope`; the operations are: createPayment, getStatus"
    );
    let status = Target::Response {
        operation: "createPayment".into(),
        status: "500".into(),
    };
    assert_eq!(
        error(status),
        "test.yaml: operation `createPayment` has no response `500`; its responses are: 201, 4XX, 204"
    );
    assert!(error(Target::Schema("Nope".into()))
        .contains("the schemas are: Payment, Card, Problem, Cat, Dog, Pet"));
    assert!(error(Target::Request {
        operation: "getStatus".into()
    })
    .contains("has no request body"));
    let empty = Target::Response {
        operation: "createPayment".into(),
        status: "204".into(),
    };
    assert!(error(empty).contains("response 204 of `createPayment` has no body schema"));
}

#[test]
fn findings_carry_positions_and_non_json_is_located() {
    let v = validator(request(), false);
    let text = "{\n  \"merchant_txn_ref\": \"qwe\",\n  \"amount\": -1,\n  \"secret\": \"1\"\n}\n";
    let Outcome::Invalid(findings) = v.check_bytes(text.as_bytes()) else {
        panic!("expected violations");
    };
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].position, Some(Position { line: 3, column: 3 }));
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert!(matches!(v.check_bytes(&with_bom), Outcome::Invalid(f) if f.len() == 1));
    let Outcome::NotJson(error) = v.check_bytes(b"{\n  \"amount\": \n") else {
        panic!("expected a parse error");
    };
    assert_eq!(error.message, "EOF while parsing a value");
    assert_eq!(error.position.map(|p| p.line), Some(3));
}

fn findings(v: &Validator, text: &str) -> Vec<(String, Option<Position>)> {
    match v.check_bytes(text.as_bytes()) {
        Outcome::Invalid(findings) => findings
            .into_iter()
            .map(|f| {
                (
                    format!("{} [{}]", f.violation, f.violation.rule),
                    f.position,
                )
            })
            .collect(),
        other => panic!("expected violations, got {other:?}"),
    }
}

fn at(line: usize, column: usize) -> Option<Position> {
    Some(Position { line, column })
}

#[test]
fn integers_are_what_the_sdk_reads_as_i64() {
    let v = validator(request(), false);
    for number in ["1", "9223372036854775807"] {
        let text = format!(r#"{{"merchant_txn_ref": "q", "amount": {number}, "secret": "1"}}"#);
        assert_eq!(v.check_bytes(text.as_bytes()), Outcome::Valid, "{number}");
    }
    for number in [
        "1000.0",
        "1e3",
        "-0.0",
        "-0",
        "9223372036854775808",
        "18446744073709551616",
    ] {
        let text = format!(r#"{{"merchant_txn_ref": "q", "amount": {number}, "secret": "1"}}"#);
        let found = findings(&v, &text);
        assert!(
            found.iter().any(|(message, _)| message
                .starts_with("/amount: not an integer the SDK can read as i64")
                && message.ends_with("[integerRange]")),
            "{number}: {found:?}"
        );
    }
}

#[test]
fn a_number_beyond_f64_is_a_violation_at_its_pointer() {
    let v = validator(request(), false);
    let text = "{\"merchant_txn_ref\": \"q\",\n \"amount\": 1e400, \"secret\": \"x\"}";
    assert_eq!(
        findings(&v, text),
        [
            (
                "/amount: number out of range: beyond a 64-bit float (about ±1.8e308), no reader can hold it [numberRange]".to_owned(),
                at(2, 2)
            ),
            (
                "/secret: \"****\" does not match the pattern ^[0-9]+$ [pattern]".to_owned(),
                at(2, 19)
            ),
        ]
    );
}

#[test]
fn a_repeated_key_is_a_violation_naming_both_places() {
    let v = validator(request(), false);
    let text =
        "{\"merchant_txn_ref\": \"q\", \"amount\": -5,\n \"amount\": 1000, \"secret\": \"1\"}";
    assert_eq!(
        findings(&v, text),
        [(
            "/amount: the same key appears twice in this object, at 1:27 and at 2:2; readers disagree on which value counts [duplicateKey]".to_owned(),
            at(1, 27)
        )]
    );
}

#[test]
fn surrogate_pair_escapes_keep_every_position() {
    let v = validator(request(), false);
    let text = "{\"merchant_txn_ref\": \"\\ud83d\\ude00\",\n  \"amount\": -1, \"secret\": \"1\"}";
    assert_eq!(
        findings(&v, text),
        [(
            "/amount: -1, must be greater than 0 [exclusiveMinimum]".to_owned(),
            at(2, 3)
        )]
    );
}

#[test]
fn a_schema_name_is_a_key_never_a_pointer() {
    let spec = spec();
    for name in [
        "Payment/properties/card",
        "Payment~1x",
        "#/components/schemas/Card",
    ] {
        let error = Validator::new(&spec, Target::Schema(name.into()), Options::default()).err();
        assert!(
            matches!(error, Some(ValidateError::UnknownSchema { .. })),
            "{name}"
        );
    }
    let inner = Target::SchemaPath("Payment/properties/card".into());
    let v = Validator::new(&spec, inner, Options::default()).expect("a path inside a component");
    assert_eq!(
        v.source_pointer(),
        "/components/schemas/Payment/properties/card"
    );
}

const NAMELESS: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    put:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Pet'}
          application/json:
            schema: {type: object, required: [json_only]}
      responses:
        '200': {description: ok}
components:
  schemas:
    Pet:
      type: object
      required: [name, age]
      properties:
        name: {type: string, maxLength: 5}
        age: {type: integer}
"#;

fn nameless(operation: &str, media_type: Option<&str>) -> Result<Validator, ValidateError> {
    let spec = crate::load::load_str(Path::new("nameless.yaml"), NAMELESS).expect("spec loads");
    let options = Options {
        media_type: media_type.map(crate::front::MediaType::parse),
        ..Options::default()
    };
    Validator::new(
        &spec,
        Target::Request {
            operation: operation.into(),
        },
        options,
    )
}

#[test]
fn an_operation_without_an_operation_id_is_named_by_method_and_path() {
    let validator = nameless("PUT /pets/{id}", None).expect("found by method and path");
    // The JSON media type is preferred when none is asked for.
    assert_eq!(validator.encoding(), Encoding::Json);
    assert!(!validator.is_valid(&json!({"name": "Rex", "age": 3})));
    assert!(
        nameless("put /pets/{id}", None).is_ok(),
        "the method in any case"
    );
    let error = nameless("GET /pets/{id}", None)
        .err()
        .expect("no GET operation");
    assert!(
        error
            .to_string()
            .contains("the operations are: PUT /pets/{id}"),
        "{error}"
    );
}

#[test]
fn a_form_body_is_decoded_typed_and_checked_with_pointers() {
    let validator =
        nameless("PUT /pets/{id}", Some("application/x-www-form-urlencoded")).expect("builds");
    assert_eq!(validator.encoding(), Encoding::Form);
    assert_eq!(validator.check_bytes(b"name=Rex&age=3"), Outcome::Valid);
    let Outcome::Invalid(findings) = validator.check_bytes(b"name=Rexxxxx&age=three") else {
        panic!("an invalid form is invalid");
    };
    let pointers: Vec<_> = findings
        .iter()
        .map(|f| f.violation.pointer.as_str())
        .collect();
    // In the order of the body.
    assert_eq!(pointers, ["/name", "/age"]);
    assert!(findings.iter().all(|f| f.position.is_none()));
}

#[test]
fn a_media_type_the_body_does_not_have_is_an_error_listing_those_it_has() {
    let error = nameless("PUT /pets/{id}", Some("application/xml"))
        .err()
        .expect("no such media type");
    assert_eq!(
        error.to_string(),
        "nameless.yaml: the request of `PUT /pets/{id}` has no media type `application/xml`; \
         its media types are: application/x-www-form-urlencoded, application/json"
    );
}

#[test]
fn a_schema_reached_by_pointer_is_checked_like_a_target_of_the_same_sender() {
    let spec = spec();
    let label = Target::SchemaPath("Payment".into());
    let api = crate::front::read_api(&spec).expect("front end reads");
    let as_request = Validator::at(
        &spec,
        &api,
        "/components/schemas/Payment",
        Sender::Client,
        label.clone(),
        Options::default(),
    )
    .expect("builds");
    let by_operation = validator(request(), false);
    let payload = json!({"merchant_txn_ref": "x".repeat(46), "amount": 0, "secret": "1"});
    assert_eq!(
        as_request.violations(&payload),
        by_operation.violations(&payload)
    );
    assert!(!as_request.violations(&payload).is_empty());
    // A provider's payload must carry the readOnly `id`; a client's need not.
    let as_response = Validator::at(
        &spec,
        &api,
        "/components/schemas/Payment",
        Sender::Provider,
        label,
        Options::default(),
    )
    .expect("builds");
    assert!(as_request.is_valid(&valid_payment()));
    assert!(!as_response.is_valid(&valid_payment()));
}

#[test]
fn a_parameter_schema_inside_paths_is_reachable_by_pointer() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: n, in: query, schema: {type: integer, maximum: 9}}\n      responses: {'200': {description: ok}}\n";
    let spec = crate::load::load_str(Path::new("t.yaml"), text).expect("loads");
    let api = crate::front::read_api(&spec).expect("front end reads");
    let validator = Validator::at(
        &spec,
        &api,
        "/paths/~1a/get/parameters/0/schema",
        Sender::Client,
        Target::SchemaPath("n".into()),
        Options::default(),
    )
    .expect("builds");
    assert!(validator.is_valid(&json!(9)));
    let found: Vec<String> = validator
        .violations(&json!(10))
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found, ["(root): 10, at most 9"]);
}
