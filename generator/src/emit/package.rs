//! The generated package's name and version: always ones cargo accepts,
//! whatever the spec or the command line said.
//!
//! Rules (documented for users in the README):
//!
//! - A name is 1 to 64 ASCII letters, digits, `-` and `_`, starting with a
//!   letter; not a Rust keyword, and not a name cargo or Windows reserves
//!   (`std`, `core`, `alloc`, `proc-macro`, `test`, `build`, `deps`,
//!   `examples`, `incremental`, `con`, `nul`, `com1`, …).
//! - The default name is the spec file's stem in kebab case, with every
//!   other character turned into `-`, `api-` in front when it does not
//!   start with a letter, cut to 57 characters, and `-client` after it.
//! - A spec's `info.version` is used as is when it is semver (a leading
//!   `v` dropped: `v1.2.3` → `1.2.3`); one to three numbers are padded
//!   (`1` → `1.0.0`, `v1.2` → `1.2.0`); anything else (`2024-05-01`,
//!   `beta`) becomes `0.0.0`. The spec's own text is kept in the package
//!   metadata and the module docs either way.

use std::fmt;

use heck::ToKebabCase;

use crate::model::names::KEYWORDS;

/// The longest name crates.io accepts.
const MAX_LEN: usize = 64;

/// Names cargo refuses for a package (the standard library's crates, the
/// build directory's folders) or warns about (device names on Windows),
/// compared with `-` read as `_` and case ignored.
const RESERVED: &[&str] = &[
    "alloc",
    "core",
    "proc_macro",
    "std",
    "test",
    "build",
    "deps",
    "examples",
    "incremental",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com2",
    "com3",
    "com4",
    "com5",
    "com6",
    "com7",
    "com8",
    "com9",
    "lpt1",
    "lpt2",
    "lpt3",
    "lpt4",
    "lpt5",
    "lpt6",
    "lpt7",
    "lpt8",
    "lpt9",
];

/// A package name cargo and crates.io accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageName(String);

/// Why a package name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid package name {name:?}: {reason}")]
pub struct PackageNameError {
    pub name: String,
    pub reason: &'static str,
}

impl PackageName {
    /// Checks `name` against the rules in the module docs.
    pub fn new(name: &str) -> Result<Self, PackageNameError> {
        let refuse = |reason| {
            Err(PackageNameError {
                name: name.to_owned(),
                reason,
            })
        };
        if name.is_empty() {
            return refuse("it is empty");
        }
        if name.len() > MAX_LEN {
            return refuse("it is longer than 64 characters");
        }
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return refuse("it must start with an ASCII letter");
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return refuse("only ASCII letters, digits, `-` and `_` are allowed");
        }
        if KEYWORDS.contains(&name) || name == "Self" {
            return refuse("it is a Rust keyword");
        }
        let folded = name.to_ascii_lowercase().replace('-', "_");
        if RESERVED.contains(&folded.as_str()) {
            return refuse("cargo reserves it");
        }
        Ok(Self(name.to_owned()))
    }

    /// The default name for a crate generated from the spec file `stem`
    /// (`petstore` → `petstore-client`); valid for every stem.
    pub fn from_spec_stem(stem: &str) -> Self {
        let mut base = String::new();
        for c in stem.to_kebab_case().chars() {
            let c = if c.is_ascii_alphanumeric() { c } else { '-' };
            if !(c == '-' && (base.is_empty() || base.ends_with('-'))) {
                base.push(c.to_ascii_lowercase());
            }
        }
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base.insert_str(0, if base.is_empty() { "api" } else { "api-" });
        }
        const SUFFIX: &str = "-client";
        base.truncate(MAX_LEN - SUFFIX.len());
        let base = base.trim_end_matches('-');
        Self(format!("{base}{SUFFIX}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PackageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PackageName {
    type Err = PackageNameError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::new(name)
    }
}

/// The package version for a spec's `info.version`, by the rule in the
/// module docs.
pub fn package_version(spec_version: &str) -> semver::Version {
    let text = spec_version.trim();
    let text = text
        .strip_prefix(['v', 'V'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(text);
    if let Ok(version) = semver::Version::parse(text) {
        return version;
    }
    let numbers: Option<Vec<u64>> = text
        .split('.')
        .map(|part| {
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect();
    match numbers.as_deref() {
        Some([major]) => semver::Version::new(*major, 0, 0),
        Some([major, minor]) => semver::Version::new(*major, *minor, 0),
        Some([major, minor, patch]) => semver::Version::new(*major, *minor, *patch),
        _ => semver::Version::new(0, 0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_cargo_refuses_are_refused() {
        for bad in [
            "",
            "bad name!",
            "1password",
            "-x",
            "fn",
            "Self",
            "std",
            "proc-macro",
            "CON",
            "名前",
            "a\nb",
            "x\"",
        ] {
            assert!(PackageName::new(bad).is_err(), "{bad:?} accepted");
        }
        assert!(PackageName::new(&"a".repeat(65)).is_err());
        for good in [
            "petstore-client",
            "a",
            "jp_payment_gateways",
            &"a".repeat(64),
        ] {
            assert!(PackageName::new(good).is_ok(), "{good:?} refused");
        }
    }

    #[test]
    fn default_names_follow_the_spec_file() {
        let name = |stem| PackageName::from_spec_stem(stem).to_string();
        assert_eq!(name("petstore"), "petstore-client");
        assert_eq!(name("paymentOptions"), "payment-options-client");
        assert_eq!(name("my api v2"), "my-api-v2-client");
        assert_eq!(name("3ds"), "api-3ds-client");
        assert_eq!(name(""), "api-client");
        assert_eq!(name("支払い"), "api-client");
        assert_eq!(name("fn"), "fn-client");
        assert_eq!(name(&"x".repeat(100)).len(), 64);
    }

    proptest! {
        #[test]
        fn every_default_name_is_valid(stem in any::<String>()) {
            let name = PackageName::from_spec_stem(&stem);
            prop_assert_eq!(PackageName::new(name.as_str()), Ok(name.clone()));
        }

        #[test]
        fn every_spec_version_gives_a_version(text in any::<String>()) {
            let version = package_version(&text);
            prop_assert!(semver::Version::parse(&version.to_string()).is_ok());
        }
    }

    #[test]
    fn spec_versions_are_normalised_by_the_documented_rule() {
        for (spec, package) in [
            ("1.0.0", "1.0.0"),
            ("1.0.0-beta.1+build.5", "1.0.0-beta.1+build.5"),
            ("1", "1.0.0"),
            ("v1", "1.0.0"),
            ("v1.2", "1.2.0"),
            ("1.0", "1.0.0"),
            (" 2.3.4 ", "2.3.4"),
            ("2024-05-01", "0.0.0"),
            ("v", "0.0.0"),
            ("beta", "0.0.0"),
            ("1.2.3.4", "0.0.0"),
            ("", "0.0.0"),
            ("1.0.0\"\nbuild = \"evil.rs", "0.0.0"),
            ("99999999999999999999", "0.0.0"),
        ] {
            assert_eq!(package_version(spec).to_string(), package, "{spec:?}");
        }
    }
}
