//! The API diff on pairs of small specs.
//!
//! Each directory under `tests/diff_cases/` holds `old.yaml` and `new.yaml`
//! and is named after the rule it demonstrates: the diff must report that
//! rule at the catalogue's level, and its text, Markdown, JSON and GitHub
//! reports are snapshots (`tests/snapshots/diff__<case>.snap`). The other
//! directories (`no-change`, `shared-schema-*`) have their own tests below.

use std::fs;
use std::path::{Path, PathBuf};

use openapi_sdkgen::diff::report::{self, markdown, Format};
use openapi_sdkgen::diff::rules::{self, catalogue};
use openapi_sdkgen::diff::{
    diff_models, Bump, Change, DiffReport, Direction, Level, Side, SourceRef, SurfaceChange,
    SurfaceChangeKind,
};

/// Where every case pretends to live in a repository.
const SPEC_PATH: &str = "spec/items.yaml";

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_cases")
}

fn side_from_text(label: &str, text: &str) -> Side {
    let spec = openapi_sdkgen::load::load_str(Path::new(label), text)
        .unwrap_or_else(|e| panic!("case spec loads: {e}"));
    Side::from_spec(&spec, SPEC_PATH).unwrap_or_else(|e| panic!("case spec models: {e}"))
}

fn side(case: &str, file: &str) -> Side {
    let text = fs::read_to_string(cases_dir().join(case).join(file))
        .unwrap_or_else(|e| panic!("{case}/{file}: {e}"));
    side_from_text(&format!("tests/diff_cases/{case}/{file}"), &text)
}

fn diff_case(case: &str) -> DiffReport {
    diff_models(&side(case, "old.yaml"), &side(case, "new.yaml"))
        .expect("specs this shallow compare")
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cases_dir())
        .expect("tests/diff_cases exists")
        .map(|entry| entry.expect("directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn all_formats(report: &DiffReport) -> String {
    let reports = std::slice::from_ref(report);
    [Format::Text, Format::Markdown, Format::Json, Format::Github]
        .iter()
        .map(|&format| {
            let body = report::render(format, reports, None);
            format!("===== {format} =====\n{body}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn find<'a>(report: &'a DiffReport, rule: &str) -> Vec<&'a Change> {
    report.changes.iter().filter(|c| c.rule == rule).collect()
}

#[test]
fn every_case_reports_its_rule_at_the_catalogue_level() {
    let rules = catalogue();
    let special = |name: &str| name == "no-change" || name.starts_with("shared-schema-");
    let names = case_names();
    assert!(names.len() > 50, "case directories found: {}", names.len());
    for name in &names {
        let report = diff_case(name);
        insta::assert_snapshot!(name.as_str(), all_formats(&report));
        if special(name) {
            continue;
        }
        let rule = rules
            .iter()
            .find(|r| r.id == name.as_str())
            .unwrap_or_else(|| panic!("case `{name}` is not named after a rule"));
        let found = find(&report, name);
        assert!(
            !found.is_empty(),
            "{name}: rule not reported; got {:#?}",
            report.changes
        );
        for change in found {
            assert_eq!(change.level, rule.level, "{name}");
            assert_eq!(change.why, rule.why, "{name}");
            assert!(
                change.old_source.is_some() || change.new_source.is_some(),
                "{name}: no spec location"
            );
        }
    }
}

#[test]
fn an_unchanged_spec_reports_nothing() {
    let report = diff_case("no-change");
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert!(report.surface.is_empty(), "{:#?}", report.surface);
    assert_eq!(report.bump(), Bump::Patch);
    assert!(!report::has_level_at_least(
        std::slice::from_ref(&report),
        Level::Info
    ));
    let text = report::render(Format::Text, std::slice::from_ref(&report), None);
    assert!(text.contains("No API changes."), "{text}");
    let github = report::render(Format::Github, std::slice::from_ref(&report), None);
    assert_eq!(github, "");
}

/// The level of `rule` at `location` in `case`.
fn judged(case: &str, location: &str) -> (String, Level) {
    let report = diff_case(case);
    let matching: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.location == location)
        .collect();
    assert_eq!(matching.len(), 1, "{case} at {location}: {matching:#?}");
    (matching[0].rule.clone(), matching[0].level)
}

#[test]
fn the_same_max_length_change_is_judged_by_direction() {
    // One schema, used as the request body and as the 200 response.
    let decreased = "shared-schema-max-length-decreased";
    assert_eq!(
        judged(decreased, "request body /name"),
        ("request-property-max-length-decreased".into(), Level::Error),
        "a request that accepts fewer values breaks clients"
    );
    assert_eq!(
        judged(decreased, "response 200 body /name"),
        ("response-property-max-length-decreased".into(), Level::Info),
        "a response that promises fewer values is safe"
    );
    let increased = "shared-schema-max-length-increased";
    assert_eq!(
        judged(increased, "request body /name"),
        ("request-property-max-length-increased".into(), Level::Info),
        "a request that accepts more values is safe"
    );
    assert_eq!(
        judged(increased, "response 200 body /name"),
        (
            "response-property-max-length-increased".into(),
            Level::Error
        ),
        "clients may rely on the old bound of a response (as oasdiff rates it)"
    );
}

#[test]
fn changes_carry_the_line_of_the_changed_keyword() {
    let report = diff_case("request-property-max-length-decreased");
    let change = &find(&report, "request-property-max-length-decreased")[0];
    let source = change.new_source.as_ref().expect("new side location");
    assert_eq!(
        source.pointer,
        "/components/schemas/ItemInput/properties/name/maxLength"
    );
    let text =
        fs::read_to_string(cases_dir().join("request-property-max-length-decreased/new.yaml"))
            .expect("case file");
    let line = source.line.expect("line known");
    assert_eq!(
        text.lines().nth(line - 1).map(str::trim),
        Some("maxLength: 40")
    );
    assert_eq!(change.operation.as_deref(), Some("POST /items/{id}"));
    assert_eq!(change.direction, Some(Direction::Request));
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("45"), Some("40"))
    );
}

#[test]
fn renaming_a_path_parameter_is_not_a_removal() {
    let report = diff_case("request-path-param-renamed");
    assert_eq!(report.worst(), Some(Level::Info), "{:#?}", report.changes);
    let renamed = find(&report, "request-path-param-renamed");
    assert_eq!(renamed.len(), 1);
    assert_eq!(
        renamed[0].operation.as_deref(),
        Some("POST /items/{itemId}")
    );
    assert_eq!(
        (renamed[0].old.as_deref(), renamed[0].new.as_deref()),
        (Some("id"), Some("itemId"))
    );
}

#[test]
fn removing_a_deprecated_operation_is_info_not_an_error() {
    // As oasdiff rates it: clients were warned by the deprecation.
    let deprecated = diff_case("api-removed-with-deprecation");
    assert_eq!(deprecated.worst(), Some(Level::Info));
    let undeprecated = diff_case("api-removed-without-deprecation");
    assert_eq!(undeprecated.worst(), Some(Level::Error));
}

#[test]
fn a_new_response_enum_value_is_a_warning_and_a_minor_sdk_bump() {
    let report = diff_case("response-property-enum-value-added");
    let change = &find(&report, "response-property-enum-value-added")[0];
    // oasdiff's level: clients that switch on the values may not know it.
    assert_eq!(change.level, Level::Warning);
    // The SDK keeps unknown values and gains a variant: a minor bump.
    assert_eq!(report.bump(), Bump::Minor);
}

#[test]
fn a_new_spec_is_all_added_and_a_removed_one_all_removed() {
    let present = side("no-change", "new.yaml");
    let absent = Side::absent("1a2b3c4:spec/items.yaml", SPEC_PATH);

    let added = diff_models(&absent, &present).expect("specs this shallow compare");
    assert!(!added.changes.is_empty());
    assert!(added.changes.iter().all(|c| c.level == Level::Info));
    assert!(added.changes.iter().any(|c| c.rule == "endpoint-added"));
    assert!(added
        .surface
        .iter()
        .all(|s| s.change == SurfaceChangeKind::Added));
    assert_eq!(added.bump(), Bump::Minor);
    assert_eq!(added.old, None);

    let removed = diff_models(&present, &absent).expect("specs this shallow compare");
    assert!(removed
        .changes
        .iter()
        .any(|c| c.rule == "api-path-removed-without-deprecation" && c.level == Level::Error));
    assert!(removed
        .surface
        .iter()
        .all(|s| s.change == SurfaceChangeKind::Removed));
    assert_eq!(removed.bump(), Bump::Major);
    assert_eq!(removed.new, None);
}

#[test]
fn recursive_types_are_compared_without_looping() {
    let spec = |max: u32| {
        format!(
            "openapi: 3.0.3
info: {{title: Tree, version: '1'}}
paths:
  /nodes:
    post:
      operationId: createNode
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Node'}}
      responses:
        '204': {{description: Created.}}
components:
  schemas:
    Node:
      type: object
      properties:
        name: {{type: string, maxLength: {max}}}
        children:
          type: array
          items: {{$ref: '#/components/schemas/Node'}}
        parent: {{$ref: '#/components/schemas/Node'}}
"
        )
    };
    let report = diff_models(
        &side_from_text("old.yaml", &spec(10)),
        &side_from_text("new.yaml", &spec(5)),
    )
    .expect("specs this shallow compare");
    let locations: Vec<&str> = report.changes.iter().map(|c| c.location.as_str()).collect();
    assert_eq!(locations, ["request body /name"], "{:#?}", report.changes);
}

#[test]
fn array_items_are_compared_at_their_own_path() {
    let path = cases_dir().join("request-property-max-items-set/old.yaml");
    let text = fs::read_to_string(path).expect("case file");
    let shorter = text.replace("maxLength: 10", "maxLength: 5");
    let report = diff_models(
        &side_from_text("old.yaml", &text),
        &side_from_text("new.yaml", &shorter),
    )
    .expect("specs this shallow compare");
    let found: Vec<(&str, &str)> = report
        .changes
        .iter()
        .map(|c| (c.rule.as_str(), c.location.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            "request-property-max-length-decreased",
            "request body /tags[]"
        )]
    );
}

#[test]
fn the_repository_specs_compare_equal_to_themselves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for name in ["spec/komoju.yaml", "spec/paymentoptions.yaml"] {
        let text = fs::read_to_string(root.join(name)).expect("repository spec");
        let report = diff_models(&side_from_text(name, &text), &side_from_text(name, &text))
            .expect("specs this shallow compare");
        assert!(report.is_empty(), "{name}: {:#?}", report.changes);
    }
}

#[test]
fn lowering_a_request_limit_in_a_real_spec_is_one_error_and_one_api_line() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/paymentoptions.yaml");
    let text = fs::read_to_string(path).expect("repository spec");
    let start = text.find("    ThreeDsPaymentRequest:").expect("schema");
    let at = start
        + text[start..]
            .find("maxLength: 45\n          description: The merchant's own reference")
            .expect("merchant_txn_ref limit");
    let changed = format!(
        "{}maxLength: 40{}",
        &text[..at],
        &text[at + "maxLength: 45".len()..]
    );
    let report = diff_models(
        &side_from_text("spec/paymentoptions.yaml", &text),
        &side_from_text("spec/paymentoptions.yaml", &changed),
    )
    .expect("specs this shallow compare");
    let rules: Vec<(&str, Level, &str)> = report
        .changes
        .iter()
        .map(|c| (c.rule.as_str(), c.level, c.location.as_str()))
        .collect();
    assert_eq!(
        rules,
        [(
            "request-property-max-length-decreased",
            Level::Error,
            "request body /merchant_txn_ref"
        )]
    );
    assert_eq!(report.surface.len(), 1);
    assert_eq!(report.surface[0].change, SurfaceChangeKind::Changed);
    assert_eq!(report.bump(), Bump::Major);
}

/// A report far bigger than a comment can hold.
fn huge_report() -> DiffReport {
    let change = |i: usize| Change {
        rule: rules::REQUEST_PROPERTY_REMOVED.0.to_string(),
        level: if i % 2 == 0 {
            Level::Error
        } else {
            Level::Info
        },
        operation: Some(format!("POST /things/{}", i % 40)),
        direction: Some(Direction::Request),
        location: format!("request body /field_{i}"),
        message: "property removed".into(),
        old: Some("string, optional".into()),
        new: None,
        why: rules::REQUEST_PROPERTY_REMOVED.1.into(),
        old_source: Some(SourceRef {
            file: "spec/big.yaml".into(),
            pointer: format!("/components/schemas/Big/properties/field_{i}"),
            line: Some(i + 10),
        }),
        new_source: None,
    };
    DiffReport {
        old: Some("1a2b3c4:spec/big.yaml".into()),
        new: Some("spec/big.yaml".into()),
        path: "spec/big.yaml".into(),
        changes: (0..4_000).map(change).collect(),
        surface: (0..4_000)
            .map(|i| SurfaceChange {
                change: SurfaceChangeKind::Removed,
                item: format!("field big::Big.field_{i}"),
                old: Some(format!(
                    "field big::Big.field_{i}: Option<String> (wire \"field_{i}\", optional)"
                )),
                new: None,
            })
            .collect(),
        surface_note: None,
    }
}

#[test]
fn the_markdown_comment_stays_under_the_github_limit() {
    let reports = [huge_report()];
    let comment = report::render(Format::Markdown, &reports, Some("origin/main"));
    assert!(comment.len() <= markdown::LIMIT, "{} bytes", comment.len());
    assert!(comment.starts_with(markdown::MARKER));
    assert!(
        comment.contains("## API diff: 2000 breaking"),
        "the summary counts everything"
    );
    assert!(comment.contains("more breaking changes not shown"));
    assert!(comment.contains("more API lines not shown"));
    // Cut sections still close what they open.
    assert_eq!(
        comment.matches("<details>").count(),
        comment.matches("</details>").count()
    );

    let small = report::render(
        Format::Markdown,
        &[diff_case("request-property-removed")],
        None,
    );
    assert!(!small.contains("not shown"));
}

#[test]
fn json_is_versioned_and_counts_every_level() {
    let reports = [diff_case("shared-schema-max-length-increased")];
    let json = report::render(Format::Json, &reports, Some("main (merge base 1a2b3c4)"));
    let document: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(document["version"], 1);
    assert_eq!(document["base"], "main (merge base 1a2b3c4)");
    assert_eq!(document["summary"]["errors"], 1);
    assert_eq!(document["summary"]["warnings"], 0);
    assert_eq!(document["summary"]["info"], 1);
    assert_eq!(document["specs"][0]["status"], "modified");
    let change = &document["specs"][0]["changes"][0];
    for field in ["rule", "level", "operation", "location", "message", "why"] {
        assert!(change[field].is_string(), "{field} in {change}");
    }
    assert!(change["new_source"]["line"].is_u64());
}

#[test]
fn reports_are_deterministic() {
    let once = all_formats(&diff_case("response-required-property-removed"));
    let again = all_formats(&diff_case("response-required-property-removed"));
    assert_eq!(once, again);
}

/// A document with one POST whose request body schema is `request` and
/// whose 200 response schema is `response`, and `components` appended.
fn document(request: &str, response: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things:
    post:
      operationId: send
      requestBody:
        required: true
        content:
          application/json:
            schema: {request}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {response}
components:
  schemas:
    Unused: {{type: string}}
{components}"
    )
}

fn diff_texts(old: &str, new: &str) -> DiffReport {
    diff_models(
        &side_from_text("old.yaml", old),
        &side_from_text("new.yaml", new),
    )
    .expect("specs this shallow compare")
}

fn rules_and_levels(report: &DiffReport) -> Vec<(&str, Level)> {
    report
        .changes
        .iter()
        .map(|c| (c.rule.as_str(), c.level))
        .collect()
}

#[test]
fn a_document_the_generator_refuses_is_diffed_and_the_report_says_why() {
    // No operationId, a `*/*` response and a cookie parameter: valid
    // OpenAPI that the SDK generator cannot emit.
    let spec = |required: bool| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things:
    get:
      parameters:
        - {{name: session, in: cookie, required: {required}, schema: {{type: string}}}}
      responses:
        '200':
          description: ok
          content:
            '*/*': {{schema: {{type: string}}}}
"
        )
    };
    let report = diff_texts(&spec(false), &spec(true));
    assert_eq!(
        rules_and_levels(&report),
        [("request-parameter-became-required", Level::Error)]
    );
    assert_eq!(report.changes[0].location, "cookie parameter session");
    assert!(report.surface.is_empty());
    let note = report.surface_note.as_deref().expect("the report says why");
    assert!(note.contains("cookie parameter is not supported"), "{note}");
    let text = report::render(Format::Text, std::slice::from_ref(&report), None);
    assert!(text.contains(note), "{text}");
}

#[test]
fn keywords_the_generator_drops_are_compared() {
    let old = document("{type: array, items: {type: string}}", "{type: string}", "");
    let new = document(
        "{type: array, uniqueItems: true, items: {type: string}}",
        "{type: string}",
        "",
    );
    assert_eq!(
        rules_and_levels(&diff_texts(&old, &new)),
        [("request-body-unique-items-set", Level::Error)]
    );
}

#[test]
fn integer_to_number_is_a_generalization_in_a_request_and_breaking_in_a_response() {
    let schema = |ty: &str| format!("{{type: object, properties: {{n: {{type: {ty}}}}}}}");
    let old = document(&schema("integer"), &schema("integer"), "");
    let new = document(&schema("number"), &schema("number"), "");
    assert_eq!(
        rules_and_levels(&diff_texts(&old, &new)),
        [
            ("request-property-type-generalized", Level::Info),
            ("response-property-type-generalized", Level::Error),
        ]
    );
}

const PETS: &str = "    Pet:
      oneOf: [{$ref: '#/components/schemas/CAT'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: kind
        mapping: {cat: CAT, dog: Dog}
    CAT: {type: object, properties: {kind: {type: string}, lives: {type: integer}}}
    Dog: {type: object, properties: {kind: {type: string}}}
";

#[test]
fn a_changed_discriminator_tag_is_an_api_change() {
    let pet = "{$ref: '#/components/schemas/Pet'}";
    let old = document(pet, pet, PETS);
    let new = document(
        pet,
        pet,
        &PETS.replace("mapping: {cat: CAT", "mapping: {feline: CAT"),
    );
    let report = diff_texts(&old, &new);
    let found = rules_and_levels(&report);
    assert!(
        found.contains(&("request-body-discriminator-mapping-deleted", Level::Error)),
        "{found:?}"
    );
    assert!(
        found.contains(&("response-body-discriminator-mapping-added", Level::Info)),
        "{found:?}"
    );
}

#[test]
fn renaming_a_union_member_component_is_no_api_change() {
    let pet = "{$ref: '#/components/schemas/Pet'}";
    let old = document(pet, pet, PETS);
    let renamed = PETS.replace("CAT", "Cat");
    let new = document(pet, pet, &renamed);
    let report = diff_texts(&old, &new);
    // Only the component's own name is gone (info, as in oasdiff); no
    // operation sees a member removed or added.
    assert_eq!(
        rules_and_levels(&report),
        [("api-schema-removed", Level::Info)],
        "{:#?}",
        report.changes
    );
}

#[test]
fn inline_union_members_are_matched_by_what_they_say_not_by_position() {
    let member =
        |values: &str, title: &str| format!("{{type: string, title: '{title}', enum: [{values}]}}");
    let (brown, dark) = (member("B1, B2", "Brown"), member("D1, D2", "Dark"));
    let old = document(
        "{type: string}",
        &format!("{{oneOf: [{brown}, {dark}]}}"),
        "",
    );
    let new = document("{type: string}", &format!("{{oneOf: [{dark}]}}"), "");
    let report = diff_texts(&old, &new);
    assert_eq!(
        rules_and_levels(&report),
        [("response-body-one-of-removed", Level::Info)]
    );
    assert_eq!(report.changes[0].message, "oneOf member #0 removed");
}

#[test]
fn a_path_parameter_the_template_does_not_name_is_matched_by_name() {
    let spec = |minimum: u32| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /groups:
    get:
      parameters:
        - {{in: path, name: groupId, required: true, schema: {{type: integer, minimum: {minimum}}}}}
      responses:
        '200': {{description: ok}}
"
        )
    };
    let report = diff_texts(&spec(1), &spec(10));
    assert_eq!(
        rules_and_levels(&report),
        [("request-parameter-min-increased", Level::Error)]
    );
}

#[test]
fn a_scheme_listed_in_several_requirements_is_paired_with_the_identical_one() {
    let spec = |requirements: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things:
    get:
      security: {requirements}
      responses:
        '200': {{description: ok}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {{clientCredentials: {{tokenUrl: 'https://t', scopes: {{a: a, b: b, c: c}}}}}}
"
        )
    };
    let both = "[{oauth: [a]}, {oauth: [b]}]";
    assert!(diff_texts(&spec(both), &spec(both)).changes.is_empty());
    // Dropping the first alternative is one removal, not scope changes
    // of the second.
    let report = diff_texts(&spec(both), &spec("[{oauth: [b]}]"));
    let rules: Vec<_> = rules_and_levels(&report)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(rules, ["api-security-removed"]);
}

#[test]
fn two_templates_of_one_shape_are_each_their_own_operation() {
    // OpenAPI forbids it, real documents have it (Xero's attachments).
    let spec = |by_name: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /files/{{FileName}}:
    get:
      operationId: byName
      parameters: [{{in: path, name: FileName, required: true, schema: {by_name}}}]
      responses:
        '200': {{description: ok}}
  /files/{{FileId}}:
    get:
      operationId: byId
      parameters: [{{in: path, name: FileId, required: true, schema: {{type: string, format: uuid}}}}]
      responses:
        '200': {{description: ok}}
"
        )
    };
    assert!(diff_texts(&spec("{type: string}"), &spec("{type: string}"))
        .changes
        .is_empty());
}

#[test]
fn a_media_type_gaining_or_losing_its_schema_is_reported_by_direction() {
    let spec = |schema: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /files:
    post:
      requestBody:
        content:
          application/json: {{{schema}}}
      responses:
        '200':
          description: ok
          content:
            application/json: {{{schema}}}
"
        )
    };
    let (without, with) = (spec(""), spec("schema: {type: string}"));
    assert_eq!(
        rules_and_levels(&diff_texts(&without, &with)),
        [
            ("request-body-media-type-schema-added", Level::Error),
            ("response-body-media-type-schema-added", Level::Info),
        ]
    );
    assert_eq!(
        rules_and_levels(&diff_texts(&with, &without)),
        [
            ("request-body-media-type-schema-removed", Level::Info),
            ("response-body-media-type-schema-removed", Level::Warning),
        ]
    );
}
