//! The string `format`s both validators check, each defined once.
//!
//! JSON Schema leaves `format` to implementations, so two validators that
//! each picked their own rules would disagree at the edges. This file is
//! the one definition: the runtime validator registers these checks with
//! `jsonschema` in place of its built-in ones, and the generated SDK
//! carries this file verbatim. A format not listed here is not checked by
//! either; the generator warns about each use of one.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A `format` that is checked, named as in JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 4122, in its hyphenated form (`8-4-4-4-12` hexadecimal digits).
    Uuid,
    /// RFC 3986 `URI`: a scheme is required, so a relative reference fails.
    Uri,
    /// RFC 5321 mailbox (`local@domain`), without a display name.
    Email,
    /// RFC 3339 `full-date`, with real month lengths and leap years.
    Date,
    /// RFC 3339 `date-time`: an offset is required; a leap second only at
    /// 23:59:60 UTC.
    DateTime,
    /// Dotted quad, no leading zeros.
    Ipv4,
    /// RFC 4291 text form.
    Ipv6,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Uuid,
        Format::Uri,
        Format::Email,
        Format::Date,
        Format::DateTime,
        Format::Ipv4,
        Format::Ipv6,
    ];

    /// The checked format of this name, if it is one.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// The JSON Schema name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Uuid => "uuid",
            Format::Uri => "uri",
            Format::Email => "email",
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
        }
    }

    pub fn is_valid(self, value: &str) -> bool {
        match self {
            Format::Uuid => is_uuid(value),
            Format::Uri => fluent_uri::Uri::parse(value).is_ok(),
            Format::Email => is_email(value),
            Format::Date => is_date(value.as_bytes()),
            Format::DateTime => is_date_time(value.as_bytes()),
            Format::Ipv4 => value.parse::<Ipv4Addr>().is_ok(),
            Format::Ipv6 => value.parse::<Ipv6Addr>().is_ok(),
        }
    }
}

fn is_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

fn is_email(value: &str) -> bool {
    let options = email_address::Options::default().without_display_text();
    email_address::EmailAddress::parse_with_options(value, options).is_ok()
}

/// `YYYY-MM-DD`.
fn is_date(bytes: &[u8]) -> bool {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (
        digits(&[y1, y2, y3, y4]),
        digits(&[m1, m2]),
        digits(&[d1, d2]),
    ) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `full-date "T" HH:MM:SS[.frac](Z|±HH:MM)`; `T` and `Z` in either case.
fn is_date_time(bytes: &[u8]) -> bool {
    let Some((date, [separator, time @ ..])) = bytes.split_at_checked(10) else {
        return false;
    };
    if !is_date(date) || !matches!(separator, b'T' | b't') {
        return false;
    }
    let Some((clock, rest)) = time.split_at_checked(8) else {
        return false;
    };
    let [h1, h2, b':', n1, n2, b':', s1, s2] = *clock else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) =
        (digits(&[h1, h2]), digits(&[n1, n2]), digits(&[s1, s2]))
    else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let offset = match rest {
        [b'.', fraction @ ..] => {
            let length = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if length == 0 {
                return false;
            }
            &fraction[length..]
        }
        _ => rest,
    };
    let offset_minutes = match offset {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), o1, o2, b':', p1, p2] => {
            let (Some(hours), Some(minutes)) = (digits(&[*o1, *o2]), digits(&[*p1, *p2])) else {
                return false;
            };
            if hours > 23 || minutes > 59 {
                return false;
            }
            let minutes = i64::from(hours * 60 + minutes);
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return false,
    };
    // A leap second is inserted at the end of a UTC day.
    let utc_minute = (i64::from(hour * 60 + minute) - offset_minutes).rem_euclid(24 * 60);
    second < 60 || utc_minute == 23 * 60 + 59
}

/// The number the ASCII digits spell, or `None` if one is not a digit.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0, |number, byte| {
        byte.is_ascii_digit()
            .then(|| number * 10 + u32::from(byte - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::Format;

    fn check(format: Format, valid: &[&str], invalid: &[&str]) {
        for value in valid {
            assert!(format.is_valid(value), "{format:?} should accept {value:?}");
        }
        for value in invalid {
            assert!(
                !format.is_valid(value),
                "{format:?} should reject {value:?}"
            );
        }
    }

    #[test]
    fn uuids_are_hyphenated_hexadecimal() {
        check(
            Format::Uuid,
            &[
                "0db1fac1-e064-4644-a387-08d143960c8f",
                "0DB1FAC1-E064-4644-A387-08D143960C8F",
            ],
            &[
                "",
                "0db1fac1e0644644a38708d143960c8f",
                "0db1fac1-e064-4644-a387-08d143960c8g",
                "tok_1234",
            ],
        );
    }

    #[test]
    fn uris_need_a_scheme_and_valid_characters() {
        check(
            Format::Uri,
            &[
                "https://example.com/return?x=1#y",
                "urn:isbn:0451450523",
                "mailto:a@b.jp",
            ],
            &[
                "",
                "example.com/return",
                "/relative",
                "https://exa mple.com",
                "https://例え.jp",
            ],
        );
    }

    #[test]
    fn emails_are_plain_mailboxes() {
        check(
            Format::Email,
            &["taro@example.jp", "a.b+c@example.com"],
            &[
                "",
                "taro",
                "@example.jp",
                "Taro <taro@example.jp>",
                "taro@@example.jp",
            ],
        );
    }

    #[test]
    fn dates_have_real_days() {
        check(
            Format::Date,
            &["2024-02-29", "2000-02-29", "1999-12-31"],
            &[
                "2023-02-29",
                "1900-02-29",
                "2024-04-31",
                "2024-13-01",
                "2024-00-10",
                "2024-1-01",
                "２０２４-01-01",
            ],
        );
    }

    #[test]
    fn date_times_need_an_offset_and_allow_leap_seconds_at_the_end_of_a_utc_day() {
        check(
            Format::DateTime,
            &[
                "2024-05-01T12:30:00Z",
                "2024-05-01t12:30:00.123z",
                "2024-05-01T21:30:00+09:00",
                "2016-12-31T23:59:60Z",
                "2017-01-01T08:59:60+09:00",
            ],
            &[
                "2024-05-01T12:30:00",
                "2024-05-01 12:30:00Z",
                "2024-05-01T24:00:00Z",
                "2024-05-01T12:30:00.Z",
                "2024-05-01T12:30:60Z",
                "2024-05-01T12:30:00+9:00",
                "2024-02-30T12:30:00Z",
            ],
        );
    }

    #[test]
    fn ip_addresses_use_the_standard_text_forms() {
        check(
            Format::Ipv4,
            &["192.168.0.1"],
            &["", "192.168.0", "192.168.0.01", "256.1.1.1"],
        );
        check(
            Format::Ipv6,
            &["::1", "2001:db8::8a2e:370:7334"],
            &["", "2001:db8::g", "1.2.3.4"],
        );
    }

    #[test]
    fn every_format_is_found_by_its_name() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("hostname"), None);
    }
}
