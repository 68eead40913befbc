//! Deprecation, sunset dates and stability levels, read as oasdiff reads
//! them: `x-sunset` (an RFC 3339 date or date-time) on a deprecated
//! operation or parameter is the first day it may be removed, and
//! `x-stability-level` (`draft`, `alpha`, `beta`, `stable`) on an
//! operation says how much it promises.
//!
//! The verdicts depend on the day the diff runs ([`super::super::Differ`]
//! holds it): removing an operation before its sunset breaks the promise
//! the deprecation made, after it breaks nothing. oasdiff's default
//! policy asks for no minimum notice (`--deprecation-days-*` 0), so a
//! sunset is too soon only when it has passed.

use serde_json::Value;
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime};

use crate::diff::rules::{self, Fixed};

/// What a deprecated item's `x-sunset` says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sunset {
    Absent,
    On(Date),
    /// Not a date: the text, for the report.
    Invalid(String),
}

impl Sunset {
    fn read(written: Option<&str>) -> Sunset {
        let Some(text) = written else {
            return Sunset::Absent;
        };
        let date = Date::parse(text, &Iso8601::DATE)
            .or_else(|_| OffsetDateTime::parse(text, &Rfc3339).map(OffsetDateTime::date));
        match date {
            Ok(date) => Sunset::On(date),
            Err(_) => Sunset::Invalid(text.to_owned()),
        }
    }
}

/// What removing an item means, given its deprecation and sunset.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Removal {
    WithoutDeprecation,
    /// Deprecated with no sunset, or removed on or after it.
    WithDeprecation,
    BeforeSunset(Date),
    SunsetInvalid(String),
}

fn removal(deprecated: bool, sunset: &Sunset, today: Date) -> Removal {
    match (deprecated, sunset) {
        (false, _) => Removal::WithoutDeprecation,
        (true, Sunset::Absent) => Removal::WithDeprecation,
        (true, Sunset::Invalid(text)) => Removal::SunsetInvalid(text.clone()),
        (true, Sunset::On(date)) if today < *date => Removal::BeforeSunset(*date),
        (true, Sunset::On(_)) => Removal::WithDeprecation,
    }
}

/// What deprecating an item announces.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Deprecation {
    WithoutSunset,
    WithSunset(Date),
    /// The sunset has passed: the deprecation gives no notice.
    SunsetTooSoon(Date),
    SunsetInvalid(String),
}

fn deprecation(sunset: &Sunset, today: Date) -> Deprecation {
    match sunset {
        Sunset::Absent => Deprecation::WithoutSunset,
        Sunset::Invalid(text) => Deprecation::SunsetInvalid(text.clone()),
        Sunset::On(date) if *date < today => Deprecation::SunsetTooSoon(*date),
        Sunset::On(date) => Deprecation::WithSunset(*date),
    }
}

/// A change to the sunset of an item deprecated on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SunsetChange {
    Deleted,
    Invalid(String),
    /// Moved earlier, to a day that has passed.
    MovedTooSoon {
        old: Date,
        new: Date,
    },
}

fn sunset_change(old: &Sunset, new: &Sunset, today: Date) -> Option<SunsetChange> {
    match (old, new) {
        (Sunset::Absent, Sunset::Absent) => None,
        (_, Sunset::Absent) => Some(SunsetChange::Deleted),
        (Sunset::Invalid(text), _) | (_, Sunset::Invalid(text)) if old != new => {
            Some(SunsetChange::Invalid(text.clone()))
        }
        (Sunset::On(old), Sunset::On(new)) if new < old && *new < today => {
            Some(SunsetChange::MovedTooSoon {
                old: *old,
                new: *new,
            })
        }
        _ => None,
    }
}

/// The rules one kind of item (an operation, a parameter) reports its
/// removal under.
pub(super) struct RemovalRules {
    pub removed: Fixed,
    pub removed_with_deprecation: Fixed,
    pub removed_before_sunset: Fixed,
    /// Removed with a sunset that is not a date.
    pub sunset_parse: Fixed,
}

/// The rules one kind of item (an operation, a parameter, a property)
/// reports changes of its deprecation under. oasdiff has no rule for some
/// of them on some items (a property's sunset deleted): `None` reports
/// nothing.
pub(super) struct DeprecationRules {
    pub deprecated: Fixed,
    /// `None`: a deprecation with a sunset is `deprecated` too.
    pub deprecated_with_sunset: Option<Fixed>,
    pub reactivated: Fixed,
    pub sunset_too_soon: Fixed,
    /// Deprecated with a sunset that is not a date.
    pub deprecated_sunset_parse: Fixed,
    /// The sunset of an item still deprecated changed to no date.
    pub sunset_parse: Option<Fixed>,
    pub sunset_deleted: Option<Fixed>,
    pub sunset_changed_too_soon: Option<Fixed>,
}

/// The rule and message for removing an item.
pub(super) fn removal_report(
    rules: &RemovalRules,
    deprecated: bool,
    sunset: Option<&str>,
    today: Date,
) -> (Fixed, String) {
    match removal(deprecated, &Sunset::read(sunset), today) {
        Removal::WithoutDeprecation => (rules.removed, "removed".to_owned()),
        Removal::WithDeprecation => (
            rules.removed_with_deprecation,
            "removed (was deprecated)".to_owned(),
        ),
        Removal::BeforeSunset(date) => (
            rules.removed_before_sunset,
            format!("removed before its sunset, {date}"),
        ),
        Removal::SunsetInvalid(text) => (
            rules.sunset_parse,
            format!("removed; its sunset {text:?} is not a date"),
        ),
    }
}

/// The rule and message for a change of `(deprecated, x-sunset)`, if any.
pub(super) fn deprecation_report(
    rules: &DeprecationRules,
    (old_deprecated, old_sunset): (bool, Option<&str>),
    (new_deprecated, new_sunset): (bool, Option<&str>),
    today: Date,
) -> Option<(Fixed, String)> {
    let new_sunset = Sunset::read(new_sunset);
    Some(match (old_deprecated, new_deprecated) {
        (false, false) => return None,
        (true, false) => (rules.reactivated, "no longer deprecated".to_owned()),
        (false, true) => match deprecation(&new_sunset, today) {
            Deprecation::WithoutSunset => (rules.deprecated, "deprecated".to_owned()),
            Deprecation::WithSunset(date) => (
                rules.deprecated_with_sunset.unwrap_or(rules.deprecated),
                format!("deprecated, sunset {date}"),
            ),
            Deprecation::SunsetTooSoon(date) => (
                rules.sunset_too_soon,
                format!("deprecated with a sunset that has passed, {date}"),
            ),
            Deprecation::SunsetInvalid(text) => (
                rules.deprecated_sunset_parse,
                format!("deprecated; its sunset {text:?} is not a date"),
            ),
        },
        (true, true) => match sunset_change(&Sunset::read(old_sunset), &new_sunset, today)? {
            SunsetChange::Deleted => (
                rules.sunset_deleted?,
                "sunset removed; still deprecated".to_owned(),
            ),
            SunsetChange::Invalid(text) => (
                rules.sunset_parse?,
                format!("sunset {text:?} is not a date"),
            ),
            SunsetChange::MovedTooSoon { old, new } => (
                rules.sunset_changed_too_soon?,
                format!("sunset {old} → {new}, a day that has passed"),
            ),
        },
    })
}

/// The extension that holds a stability level.
pub(super) const STABILITY_KEY: &str = "x-stability-level";

/// The rules an item (an operation, a property) reports a change of its
/// stability level under; a level that is none of the four is
/// `api-invalid-stability-level` wherever it is, as in oasdiff.
pub(super) struct StabilityRules {
    pub decreased: Fixed,
    pub increased: Fixed,
}

/// One change to report: its rule, message, and old and new values.
pub(super) struct Report {
    pub rule: Fixed,
    pub message: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What changed between two `x-stability-level`s. As in oasdiff (whose
/// default threshold is `beta`), a change away from `draft` or `alpha`
/// is not reported: those levels promised nothing to move from.
pub(super) fn stability_report(
    rules: &StabilityRules,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Vec<Report> {
    if old == new {
        return Vec::new();
    }
    match (Stability::read(old), Stability::read(new)) {
        (Ok(before), Ok(after)) if before >= Stability::Beta => {
            let rule = if after < before {
                rules.decreased
            } else {
                rules.increased
            };
            let (before, after) = (before.as_str(), after.as_str());
            vec![Report {
                rule,
                message: format!("stability {before} → {after}"),
                old: Some(before.into()),
                new: Some(after.into()),
            }]
        }
        (Ok(_), Ok(_)) => Vec::new(),
        (old_read, new_read) => [("old", old_read), ("new", new_read)]
            .into_iter()
            .filter_map(|(side, read)| read.err().map(|text| (side, text)))
            .map(|(side, text)| Report {
                rule: rules::API_INVALID_STABILITY_LEVEL,
                message: format!(
                    "x-stability-level {text} ({side} version) is not draft, alpha, beta or stable"
                ),
                old: None,
                new: None,
            })
            .collect(),
    }
}

/// Whether an item at this `x-stability-level` promises anything: `beta`
/// and `stable` do (no level is `stable`; one that is none of the four is
/// taken to), `draft` and `alpha` do not.
pub(super) fn promises_stability(level: Option<&Value>) -> bool {
    Stability::read(level).map_or(true, |level| level >= Stability::Beta)
}

/// `x-stability-level`, least to most stable. No level is `stable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stability {
    Draft,
    Alpha,
    Beta,
    Stable,
}

impl Stability {
    /// The level written, `Stable` when none is; the text when it is none
    /// of the four.
    fn read(written: Option<&Value>) -> Result<Stability, String> {
        let Some(value) = written else {
            return Ok(Stability::Stable);
        };
        match value.as_str() {
            Some("draft") => Ok(Stability::Draft),
            Some("alpha") => Ok(Stability::Alpha),
            Some("beta") => Ok(Stability::Beta),
            Some("stable") => Ok(Stability::Stable),
            _ => Err(value.to_string()),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Stability::Draft => "draft",
            Stability::Alpha => "alpha",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }
}

/// Today in UTC: the day sunsets are compared with by default.
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

#[cfg(test)]
mod tests {
    use time::Month;

    use super::*;

    fn date(year: i32, month: u8, day: u8) -> Date {
        let month = Month::try_from(month).expect("a month");
        Date::from_calendar_date(year, month, day).expect("a date")
    }

    fn today() -> Date {
        date(2026, 12, 3)
    }

    #[test]
    fn sunsets_are_dates_or_date_times() {
        assert_eq!(
            Sunset::read(Some("2099-12-31")),
            Sunset::On(date(2099, 12, 31))
        );
        assert_eq!(
            Sunset::read(Some("2022-08-10T00:00:00Z")),
            Sunset::On(date(2022, 8, 10))
        );
        assert_eq!(Sunset::read(Some("soon")), Sunset::Invalid("soon".into()));
        assert_eq!(Sunset::read(None), Sunset::Absent);
    }

    #[test]
    fn removal_before_the_sunset_breaks_the_promise_and_after_it_does_not() {
        let future = Sunset::On(date(2099, 12, 31));
        let past = Sunset::On(date(2022, 8, 10));
        assert_eq!(
            removal(true, &future, today()),
            Removal::BeforeSunset(date(2099, 12, 31))
        );
        assert_eq!(removal(true, &past, today()), Removal::WithDeprecation);
        assert_eq!(
            removal(true, &Sunset::On(today()), today()),
            Removal::WithDeprecation
        );
        assert_eq!(
            removal(false, &future, today()),
            Removal::WithoutDeprecation
        );
    }

    #[test]
    fn a_sunset_moved_earlier_into_the_past_is_too_soon() {
        let (a, b) = (Sunset::On(date(2025, 1, 1)), Sunset::On(date(2024, 1, 1)));
        assert!(matches!(
            sunset_change(&a, &b, today()),
            Some(SunsetChange::MovedTooSoon { .. })
        ));
        assert_eq!(sunset_change(&b, &a, today()), None);
        assert_eq!(
            sunset_change(&a, &Sunset::Absent, today()),
            Some(SunsetChange::Deleted)
        );
        assert_eq!(
            sunset_change(&a, &Sunset::Invalid("x".into()), today()),
            Some(SunsetChange::Invalid("x".into()))
        );
    }

    #[test]
    fn stability_levels_order_and_default_to_stable() {
        assert_eq!(Stability::read(None), Ok(Stability::Stable));
        assert!(Stability::Alpha < Stability::Beta);
        assert_eq!(
            Stability::read(Some(&Value::from("gamma"))),
            Err("\"gamma\"".into())
        );
        assert!(Stability::Draft < Stability::Stable);
    }
}
