//! Object properties (added, removed, required, deprecated, readOnly and
//! writeOnly) and `additionalProperties`.

use super::super::lifecycle::{
    deprecation_report, stability_report, DeprecationRules, StabilityRules, STABILITY_KEY,
};
use super::{Pair, Place, Use, Walk};
use crate::diff::rules::{self, fixed, Direction, SchemaChange};
use crate::diff::Differ;
use crate::front::{child_pointer, Additional, Schema, SchemaId};

const REQUEST_DEPRECATION: DeprecationRules = DeprecationRules {
    deprecated: rules::REQUEST_PROPERTY_DEPRECATED,
    deprecated_with_sunset: Some(rules::REQUEST_PROPERTY_DEPRECATED_WITH_SUNSET),
    reactivated: rules::REQUEST_PROPERTY_REACTIVATED,
    sunset_too_soon: rules::REQUEST_PROPERTY_SUNSET_DATE_TOO_SMALL,
    deprecated_sunset_parse: rules::REQUEST_PROPERTY_DEPRECATED_SUNSET_INVALID,
    sunset_parse: None,
    sunset_deleted: None,
    sunset_changed_too_soon: None,
};

const RESPONSE_DEPRECATION: DeprecationRules = DeprecationRules {
    deprecated: rules::RESPONSE_PROPERTY_DEPRECATED,
    deprecated_with_sunset: Some(rules::RESPONSE_PROPERTY_DEPRECATED_WITH_SUNSET),
    reactivated: rules::RESPONSE_PROPERTY_REACTIVATED,
    sunset_too_soon: rules::RESPONSE_PROPERTY_SUNSET_DATE_TOO_SMALL,
    deprecated_sunset_parse: rules::RESPONSE_PROPERTY_DEPRECATED_SUNSET_INVALID,
    sunset_parse: None,
    sunset_deleted: None,
    sunset_changed_too_soon: None,
};

const REQUEST_STABILITY: StabilityRules = StabilityRules {
    decreased: rules::REQUEST_PROPERTY_STABILITY_DECREASED,
    increased: rules::REQUEST_PROPERTY_STABILITY_INCREASED,
};

const RESPONSE_STABILITY: StabilityRules = StabilityRules {
    decreased: rules::RESPONSE_PROPERTY_STABILITY_DECREASED,
    increased: rules::RESPONSE_PROPERTY_STABILITY_INCREASED,
};

/// A property's `x-sunset`, as written.
fn sunset_of(schema: &Schema) -> Option<&str> {
    schema
        .extension("x-sunset")
        .and_then(serde_json::Value::as_str)
}

/// A property as one side has it.
struct Property<'a> {
    id: SchemaId,
    schema: &'a Schema,
    required: bool,
    pointer: String,
}

impl Property<'_> {
    /// A read-only property is never sent, a write-only one never read.
    fn visible(&self, direction: Direction) -> bool {
        match direction {
            Direction::Request => !self.schema.read_only,
            Direction::Response => !self.schema.write_only,
        }
    }

    fn presence(&self) -> &'static str {
        if self.required {
            "required"
        } else {
            "optional"
        }
    }
}

impl<'m> Differ<'m> {
    pub(super) fn compare_objects(&mut self, place: &Place, pair: &Pair, walk: &mut Walk) {
        let (old_api, new_api) = (self.old.api, self.new.api);
        let property = |api: &'m crate::front::Api, owner: &Schema, name: &str| {
            owner.property(name).map(|id| Property {
                id,
                schema: api.schemas.get(id),
                required: owner.requires(name),
                pointer: child_pointer(&child_pointer(owner.pointer(), "properties"), name),
            })
        };
        let direction = place.direction;
        let request = direction == Direction::Request;
        for (name, _) in &pair.old.properties {
            let Some(old) = property(old_api, pair.old, name) else {
                continue;
            };
            let child = place.child(&format!("/{name}"));
            let Some(new) = property(new_api, pair.new, name) else {
                if !old.visible(direction) {
                    continue;
                }
                let rule = match (request, old.required) {
                    (true, _) => rules::REQUEST_PROPERTY_REMOVED,
                    (false, true) => rules::RESPONSE_REQUIRED_PROPERTY_REMOVED,
                    (false, false) => rules::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
                };
                let at = child.at(old.pointer.clone(), pair.new.pointer().to_owned());
                let text = format!("{}, {}", describe(old.schema), old.presence());
                self.push(
                    &fixed(rule),
                    &at,
                    format!("removed ({text})"),
                    Some(text),
                    None,
                );
                continue;
            };
            let at = child.at(old.pointer.clone(), new.pointer.clone());
            self.compare_access(&at, direction, &old, &new);
            if !old.visible(direction) || !new.visible(direction) {
                continue;
            }
            if old.required != new.required {
                // A default is what the server assumes when a value is
                // missing; `required` still rejects requests without it.
                let defaulted = new.schema.default.is_some();
                let rule = match (request, new.required) {
                    (true, true) if defaulted => {
                        rules::REQUEST_PROPERTY_BECAME_REQUIRED_WITH_DEFAULT
                    }
                    (true, true) => rules::REQUEST_PROPERTY_BECAME_REQUIRED,
                    (true, false) => rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                    (false, true) => rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                    (false, false) => rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
                };
                let message = format!("became {}", new.presence());
                let values = (Some(old.presence().into()), Some(new.presence().into()));
                self.push(&fixed(rule), &at, message, values.0, values.1);
            }
            let rules = if request {
                &REQUEST_DEPRECATION
            } else {
                &RESPONSE_DEPRECATION
            };
            let (old_state, new_state) = (
                (old.schema.deprecated, sunset_of(old.schema)),
                (new.schema.deprecated, sunset_of(new.schema)),
            );
            if let Some((rule, message)) =
                deprecation_report(rules, old_state, new_state, self.today)
            {
                self.push(&fixed(rule), &at, message, None, None);
            }
            let stability = if request {
                &REQUEST_STABILITY
            } else {
                &RESPONSE_STABILITY
            };
            let (old_level, new_level) = (
                old.schema.extension(STABILITY_KEY),
                new.schema.extension(STABILITY_KEY),
            );
            let reports = if !place.promised {
                Vec::new()
            } else {
                stability_report(stability, old_level, new_level)
            };
            for report in reports {
                self.push(
                    &fixed(report.rule),
                    &at,
                    report.message,
                    report.old,
                    report.new,
                );
            }
            self.compare(
                &child,
                Use {
                    id: old.id,
                    pointer: &old.pointer,
                },
                Use {
                    id: new.id,
                    pointer: &new.pointer,
                },
                walk,
            );
        }
        for (name, _) in &pair.new.properties {
            if pair.old.property(name).is_some() {
                continue;
            }
            let Some(new) = property(new_api, pair.new, name) else {
                continue;
            };
            if !new.visible(direction) {
                continue;
            }
            let rule = match (request, new.required) {
                (true, true) if new.schema.default.is_some() => {
                    rules::NEW_REQUIRED_REQUEST_PROPERTY_WITH_DEFAULT
                }
                (true, true) => rules::NEW_REQUIRED_REQUEST_PROPERTY,
                (true, false) => rules::NEW_OPTIONAL_REQUEST_PROPERTY,
                (false, true) => rules::RESPONSE_REQUIRED_PROPERTY_ADDED,
                (false, false) => rules::RESPONSE_OPTIONAL_PROPERTY_ADDED,
            };
            let child = place.child(&format!("/{name}"));
            let at = child.at(pair.old.pointer().to_owned(), new.pointer.clone());
            let text = format!("{}, {}", describe(new.schema), new.presence());
            self.push(
                &fixed(rule),
                &at,
                format!("added ({text})"),
                None,
                Some(text),
            );
        }
        self.compare_additional(place, pair, walk);
    }

    /// readOnly and writeOnly, which move a property out of (or into) one
    /// direction.
    fn compare_access(
        &mut self,
        at: &crate::diff::At,
        direction: Direction,
        old: &Property,
        new: &Property,
    ) {
        use rules::*;
        let request = direction == Direction::Request;
        let required = new.required;
        let pick = |a: Fixed, b: Fixed| if required { a } else { b };
        let flags = [
            ("readOnly", old.schema.read_only, new.schema.read_only),
            ("writeOnly", old.schema.write_only, new.schema.write_only),
        ];
        for (keyword, before, after) in flags {
            if before == after {
                continue;
            }
            let rule = match (request, keyword, after) {
                (true, "readOnly", true) => pick(
                    REQUEST_REQUIRED_PROPERTY_BECAME_READ_ONLY,
                    REQUEST_OPTIONAL_PROPERTY_BECAME_READ_ONLY,
                ),
                (true, "readOnly", false) => pick(
                    REQUEST_REQUIRED_PROPERTY_BECAME_NOT_READ_ONLY,
                    REQUEST_OPTIONAL_PROPERTY_BECAME_NOT_READ_ONLY,
                ),
                (true, _, true) => pick(
                    REQUEST_REQUIRED_PROPERTY_BECAME_WRITE_ONLY,
                    REQUEST_OPTIONAL_PROPERTY_BECAME_WRITE_ONLY,
                ),
                (true, _, false) => pick(
                    REQUEST_REQUIRED_PROPERTY_BECAME_NOT_WRITE_ONLY,
                    REQUEST_OPTIONAL_PROPERTY_BECAME_NOT_WRITE_ONLY,
                ),
                (false, "readOnly", true) => pick(
                    RESPONSE_REQUIRED_PROPERTY_BECAME_READ_ONLY,
                    RESPONSE_OPTIONAL_PROPERTY_BECAME_READ_ONLY,
                ),
                (false, "readOnly", false) => pick(
                    RESPONSE_REQUIRED_PROPERTY_BECAME_NOT_READ_ONLY,
                    RESPONSE_OPTIONAL_PROPERTY_BECAME_NOT_READ_ONLY,
                ),
                (false, _, true) => pick(
                    RESPONSE_REQUIRED_PROPERTY_BECAME_WRITE_ONLY,
                    RESPONSE_OPTIONAL_PROPERTY_BECAME_WRITE_ONLY,
                ),
                (false, _, false) => pick(
                    RESPONSE_REQUIRED_PROPERTY_BECAME_NOT_WRITE_ONLY,
                    RESPONSE_OPTIONAL_PROPERTY_BECAME_NOT_WRITE_ONLY,
                ),
            };
            let message = if after {
                format!("became {keyword}")
            } else {
                format!("no longer {keyword}")
            };
            self.push(
                &fixed(rule),
                at,
                message,
                Some(before.to_string()),
                Some(after.to_string()),
            );
        }
    }

    fn compare_additional(&mut self, place: &Place, pair: &Pair, walk: &mut Walk) {
        let (old, new) = (
            pair.old.additional_properties,
            pair.new.additional_properties,
        );
        let allows_any =
            |a: Additional| matches!(a, Additional::Absent | Additional::Allowed(true));
        let text = |a: Additional| match a {
            Additional::Absent | Additional::Allowed(true) => "any".to_owned(),
            Additional::Allowed(false) => "none".to_owned(),
            Additional::Schema(_) => "a schema".to_owned(),
        };
        let change = match (old, new) {
            (Additional::Schema(o), Additional::Schema(n)) => {
                let (old_at, new_at) = (
                    format!("{}/additionalProperties", pair.old.pointer()),
                    format!("{}/additionalProperties", pair.new.pointer()),
                );
                let (o, n) = (
                    Use {
                        id: o,
                        pointer: &old_at,
                    },
                    Use {
                        id: n,
                        pointer: &new_at,
                    },
                );
                self.compare(&place.child("/*"), o, n, walk);
                return;
            }
            _ if allows_any(old) == allows_any(new) && old == new => return,
            _ if allows_any(old) && allows_any(new) => return,
            (_, Additional::Allowed(false)) => SchemaChange::AdditionalPropertiesForbidden,
            (_, Additional::Schema(_)) if allows_any(old) => {
                SchemaChange::AdditionalPropertiesForbidden
            }
            _ => SchemaChange::AdditionalPropertiesAllowed,
        };
        let message = format!("additionalProperties: {} → {}", text(old), text(new));
        self.keyword_change(
            place,
            pair,
            ("additionalProperties", change),
            message,
            (Some(text(old)), Some(text(new))),
        );
    }
}

/// `string`, `object (Card)`: what a property is, for messages.
fn describe(schema: &Schema) -> String {
    let base = super::keywords::TypeFormat::of(schema).describe();
    match &schema.component {
        Some(name) => format!("{base} ({name})"),
        None => base,
    }
}
