//! Schema against schema, wherever it is used: type, nullability, enum
//! values, object properties and union members, recursively (limits and
//! patterns are compared in `constraints`).
//!
//! Named types are followed into `model.types` on each side, so what is
//! compared is the shape a client sees, whatever the types are called.
//! Property paths in locations read `/name` for a property, `[]` for an
//! array item, `/*` for a map value and `<Variant>` for a union member.

use std::rc::Rc;

use super::rules::{self, schema_rule, Direction, SchemaChange, Subject};
use super::{At, Differ};
use crate::model::{
    ApiModel, Constraints, EnumValue, Field, IntegerFormat, NumberFormat, Struct, TypeExpr,
    TypeKind, TypeRef, Union,
};

/// Where in an operation a schema is used.
#[derive(Debug, Clone)]
pub(super) struct Place {
    /// Shared by every place under one operation: children are made for
    /// every property compared, and most of them never report anything.
    pub operation: Rc<str>,
    pub direction: Direction,
    /// [`Subject::Parameter`] for a parameter and anything inside it,
    /// [`Subject::Body`] for a request or response body.
    pub root: Subject,
    /// `request body`, `query parameter page`, `response 200 body`.
    pub prefix: Rc<str>,
    /// The property path below the root, empty at the root.
    pub path: String,
}

impl Place {
    pub(super) fn subject(&self) -> Subject {
        match self.root {
            Subject::Parameter => Subject::Parameter,
            _ if self.path.is_empty() => Subject::Body,
            _ => Subject::Property,
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

    pub(super) fn at(&self, old: String, new: String) -> At {
        At {
            operation: Some(self.operation.to_string()),
            direction: Some(self.direction),
            location: self.location(),
            old: Some(old),
            new: Some(new),
        }
    }
}

/// A schema in use: a type expression and the pointer of the node it is
/// written at.
#[derive(Clone, Copy)]
pub(super) struct Use<'m, 'p> {
    pub expr: &'m TypeExpr,
    pub pointer: &'p str,
}

/// What a type expression is once named types are followed.
#[derive(Clone, Copy)]
enum Shape<'a> {
    Scalar(&'static str),
    Enum(&'a [EnumValue]),
    Array(&'a TypeExpr),
    Map(&'a TypeExpr),
    Object(&'a Struct),
    Union(&'a Union),
}

pub(super) struct View<'a> {
    shape: Shape<'a>,
    nullable: bool,
    pub(super) constraints: &'a Constraints,
    /// The node the shape and its limits are written at.
    pub(super) pointer: String,
    /// The named type the shape comes from.
    name: Option<&'a str>,
}

static NO_CONSTRAINTS: Constraints = Constraints::NONE;

/// Named types by name.
pub(super) type TypeIndex<'a> = std::collections::HashMap<&'a str, &'a crate::model::TypeDef>;

pub(super) fn index_types(model: &ApiModel) -> TypeIndex<'_> {
    model
        .types
        .iter()
        .map(|def| (def.name.as_str(), def))
        .collect()
}

/// Follows aliases and newtypes to the shape behind `used`.
fn view<'a>(types: &TypeIndex<'a>, used: Use<'a, '_>) -> View<'a> {
    let mut expr = used.expr;
    let mut nullable = expr.nullable;
    let mut pointer = used.pointer.to_owned();
    let mut name = None;
    let mut next = named(expr);
    // The model rejects alias cycles; the bound keeps a broken model from
    // looping here all the same.
    for _ in 0..64 {
        let Some(wanted) = next else { break };
        let Some(&def) = types.get(wanted) else {
            break;
        };
        pointer = def.pointer.clone();
        name = Some(def.name.as_str());
        let shape = match &def.kind {
            TypeKind::Struct(s) => Shape::Object(s),
            TypeKind::StringEnum(values) => Shape::Enum(values),
            TypeKind::Union(u) => Shape::Union(u),
            TypeKind::Newtype(inner) => {
                expr = inner;
                nullable |= inner.nullable;
                next = named(inner);
                continue;
            }
            TypeKind::Alias(target) => {
                next = Some(target);
                continue;
            }
        };
        return View {
            shape,
            nullable,
            constraints: &NO_CONSTRAINTS,
            pointer,
            name,
        };
    }
    let shape = match &expr.ty {
        TypeRef::String => Shape::Scalar("string"),
        TypeRef::Integer(IntegerFormat::Int32) => Shape::Scalar("integer (int32)"),
        TypeRef::Integer(IntegerFormat::Int64) => Shape::Scalar("integer (int64)"),
        TypeRef::Number(NumberFormat::Float) => Shape::Scalar("number (float)"),
        TypeRef::Number(NumberFormat::Double) => Shape::Scalar("number (double)"),
        TypeRef::Boolean => Shape::Scalar("boolean"),
        TypeRef::Array(items) => Shape::Array(items),
        TypeRef::Map(values) => Shape::Map(values),
        // A name the model does not define cannot occur; treat it as "any".
        TypeRef::Any | TypeRef::Named(_) => Shape::Scalar("any"),
    };
    View {
        shape,
        nullable,
        constraints: &expr.constraints,
        pointer,
        name,
    }
}

fn named(expr: &TypeExpr) -> Option<&str> {
    match &expr.ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

impl View<'_> {
    /// The JSON type a client sees; an enum is a string with a list.
    fn type_name(&self) -> &'static str {
        match self.shape {
            Shape::Scalar(name) => name,
            Shape::Enum(_) => "string",
            Shape::Array(_) => "array",
            Shape::Map(_) => "map",
            Shape::Object(_) => "object",
            Shape::Union(_) => "oneOf",
        }
    }

    fn describe(&self) -> String {
        match (self.shape, self.name) {
            (Shape::Object(_) | Shape::Union(_) | Shape::Enum(_), Some(name)) => {
                format!("{} ({name})", self.type_name())
            }
            _ => self.type_name().to_owned(),
        }
    }
}

/// How deep the comparison follows schemas into schemas. Real APIs nest
/// a few dozen levels at most; a spec can chain thousands of `$ref`s, and
/// the walk must neither overflow its stack nor pass that by in silence.
pub const MAX_COMPARE_DEPTH: usize = 256;

/// The state of one comparison of two schemas (a body, a parameter).
#[derive(Default)]
pub(super) struct Walk<'a> {
    /// Pairs of named types already compared, or being compared further
    /// up. Each pair is compared once per use: changes inside a type
    /// reached twice are reported at the first place, and schemas that
    /// reference each other densely cost linear, not exponential, time.
    seen: std::collections::HashSet<(&'a str, &'a str)>,
    depth: usize,
}

impl<'m> Differ<'m> {
    /// Compares the schema used at `old` with the one used at `new`.
    pub(super) fn compare_schemas(&mut self, place: &Place, old: Use<'m, '_>, new: Use<'m, '_>) {
        self.compare(place, old, new, &mut Walk::default());
    }

    fn compare(&mut self, place: &Place, old: Use<'m, '_>, new: Use<'m, '_>, walk: &mut Walk<'m>) {
        if walk.depth >= MAX_COMPARE_DEPTH {
            self.too_deep.get_or_insert_with(|| new.pointer.to_owned());
            return;
        }
        walk.depth += 1;
        self.compare_views(place, old, new, walk);
        walk.depth -= 1;
    }

    fn compare_views(
        &mut self,
        place: &Place,
        old: Use<'m, '_>,
        new: Use<'m, '_>,
        walk: &mut Walk<'m>,
    ) {
        let (o, n) = (view(self.old.types, old), view(self.new.types, new));
        let at = place.at(old.pointer.to_owned(), new.pointer.to_owned());
        let (old_type, new_type) = (o.describe(), n.describe());
        if o.type_name() != n.type_name() {
            let message = format!("type {old_type} → {new_type}");
            let rule = schema_rule(place.direction, place.subject(), SchemaChange::TypeChanged);
            self.push(rule, &at, message, Some(old_type), Some(new_type));
            return;
        }
        if o.nullable != n.nullable && o.type_name() != "any" {
            let (change, message) = if n.nullable {
                (SchemaChange::BecameNullable, "became nullable")
            } else {
                (SchemaChange::BecameNotNullable, "became not nullable")
            };
            let rule = schema_rule(place.direction, place.subject(), change);
            let describe = |nullable| if nullable { "nullable" } else { "not nullable" };
            let (old_text, new_text) = (describe(o.nullable), describe(n.nullable));
            self.push(
                rule,
                &at,
                message,
                Some(old_text.into()),
                Some(new_text.into()),
            );
        }
        self.compare_constraints(place, &o, &n);
        match (o.shape, n.shape) {
            (Shape::Enum(a), Shape::Enum(b)) => self.compare_enums(place, &o, &n, a, b),
            (Shape::Scalar(_), Shape::Enum(b)) => {
                let values = wires(b).join(", ");
                let change = SchemaChange::BecameEnum;
                self.keyword_change(
                    place,
                    &o,
                    &n,
                    ("enum", change),
                    "became an enum",
                    (None, Some(values)),
                );
            }
            (Shape::Enum(a), Shape::Scalar(_)) => {
                let values = wires(a).join(", ");
                let change = SchemaChange::EnumUnset;
                self.keyword_change(
                    place,
                    &o,
                    &n,
                    ("enum", change),
                    "enum removed: any string is allowed",
                    (Some(values), None),
                );
            }
            (Shape::Array(a), Shape::Array(b)) => {
                self.compare_inner(
                    place,
                    ("[]", "items"),
                    (a, &o.pointer),
                    (b, &n.pointer),
                    walk,
                );
            }
            (Shape::Map(a), Shape::Map(b)) => {
                let keywords = ("/*", "additionalProperties");
                self.compare_inner(place, keywords, (a, &o.pointer), (b, &n.pointer), walk);
            }
            (Shape::Object(a), Shape::Object(b)) if walk.first_visit(&o, &n) => {
                self.compare_fields(place, (a, &o.pointer), (b, &n.pointer), walk);
            }
            (Shape::Union(a), Shape::Union(b)) if walk.first_visit(&o, &n) => {
                self.compare_unions(place, (a, &o.pointer), (b, &n.pointer), walk);
            }
            _ => {}
        }
    }

    /// Array items or map values: `segment` extends the property path,
    /// `keyword` the spec pointer.
    fn compare_inner(
        &mut self,
        place: &Place,
        (segment, keyword): (&str, &str),
        (old, old_at): (&'m TypeExpr, &str),
        (new, new_at): (&'m TypeExpr, &str),
        walk: &mut Walk<'m>,
    ) {
        let (old_pointer, new_pointer) =
            (format!("{old_at}/{keyword}"), format!("{new_at}/{keyword}"));
        let old = Use {
            expr: old,
            pointer: &old_pointer,
        };
        let new = Use {
            expr: new,
            pointer: &new_pointer,
        };
        self.compare(&place.child(segment), old, new, walk);
    }

    fn compare_fields(
        &mut self,
        place: &Place,
        (old, old_pointer): (&'m Struct, &str),
        (new, new_pointer): (&'m Struct, &str),
        walk: &mut Walk<'m>,
    ) {
        // A read-only property is never sent, a write-only one never read.
        let seen = |f: &&Field| match place.direction {
            Direction::Request => !f.read_only,
            Direction::Response => !f.write_only,
        };
        let request = place.direction == Direction::Request;
        for of in old.fields.iter().filter(seen) {
            let child = place.child(&format!("/{}", of.wire_name));
            let Some(nf) = new
                .fields
                .iter()
                .filter(seen)
                .find(|f| f.wire_name == of.wire_name)
            else {
                let rule = match (request, of.required) {
                    (true, _) => rules::REQUEST_PROPERTY_REMOVED,
                    (false, true) => rules::RESPONSE_REQUIRED_PROPERTY_REMOVED,
                    (false, false) => rules::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
                };
                let at = child.at(of.pointer.clone(), new_pointer.to_owned());
                let old_text = self.describe_field(true, of);
                let message = format!("removed ({old_text})");
                self.push(rule, &at, message, Some(old_text), None);
                continue;
            };
            if of.required != nf.required {
                let rule = match (request, nf.required) {
                    (true, true) => rules::REQUEST_PROPERTY_BECAME_REQUIRED,
                    (true, false) => rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                    (false, true) => rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                    (false, false) => rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
                };
                let message = if nf.required {
                    "became required"
                } else {
                    "became optional"
                };
                let at = child.at(of.pointer.clone(), nf.pointer.clone());
                self.push(rule, &at, message, Some(presence(of)), Some(presence(nf)));
            }
            let old_use = Use {
                expr: &of.expr,
                pointer: &of.pointer,
            };
            let new_use = Use {
                expr: &nf.expr,
                pointer: &nf.pointer,
            };
            self.compare(&child, old_use, new_use, walk);
        }
        for nf in new.fields.iter().filter(seen) {
            if old
                .fields
                .iter()
                .filter(seen)
                .any(|f| f.wire_name == nf.wire_name)
            {
                continue;
            }
            let rule = match (request, nf.required) {
                (true, true) => rules::NEW_REQUIRED_REQUEST_PROPERTY,
                (true, false) => rules::NEW_OPTIONAL_REQUEST_PROPERTY,
                (false, true) => rules::RESPONSE_REQUIRED_PROPERTY_ADDED,
                (false, false) => rules::RESPONSE_OPTIONAL_PROPERTY_ADDED,
            };
            let child = place.child(&format!("/{}", nf.wire_name));
            let at = child.at(old_pointer.to_owned(), nf.pointer.clone());
            let new_text = self.describe_field(false, nf);
            let message = format!("added ({new_text})");
            self.push(rule, &at, message, None, Some(new_text));
        }
    }

    /// `string, required`, read on the side the field belongs to.
    fn describe_field(&self, old_side: bool, field: &Field) -> String {
        let types = if old_side {
            self.old.types
        } else {
            self.new.types
        };
        let shape = view(
            types,
            Use {
                expr: &field.expr,
                pointer: &field.pointer,
            },
        );
        format!("{}, {}", shape.describe(), presence(field))
    }

    fn compare_unions(
        &mut self,
        place: &Place,
        (old, old_pointer): (&'m Union, &str),
        (new, new_pointer): (&'m Union, &str),
        walk: &mut Walk<'m>,
    ) {
        let at = place.at(old_pointer.to_owned(), new_pointer.to_owned());
        for ov in &old.variants {
            match new.variants.iter().find(|v| v.rust_name == ov.rust_name) {
                Some(nv) => {
                    let child = place.child(&format!("<{}>", ov.rust_name));
                    let old_use = Use {
                        expr: &ov.expr,
                        pointer: old_pointer,
                    };
                    let new_use = Use {
                        expr: &nv.expr,
                        pointer: new_pointer,
                    };
                    self.compare(&child, old_use, new_use, walk);
                }
                None => {
                    let rule =
                        schema_rule(place.direction, place.subject(), SchemaChange::OneOfRemoved);
                    let message = format!("oneOf member {} removed", ov.rust_name);
                    self.push(rule, &at, message, Some(ov.rust_name.clone()), None);
                }
            }
        }
        for nv in &new.variants {
            if !old.variants.iter().any(|v| v.rust_name == nv.rust_name) {
                let rule = schema_rule(place.direction, place.subject(), SchemaChange::OneOfAdded);
                let message = format!("oneOf member {} added", nv.rust_name);
                self.push(rule, &at, message, None, Some(nv.rust_name.clone()));
            }
        }
    }

    fn compare_enums(
        &mut self,
        place: &Place,
        o: &View,
        n: &View,
        old: &[EnumValue],
        new: &[EnumValue],
    ) {
        let (old, new) = (wires(old), wires(new));
        for value in old.iter().filter(|v| !new.contains(v)) {
            let message = format!("enum value {value} removed");
            let change = SchemaChange::EnumValueRemoved;
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
            let message = format!("enum value {value} added");
            let change = SchemaChange::EnumValueAdded;
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

impl<'a> Walk<'a> {
    /// Whether the types behind `o` and `n` are met for the first time in
    /// this walk (structs and unions are always named in the model).
    fn first_visit(&mut self, o: &View<'a>, n: &View<'a>) -> bool {
        let pair = (o.name.unwrap_or_default(), n.name.unwrap_or_default());
        self.seen.insert(pair)
    }
}

fn presence(field: &Field) -> String {
    if field.required {
        "required"
    } else {
        "optional"
    }
    .to_owned()
}

fn wires(values: &[EnumValue]) -> Vec<String> {
    values.iter().map(|v| format!("{:?}", v.wire)).collect()
}
