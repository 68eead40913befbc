//! `discriminator`: the tag picks the branch of a `oneOf`/`anyOf`.

use serde_json::{json, Value};

use super::{Discriminator, Translator};
use crate::error::SpecError;
use crate::front::{self, child_pointer, Schema, Site};

impl Translator<'_> {
    /// A union branch that only the discriminator tags selecting it can
    /// match: the tag picks the branch, as OpenAPI (and the generated SDK)
    /// read a discriminator, and branches that overlap otherwise no longer
    /// make `oneOf` fail.
    pub(super) fn tagged(&self, member: Value, keyword: &str, out: &str, index: usize) -> Value {
        let Some(discriminator) = self
            .notes
            .discriminators
            .get(out)
            .filter(|_| keyword != "allOf")
        else {
            return member;
        };
        let tags: Vec<&str> = discriminator
            .tags
            .iter()
            .filter(|(_, i)| *i == index)
            .map(|(tag, _)| tag.as_str())
            .collect();
        match member {
            Value::Object(mut branch)
                if !tags.is_empty()
                    && !branch.contains_key("properties")
                    && !branch.contains_key("required") =>
            {
                let property = discriminator.property.clone();
                branch.insert(
                    "properties".into(),
                    json!({ property.clone(): {"enum": tags} }),
                );
                branch.insert("required".into(), json!([property]));
                Value::Object(branch)
            }
            other => other,
        }
    }

    /// Records which tags select which branch: the front end's mapping
    /// (explicit entries, then each component branch's name), and for a
    /// `$ref` branch it leaves without a tag, the last segment of the
    /// `$ref`, as the generator's model reads it.
    pub(super) fn discriminator(
        &mut self,
        discriminator: &front::Discriminator,
        schema: &Schema,
        at: &str,
        out: &str,
    ) -> Result<(), SpecError> {
        if discriminator.property_name.is_empty() {
            return Err(self.shape(
                &child_pointer(at, "discriminator"),
                "a discriminator needs a `propertyName`",
            ));
        }
        let (keyword, members) = if schema.one_of.is_empty() {
            ("anyOf", &schema.any_of)
        } else {
            ("oneOf", &schema.one_of)
        };
        let mut tags: Vec<(String, usize)> = discriminator
            .mapping
            .iter()
            .filter_map(|(tag, target)| {
                let index = members.iter().position(|member| member == target)?;
                Some((tag.clone(), index))
            })
            .collect();
        let base = child_pointer(at, keyword);
        for index in 0..members.len() {
            if tags.iter().any(|(_, i)| *i == index) {
                continue;
            }
            if let Some(Site::Reference(reference)) = self.schemas.site(&format!("{base}/{index}"))
            {
                let written = reference.written.as_str();
                let key = written.rsplit('/').next().unwrap_or(written);
                tags.push((key.replace("~1", "/").replace("~0", "~"), index));
            }
        }
        let discriminator = Discriminator {
            property: discriminator.property_name.clone(),
            tags,
        };
        self.notes
            .discriminators
            .insert(out.to_owned(), discriminator);
        Ok(())
    }
}
