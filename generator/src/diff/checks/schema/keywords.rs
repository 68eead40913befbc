//! The keywords of one schema, old against new: type and format,
//! nullable, enum, every numeric limit, pattern, multipleOf, uniqueItems
//! and default. Each change is located at its keyword (`.../maxLength`),
//! so the line a report shows is the line that changed.

use serde_json::Value;

use super::{Pair, Place};
use crate::diff::rules::{Direction, Limit, Movement, SchemaChange, Subject};
use crate::diff::Differ;
use crate::front::{Additional, Bound, Schema, SchemaId, SchemaType, Schemas};

impl Differ<'_> {
    /// Compares the keywords; `false` when the types are incompatible, so
    /// what is inside is not compared (it is a different value altogether).
    pub(super) fn compare_keywords(&mut self, place: &Place, pair: &Pair) -> bool {
        // A change of the list of types, or an object wrapped in a oneOf,
        // is that change alone, as oasdiff reports it: not also a type
        // change, union members and properties removed.
        if self.compare_list_of_types(place, pair) || self.compare_one_of_wrapping(place, pair) {
            return false;
        }
        if !self.compare_type(place, pair) {
            // A value of another type that is also limited to a list.
            if pair.old.enumeration.is_none() && pair.new.enumeration.is_some() {
                self.compare_enum(place, pair);
            }
            return false;
        }
        self.compare_nullable(place, pair);
        self.compare_enum(place, pair);
        self.compare_extensible_enum(place, pair);
        self.compare_limits(place, pair);
        self.compare_texts(place, pair);
        self.compare_unique_items(place, pair);
        self.compare_default(place, pair);
        true
    }

    fn compare_type(&mut self, place: &Place, pair: &Pair) -> bool {
        let (old, new) = (TypeFormat::of(pair.old), TypeFormat::of(pair.new));
        if old == new {
            return true;
        }
        let change = match (place.direction, place.subject()) {
            // A scalar parameter is text on the wire: a string takes any.
            (Direction::Request, Subject::Parameter) if new.admits_as_text(&old) => {
                SchemaChange::TypeGeneralized
            }
            // An object parameter may be sent as JSON (typed) or as
            // `deepObject` text; as oasdiff, a change that breaks one and
            // not the other is a warning.
            (Direction::Request, Subject::ParameterProperty) => {
                match (new.admits(&old), new.admits_as_text(&old)) {
                    (true, true) => SchemaChange::TypeGeneralized,
                    (false, false) => SchemaChange::TypeSpecialized,
                    _ => SchemaChange::TypeChanged,
                }
            }
            (Direction::Request, _) if new.admits(&old) => SchemaChange::TypeGeneralized,
            (Direction::Response, _) if old.admits(&new) => SchemaChange::TypeSpecialized,
            (Direction::Response, _) if new.admits(&old) => SchemaChange::TypeGeneralized,
            _ => SchemaChange::TypeChanged,
        };
        let (old_text, new_text) = (old.describe(), new.describe());
        let message = format!("type {old_text} → {new_text}");
        self.keyword_change(
            place,
            pair,
            ("type", change),
            message,
            (Some(old_text), Some(new_text)),
        );
        change != SchemaChange::TypeChanged
    }

    /// oasdiff's list-of-types pattern: the types a value may have, as one
    /// `type` or a `oneOf`/`anyOf` of single-type schemas, when at least
    /// one side is such a list. Fewer types narrow a request, more widen
    /// a response. `true` when it reported one.
    fn compare_list_of_types(&mut self, place: &Place, pair: &Pair) -> bool {
        let old = type_list(&self.old.api.schemas, pair.old);
        let new = type_list(&self.new.api.schemas, pair.new);
        let (Some((old, old_is_list)), Some((new, new_is_list))) = (old, new) else {
            return false;
        };
        if !old_is_list && !new_is_list {
            return false;
        }
        let added = new.iter().any(|t| !old.contains(t));
        let deleted = old.iter().any(|t| !new.contains(t));
        let change = match (place.direction, added, deleted) {
            (_, false, false) => return false,
            (Direction::Request, _, true) | (Direction::Response, false, true) => {
                SchemaChange::ListOfTypesNarrowed
            }
            _ => SchemaChange::ListOfTypesWidened,
        };
        let text = |types: &[SchemaType]| {
            types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (old_text, new_text) = (text(&old), text(&new));
        let message = format!("types {old_text} → {new_text}");
        let values = (Some(old_text), Some(new_text));
        self.keyword_change(place, pair, ("type", change), message, values);
        true
    }

    /// An object whose properties moved into the alternatives of a new
    /// `oneOf` (oasdiff's "wrapped in oneOf"). `true` when it reported one.
    fn compare_one_of_wrapping(&mut self, place: &Place, pair: &Pair) -> bool {
        let (old, new) = (pair.old, pair.new);
        if old.properties.is_empty()
            || !old.one_of.is_empty()
            || !new.properties.is_empty()
            || new.one_of.is_empty()
        {
            return false;
        }
        let schemas = &self.new.api.schemas;
        let alternatives: Vec<&Schema> = new.one_of.iter().map(|&id| schemas.get(id)).collect();
        let objects = alternatives.iter().all(|s| !s.properties.is_empty());
        let moved = old
            .properties
            .iter()
            .all(|(name, _)| alternatives.iter().any(|s| s.property(name).is_some()));
        if !(objects && moved) {
            return false;
        }
        let count = alternatives.len();
        let message = format!("its properties moved into the {count} alternatives of a oneOf");
        let change = ("oneOf", SchemaChange::WrappedInOneOf);
        self.keyword_change(place, pair, change, message, (None, None));
        true
    }

    fn compare_nullable(&mut self, place: &Place, pair: &Pair) {
        let (old, new) = (pair.old.nullable, pair.new.nullable);
        if old == new || TypeFormat::of(pair.new).schema_type.is_none() {
            return;
        }
        let (change, message) = if new {
            (SchemaChange::BecameNullable, "became nullable")
        } else {
            (SchemaChange::BecameNotNullable, "became not nullable")
        };
        let describe = |nullable| if nullable { "nullable" } else { "not nullable" };
        self.keyword_change(
            place,
            pair,
            ("nullable", change),
            message,
            (Some(describe(old).into()), Some(describe(new).into())),
        );
    }

    fn compare_enum(&mut self, place: &Place, pair: &Pair) {
        let text = |values: &Option<Vec<Value>>| {
            values
                .as_ref()
                .map(|v| v.iter().map(Value::to_string).collect::<Vec<_>>())
        };
        let (old, new) = (text(&pair.old.enumeration), text(&pair.new.enumeration));
        let key = ("enum", SchemaChange::BecameEnum);
        match (old, new) {
            (None, None) => {}
            (None, Some(new)) => {
                let values = Some(new.join(", "));
                self.keyword_change(place, pair, key, "became an enum", (None, values));
            }
            (Some(old), None) => {
                let key = ("enum", SchemaChange::EnumUnset);
                let values = Some(old.join(", "));
                let message = "enum removed: any value of the type is allowed";
                self.keyword_change(place, pair, key, message, (values, None));
            }
            (Some(old), Some(new)) => {
                for value in old.iter().filter(|v| !new.contains(v)) {
                    let key = ("enum", SchemaChange::EnumValueRemoved);
                    let message = format!("enum value {value} removed");
                    self.keyword_change(place, pair, key, message, (Some(value.clone()), None));
                }
                for value in new.iter().filter(|v| !old.contains(v)) {
                    let key = ("enum", SchemaChange::EnumValueAdded);
                    let message = format!("enum value {value} added");
                    self.keyword_change(place, pair, key, message, (None, Some(value.clone())));
                }
            }
        }
    }

    /// `x-extensible-enum` (Zalando's guideline, which oasdiff follows):
    /// the values known today, with more allowed later, so only a removal
    /// is a change to report.
    fn compare_extensible_enum(&mut self, place: &Place, pair: &Pair) {
        const KEY: &str = "x-extensible-enum";
        let values = |schema: &Schema| -> Vec<String> {
            schema
                .extension(KEY)
                .and_then(Value::as_array)
                .map(|values| values.iter().map(Value::to_string).collect())
                .unwrap_or_default()
        };
        let (old, new) = (values(pair.old), values(pair.new));
        for value in old.iter().filter(|v| !new.contains(v)) {
            let key = (KEY, SchemaChange::ExtensibleEnumValueRemoved);
            let message = format!("x-extensible-enum value {value} removed");
            self.keyword_change(place, pair, key, message, (Some(value.clone()), None));
        }
    }

    fn compare_limits(&mut self, place: &Place, pair: &Pair) {
        for limit in Limit::ALL {
            let (old, new) = (limit_of(pair.old, limit), limit_of(pair.new, limit));
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
                pair,
                (keyword, change),
                message,
                (old_text, new_text),
            );
        }
    }

    /// `pattern` and `multipleOf`: set, unset or changed.
    fn compare_texts(&mut self, place: &Place, pair: &Pair) {
        use SchemaChange::*;
        let factor = |s: &Schema| s.multiple_of.map(number);
        // An empty pattern matches every string: it is no pattern.
        let pattern = |s: &Schema| s.pattern.clone().filter(|p| !p.is_empty());
        let keywords = [
            (
                "pattern",
                pattern(pair.old),
                pattern(pair.new),
                [PatternAdded, PatternRemoved, PatternChanged],
            ),
            (
                "multipleOf",
                factor(pair.old),
                factor(pair.new),
                [MultipleOfSet, MultipleOfUnset, MultipleOfChanged],
            ),
        ];
        for (keyword, old, new, [set, unset, changed]) in keywords {
            let change = match (&old, &new) {
                (None, Some(_)) => set,
                (Some(_), None) => unset,
                (Some(a), Some(b)) if a != b => changed,
                _ => continue,
            };
            let message = format!("{keyword} {}", arrow(&old, &new));
            self.keyword_change(place, pair, (keyword, change), message, (old, new));
        }
    }

    fn compare_unique_items(&mut self, place: &Place, pair: &Pair) {
        let (old, new) = (pair.old.unique_items, pair.new.unique_items);
        if old == new {
            return;
        }
        let (change, message) = if new {
            (
                SchemaChange::UniqueItemsSet,
                "uniqueItems set: items must differ",
            )
        } else {
            (
                SchemaChange::UniqueItemsUnset,
                "uniqueItems removed: items may repeat",
            )
        };
        let text = |b: bool| Some(b.to_string());
        self.keyword_change(
            place,
            pair,
            ("uniqueItems", change),
            message,
            (text(old), text(new)),
        );
    }

    fn compare_default(&mut self, place: &Place, pair: &Pair) {
        let text = |s: &Schema| s.default.as_ref().map(Value::to_string);
        let (old, new) = (text(pair.old), text(pair.new));
        let change = match (&old, &new) {
            (None, Some(_)) => SchemaChange::DefaultValueAdded,
            (Some(_), None) => SchemaChange::DefaultValueRemoved,
            (Some(a), Some(b)) if a != b => SchemaChange::DefaultValueChanged,
            _ => return,
        };
        let message = format!("default {}", plain_arrow(&old, &new));
        self.keyword_change(place, pair, ("default", change), message, (old, new));
    }
}

/// A schema's type and format; an untyped schema with properties is an
/// object, one with items an array.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TypeFormat<'a> {
    pub schema_type: Option<SchemaType>,
    pub format: Option<&'a str>,
}

impl<'a> TypeFormat<'a> {
    pub fn of(schema: &'a Schema) -> Self {
        let inferred = if !schema.properties.is_empty()
            || schema.additional_properties != Additional::Absent
        {
            Some(SchemaType::Object)
        } else if schema.items.is_some() {
            Some(SchemaType::Array)
        } else {
            None
        };
        Self {
            schema_type: schema.schema_type.or(inferred),
            format: schema.format.as_deref(),
        }
    }

    /// Whether every value of `inner` is a value of `self`: any type
    /// admits everything, number admits integers, no format admits every
    /// format, int64 admits int32 and double admits float.
    pub fn admits(&self, inner: &TypeFormat) -> bool {
        let Some(outer_type) = self.schema_type else {
            return true;
        };
        let Some(inner_type) = inner.schema_type else {
            return false;
        };
        let types = outer_type == inner_type
            || (outer_type == SchemaType::Number && inner_type == SchemaType::Integer);
        let formats = match (self.format, inner.format) {
            (None, _) => true,
            (Some(a), Some(b)) if a == b => true,
            (Some("int64"), Some("int32")) | (Some("double"), Some("float")) => true,
            (Some("double" | "float"), _) => inner_type == SchemaType::Integer,
            _ => false,
        };
        types && formats
    }

    /// [`Self::admits`] for values sent as text (a query string): a plain
    /// string also admits the text of any scalar.
    pub fn admits_as_text(&self, inner: &TypeFormat) -> bool {
        let scalar = matches!(
            inner.schema_type,
            Some(
                SchemaType::String | SchemaType::Integer | SchemaType::Number | SchemaType::Boolean
            )
        );
        self.admits(inner)
            || (self.schema_type == Some(SchemaType::String) && self.format.is_none() && scalar)
    }

    pub fn describe(&self) -> String {
        let name = self.schema_type.map_or("any", SchemaType::as_str);
        match self.format {
            Some(format) => format!("{name} ({format})"),
            None => name.to_owned(),
        }
    }
}

/// The types of oasdiff's list-of-types pattern, and whether they are a
/// list (a `oneOf`, else an `anyOf`, each member one plain type) rather
/// than one `type`; `None` for any other schema.
fn type_list(schemas: &Schemas, schema: &Schema) -> Option<(Vec<SchemaType>, bool)> {
    if schema.not.is_some() || !schema.all_of.is_empty() || !schema.properties.is_empty() {
        return None;
    }
    if let Some(single) = schema.schema_type {
        return Some((vec![single], false));
    }
    let plain_type = |id: &SchemaId| {
        let member = schemas.get(*id);
        let plain = member.properties.is_empty()
            && member.one_of.is_empty()
            && member.any_of.is_empty()
            && member.all_of.is_empty();
        member.schema_type.filter(|_| plain)
    };
    [&schema.one_of, &schema.any_of]
        .into_iter()
        .filter(|members| !members.is_empty())
        .find_map(|members| members.iter().map(plain_type).collect::<Option<Vec<_>>>())
        .map(|types| (types, true))
}

fn limit_of(s: &Schema, limit: Limit) -> Option<Bound> {
    let count = |n: Option<u64>| {
        n.map(|n| Bound {
            value: n as f64,
            exclusive: false,
        })
    };
    match limit {
        Limit::MaxLength => count(s.max_length),
        Limit::MinLength => count(s.min_length),
        Limit::MaxItems => count(s.max_items),
        Limit::MinItems => count(s.min_items),
        Limit::MaxProperties => count(s.max_properties),
        Limit::MinProperties => count(s.min_properties),
        Limit::Max => s.maximum,
        Limit::Min => s.minimum,
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

/// Like [`arrow`], for values already written as JSON.
fn plain_arrow(old: &Option<String>, new: &Option<String>) -> String {
    match (old, new) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        (None, Some(b)) => format!("{b} added"),
        (Some(a), None) => format!("{a} removed"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tf(schema_type: SchemaType, format: Option<&str>) -> TypeFormat<'_> {
        TypeFormat {
            schema_type: Some(schema_type),
            format,
        }
    }

    #[test]
    fn numbers_admit_integers_and_wider_formats_admit_narrower_ones() {
        use SchemaType::*;
        assert!(tf(Number, None).admits(&tf(Integer, Some("int32"))));
        assert!(!tf(Integer, None).admits(&tf(Number, None)));
        assert!(tf(Integer, Some("int64")).admits(&tf(Integer, Some("int32"))));
        assert!(!tf(Integer, Some("int32")).admits(&tf(Integer, Some("int64"))));
        assert!(tf(String, None).admits(&tf(String, Some("date"))));
        assert!(!tf(String, Some("date")).admits(&tf(String, None)));
        assert!(!tf(String, None).admits(&tf(Integer, None)));
        let any = TypeFormat {
            schema_type: None,
            format: None,
        };
        assert!(any.admits(&tf(Object, None)) && !tf(Object, None).admits(&any));
    }
}
