//! `x-pagination` (our extension, on an operation) → [`Pagination`]: how
//! to ask a list operation for its next page and how to tell the last one,
//! so the emitter can write a walker that keeps every other argument.
//!
//! ```yaml
//! x-pagination:
//!   style: page            # `page`: numbered pages; `cursor`: a token from the previous page
//!   items: data            # the response property holding the page's items (an array)
//!   # style page:
//!   page: page             # the integer query parameter with the page number
//!   first: 1               # optional: the number of the first page (1 by default)
//!   last_page: last_page   # optional: integer response property, the number of the last page
//!   total: total           # optional: integer response property, the items on all pages
//!   # style cursor:
//!   cursor: starting_after # the string query parameter carrying the cursor
//!   next_cursor: next      # string response property: the next page's cursor; absent, null or empty on the last page
//!   has_more: has_more     # optional: boolean response property, false on the last page
//! ```
//!
//! Every walk stops on a page without items. The properties are top-level
//! properties of the success response's body, which must be an object.

use serde_json::{Map, Value};

use super::{
    Field, PageField, PageStyle, Pagination, Parameter, ParameterLocation, RequestBody, Response,
    TypeDef, TypeKind, TypeRef,
};
use crate::error::{SpecError, SpecErrorKind};
use crate::load::Spec;

/// The keys each style takes; anything else is a typo worth an error.
const PAGE_KEYS: &[&str] = &["style", "items", "page", "first", "last_page", "total"];
const CURSOR_KEYS: &[&str] = &["style", "items", "cursor", "next_cursor", "has_more"];

/// The operation's pieces the extension refers to.
pub(super) struct ListOperation<'a> {
    pub pointer: &'a str,
    /// The operation's `x-pagination`, from the front end.
    pub declared: Option<&'a serde_json::Value>,
    pub parameters: &'a [Parameter],
    pub body: Option<&'a RequestBody>,
    pub responses: &'a [Response],
    pub types: &'a [TypeDef],
}

/// The pagination the operation declares, if any. The names of the
/// generated query, walker and method are filled in by the caller.
pub(super) fn pagination(
    spec: &Spec,
    op: &ListOperation<'_>,
) -> Result<Option<Pagination>, SpecError> {
    let at = format!("{}/x-pagination", op.pointer);
    let Some(node) = op.declared else {
        return Ok(None);
    };
    let reader = Reader { spec, at: &at };
    let Some(object) = node.as_object() else {
        return Err(reader.shape("", "a mapping"));
    };
    if op.body.is_some() {
        let kind = SpecErrorKind::Unsupported {
            construct: "x-pagination on an operation with a request body".into(),
            expected: "a list operation whose arguments are parameters".into(),
        };
        return Err(spec.error(at.clone(), kind));
    }
    let (status, fields) = page_body(&reader, op)?;
    let style_name = reader.text(object, "style")?;
    let allowed = match style_name {
        "page" => PAGE_KEYS,
        "cursor" => CURSOR_KEYS,
        _ => {
            let kind = SpecErrorKind::Unsupported {
                construct: format!("x-pagination style `{style_name}`"),
                expected: "`page` or `cursor`".into(),
            };
            return Err(spec.error(format!("{at}/style"), kind));
        }
    };
    if let Some(unknown) = object.keys().find(|key| !allowed.contains(&key.as_str())) {
        return Err(reader.shape(
            unknown,
            &format!("one of {} (style `{style_name}`)", allowed.join(", ")),
        ));
    }
    let items = reader.property(object, "items", fields, Expected::Array)?;
    let style = if style_name == "page" {
        PageStyle::Number {
            parameter: reader.parameter(object, "page", op.parameters, Expected::Integer)?,
            first: match object.get("first") {
                None => 1,
                Some(value) => value
                    .as_i64()
                    .ok_or_else(|| reader.shape("first", "an integer"))?,
            },
            last_page: reader.optional_property(object, "last_page", fields, Expected::Integer)?,
            total: reader.optional_property(object, "total", fields, Expected::Integer)?,
        }
    } else {
        PageStyle::Cursor {
            parameter: reader.parameter(object, "cursor", op.parameters, Expected::String)?,
            next_cursor: reader.property(object, "next_cursor", fields, Expected::String)?,
            has_more: reader.optional_property(object, "has_more", fields, Expected::Boolean)?,
        }
    };
    Ok(Some(Pagination {
        style,
        items,
        status,
        query_type: String::new(),
        pages_type: String::new(),
        method: String::new(),
    }))
}

/// The first 2xx response and the fields of its body's struct.
fn page_body<'t>(
    reader: &Reader<'_>,
    op: &ListOperation<'t>,
) -> Result<(String, &'t [Field]), SpecError> {
    let success = op
        .responses
        .iter()
        .find(|r| r.status.starts_with('2'))
        .ok_or_else(|| reader.shape("", "an operation with a 2xx response (the page)"))?;
    let mut name = match success.body.as_ref().map(|body| &body.ty) {
        Some(TypeRef::Named(name)) => Some(name),
        _ => None,
    };
    // A component that only refers to another is that other type; `load`
    // has refused loops of references, the bound is for safety only.
    for _ in 0..=op.types.len() {
        let Some(wanted) = name else { break };
        match op
            .types
            .iter()
            .find(|def| &def.name == wanted)
            .map(|d| &d.kind)
        {
            Some(TypeKind::Struct(s)) => return Ok((success.status.clone(), &s.fields)),
            Some(TypeKind::Alias(target)) => name = Some(target),
            _ => break,
        }
    }
    Err(reader.shape(
        "",
        &format!(
            "a {} response whose body is an object with properties (the page)",
            success.status
        ),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expected {
    Integer,
    String,
    Boolean,
    Array,
}

impl Expected {
    fn matches(self, ty: &TypeRef) -> bool {
        matches!(
            (self, ty),
            (Expected::Integer, TypeRef::Integer(_))
                | (Expected::String, TypeRef::String)
                | (Expected::Boolean, TypeRef::Boolean)
                | (Expected::Array, TypeRef::Array(_))
        )
    }

    fn words(self) -> &'static str {
        match self {
            Expected::Integer => "an integer",
            Expected::String => "a string",
            Expected::Boolean => "a boolean",
            Expected::Array => "an array",
        }
    }
}

/// Reads the extension's entries, with errors at their pointer.
struct Reader<'a> {
    spec: &'a Spec,
    at: &'a str,
}

impl Reader<'_> {
    fn shape(&self, key: &str, expected: &str) -> SpecError {
        let pointer = if key.is_empty() {
            self.at.to_owned()
        } else {
            format!("{}/{key}", self.at)
        };
        let kind = SpecErrorKind::Shape(format!("x-pagination: expected {expected} here"));
        self.spec.error(pointer, kind)
    }

    fn text<'o>(&self, object: &'o Map<String, Value>, key: &str) -> Result<&'o str, SpecError> {
        match object.get(key) {
            Some(Value::String(text)) => Ok(text),
            Some(_) => Err(self.shape(key, "a string")),
            None => Err(self.shape("", &format!("a `{key}` entry"))),
        }
    }

    /// The Rust name of the query parameter `key` names.
    fn parameter(
        &self,
        object: &Map<String, Value>,
        key: &str,
        parameters: &[Parameter],
        expected: Expected,
    ) -> Result<String, SpecError> {
        let wire = self.text(object, key)?;
        let parameter = parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Query && p.wire_name == wire)
            .ok_or_else(|| {
                self.shape(key, "the name of one of the operation's query parameters")
            })?;
        if !expected.matches(&parameter.expr.ty) {
            let words = format!("a query parameter whose schema is {}", expected.words());
            return Err(self.shape(key, &words));
        }
        // The first page is asked for without a cursor.
        if key == "cursor" && parameter.required {
            return Err(self.shape(
                key,
                "an optional query parameter (the first page has no cursor)",
            ));
        }
        Ok(parameter.rust_name.clone())
    }

    fn optional_property(
        &self,
        object: &Map<String, Value>,
        key: &str,
        fields: &[Field],
        expected: Expected,
    ) -> Result<Option<PageField>, SpecError> {
        if object.contains_key(key) {
            self.property(object, key, fields, expected).map(Some)
        } else {
            Ok(None)
        }
    }

    fn property(
        &self,
        object: &Map<String, Value>,
        key: &str,
        fields: &[Field],
        expected: Expected,
    ) -> Result<PageField, SpecError> {
        let wire = self.text(object, key)?;
        let field = fields
            .iter()
            .find(|f| f.wire_name == wire)
            .ok_or_else(|| self.shape(key, "the name of a property of the page's body"))?;
        if !expected.matches(&field.expr.ty) {
            let words = format!("a property whose schema is {}", expected.words());
            return Err(self.shape(key, &words));
        }
        let options = u8::from(!field.required) + u8::from(field.expr.nullable);
        Ok(PageField {
            wire_name: field.wire_name.clone(),
            rust_name: field.rust_name.clone(),
            options,
            boxed: field.boxed,
            int32: field.expr.ty == TypeRef::Integer(super::IntegerFormat::Int32),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::build_model;

    fn spec(pagination: &str, parameters: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters:\n{parameters}      x-pagination:\n{pagination}      responses:\n        '200':\n          description: a page\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Things'}}\ncomponents:\n  schemas:\n    Things:\n      type: object\n      required: [data]\n      properties:\n        data: {{type: array, items: {{type: string}}}}\n        last_page: {{type: integer}}\n        next: {{type: string, nullable: true}}\n"
        )
    }

    const PARAMETERS: &str = "        - {name: page, in: query, schema: {type: integer}}\n        - {name: after, in: query, schema: {type: string}}\n        - {name: kind, in: query, schema: {type: string}}\n";

    fn build(pagination: &str) -> Result<Option<Pagination>, SpecError> {
        let text = spec(pagination, PARAMETERS);
        let spec = crate::load::load_str(Path::new("list.yaml"), &text)?;
        build_model(&spec).map(|built| built.model.operations[0].pagination.clone())
    }

    #[test]
    fn a_page_number_walk_names_its_parameter_properties_and_generated_items() {
        let pagination = build("        style: page\n        page: page\n        items: data\n        last_page: last_page\n")
            .expect("builds")
            .expect("declared");
        assert_eq!(pagination.method, "list_things_pages");
        assert_eq!(pagination.query_type, "ListThingsQuery");
        assert_eq!(pagination.pages_type, "ListThingsPages");
        assert_eq!(pagination.items.options, 0);
        let PageStyle::Number {
            parameter,
            first,
            last_page,
            total,
        } = pagination.style
        else {
            panic!("a page number walk");
        };
        assert_eq!((parameter.as_str(), first), ("page", 1));
        assert_eq!(last_page.map(|f| f.options), Some(1));
        assert_eq!(total, None);
    }

    #[test]
    fn a_cursor_walk_reads_an_optional_nullable_cursor_property() {
        let pagination =
            build("        style: cursor\n        cursor: after\n        items: data\n        next_cursor: next\n")
                .expect("builds")
                .expect("declared");
        let PageStyle::Cursor { next_cursor, .. } = pagination.style else {
            panic!("a cursor walk");
        };
        assert_eq!(next_cursor.options, 2);
    }

    #[test]
    fn a_page_parameter_that_is_not_an_integer_is_refused_at_its_key() {
        let error = build("        style: page\n        page: kind\n        items: data\n")
            .expect_err("refused");
        assert_eq!(error.pointer, "/paths/~1things/get/x-pagination/page");
        assert!(error.to_string().contains("an integer"), "{error}");
    }

    #[test]
    fn a_property_the_page_does_not_have_is_refused() {
        let error = build("        style: page\n        page: page\n        items: rows\n")
            .expect_err("refused");
        assert_eq!(error.pointer, "/paths/~1things/get/x-pagination/items");
    }

    #[test]
    fn a_key_of_the_other_style_is_a_typo_and_refused() {
        let error = build("        style: page\n        page: page\n        items: data\n        next_cursor: next\n")
            .expect_err("refused");
        assert_eq!(
            error.pointer,
            "/paths/~1things/get/x-pagination/next_cursor"
        );
    }

    #[test]
    fn an_unknown_style_is_unsupported() {
        let error = build("        style: offset\n        items: data\n").expect_err("refused");
        assert!(error.to_string().contains("`page` or `cursor`"), "{error}");
    }
}
