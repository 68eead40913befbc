//! Behaviour of the generated construct crate (copied into it by
//! `tests/constructs.rs`): what users of generated types rely on.

use constructs::{all_of, constraints, enums, extensions, keywords, media, names, objects, secrets, security, unions, Validate};
use serde_json::json;

fn violations<T: Validate>(value: &T) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(all) => all.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn optional_fields_reject_null_but_may_be_absent() {
    let absent = json!({"required_plain": "a", "required_nullable": null});
    let parsed: objects::Presence = serde_json::from_value(absent.clone()).expect("absent optional is fine");
    assert_eq!(parsed.optional_plain, None);
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), absent);

    let null = json!({"required_plain": "a", "required_nullable": null, "optional_plain": null});
    assert!(serde_json::from_value::<objects::Presence>(null).is_err());
}

#[test]
fn required_nullable_fields_must_be_present_and_may_be_null() {
    let missing = json!({"required_plain": "a"});
    assert!(serde_json::from_value::<objects::Presence>(missing).is_err());
    let null = json!({"required_plain": "a", "required_nullable": null});
    let parsed: objects::Presence = serde_json::from_value(null).expect("null is allowed");
    assert_eq!(parsed.required_nullable, None);
}

#[test]
fn optional_nullable_fields_keep_absent_and_null_apart() {
    let null = json!({"required_plain": "a", "required_nullable": "b", "optional_nullable": null});
    let parsed: objects::Presence = serde_json::from_value(null.clone()).expect("parses");
    assert_eq!(parsed.optional_nullable, Some(None));
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), null);
}

#[test]
fn read_only_fields_are_not_required_in_requests_nor_write_only_ones_in_answers() {
    let request = objects::Account { id: None, name: "kei".into(), password: Some("pw".into()) };
    assert!(violations(&request).is_empty(), "{:?}", violations(&request));
    let answer: objects::Account = serde_json::from_value(json!({"id": "a1", "name": "kei"})).expect("an answer without the password parses");
    assert_eq!(answer.id.as_deref(), Some("a1"));
    assert!(violations(&answer).is_empty());
}

#[test]
fn json_key_order_round_trips() {
    let text = r#"{"id":"x","zeta":1,"alpha":2}"#;
    let parsed: objects::Extensible = serde_json::from_str(text).expect("parses");
    assert_eq!(parsed.additional_properties.len(), 2);
    assert_eq!(serde_json::to_string(&parsed).expect("serializes"), text);
}

#[test]
fn recursive_types_nest() {
    let tree: objects::Tree = serde_json::from_value(json!({
        "name": "root", "parent": {"name": "up"}, "children": [{"name": "leaf"}]
    }))
    .expect("parses");
    assert_eq!(tree.parent.expect("parent").name, "up");
    let alias: objects::Reference = serde_json::from_value(json!({"name": "a"})).expect("alias parses");
    assert_eq!(alias.name, "a");
}

#[test]
fn wire_names_map_to_rust_names_and_back() {
    let text = r#"{"type":"t","ref":1,"risk-details":{"score":2},"acceptHeader":"h","3ds":true,"item":{"sku":"s"},"status":"open"}"#;
    let order: names::Order = serde_json::from_str(text).expect("parses");
    assert_eq!(order.type_.as_deref(), Some("t"));
    assert_eq!(order.ref_, Some(1));
    assert_eq!(order.risk_details.as_ref().and_then(|r| r.score), Some(2));
    assert_eq!(order.accept_header.as_deref(), Some("h"));
    assert_eq!(order.n3ds, Some(true));
    let _: Option<names::OrderItem2> = order.item.clone();
    assert_eq!(serde_json::to_string(&order).expect("serializes"), text);
}

#[test]
fn names_that_clash_once_converted_get_numeric_suffixes_and_keep_their_wire_names() {
    let text = r#"{"$ref":"r","example":"e","x-tag":1,"statementId":"a","statementID":"b","kind":"a_b"}"#;
    let statement: names::Statement = serde_json::from_str(text).expect("parses");
    assert_eq!(statement.ref_.as_deref(), Some("r"));
    assert_eq!(statement.x_tag, Some(1));
    assert_eq!(statement.statement_id.as_deref(), Some("a"));
    assert_eq!(statement.statement_id2.as_deref(), Some("b"));
    assert_eq!(statement.kind, Some(names::StatementKind::AB2));
    assert_eq!(serde_json::to_string(&statement).expect("serializes"), text);
    for (wire, variant) in [
        ("a-b", names::StatementKind::AB),
        ("Unknown", names::StatementKind::Unknown2),
        ("unknown", names::StatementKind::Unknown3),
        ("other", names::StatementKind::Unknown("other".into())),
    ] {
        let parsed: names::StatementKind = serde_json::from_value(json!(wire)).expect("parses");
        assert_eq!(parsed, variant, "{wire}");
    }
    let _ = names::PetStore("a".to_owned());
    let error: names::ModelError =
        serde_json::from_value(json!({"message": "m", "result": "ok"})).expect("parses");
    assert_eq!(error.message, Some(names::ModelString("m".to_owned())));
    assert_eq!(error.result, Some(names::ModelResult::Ok));
    let _ = names::PetStore2(1);
}

#[test]
fn all_of_merges_properties_and_requirements() {
    assert!(serde_json::from_value::<all_of::Extended>(json!({"id": "1"})).is_err());
    let extended: all_of::Extended =
        serde_json::from_value(json!({"id": "1", "note": "far too long note"})).expect("parses");
    assert_eq!(violations(&extended), ["/note: 17 characters, at most 10"]);
    let holder: all_of::Holder = serde_json::from_value(json!({"base": null})).expect("nullable single allOf");
    assert_eq!(holder.base, Some(None));
}

#[test]
fn all_of_values_keep_every_members_limits() {
    let short = all_of::ShortName("Too-long-name".into());
    assert_eq!(
        violations(&short),
        ["(root): 13 characters, at most 8", r#"(root): "Too-long-name" does not match the pattern ^[a-z][a-z0-9-]*$"#]
    );
    let resource: all_of::Resource = serde_json::from_value(json!({"name": "ok", "count": 11})).expect("parses");
    assert_eq!(violations(&resource), ["/count: 11, at most 10"]);
    // "x" is no UUID but a valid name: the member it is valid against.
    let name: all_of::NameOrId = serde_json::from_value(json!("x")).expect("parses");
    assert!(matches!(name, all_of::NameOrId::Name(_)), "{name:?}");
    assert!(violations(&name).is_empty());
    // Valid against neither: the first member, with its violations.
    let neither: all_of::NameOrId = serde_json::from_value(json!("X")).expect("parses");
    assert_eq!(violations(&neither), [r#"(root): "X" is not a valid uuid"#]);
}

#[test]
fn discriminator_selects_the_variant() {
    let cat: unions::Pet = serde_json::from_value(json!({"kind": "cat", "lives": 10})).expect("cat");
    assert!(matches!(cat, unions::Pet::Cat(_)));
    assert_eq!(violations(&cat), ["/lives: 10, at most 9"]);
    let dog: unions::Pet = serde_json::from_value(json!({"kind": "dog", "good": true})).expect("dog");
    assert_eq!(serde_json::to_value(&dog).expect("serializes"), json!({"kind": "dog", "good": true}));
    assert!(serde_json::from_value::<unions::Pet>(json!({"kind": "cow"})).is_err());
    assert!(serde_json::from_value::<unions::Pet>(json!({"lives": 1})).is_err());
}

#[test]
fn untagged_unions_take_the_first_member_the_value_is_valid_against() {
    let name: unions::NameOrUuid = serde_json::from_value(json!("web-1")).expect("a name");
    assert!(matches!(name, unions::NameOrUuid::String(_)), "{name:?}");
    let id: unions::NameOrUuid = serde_json::from_value(json!("0b6f3a4e-2c1d-4e5f-8a9b-0c1d2e3f4a5b")).expect("a uuid");
    assert!(matches!(id, unions::NameOrUuid::String2(_)), "{id:?}");
    assert!(violations(&id).is_empty());
    // Valid against neither: the first member that parses, with its violations.
    let neither: unions::NameOrUuid = serde_json::from_value(json!("Web 1")).expect("parses");
    assert!(matches!(neither, unions::NameOrUuid::String(_)), "{neither:?}");
    assert!(!violations(&neither).is_empty());
    let error = serde_json::from_value::<unions::NameOrUuid>(json!(5)).expect_err("a number is neither");
    assert_eq!(error.to_string(), "data did not match any variant of untagged enum NameOrUuid");
}

#[test]
fn untagged_unions_take_the_first_member_that_parses() {
    let id: unions::IdOrName = serde_json::from_value(json!(0)).expect("integer");
    assert!(matches!(id, unions::IdOrName::Integer(0)));
    assert_eq!(violations(&id), ["(root): 0, at least 1"]);
    let name: unions::IdOrName = serde_json::from_value(json!("toolong")).expect("string");
    assert_eq!(violations(&name), ["(root): 7 characters, at most 5"]);
    let any: unions::AnyPet = serde_json::from_value(json!({"kind": "x", "lives": 1})).expect("any of");
    assert!(matches!(any, unions::AnyPet::Cat(_)));
}

#[test]
fn unknown_enum_values_parse_but_fail_validation() {
    let known: enums::Status = serde_json::from_value(json!("PRE_AUTH")).expect("known");
    assert_eq!(known, enums::Status::PreAuth);
    let empty: enums::Status = serde_json::from_value(json!("")).expect("empty string value");
    assert_eq!(empty, enums::Status::Empty);
    let new: enums::Status = serde_json::from_value(json!("REFUND")).expect("unknown still parses");
    assert_eq!(new, enums::Status::Unknown("REFUND".into()));
    assert_eq!(new.as_str(), "REFUND");
    assert_eq!(violations(&new), [r#"(root): "REFUND" is not one of PRE_AUTH, CAPTURE, "#]);
    let sized: enums::Sized = serde_json::from_value(json!({"size": 4, "status": "X", "mood": null})).expect("parses");
    assert_eq!(
        violations(&sized),
        [r#"/size: 4 is not one of 1, 2, 3"#, r#"/status: "X" is not one of PRE_AUTH, CAPTURE, "#]
    );
}

#[test]
fn an_enum_of_only_null_is_the_value_null() {
    let link: enums::Link = serde_json::from_value(json!({"method": "GET", "done": null})).expect("parses");
    assert_eq!(link.done, Some(serde_json::Value::Null));
    assert!(violations(&link).is_empty());
    let wrong: enums::Link = serde_json::from_value(json!({"method": "PUT", "done": 1})).expect("parses");
    assert_eq!(violations(&wrong), [r#"/method: "PUT" is not one of GET, POST, DELETE"#, "/done: 1 is not one of null"]);
}

#[test]
fn a_union_member_far_larger_than_the_others_is_boxed_and_parses_the_same() {
    let receipt: unions::Attachment = serde_json::from_value(json!({"id": "r", "city": "Tokyo"})).expect("parses");
    // The first member that parses wins, boxed or not.
    assert!(matches!(&receipt, unions::Attachment::Note(note) if note.id.as_deref() == Some("r")));
    let receipt: unions::Receipt = serde_json::from_value(json!({"city": "Tokyo"})).expect("parses");
    let boxed = unions::Attachment::Receipt(Box::new(receipt));
    assert_eq!(serde_json::to_value(&boxed).expect("serializes"), json!({"city": "Tokyo"}));
    assert!(std::mem::size_of::<unions::Attachment>() <= 2 * std::mem::size_of::<unions::Note>());
}

#[test]
fn lengths_count_code_points() {
    for (ch, label) in [('a', "ascii"), ('決', "japanese"), ('𠮷', "supplementary")] {
        let at_limit: constraints::Reference = serde_json::from_value(json!(ch.to_string().repeat(8))).expect("parses");
        assert!(at_limit.validate().is_ok(), "{label}: 8 characters fit maxLength 8");
        let past: constraints::Reference = serde_json::from_value(json!(ch.to_string().repeat(9))).expect("parses");
        assert_eq!(violations(&past), ["(root): 9 characters, at most 8"], "{label}");
    }
}

#[test]
fn every_violation_is_reported_with_its_pointer() {
    let limits: constraints::Limits =
        serde_json::from_value(json!({"code": "a", "amount": 100, "rate": 0.5, "items": []})).expect("parses");
    assert_eq!(
        violations(&limits),
        [
            "/code: 1 characters, at least 2",
            r#"/code: "a" does not match the pattern ^[A-Z]+$"#,
            "/amount: 100, must be less than 100",
            "/rate: 0.5, must be greater than 0.5",
            "/items: 0 items, at least 1",
        ]
    );
    let fine: constraints::Limits =
        serde_json::from_value(json!({"code": "AB", "amount": 99, "rate": 1.5, "items": ["x"]})).expect("parses");
    assert!(fine.validate().is_ok());
    let off_step: constraints::Limits = serde_json::from_value(json!({"code": "AB", "rate": 1.2})).expect("parses");
    assert_eq!(violations(&off_step), ["/rate: 1.2 is not a multiple of 0.5"]);
}

#[test]
fn secrets_are_masked_in_debug_and_in_reports() {
    let secrets: constraints::Secrets =
        serde_json::from_value(json!({"number": "4000002500003155", "cvc": "12x", "holder": "Taro"})).expect("parses");
    let debug = format!("{secrets:?}");
    assert!(debug.contains("****3155") && debug.contains("Taro"), "{debug}");
    assert!(!debug.contains("4000002500003155") && !debug.contains("12x"), "{debug}");
    let report = violations(&secrets).join("\n");
    assert!(report.contains(r#"/cvc: "****" does not match"#), "{report}");
    assert!(!report.contains("12x"), "{report}");
}

#[test]
fn parse_errors_point_into_arrays_at_escaped_keys_and_at_the_object_missing_a_field() {
    let pointer = |json: &[u8]| match constructs::support::parse::<objects::Tree>(json) {
        Err(constructs::PayloadError::Parse { pointer, .. }) => pointer,
        other => panic!("{other:?}"),
    };
    assert_eq!(pointer(br#"{"name": "r", "children": [{"name": "a"}, {"name": 5}]}"#), "/children/1/name");
    assert_eq!(pointer(br#"{"name": "r", "children": [{"name": "a"},
        {"parent": {"name": "p"}}]}"#), "/children/1");
    assert_eq!(pointer(br#"{"n\u0061me": "r", "parent": {"na\"me": 1, "name": true}}"#), "/parent/name");
    assert_eq!(pointer(br#"{"name": "r"} trailing"#), "");
}

#[test]
fn parse_errors_name_the_place_but_never_the_value() {
    let error = constructs::support::parse::<constraints::Secrets>(br#"{"holder": "Taro", "number": 4000002500003155}"#)
        .expect_err("a number where a string belongs");
    let constructs::PayloadError::Parse { pointer, message } = &error else { panic!("{error:?}") };
    assert_eq!(pointer, "/number");
    assert_eq!(message, "invalid type: integer, expected a string");
    let quoted = constructs::support::parse::<constraints::Secrets>(br#"{"number": ["4000002500003155"]}"#)
        .expect_err("an array where a string belongs");
    assert!(!quoted.to_string().contains("4000"), "{quoted}");
}

const NOT_SIXTEEN: &str = "40000025000031556";

fn wallet() -> secrets::Wallet {
    serde_json::from_value(json!({
        "by_ref": NOT_SIXTEEN,
        "pin": 123,
        "wrapped": {"number": NOT_SIXTEEN, "expiry_year": 1999},
        "either": NOT_SIXTEEN,
        "secret_card": {"number": NOT_SIXTEEN, "holder": {"name": "Taro Yamada"}},
        "numbers": [NOT_SIXTEEN],
        "secret_list": ["x40000025000031556"],
        "secret_map": {"a": "x40000025000031556"},
    }))
    .expect("parses")
}

#[test]
fn secrets_marked_on_a_ref_target_wrapper_parent_array_or_map_never_show_in_debug() {
    let debug = format!("{:?}", wallet());
    assert!(!debug.contains("0003155") && !debug.contains("1999") && !debug.contains("Taro"), "{debug}");
    assert!(!debug.contains("123"), "{debug}");
    let alone: secrets::CardNumber = serde_json::from_value(json!(NOT_SIXTEEN)).expect("parses");
    assert_eq!(format!("{alone:?}"), r#"CardNumber("****1556")"#);
    let inherited: secrets::Extended = serde_json::from_value(json!({"token": "tok_12345", "label": "a"})).expect("parses");
    assert!(!format!("{inherited:?}").contains("tok_12345"), "{inherited:?}");
}

#[test]
fn secrets_marked_anywhere_in_the_schema_are_masked_in_validate_messages() {
    let report = violations(&wallet()).join("\n");
    assert!(!report.contains("0003155") && !report.contains("1999") && !report.contains("123,"), "{report}");
    for pointer in [
        "/by_ref", "/pin", "/wrapped/number", "/wrapped/expiry_year", "/either", "/secret_card/number",
        "/secret_card/holder/name", "/numbers/0", "/secret_list/0", "/secret_map/a",
    ] {
        assert!(report.contains(&format!("{pointer}: ")), "{pointer}:\n{report}");
    }
    assert!(report.contains(r#"/by_ref: "****1556" does not match"#), "{report}");
    assert!(report.contains(r#"/pin: "****", at least 1000"#), "{report}");
    let inherited: secrets::Extended = serde_json::from_value(json!({"token": "tok_12345"})).expect("parses");
    assert_eq!(violations(&inherited), ["/token: 9 characters, at most 4"]);
}

#[test]
fn look_alike_card_numbers_and_credentials_are_redacted_in_any_field() {
    let note = |text: &str| -> secrets::Wallet { serde_json::from_value(json!({ "note": text })).expect("parses") };
    assert_eq!(violations(&note("4000 0025 0000 3155")), [r#"/note: "4000 00** **** 3155" does not match the pattern ^[a-z]*$"#]);
    assert_eq!(violations(&note("sk_live_abcdef123456")), [r#"/note: "sk_live_****" does not match the pattern ^[a-z]*$"#]);
    let count: secrets::Wallet = serde_json::from_value(json!({"count": 4000002500003155_i64})).expect("parses");
    assert_eq!(violations(&count), ["/count: 400000******3155, at most 10"]);
    let brand: secrets::Wallet = serde_json::from_value(json!({"brand": "amex"})).expect("parses");
    assert_eq!(violations(&brand), [r#"/brand: "amex" is not one of 411111******1111, visa"#]);
    let long = note(&"X".repeat(300));
    assert!(violations(&long)[0].contains(r#"…" (300 characters) does not match"#), "{:?}", violations(&long));
}

#[test]
fn error_bodies_mask_secret_fields_whole_and_look_alikes_anywhere() {
    let body = br#"{"wrapped": {"number": "4000002500003155", "expiry_year": 2030}, "pin": 1234, "message": "card 4111111111111111 declined, key sk_test_abcdef"}"#;
    let shown = constructs::http::masked_body(body, &["pin", "wrapped"]);
    assert!(!shown.contains("4000002500003155") && !shown.contains("2030") && !shown.contains("1234"), "{shown}");
    assert!(shown.contains("411111******1111") && shown.contains("sk_test_****"), "{shown}");
    let text = constructs::http::masked_body(b"not json: 4111111111111111", &[]);
    assert_eq!(text, "not json: 411111******1111");
}

fn profile(value: serde_json::Value) -> keywords::Profile {
    serde_json::from_value(value).expect("parses")
}

#[test]
fn patterns_are_ecma_262_with_ascii_classes_look_around_and_literal_non_ascii() {
    let fine = profile(json!({"handle": "taro.y+jp/x-1", "prefecture": "東京都", "nickname": "taro"}));
    assert!(fine.validate().is_ok(), "{:?}", violations(&fine));
    let wrong = profile(json!({"handle": "tarō", "prefecture": "京都", "nickname": "taro_"}));
    assert_eq!(
        violations(&wrong),
        [
            r#"/handle: "tarō" does not match the pattern ^[\w\-\/\.\+]{1,255}$"#,
            r#"/prefecture: "京都" does not match the pattern ^(東京都|大阪府|.{2,3}県)$"#,
            r#"/nickname: "taro_" does not match the pattern (?<!_)$"#,
        ]
    );
}

#[test]
fn formats_are_checked_with_the_shared_rules() {
    let fine = profile(json!({
        "email": "taro@example.jp", "website": "https://example.jp/a", "born": "2000-02-29",
        "seen": "2024-05-01T09:00:00+09:00", "address": "192.0.2.1", "address6": "2001:db8::1"
    }));
    assert!(fine.validate().is_ok(), "{:?}", violations(&fine));
    let wrong = profile(json!({
        "email": "taro", "website": "example.jp/a", "born": "2001-02-29",
        "seen": "2024-05-01T09:00:00", "address": "192.0.2.01", "address6": "2001:db8::g"
    }));
    assert_eq!(
        violations(&wrong),
        [
            r#"/email: "taro" is not a valid email"#,
            r#"/website: "example.jp/a" is not a valid uri"#,
            r#"/born: "2001-02-29" is not a valid date"#,
            r#"/seen: "2024-05-01T09:00:00" is not a valid date-time"#,
            r#"/address: "192.0.2.01" is not a valid ipv4"#,
            r#"/address6: "2001:db8::g" is not a valid ipv6"#,
        ]
    );
}

#[test]
fn unique_items_compare_json_values_and_property_counts_include_every_present_property() {
    let fine = profile(json!({"tags": ["a", "b"], "scores": [1, 1.5]}));
    assert!(fine.validate().is_ok(), "{:?}", violations(&fine));
    let repeated = profile(json!({"tags": ["a", "b", "a"], "scores": [1, 1.0]}));
    assert_eq!(violations(&repeated), ["/tags: items are not unique", "/scores: items are not unique"]);
    let labels = profile(json!({"labels": {"a": "1", "b": "2", "c": "3"}}));
    assert_eq!(violations(&labels), ["/labels: 3 properties, at most 2"]);
    let counted = |value| violations(&serde_json::from_value::<keywords::Counted>(value).expect("parses"));
    assert_eq!(counted(json!({"id": "1"})), ["(root): 1 properties, at least 2"]);
    // A present `null` is a property too.
    assert!(counted(json!({"id": "1", "note": null})).is_empty());
    assert!(counted(json!({"id": "1", "x": "y", "note": "n"})).is_empty());
    assert_eq!(counted(json!({"id": "1", "note": "n", "x": "1", "y": "2"})), ["(root): 4 properties, at most 3"]);
}

/// Runs a client call to its first `await`: a call that validation refuses
/// has returned by then, before any connection is opened.
fn refused_before_sending<T: std::fmt::Debug>(
    call: impl std::future::Future<Output = Result<T, constructs::http::Error>>,
) -> String {
    struct NoWake;
    impl std::task::Wake for NoWake {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(NoWake));
    let mut call = std::pin::pin!(call);
    let mut context = std::task::Context::from_waker(&waker);
    match std::future::Future::poll(call.as_mut(), &mut context) {
        std::task::Poll::Ready(Err(constructs::http::Error::Validation(violations))) => violations.to_string(),
        other => panic!("expected a validation error before sending, got {other:?}"),
    }
}

#[test]
fn path_query_and_header_arguments_are_checked_before_anything_is_sent() {
    // A loopback port nobody connects to unless a request is sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    let client = keywords::Client::new(keywords::Server::Custom(url), keywords::Credentials { key: constructs::http::Secret::new("k") }).expect("builds");
    let refused = refused_before_sending(client.list_entries("ab_c", Some(101), Some("r-1")));
    assert_eq!(
        refused,
        [
            r#"/path/accountId: "ab_c" does not match the pattern ^(?=.*\d)[\w\-]{3,20}$"#,
            "/query/limit: 101, at most 100",
            r#"/header/Request-Id: "r-1" is not a valid uuid"#,
        ]
        .join("; ")
    );
    assert_eq!(
        refused_before_sending(client.list_entries("ab-1", Some(0), None)),
        "/query/limit: 0, at least 1"
    );
    assert!(listener.accept().is_err(), "a refused request opened a connection");
}

#[test]
fn templated_servers_fill_in_their_variables() {
    let regional = media::Server::Server2 {
        scheme: "https".into(),
        region: "jp".into(),
        port: "8443".into(),
    };
    assert_eq!(regional.url(), "https://jp.files.example.com:8443/v1");
    assert_eq!(media::Server::Server1.url(), "https://files.example.com");
    assert_eq!(media::Server::Custom("http://127.0.0.1:1".into()).url(), "http://127.0.0.1:1");
}

/// Answers one request on `listener` with `response` and returns the
/// request as received (its head and a body of `Content-Length` bytes).
fn answer_once(listener: std::net::TcpListener, response: &'static [u8]) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut stream, _) = listener.accept().expect("a request arrives");
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let read = stream.read(&mut buffer).expect("reads");
            received.extend_from_slice(&buffer[..read]);
            let head_end = received.windows(4).position(|w| w == b"\r\n\r\n");
            if let Some(end) = head_end {
                let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|value| value.trim().parse().ok())
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    break;
                }
            }
            if read == 0 {
                break;
            }
        }
        stream.write_all(response).expect("answers");
        received
    })
}

#[test]
fn a_multipart_body_is_sent_with_the_boundary_its_content_type_names() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    let server = answer_once(
        listener,
        b"HTTP/1.1 201 Created\r\ncontent-type: application/problem+json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{\"id\":\"u1\"}",
    );
    let secret = || constructs::http::Secret::new("s");
    let credentials = media::Credentials { oauth: secret(), openid: secret(), session: secret(), digest: secret() };
    let client = media::Client::new(media::Server::Custom(url), credentials).expect("builds");
    let form = constructs::multipart::Form::new()
        .part("file", constructs::multipart::Part::bytes(b"\x00\xffzip".to_vec()).file_name("a.zip"))
        .text("note", "hello");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let created = runtime.block_on(client.upload(Some(form))).expect("sent and answered");
    assert!(matches!(created, media::UploadResponse { id: Some(ref id) } if id == "u1"), "{created:?}");

    let received = server.join().expect("the server ran");
    let end = received.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&received[..end]).into_owned();
    let content_type = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.trim().to_owned())
        .expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("the boundary is named");
    let body = &received[end + 4..];
    let text = String::from_utf8_lossy(body);
    assert!(text.starts_with(&format!("--{boundary}\r\n")), "{text}");
    assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
    assert!(text.contains("name=\"file\"; filename=\"a.zip\"") && text.contains("name=\"note\"\r\n\r\nhello"), "{text}");
    assert!(body.windows(5).any(|w| w == b"\x00\xffzip"), "the file's bytes are sent as they are");
}

#[test]
fn inline_members_of_a_tagged_union_are_named_after_their_tag() {
    let card: unions::PaymentMethod =
        serde_json::from_value(json!({"type": "card", "number": "x".repeat(20)})).expect("card");
    assert!(matches!(&card, unions::PaymentMethod::Card(unions::PaymentMethodCard { .. })));
    assert_eq!(violations(&card), ["/number: 20 characters, at most 19"]);
    let bank: unions::PaymentMethod =
        serde_json::from_value(json!({"type": "bank_transfer", "bank": "MUFG"})).expect("bank");
    assert_eq!(serde_json::to_value(&bank).expect("serializes"), json!({"type": "bank_transfer", "bank": "MUFG"}));
    let voucher: unions::PaymentMethod = serde_json::from_value(json!({"type": "Voucher"})).expect("voucher");
    assert!(matches!(voucher, unions::PaymentMethod::Voucher(_)));
    assert!(serde_json::from_value::<unions::PaymentMethod>(json!({"type": "cash"})).is_err());
}

#[test]
fn a_union_that_contains_itself_nests() {
    let number: unions::Expression = serde_json::from_value(json!(3)).expect("integer");
    assert!(matches!(number, unions::Expression::Integer(3)));
    let nested: unions::Expression = serde_json::from_value(json!({"not": {"not": 1}})).expect("nested");
    let unions::Expression::ExpressionVariant2(outer) = &nested else { panic!("{nested:?}") };
    let unions::Expression::ExpressionVariant2(inner) = &*outer.not else { panic!("{nested:?}") };
    assert!(matches!(*inner.not, unions::Expression::Integer(1)));
}

#[test]
fn a_cursor_walk_sends_each_pages_cursor_with_the_same_filters_and_stops_when_has_more_is_false() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    let client = extensions::Client::new(extensions::Server::Custom(url)).expect("builds");
    let query = extensions::ListEventsQuery { kind: Some(extensions::Outcome("TIMEOUT".into())) };
    let mut pages = client.list_events_pages(query);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let answers: [&'static [u8]; 2] = [
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 44\r\nconnection: close\r\n\r\n{\"events\":[\"a\"],\"next\":\"c2\",\"has_more\":true}",
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 45\r\nconnection: close\r\n\r\n{\"events\":[\"b\"],\"next\":\"c3\",\"has_more\":false}",
    ];
    let mut request_lines = Vec::new();
    let mut events = Vec::new();
    for answer in answers {
        let server = answer_once(listener.try_clone().expect("clones"), answer);
        match runtime.block_on(pages.next_page()).expect("answered") {
            Some(extensions::ListEventsResponse::Ok(page)) => events.extend(page.events),
            other => panic!("expected a page, got {other:?}"),
        }
        let received = server.join().expect("the server ran");
        let head = String::from_utf8_lossy(&received).into_owned();
        request_lines.push(head.lines().next().unwrap_or("").to_owned());
    }
    assert_eq!(events, ["a", "b"]);
    assert_eq!(request_lines, ["GET /events?kind=TIMEOUT HTTP/1.1", "GET /events?after=c2&kind=TIMEOUT HTTP/1.1"]);
    listener.set_nonblocking(true).expect("non-blocking");
    assert!(runtime.block_on(pages.next_page()).expect("no request").is_none());
    assert!(listener.accept().is_err(), "a walk past the last page opened a connection");
}

#[test]
fn response_codes_are_found_by_their_own_entry_else_the_narrowest_range() {
    use extensions::codes::{order_result, outcome, CodeOutcome, ORDER_RESULT};
    assert_eq!(order_result(7).map(|c| c.meaning), Some("A decline with its own entry."));
    assert_eq!(order_result(8).map(|c| c.meaning), Some("Declined | by the issuer."));
    assert_eq!(order_result(-15).map(|c| c.outcome), Some(CodeOutcome::Error));
    assert!(order_result(550).is_some_and(|c| c.outcome.must_reconcile()));
    assert_eq!(order_result(100), None);
    assert_eq!(ORDER_RESULT.len(), 5);
    assert_eq!(outcome("TIMEOUT").map(|c| c.outcome), Some(CodeOutcome::Unclear));
    assert_eq!(outcome("timeout"), None);
}

/// The head of the one request `call` sends to a server answering 204.
fn head_of_request(call: impl FnOnce(String) -> Result<(), constructs::http::Error>) -> Result<String, constructs::http::Error> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    let server = answer_once(listener, b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    call(url)?;
    let received = server.join().expect("the server ran");
    Ok(String::from_utf8_lossy(&received).to_ascii_lowercase())
}

#[test]
fn the_first_security_requirement_the_client_meets_is_sent_and_none_met_is_refused() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let secret = |s: &str| Some(constructs::http::Secret::new(s));
    let client = |url: String, credentials: security::Credentials| {
        security::Client::new(security::Server::Custom(url), credentials).expect("builds")
    };
    // Only the bearer token: the second alternative of getEither is sent.
    let head = head_of_request(|url| {
        let credentials = security::Credentials { bearer: secret("tok"), ..Default::default() };
        runtime.block_on(client(url, credentials).get_either())
    })
    .expect("sent");
    assert!(head.contains("authorization: bearer tok"), "{head}");
    // Both: the first alternative, basic, wins.
    let head = head_of_request(|url| {
        let credentials = security::Credentials {
            basic: Some(constructs::http::BasicCredentials::new("u", "p")),
            bearer: secret("tok"),
            ..Default::default()
        };
        runtime.block_on(client(url, credentials).get_either())
    })
    .expect("sent");
    assert!(head.contains("authorization: basic ") && !head.contains("bearer"), "{head}");
    // A requirement of two schemes needs both; `{}` lets a request go without.
    let head = head_of_request(|url| {
        let credentials = security::Credentials { key: secret("k"), token: secret("t"), ..Default::default() };
        runtime.block_on(client(url, credentials).get_both())
    })
    .expect("sent");
    assert!(head.contains("x-api-key: k") && head.contains("?token=t"), "{head}");
    let head = head_of_request(|url| runtime.block_on(client(url, security::Credentials::default()).get_open())).expect("sent");
    assert!(!head.contains("x-api-key"), "{head}");
    // Nothing held for getEither, or half of getBoth's pair: not sent.
    let refused = |result: Result<(), constructs::http::Error>| {
        let error = result.expect_err("refused");
        assert!(matches!(error, constructs::http::Error::InvalidRequest(ref m) if m.contains("none of the operation's security requirements")), "{error}");
    };
    let nowhere = || "http://127.0.0.1:9".to_owned();
    refused(runtime.block_on(client(nowhere(), security::Credentials::default()).get_either()));
    let half = security::Credentials { key: secret("k"), ..Default::default() };
    refused(runtime.block_on(client(nowhere(), half).get_both()));
}
