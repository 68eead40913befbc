//! `$ref`s to other files, resolved by bundling them into the root.
//!
//! Every later stage reads one [`Spec`](super::Spec) with one raw tree, so
//! the loader copies what other files hold into the root document and
//! rewrites each `$ref` to a local pointer:
//!
//! - a node of another file (`pet.yaml#/Pet`, or a whole `pet.yaml`) is
//!   copied once into `components/<kind>/<name>`, `<kind>` being what the
//!   `$ref` stands for where it sits (a schema, a parameter, ...);
//! - a component that is itself such a `$ref` (`components/schemas/Pet:
//!   {$ref: pet.yaml}`) is replaced by the node, keeping its name;
//! - a path item (under `paths`, or in a callback) is inlined in place:
//!   OpenAPI 3.0 has no component map for path items. Keys written beside
//!   its `$ref` are kept where the file does not give them;
//! - a discriminator's mapping value that names another file is rewritten
//!   to the same local pointer as the member's `$ref`, which the model
//!   matches them by.
//!
//! `$ref`s in a copied node are resolved against the file they were
//! written in, recursively; a node already copied, or inside a copy, is
//! pointed at, so loops across files stay loops of local references (which
//! `check.rs` then judges as it judges local ones).
//!
//! **Names.** A copy takes the last segment of its pointer (`Pet` for
//! `pet.yaml#/components/schemas/Pet`), or the file's name without its
//! extension for a whole file (`pet` for `schemas/pet.yaml`). When
//! `components/<kind>` already has that name, it takes the first free of
//! `<name>_2`, `<name>_3`, ... Copies are named in the order their `$ref`s
//! are met (components, then paths, each in document order; then what the
//! copies refer to, breadth first), so the same files give the same
//! document.
//!
//! Each copy is recorded with its file and pointer (`origin.rs`), so
//! errors and warnings about it name the file and line it was written at.

mod files;
mod sites;
mod source;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;

use serde_json::{Map, Value};

pub(crate) use files::is_url;
use files::{Files, Target, ROOT};
use sites::{Ctx, Kind, Site};
pub use source::{DiskFiles, FileSource, SourceRefusal};

use super::limits::BundleLimits;
use super::origin::Origins;
use super::{escape_segment, node_at, SourceMap};
use crate::error::{SpecError, SpecErrorKind};

/// What bundling made: where each copy came from, and for each copy made
/// under `components`, in the order they were made, its pointer and the
/// pointer of the `$ref` that brought it in.
pub(super) struct Bundled {
    pub origins: Origins,
    pub anchors: Vec<(String, String)>,
}

/// Resolves the `$ref`s of `raw` (read from `root_file`, `root_bytes`
/// long) that name other files, reading them from `source`.
pub(super) fn bundle(
    raw: &mut Value,
    root_file: &Path,
    root_map: &SourceMap,
    root_bytes: u64,
    source: &dyn FileSource,
    limits: BundleLimits,
) -> Result<Bundled, SpecError> {
    let mut bundler = Bundler {
        files: Files::new(root_file, root_map, root_bytes, source, limits),
        limit: limits.copied_values,
        origins: Origins::default(),
        copies: HashMap::new(),
        inlined: HashSet::new(),
        inlined_refs: HashMap::new(),
        copied_values: 0,
        anchors: Vec::new(),
        queue: VecDeque::from([Job {
            at: String::new(),
            ctx: Ctx::Document,
            file: ROOT,
            pointer: String::new(),
        }]),
    };
    while let Some(job) = bundler.queue.pop_front() {
        bundler.run(raw, &job)?;
    }
    Ok(Bundled {
        origins: bundler.origins,
        anchors: bundler.anchors,
    })
}

/// A subtree of the bundled tree whose `$ref`s are still to resolve.
struct Job {
    /// Its pointer in the bundled tree.
    at: String,
    ctx: Ctx,
    /// The file it was written in, and its pointer there.
    file: usize,
    pointer: String,
}

struct Bundler<'a> {
    files: Files<'a>,
    origins: Origins,
    /// Each node copied → the pointer of its copy.
    copies: HashMap<Target, String>,
    /// Path items inlined: (where, what), so a path item that names
    /// itself is an error, not an endless walk.
    inlined: HashSet<(String, Target)>,
    /// The `$ref`s inlined at each place, in order, for that error.
    inlined_refs: HashMap<String, Vec<String>>,
    copied_values: usize,
    /// The most values that may be copied.
    limit: usize,
    anchors: Vec<(String, String)>,
    queue: VecDeque<Job>,
}

impl Bundler<'_> {
    fn run(&mut self, raw: &mut Value, job: &Job) -> Result<(), SpecError> {
        let Some(node) = node_at(raw, &job.at) else {
            return Ok(());
        };
        for site in sites::collect(node, job.ctx, job.file == ROOT) {
            self.settle(raw, job, &site)?;
        }
        Ok(())
    }

    /// Resolves the `$ref` at `site` of `job`.
    fn settle(&mut self, raw: &mut Value, job: &Job, site: &Site) -> Result<(), SpecError> {
        let local = format!("{}{}", job.at, site.pointer);
        // Where the reference is written in its own file, for errors.
        let written_at = if site.mapping_value {
            format!("{}{}", job.pointer, site.pointer)
        } else {
            format!("{}{}/$ref", job.pointer, site.pointer)
        };
        let target = self.files.resolve(job.file, &written_at, &site.reference)?;
        if target.file == ROOT {
            set_reference(raw, &local, site, format!("#{}", target.fragment));
            return Ok(());
        }
        if site.kind == Kind::PathItem {
            return self.inline_path_item(raw, local, target, job, &written_at, site);
        }
        if let Some(copy) = self.copy_of(&target) {
            set_reference(raw, &local, site, format!("#{copy}"));
            return Ok(());
        }
        if site.component {
            return self.place(raw, local, target, site, job, &written_at);
        }
        let copy = self.new_component(raw, site.kind, &target, job, &written_at)?;
        self.place(raw, copy.clone(), target, site, job, &written_at)?;
        set_reference(raw, &local, site, format!("#{copy}"));
        self.anchors.push((copy, local));
        Ok(())
    }

    /// The pointer of `target`'s copy, or of the copy it lies in.
    fn copy_of(&self, target: &Target) -> Option<String> {
        let mut prefix = target.fragment.as_str();
        loop {
            let key = Target {
                file: target.file,
                fragment: prefix.to_owned(),
            };
            if let Some(copy) = self.copies.get(&key) {
                return Some(format!("{copy}{}", &target.fragment[prefix.len()..]));
            }
            if prefix.is_empty() {
                return None;
            }
            prefix = &prefix[..prefix.rfind('/').unwrap_or(0)];
        }
    }

    /// Copies `target` to `at`, and queues the copy's own `$ref`s.
    fn place(
        &mut self,
        raw: &mut Value,
        at: String,
        target: Target,
        site: &Site,
        job: &Job,
        written_at: &str,
    ) -> Result<(), SpecError> {
        let node = self.copy(&target, site, job, written_at)?;
        if let Some(slot) = raw.pointer_mut(&at) {
            *slot = node;
        }
        self.record(at.clone(), &target, Ctx::Object(site.kind));
        self.copies.insert(target, at);
        Ok(())
    }

    fn inline_path_item(
        &mut self,
        raw: &mut Value,
        at: String,
        target: Target,
        job: &Job,
        written_at: &str,
        site: &Site,
    ) -> Result<(), SpecError> {
        let chain = self.inlined_refs.entry(at.clone()).or_default();
        chain.push(site.reference.clone());
        if !self.inlined.insert((at.clone(), target.clone())) {
            let chain = chain.join(" → ");
            let kind = SpecErrorKind::CyclicRef { chain };
            return Err(self.files.error(job.file, written_at, kind));
        }
        let mut node = self.copy(&target, site, job, written_at)?;
        if let Some(slot) = raw.pointer_mut(&at) {
            if let (Value::Object(written), Value::Object(item)) = (&*slot, &mut node) {
                for (key, value) in written {
                    if key != "$ref" && !item.contains_key(key) {
                        item.insert(key.clone(), value.clone());
                    }
                }
            }
            *slot = node;
        }
        self.record(at, &target, Ctx::Object(Kind::PathItem));
        Ok(())
    }

    /// A copy of `target`, counted against the limit on copied values.
    fn copy(
        &mut self,
        target: &Target,
        site: &Site,
        job: &Job,
        written_at: &str,
    ) -> Result<Value, SpecError> {
        let node = self.files.node(target).cloned().unwrap_or(Value::Null);
        self.copied_values += count_values(&node);
        if self.copied_values > self.limit {
            let kind = SpecErrorKind::TooMuchCopied {
                reference: site.reference.clone(),
                limit: self.limit,
            };
            return Err(self.files.error(job.file, written_at, kind));
        }
        Ok(node)
    }

    /// Notes where the subtree at `at` came from, and queues its `$ref`s.
    fn record(&mut self, at: String, target: &Target, ctx: Ctx) {
        self.origins.insert(at.clone(), self.files.origin(target));
        self.queue.push_back(Job {
            at,
            ctx,
            file: target.file,
            pointer: target.fragment.clone(),
        });
    }

    /// Reserves a free name in `components/<kind>` for `target`; its
    /// pointer.
    fn new_component(
        &mut self,
        raw: &mut Value,
        kind: Kind,
        target: &Target,
        job: &Job,
        written_at: &str,
    ) -> Result<String, SpecError> {
        let Some(key) = kind.components_key() else {
            return Err(self.files.error(
                job.file,
                written_at,
                SpecErrorKind::Shape("a path item cannot be a component".into()),
            ));
        };
        let not_a_map = |files: &Files<'_>, at: &str| {
            let kind = SpecErrorKind::Shape(format!(
                "expected a mapping at #{at}, to hold what other files' $refs name"
            ));
            files.error(job.file, written_at, kind)
        };
        let Some(root) = raw.as_object_mut() else {
            return Err(not_a_map(&self.files, ""));
        };
        let components =
            map_at(root, "components").ok_or_else(|| not_a_map(&self.files, "/components"))?;
        let entries = map_at(components, key)
            .ok_or_else(|| not_a_map(&self.files, &format!("/components/{key}")))?;
        let own = self.own_name(target);
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    own.clone()
                } else {
                    format!("{own}_{n}")
                }
            })
            .find(|name| !entries.contains_key(name))
            .unwrap_or(own);
        let at = format!("/components/{key}/{}", escape_segment(&name));
        entries.insert(name, Value::Null);
        Ok(at)
    }

    /// The last segment of `target`'s pointer, or its file's stem.
    fn own_name(&self, target: &Target) -> String {
        let last = target.fragment.rsplit('/').next().unwrap_or_default();
        if !last.is_empty() {
            return last.replace("~1", "/").replace("~0", "~");
        }
        let relative = self.files.origin(target).relative;
        relative
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "external".to_owned())
    }
}

/// The map at `key` of `parent`, made if absent or `null`; `None` when
/// something else is there.
fn map_at<'m>(parent: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Map<String, Value>> {
    let slot = parent
        .entry(key.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// Rewrites the reference of `site`, at `at`: the object's `$ref`, or the
/// mapping value itself.
fn set_reference(raw: &mut Value, at: &str, site: &Site, reference: String) {
    let slot = if site.mapping_value {
        raw.pointer_mut(at)
    } else {
        raw.pointer_mut(&format!("{at}/$ref"))
    };
    if let Some(slot) = slot {
        *slot = Value::String(reference);
    }
}

/// How many JSON values `node` holds, itself included.
fn count_values(node: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests;
