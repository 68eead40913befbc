use std::path::Path;

use serde_json::{json, Value};

use crate::error::{SpecError, SpecErrorKind};
use crate::load::limits::BundleLimits;
use crate::load::{load, load_str, Spec};

/// A directory holding `files` (path, text); the root spec is `api.yaml`.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
        std::fs::write(path, text).expect("a file");
    }
    dir
}

fn load_tree(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<Spec, SpecError>) {
    let dir = tree(files);
    let spec = load(&dir.path().join("api.yaml"));
    (dir, spec)
}

fn loaded(files: &[(&str, &str)]) -> Spec {
    let (_dir, spec) = load_tree(files);
    spec.unwrap_or_else(|e| panic!("loads: {e}"))
}

fn refused(files: &[(&str, &str)]) -> (String, SpecError) {
    let (dir, spec) = load_tree(files);
    let error = spec.expect_err("is refused");
    let text = error
        .to_string()
        .replace(&dir.path().display().to_string(), "DIR");
    (text, error)
}

/// A root spec with one operation whose 200 response has `schema`.
fn root_with_schema(schema: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                {schema}\n"
    )
}

const SCHEMA_AT: &str = "/paths/~1pets/get/responses/200/content/application~1json/schema";

fn node<'a>(spec: &'a Spec, pointer: &str) -> &'a Value {
    spec.node(pointer)
        .unwrap_or_else(|| panic!("{pointer} is in the bundled document"))
}

#[test]
fn a_whole_file_is_copied_into_components_under_its_stem() {
    let spec = loaded(&[
        ("api.yaml", &root_with_schema("$ref: './schemas/pet.yaml'")),
        (
            "schemas/pet.yaml",
            "type: object\nproperties:\n  id:\n    type: integer\n",
        ),
    ]);
    assert_eq!(
        node(&spec, SCHEMA_AT),
        &json!({"$ref": "#/components/schemas/pet"})
    );
    assert_eq!(
        node(&spec, "/components/schemas/pet"),
        &json!({"type": "object", "properties": {"id": {"type": "integer"}}})
    );
    assert_eq!(spec.referenced_files(), vec![Path::new("schemas/pet.yaml")]);
    // In the root's own map, the copy stands where the `$ref` that brought
    // it in is; `locate` finds its own file and line.
    let inside = "/components/schemas/pet/properties/id";
    assert_eq!(spec.source_map.position(inside).map(|p| p.line), Some(14));
    let location = spec.locate(inside);
    assert!(location.file.ends_with("schemas/pet.yaml"));
    assert_eq!(location.pointer, "/properties/id");
    assert_eq!(location.position.map(|p| p.line), Some(3));
}

#[test]
fn refs_inside_a_copy_resolve_against_the_file_they_were_written_in() {
    // `b.yaml` beside `a.yaml` in `schemas/`, and `#/Local` in `a.yaml`'s
    // own tree, not the root's.
    let spec = loaded(&[
        ("api.yaml", &root_with_schema("$ref: 'schemas/a.yaml#/A'")),
        (
            "schemas/a.yaml",
            "A:\n  properties:\n    b:\n      $ref: './b.yaml'\n    local:\n      $ref: '#/Local'\nLocal:\n  type: string\n",
        ),
        ("schemas/b.yaml", "type: integer\n"),
    ]);
    assert_eq!(
        node(&spec, "/components/schemas/A/properties"),
        &json!({"b": {"$ref": "#/components/schemas/b"}, "local": {"$ref": "#/components/schemas/Local"}})
    );
    assert_eq!(
        node(&spec, "/components/schemas/b"),
        &json!({"type": "integer"})
    );
    assert_eq!(
        node(&spec, "/components/schemas/Local"),
        &json!({"type": "string"})
    );
}

#[test]
fn a_loop_across_files_stays_a_loop_of_local_refs_each_copied_once() {
    let spec = loaded(&[
        ("api.yaml", &root_with_schema("$ref: 'a.yaml#/A'")),
        ("a.yaml", "A:\n  properties:\n    b:\n      $ref: 'b.yaml#/B'\n"),
        (
            "b.yaml",
            "B:\n  properties:\n    a:\n      $ref: 'a.yaml#/A'\n    again:\n      $ref: 'a.yaml#/A'\n",
        ),
    ]);
    let schemas = node(&spec, "/components/schemas")
        .as_object()
        .expect("a map");
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(
        node(&spec, "/components/schemas/B/properties"),
        &json!({"a": {"$ref": "#/components/schemas/A"}, "again": {"$ref": "#/components/schemas/A"}})
    );
    assert_eq!(
        node(&spec, "/components/schemas/A/properties/b"),
        &json!({"$ref": "#/components/schemas/B"})
    );
}

#[test]
fn a_name_already_taken_gets_the_first_free_numbered_suffix() {
    let mut root = root_with_schema("$ref: 'one.yaml#/Pet'");
    root.push_str("    post:\n      operationId: addPet\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: 'two.yaml#/Pet'\n      responses:\n        '204':\n          description: ok\ncomponents:\n  schemas:\n    Pet:\n      type: boolean\n");
    let files = [
        ("api.yaml", root.as_str()),
        ("one.yaml", "Pet:\n  type: string\n"),
        ("two.yaml", "Pet:\n  type: integer\n"),
    ];
    let spec = loaded(&files);
    assert_eq!(
        node(&spec, "/components/schemas/Pet"),
        &json!({"type": "boolean"})
    );
    assert_eq!(
        node(&spec, "/components/schemas/Pet_2"),
        &json!({"type": "string"})
    );
    assert_eq!(
        node(&spec, "/components/schemas/Pet_3"),
        &json!({"type": "integer"})
    );
    assert_eq!(
        node(
            &spec,
            "/paths/~1pets/post/requestBody/content/application~1json/schema"
        ),
        &json!({"$ref": "#/components/schemas/Pet_3"})
    );
    // The same files give the same document, key order included.
    let again = loaded(&files);
    assert_eq!(
        serde_json::to_string(&spec.raw).ok(),
        serde_json::to_string(&again.raw).ok()
    );
}

#[test]
fn a_component_that_is_a_ref_to_another_file_keeps_its_name() {
    let mut root = root_with_schema("$ref: '#/components/schemas/Pet'");
    root.push_str("components:\n  schemas:\n    Pet:\n      $ref: 'pet.yaml'\n  parameters:\n    Limit:\n      $ref: 'params.yaml#/limit'\n");
    let spec = loaded(&[
        ("api.yaml", &root),
        ("pet.yaml", "type: string\n"),
        (
            "params.yaml",
            "limit:\n  name: limit\n  in: query\n  schema:\n    type: integer\n",
        ),
    ]);
    assert_eq!(
        node(&spec, "/components/schemas/Pet"),
        &json!({"type": "string"})
    );
    assert_eq!(
        node(&spec, "/components/parameters/Limit/name"),
        &json!("limit")
    );
    assert_eq!(
        node(&spec, "/components/schemas")
            .as_object()
            .map(|m| m.len()),
        Some(1)
    );
}

#[test]
fn each_ref_is_copied_under_the_components_map_of_its_kind() {
    let root = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: a\n      parameters:\n        - $ref: 'parts.yaml#/param'\n      requestBody:\n        $ref: 'parts.yaml#/body'\n      responses:\n        '200':\n          $ref: 'parts.yaml#/ok'\n";
    let parts = "param:\n  name: q\n  in: query\n  schema:\n    type: string\nbody:\n  content:\n    application/json:\n      schema:\n        type: string\nok:\n  description: ok\n  headers:\n    X-Rate:\n      $ref: '#/rate'\nrate:\n  schema:\n    type: integer\n";
    let spec = loaded(&[("api.yaml", root), ("parts.yaml", parts)]);
    for pointer in [
        "/components/parameters/param",
        "/components/requestBodies/body",
        "/components/responses/ok",
        "/components/headers/rate",
    ] {
        node(&spec, pointer);
    }
    assert_eq!(
        node(&spec, "/components/responses/ok/headers/X-Rate"),
        &json!({"$ref": "#/components/headers/rate"})
    );
}

#[test]
fn a_path_item_in_another_file_is_inlined_with_its_refs_resolved_from_there() {
    let root = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /pets:\n    $ref: 'paths/pets.yaml'\n    summary: Pets\n";
    let item = "get:\n  operationId: listPets\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: '../schemas/pet.yaml'\n";
    let spec = loaded(&[
        ("api.yaml", root),
        ("paths/pets.yaml", item),
        ("schemas/pet.yaml", "type: string\n"),
    ]);
    assert_eq!(node(&spec, "/paths/~1pets/summary"), &json!("Pets"));
    assert_eq!(
        node(&spec, SCHEMA_AT),
        &json!({"$ref": "#/components/schemas/pet"})
    );
    assert!(spec.operations_by_id.contains_key("listPets"));
}

#[test]
fn refs_in_examples_and_extensions_are_data_and_never_read() {
    let root = root_with_schema("$ref: 'pet.yaml'");
    let pet = "type: object\nexample:\n  $ref: 'missing.yaml'\nx-source:\n  $ref: 'https://example.com/x.yaml'\nproperties:\n  id:\n    type: string\n    default:\n      $ref: '/etc/passwd'\n";
    let spec = loaded(&[("api.yaml", &root), ("pet.yaml", pet)]);
    assert_eq!(
        node(&spec, "/components/schemas/pet/example"),
        &json!({"$ref": "missing.yaml"})
    );
    assert_eq!(
        node(&spec, "/components/schemas/pet/x-source"),
        &json!({"$ref": "https://example.com/x.yaml"})
    );
    assert_eq!(spec.referenced_files(), vec![Path::new("pet.yaml")]);
}

#[test]
fn a_url_ref_is_refused_at_its_line_and_pointer() {
    let (message, error) = refused(&[(
        "api.yaml",
        &root_with_schema("$ref: 'https://example.com/pet.yaml'"),
    )]);
    assert!(
        matches!(*error.kind, SpecErrorKind::UrlRef { .. }),
        "{message}"
    );
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((15, 17)));
    assert!(
        message.starts_with(
            "DIR/api.yaml:15:17: $ref `https://example.com/pet.yaml` is a URL; no URL is fetched"
        ),
        "{message}"
    );
    assert!(
        message.ends_with(&format!("(at #{SCHEMA_AT}/$ref)")),
        "{message}"
    );
    let (_, file_url) = refused(&[("api.yaml", &root_with_schema("$ref: 'file:///etc/passwd'"))]);
    assert!(matches!(*file_url.kind, SpecErrorKind::UrlRef { .. }));
}

#[test]
fn a_url_ref_in_a_spec_read_from_text_is_refused_as_a_url() {
    let error = load_str(
        Path::new("t.yaml"),
        &root_with_schema("$ref: 'http://x/a.yaml'"),
    )
    .expect_err("is refused");
    assert!(matches!(*error.kind, SpecErrorKind::UrlRef { .. }));
    let error =
        load_str(Path::new("t.yaml"), &root_with_schema("$ref: 'a.yaml'")).expect_err("is refused");
    assert!(matches!(*error.kind, SpecErrorKind::ExternalRef { .. }));
}

#[test]
fn an_absolute_path_is_refused() {
    let (message, error) = refused(&[("api.yaml", &root_with_schema("$ref: '/etc/hostname'"))]);
    assert!(
        matches!(*error.kind, SpecErrorKind::AbsoluteRefPath { .. }),
        "{message}"
    );
    assert!(
        message.contains("expected a path relative to the file it is written in"),
        "{message}"
    );
    assert_eq!(error.position.map(|p| p.line), Some(15));
}

#[test]
fn a_path_climbing_out_of_the_root_directory_is_refused_even_from_a_subdirectory() {
    let dir = tree(&[
        ("spec/api.yaml", &root_with_schema("$ref: 'schemas/a.yaml'")),
        (
            "spec/schemas/a.yaml",
            "properties:\n  b:\n    $ref: '../../outside.yaml'\n",
        ),
        ("outside.yaml", "type: string\n"),
    ]);
    let error = load(&dir.path().join("spec/api.yaml")).expect_err("is refused");
    assert!(
        matches!(*error.kind, SpecErrorKind::RefLeavesRoot { .. }),
        "{error}"
    );
    // Named in the file that holds the `$ref`, at its line.
    assert_eq!(error.file, dir.path().join("spec/schemas/a.yaml"));
    assert_eq!(error.pointer, "/properties/b/$ref");
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((3, 5)));
    assert!(error
        .to_string()
        .contains("climbs out of the root spec's directory"));
    // One level up from a subdirectory stays inside, and is read.
    let dir = tree(&[
        ("spec/api.yaml", &root_with_schema("$ref: 'schemas/a.yaml'")),
        (
            "spec/schemas/a.yaml",
            "properties:\n  b:\n    $ref: '../b.yaml'\n",
        ),
        ("spec/b.yaml", "type: string\n"),
    ]);
    assert!(load(&dir.path().join("spec/api.yaml")).is_ok());
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_out_of_the_root_directory_is_refused() {
    let dir = tree(&[
        ("spec/api.yaml", &root_with_schema("$ref: 'pet.yaml'")),
        ("secret.yaml", "type: string\n"),
    ]);
    std::os::unix::fs::symlink(
        dir.path().join("secret.yaml"),
        dir.path().join("spec/pet.yaml"),
    )
    .expect("a symlink");
    let error = load(&dir.path().join("spec/api.yaml")).expect_err("is refused");
    assert!(
        matches!(*error.kind, SpecErrorKind::RefLinkLeavesRoot { .. }),
        "{error}"
    );
    assert!(error
        .to_string()
        .contains("through a symbolic link, outside the root spec's directory"));
    assert!(
        !error.to_string().contains("secret"),
        "the target is not shown: {error}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_directory_is_not_read() {
    let dir = tree(&[("api.yaml", &root_with_schema("$ref: 'pipe.yaml'"))]);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let error = load(&dir.path().join("api.yaml")).expect_err("is refused");
    assert!(
        matches!(*error.kind, SpecErrorKind::RefUnreadable { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("not a regular file"), "{error}");
    let (message, _) = refused(&[
        ("api.yaml", &root_with_schema("$ref: 'schemas'")),
        ("schemas/a.yaml", "type: string\n"),
    ]);
    assert!(message.contains("not a regular file"), "{message}");
}

#[test]
fn a_missing_file_or_node_is_refused_where_the_ref_is_written() {
    let (message, error) = refused(&[("api.yaml", &root_with_schema("$ref: 'nope.yaml'"))]);
    assert!(
        matches!(*error.kind, SpecErrorKind::RefUnreadable { .. }),
        "{message}"
    );
    assert!(
        message.starts_with("DIR/api.yaml:15:17: cannot read the file $ref `nope.yaml` names"),
        "{message}"
    );
    let (message, error) = refused(&[
        ("api.yaml", &root_with_schema("$ref: 'pet.yaml#/Nope'")),
        ("pet.yaml", "Pet:\n  type: string\n"),
    ]);
    assert!(
        matches!(*error.kind, SpecErrorKind::DanglingFileRef { .. }),
        "{message}"
    );
    assert!(
        message.starts_with(
            "DIR/api.yaml:15:17: $ref `pet.yaml#/Nope` names a node its file does not have"
        ),
        "{message}"
    );
    // A dangling local `$ref` in the other file is that file's error.
    let (message, _) = refused(&[
        ("api.yaml", &root_with_schema("$ref: 'pet.yaml#/Pet'")),
        ("pet.yaml", "Pet:\n  items:\n    $ref: '#/Gone'\n"),
    ]);
    assert!(
        message.starts_with("DIR/pet.yaml:3:5: $ref `#/Gone` names a node"),
        "{message}"
    );
}

#[test]
fn errors_in_a_referenced_file_name_that_file_and_its_line() {
    let (message, error) = refused(&[
        ("api.yaml", &root_with_schema("$ref: 'pet.yaml'")),
        ("pet.yaml", "type: object\nproperties: [unclosed\n"),
    ]);
    assert!(matches!(*error.kind, SpecErrorKind::Syntax(_)), "{message}");
    assert!(message.starts_with("DIR/pet.yaml:"), "{message}");
    let (message, error) = refused(&[
        ("api.yaml", &root_with_schema("$ref: 'pet.yaml'")),
        ("pet.yaml", "type: object\ntype: string\n"),
    ]);
    assert!(
        matches!(*error.kind, SpecErrorKind::DuplicateKey { .. }),
        "{message}"
    );
    assert!(message.starts_with("DIR/pet.yaml:2:1:"), "{message}");
    // A shape error in a copy: its own file, line and pointer.
    let (message, error) = refused(&[
        ("api.yaml", &root_with_schema("$ref: 'pet.yaml'")),
        (
            "pet.yaml",
            "type: object\nproperties:\n  id:\n    maxLength: many\n",
        ),
    ]);
    assert!(matches!(*error.kind, SpecErrorKind::Shape(_)), "{message}");
    assert!(message.starts_with("DIR/pet.yaml:3:3:"), "{message}");
    assert!(message.ends_with("(at #/properties/id)"), "{message}");
}

#[test]
fn warnings_about_a_referenced_file_name_that_file() {
    let root = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          $ref: 'responses.yaml#/ok'\n";
    let spec = loaded(&[
        ("api.yaml", root),
        ("responses.yaml", "ok:\n  content: {}\n"),
    ]);
    let warning = spec
        .warnings
        .first()
        .expect("a missing description is a warning");
    assert!(warning.file.ends_with("responses.yaml"), "{warning}");
    assert_eq!(warning.pointer, "/ok");
    assert_eq!(warning.position.map(|p| p.line), Some(1));
}

#[test]
fn a_loop_of_refs_across_files_is_refused_in_the_file_that_closes_it() {
    let (message, error) = refused(&[
        ("api.yaml", &root_with_schema("$ref: 'a.yaml'")),
        ("a.yaml", "$ref: 'b.yaml'\n"),
        ("b.yaml", "$ref: 'a.yaml'\n"),
    ]);
    assert!(
        matches!(*error.kind, SpecErrorKind::CyclicRef { .. }),
        "{message}"
    );
    assert!(message.contains(".yaml:1:1:"), "{message}");
}

/// Bundles the tree's `api.yaml` within `limits`; the error as text.
fn bundled_within(files: &[(&str, &str)], limits: BundleLimits) -> Result<(), (String, SpecError)> {
    let dir = tree(files);
    let root = dir.path().join("api.yaml");
    let text = std::fs::read_to_string(&root).expect("the root");
    let (mut raw, map) = crate::load::parse_text(&root, &text).expect("parses");
    let source = crate::load::DiskFiles::new(&root);
    super::bundle(&mut raw, &root, &map, text.len() as u64, &source, limits)
        .map(drop)
        .map_err(|e| {
            let text = e
                .to_string()
                .replace(&dir.path().display().to_string(), "DIR");
            (text, e)
        })
}

/// A schema with one property per file `f/<n>.yaml`, and those files.
fn many_files(count: usize) -> Vec<(String, String)> {
    let mut schema = String::from("type: object\nproperties:\n");
    let mut files = Vec::new();
    for n in 0..count {
        schema.push_str(&format!("  p{n}:\n    $ref: 'f/{n}.yaml'\n"));
        files.push((format!("f/{n}.yaml"), "type: string\n".to_owned()));
    }
    files.push(("api.yaml".into(), root_with_schema("$ref: 'many.yaml'")));
    files.push(("many.yaml".into(), schema));
    files
}

fn borrowed(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect()
}

#[test]
fn more_files_than_the_limit_are_refused_at_the_ref_past_it() {
    let limits = BundleLimits {
        files: 3,
        ..BundleLimits::default()
    };
    // many.yaml and two more are three files: within the limit.
    assert!(bundled_within(&borrowed(&many_files(2)), limits).is_ok());
    let (message, error) = bundled_within(&borrowed(&many_files(3)), limits).expect_err("refused");
    assert!(
        matches!(*error.kind, SpecErrorKind::TooManyFiles { limit: 3, .. }),
        "{message}"
    );
    assert!(
        message.starts_with("DIR/many.yaml:8:5: $ref `f/2.yaml` would read more than 3 files"),
        "{message}"
    );
}

#[test]
fn more_bytes_than_the_limit_in_all_are_refused() {
    let files = many_files(2);
    let total: usize = files.iter().map(|(_, text)| text.len()).sum();
    let limits = |total_bytes| BundleLimits {
        total_bytes,
        ..BundleLimits::default()
    };
    assert!(bundled_within(&borrowed(&files), limits(total as u64)).is_ok());
    let (message, error) =
        bundled_within(&borrowed(&files), limits(total as u64 - 1)).expect_err("refused");
    assert!(
        matches!(*error.kind, SpecErrorKind::TooManyBytes { .. }),
        "{message}"
    );
    assert!(
        message.starts_with("DIR/many.yaml:6:5: $ref `f/1.yaml` would read more than"),
        "{message}"
    );
}

#[test]
fn copying_more_values_than_the_limit_is_refused() {
    // many.yaml is 1 + 1 + 1 + 2 × 2 values (the schema, `type`, the
    // `properties` map, two `{$ref}` objects with their string); each
    // f/n.yaml two more.
    let files = many_files(2);
    let limits = |copied_values| BundleLimits {
        copied_values,
        ..BundleLimits::default()
    };
    assert!(bundled_within(&borrowed(&files), limits(7 + 2 * 2)).is_ok());
    let (message, error) =
        bundled_within(&borrowed(&files), limits(7 + 2 * 2 - 1)).expect_err("refused");
    assert!(
        matches!(*error.kind, SpecErrorKind::TooMuchCopied { .. }),
        "{message}"
    );
    assert!(
        message.starts_with("DIR/many.yaml:6:5: $ref `f/1.yaml` would copy more than 10 values"),
        "{message}"
    );
}

/// Files held in memory; records every path it is asked for.
#[derive(Default)]
struct MemoryFiles {
    files: std::collections::BTreeMap<std::path::PathBuf, String>,
    asked: std::cell::RefCell<Vec<std::path::PathBuf>>,
}

impl crate::load::FileSource for MemoryFiles {
    fn identify(&self, relative: &Path) -> Result<std::path::PathBuf, crate::load::SourceRefusal> {
        self.asked.borrow_mut().push(relative.to_path_buf());
        Ok(relative.to_path_buf())
    }

    fn root_identity(&self) -> Option<std::path::PathBuf> {
        Some("api.yaml".into())
    }

    fn read(&self, identity: &Path, _limit: u64) -> std::io::Result<Option<String>> {
        self.files
            .get(identity)
            .cloned()
            .map(Some)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "absent"))
    }
}

#[test]
fn any_file_source_is_read_and_only_after_the_paths_checks() {
    let mut files = MemoryFiles::default();
    files.files.insert(
        "dir/pet.yaml".into(),
        "$ref: '../api.yaml#/components/schemas/Id'\n".into(),
    );
    let mut root = root_with_schema("$ref: './dir/x/../pet.yaml'");
    root.push_str("components:\n  schemas:\n    Id:\n      type: string\n");
    let spec = crate::load::load_with(Path::new("v1:api.yaml"), &root, &files)
        .unwrap_or_else(|e| panic!("loads: {e}"));
    assert_eq!(
        node(&spec, "/components/schemas/pet"),
        &json!({"$ref": "#/components/schemas/Id"}),
        "a $ref back to the root by its file name is a local one"
    );
    assert_eq!(
        spec.locate("/components/schemas/pet").file,
        Path::new("dir/pet.yaml")
    );
    let asked_before = files.asked.borrow().len();
    let outside = root_with_schema("$ref: 'dir/../../up.yaml'");
    let error =
        crate::load::load_with(Path::new("api.yaml"), &outside, &files).expect_err("is refused");
    assert!(
        matches!(*error.kind, SpecErrorKind::RefLeavesRoot { .. }),
        "{error}"
    );
    assert_eq!(
        files.asked.borrow().len(),
        asked_before,
        "the source is never asked"
    );
}

#[test]
fn a_path_item_that_names_itself_through_files_is_refused_with_the_chain() {
    let root =
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    $ref: 'a.yaml'\n";
    let (message, error) = refused(&[
        ("api.yaml", root),
        ("a.yaml", "$ref: 'b.yaml'\n"),
        ("b.yaml", "$ref: 'a.yaml'\n"),
    ]);
    assert!(
        matches!(*error.kind, SpecErrorKind::CyclicRef { .. }),
        "{message}"
    );
    assert!(
        message.starts_with(
            "DIR/b.yaml:1:1: $ref chain loops back on itself: a.yaml → b.yaml → a.yaml"
        ),
        "{message}"
    );
}

#[test]
fn discriminator_mapping_values_naming_other_files_are_rewritten_like_their_members() {
    let mut root = root_with_schema("$ref: '#/components/schemas/Pet'");
    root.push_str("components:\n  schemas:\n    Pet:\n      oneOf:\n        - $ref: 'pets.yaml#/Dog'\n        - $ref: 'pets.yaml#/Animal'\n      discriminator:\n        propertyName: kind\n        mapping:\n          dog: 'pets.yaml#/Dog'\n          animal: 'pets.yaml#/Animal'\n");
    let pets = "Dog:\n  type: object\n  required: [kind]\n  properties:\n    kind: {type: string}\nAnimal:\n  oneOf:\n    - $ref: '#/Dog'\n    - $ref: '#/components/schemas/Bird'\n  discriminator:\n    propertyName: kind\n    mapping:\n      dog: '#/Dog'\n      bird: Bird\ncomponents:\n  schemas:\n    Bird:\n      type: object\n      required: [kind]\n      properties:\n        kind: {type: string}\n";
    let spec = loaded(&[("api.yaml", &root), ("pets.yaml", pets)]);
    assert_eq!(
        node(&spec, "/components/schemas/Pet/discriminator/mapping"),
        &json!({"dog": "#/components/schemas/Dog", "animal": "#/components/schemas/Animal"})
    );
    assert_eq!(
        node(&spec, "/components/schemas/Animal/discriminator/mapping"),
        &json!({"dog": "#/components/schemas/Dog", "bird": "#/components/schemas/Bird"})
    );
    crate::model::build_model(&spec).unwrap_or_else(|e| panic!("models: {e}"));
}
