//! The reviewing tools on every document: `diff` and `validate` read the
//! front end, so they must run on every document the loader accepts,
//! whether or not the generator can emit it.
//!
//! - diff: the document against itself reports nothing, and against a copy
//!   without its first operation reports that removal as an error;
//! - validate: a runtime validator is built for every request body and
//!   every response body the document describes, and every example of
//!   those bodies is checked with it.

use std::collections::HashMap;
use std::path::Path;

use openapi_sdkgen::diff::{diff_models, Level, Side};
use openapi_sdkgen::front::{read_api, Api, Content, Operation};
use openapi_sdkgen::load::{escape_segment, load, load_str, Spec};
use openapi_sdkgen::validate::{Options, Target, Validator};
use serde_json::Value;

/// One line: what the diff and the validator did with the document.
pub fn review(path: &Path) -> String {
    let spec = match load(path) {
        Ok(spec) => spec,
        Err(error) => return format!("refused: {}", first_line(&error.to_string())),
    };
    let api = match read_api(&spec) {
        Ok(api) => api,
        Err(error) => return format!("refused: {}", first_line(&error.to_string())),
    };
    format!("{}; {}", diff(&spec, &api), validate(&spec, &api))
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    // Errors name the document by the path it was read from.
    match line.find(": ") {
        Some(cut) => line[cut + 2..].to_owned(),
        None => line.to_owned(),
    }
}

fn side(spec: &Spec, api: Api) -> Side {
    Side {
        label: "document".to_owned(),
        path: "document".to_owned(),
        module: "api".to_owned(),
        api: Some(api),
        model: None,
        model_error: Some("not built by the review".to_owned()),
        source_map: spec.source_map.clone(),
    }
}

fn diff(spec: &Spec, api: &Api) -> String {
    let itself = match diff_models(&side(spec, api.clone()), &side(spec, api.clone())) {
        Ok(report) => report.changes.len(),
        Err(error) => return format!("diff refused: {}", first_line(&error.to_string())),
    };
    let Some(first) = api.operations.first() else {
        return format!("diff: {itself} changes against itself, no operation to remove");
    };
    let mut without = spec.raw.clone();
    let item = format!("/paths/{}", escape_segment(first.path.as_str()));
    if let Some(Value::Object(item)) = without.pointer_mut(&item) {
        item.remove(first.method.key());
    }
    let text = serde_json::to_string(&without).expect("a JSON value serializes");
    let removed = load_str(Path::new("without.json"), &text)
        .map_err(|e| e.to_string())
        .and_then(|spec| {
            let api = read_api(&spec).map_err(|e| e.to_string())?;
            Ok(side(&spec, api))
        })
        .and_then(|new| diff_models(&side(spec, api.clone()), &new).map_err(|e| e.to_string()));
    match removed {
        Ok(report) => {
            let errors = report
                .changes
                .iter()
                .filter(|c| c.level == Level::Error)
                .count();
            format!(
                "diff: {itself} changes against itself, {errors} errors without {}",
                first.label()
            )
        }
        Err(error) => format!(
            "diff: {itself} changes against itself; {}",
            first_line(&error)
        ),
    }
}

/// A body the validator can check: its target and its content entry.
struct Body<'a> {
    target: Target,
    content: &'a Content,
    request: bool,
}

fn bodies(operation: &Operation) -> Vec<Body<'_>> {
    let name = operation
        .operation_id
        .clone()
        .unwrap_or_else(|| operation.label());
    let mut found = Vec::new();
    let json_first = |content: &[Content]| -> Option<usize> {
        content
            .iter()
            .position(|c| c.media_type.is_json() && c.schema.is_some())
            .or_else(|| content.iter().position(|c| c.schema.is_some()))
    };
    if let Some(body) = &operation.request_body {
        if let Some(index) = json_first(&body.content) {
            found.push(Body {
                target: Target::Request {
                    operation: name.clone(),
                },
                content: &body.content[index],
                request: true,
            });
        }
    }
    for response in &operation.responses {
        if let Some(index) = json_first(&response.content) {
            found.push(Body {
                target: Target::Response {
                    operation: name.clone(),
                    status: response.status.to_string(),
                },
                content: &response.content[index],
                request: false,
            });
        }
    }
    found
}

fn validate(spec: &Spec, api: &Api) -> String {
    let mut built: HashMap<(String, bool), Validator> = HashMap::new();
    let (mut targets, mut refused, mut first_refusal) = (0, 0, None);
    let (mut examples, mut valid, mut first_invalid) = (0, 0, None);
    for operation in &api.operations {
        for body in bodies(operation) {
            targets += 1;
            // Bodies that share a schema share a validator.
            let schema = body
                .content
                .schema
                .map(|id| api.schemas.get(id).pointer().to_owned())
                .unwrap_or_default();
            let key = (schema, body.request);
            if !built.contains_key(&key) {
                match Validator::for_api(spec, api, body.target.clone(), Options::default()) {
                    Ok(validator) => {
                        built.insert(key.clone(), validator);
                    }
                    Err(error) => {
                        refused += 1;
                        first_refusal.get_or_insert_with(|| first_line(&error.to_string()));
                        continue;
                    }
                }
            }
            let validator = &built[&key];
            for (pointer, example) in documented_examples(spec, body.content) {
                examples += 1;
                let violations = match &example {
                    Value::String(form)
                        if validator.encoding() != openapi_sdkgen::validate::Encoding::Json =>
                    {
                        match validator.decode_form(form.as_bytes()) {
                            Ok(value) => validator.violations(&value).len(),
                            Err(_) => 1,
                        }
                    }
                    value => validator.violations(value).len(),
                };
                if violations == 0 {
                    valid += 1;
                } else {
                    first_invalid.get_or_insert(pointer);
                }
            }
        }
    }
    let mut line = format!("validate: {} of {targets} bodies", targets - refused);
    if let Some(refusal) = first_refusal {
        line.push_str(&format!(" (first refused: {refusal})"));
    }
    line.push_str(&format!(", {valid} of {examples} examples valid"));
    if let Some(pointer) = first_invalid {
        line.push_str(&format!(" (first invalid: {pointer})"));
    }
    line
}

/// `example` and every `examples` entry's `value` of a content entry,
/// with their pointers (`$ref`s to components.examples followed).
fn documented_examples(spec: &Spec, content: &Content) -> Vec<(String, Value)> {
    let at = &content.source.pointer;
    let mut found = Vec::new();
    if let Some(example) = spec.raw.pointer(&format!("{at}/example")) {
        found.push((format!("#{at}/example"), example.clone()));
    }
    let examples = spec
        .raw
        .pointer(&format!("{at}/examples"))
        .and_then(Value::as_object);
    for (name, entry) in examples.into_iter().flatten() {
        let entry = match entry.get("$ref").and_then(Value::as_str) {
            Some(reference) => spec.resolve_pointer(reference).unwrap_or(entry),
            None => entry,
        };
        if let Some(value) = entry.get("value") {
            let pointer = format!("#{at}/examples/{}/value", escape_segment(name));
            found.push((pointer, value.clone()));
        }
    }
    found
}
