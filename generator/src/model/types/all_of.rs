//! `allOf` whose members are values, not objects: `allOf: [{$ref: Name}]`
//! beside a description, a string schema with a format in an `allOf`, a
//! named string type narrowed by a `maxLength`. Such a value satisfies
//! every member at once, so the SDK's type is the members' one type with
//! all their limits; an `allOf` of objects is a struct (see
//! [`TypeBuilder::merge_all_of`]).

use super::*;

/// What one `allOf` member says about the value's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Properties, `type: object` or `additionalProperties`.
    Object,
    /// A scalar or array type, an enum, a union: anything but an object.
    Value,
    /// Only limits and annotations (`{maxLength: 5}`, `{description}`):
    /// they narrow whatever the other members are.
    Neutral,
}

/// What an `allOf` merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AllOfKind {
    /// Objects (and limits): a struct.
    Objects,
    /// Values and limits: one value type.
    Values,
    /// An object with a value (a string, a union): no Rust type holds
    /// both, so the SDK takes any JSON value.
    Mixed,
}

impl TypeBuilder<'_> {
    /// What the `allOf` of `schema` merges; `None` when it has none, or
    /// a `oneOf`/`anyOf` beside it makes it a union.
    pub(super) fn all_of_kind(
        &self,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Option<AllOfKind>, SpecError> {
        if schema.all_of.is_empty() || !schema.one_of.is_empty() || !schema.any_of.is_empty() {
            return Ok(None);
        }
        let mut shapes = Vec::new();
        if !schema.properties.is_empty() {
            shapes.push(Shape::Object);
        }
        for index in 0..schema.all_of.len() {
            shapes.push(self.shape(&format!("{pointer}/allOf/{index}"), 0)?);
        }
        Ok(Some(
            match (
                shapes.contains(&Shape::Object),
                shapes.contains(&Shape::Value),
            ) {
                (true, true) => AllOfKind::Mixed,
                (false, true) => AllOfKind::Values,
                _ => AllOfKind::Objects,
            },
        ))
    }

    /// The type of an `allOf` that mixes objects and values.
    pub(super) fn all_of_mixed(&mut self, pointer: &str) -> TypeExpr {
        self.warn(
            pointer,
            "allOf mixes objects with other schemas (a string, a union); no Rust type holds both, so the SDK uses serde_json::Value (the runtime validator checks every member)",
        );
        ANY
    }

    /// The shape of the schema at `pointer`, through `$ref`s.
    fn shape(&self, pointer: &str, hops: usize) -> Result<Shape, SpecError> {
        let schema = self.node(pointer)?;
        if let Some(reference) = schema.reference {
            return match reference.strip_prefix('#') {
                Some(target) if hops < MAX_REF_HOPS => self.shape(target, hops + 1),
                // A loop `load` let through, or a ref it refused: the
                // struct merge reports it.
                _ => Ok(Shape::Object),
            };
        }
        let object = !schema.properties.is_empty()
            || schema.additional_properties != Additional::Absent
            || type_name(&schema) == Some("object");
        if object {
            return Ok(Shape::Object);
        }
        if !schema.all_of.is_empty() {
            let mut shape = Shape::Neutral;
            for index in 0..schema.all_of.len() {
                match self.shape(&format!("{pointer}/allOf/{index}"), hops + 1)? {
                    Shape::Object => return Ok(Shape::Object),
                    Shape::Value => shape = Shape::Value,
                    Shape::Neutral => {}
                }
            }
            return Ok(shape);
        }
        let value = schema.schema_type.is_some()
            || schema.items.is_some()
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || schema.enumeration.is_some()
            || schema.not.is_some();
        Ok(if value { Shape::Value } else { Shape::Neutral })
    }

    /// The type of an `allOf` of values: the value members' type, with
    /// the limits of every member and of the schema itself. A named member
    /// stays named when nothing narrows it; a named scalar that something
    /// narrows becomes its scalar type with both sets of limits.
    pub(super) fn all_of_value(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeExpr, SpecError> {
        let count = schema.all_of.len();
        let mut values = Vec::new();
        // (pointer, limits) of the schema itself and of neutral members.
        let mut narrowing = vec![(
            pointer.to_owned(),
            self.usable_constraints(schema, pointer)?,
        )];
        for index in 0..count {
            let member = format!("{pointer}/allOf/{index}");
            if self.shape(&member, 0)? == Shape::Value {
                values.push(member);
            } else {
                let member_schema = self.node(&member)?;
                let limits = self.usable_constraints(&member_schema, &member)?;
                narrowing.push((member, limits));
            }
        }
        let narrowed = values.len() > 1 || narrowing.iter().any(|(_, c)| !c.is_empty());
        let mut merged: Option<TypeExpr> = None;
        for member in &values {
            let expr = self.member_value(member, hint, narrowed)?;
            merged = Some(match merged {
                None => expr,
                Some(first) => self.intersect(first, expr, member),
            });
        }
        // `all_of_values` found a value member.
        let mut merged = merged.unwrap_or(ANY);
        for (at, limits) in narrowing {
            self.narrow(&mut merged, &limits, &at);
        }
        merged.nullable |= schema.nullable;
        Ok(merged)
    }

    /// A value member's type. When other members narrow it, a `$ref` to a
    /// named scalar or array is read as that schema, so the limits can be
    /// added to its own.
    fn member_value(
        &mut self,
        member: &str,
        hint: &str,
        narrowed: bool,
    ) -> Result<TypeExpr, SpecError> {
        let schema = self.node(member)?;
        if narrowed {
            if let Some(target) = schema.reference.and_then(|r| r.strip_prefix('#')) {
                let target_schema = self.node(target)?;
                if is_plain_value(&target_schema) {
                    let mut expr = self.expr(target, hint)?;
                    expr.sensitive |= is_sensitive(&schema);
                    return Ok(expr);
                }
            }
        }
        self.expr(member, hint)
    }

    /// Two value members of one `allOf`: one type with both sets of
    /// limits. Members of different types describe no value at all; the
    /// SDK keeps the first, with a warning.
    fn intersect(&mut self, mut first: TypeExpr, other: TypeExpr, at: &str) -> TypeExpr {
        let same = match (&first.ty, &other.ty) {
            (TypeRef::Named(a), TypeRef::Named(b)) => a == b,
            (TypeRef::Named(_), _) | (_, TypeRef::Named(_)) => false,
            // Formats and array items aside: `int32` is kept below.
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        };
        if !same {
            self.warn(
                at,
                "allOf members of different types; the SDK's type follows the first (the runtime validator checks both)",
            );
            return first;
        }
        if let (TypeRef::Integer(IntegerFormat::Int64), TypeRef::Integer(IntegerFormat::Int32)) =
            (&first.ty, &other.ty)
        {
            first.ty = TypeRef::Integer(IntegerFormat::Int32);
        }
        first.nullable &= other.nullable;
        first.sensitive |= other.sensitive;
        self.narrow(&mut first, &other.constraints, at);
        first
    }

    /// Adds `limits` (from the member or schema at `at`) to `expr`. A named
    /// type keeps its own checks; limits beside it are checked by the
    /// runtime validator only, with a warning.
    fn narrow(&mut self, expr: &mut TypeExpr, limits: &Constraints, at: &str) {
        if limits.is_empty() {
            return;
        }
        if matches!(expr.ty, TypeRef::Named(_)) {
            self.warn(
                at,
                "limits beside a named enum, union or object in an allOf are not checked by the generated SDK (the runtime validator checks them)",
            );
            return;
        }
        for keyword in expr.constraints.narrow(limits) {
            self.warn(
                at,
                &format!(
                    "allOf members give `{keyword}` twice; the generated SDK checks the first (the runtime validator checks both)"
                ),
            );
        }
    }
}

/// A scalar or array schema with no enum and no composition: reading it
/// at its own pointer defines no type.
fn is_plain_value(node: &SchemaNode<'_>) -> bool {
    matches!(
        type_name(node),
        Some("string" | "integer" | "number" | "boolean" | "array")
    ) && node.enumeration.is_none()
        && node.all_of.is_empty()
        && node.one_of.is_empty()
        && node.any_of.is_empty()
        && node.reference.is_none()
}

impl Constraints {
    /// Adds `other`'s limits to these, keeping the tighter of each pair.
    /// Returns the keywords both give differently that cannot be joined
    /// into one (two patterns, formats or factors): the first is kept.
    fn narrow(&mut self, other: &Constraints) -> Vec<&'static str> {
        fn tighter<T: Copy>(mine: &mut Option<T>, theirs: Option<T>, pick: fn(T, T) -> T) {
            *mine = match (*mine, theirs) {
                (Some(a), Some(b)) => Some(pick(a, b)),
                (a, b) => a.or(b),
            };
        }
        fn one<T: PartialEq + Clone>(
            mine: &mut Option<T>,
            theirs: &Option<T>,
            keyword: &'static str,
            clashes: &mut Vec<&'static str>,
        ) {
            match (&*mine, theirs) {
                (None, Some(b)) => *mine = Some(b.clone()),
                (Some(a), Some(b)) if a != b => clashes.push(keyword),
                _ => {}
            }
        }
        let mut clashes = Vec::new();
        tighter(&mut self.max_length, other.max_length, u64::min);
        tighter(&mut self.min_length, other.min_length, u64::max);
        tighter(&mut self.max_items, other.max_items, u64::min);
        tighter(&mut self.min_items, other.min_items, u64::max);
        tighter(&mut self.max_properties, other.max_properties, u64::min);
        tighter(&mut self.min_properties, other.min_properties, u64::max);
        tighter(&mut self.minimum, other.minimum, |a, b| {
            higher_bound(a, b, true)
        });
        tighter(&mut self.maximum, other.maximum, |a, b| {
            higher_bound(a, b, false)
        });
        self.unique_items |= other.unique_items;
        one(&mut self.pattern, &other.pattern, "pattern", &mut clashes);
        one(&mut self.format, &other.format, "format", &mut clashes);
        one(
            &mut self.multiple_of,
            &other.multiple_of,
            "multipleOf",
            &mut clashes,
        );
        if self.allowed.is_empty() {
            self.allowed = other.allowed.clone();
        } else if !other.allowed.is_empty() {
            self.allowed.retain(|value| other.allowed.contains(value));
        }
        clashes
    }
}

/// The tighter of two bounds: the higher minimum (`lower`) or the lower
/// maximum; at the same value, an exclusive bound is the tighter.
fn higher_bound(a: Bound, b: Bound, lower: bool) -> Bound {
    if a.value == b.value {
        return Bound {
            value: a.value,
            exclusive: a.exclusive || b.exclusive,
        };
    }
    if (a.value > b.value) == lower {
        a
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{build_model, TypeKind, TypeRef};

    fn built(schemas: &str) -> Result<crate::model::BuiltModel, crate::SpecError> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), &text).expect("loads");
        build_model(&spec)
    }

    #[test]
    fn limits_of_value_members_join_the_tighter_and_a_second_pattern_is_a_warning() {
        let built = built(
            "    Code:\n      allOf:\n        - {type: string, minLength: 2, maxLength: 9, pattern: '^a'}\n        - {minLength: 4, maxLength: 12, pattern: 'b$'}\n",
        )
        .expect("builds");
        let TypeKind::Newtype(expr) = &built.model.types[0].kind else {
            panic!("{:?}", built.model.types[0].kind);
        };
        assert_eq!(expr.ty, TypeRef::String);
        let c = &expr.constraints;
        assert_eq!((c.min_length, c.max_length), (Some(4), Some(9)));
        assert_eq!(c.pattern.as_deref(), Some("^a"));
        let warnings: Vec<String> = built.warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(
            warnings,
            ["allOf members give `pattern` twice; the generated SDK checks the first (the runtime validator checks both)"]
        );
    }

    #[test]
    fn an_all_of_of_an_object_and_a_union_is_any_value_with_a_warning() {
        let built = built(
            "    Odd:\n      allOf:\n        - {type: object, properties: {a: {type: string}}}\n        - oneOf: [{type: string}, {type: integer}]\n",
        )
        .expect("builds");
        let TypeKind::Newtype(expr) = &built.model.types[0].kind else {
            panic!("{:?}", built.model.types[0].kind);
        };
        assert_eq!(expr.ty, TypeRef::Any);
        assert_eq!(built.warnings.len(), 1, "{:?}", built.warnings);
        assert_eq!(built.warnings[0].pointer, "/components/schemas/Odd");
    }
}
