//! Schemas → named types and type expressions.
//!
//! Components become types under their own names; inline objects, enums
//! and unions become types named after where they sit (`Parent` +
//! `Property`), so names are stable as long as the spec's shape is.

use indexmap::IndexMap;
use serde_json::Value;

use super::names::{rust_field_name, rust_type_name, type_name_for, NameRegistry};
use super::schema::{doc, is_sensitive, is_unconstrained, type_name, SchemaNode};
use super::*;
use crate::error::{SpecError, SpecErrorKind, Warning};
use crate::front::{self, Additional, Schema, Schemas};
use crate::load::{escape_segment, Spec};

mod all_of;

use all_of::AllOfKind;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

pub(super) struct TypeBuilder<'a> {
    spec: &'a Spec,
    schemas: &'a Schemas,
    names: NameRegistry,
    /// `components.schemas` key → Rust type name.
    components: IndexMap<String, String>,
    pub types: Vec<TypeDef>,
    pub warnings: Vec<Warning>,
    /// `$ref` chain being followed, to report loops instead of recursing.
    ref_chain: Vec<String>,
    /// Building inside a schema marked secret: everything below is secret.
    in_secret: bool,
}

impl<'a> TypeBuilder<'a> {
    /// Reserves every component's name up front, so inline types never
    /// take a name a component wants.
    pub fn new(spec: &'a Spec, api: &'a front::Api) -> Self {
        let mut names = NameRegistry::default();
        let mut components = IndexMap::new();
        for (key, _) in &api.components {
            // `pet_store` and `PetStore` are both `PetStore`: the second in
            // document order becomes `PetStore2`.
            let rust = names.unique(&type_name_for(&rust_type_name(key)));
            components.insert(key.clone(), rust);
        }
        Self {
            spec,
            schemas: &api.schemas,
            names,
            components,
            types: Vec::new(),
            warnings: Vec::new(),
            ref_chain: Vec::new(),
            in_secret: false,
        }
    }

    pub fn schemas(&self) -> &'a Schemas {
        self.schemas
    }

    /// Whether the places `a` and `b` state the same schema.
    pub fn same_schema(&self, a: &str, b: &str) -> bool {
        same_schema(self.schemas, a, b)
    }

    /// The schema written at `pointer`, from the front end.
    fn node(&self, pointer: &str) -> Result<SchemaNode<'a>, SpecError> {
        SchemaNode::at(self.spec, self.schemas, pointer)
    }

    pub fn build_components(&mut self) -> Result<(), SpecError> {
        let components: Vec<(String, String)> = self.components.clone().into_iter().collect();
        for (key, name) in components {
            self.define(name, &component_pointer(&key))?;
        }
        Ok(())
    }

    /// The type of the value at `pointer`; `hint` names any inline type.
    /// A secret schema makes the value and everything built below it secret.
    pub fn expr(&mut self, pointer: &str, hint: &str) -> Result<TypeExpr, SpecError> {
        let schema = self.node(pointer)?;
        let secret = self.in_secret || is_sensitive(&schema);
        let outer = std::mem::replace(&mut self.in_secret, secret);
        let built = self.unmarked_expr(schema, pointer, hint);
        self.in_secret = outer;
        let mut expr = built?;
        expr.sensitive |= secret;
        Ok(expr)
    }

    /// [`Self::expr`] before the value's own secrecy is applied.
    fn unmarked_expr(
        &mut self,
        schema: SchemaNode<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeExpr, SpecError> {
        if let Some(reference) = schema.reference {
            return self.reference(pointer, reference, hint);
        }
        let mut expr = TypeExpr {
            ty: TypeRef::Any,
            nullable: schema.nullable,
            sensitive: false,
            constraints: Constraints::default(),
        };
        if schema.not.is_some() {
            self.warn(
                pointer,
                "`not` cannot be expressed as a Rust type; using serde_json::Value",
            );
            return Ok(expr);
        }
        if lists_only_null(&schema) {
            // `enum: [null]` (dropshot writes it for an empty result): the
            // value is `null`, whatever `type` says beside it.
            expr.ty = TypeRef::Any;
            expr.constraints.allowed = vec![Value::Null];
            return Ok(expr);
        }
        if let Some(reference) = self.single_ref_all_of(&schema, pointer) {
            // `allOf: [$ref]` is how 3.0 documents a use of a named type.
            let mut named = self.reference(pointer, reference, hint)?;
            named.nullable |= schema.nullable;
            return Ok(named);
        }
        match self.all_of_kind(&schema, pointer)? {
            Some(AllOfKind::Values) => return self.all_of_value(&schema, pointer, hint),
            Some(AllOfKind::Mixed) => return Ok(self.all_of_mixed(pointer)),
            Some(AllOfKind::Objects) | None => {}
        }
        let type_name = type_name(&schema);
        let composite =
            !schema.one_of.is_empty() || !schema.any_of.is_empty() || !schema.all_of.is_empty();
        expr.ty = if composite || is_string_enum(&schema, type_name) {
            self.define_inline(hint, pointer)?
        } else {
            match type_name {
                None if is_unconstrained(&schema) => TypeRef::Any,
                Some("object") | None if schema.items.is_none() => {
                    if !schema.properties.is_empty() {
                        self.define_inline(hint, pointer)?
                    } else {
                        TypeRef::Map(Box::new(
                            self.additional(&schema, pointer, hint)?.unwrap_or(ANY),
                        ))
                    }
                }
                Some("array") | None => {
                    let items = if schema.items.is_some() {
                        self.expr(&format!("{pointer}/items"), &format!("{hint}Item"))?
                    } else {
                        ANY
                    };
                    TypeRef::Array(Box::new(items))
                }
                Some("string") => TypeRef::String,
                Some("integer") => TypeRef::Integer(match schema.format.as_deref() {
                    Some("int32") => IntegerFormat::Int32,
                    _ => IntegerFormat::Int64,
                }),
                Some("number") => TypeRef::Number(match schema.format.as_deref() {
                    Some("float") => NumberFormat::Float,
                    _ => NumberFormat::Double,
                }),
                Some(_) => TypeRef::Boolean,
            }
        };
        let own = self.usable_constraints(&schema, pointer)?;
        // An inline enum, union or object is a named type, checked by its
        // own `validate()`; value keywords beside it are warned about where
        // it is defined ([`Self::warn_unchecked_keywords`]), and a use of a
        // named type carries no limits of its own.
        if !matches!(expr.ty, TypeRef::Named(_)) {
            expr.constraints = own;
        }
        Ok(expr)
    }

    /// The schema's own limits, less a pattern that is not ECMA-262 (with a
    /// warning, as for a format neither validator checks).
    fn usable_constraints(
        &mut self,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Constraints, SpecError> {
        let mut own = constraints(schema, pointer, self.spec)?;
        if let Some(pattern) = &own.pattern {
            if let Err(e) = crate::pattern::compile(pattern) {
                let message = unusable_pattern(pattern, &e);
                self.warn(&format!("{pointer}/pattern"), &message);
                own.pattern = None;
            }
        }
        self.warn_unchecked_format(schema, pointer);
        Ok(own)
    }

    fn reference(&mut self, at: &str, reference: &str, hint: &str) -> Result<TypeExpr, SpecError> {
        if let Some(name) = reference
            .strip_prefix(COMPONENT_PREFIX)
            .and_then(|key| self.components.get(&unescape(key)))
        {
            let target = self.node(&reference[1..])?;
            return Ok(TypeExpr {
                ty: TypeRef::Named(name.clone()),
                nullable: target.nullable,
                sensitive: self.refers_to_secret(reference),
                constraints: Constraints::default(),
            });
        }
        if self.ref_chain.iter().any(|seen| seen == reference) {
            let mut chain = self.ref_chain.clone();
            chain.push(reference.to_owned());
            let kind = SpecErrorKind::CyclicRef {
                chain: chain.join(" → "),
            };
            return Err(self.spec.error(format!("{at}/$ref"), kind));
        }
        self.ref_chain.push(reference.to_owned());
        let result = self.expr(&reference[1..], hint);
        self.ref_chain.pop();
        result
    }

    /// Whether the schema `reference` points to, or one it is only a
    /// `$ref` (or `allOf: [$ref]`) to in turn, is marked secret.
    fn refers_to_secret(&self, reference: &str) -> bool {
        let mut pointer = reference.to_owned();
        for _ in 0..MAX_REF_HOPS {
            let Some(at) = pointer.strip_prefix('#') else {
                return false;
            };
            let Ok(schema) = self.node(at) else {
                return false;
            };
            if is_sensitive(&schema) {
                return true;
            }
            match schema
                .reference
                .or_else(|| self.single_ref_all_of(&schema, at))
            {
                Some(next) => pointer = next.to_owned(),
                None => return false,
            }
        }
        false
    }

    /// The `$ref` of `allOf: [{$ref}]` with nothing else beside it.
    fn single_ref_all_of(&self, schema: &Schema, pointer: &str) -> Option<&'a str> {
        if !schema.properties.is_empty() || schema.all_of.len() != 1 {
            return None;
        }
        let member = self.node(&format!("{pointer}/allOf/0")).ok()?;
        let siblings = member.schema;
        let bare = siblings.title.is_none()
            && siblings.description.is_none()
            && siblings.example.is_none()
            && !siblings.nullable
            && !siblings.read_only
            && !siblings.write_only
            && !siblings.deprecated
            && siblings.extensions.is_empty();
        member.reference.filter(|_| bare)
    }

    /// A unique type name for something the emitters define themselves.
    pub fn reserve(&mut self, wanted: &str) -> String {
        self.names.unique(&type_name_for(wanted))
    }

    fn define_inline(&mut self, hint: &str, pointer: &str) -> Result<TypeRef, SpecError> {
        let name = self.names.unique(&type_name_for(hint));
        self.define(name.clone(), pointer)?;
        Ok(TypeRef::Named(name))
    }

    /// Adds the named type for the schema at `pointer`. The slot is taken
    /// before the members are built so a parent precedes its inline children.
    /// A type defined inside a secret, or marked secret, is secret whole.
    fn define(&mut self, name: String, pointer: &str) -> Result<(), SpecError> {
        let schema = self.node(pointer)?;
        let sensitive = self.in_secret || is_sensitive(&schema);
        let outer = std::mem::replace(&mut self.in_secret, sensitive);
        let defined = self.define_members(name, pointer, schema, sensitive);
        self.in_secret = outer;
        defined
    }

    fn define_members(
        &mut self,
        name: String,
        pointer: &str,
        schema: SchemaNode<'a>,
        sensitive: bool,
    ) -> Result<(), SpecError> {
        let slot = self.types.len();
        self.types.push(TypeDef {
            name: name.clone(),
            pointer: pointer.to_owned(),
            doc: doc(&schema),
            sensitive,
            kind: TypeKind::Alias(String::new()),
        });
        let type_name = type_name(&schema);
        let kind = if let Some(reference) = schema.reference {
            match self.reference(pointer, reference, &name)? {
                TypeExpr {
                    ty: TypeRef::Named(target),
                    ..
                } => TypeKind::Alias(target),
                other => TypeKind::Newtype(other),
            }
        } else if !schema.one_of.is_empty() || !schema.any_of.is_empty() {
            let (keyword, count) = if schema.one_of.is_empty() {
                ("anyOf", schema.any_of.len())
            } else {
                ("oneOf", schema.one_of.len())
            };
            TypeKind::Union(self.union(&name, pointer, keyword, count, &schema)?)
        } else if let Some(kind @ (AllOfKind::Values | AllOfKind::Mixed)) =
            self.all_of_kind(&schema, pointer)?
        {
            let merged = match kind {
                AllOfKind::Values => self.all_of_value(&schema, pointer, &name)?,
                _ => self.all_of_mixed(pointer),
            };
            match merged {
                TypeExpr {
                    ty: TypeRef::Named(target),
                    constraints,
                    ..
                } if constraints.is_empty() => TypeKind::Alias(target),
                mut other => {
                    other.nullable = false;
                    TypeKind::Newtype(other)
                }
            }
        } else if !schema.all_of.is_empty() {
            let merged = self.merge_all_of(pointer, &mut Vec::new())?;
            TypeKind::Struct(self.structure(&name, &merged, &schema, pointer)?)
        } else if is_string_enum(&schema, type_name) {
            TypeKind::StringEnum(self.enum_values(&schema, pointer)?)
        } else if !schema.properties.is_empty() {
            let merged = Merged::own(&schema, pointer);
            TypeKind::Struct(self.structure(&name, &merged, &schema, pointer)?)
        } else {
            // A named scalar, array or map: keep its limits on a newtype.
            let mut expr = self.expr(pointer, &name)?;
            expr.nullable = false;
            TypeKind::Newtype(expr)
        };
        self.warn_unchecked_keywords(&schema, pointer, &kind);
        self.types[slot].kind = kind;
        Ok(())
    }

    /// A string `format` that neither validator checks (`password` marks
    /// a secret; the checked ones are [`Format::ALL`]).
    fn warn_unchecked_format(&mut self, schema: &Schema, pointer: &str) {
        let Some(name) = schema.format.as_deref() else {
            return;
        };
        if name != "password"
            && Format::from_name(name).is_none()
            && type_name(schema) == Some("string")
        {
            self.warn(
                &format!("{pointer}/format"),
                &format!(
                    "format `{name}` is not checked by the generated SDK nor by the runtime validator"
                ),
            );
        }
    }

    /// Value keywords on a schema that becomes a string enum or a union:
    /// the generated type checks its members, not these. (A struct checks
    /// its own `minProperties`/`maxProperties`; the other keywords do not
    /// apply to objects, for either validator.)
    fn warn_unchecked_keywords(&mut self, schema: &Schema, pointer: &str, kind: &TypeKind) {
        if !matches!(kind, TypeKind::StringEnum(_) | TypeKind::Union(_)) {
            return;
        }
        let present = [
            ("maxLength", schema.max_length.is_some()),
            ("minLength", schema.min_length.is_some()),
            ("pattern", schema.pattern.is_some()),
            ("minimum", schema.minimum.is_some()),
            ("maximum", schema.maximum.is_some()),
            ("multipleOf", schema.multiple_of.is_some()),
            ("minItems", schema.min_items.is_some()),
            ("maxItems", schema.max_items.is_some()),
            ("uniqueItems", schema.unique_items),
            ("minProperties", schema.min_properties.is_some()),
            ("maxProperties", schema.max_properties.is_some()),
        ];
        for (keyword, _) in present.into_iter().filter(|(_, set)| *set) {
            if let TypeKind::StringEnum(values) = kind {
                if listed_values_satisfy(schema, keyword, values) {
                    // `validate()` refuses unlisted values, so the listed
                    // ones are all that is sent, and they comply.
                    continue;
                }
            }
            self.warn(
                &format!("{pointer}/{keyword}"),
                &format!(
                    "`{keyword}` on a schema that becomes an enum or a union is not checked by the generated SDK (the runtime validator checks it)"
                ),
            );
        }
    }

    fn structure(
        &mut self,
        name: &str,
        merged: &Merged,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Struct, SpecError> {
        let mut fields: Vec<Field> = Vec::new();
        let mut field_names = NameRegistry::default();
        for (wire, property_pointer) in &merged.properties {
            let property = self.node(property_pointer)?;
            // `statementId` and `statementID` are both `statement_id`: the
            // second in property order becomes `statement_id2`.
            let rust_name = field_names.unique(&rust_field_name(wire));
            let hint = format!("{name}{}", rust_type_name(wire));
            // A property of an `allOf` member marked secret is secret.
            let outer = self.in_secret;
            self.in_secret |= merged.secret.contains(wire);
            let expr = self.expr(property_pointer, &hint);
            self.in_secret = outer;
            let expr = expr?;
            let target_doc = match property.reference {
                Some(_) => doc(self.schemas.get(property.target)),
                None => None,
            };
            // OpenAPI 3.0: `required` on a read-only property holds in
            // answers only, on a write-only one in requests only. One type
            // serves both directions, so such a field is optional.
            let one_way = property.read_only || property.write_only;
            let doc = direction_note(doc(&property).or(target_doc), &property);
            fields.push(Field {
                wire_name: wire.clone(),
                pointer: property_pointer.clone(),
                rust_name,
                doc,
                required: !one_way && merged.required.iter().any(|r| r == wire),
                read_only: property.read_only,
                write_only: property.write_only,
                deprecated: property.deprecated,
                boxed: false,
                expr,
            });
        }
        let additional = self.additional(schema, pointer, &format!("{name}Value"))?;
        Ok(Struct {
            fields,
            additional,
            min_properties: schema.min_properties,
            max_properties: schema.max_properties,
        })
    }

    fn additional(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
    ) -> Result<Option<TypeExpr>, SpecError> {
        match schema.additional_properties {
            Additional::Absent | Additional::Allowed(false) => Ok(None),
            Additional::Allowed(true) => Ok(Some(ANY)),
            Additional::Schema(_) => self
                .expr(&format!("{pointer}/additionalProperties"), hint)
                .map(Some),
        }
    }

    /// Collects the properties of an `allOf`, following `$ref`s, in order.
    fn merge_all_of(
        &mut self,
        pointer: &str,
        stack: &mut Vec<String>,
    ) -> Result<Merged, SpecError> {
        if stack.iter().any(|p| p == pointer) {
            stack.push(pointer.to_owned());
            let chain = stack
                .iter()
                .map(|p| format!("#{p}"))
                .collect::<Vec<_>>()
                .join(" → ");
            return Err(self
                .spec
                .error(pointer, SpecErrorKind::CyclicAllOf { chain }));
        }
        stack.push(pointer.to_owned());
        let schema = self.node(pointer)?;
        let mut merged = Merged::default();
        if let Some(reference) = schema.reference {
            let inner = self.merge_all_of(&reference[1..], stack)?;
            for conflict in merged.absorb(inner, self.schemas) {
                self.warn(pointer, &conflict);
            }
        }
        for index in 0..schema.all_of.len() {
            let member = format!("{pointer}/allOf/{index}");
            let member_schema = self.node(&member)?;
            let is_object = member_schema.reference.is_some()
                || !member_schema.all_of.is_empty()
                || !member_schema.properties.is_empty()
                || type_name(&member_schema) == Some("object")
                || is_unconstrained(&member_schema);
            if !is_object || !member_schema.one_of.is_empty() || !member_schema.any_of.is_empty() {
                let kind = SpecErrorKind::Unsupported {
                    construct: "allOf member that is not an object schema".into(),
                    expected: "allOf members with properties (or $refs to such schemas)".into(),
                };
                return Err(self.spec.error(member, kind));
            }
            let inner = self.merge_all_of(&member, stack)?;
            for conflict in merged.absorb(inner, self.schemas) {
                self.warn(&member, &conflict);
            }
        }
        for conflict in merged.absorb(Merged::own(&schema, pointer), self.schemas) {
            self.warn(pointer, &conflict);
        }
        if is_sensitive(&schema) {
            merged.secret = merged.properties.keys().cloned().collect();
        }
        stack.pop();
        Ok(merged)
    }

    fn union(
        &mut self,
        name: &str,
        pointer: &str,
        keyword: &str,
        count: usize,
        schema: &Schema,
    ) -> Result<Union, SpecError> {
        let members: Vec<String> = (0..count)
            .map(|index| format!("{pointer}/{keyword}/{index}"))
            .collect();
        let mut discriminator = schema.discriminator.as_ref();
        let mut tags = Vec::new();
        if let Some(d) = discriminator {
            for member in &members {
                tags.push(self.member_tags(member, d)?);
            }
        }
        if tags.iter().any(Vec::is_empty) {
            // Without a value for every member the tag cannot choose one.
            self.warn(
                &format!("{pointer}/discriminator"),
                "a member of this union has no discriminator value (an inline member needs a one-value `enum` on the property); the SDK takes the first member that parses, as for a union without a discriminator",
            );
            discriminator = None;
            tags.clear();
        }
        let mut variants: Vec<Variant> = Vec::new();
        let mut variant_names = NameRegistry::default();
        for (index, member) in members.iter().enumerate() {
            let member_tags = tags.get(index).cloned().unwrap_or_default();
            let inline = self.node(member)?.reference.is_none();
            // An inline member is named after its parent and its tag.
            let tag_name = member_tags
                .first()
                .filter(|_| inline)
                .map(|tag| rust_type_name(tag));
            let hint = match &tag_name {
                Some(tag) => format!("{name}{tag}"),
                None => format!("{name}Variant{}", index + 1),
            };
            let expr = self.expr(member, &hint)?;
            let wanted = match (&tag_name, &expr.ty) {
                (Some(tag), _) => tag.clone(),
                (None, TypeRef::Named(n)) => n.clone(),
                (None, TypeRef::String) => "String".into(),
                (None, TypeRef::Integer(_)) => "Integer".into(),
                (None, TypeRef::Number(_)) => "Number".into(),
                (None, TypeRef::Boolean) => "Boolean".into(),
                (None, TypeRef::Array(_)) => "Array".into(),
                (None, TypeRef::Map(_)) => "Object".into(),
                (None, TypeRef::Any) => "Value".into(),
                (None, TypeRef::Bytes) => "Bytes".into(),
            };
            variants.push(Variant {
                rust_name: variant_names.unique(&wanted),
                tags: member_tags,
                boxed: false,
                expr,
            });
        }
        Ok(Union {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
        })
    }

    /// The discriminator values that select `member`: for a `$ref`, the
    /// mapping's keys that name it, else the component's name; for an
    /// inline member, the one value its discriminator property's `enum`
    /// allows (on itself or an `allOf` member), if it says one.
    fn member_tags(
        &self,
        member: &str,
        discriminator: &front::Discriminator,
    ) -> Result<Vec<String>, SpecError> {
        let member_schema = self.node(member)?;
        if let Some(reference) = member_schema.reference {
            let mapped: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| *target == member_schema.target)
                .map(|(tag, _)| tag.clone())
                .collect();
            if !mapped.is_empty() {
                return Ok(mapped);
            }
            let key = reference.rsplit('/').next().unwrap_or(reference);
            return Ok(vec![unescape(key)]);
        }
        let mut places = vec![member_schema.target];
        places.extend(member_schema.all_of.iter().copied());
        for place in places {
            let values = self
                .schemas
                .get(place)
                .property(&discriminator.property_name)
                .and_then(|id| self.schemas.get(id).enumeration.as_deref());
            if let Some([Value::String(tag)]) = values {
                return Ok(vec![tag.clone()]);
            }
        }
        Ok(Vec::new())
    }

    fn enum_values(&mut self, schema: &Schema, pointer: &str) -> Result<Vec<EnumValue>, SpecError> {
        let mut values: Vec<EnumValue> = Vec::new();
        // `Unknown` is the catch-all for values the spec does not list, so
        // a listed `Unknown` (or `unknown`) becomes `Unknown2`.
        let mut variant_names = NameRegistry::default();
        variant_names.reserve("Unknown");
        for (index, value) in schema.enumeration.iter().flatten().enumerate() {
            let wire = match value {
                Value::String(s) => s.clone(),
                // `null` is allowed by `nullable`, not by `enum` (OpenAPI
                // 3.0.3); listing it changes nothing either way.
                Value::Null => continue,
                other => {
                    // Not a string, so never valid for a string schema.
                    let message = format!(
                        "enum value {other} of a string schema can never match; it is left out"
                    );
                    self.warn(&format!("{pointer}/enum/{index}"), &message);
                    continue;
                }
            };
            if values.iter().any(|v| v.wire == wire) {
                let message =
                    format!("enum value {wire:?} is listed twice; the repeat is left out");
                self.warn(&format!("{pointer}/enum/{index}"), &message);
                continue;
            }
            let rust_name = variant_names.unique(&rust_type_name(&wire));
            values.push(EnumValue { wire, rust_name });
        }
        Ok(values)
    }

    /// Adds a warning once, though a schema inlined at several places is
    /// read several times.
    pub(super) fn warn(&mut self, pointer: &str, message: &str) {
        let warning = self.spec.warning(pointer, message);
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }
}

/// Far more `$ref` hops than a real spec chains; a loop stops here.
const MAX_REF_HOPS: usize = 32;

const ANY: TypeExpr = TypeExpr {
    ty: TypeRef::Any,
    nullable: false,
    sensitive: false,
    constraints: Constraints::NONE,
};

/// `enum` lists `null` and nothing else.
fn lists_only_null(schema: &Schema) -> bool {
    schema
        .enumeration
        .as_ref()
        .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null))
}

fn is_string_enum(schema: &Schema, type_name: Option<&str>) -> bool {
    let Some(values) = &schema.enumeration else {
        return false;
    };
    if lists_only_null(schema) {
        return false;
    }
    match type_name {
        Some("string") => true,
        None => values.iter().all(Value::is_string),
        Some(_) => false,
    }
}

/// Whether every value of a string enum satisfies the string keyword
/// `keyword` of its schema (a length or a pattern), so the enum's own
/// check (only listed values) implies it.
fn listed_values_satisfy(schema: &Schema, keyword: &str, values: &[EnumValue]) -> bool {
    let length = |v: &EnumValue| v.wire.chars().count() as u64;
    match keyword {
        "maxLength" => schema
            .max_length
            .is_some_and(|max| values.iter().all(|v| length(v) <= max)),
        "minLength" => schema
            .min_length
            .is_some_and(|min| values.iter().all(|v| length(v) >= min)),
        "pattern" => schema
            .pattern
            .as_deref()
            .and_then(|p| crate::pattern::compile(p).ok())
            .is_some_and(|regex| {
                values
                    .iter()
                    .all(|v| crate::pattern::matches(&regex, &v.wire))
            }),
        _ => false,
    }
}

/// The warning for a pattern that is not an ECMA-262 regular expression,
/// worded the same by the generator and the runtime validator.
pub(crate) fn unusable_pattern(pattern: &str, error: &regress::Error) -> String {
    format!("pattern `{pattern}` is not an ECMA-262 regular expression ({error}); neither the SDK nor `validate` checks it")
}

fn constraints(schema: &Schema, pointer: &str, spec: &Spec) -> Result<Constraints, SpecError> {
    if let (Some(min), Some(max)) = (schema.min_length, schema.max_length) {
        if min > max {
            let kind = SpecErrorKind::InvalidConstraint(format!(
                "minLength {min} is above maxLength {max}"
            ));
            return Err(spec.error(format!("{pointer}/minLength"), kind));
        }
    }
    if schema.multiple_of.is_some_and(|m| m <= 0.0) {
        let kind = SpecErrorKind::InvalidConstraint("multipleOf must be greater than 0".into());
        return Err(spec.error(format!("{pointer}/multipleOf"), kind));
    }
    let allowed = match (&schema.enumeration, type_name(schema)) {
        (Some(values), Some("integer" | "number" | "boolean")) => values.clone(),
        _ => Vec::new(),
    };
    Ok(Constraints {
        max_length: schema.max_length,
        min_length: schema.min_length,
        pattern: schema.pattern.clone(),
        minimum: schema.minimum,
        maximum: schema.maximum,
        multiple_of: schema.multiple_of,
        min_items: schema.min_items,
        max_items: schema.max_items,
        unique_items: schema.unique_items,
        min_properties: schema.min_properties,
        max_properties: schema.max_properties,
        format: match type_name(schema) {
            Some("string") => schema.format.as_deref().and_then(Format::from_name),
            _ => None,
        },
        allowed,
    })
}

/// Properties gathered for one struct: wire name → pointer of its schema.
#[derive(Default)]
struct Merged {
    properties: IndexMap<String, String>,
    required: Vec<String>,
    /// Properties that come from a schema marked secret.
    secret: Vec<String>,
}

impl Merged {
    fn own(schema: &Schema, pointer: &str) -> Self {
        let properties = schema
            .properties
            .iter()
            .map(|(key, _)| {
                (
                    key.clone(),
                    format!("{pointer}/properties/{}", escape_segment(key)),
                )
            })
            .collect();
        Self {
            properties,
            required: schema.required.clone(),
            secret: Vec::new(),
        }
    }

    /// Adds `other`'s properties and requirements. A property both define
    /// differently takes the later definition (the more specific one, as
    /// an `allOf` that extends a base usually means); the returned
    /// messages say so, for a warning. The runtime validator still checks
    /// both definitions, as JSON Schema's `allOf` does.
    fn absorb(&mut self, other: Merged, schemas: &Schemas) -> Vec<String> {
        let mut conflicts = Vec::new();
        for (wire, pointer) in other.properties {
            if let Some(existing) = self.properties.get(&wire) {
                if !same_schema(schemas, existing, &pointer) {
                    conflicts.push(format!(
                        "allOf members define property `{wire}` differently (#{existing} and #{pointer}); the SDK's type follows the later"
                    ));
                    self.properties.insert(wire, pointer);
                }
                continue;
            }
            self.properties.insert(wire, pointer);
        }
        for name in other.required {
            if !self.required.contains(&name) {
                self.required.push(name);
            }
        }
        for name in other.secret {
            if !self.secret.contains(&name) {
                self.secret.push(name);
            }
        }
        conflicts
    }
}

/// Whether the places `a` and `b` state the same schema: one schema, or
/// two written alike.
fn same_schema(schemas: &Schemas, a: &str, b: &str) -> bool {
    let (Some(a), Some(b)) = (schemas.resolve(a), schemas.resolve(b)) else {
        return false;
    };
    let unplaced = |schema: &Schema| Schema {
        source: None,
        ..schema.clone()
    };
    a == b || unplaced(schemas.get(a)) == unplaced(schemas.get(b))
}

fn component_pointer(key: &str) -> String {
    format!("/components/schemas/{}", escape_segment(key))
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The field's doc, with what `readOnly` or `writeOnly` means for it.
fn direction_note(doc: Option<String>, property: &Schema) -> Option<String> {
    let note = if property.read_only {
        "Read-only: the server sends it; leave it out of requests."
    } else if property.write_only {
        "Write-only: sent in requests; the server does not send it back."
    } else {
        return doc;
    };
    Some(match doc {
        Some(doc) => format!("{doc}\n\n{note}"),
        None => note.to_owned(),
    })
}
