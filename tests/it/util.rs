//! Helpers shared by the integration tests.

use std::fs;
use std::path::{Path, PathBuf};

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under tests/data.
pub(crate) fn data(path: &str) -> PathBuf {
    root().join("tests/data").join(path)
}

/// Copies every file under `from` into `to`, replacing files that exist.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary content folder: the diagnostics base library with `case` laid over it.
pub(crate) fn fixture_library(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&data("diagnostics/base"), dir.path());
    if case != "base" {
        copy_tree(&data(&format!("diagnostics/{case}")), dir.path());
    }
    dir
}

/// Writes a small but complete library of `n` extra items into a temporary folder, for database tests.
pub(crate) fn small_library(items: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = fixture_library("base");
    for (slug, title, body) in items {
        let text = format!(
            "+++\ntitle = \"{title}\"\nsummary = \"About {title}.\"\nsection = \"s\"\nkind = \"article\"\naudiences = [\"involved\"]\nreviewed = 2026-11-20\n\n[[sources]]\ncite = \"C.\"\n+++\n{body}\n"
        );
        fs::write(dir.path().join("s").join(format!("{slug}.md")), text).unwrap();
    }
    dir
}

/// A path under the repository root.
pub(crate) fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// The shipped library (content/), built into a temporary database.
pub(crate) fn shipped_db() -> (tempfile::TempDir, companion::ContentDb) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("content.sqlite3");
    if let Err(diagnostics) =
        companion::content_db::build_dir(&root().join("content"), &path).unwrap()
    {
        panic!("{diagnostics:#?}");
    }
    let db = companion::ContentDb::open(&path).unwrap();
    (dir, db)
}

/// Diagnostics as `path:line: message` with the path relative to `dir` and `/` between its parts, on every
/// platform (Windows prints `\`).
pub(crate) fn relative(dir: &Path, diagnostics: &[companion::Diagnostic]) -> Vec<String> {
    let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    diagnostics
        .iter()
        .map(|it| {
            let text = it.to_string().replacen(&prefix, "", 1);
            match text.split_once(':') {
                Some((path, rest)) => format!("{}:{rest}", path.replace('\\', "/")),
                None => text,
            }
        })
        .collect()
}
