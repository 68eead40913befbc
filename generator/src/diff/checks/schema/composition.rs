//! `oneOf`, `anyOf` and `allOf` members, and the discriminator.
//!
//! Members are matched by what they are, not by their names in any
//! generated code: first by component name, then by the discriminator tag
//! that selects them, then inline members by what they say (the same type,
//! title, format, enum values and property names), then by title alone,
//! then, when as many members that may have been renamed are left on each
//! side, by position (a renamed component is the same member; one that
//! both versions have was swapped, not renamed).
//! Matched members are compared like any schema.

use super::{Pair, Place, Use, Walk};
use crate::diff::rules::SchemaChange;
use crate::diff::Differ;
use crate::front::{Api, Schema, SchemaId};

/// What a member is called in messages: its component name, else `#n`.
fn member_name(api: &Api, id: SchemaId, index: usize) -> String {
    api.schemas
        .get(id)
        .component
        .clone()
        .unwrap_or_else(|| format!("#{index}"))
}

/// The tag that selects `member` in `owner`'s discriminator.
fn tag_of(owner: &Schema, member: SchemaId) -> Option<&str> {
    let discriminator = owner.discriminator.as_ref()?;
    discriminator
        .mapping
        .iter()
        .find(|(_, id)| *id == member)
        .map(|(tag, _)| tag.as_str())
}

/// A schema that says nothing about which values are valid: only a
/// title, description, example, `deprecated`, read/write direction or
/// `x-` keys.
fn annotates_only(schema: &Schema) -> bool {
    let bare = Schema {
        source: schema.source.clone(),
        component: schema.component.clone(),
        title: schema.title.clone(),
        description: schema.description.clone(),
        example: schema.example.clone(),
        deprecated: schema.deprecated,
        read_only: schema.read_only,
        write_only: schema.write_only,
        extensions: schema.extensions.clone(),
        default: schema.default.clone(),
        ..Schema::default()
    };
    *schema == bare
}

/// Pairs of (old index, new index), and the unmatched indexes of each side.
type Matching = (Vec<(usize, usize)>, Vec<usize>, Vec<usize>);

/// What an inline member says about itself, to find it again.
fn signature(schema: &Schema) -> impl PartialEq + '_ {
    (
        schema.schema_type,
        &schema.title,
        &schema.format,
        &schema.enumeration,
        schema
            .properties
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>(),
    )
}

fn match_members(
    old_api: &Api,
    new_api: &Api,
    pair: &Pair,
    old: &[SchemaId],
    new: &[SchemaId],
) -> Matching {
    let mut pairs = Vec::new();
    let mut new_free: Vec<bool> = vec![true; new.len()];
    let mut old_left: Vec<usize> = (0..old.len()).collect();
    let same_identity = |i: usize, j: usize| {
        let (o, n) = (old_api.schemas.get(old[i]), new_api.schemas.get(new[j]));
        let tag = tag_of(pair.old, old[i]);
        (o.component.is_some() && o.component == n.component)
            || (tag.is_some() && tag == tag_of(pair.new, new[j]))
    };
    let inline_pair = |i: usize, j: usize| {
        let (o, n) = (old_api.schemas.get(old[i]), new_api.schemas.get(new[j]));
        o.component.is_none() && n.component.is_none()
    };
    let same_content = |i: usize, j: usize| {
        inline_pair(i, j)
            && signature(old_api.schemas.get(old[i])) == signature(new_api.schemas.get(new[j]))
    };
    let same_title = |i: usize, j: usize| {
        let title = &old_api.schemas.get(old[i]).title;
        inline_pair(i, j) && title.is_some() && *title == new_api.schemas.get(new[j]).title
    };
    let passes: [&dyn Fn(usize, usize) -> bool; 3] = [&same_identity, &same_content, &same_title];
    for matches in passes {
        old_left.retain(|&i| {
            let found = (0..new.len()).find(|&j| new_free[j] && matches(i, j));
            if let Some(j) = found {
                new_free[j] = false;
                pairs.push((i, j));
            }
            found.is_none()
        });
    }
    let mut new_left: Vec<usize> = (0..new.len()).filter(|&j| new_free[j]).collect();
    // By position, members that may have been renamed: inline ones, and
    // components the other version does not have (a component both have
    // is itself there, so its member was swapped, not renamed).
    let exists_in = |api: &Api, id: SchemaId, other: &Api| {
        let component = api.schemas.get(id).component.as_deref();
        component.is_some_and(|name| other.components.iter().any(|(n, _)| n == name))
    };
    let old_renamable: Vec<usize> = old_left
        .iter()
        .copied()
        .filter(|&i| !exists_in(old_api, old[i], new_api))
        .collect();
    let new_renamable: Vec<usize> = new_left
        .iter()
        .copied()
        .filter(|&j| !exists_in(new_api, new[j], old_api))
        .collect();
    if !old_renamable.is_empty() && old_renamable.len() == new_renamable.len() {
        old_left.retain(|i| !old_renamable.contains(i));
        new_left.retain(|j| !new_renamable.contains(j));
        pairs.extend(old_renamable.into_iter().zip(new_renamable));
    }
    pairs.sort_unstable();
    (pairs, old_left, new_left)
}

impl Differ<'_> {
    pub(super) fn compare_composition(&mut self, place: &Place, pair: &Pair, walk: &mut Walk) {
        use SchemaChange::*;
        let groups = [
            (
                "oneOf",
                &pair.old.one_of,
                &pair.new.one_of,
                OneOfAdded,
                OneOfRemoved,
            ),
            (
                "anyOf",
                &pair.old.any_of,
                &pair.new.any_of,
                AnyOfAdded,
                AnyOfRemoved,
            ),
            (
                "allOf",
                &pair.old.all_of,
                &pair.new.all_of,
                AllOfAdded,
                AllOfRemoved,
            ),
        ];
        let (old_api, new_api) = (self.old.api, self.new.api);
        for (keyword, old, new, added, removed) in groups {
            if old.is_empty() && new.is_empty() {
                continue;
            }
            let (pairs, old_left, new_left) = match_members(old_api, new_api, pair, old, new);
            // An allOf member that only annotates changes nothing valid.
            let only_annotates =
                |api: &Api, id: SchemaId| keyword == "allOf" && annotates_only(api.schemas.get(id));
            for i in old_left {
                let name = member_name(old_api, old[i], i);
                let message = format!("{keyword} member {name} removed");
                let change = match only_annotates(old_api, old[i]) {
                    true => AllOfRemovedAnnotationOnly,
                    false => removed,
                };
                self.keyword_change(place, pair, (keyword, change), message, (Some(name), None));
            }
            for j in new_left {
                let name = member_name(new_api, new[j], j);
                let message = format!("{keyword} member {name} added");
                let change = match only_annotates(new_api, new[j]) {
                    true => AllOfAddedAnnotationOnly,
                    false => added,
                };
                self.keyword_change(place, pair, (keyword, change), message, (None, Some(name)));
            }
            for (i, j) in pairs {
                let old_at = format!("{}/{keyword}/{i}", pair.old.pointer());
                let new_at = format!("{}/{keyword}/{j}", pair.new.pointer());
                // allOf members merge into the schema itself: same path.
                let child = if keyword == "allOf" {
                    place.clone()
                } else {
                    place.child(&format!("<{j}>"))
                };
                self.compare(
                    &child,
                    Use {
                        id: old[i],
                        pointer: &old_at,
                    },
                    Use {
                        id: new[j],
                        pointer: &new_at,
                    },
                    walk,
                );
            }
        }
        self.compare_discriminator(place, pair);
    }

    fn compare_discriminator(&mut self, place: &Place, pair: &Pair) {
        use SchemaChange::*;
        let key = |change| ("discriminator", change);
        let (old, new) = match (&pair.old.discriminator, &pair.new.discriminator) {
            (None, None) => return,
            (None, Some(new)) => {
                let name = Some(new.property_name.clone());
                self.keyword_change(
                    place,
                    pair,
                    key(DiscriminatorAdded),
                    "discriminator added",
                    (None, name),
                );
                return;
            }
            (Some(old), None) => {
                let name = Some(old.property_name.clone());
                self.keyword_change(
                    place,
                    pair,
                    key(DiscriminatorRemoved),
                    "discriminator removed",
                    (name, None),
                );
                return;
            }
            (Some(old), Some(new)) => (old, new),
        };
        if old.property_name != new.property_name {
            let message = format!(
                "discriminator property {} → {}",
                old.property_name, new.property_name
            );
            let values = (
                Some(old.property_name.clone()),
                Some(new.property_name.clone()),
            );
            self.keyword_change(
                place,
                pair,
                key(DiscriminatorPropertyNameChanged),
                message,
                values,
            );
        }
        let (old_api, new_api) = (self.old.api, self.new.api);
        let target = |api: &Api, id: SchemaId| {
            let schema = api.schemas.get(id);
            schema
                .component
                .clone()
                .unwrap_or_else(|| schema.pointer().to_owned())
        };
        for (tag, id) in &old.mapping {
            match new.mapping.iter().find(|(t, _)| t == tag) {
                None => {
                    let message = format!("discriminator value {tag:?} removed");
                    self.keyword_change(
                        place,
                        pair,
                        key(DiscriminatorMappingDeleted),
                        message,
                        (Some(tag.clone()), None),
                    );
                }
                Some((_, new_id)) => {
                    let (before, after) = (target(old_api, *id), target(new_api, *new_id));
                    // A renamed component keeps its tag if it is the member
                    // at the same place; only a tag moved to another member counts.
                    let moved = before != after
                        && new_api.schemas.get(*new_id).component.is_some()
                        && old_api.schemas.get(*id).component.is_some()
                        && new
                            .mapping
                            .iter()
                            .any(|(_, i)| target(new_api, *i) == before);
                    if moved {
                        let message = format!(
                            "discriminator value {tag:?} now selects {after} (was {before})"
                        );
                        self.keyword_change(
                            place,
                            pair,
                            key(DiscriminatorMappingChanged),
                            message,
                            (Some(before), Some(after)),
                        );
                    }
                }
            }
        }
        for (tag, _) in &new.mapping {
            if !old.mapping.iter().any(|(t, _)| t == tag) {
                let message = format!("discriminator value {tag:?} added");
                self.keyword_change(
                    place,
                    pair,
                    key(DiscriminatorMappingAdded),
                    message,
                    (None, Some(tag.clone())),
                );
            }
        }
    }
}
