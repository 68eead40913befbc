//! Whether the failure of a custom keyword sits inside a secret.
//!
//! `jsonschema` gives the errors of custom keywords (the `pattern` check of
//! `keywords.rs`) the keyword's place in the document as their evaluation
//! path: the `$ref`s that led there are lost, and with them a `$ref` that
//! its use marks secret. So the ways from the root to that place are
//! searched instead, along the payload's own path, and the value counts as
//! secret when any way to it passes a secret schema: masking too much is
//! the safe mistake.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

/// Whether the keyword at `keyword_location` (a pointer into `schema`),
/// failing for the value at `instance` (a payload pointer), is reached
/// through a schema in `sensitive` on some way from the root.
pub(super) fn reached_through_secret(
    schema: &Value,
    sensitive: &BTreeSet<String>,
    keyword_location: &str,
    instance: &str,
) -> bool {
    let target = keyword_location
        .rsplit_once('/')
        .map_or("", |(parent, _)| parent);
    let path: Vec<&str> = instance.split('/').skip(1).collect();
    let mut search = Search {
        schema,
        sensitive,
        target,
        seen: HashMap::new(),
    };
    search.from(String::new(), &path) == Some(true)
}

struct Search<'a> {
    schema: &'a Value,
    sensitive: &'a BTreeSet<String>,
    target: &'a str,
    /// (schema pointer, payload segments left) → the answer from there;
    /// `None` while it is being worked out, so a loop ends.
    seen: HashMap<(String, usize), Option<bool>>,
}

impl Search<'_> {
    /// From the schema at `at`, with the payload segments `rest` still to
    /// walk: `None` when the target is not reached this way, else whether
    /// a way to it passes a secret.
    fn from(&mut self, at: String, rest: &[&str]) -> Option<bool> {
        let key = (at.clone(), rest.len());
        if let Some(known) = self.seen.get(&key) {
            return *known;
        }
        self.seen.insert(key.clone(), None);
        let found = self.ways(&at, rest);
        let answer = found.map(|secret| secret || self.sensitive.contains(&at));
        self.seen.insert(key, answer);
        answer
    }

    fn ways(&mut self, at: &str, rest: &[&str]) -> Option<bool> {
        let node = self.schema.pointer(at)?.as_object()?;
        let mut found = (rest.is_empty() && at == self.target).then_some(false);
        let mut next: Vec<(String, &[&str])> = Vec::new();
        if let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            next.push((target.to_owned(), rest));
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let count = node
                .get(keyword)
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            next.extend((0..count).map(|index| (format!("{at}/{keyword}/{index}"), rest)));
        }
        if let Some((segment, tail)) = rest.split_first() {
            let name = segment.replace("~1", "/").replace("~0", "~");
            let declared = node
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|properties| properties.contains_key(&name));
            if declared {
                next.push((format!("{at}/properties/{segment}"), tail));
            } else if node
                .get("additionalProperties")
                .is_some_and(Value::is_object)
            {
                next.push((format!("{at}/additionalProperties"), tail));
            }
            if node.get("items").is_some_and(Value::is_object) && segment.parse::<usize>().is_ok() {
                next.push((format!("{at}/items"), tail));
            }
        }
        for (pointer, rest) in next {
            found = match (found, self.from(pointer, rest)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), _) | (_, Some(false)) => Some(false),
                (None, None) => None,
            };
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::reached_through_secret;
    use serde_json::json;

    #[test]
    fn a_secret_ref_on_the_way_makes_the_value_secret_and_other_ways_do_not() {
        let schema = json!({
            "properties": {
                "plain": {"$ref": "#/$defs/Card"},
                "hidden": {"$ref": "#/$defs/Card"},
                "list": {"items": {"$ref": "#/$defs/Card"}}
            },
            "$defs": {"Card": {"properties": {"number": {"pattern": "^[0-9]+$"}}}}
        });
        let sensitive = ["/properties/hidden".to_owned()].into_iter().collect();
        let keyword = "/$defs/Card/properties/number/pattern";
        let secret = |instance| reached_through_secret(&schema, &sensitive, keyword, instance);
        assert!(secret("/hidden/number"));
        assert!(!secret("/plain/number"));
        assert!(!secret("/list/0/number"));
    }

    #[test]
    fn a_schema_that_refers_to_itself_ends() {
        let schema = json!({
            "$ref": "#/$defs/Tree",
            "$defs": {"Tree": {"allOf": [{"$ref": "#/$defs/Tree"}], "properties": {
                "name": {"pattern": "x"}, "child": {"$ref": "#/$defs/Tree"}
            }}}
        });
        let sensitive = ["/$defs/Tree/properties/child".to_owned()]
            .into_iter()
            .collect();
        let keyword = "/$defs/Tree/properties/name/pattern";
        assert!(!reached_through_secret(
            &schema, &sensitive, keyword, "/name"
        ));
        assert!(reached_through_secret(
            &schema,
            &sensitive,
            keyword,
            "/child/child/name"
        ));
    }
}
