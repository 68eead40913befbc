//! The JSON Schema `schemars` derives from each generated type against the
//! spec's schema as the runtime validator translates it: property types,
//! required properties, nullability and every constraint must agree, so a
//! tool that reads the SDK's schema (documentation, form builders) sees the
//! provider's contract. Both schemas of every operation body are also kept
//! as snapshots, for review.

use std::collections::{BTreeMap, BTreeSet};

use contract_tests::Api;
use jp_payment_gateways::{Message, MessageVisitor, Payload};
use openapi_sdkgen::validate::Options;
use serde_json::{Map, Value};

/// Keywords whose values must be equal on both sides.
const CONSTRAINTS: [&str; 10] = [
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
];

/// Known gaps between the derived schema and the spec. Each is a
/// generator issue, reported with the runtime validator's change; the test
/// also fails when a gap no longer occurs, so its entry goes with the fix.
const KNOWN_GAPS: &[Gap] = &[
    // None today. Optional non-nullable fields carry `#[schemars(with = T)]`
    // (they may be absent, never null) and union variants carry their own
    // limits, which closed the two gaps this list once held.
];

struct Gap {
    kind: &'static str,
    matches: fn(&Difference) -> bool,
}

/// Derives the schema of a generated type.
struct Derive;

impl MessageVisitor for Derive {
    type Output = Value;

    fn visit<T: Payload>(self) -> Value {
        serde_json::to_value(schemars::schema_for!(T)).expect("a schema prints as JSON")
    }
}

#[test]
fn derived_schemas_agree_with_the_spec() {
    let mut unexplained = Vec::new();
    let mut gaps = BTreeMap::<&str, usize>::new();
    let mut compared = 0;
    for api in Api::ALL {
        for &message in api.messages() {
            let (spec, derived) = schemas(api, message);
            let mut differences = Vec::new();
            let spec_shape = Shape::of(&spec, &spec, 0);
            let derived_shape = Shape::of(&derived, &derived, 0);
            compare(&spec_shape, &derived_shape, "", &mut differences);
            compared += 1;
            for difference in differences {
                match known_gap(&difference) {
                    Some(kind) => *gaps.entry(kind).or_default() += 1,
                    None => unexplained.push(format!("{message}{}", difference.describe())),
                }
            }
        }
    }
    assert!(compared >= 50, "only {compared} messages compared");
    assert!(unexplained.is_empty(), "{}", unexplained.join("\n"));
    for gap in KNOWN_GAPS {
        let kind = gap.kind;
        assert!(
            gaps.contains_key(kind),
            "gap `{kind}` no longer occurs: remove it from KNOWN_GAPS"
        );
    }
    println!("known gaps: {gaps:?}");
}

/// The comparison itself notices a changed limit, a dropped requirement
/// and a widened type (so agreement above means something).
#[test]
fn the_comparison_notices_each_kind_of_difference() {
    let message = Message::Request("createThreeDsPayment");
    let (spec, _) = schemas(Api::PaymentOptions, message);
    let edits: [(&str, Value); 3] = [
        (
            "/$defs/ThreeDsPaymentRequest/properties/merchant_txn_ref/maxLength",
            44.into(),
        ),
        ("/$defs/ThreeDsPaymentRequest/required/0", "currency".into()),
        (
            "/$defs/Card/properties/number/type",
            serde_json::json!(["string", "integer"]),
        ),
    ];
    for (pointer, value) in edits {
        let mut changed = spec.clone();
        *changed
            .pointer_mut(pointer)
            .expect("the spec has this node") = value;
        let mut differences = Vec::new();
        compare(
            &Shape::of(&spec, &spec, 0),
            &Shape::of(&changed, &changed, 0),
            "",
            &mut differences,
        );
        assert_eq!(differences.len(), 1, "{pointer}: {differences:?}");
    }
}

#[test]
fn operation_body_schemas_are_snapshotted() {
    for api in Api::ALL {
        for &message in api.messages() {
            if matches!(message, Message::Schema(_)) {
                continue;
            }
            let (spec, derived) = schemas(api, message);
            let name = format!("{message}").replace(' ', "_");
            let both =
                serde_json::json!({"spec": without_docs(spec), "schemars": without_docs(derived)});
            insta::assert_json_snapshot!(name, both);
        }
    }
}

/// The translated spec schema and the derived schema of `message`.
fn schemas(api: Api, message: Message<'_>) -> (Value, Value) {
    let spec = api
        .runtime(message, Options::default())
        .json_schema()
        .clone();
    let derived = api
        .visit(message, Derive)
        .unwrap_or_else(|| panic!("{message}: no generated type"));
    (spec, derived)
}

/// What both sides must agree on about one value.
#[derive(Debug, Default, Clone, PartialEq)]
struct Shape {
    /// JSON types allowed, `null` included; empty for "anything".
    types: BTreeSet<String>,
    constraints: BTreeMap<String, Value>,
    /// Allowed values (as JSON text), `null` excluded.
    values: Option<BTreeSet<String>>,
    properties: BTreeMap<String, Shape>,
    required: BTreeSet<String>,
    /// Union branches (`oneOf`/`anyOf`), other than `null`.
    branches: Vec<Shape>,
    items: Option<Box<Shape>>,
}

impl Shape {
    fn of(document: &Value, node: &Value, depth: usize) -> Shape {
        let mut shape = Shape::default();
        let Some(node) = resolve(document, node).filter(|_| depth < 12) else {
            return shape;
        };
        let Value::Object(node) = node else {
            return shape;
        };
        shape.absorb(document, node, depth);
        shape
    }

    fn absorb(&mut self, document: &Value, node: &Map<String, Value>, depth: usize) {
        match node.get("type") {
            Some(Value::String(name)) => {
                self.types.insert(name.clone());
            }
            Some(Value::Array(names)) => self
                .types
                .extend(names.iter().filter_map(Value::as_str).map(str::to_owned)),
            _ => {}
        }
        for keyword in CONSTRAINTS {
            if let Some(value) = node.get(keyword) {
                self.constraints
                    .insert(keyword.to_owned(), normalized_number(value));
            }
        }
        let listed = node
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .or_else(|| node.get("const").map(|c| vec![c.clone()]));
        if let Some(values) = listed {
            if values.contains(&Value::Null) {
                self.types.insert("null".into());
            }
            self.values = Some(
                values
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(Value::to_string)
                    .collect(),
            );
        }
        for (name, schema) in node
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            self.properties
                .insert(name.clone(), Shape::of(document, schema, depth + 1));
        }
        let required = node
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        self.required
            .extend(required.filter_map(Value::as_str).map(str::to_owned));
        if let Some(items) = node.get("items") {
            self.items = Some(Box::new(Shape::of(document, items, depth + 1)));
        }
        for member in node
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(Value::Object(member)) = resolve(document, member) {
                self.absorb(document, member, depth + 1);
            }
        }
        let union = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| node.get(*k)?.as_array());
        for member in union.into_iter().flatten() {
            let branch = Shape::of(document, member, depth + 1);
            if branch.types.len() == 1
                && branch.types.contains("null")
                && branch.properties.is_empty()
            {
                self.types.insert("null".into());
            } else {
                self.branches.push(branch);
            }
        }
        // `X or null` is X, nullable: the same value either way.
        if self.branches.len() == 1 && self.types.iter().all(|t| t == "null") {
            let only = self.branches.remove(0);
            let nullable = !self.types.is_empty();
            *self = Shape {
                types: only.types.clone(),
                ..only
            };
            if nullable && !self.types.is_empty() {
                self.types.insert("null".into());
            }
        }
    }
}

/// One difference between the spec's and the derived shape.
#[derive(Debug)]
struct Difference {
    pointer: String,
    aspect: &'static str,
    spec: String,
    derived: String,
}

impl Difference {
    fn describe(&self) -> String {
        format!(
            "{}: {}: spec {}, schemars {}",
            self.pointer, self.aspect, self.spec, self.derived
        )
    }
}

fn known_gap(difference: &Difference) -> Option<&'static str> {
    KNOWN_GAPS
        .iter()
        .find(|gap| (gap.matches)(difference))
        .map(|gap| gap.kind)
}

fn compare(spec: &Shape, derived: &Shape, at: &str, out: &mut Vec<Difference>) {
    compare_at(spec, derived, at, out);
}

fn compare_at(spec: &Shape, derived: &Shape, at: &str, out: &mut Vec<Difference>) {
    let mut differ = |aspect: &'static str, a: String, b: String| {
        if a != b {
            out.push(Difference {
                pointer: at.to_owned(),
                aspect,
                spec: a,
                derived: b,
            });
        }
    };
    differ(
        "types",
        format!("{:?}", spec.types),
        format!("{:?}", derived.types),
    );
    differ(
        "constraints",
        format!("{:?}", spec.constraints),
        format!("{:?}", derived.constraints),
    );
    differ(
        "values",
        format!("{:?}", spec.values),
        format!("{:?}", derived.values),
    );
    differ(
        "required",
        format!("{:?}", spec.required),
        format!("{:?}", derived.required),
    );
    let names = |s: &Shape| s.properties.keys().cloned().collect::<Vec<_>>();
    differ(
        "properties",
        format!("{:?}", names(spec)),
        format!("{:?}", names(derived)),
    );
    differ(
        "branches",
        spec.branches.len().to_string(),
        derived.branches.len().to_string(),
    );
    for (name, property) in &spec.properties {
        if let Some(other) = derived.properties.get(name) {
            compare_at(property, other, &format!("{at}/{name}"), out);
        }
    }
    for (index, (a, b)) in spec.branches.iter().zip(&derived.branches).enumerate() {
        compare_at(a, b, &format!("{at}/<branch {index}>"), out);
    }
    if let (Some(a), Some(b)) = (&spec.items, &derived.items) {
        compare_at(a, b, &format!("{at}/<items>"), out);
    }
}

fn resolve<'d>(document: &'d Value, node: &'d Value) -> Option<&'d Value> {
    let mut node = node;
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => node = document.pointer(reference.strip_prefix('#')?)?,
            None => return Some(node),
        }
    }
    None
}

/// `0` and `0.0` are the same limit.
fn normalized_number(value: &Value) -> Value {
    match value.as_f64() {
        Some(n) if value.is_number() => serde_json::json!(n),
        _ => value.clone(),
    }
}

/// The schema without prose, which only adds noise to a snapshot. Keys of
/// `properties` and `$defs` are names, not keywords, and are all kept.
fn without_docs(value: Value) -> Value {
    strip_docs(value, false)
}

fn strip_docs(value: Value, names: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| names || (k != "description" && k != "title"))
                .map(|(k, v)| {
                    let holds_names = !names && (k == "properties" || k == "$defs");
                    (k, strip_docs(v, holds_names))
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| strip_docs(v, false)).collect())
        }
        other => other,
    }
}
