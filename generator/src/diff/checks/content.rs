//! Two `content` maps, media type by media type: removed, added, renamed
//! (in what a client receives), and the schema of each pair.

use super::schema::Place;
use crate::diff::rules::{self, fixed, Fixed};
use crate::diff::{At, Differ};
use crate::front::Content;

/// The rules for a media type removed from, or added to, a content map,
/// and for a media type that gains or loses its schema.
pub(super) struct MediaRules {
    pub removed: Fixed,
    pub added: Fixed,
    pub schema_removed: Fixed,
    pub schema_added: Fixed,
    /// Where a media type may be replaced by a related one (what a client
    /// receives), the rules for the new name; `None` pairs names exactly.
    pub renamed: Option<RenameRules>,
}

/// A media type replaced by a related one, as oasdiff pairs them: the
/// same type and subtype (`application/json` → `application/json;
/// charset=utf-8`), or a structured suffix naming the old subtype
/// (`application/json` → `application/problem+json`).
pub(super) struct RenameRules {
    /// Only the parameters differ.
    pub changed: Fixed,
    /// The new name is more general: clients may receive what they do not parse.
    pub generalized: Fixed,
    /// The new name is more specific: what clients receive still fits.
    pub specialized: Fixed,
}

/// What a server (or a callback) sends.
pub(super) const RESPONSE_MEDIA: MediaRules = MediaRules {
    removed: rules::RESPONSE_MEDIA_TYPE_REMOVED,
    added: rules::RESPONSE_MEDIA_TYPE_ADDED,
    schema_removed: rules::RESPONSE_BODY_MEDIA_TYPE_SCHEMA_REMOVED,
    schema_added: rules::RESPONSE_BODY_MEDIA_TYPE_SCHEMA_ADDED,
    renamed: Some(RenameRules {
        changed: rules::RESPONSE_MEDIA_TYPE_NAME_CHANGED,
        generalized: rules::RESPONSE_MEDIA_TYPE_NAME_GENERALIZED,
        specialized: rules::RESPONSE_MEDIA_TYPE_NAME_SPECIALIZED,
    }),
};

/// Old and new entries that are one media type: exact names first, then,
/// where `media.renamed` allows, related names among those left. Each
/// entry is used once.
fn pairs(old: &[Content], new: &[Content], media: &MediaRules) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, oc) in old.iter().enumerate() {
        if let Some(j) = new.iter().position(|n| n.media_type == oc.media_type) {
            pairs.push((i, j));
        }
    }
    if media.renamed.is_some() {
        for (j, nc) in new.iter().enumerate() {
            if pairs.iter().any(|&(_, pj)| pj == j) {
                continue;
            }
            let related = old.iter().enumerate().find(|(i, oc)| {
                !pairs.iter().any(|(pi, _)| pi == i)
                    && (oc.media_type.contains(&nc.media_type)
                        || nc.media_type.contains(&oc.media_type))
            });
            if let Some((i, _)) = related {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// Compares two `content` maps: media types removed, added and renamed,
/// and the schema of each pair. `place` makes the schema's place from a
/// suffix (empty when each side has exactly one media type).
pub(super) fn diff_content(
    d: &mut Differ<'_>,
    at: &At,
    (old, new): (&[Content], &[Content]),
    media: MediaRules,
    place: impl Fn(&str) -> Place,
) {
    let pairs = pairs(old, new, &media);
    for (i, content) in old.iter().enumerate() {
        if pairs.iter().any(|&(pi, _)| pi == i) {
            continue;
        }
        let name = content.media_type.to_string();
        let message = format!("media type {name} removed");
        d.push(&fixed(media.removed), at, message, Some(name), None);
    }
    for (j, content) in new.iter().enumerate() {
        if pairs.iter().any(|&(_, pj)| pj == j) {
            continue;
        }
        let name = content.media_type.to_string();
        let message = format!("media type {name} added");
        d.push(&fixed(media.added), at, message, None, Some(name));
    }
    let single = old.len() == 1 && new.len() == 1;
    for &(i, j) in &pairs {
        let (oc, nc) = (&old[i], &new[j]);
        if let Some(renamed) = media
            .renamed
            .as_ref()
            .filter(|_| oc.media_type != nc.media_type)
        {
            report_rename(d, at, renamed, oc, nc);
        }
        let suffix = if single {
            String::new()
        } else {
            format!(" ({})", nc.media_type)
        };
        compare_media_schemas(d, at, &media, (oc, nc), &place(&suffix));
    }
}

fn report_rename(d: &mut Differ<'_>, at: &At, rules: &RenameRules, old: &Content, new: &Content) {
    let (from, to) = (&old.media_type, &new.media_type);
    let rule = if from.essence == to.essence || from.parameters != to.parameters {
        rules.changed
    } else if from.contains(to) {
        rules.specialized
    } else {
        rules.generalized
    };
    let message = format!("media type {from} → {to}");
    d.push(
        &fixed(rule),
        at,
        message,
        Some(from.to_string()),
        Some(to.to_string()),
    );
}

/// The schemas of one media type, old against new.
fn compare_media_schemas(
    d: &mut Differ<'_>,
    at: &At,
    media: &MediaRules,
    (oc, nc): (&Content, &Content),
    place: &Place,
) {
    let name = nc.media_type.to_string();
    let (o, n) = match (oc.schema, nc.schema) {
        (Some(o), Some(n)) => (o, n),
        (None, Some(_)) => {
            let message = format!("media type {name}: schema added");
            d.push(&fixed(media.schema_added), at, message, None, None);
            return;
        }
        (Some(_), None) => {
            let message = format!("media type {name}: schema removed");
            d.push(&fixed(media.schema_removed), at, message, None, None);
            return;
        }
        (None, None) => return,
    };
    d.compare_held_schemas(place, (o, &oc.source.pointer), (n, &nc.source.pointer));
}
