//! The generated SDK's public API, old against new, and the semver bump.
//!
//! Both sides' surfaces come from [`crate::emit::api_surface`]; a line's
//! key is its kind and item path (see that module for the format), so a
//! line removed and re-added with the same key is one *changed* item.
//!
//! The bump is deliberately simple:
//! - major: an item removed, or changed in its Rust signature (the part
//!   before the ` (...)` annotations), or any `error`-level spec change,
//!   which breaks callers even when no Rust item changes (a tighter
//!   `maxLength` makes `validate()` reject what it accepted);
//! - minor: items added, or only annotations (wire names, limits) or the
//!   names of method arguments changed;
//! - patch: nothing in the public API changed.
//!
//! Cargo treats `0.MINOR` as the breaking number of a `0.x` crate, so each
//! bump shifts down one place there: [`Bump::pre_1_0`].
//!
//! Adding a field to a struct or a variant to an enum counts as minor,
//! although strictly it breaks code that builds the struct with a literal
//! or matches the enum exhaustively; the generated types are meant to be
//! read and built field by field, and the enums carry `Unknown(String)`.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::{Change, Level};

/// How one item of the public API changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SurfaceChangeKind {
    Added,
    Removed,
    Changed,
}

/// One item of the public API that differs between the sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurfaceChange {
    pub change: SurfaceChangeKind,
    /// Kind and path: `field komoju::SecureToken.id`.
    pub item: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl SurfaceChange {
    /// Whether the Rust signature changed, not only the annotations or
    /// the names of method arguments (callers pass those by position).
    fn breaks_rust(&self) -> bool {
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => signature(old) != signature(new),
            _ => self.change == SurfaceChangeKind::Removed,
        }
    }
}

/// A semver bump, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The same bump for a `0.x` crate, where `0.MINOR` is the breaking
    /// number: major → minor, minor → patch.
    pub fn pre_1_0(self) -> Bump {
        match self {
            Bump::Major => Bump::Minor,
            Bump::Minor | Bump::Patch => Bump::Patch,
        }
    }
}

impl fmt::Display for Bump {
    /// `major (0.x: minor)`, `minor (0.x: patch)`, `patch`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bump::Patch => f.write_str("patch"),
            _ => write!(f, "{} (0.x: {})", self.as_str(), self.pre_1_0().as_str()),
        }
    }
}

/// The bump `surface` and `changes` call for together.
pub(super) fn bump(surface: &[SurfaceChange], changes: &[Change]) -> Bump {
    let from_spec = if changes.iter().any(|c| c.level == Level::Error) {
        Bump::Major
    } else {
        Bump::Patch
    };
    let from_surface = surface
        .iter()
        .map(|c| {
            if c.breaks_rust() {
                Bump::Major
            } else {
                Bump::Minor
            }
        })
        .max()
        .unwrap_or(Bump::Patch);
    from_spec.max(from_surface)
}

/// Lines of the old surface against the new, by key.
pub(super) fn diff_surfaces(old: &[String], new: &[String]) -> Vec<SurfaceChange> {
    // Keys are prefixes of their lines: borrowed, hashed, nothing copied
    // until a line is reported.
    let (old_lines, new_lines) = (old, new);
    let (old, new) = (keyed(old_lines), keyed(new_lines));
    let mut changes = Vec::new();
    for line in old_lines {
        let item = key(line);
        match new.get(item) {
            Some(other) if *other == line => {}
            Some(other) => changes.push(SurfaceChange {
                change: SurfaceChangeKind::Changed,
                item: item.to_owned(),
                old: Some(line.clone()),
                new: Some((*other).to_owned()),
            }),
            None => changes.push(SurfaceChange {
                change: SurfaceChangeKind::Removed,
                item: item.to_owned(),
                old: Some(line.clone()),
                new: None,
            }),
        }
    }
    for line in new_lines {
        let item = key(line);
        if !old.contains_key(item) {
            changes.push(SurfaceChange {
                change: SurfaceChangeKind::Added,
                item: item.to_owned(),
                old: None,
                new: Some(line.clone()),
            });
        }
    }
    // The order of `api-surface.txt`: by item path, a type before its members.
    changes.sort_by(|a, b| {
        let path = |c: &SurfaceChange| c.item.split_once(' ').map(|(_, p)| p.to_owned());
        path(a).cmp(&path(b)).then_with(|| a.item.cmp(&b.item))
    });
    changes
}

fn keyed(lines: &[String]) -> HashMap<&str, &str> {
    lines.iter().map(|l| (key(l), l.as_str())).collect()
}

/// `KIND PATH`: the first word, and the second cut before `(` or a
/// trailing `:` (the format `emit::api_surface` documents). A prefix of
/// `line`, so it is borrowed.
fn key(line: &str) -> &str {
    let kind_end = line.find(' ').unwrap_or(line.len());
    let rest = &line[(kind_end + 1).min(line.len())..];
    let mut path = rest.split(' ').next().unwrap_or("");
    path = path.split('(').next().unwrap_or(path);
    path = path.strip_suffix(':').unwrap_or(path);
    if path.is_empty() {
        return &line[..kind_end];
    }
    &line[..kind_end + 1 + path.len()]
}

/// What compatibility depends on: the line without annotations and, for a
/// method, without argument names.
fn signature(line: &str) -> String {
    let rust = rust_part(line);
    let Some(open) = rust.strip_prefix("method ").and_then(|_| rust.find('(')) else {
        return rust.to_owned();
    };
    let mut depth = 0usize;
    let mut close = rust.len();
    for (index, c) in rust[open..].char_indices() {
        match c {
            '(' | '<' => depth += 1,
            ')' | '>' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && c == ')' {
                    close = open + index;
                    break;
                }
            }
            _ => {}
        }
    }
    let types: Vec<&str> = split_top_level(&rust[open + 1..close])
        .into_iter()
        .map(|arg| arg.split_once(": ").map_or(arg, |(_, ty)| ty))
        .collect();
    let tail = rust.get(close + 1..).unwrap_or("");
    format!("{}({}){tail}", &rust[..open], types.join(", "))
}

/// `a: X, b: Y<C, D>` → `["a: X", "b: Y<C, D>"]`.
fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (index, c) in list.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(list[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    let last = list[start..].trim();
    if !last.is_empty() {
        parts.push(last);
    }
    parts
}

/// The line without its trailing ` (...)` annotations.
fn rust_part(line: &str) -> &str {
    if !line.ends_with(')') {
        return line;
    }
    let mut depth = 0usize;
    for (index, c) in line.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return match line[..index].strip_suffix(' ') {
                        Some(rest) => rest,
                        None => line,
                    };
                }
            }
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_line_that_keeps_its_key_is_changed_not_removed_and_added() {
        let old =
            lines("type m::A struct\nfield m::A.x: String (wire \"x\", required, maxLength 45)");
        let new = lines("type m::A struct\nfield m::A.x: String (wire \"x\", required, maxLength 40)\nfield m::A.y: Option<i64> (wire \"y\", optional)");
        let changes = diff_surfaces(&old, &new);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].change, SurfaceChangeKind::Changed);
        assert_eq!(changes[0].item, "field m::A.x");
        assert_eq!(changes[1].change, SurfaceChangeKind::Added);
        // Only a limit changed: the Rust signature is the same.
        assert_eq!(bump(&changes, &[]), Bump::Minor);
    }

    #[test]
    fn removed_or_retyped_items_are_major() {
        let old = lines(
            "field m::A.x: String (wire \"x\", required)\nmethod m::Client::get(id: &str) -> A",
        );
        let retyped =
            lines("field m::A.x: i64 (wire \"x\", required)\nmethod m::Client::get(id: &str) -> A");
        assert_eq!(bump(&diff_surfaces(&old, &retyped), &[]), Bump::Major);
        let removed = lines("field m::A.x: String (wire \"x\", required)");
        assert_eq!(bump(&diff_surfaces(&old, &removed), &[]), Bump::Major);
        assert_eq!(bump(&diff_surfaces(&old, &old), &[]), Bump::Patch);
    }

    #[test]
    fn method_arguments_are_not_annotations() {
        assert_eq!(
            rust_part("method m::Client::get(id: &str)"),
            "method m::Client::get(id: &str)"
        );
        assert_eq!(
            rust_part("method m::Client::get() (deprecated)"),
            "method m::Client::get()"
        );
        assert_eq!(
            rust_part("variant m::S::Custom(String)"),
            "variant m::S::Custom(String)"
        );
        assert_eq!(
            key("method m::Client::get(id: &str) -> A"),
            "method m::Client::get"
        );
        assert_eq!(key("field m::A.x: String (wire \"x\")"), "field m::A.x");
    }

    #[test]
    fn renaming_a_method_argument_is_not_breaking() {
        let old = lines("method m::Client::get(id: &str, page: Option<Map<String, i64>>) -> A");
        let renamed =
            lines("method m::Client::get(item_id: &str, page: Option<Map<String, i64>>) -> A");
        assert_eq!(bump(&diff_surfaces(&old, &renamed), &[]), Bump::Minor);
        let retyped = lines("method m::Client::get(id: i64, page: Option<Map<String, i64>>) -> A");
        assert_eq!(bump(&diff_surfaces(&old, &retyped), &[]), Bump::Major);
        let returns = lines("method m::Client::get(id: &str, page: Option<Map<String, i64>>) -> B");
        assert_eq!(bump(&diff_surfaces(&old, &returns), &[]), Bump::Major);
    }

    #[test]
    fn zero_x_crates_shift_the_bump() {
        assert_eq!(Bump::Major.to_string(), "major (0.x: minor)");
        assert_eq!(Bump::Minor.to_string(), "minor (0.x: patch)");
        assert_eq!(Bump::Patch.to_string(), "patch");
    }
}
