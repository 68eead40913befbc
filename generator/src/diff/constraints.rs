//! Limits, patterns and value lists of one schema, old against new.
//!
//! Each change is located at its keyword (`.../maxLength`), so the line a
//! report shows is the line that changed.

use super::rules::{schema_rule, Limit, Movement, SchemaChange};
use super::schemas::{Place, View};
use super::Differ;
use crate::model::{Bound, Constraints};

impl Differ<'_> {
    /// A change to one keyword of the schema, located at the keyword:
    /// `what` is the keyword and the change, `values` the old and new value.
    pub(super) fn keyword_change(
        &mut self,
        place: &Place,
        o: &View,
        n: &View,
        (keyword, change): (&str, SchemaChange),
        message: impl Into<String>,
        (old, new): (Option<String>, Option<String>),
    ) {
        let rule = schema_rule(place.direction, place.subject(), change);
        let at = place.at(
            format!("{}/{keyword}", o.pointer),
            format!("{}/{keyword}", n.pointer),
        );
        self.push(rule, &at, message, old, new);
    }

    pub(super) fn compare_constraints(&mut self, place: &Place, o: &View, n: &View) {
        let (a, b) = (o.constraints, n.constraints);
        for limit in Limit::ALL {
            let (old, new) = (limit_of(a, limit), limit_of(b, limit));
            let movement = match (old, new) {
                (None, None) => continue,
                (None, Some(_)) => Movement::Set,
                (Some(_), None) => Movement::Unset,
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) => match (tighter(limit, x, y), limit.is_upper()) {
                    (true, true) | (false, false) => Movement::Decreased,
                    (true, false) | (false, true) => Movement::Increased,
                },
            };
            let keyword = limit.keyword();
            let (old_text, new_text) = (old.map(bound_text), new.map(bound_text));
            let message = match (&old_text, &new_text) {
                (Some(x), Some(y)) => format!("{keyword} {x} → {y}"),
                (None, Some(y)) => format!("{keyword} {y} set"),
                (Some(x), None) => format!("{keyword} {x} removed"),
                (None, None) => continue,
            };
            let change = SchemaChange::Limit(limit, movement);
            self.keyword_change(
                place,
                o,
                n,
                (keyword, change),
                message,
                (old_text, new_text),
            );
        }
        let changed = |x: &Option<String>, y: &Option<String>, set, unset, other| match (x, y) {
            (None, Some(_)) => Some(set),
            (Some(_), None) => Some(unset),
            (Some(p), Some(q)) if p != q => Some(other),
            _ => None,
        };
        if let Some(change) = changed(
            &a.pattern,
            &b.pattern,
            SchemaChange::PatternAdded,
            SchemaChange::PatternRemoved,
            SchemaChange::PatternChanged,
        ) {
            let message = format!("pattern {}", arrow(&a.pattern, &b.pattern));
            self.keyword_change(
                place,
                o,
                n,
                ("pattern", change),
                message,
                (a.pattern.clone(), b.pattern.clone()),
            );
        }
        let (old_factor, new_factor) = (a.multiple_of.map(number), b.multiple_of.map(number));
        if let Some(change) = changed(
            &old_factor,
            &new_factor,
            SchemaChange::MultipleOfSet,
            SchemaChange::MultipleOfUnset,
            SchemaChange::MultipleOfChanged,
        ) {
            let message = format!("multipleOf {}", arrow(&old_factor, &new_factor));
            self.keyword_change(
                place,
                o,
                n,
                ("multipleOf", change),
                message,
                (old_factor, new_factor),
            );
        }
        self.compare_allowed(place, o, n);
    }

    /// `enum` on numbers and booleans (string enums are their own types).
    fn compare_allowed(&mut self, place: &Place, o: &View, n: &View) {
        let text =
            |values: &[serde_json::Value]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        let (old, new) = (text(&o.constraints.allowed), text(&n.constraints.allowed));
        match (old.is_empty(), new.is_empty()) {
            (true, true) => {}
            (true, false) => {
                let change = SchemaChange::BecameEnum;
                self.keyword_change(
                    place,
                    o,
                    n,
                    ("enum", change),
                    "became an enum",
                    (None, Some(new.join(", "))),
                );
            }
            (false, true) => {
                let change = SchemaChange::EnumUnset;
                self.keyword_change(
                    place,
                    o,
                    n,
                    ("enum", change),
                    "enum removed",
                    (Some(old.join(", ")), None),
                );
            }
            (false, false) => {
                for value in old.iter().filter(|v| !new.contains(v)) {
                    let change = SchemaChange::EnumValueRemoved;
                    let message = format!("enum value {value} removed");
                    self.keyword_change(
                        place,
                        o,
                        n,
                        ("enum", change),
                        message,
                        (Some(value.clone()), None),
                    );
                }
                for value in new.iter().filter(|v| !old.contains(v)) {
                    let change = SchemaChange::EnumValueAdded;
                    let message = format!("enum value {value} added");
                    self.keyword_change(
                        place,
                        o,
                        n,
                        ("enum", change),
                        message,
                        (None, Some(value.clone())),
                    );
                }
            }
        }
    }
}

fn limit_of(c: &Constraints, limit: Limit) -> Option<Bound> {
    let length = |n: Option<u64>| {
        n.map(|n| Bound {
            value: n as f64,
            exclusive: false,
        })
    };
    match limit {
        Limit::MaxLength => length(c.max_length),
        Limit::MinLength => length(c.min_length),
        Limit::MaxItems => length(c.max_items),
        Limit::MinItems => length(c.min_items),
        Limit::Max => c.maximum,
        Limit::Min => c.minimum,
    }
}

/// Whether `new` admits fewer values than `old`; an exclusive bound at the
/// same value admits fewer.
fn tighter(limit: Limit, old: Bound, new: Bound) -> bool {
    let exclusive_added = new.value == old.value && new.exclusive && !old.exclusive;
    if limit.is_upper() {
        new.value < old.value || exclusive_added
    } else {
        new.value > old.value || exclusive_added
    }
}

fn bound_text(bound: Bound) -> String {
    if bound.exclusive {
        format!("{} (exclusive)", number(bound.value))
    } else {
        number(bound.value)
    }
}

fn arrow(old: &Option<String>, new: &Option<String>) -> String {
    match (old, new) {
        (Some(a), Some(b)) => format!("{a:?} → {b:?}"),
        (None, Some(b)) => format!("{b:?} added"),
        (Some(a), None) => format!("{a:?} removed"),
        (None, None) => String::new(),
    }
}

/// `16`, not `16.0`, for integral values.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
