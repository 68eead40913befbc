//! `discriminator`: the tag picks the branch of a `oneOf`/`anyOf`.

use serde_json::{json, Map, Value};

use super::{Discriminator, Translator, COMPONENTS};
use crate::error::SpecError;

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

    /// Records which tags select which branch: the `mapping`, and for a
    /// `$ref` branch without an entry, its schema's name (as OpenAPI and
    /// the generator's model read it).
    pub(super) fn discriminator(
        &mut self,
        value: &Value,
        raw: &Map<String, Value>,
        at: &str,
        out: &str,
    ) -> Result<(), SpecError> {
        let property = value
            .get("propertyName")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                self.shape(
                    &format!("{at}/discriminator"),
                    "a discriminator needs a `propertyName`",
                )
            })?;
        let Some(members) = raw
            .get("oneOf")
            .or_else(|| raw.get("anyOf"))
            .and_then(Value::as_array)
        else {
            return Ok(());
        };
        let member_ref = |index: usize| {
            members
                .get(index)
                .and_then(|m| m.get("$ref"))
                .and_then(Value::as_str)
        };
        let mut tags = Vec::new();
        let mapping = value.get("mapping").and_then(Value::as_object);
        for (tag, target) in mapping.into_iter().flatten() {
            let Some(target) = target.as_str() else {
                continue;
            };
            let target = if target.starts_with('#') {
                target.to_owned()
            } else {
                format!("#{COMPONENTS}{target}")
            };
            if let Some(index) =
                (0..members.len()).find(|&i| member_ref(i) == Some(target.as_str()))
            {
                tags.push((tag.clone(), index));
            }
        }
        for index in 0..members.len() {
            let Some(reference) = member_ref(index) else {
                continue;
            };
            if tags.iter().any(|(_, i)| *i == index) {
                continue;
            }
            // Without a mapping entry the tag is the schema's name.
            let key = reference.rsplit('/').next().unwrap_or(reference);
            tags.push((key.replace("~1", "/").replace("~0", "~"), index));
        }
        let discriminator = Discriminator {
            property: property.to_owned(),
            tags,
        };
        self.notes
            .discriminators
            .insert(out.to_owned(), discriminator);
        Ok(())
    }
}
