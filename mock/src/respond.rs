//! Which documented answer a valid request gets: the success response and
//! its first example, unless a `Prefer` header picks another status or
//! example by name, as Prism reads it (`Prefer: code=404, example=declined`).

use bytes::Bytes;
use openapi_sdkgen::front::Status;
use serde_json::Value;

use crate::log::Issue;
use crate::plan::{OperationPlan, ResponsePlan};

/// What a `Prefer` header asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preference {
    pub code: Option<u16>,
    pub example: Option<String>,
}

/// Reads `code=NNN` and `example=NAME` from `Prefer` (separated by commas
/// or semicolons, values optionally quoted); other preferences are ignored.
pub fn preference(header: Option<&str>) -> Result<Preference, Issue> {
    let mut preference = Preference::default();
    let Some(header) = header else {
        return Ok(preference);
    };
    for token in header.split([',', ';']) {
        let Some((key, value)) = token.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"');
        match key.trim() {
            "code" => match value.parse::<u16>() {
                Ok(code) if (100..600).contains(&code) => preference.code = Some(code),
                _ => {
                    return Err(prefer_issue(format!(
                        "Prefer: code={value} is not an HTTP status"
                    )))
                }
            },
            "example" => preference.example = Some(value.to_owned()),
            _ => {}
        }
    }
    Ok(preference)
}

/// The answer a request gets, from the plan.
pub struct Choice<'a> {
    pub response: &'a ResponsePlan,
    /// The status sent: the one `Prefer` asked for (a `4XX` range answers
    /// `Prefer: code=404` with 404), else the response's.
    pub code: u16,
    pub example: Option<&'a Value>,
    /// The example as sent, encoded at start-up.
    pub encoded: Option<&'a Bytes>,
}

/// The response and the example to answer with; `None` when the
/// operation documents no response at all.
pub fn choose<'a>(
    plan: &'a OperationPlan,
    preference: &Preference,
) -> Result<Option<Choice<'a>>, Issue> {
    let response = match preference.code {
        Some(code) => Some(documented_status(plan, code).ok_or_else(|| {
            let known: Vec<String> = plan
                .responses
                .iter()
                .map(|r| r.status.to_string())
                .collect();
            prefer_issue(format!(
                "Prefer: code={code} is not a documented status of {}; it documents {}",
                plan.label,
                known.join(", ")
            ))
        })?),
        None => plan.success.map(|index| &plan.responses[index]),
    };
    let Some(response) = response else {
        return Ok(None);
    };
    if let Some(name) = &preference.example {
        if !response.examples.iter().any(|e| &e.name == name) {
            let known: Vec<&str> = response.examples.iter().map(|e| e.name.as_str()).collect();
            let known = if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            };
            return Err(prefer_issue(format!(
                "Prefer: example={name} is not an example of {} response {}; its examples: {known}",
                plan.label, response.status
            )));
        }
    }
    let example = response.example(preference.example.as_deref());
    Ok(Some(Choice {
        response,
        code: preference.code.unwrap_or(response.code),
        example: example.map(|(value, _)| value),
        encoded: example.map(|(_, bytes)| bytes),
    }))
}

/// The exact code, else its range, else `default`.
pub fn documented_status(plan: &OperationPlan, code: u16) -> Option<&ResponsePlan> {
    let first_digit = u8::try_from(code / 100).ok();
    [
        Some(Status::Code(code)),
        first_digit.map(Status::Range),
        Some(Status::Default),
    ]
    .into_iter()
    .flatten()
    .find_map(|wanted| plan.responses.iter().find(|r| r.status == wanted))
}

fn prefer_issue(message: String) -> Issue {
    Issue {
        location: "header",
        name: Some("Prefer".to_owned()),
        pointer: String::new(),
        rule: "prefer".to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefer_reads_code_and_example_in_any_order_and_separator() {
        let read = |text| preference(Some(text)).expect("reads");
        assert_eq!(
            read("example=declined; code=406"),
            Preference {
                code: Some(406),
                example: Some("declined".into())
            }
        );
        assert_eq!(read("respond-async, code=\"201\"").code, Some(201));
        assert!(preference(Some("code=abc")).is_err());
        assert_eq!(preference(None).expect("none"), Preference::default());
    }
}
