//! One small spec per construct the generator supports
//! (`tests/constructs/*.yaml`): the generated code is snapshotted, and then
//! compiled, linted and exercised as a real crate, because a snapshot alone
//! cannot tell that the code builds or behaves.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_sdkgen::emit::{
    emit_crate, ApiSource, CrateInfo, GeneratedCrate, PackageName, Version,
};
use openapi_sdkgen::load::load;
use openapi_sdkgen::model::{build_model, ApiModel};

struct Construct {
    module: String,
    spec_file: String,
    model: ApiModel,
}

fn constructs() -> Vec<Construct> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/constructs exists")
        .map(|entry| entry.expect("readable entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let spec = load(&path).unwrap_or_else(|e| panic!("{e}"));
            let built = build_model(&spec).unwrap_or_else(|e| panic!("{e}"));
            assert!(built.warnings.is_empty(), "{:?}", built.warnings);
            let module = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_owned();
            Construct {
                spec_file: format!("tests/constructs/{module}.yaml"),
                module,
                model: built.model,
            }
        })
        .collect()
}

fn emit(constructs: &[Construct]) -> GeneratedCrate {
    let sources: Vec<ApiSource<'_>> = constructs
        .iter()
        .map(|c| ApiSource {
            module: &c.module,
            spec_file: &c.spec_file,
            model: &c.model,
        })
        .collect();
    let info = CrateInfo {
        name: PackageName::new("constructs").expect("a valid name"),
        version: Version::new(0, 0, 0),
        description: "Every construct the generator supports".into(),
        standalone: true,
        runtime_path: concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime").into(),
    };
    emit_crate(&sources, &info).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn generated_code_per_construct() {
    for construct in constructs() {
        let generated = emit(std::slice::from_ref(&construct));
        let again = emit(std::slice::from_ref(&construct));
        assert_eq!(
            generated, again,
            "{}: output is not deterministic",
            construct.module
        );
        let prefix = Path::new("src").join(&construct.module);
        let text: String = generated
            .files
            .iter()
            .filter(|(path, _)| path.starts_with(&prefix))
            .map(|(path, text)| format!("// ===== {} =====\n{text}", path.display()))
            .collect();
        insta::assert_snapshot!(construct.module.clone(), text);
    }
}

/// Writes all constructs as one crate with the behaviour tests, and runs
/// clippy (warnings denied) and the tests on it.
#[test]
fn generated_code_compiles_without_warnings_and_behaves() {
    let crate_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("constructs");
    let _ = std::fs::remove_dir_all(&crate_dir);
    for (path, text) in &emit(&constructs()).files {
        let path = crate_dir.join(path);
        std::fs::create_dir_all(path.parent().expect("file in a directory")).expect("create dir");
        std::fs::write(&path, text).expect("write generated file");
    }
    // The behaviour tests drive the async client on a runtime of their own.
    let manifest = crate_dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("read the manifest");
    text.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\"] }\n");
    std::fs::write(&manifest, text).expect("write the manifest");
    let tests = crate_dir.join("tests");
    std::fs::create_dir_all(&tests).expect("create tests dir");
    std::fs::write(
        tests.join("behaviour.rs"),
        include_str!("construct_behaviour/behaviour.rs"),
    )
    .expect("write tests");
    // The workspace's lock file pins the same dependency versions, so the
    // build works offline and reuses what is already downloaded.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    std::fs::copy(workspace.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .expect("copy Cargo.lock");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = workspace.join("target/constructs-build");
    // Lint with the default features and with all of them (`payloads`
    // adds `check_payload` and the JSON Schema derives).
    for args in [
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ][..],
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ][..],
        &["test", "--offline", "--quiet", "--all-features"][..],
    ] {
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(&crate_dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo {} failed:\n{}\n{}",
            args[0],
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
