//! Schema against schema, wherever it is used, keyword by keyword, on the
//! front end's arenas: `$ref`s are already resolved, so what is compared
//! is the shape a client sees, whatever the components are called.
//!
//! Property paths in locations read `/name` for a property, `[]` for an
//! array item, `/*` for an additional-properties value and `<n>` for the
//! n-th member of a `oneOf`/`anyOf`/`allOf`.

mod composition;
mod keywords;
mod objects;

use std::collections::HashSet;
use std::rc::Rc;

use super::lifecycle::{promises_stability, STABILITY_KEY};
use crate::diff::rules::{schema_rule, Direction, SchemaChange, Subject};
use crate::diff::{At, Differ};
use crate::front::{Operation, Schema, SchemaId};

/// How deep the comparison follows schemas into schemas. Real APIs nest
/// a few dozen levels at most; a spec can chain thousands of `$ref`s, and
/// the walk must neither overflow its stack nor pass that by in silence.
pub const MAX_COMPARE_DEPTH: usize = 256;

/// Where in an operation a schema is used.
#[derive(Debug, Clone)]
pub(in crate::diff) struct Place {
    /// Shared by every place under one operation: children are made for
    /// every property compared, and most of them never report anything.
    pub operation: Rc<str>,
    pub direction: Direction,
    /// [`Subject::Parameter`] or [`Subject::Header`] for those and
    /// anything inside them, [`Subject::Body`] for a body.
    pub root: Subject,
    /// `request body`, `query parameter page`, `response 200 body`.
    pub prefix: Rc<str>,
    /// The property path below the root, empty at the root.
    pub path: String,
    /// The operation is `beta` or `stable`: a `draft` or `alpha` one
    /// promises nothing, so its properties' stability levels are not
    /// reported.
    pub promised: bool,
}

impl Place {
    /// The root of a schema used by `operation` (its new version).
    pub fn new(
        operation: &Operation,
        direction: Direction,
        root: Subject,
        prefix: String,
    ) -> Place {
        Place {
            operation: operation.label().into(),
            direction,
            root,
            prefix: prefix.into(),
            path: String::new(),
            promised: promises_stability(operation.extension(STABILITY_KEY)),
        }
    }

    pub fn subject(&self) -> Subject {
        match self.root {
            Subject::Body if !self.path.is_empty() => Subject::Property,
            // oasdiff names a parameter's own schema and its items
            // `request-parameter-*`, an object parameter's properties
            // `request-parameter-property-*`.
            Subject::Parameter if self.path.starts_with('/') => Subject::ParameterProperty,
            root => root,
        }
    }

    fn location(&self) -> String {
        if self.path.is_empty() {
            self.prefix.to_string()
        } else {
            format!("{} {}", self.prefix, self.path)
        }
    }

    fn child(&self, segment: &str) -> Place {
        Place {
            path: format!("{}{segment}", self.path),
            ..self.clone()
        }
    }

    pub fn at(&self, old: String, new: String) -> At {
        At {
            operation: Some(self.operation.to_string()),
            direction: Some(self.direction),
            location: self.location(),
            old: Some(old),
            new: Some(new),
        }
    }
}

/// A schema in use: its id, and the pointer of the node it is written
/// at (a `$ref` there stands for the schema it names).
#[derive(Clone, Copy)]
pub(in crate::diff) struct Use<'p> {
    pub id: SchemaId,
    pub pointer: &'p str,
}

/// The state of one comparison of two schemas (a body, a parameter).
#[derive(Default)]
pub(in crate::diff) struct Walk {
    /// Pairs already compared, or being compared further up. Each pair is
    /// compared once per use: changes inside a schema reached twice are
    /// reported at the first place, and schemas that reference each other
    /// densely cost linear, not exponential, time.
    seen: HashSet<(SchemaId, SchemaId)>,
    depth: usize,
}

/// Both sides of a comparison, resolved.
struct Pair<'a> {
    old: &'a Schema,
    new: &'a Schema,
}

impl<'m> Differ<'m> {
    /// Compares the schema used at `old` with the one used at `new`.
    pub(in crate::diff) fn compare_schemas(&mut self, place: &Place, old: Use<'_>, new: Use<'_>) {
        self.compare(place, old, new, &mut Walk::default());
    }

    /// [`Self::compare_schemas`] for the `schema` of two holders (media
    /// types, headers, parameters), each given with its holder's pointer.
    pub(in crate::diff) fn compare_held_schemas(
        &mut self,
        place: &Place,
        (old, old_holder): (SchemaId, &str),
        (new, new_holder): (SchemaId, &str),
    ) {
        let (old_at, new_at) = (
            format!("{old_holder}/schema"),
            format!("{new_holder}/schema"),
        );
        let old = Use {
            id: old,
            pointer: &old_at,
        };
        let new = Use {
            id: new,
            pointer: &new_at,
        };
        self.compare_schemas(place, old, new);
    }

    fn compare(&mut self, place: &Place, old: Use<'_>, new: Use<'_>, walk: &mut Walk) {
        if walk.depth >= MAX_COMPARE_DEPTH {
            self.too_deep.get_or_insert_with(|| new.pointer.to_owned());
            return;
        }
        if !walk.seen.insert((old.id, new.id)) {
            return;
        }
        walk.depth += 1;
        let pair = Pair {
            old: self.old.api.schemas.get(old.id),
            new: self.new.api.schemas.get(new.id),
        };
        if self.compare_keywords(place, &pair) {
            self.compare_objects(place, &pair, walk);
            self.compare_items(place, &pair, walk);
            self.compare_composition(place, &pair, walk);
        }
        walk.depth -= 1;
    }

    /// A change to one keyword of the schema, located at the keyword.
    fn keyword_change(
        &mut self,
        place: &Place,
        pair: &Pair,
        (keyword, change): (&str, SchemaChange),
        message: impl Into<String>,
        (old, new): (Option<String>, Option<String>),
    ) {
        let rule = schema_rule(place.direction, place.subject(), change);
        let at = place.at(
            format!("{}/{keyword}", pair.old.pointer()),
            format!("{}/{keyword}", pair.new.pointer()),
        );
        self.push(&rule, &at, message, old, new);
    }

    fn compare_items(&mut self, place: &Place, pair: &Pair, walk: &mut Walk) {
        let (Some(old), Some(new)) = (pair.old.items, pair.new.items) else {
            return;
        };
        let (old_at, new_at) = (
            format!("{}/items", pair.old.pointer()),
            format!("{}/items", pair.new.pointer()),
        );
        self.compare(
            &place.child("[]"),
            Use {
                id: old,
                pointer: &old_at,
            },
            Use {
                id: new,
                pointer: &new_at,
            },
            walk,
        );
    }
}
