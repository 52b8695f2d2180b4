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

    // Between them, the main window's and the audience window's capabilities grant every command once.
    let mut granted: Vec<String> = ["default", "audience"]
        .iter()
        .flat_map(|name| {
            let capability: serde_json::Value = serde_json::from_str(
                &fs::read_to_string(shell.join(format!("capabilities/{name}.json"))).unwrap(),
            )
            .unwrap();
            capability["permissions"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|it| it.as_str()?.strip_prefix("allow-").map(|it| it.replace('-', "_")))
                .collect::<Vec<_>>()
        })
        .collect();
    granted.sort();
    assert_eq!(listed, granted, "build.rs COMMANDS and the capabilities differ");

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

/// Every rule tauri.conf.json must keep, as problems found (empty when all hold).
fn tauri_conf_problems(conf: &serde_json::Value) -> Vec<String> {
    let mut res = Vec::new();
    let mut problem = |it: String| res.push(it);
    let security = &conf["app"]["security"];
    match security["csp"].as_object() {
        None => problem("no explicit CSP object (never null)".to_owned()),
        Some(csp) => {
            if csp.get("default-src") != Some(&serde_json::json!("'self'")) {
                problem("default-src is not 'self'".to_owned());
            }
            if csp.get("script-src") != Some(&serde_json::json!("'self'")) {
                problem("script-src is not 'self'".to_owned());
            }
            for (key, value) in csp {
                let value = value.as_str().unwrap_or("*");
                for bad in
                    ["unsafe-inline", "unsafe-eval", "http://", "https://", "data:", "blob:", "*"]
                {
                    let allowed = key == "connect-src" && value == "ipc: http://ipc.localhost";
                    if !allowed && value.contains(bad) {
                        problem(format!("{key} allows {bad}"));
                    }
                }
            }
            for key in ["object-src", "frame-src", "base-uri", "form-action", "frame-ancestors"] {
                if csp.get(key) != Some(&serde_json::json!("'none'")) {
                    problem(format!("{key} is not 'none'"));
                }
            }
        }
    }
    if security["freezePrototype"] != true {
        problem("freezePrototype is not on".to_owned());
    }
    if security["assetProtocol"]["enable"] != false {
        problem("the asset protocol is not off".to_owned());
    }
    if security["dangerousDisableAssetCspModification"] == true {
        problem("dangerousDisableAssetCspModification is on".to_owned());
    }
    if conf["app"]["withGlobalTauri"] != false {
        problem("withGlobalTauri is not false".to_owned());
    }
    if !security["capabilities"].is_null() || conf.to_string().contains("\"remote\"") {
        problem("capabilities are declared in tauri.conf.json or grant remote URLs".to_owned());
    }
    res
}

/// What the audience window (a workshop's slides on the projector) may do: read the slide, pass on keys,
/// listen for the next slide.
const AUDIENCE_PERMISSIONS: &[&str] = &[
    "allow-get-audience-slide",
    "allow-present-key",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
];

/// Core permissions a window may have besides the app's own commands: listening for events.
const EVENT_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

/// Every rule a capability file must keep: the main window gets the app's own commands (not the audience
/// window's) and event listening; the audience window exactly its few; no other window, no remote URL.
fn capability_problems(capability: &serde_json::Value, commands: &[String]) -> Vec<String> {
    let mut res = Vec::new();
    let audience = capability["windows"] == serde_json::json!(["audience"]);
    if capability["windows"] != serde_json::json!(["main"]) && !audience {
        res.push("granted to a window other than main or audience".to_owned());
    }
    if !capability["remote"].is_null() || !capability["webviews"].is_null() {
        res.push("remote URLs or other webviews are granted".to_owned());
    }
    for it in capability["permissions"].as_array().into_iter().flatten() {
        let name = it.as_str().unwrap_or_default();
        let ok = if audience {
            AUDIENCE_PERMISSIONS.contains(&name)
        } else {
            EVENT_PERMISSIONS.contains(&name)
                || (!AUDIENCE_PERMISSIONS.contains(&name)
                    && name
                        .strip_prefix("allow-")
                        .is_some_and(|it| commands.contains(&it.replace('-', "_"))))
        };
        if !ok {
            res.push(format!("permission {it} is not one this window may have"));
        }
    }
    res
}

/// Crates of the dependency graph that talk to a network or do TLS.
fn network_crates(names: &[&str]) -> Vec<String> {
    const NETWORK: &[&str] = &[
        "reqwest",
        "ureq",
        "hyper",
        "hyper-util",
        "isahc",
        "curl",
        "surf",
        "attohttpc",
        "native-tls",
        "openssl",
        "rustls",
        "tokio-rustls",
        "trust-dns-resolver",
        "hickory-resolver",
        "tauri-plugin-http",
        "tauri-plugin-updater",
        "tauri-plugin-websocket",
        "tauri-plugin-upload",
    ];
    names.iter().filter(|it| NETWORK.contains(it)).map(|it| (*it).to_owned()).collect()
}

/// The names of every crate the app and the core are built from on this platform (normal dependencies).
fn app_dependency_names() -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none"])
        .args(["-p", "companion", "-p", "companion-app", "--format", "{p}"])
        .output()
        .expect("cargo tree");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|it| it.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_csp_is_strict_and_the_webview_is_locked_down() {
    let conf: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(tauri_conf_problems(&conf), Vec::<String>::new());
    let build = fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    let commands = names_between(&build, "const COMMANDS: &[&str] = &[", "];");
    let mut capabilities = Vec::new();
    files(&root().join("src-tauri/capabilities"), "json", &mut capabilities);
    assert!(!capabilities.is_empty());
    for path in capabilities {
        let capability: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            capability_problems(&capability, &commands),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
}

#[test]
// Runs cargo, the build machine's tool; the Windows tests under Wine cannot start it (the check holds for the
// whole workspace, whatever the target).
#[cfg_attr(windows, ignore = "runs cargo tree on the build machine")]
fn no_network_crate_in_the_apps_dependency_graph() {
    let names = app_dependency_names();
    assert!(
        names.iter().any(|it| it == "tauri") && names.iter().any(|it| it == "rusqlite"),
        "{names:?}"
    );
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(network_crates(&names), Vec::<String>::new());
    // No plugin that reaches beyond the app is registered: none is even a direct dependency (the dialog
    // plugin brings the fs plugin's code along, but it is never registered or granted).
    let manifest: toml::Table =
        toml::from_str(&fs::read_to_string(root().join("src-tauri/Cargo.toml")).unwrap()).unwrap();
    let direct = manifest["dependencies"].as_table().unwrap();
    for plugin in
        ["tauri-plugin-shell", "tauri-plugin-fs", "tauri-plugin-http", "tauri-plugin-updater"]
    {
        assert!(!direct.contains_key(plugin), "{plugin} must not be used");
    }
    let lib = fs::read_to_string(root().join("src-tauri/src/lib.rs")).unwrap();
    let registered: Vec<&str> =
        lib.split(".plugin(").skip(1).map(|it| it.split('(').next().unwrap()).collect();
    assert_eq!(registered, ["tauri_plugin_single_instance::init", "tauri_plugin_dialog::init"]);
}

#[test]
fn every_tidy_check_fails_on_a_planted_violation() {
    let conf: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let plant = |path: &[&str], value: serde_json::Value| {
        let mut it = conf.clone();
        let mut at = &mut it;
        for key in &path[..path.len() - 1] {
            at = &mut at[*key];
        }
        at[path[path.len() - 1]] = value;
        it
    };
    for (path, value, says) in [
        (&["app", "withGlobalTauri"][..], serde_json::json!(true), "withGlobalTauri"),
        (&["app", "security", "csp"][..], serde_json::Value::Null, "CSP"),
        (
            &["app", "security", "csp", "script-src"][..],
            serde_json::json!("'self' 'unsafe-inline'"),
            "unsafe-inline",
        ),
        (
            &["app", "security", "csp", "img-src"][..],
            serde_json::json!("'self' https://cdn.example"),
            "https://",
        ),
        (&["app", "security", "csp", "object-src"][..], serde_json::json!("'self'"), "object-src"),
        (&["app", "security", "freezePrototype"][..], serde_json::json!(false), "freezePrototype"),
        (
            &["app", "security", "assetProtocol", "enable"][..],
            serde_json::json!(true),
            "asset protocol",
        ),
        (
            &["app", "security", "dangerousDisableAssetCspModification"][..],
            serde_json::json!(true),
            "dangerous",
        ),
        (
            &["app", "security", "capabilities"][..],
            serde_json::json!([{"remote": {"urls": ["https://*"]}}]),
            "remote",
        ),
    ] {
        let problems = tauri_conf_problems(&plant(path, value));
        assert!(problems.iter().any(|it| it.contains(says)), "{path:?}: {problems:?}");
    }
    let commands = vec!["get_home".to_owned()];
    for (capability, says) in [
        (serde_json::json!({"windows": ["main", "other"], "permissions": []}), "other than main"),
        (
            serde_json::json!({"windows": ["audience"], "permissions": ["allow-get-home"]}),
            "allow-get-home",
        ),
        (
            serde_json::json!({"windows": ["main"], "permissions": ["core:event:default"]}),
            "core:event:default",
        ),
        (
            serde_json::json!({"windows": ["main"], "remote": {"urls": ["https://x"]}, "permissions": []}),
            "remote",
        ),
        (serde_json::json!({"windows": ["main"], "permissions": ["fs:default"]}), "fs:default"),
        (
            serde_json::json!({"windows": ["main"], "permissions": ["allow-get-secrets"]}),
            "allow-get-secrets",
        ),
    ] {
        let problems = capability_problems(&capability, &commands);
        assert!(problems.iter().any(|it| it.contains(says)), "{capability}: {problems:?}");
    }
    assert_eq!(network_crates(&["tauri", "reqwest", "rusqlite", "rustls"]), ["reqwest", "rustls"]);
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
            if line.contains("var_os(\"COMPANION_E2E_") {
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

#[test]
fn the_damaged_page_has_only_numbers_from_the_support_directory() {
    // ui/damaged.html is shown when nothing else works, so it carries the urgent numbers as text; so do the
    // Windows message box shown when the WebView2 runtime is missing and the ward-PC notes of the portable
    // build. Every number in them must be a number of an urgent contact in content/contacts.toml, so they can
    // never drift apart, and each carries the four urgent routes.
    let page = fs::read_to_string(root().join("ui/damaged.html")).unwrap();
    assert!(!page.contains("<script"), "the damaged page runs no script");
    // The text of the page's body (attributes such as data-text-size="100" are not numbers to call).
    let body = page.split("<main").nth(1).unwrap();
    let page_text: String =
        body.split('<').map(|it| it.split_once('>').map_or(it, |(_, text)| text)).collect();
    let contacts: toml::Table =
        toml::from_str(&fs::read_to_string(root().join("content/contacts.toml")).unwrap()).unwrap();
    let urgent: Vec<String> = contacts["contact"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|it| it["group"].as_str() == Some("urgent"))
        .flat_map(|it| [it.get("phone"), it.get("text")])
        .flatten()
        .map(|it| it.as_str().unwrap().chars().filter(char::is_ascii_digit).collect())
        .collect();
    let texts = [
        ("ui/damaged.html", page_text),
        ("packaging/windows/no-webview2.txt", read("packaging/windows/no-webview2.txt")),
        (
            "packaging/windows/HOW-TO-USE-ON-A-WARD-PC.txt",
            read("packaging/windows/HOW-TO-USE-ON-A-WARD-PC.txt"),
        ),
    ];
    for (name, text) in texts {
        let numbers: Vec<String> = text
            .split(|c: char| !(c.is_ascii_digit() || c == ' '))
            .map(|it| it.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|it| it.len() >= 3)
            .collect();
        for needed in ["999", "116123", "85258", "111"] {
            assert!(numbers.contains(&needed.to_owned()), "{needed} missing from {name}");
        }
        for number in &numbers {
            assert!(
                urgent.iter().any(|it| it.contains(number.as_str())),
                "{name}: {number} is not an urgent contact's number"
            );
        }
    }
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap()
}

/// snake_case to camelCase, as serde's `rename_all = "camelCase"` does.
fn camel(name: &str) -> String {
    let mut res = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            res.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            res.push(c);
        }
    }
    res
}

/// The wire structs of ipc.rs with their fields as the UI sees them (camelCase), and the tagged variants of
/// its enums as `Enum::Variant` with their fields plus `type`.
fn rust_wire_types(ipc: &str) -> Vec<(String, Vec<String>)> {
    let mut res = Vec::new();
    let lines: Vec<&str> = ipc.lines().collect();
    let mut idx = 0;
    while idx < lines.len() {
        let line = lines[idx];
        if let Some(rest) = line.strip_prefix("pub(crate) struct ") {
            let name = rest.split([' ', '{', '(', ';']).next().unwrap().to_owned();
            let mut fields = Vec::new();
            idx += 1;
            while idx < lines.len() && !lines[idx].starts_with('}') {
                let field = lines[idx].trim().trim_start_matches("pub(crate) ");
                if lines[idx].starts_with("    ")
                    && !field.starts_with("//")
                    && !field.starts_with("#[")
                {
                    if let Some((ident, _)) = field.split_once(':') {
                        fields.push(camel(ident.trim()));
                    }
                }
                idx += 1;
            }
            fields.sort();
            res.push((name, fields));
        } else if let Some(rest) = line.strip_prefix("pub(crate) enum ") {
            let name = rest.split([' ', '{']).next().unwrap().to_owned();
            let tagged = idx > 0 && lines[idx - 1].contains("tag = \"type\"");
            idx += 1;
            while idx < lines.len() && !lines[idx].starts_with('}') {
                let variant = lines[idx].trim();
                if tagged && variant.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    let vname = variant.split([' ', '{']).next().unwrap();
                    let mut body =
                        variant.split_once('{').map(|it| it.1.to_owned()).unwrap_or_default();
                    while !body.contains('}') {
                        idx += 1;
                        body.push_str(lines[idx]);
                        body.push('\n');
                    }
                    let mut fields: Vec<String> = body
                        .split(['\n', ','])
                        .map(str::trim)
                        .filter(|it| !it.starts_with("//") && !it.starts_with("#["))
                        .filter_map(|it| it.split_once(':').map(|(ident, _)| camel(ident.trim())))
                        .collect();
                    fields.push("type".to_owned());
                    fields.sort();
                    res.push((format!("{name}::{vname}"), fields));
                }
                idx += 1;
            }
        }
        idx += 1;
    }
    res
}

/// The object typedefs (`@typedef {{ a: T, b?: U }} Name`) of a JS file, with their top-level keys.
fn js_typedefs(js: &str) -> Vec<(String, Vec<String>)> {
    let text: String = js
        .lines()
        .map(|it| it.trim_start().trim_start_matches('*').trim_start())
        .collect::<Vec<_>>()
        .join(" ");
    let mut res = Vec::new();
    for part in text.split("@typedef {{").skip(1) {
        let (mut depth, mut end) = (0i32, None);
        for (at, c) in part.char_indices() {
            match c {
                '{' | '<' | '(' | '[' => depth += 1,
                '}' | '>' | ')' | ']' if depth > 0 => depth -= 1,
                '}' if depth == 0 => {
                    end = Some(at);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { continue };
        let body = &part[..end];
        let name =
            part[end..].trim_start_matches('}').split_whitespace().next().unwrap_or("").to_owned();
        let mut keys = Vec::new();
        let mut depth = 0;
        let mut word = String::new();
        for c in body.chars() {
            match c {
                '{' | '<' | '(' | '[' => depth += 1,
                '}' | '>' | ')' | ']' => depth -= 1,
                ':' if depth == 0 && !word.is_empty() => {
                    keys.push(word.trim_end_matches('?').to_owned())
                }
                _ => {}
            }
            if c.is_ascii_alphanumeric() || c == '?' || c == '_' {
                word.push(c);
            } else if c != ':' {
                word.clear();
            }
        }
        keys.sort();
        res.push((name, keys));
    }
    res
}

#[test]
fn the_ipc_contract_in_rust_and_the_ui_types_agree() {
    let ipc = fs::read_to_string(root().join("src-tauri/src/ipc.rs")).unwrap();
    let mut js = Vec::new();
    for file in ["ui/api.js", "ui/logic/contacts.js", "ui/logic/bookmarks.js", "ui/logic/prefs.js"]
    {
        js.extend(js_typedefs(&fs::read_to_string(root().join(file)).unwrap()));
    }
    // Wire type -> the UI's name for it, where they differ.
    fn ui_name(rust: &str) -> &str {
        match rust {
            "Summary" => "ItemSummary",
            "ContactOut" => "Contact",
            "Search" => "SearchResults",
            "Hit::Item" => "ItemHit",
            "Hit::Service" => "ServiceHit",
            other => other,
        }
    }
    let rust = rust_wire_types(&ipc);
    assert!(rust.len() >= 20, "{rust:?}");
    for (name, fields) in &rust {
        let wanted = ui_name(name);
        let Some((_, keys)) = js.iter().find(|(it, _)| it == wanted) else {
            panic!("ui/api.js has no @typedef {wanted} for the wire type {name}");
        };
        assert_eq!(keys, fields, "{name} (Rust) and {wanted} (UI) differ");
    }
    // The error kinds the UI switches on are exactly ErrorKind's.
    let kinds = ipc.split("pub(crate) enum ErrorKind {").nth(1).unwrap().split('}').next().unwrap();
    let mut rust_kinds: Vec<String> = kinds
        .lines()
        .map(str::trim)
        .filter(|it| it.ends_with(',') && !it.starts_with("//"))
        .map(|it| {
            let it = it.trim_end_matches(',');
            let mut chars = it.chars();
            chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap()
        })
        .collect();
    rust_kinds.sort();
    let api = fs::read_to_string(root().join("ui/api.js")).unwrap();
    let line = api.lines().find(|it| it.contains("}} CommandError")).unwrap();
    let mut js_kinds: Vec<String> =
        line.split('\'').skip(1).step_by(2).map(str::to_owned).collect();
    js_kinds.sort();
    assert_eq!(rust_kinds, js_kinds, "ErrorKind and the UI's CommandError kinds differ");
}

#[test]
fn the_contract_check_sees_a_drift() {
    let rust = rust_wire_types(
        "#[serde(rename_all = \"camelCase\")]\npub(crate) struct Imported {\n    pub(crate) added: usize,\n    pub(crate) unknown_slugs: Vec<String>,\n}\n",
    );
    assert_eq!(
        rust,
        [("Imported".to_owned(), vec!["added".to_owned(), "unknownSlugs".to_owned()])]
    );
    let js = js_typedefs(
        "/**\n * @typedef {{ added: number,\n *   unknownSlugs: number | string[], extra?: Map<string, { a: 1 }> }} Imported\n */",
    );
    assert_eq!(
        js,
        [(
            "Imported".to_owned(),
            vec!["added".to_owned(), "extra".to_owned(), "unknownSlugs".to_owned()]
        )]
    );
    assert_ne!(rust[0].1, js[0].1, "an extra field on one side is a difference");
}

#[test]
fn the_ui_checks_the_same_limits_as_the_core() {
    // The UI checks a few things early, for a quick answer; the core owns the rules, and the limits agree.
    let bookmarks = fs::read_to_string(root().join("ui/logic/bookmarks.js")).unwrap();
    assert!(
        bookmarks.contains(&format!(
            "export const MAX_COLLECTION_NAME = {};",
            companion::user_db::MAX_COLLECTION_CHARS
        )),
        "ui/logic/bookmarks.js MAX_COLLECTION_NAME differs from user_db::MAX_COLLECTION_CHARS"
    );
    let route = fs::read_to_string(root().join("ui/logic/route.js")).unwrap();
    assert!(
        route.contains(&format!(
            "export const MAX_FILTER = {};",
            companion::companion::MAX_SECTION_ID
        )),
        "ui/logic/route.js MAX_FILTER differs from companion::MAX_SECTION_ID"
    );
}

#[test]
fn the_core_modules_import_each_other_without_a_circle() {
    // Module -> the modules it names (`crate::x`), for every file of the core library.
    let mut rs = Vec::new();
    files(&root().join("src"), "rs", &mut rs);
    let mut edges: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for path in rs {
        let relative =
            path.strip_prefix(root().join("src")).unwrap().to_string_lossy().into_owned();
        if relative == "lib.rs" || relative == "main.rs" {
            continue;
        }
        let module = relative.split(['/', '.']).next().unwrap().to_owned();
        let text = fs::read_to_string(&path).unwrap();
        for part in text.split("crate::").skip(1) {
            let name: String =
                part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && name != module && root().join(format!("src/{name}.rs")).exists()
            {
                edges.entry(module.clone()).or_default().insert(name);
            }
        }
    }
    fn visit(
        node: &str,
        edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = path.iter().position(|it| it == node) {
            panic!("import circle in the core: {} -> {node}", path[at..].join(" -> "));
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut done = Default::default();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done);
    }
    // text is below everything; search never sees the content database.
    assert!(edges.get("text").is_none_or(|it| it.iter().all(|n| n == "error")), "{edges:?}");
    assert!(!edges["search"].contains("content_db"), "{edges:?}");
}

#[test]
fn user_data_goes_in_the_local_not_the_roaming_data_folder() {
    // On Windows, Tauri's app_data_dir is %APPDATA% (roaming: copied between PCs at log-on and log-off) and
    // app_local_data_dir is %LOCALAPPDATA%; bookmarks belong in the local one (docs/DEPLOYMENT.md). The
    // Windows-only shell test checks that folder is %LOCALAPPDATA%; this checks the shell asks for it.
    let lib = fs::read_to_string(root().join("src-tauri/src/lib.rs")).unwrap();
    assert!(
        lib.contains(".app_local_data_dir()"),
        "the shell no longer opens user data in app_local_data_dir"
    );
    assert!(!lib.contains(".app_data_dir()"), "the shell uses the roaming app_data_dir");
}

#[test]
fn no_secret_key_is_in_the_repository() {
    // A publisher's secret key signs library packs; it must never be committed (src-tauri/trusted-keys/README.md).
    // A minisign secret key's second line starts with the base64 of its algorithm bytes: "Ed", no or scrypt key
    // derivation, "B2". Built from parts so that this file does not match itself.
    let starts = [format!("{}{}", "RWQA", "AEIy"), format!("{}{}", "RWRT", "Y0Iy")];
    fn walk(dir: &Path, starts: &[String], found: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !["target", "node_modules", ".git"].contains(&name.as_str()) {
                    walk(&path, starts, found);
                }
                continue;
            }
            let secret_inside = fs::read_to_string(&path).is_ok_and(|text| {
                text.lines().any(|line| starts.iter().any(|it| line.starts_with(it.as_str())))
            });
            if name.ends_with(".key") || secret_inside {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root(), &starts, &mut found);
    assert!(found.is_empty(), "secret keys in the repository: {found:?}");
    // The check itself finds a real secret key.
    let (secret, _) = companion::pack::keygen().unwrap();
    assert!(
        secret
            .lines()
            .nth(1)
            .is_some_and(|line| starts.iter().any(|it| line.starts_with(it.as_str())))
    );
}
