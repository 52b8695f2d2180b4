//! Project-wide rules that are cheap to check: every Rust file documents its module, the core does not depend
//! on tauri, no trailing whitespace, and the shell's command lists agree with each other and with ui/api.js.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::root;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "target" || name == "node_modules" || name.starts_with('.') || name == "gen" {
            continue;
        }
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|it| it == ext) {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let mut rs = Vec::new();
    for dir in ["src", "tests", "src-tauri/src", "src-tauri/tests", "bench"] {
        files(&root().join(dir), "rs", &mut rs);
    }
    for path in rs {
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("//!"), "{} does not start with a //! module doc", path.display());
    }
}

#[test]
fn the_core_does_not_depend_on_tauri() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let package = manifest.split("[package]").nth(1).unwrap();
    assert!(!package.contains("tauri"), "the core crate must not depend on tauri");
    for dep in ["reqwest", "ureq", "hyper", "native-tls", "openssl"] {
        assert!(
            !manifest.contains(&format!("\n{dep}")),
            "no network client in the workspace: {dep}"
        );
    }
}

#[test]
fn no_trailing_whitespace() {
    let mut all = Vec::new();
    for ext in ["rs", "js", "css", "html", "toml", "md", "json"] {
        // tests/data is left out: some fixtures hold trailing whitespace on purpose.
        for dir in ["src", "tests/it", "tests/ui", "ui", "src-tauri/src", "content", "bench"] {
            files(&root().join(dir), ext, &mut all);
        }
    }
    for path in all {
        let text = fs::read_to_string(&path).unwrap();
        for (idx, line) in text.lines().enumerate() {
            assert!(
                !line.ends_with(' ') && !line.ends_with('\t'),
                "{}:{}: trailing whitespace",
                path.display(),
                idx + 1
            );
        }
    }
}
