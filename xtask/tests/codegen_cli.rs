//! `cargo xtask codegen` as users run it: exit codes, `--check` diffs, and
//! all-or-nothing writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn construct_spec() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    root.join("generator/tests/constructs/constraints.yaml")
        .to_string_lossy()
        .into_owned()
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).expect("readable file"));
            }
        }
    }
    files
}

#[test]
fn standalone_crate_is_written_then_checked() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("sdk");
    let out_arg = out.to_string_lossy().into_owned();
    let spec = construct_spec();

    let written = xtask(&["codegen", "--spec", &spec, "--out", &out_arg]);
    assert!(written.status.success(), "{}", text(&written));
    assert!(
        text(&written).contains("types, 0 operations,"),
        "{}",
        text(&written)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml written");
    assert!(
        manifest.contains("name = \"constraints-client\"") && manifest.contains("[workspace]"),
        "{manifest}"
    );

    let fresh = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh));
    assert!(text(&fresh).contains("up to date"));

    // One byte changed: --check fails, names the file and shows the diff.
    let models = out.join("src/constraints/models.rs");
    let mut bytes = std::fs::read(&models).expect("models.rs");
    let at = bytes.iter().position(|b| *b == b'{').expect("a brace");
    bytes[at] = b'[';
    std::fs::write(&models, &bytes).expect("tamper");
    let stale = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale));
    let report = text(&stale);
    assert!(
        report.contains("stale: ") && report.contains("src/constraints/models.rs"),
        "{report}"
    );
    assert!(
        report.contains("\n-") && report.contains("\n+"),
        "no unified diff in:\n{report}"
    );

    // A file that the generator would not write is stale too.
    std::fs::write(out.join("src/extra.rs"), "// hand-written").expect("extra file");
    let extra = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert_eq!(extra.status.code(), Some(1), "{}", text(&extra));
    assert!(text(&extra).contains("extra.rs"), "{}", text(&extra));

    let regenerated = xtask(&["codegen", "--spec", &spec, "--out", &out_arg]);
    assert!(regenerated.status.success(), "{}", text(&regenerated));
    assert!(
        !out.join("src/extra.rs").exists(),
        "regeneration replaces the directory whole"
    );
    let fresh_again = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert_eq!(fresh_again.status.code(), Some(0), "{}", text(&fresh_again));
}

#[test]
fn a_broken_spec_leaves_the_output_exactly_as_it_was() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("sdk");
    let out_arg = out.to_string_lossy().into_owned();
    let first = xtask(&["codegen", "--spec", &construct_spec(), "--out", &out_arg]);
    assert!(first.status.success(), "{}", text(&first));
    let before = snapshot(&out);

    let broken = temp.path().join("broken.yaml");
    let spec = std::fs::read_to_string(construct_spec()).expect("spec");
    std::fs::write(&broken, spec.replace("type: integer", "type: integr"))
        .expect("write broken spec");
    let failed = xtask(&[
        "codegen",
        "--spec",
        &broken.to_string_lossy(),
        "--out",
        &out_arg,
    ]);
    assert_eq!(failed.status.code(), Some(2), "{}", text(&failed));
    let message = text(&failed);
    assert!(
        message.contains("broken.yaml:")
            && message.contains("integr")
            && message.contains("(at #/"),
        "{message}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "generated output changed after a failed run"
    );
    let leftovers: Vec<_> = std::fs::read_dir(temp.path())
        .expect("readable")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".codegen-"))
        .collect();
    assert!(leftovers.is_empty(), "staging directories left behind");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(xtask(&["codegen", "--bogus"]).status.code(), Some(2));
    assert_eq!(
        xtask(&["codegen", "--out", "somewhere"]).status.code(),
        Some(2)
    );
    let missing = xtask(&["codegen", "--spec", "no/such/spec.yaml", "--out", "unused"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing).contains("no/such/spec.yaml"),
        "{}",
        text(&missing)
    );
}

#[test]
fn the_checked_in_sdk_is_up_to_date() {
    let check = xtask(&["codegen", "--check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "run `cargo xtask codegen`:\n{}",
        text(&check)
    );
}
