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

/// The quoted snake_case names between `start` and the next `end` in `text`.
fn names_between(text: &str, start: &str, end: &str) -> Vec<String> {
    let from = text.find(start).unwrap_or_else(|| panic!("`{start}` not found")) + start.len();
    let to = from + text[from..].find(end).unwrap();
    let mut res: Vec<String> = text[from..to]
        .split(|c: char| !(c.is_ascii_lowercase() || c == '_' || c == ':'))
        .filter(|it| !it.is_empty())
        .map(|it| it.trim_start_matches("commands::").to_owned())
        .collect();
    res.sort();
    res
}

#[test]
fn command_lists_agree_across_the_shell_and_the_ui() {
    let shell = root().join("src-tauri");
    let build = fs::read_to_string(shell.join("build.rs")).unwrap();
    let mut listed = names_between(&build, "const COMMANDS: &[&str] = &[", "];");
    listed.retain(|it| !it.is_empty());
    let lib = fs::read_to_string(shell.join("src/lib.rs")).unwrap();
    let handled = names_between(&lib, "generate_handler![", "]");
    assert_eq!(listed, handled, "build.rs COMMANDS and generate_handler! differ");

    let capability: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(shell.join("capabilities/default.json")).unwrap())
            .unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| {
            it.as_str()
                .unwrap()
                .strip_prefix("allow-")
                .expect("only allow-* permissions")
                .replace('-', "_")
        })
        .collect();
    granted.sort();
    assert_eq!(listed, granted, "build.rs COMMANDS and the capability differ");
    assert_eq!(
        capability["windows"],
        serde_json::json!(["main"]),
        "commands are granted to the main window only"
    );

    let commands = fs::read_to_string(shell.join("src/commands.rs")).unwrap();
    let mut defined: Vec<String> = commands
        .split("#[tauri::command]")
        .skip(1)
        .map(|it| it.split("fn ").nth(1).unwrap().split(['(', '<']).next().unwrap().to_owned())
        .collect();
    defined.sort();
    assert_eq!(
        listed, defined,
        "build.rs COMMANDS and the #[tauri::command]s in commands.rs differ"
    );

    let api = fs::read_to_string(root().join("ui/api.js")).unwrap();
    let mut called: Vec<String> =
        api.split("call('").skip(1).map(|it| it.split('\'').next().unwrap().to_owned()).collect();
    called.sort();
    called.dedup();
    assert_eq!(listed, called, "build.rs COMMANDS and the commands ui/api.js calls differ");
}

#[test]
fn the_csp_is_strict_and_the_webview_is_locked_down() {
    let conf: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let security = &conf["app"]["security"];
    let csp = security["csp"].as_object().expect("an explicit CSP object, never null");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    for (key, value) in csp {
        let value = value.as_str().unwrap();
        for bad in ["unsafe-inline", "unsafe-eval", "http://", "https://", "data:", "blob:", "*"] {
            let allowed = key == "connect-src" && value == "ipc: http://ipc.localhost";
            assert!(allowed || !value.contains(bad), "{key} allows {bad}");
        }
    }
    for key in ["object-src", "frame-src", "base-uri", "form-action", "frame-ancestors"] {
        assert_eq!(csp[key], "'none'", "{key}");
    }
    assert_eq!(security["freezePrototype"], true);
    assert_eq!(security["assetProtocol"]["enable"], false);
    assert_ne!(security["dangerousDisableAssetCspModification"], true);
    let manifest = fs::read_to_string(root().join("src-tauri/Cargo.toml")).unwrap();
    for plugin in
        ["tauri-plugin-shell", "tauri-plugin-fs", "tauri-plugin-http", "tauri-plugin-updater"]
    {
        assert!(!manifest.contains(plugin), "{plugin} must not be used");
    }
}

#[test]
fn the_test_dialog_hook_is_never_in_a_release_build() {
    let manifest = fs::read_to_string(root().join("src-tauri/Cargo.toml")).unwrap();
    let table: toml::Table = toml::from_str(&manifest).unwrap();
    let features = table.get("features").and_then(|it| it.as_table()).expect("[features]");
    assert!(features.contains_key("e2e-hooks"));
    let default = features.get("default").and_then(|it| it.as_array()).cloned().unwrap_or_default();
    assert!(
        !default.iter().any(|it| it.as_str() == Some("e2e-hooks")),
        "e2e-hooks must be off by default"
    );
    // Every place the shell reads the hook's variable is compiled only with the feature.
    let mut rs = Vec::new();
    files(&root().join("src-tauri/src"), "rs", &mut rs);
    for path in rs {
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (idx, line) in lines.iter().enumerate() {
            if line.contains("var_os(\"COMPANION_E2E_DIALOG_FILE\")") {
                let guarded = idx > 0 && lines[idx - 1].trim() == "#[cfg(feature = \"e2e-hooks\")]";
                assert!(
                    guarded,
                    "{}:{}: the dialog hook outside cfg(feature = \"e2e-hooks\")",
                    path.display(),
                    idx + 1
                );
            }
        }
    }
}
