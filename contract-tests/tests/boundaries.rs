//! Boundary cases derived from the specs, not listed by hand: every
//! `maxLength`, `minLength`, `maximum`, `minimum`, `pattern`, `format`,
//! `enum` and `required` of every message of both specs, at the limit and
//! one past it (in ASCII, Japanese and supplementary-plane characters;
//! values just inside and outside each checked format), plus missing,
//! `null` and wrong-type values. The runtime and the generated validator
//! must agree on the verdict and on where the problem is, and give the
//! verdict the schema implies where it implies one.

use contract_tests::{documented_payloads, Api};
use jp_payment_gateways::{Message, PayloadError};
use openapi_sdkgen::load::escape_segment;
use openapi_sdkgen::validate::{Options, Validator};
use serde_json::{json, Map, Value};

/// 'a' (1 byte), '決' (3 bytes), '𠮷' (4 bytes, 2 UTF-16 units): lengths
/// count code points, whatever their size.
const SCRIPTS: [char; 3] = ['a', '決', '𠮷'];

/// A schema node the payload reaches at `path`.
struct Site<'s> {
    path: Vec<String>,
    schema: &'s Map<String, Value>,
    /// Inside a `oneOf`/`anyOf` branch: a change may move the payload to
    /// another branch, so only agreement is asserted, not a verdict.
    in_union: bool,
    /// A value position (root, property, item), not a composition member.
    holds_value: bool,
}

/// One payload to check, and the verdict the schema implies (if any).
struct Case {
    name: String,
    payload: Value,
    expected: Option<bool>,
}

#[test]
fn both_validators_agree_at_every_limit_of_both_specs() {
    let mut checked = 0;
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for api in Api::ALL {
        let raw = &api.spec().raw;
        for &message in api.messages() {
            let runtime = api.runtime(message, Options::default());
            let Some(base) = base_payload(api, message, &runtime) else {
                failures.push(format!("{message}: no valid payload to start from"));
                continue;
            };
            let mut sites = Vec::new();
            walk(
                raw,
                runtime.source_pointer(),
                Vec::new(),
                false,
                true,
                0,
                &mut sites,
            );
            for site in &sites {
                for (kind, case) in cases(site, &base) {
                    *kinds.entry(kind).or_default() += 1;
                    checked += 1;
                    if let Err(why) = agree(api, message, &runtime, &case) {
                        failures.push(format!("{message} {}: {why}", case.name));
                    }
                }
            }
        }
    }
    println!("{checked} boundary cases: {kinds:?}");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 2557 cases when written: 22 length limits, a minimum, a pattern, 6
    // enums and every required property, most reached from several
    // messages, and a null and a wrong-type case for every value.
    assert!(checked >= 1500, "only {checked} cases: {kinds:?}");
    for kind in [
        "maxLength",
        "minimum",
        "pattern",
        "format",
        "enum",
        "required",
        "null",
        "type",
    ] {
        assert!(
            kinds.get(kind).is_some_and(|n| *n >= 3),
            "too few {kind} cases: {kinds:?}"
        );
    }
}

/// Values of a checked `format`, each with whether it is one; nothing
/// for a format neither validator checks.
fn format_samples(format: &str) -> &'static [(&'static str, bool)] {
    match format {
        "uuid" => &[
            ("0db1fac1-e064-4644-a387-08d143960c8f", true),
            ("0DB1FAC1-E064-4644-A387-08D143960C8F", true),
            ("0db1fac1e0644644a38708d143960c8f", false),
            ("t-1", false),
        ],
        "uri" => &[
            ("https://example.jp/return?order=1#done", true),
            ("urn:isbn:0451450523", true),
            ("example.jp/return", false),
            ("https://例え.jp/", false),
            ("https://example.jp/a b", false),
        ],
        "date-time" => &[
            ("2024-05-01T09:00:00+09:00", true),
            ("2016-12-31T23:59:60Z", true),
            ("2024-05-01T09:00:00", false),
            ("2024-02-30T09:00:00Z", false),
            ("2024-05-01 09:00:00Z", false),
        ],
        "date" => &[("2024-02-29", true), ("2023-02-29", false)],
        "email" => &[("taro@example.jp", true), ("taro", false)],
        "ipv4" => &[("192.0.2.1", true), ("192.0.2.01", false)],
        "ipv6" => &[("2001:db8::1", true), ("2001:db8::g", false)],
        _ => &[],
    }
}

/// The runtime and generated verdicts on one case, and where each says
/// the problem is.
fn agree(api: Api, message: Message<'_>, runtime: &Validator, case: &Case) -> Result<(), String> {
    let violations = runtime.violations(&case.payload);
    let bytes = serde_json::to_vec(&case.payload).map_err(|e| e.to_string())?;
    let generated = api.check(message, &bytes);
    let runtime_valid = violations.is_empty();
    if runtime_valid != generated.is_ok() {
        return Err(format!(
            "runtime valid={runtime_valid} {violations:?}, generated {generated:?}"
        ));
    }
    if case.expected.is_some_and(|e| e != runtime_valid) {
        return Err(format!(
            "both say valid={runtime_valid}, the schema says otherwise: {violations:?}"
        ));
    }
    let messages: Vec<String> = violations.iter().map(|v| v.message.clone()).collect();
    match generated {
        Ok(()) => Ok(()),
        // Same rule, same words, same place.
        Err(PayloadError::Invalid(found)) => {
            let mut generated: Vec<(String, String)> = found
                .0
                .iter()
                .map(|v| (v.pointer.clone(), v.to_string()))
                .collect();
            let mut runtime: Vec<(String, String)> = violations
                .iter()
                .map(|v| (v.pointer.clone(), v.message.clone()))
                .collect();
            generated.sort();
            runtime.sort();
            (generated == runtime)
                .then_some(())
                .ok_or_else(|| format!("runtime {runtime:?}, generated {generated:?}"))
        }
        // Parsing stops at the first problem: the place it names must be
        // a place the runtime names. An untagged union only reports
        // itself, so there the runtime may point inside it.
        Err(PayloadError::Parse { pointer, message }) => {
            let union = message.contains("did not match any variant");
            let named = violations.iter().any(|v| {
                v.pointer == pointer || (union && v.pointer.starts_with(&format!("{pointer}/")))
            });
            named.then_some(()).ok_or_else(|| {
                format!("generated stops at {pointer:?} ({message}), runtime {messages:?}")
            })
        }
        Err(other) => Err(format!("generated: {other}")),
    }
}

/// A valid documented payload of the message, or of another message with
/// the same schema (a request body and its component), else the smallest
/// valid payload the schema allows.
fn base_payload(api: Api, message: Message<'_>, runtime: &Validator) -> Option<Value> {
    let raw = &api.spec().raw;
    let schema_of = |at: &str| resolve(raw, at).map(|(at, _)| at);
    let own = schema_of(runtime.source_pointer());
    let same_schema = api.messages().iter().filter(|other| {
        **other == message
            || schema_of(api.runtime(**other, Options::default()).source_pointer()) == own
    });
    same_schema
        .flat_map(|other| documented_payloads(api, *other))
        .find(|p| runtime.is_valid(p))
        .or_else(|| {
            let schema = runtime.json_schema();
            synthesize(schema, schema, 0).filter(|p| runtime.is_valid(p))
        })
}

/// Collects every schema node reachable from the spec node at `at`, with
/// the payload path it applies to.
fn walk<'s>(
    raw: &'s Value,
    at: &str,
    path: Vec<String>,
    in_union: bool,
    holds_value: bool,
    depth: usize,
    sites: &mut Vec<Site<'s>>,
) {
    let Some((at, schema)) = resolve(raw, at).filter(|_| depth < 12) else {
        return;
    };
    sites.push(Site {
        path: path.clone(),
        schema,
        in_union,
        holds_value,
    });
    for (keyword, union) in [("allOf", false), ("oneOf", true), ("anyOf", true)] {
        let count = schema
            .get(keyword)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for index in 0..count {
            let member = format!("{at}/{keyword}/{index}");
            walk(
                raw,
                &member,
                path.clone(),
                in_union || union,
                false,
                depth + 1,
                sites,
            );
        }
    }
    let properties = schema.get("properties").and_then(Value::as_object);
    for name in properties.into_iter().flat_map(|p| p.keys()) {
        let property = format!("{at}/properties/{}", escape_segment(name));
        let mut inner = path.clone();
        inner.push(name.clone());
        walk(raw, &property, inner, in_union, true, depth + 1, sites);
    }
    if schema.contains_key("items") {
        let mut inner = path;
        inner.push("0".into());
        walk(
            raw,
            &format!("{at}/items"),
            inner,
            in_union,
            true,
            depth + 1,
            sites,
        );
    }
}

/// Every case a site's constraints call for, by kind.
fn cases(site: &Site<'_>, base: &Value) -> Vec<(&'static str, Case)> {
    let mut out = Vec::new();
    let s = site.schema;
    let mut push =
        |kind: &'static str, name: String, payload: Option<Value>, expected: Option<bool>| {
            if let Some(payload) = payload {
                let expected = expected.filter(|_| !site.in_union);
                out.push((
                    kind,
                    Case {
                        name,
                        payload,
                        expected,
                    },
                ));
            }
        };
    let at = pointer(&site.path);
    // Another constraint on the same value could also reject it.
    let only_length = !s.contains_key("pattern") && !s.contains_key("enum");
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        for ch in SCRIPTS {
            let limit = json!(ch.to_string().repeat(max as usize));
            let past = json!(ch.to_string().repeat(max as usize + 1));
            push(
                "maxLength",
                format!("{at} = {max}×{ch}"),
                set(base, &site.path, limit),
                only_length.then_some(true),
            );
            push(
                "maxLength",
                format!("{at} = {}×{ch}", max + 1),
                set(base, &site.path, past),
                Some(false),
            );
        }
    }
    if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
        for ch in SCRIPTS {
            let limit = json!(ch.to_string().repeat(min as usize));
            push(
                "minLength",
                format!("{at} = {min}×{ch}"),
                set(base, &site.path, limit),
                only_length.then_some(true),
            );
            if min > 0 {
                let short = json!(ch.to_string().repeat(min as usize - 1));
                push(
                    "minLength",
                    format!("{at} = {}×{ch}", min - 1),
                    set(base, &site.path, short),
                    Some(false),
                );
            }
        }
    }
    for (keyword, flag, step) in [
        ("maximum", "exclusiveMaximum", 1),
        ("minimum", "exclusiveMinimum", -1),
    ] {
        let Some(limit) = s.get(keyword).and_then(Value::as_i64) else {
            continue;
        };
        let exclusive = s.get(flag) == Some(&Value::Bool(true));
        let inside = if exclusive { limit - step } else { limit };
        let outside = if exclusive { limit } else { limit + step };
        push(
            keyword,
            format!("{at} = {inside}"),
            set(base, &site.path, json!(inside)),
            Some(true),
        );
        push(
            keyword,
            format!("{at} = {outside}"),
            set(base, &site.path, json!(outside)),
            Some(false),
        );
    }
    if s.contains_key("pattern") {
        if let Some(Value::String(valid)) = get(base, &site.path) {
            for ch in SCRIPTS {
                let past = json!(format!("{valid}{ch}"));
                push(
                    "pattern",
                    format!("{at} = {valid}+{ch}"),
                    set(base, &site.path, past),
                    None,
                );
            }
            let lower = json!(valid.to_lowercase());
            push(
                "pattern",
                format!("{at} lowercased"),
                set(base, &site.path, lower),
                None,
            );
        }
    }
    if let Some(format) = s.get("format").and_then(Value::as_str) {
        let only_format =
            only_length && !s.contains_key("maxLength") && !s.contains_key("minLength");
        for &(value, valid) in format_samples(format) {
            push(
                "format",
                format!("{at} = {value:?}"),
                set(base, &site.path, json!(value)),
                (only_format || !valid).then_some(valid),
            );
        }
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        for value in values {
            push(
                "enum",
                format!("{at} = {value}"),
                set(base, &site.path, value.clone()),
                Some(true),
            );
        }
        let first = values.iter().find_map(Value::as_str).unwrap_or_default();
        for unknown in [
            first.to_lowercase(),
            "WEEKS".into(),
            format!("{first}決"),
            format!("{first}𠮷"),
        ] {
            let listed = values.iter().any(|v| v.as_str() == Some(unknown.as_str()));
            if !listed {
                push(
                    "enum",
                    format!("{at} = {unknown:?}"),
                    set(base, &site.path, json!(unknown)),
                    Some(false),
                );
            }
        }
    }
    if get(base, &site.path).is_some_and(Value::is_object) {
        for name in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let mut inner = site.path.clone();
            inner.push(name.to_owned());
            push(
                "required",
                format!("{at} without {name}"),
                remove(base, &inner),
                Some(false),
            );
        }
    }
    if site.holds_value {
        let types = json_types(s);
        let nullable = s.get("nullable") == Some(&Value::Bool(true)) || types.is_empty();
        push(
            "null",
            format!("{at} = null"),
            set(base, &site.path, Value::Null),
            Some(nullable),
        );
        let wrong = [json!(12345), json!("x"), json!(true), json!({}), json!([])];
        let allowed = |v: &Value| match v {
            Value::Number(_) => types.contains(&"integer") || types.contains(&"number"),
            Value::String(_) => types.contains(&"string"),
            Value::Bool(_) => types.contains(&"boolean"),
            Value::Object(_) => types.contains(&"object"),
            _ => types.contains(&"array"),
        };
        if let Some(value) = wrong.into_iter().find(|v| !types.is_empty() && !allowed(v)) {
            push(
                "type",
                format!("{at} = {value}"),
                set(base, &site.path, value),
                Some(false),
            );
        }
    }
    out
}

/// The JSON types a schema node allows, through its composition members
/// (`$ref`s already followed by the walk are not followed again here).
fn json_types(schema: &Map<String, Value>) -> Vec<&str> {
    let mut types: Vec<&str> = schema
        .get("type")
        .and_then(Value::as_str)
        .into_iter()
        .collect();
    if schema.contains_key("properties") {
        types.push("object");
    }
    for member in ["allOf", "oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(*k)?.as_array())
        .flatten()
    {
        match member.get("$ref") {
            // A member `$ref` names a component; the specs' are objects.
            Some(_) => types.push("object"),
            None => types.extend(member.as_object().map(json_types).unwrap_or_default()),
        }
    }
    types
}

/// The smallest value a translated JSON Schema node accepts, as far as
/// it can tell without solving patterns (the caller checks the result).
fn synthesize(document: &Value, node: &Value, depth: usize) -> Option<Value> {
    let node = resolve_ref(document, node).filter(|_| depth < 16)?;
    if let Some(value) = node
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.iter().find(|v| !v.is_null()))
    {
        return Some(value.clone());
    }
    if let Some(member) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| node.get(*k)?.as_array()?.first())
    {
        return synthesize(document, member, depth + 1);
    }
    let kind = match node.get("type") {
        Some(Value::String(name)) => Some(name.as_str()),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|n| *n != "null"),
        _ => None,
    };
    let number = |n: i64| node.get("minimum").and_then(Value::as_i64).unwrap_or(n);
    Some(match kind {
        Some("string") => {
            let format = node
                .get("format")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match format_samples(format).iter().find(|(_, valid)| *valid) {
                Some((sample, _)) => json!(sample),
                None => json!(
                    "a".repeat(node.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize)
                ),
            }
        }
        Some("integer") | Some("number") => json!(number(0)),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        Some("object") | None
            if node.get("properties").is_some() || node.get("allOf").is_some() =>
        {
            let mut object = Map::new();
            for member in node
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(Value::Object(part)) = synthesize(document, member, depth + 1) {
                    object.extend(part);
                }
            }
            for name in node
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let property = node.get("properties").and_then(|p| p.get(name))?;
                object.insert(name.to_owned(), synthesize(document, property, depth + 1)?);
            }
            Value::Object(object)
        }
        Some("object") => json!({}),
        _ => json!("a"),
    })
}

fn resolve_ref<'d>(document: &'d Value, node: &'d Value) -> Option<&'d Value> {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve_ref(document, document.pointer(reference.strip_prefix('#')?)?),
        None => Some(node),
    }
}

/// The spec node at `at` after following `$ref`s, and its pointer.
fn resolve<'s>(raw: &'s Value, at: &str) -> Option<(String, &'s Map<String, Value>)> {
    let mut at = at.to_owned();
    for _ in 0..16 {
        let node = raw.pointer(&at)?.as_object()?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => at = reference.strip_prefix('#')?.to_owned(),
            None => return Some((at, node)),
        }
    }
    None
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", escape_segment(s)))
        .collect()
}

fn get<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    value.pointer(&pointer(path))
}

/// `base` with the value at `path` replaced (or added to its object);
/// `None` when the parent is not in `base`.
fn set(base: &Value, path: &[String], value: Value) -> Option<Value> {
    let Some((last, parents)) = path.split_last() else {
        return Some(value);
    };
    let mut payload = base.clone();
    payload
        .pointer_mut(&pointer(parents))?
        .as_object_mut()?
        .insert(last.clone(), value);
    Some(payload)
}

fn remove(base: &Value, path: &[String]) -> Option<Value> {
    let (last, parents) = path.split_last()?;
    let mut payload = base.clone();
    payload
        .pointer_mut(&pointer(parents))?
        .as_object_mut()?
        .remove(last)?;
    Some(payload)
}
