//! Build script: compiles content/ into the content database that ships inside the binary, then runs
//! tauri-build with the app's command list so that every command goes through a capability.

/// Every IPC command, listed once; the tidy test checks this list against commands.rs, the capability and ui/api.js.
const COMMANDS: &[&str] = &[
    "get_home",
    "get_section",
    "get_item",
    "get_presentation",
    "open_audience",
    "show_audience_slide",
    "get_audience_slide",
    "present_key",
    "close_audience",
    "search_items",
    "list_contacts",
    "list_bookmarks",
    "add_bookmark",
    "remove_bookmark",
    "move_bookmark",
    "create_collection",
    "delete_collection",
    "export_bookmarks",
    "import_bookmarks",
    "export_collection",
    "save_handout",
    "get_preferences",
    "set_preferences",
    "clear_my_data",
    "get_about",
    "get_notices",
    "install_library_pack",
    "get_policy",
];

fn main() {
    build_content_db();
    collect_trusted_keys();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}

/// Builds `$OUT_DIR/content.sqlite3` from ../content, failing the build with every content problem listed.
fn build_content_db() {
    let manifest_dir =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let content = manifest_dir.join("../content");
    println!("cargo:rerun-if-changed={}", content.display());
    for entry in walk(&content) {
        println!("cargo:rerun-if-changed={}", entry.display());
    }
    let (library, diagnostics) = companion::content::load_dir(&content);
    if !diagnostics.is_empty() {
        for it in &diagnostics {
            println!("cargo:warning={it}");
        }
        panic!(
            "content/ has {} problem(s); run `cargo run -p companion -- check content`",
            diagnostics.len()
        );
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"))
        .join("content.sqlite3");
    companion::content_db::build(&library, &out).expect("failed to write the content database");
    // Its SHA-256, checked when the app starts: a damaged program shows a page saying to reinstall.
    let bytes = std::fs::read(&out).expect("failed to read the content database back");
    std::fs::write(out.with_extension("sha256"), companion::content_db::sha256_hex(&bytes))
        .expect("failed to write the content database's hash");
}

/// Writes `$OUT_DIR/trusted-keys.txt`: every `trusted-keys/*.pub` file, one after another, as the keys the app
/// trusts for library packs wherever it runs (trusted-keys/README.md).
fn collect_trusted_keys() {
    let manifest_dir =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = manifest_dir.join("trusted-keys");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|it| it.flatten().map(|it| it.path()).collect())
        .unwrap_or_default();
    files.retain(|it: &std::path::PathBuf| it.extension().is_some_and(|ext| ext == "pub"));
    files.sort();
    let mut keys = String::new();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(&file).expect("failed to read a trusted key");
        if let Err(err) = companion::pack::TrustedKey::parse(&text, &file.display().to_string()) {
            panic!("{err}");
        }
        keys.push_str(text.trim());
        keys.push_str("\n\n");
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("trusted-keys.txt"), keys).expect("failed to write the trusted keys");
}

/// Every file and folder under `dir`, so that editing any content file rebuilds the app.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut res = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                res.extend(walk(&path));
            }
            res.push(path);
        }
    }
    res
}
