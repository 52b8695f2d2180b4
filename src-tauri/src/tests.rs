//! Unit tests for the shell: which addresses the webview may show, locks, notices, and where files are found
//! (also run cross-built under Wine, with the Windows-only tests).

use tauri::Url;

use super::*;

#[test]
fn only_the_apps_own_pages_may_be_shown() {
    for ok in [
        "tauri://localhost/index.html",
        "tauri://localhost/#/article/x",
        "http://tauri.localhost/",
        "https://tauri.localhost/index.html",
        // The URL parser lower-cases schemes, and the hosts of http(s): the same origin.
        "TAURI://localhost/index.html",
        "HTTP://Tauri.Localhost/",
        // The parser decodes a percent-encoded host of http(s): it is the app's host, nothing else.
        "http://tauri%2elocalhost/",
    ] {
        assert!(is_app_url(&Url::parse(ok).unwrap()), "{ok}");
    }
    for bad in [
        "https://example.org/",
        "http://localhost:8080/",
        "tauri://evil/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,x",
        "about:blank",
        // Exactly the app's origin: no port, no user information, no look-alike host.
        "http://tauri.localhost:8080/",
        "tauri://localhost:1/index.html",
        "http://user@tauri.localhost/",
        "http://user:pass@tauri.localhost/",
        "tauri://x@localhost/",
        "http://tauri.localhost./",
        "tauri://localhost./",
        "http://tauri.localhost.evil.org/",
        "http://evil.org/tauri.localhost",
        "http://evil.org/?tauri.localhost",
        "http://evil.org/#tauri.localhost",
        "http://127.0.0.1/",
        "http://[::1]/",
        "tauri://[::1]/",
        "http://xn--tauri-localhost/",
        "ftp://tauri.localhost/",
        "ws://tauri.localhost/",
        "tauri:localhost",
        "blob:tauri://localhost/x",
        // A custom scheme's host keeps its case: only the exact form the app uses.
        "tauri://LocalHost/index.html",
    ] {
        assert!(!is_app_url(&Url::parse(bad).unwrap()), "{bad}");
    }
}

#[test]
fn encoded_hosts_are_judged_as_decoded() {
    // What the guard sees is what the webview would load: the parser's decoded, lower-cased host.
    let url = Url::parse("http://tauri%2elocalhost/").unwrap();
    assert_eq!(url.host_str(), Some("tauri.localhost"));
    let url = Url::parse("http://tauri%2elocalhost%2e/").unwrap();
    assert!(!is_app_url(&url), "{url}");
}

#[test]
fn a_poisoned_lock_is_an_unavailable_error_not_a_panic() {
    let mutex = std::sync::Arc::new(std::sync::Mutex::new(1));
    let poisoner = mutex.clone();
    let _ = std::thread::spawn(move || {
        let _guard = poisoner.lock().unwrap();
        panic!("poison the lock");
    })
    .join();
    assert!(mutex.is_poisoned());
    let err = crate::commands::lock(&mutex).err().expect("an error, not a guard");
    let wire = serde_json::to_value(&err).unwrap();
    assert_eq!(wire["kind"], "unavailable");
}

#[test]
fn the_notice_for_unavailable_bookmarks_says_why_and_what_to_do() {
    let dir = std::path::Path::new("/data/uk.secondvictim.companion");
    let newer =
        crate::unavailable_notice(&companion::Error::SchemaTooNew { found: 9, supported: 1 }, dir);
    assert!(newer.contains("Reading and searching work as usual"), "{newer}");
    assert!(newer.contains("newer version of this app"), "{newer}");
    let io = crate::unavailable_notice(
        &companion::Error::Io {
            path: dir.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device"),
        },
        dir,
    );
    assert!(io.contains("no space left on device") && io.contains("disk is not full"), "{io}");
    assert!(io.contains("/data/uk.secondvictim.companion"), "{io}");
    // Anything else (a file another program keeps locked, say): the way out is named, with its cost.
    let other =
        crate::unavailable_notice(&companion::Error::ContentDbDamaged("locked".to_owned()), dir);
    assert!(other.contains("Reading and searching work as usual"), "{other}");
    assert!(other.contains("Clear my data starts afresh, but deletes your bookmarks"), "{other}");
}

#[test]
fn the_organisation_file_is_found_in_the_system_folder_even_with_spaces_and_accents() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../packaging/windows/organisation-example")
        .join(ORGANISATION_FILE);
    // A system folder as an awkward PC has it: spaces and non-ASCII letters.
    let program_data = dir.path().join("Program Data – Zoë Ní Bhriain");
    let system = program_data.join("SecondVictimSupport");
    std::fs::create_dir_all(&system).unwrap();
    std::fs::copy(&example, system.join(ORGANISATION_FILE)).unwrap();
    let env = |name: &str| (name == "ProgramData").then(|| program_data.clone().into_os_string());
    let exe_dir = dir.path().join("Program Files").join("Second Victim Support");
    let paths = organisation_paths_in(&env, Some(&exe_dir));
    assert_eq!(paths[0], exe_dir.join(ORGANISATION_FILE), "beside the app first");
    if cfg!(windows) {
        // %ProgramData%\SecondVictimSupport\organisation-contacts.toml
        assert_eq!(paths[1], system.join(ORGANISATION_FILE));
        let org = load_organisation_from(&paths);
        assert_eq!(org.error, None);
        assert!(!org.contacts.is_empty());
    } else {
        assert_eq!(
            paths[1],
            std::path::Path::new("/etc/second-victim-support").join(ORGANISATION_FILE)
        );
    }
    // The variable names a file anywhere, first; found beside the app before the system folder.
    let named = dir.path().join("Zoë's contacts.toml");
    std::fs::copy(&example, &named).unwrap();
    let env = |name: &str| match name {
        "COMPANION_ORGANISATION_CONTACTS" => Some(named.clone().into_os_string()),
        "ProgramData" => Some(program_data.clone().into_os_string()),
        _ => None,
    };
    let paths = organisation_paths_in(&env, Some(&exe_dir));
    assert_eq!(paths[0], named);
    let org = load_organisation_from(&paths);
    assert_eq!(org.error, None);
    assert!(!org.contacts.is_empty());
}

/// Tauri keeps the user database in `app_local_data_dir`, which is `dirs::data_local_dir()` joined with the
/// identifier (tauri's path/desktop.rs): on Windows that must be %LOCALAPPDATA% (never roaming %APPDATA%,
/// which follows a person between ward PCs and is synchronised at log-off).
#[cfg(windows)]
#[test]
fn user_data_lives_in_local_app_data_on_windows() {
    let local = std::env::var_os("LOCALAPPDATA").expect("LOCALAPPDATA is set on Windows");
    assert_eq!(dirs::data_local_dir(), Some(std::path::PathBuf::from(local)));
}

#[cfg(windows)]
#[test]
fn a_missing_webview2_runtime_is_detected_not_a_silent_exit() {
    // A fixed-version runtime folder with nothing in it: no runtime, whatever this PC has installed.
    let dir = tempfile::tempdir().unwrap();
    let err = webview2_version(Some(dir.path().as_os_str())).unwrap_err();
    assert!(!err.is_empty());
    assert!(NO_WEBVIEW2.contains("WebView2Runtime"));
    assert!(NO_WEBVIEW2.contains("install"));
}

#[test]
fn keys_and_packs_are_looked_for_in_the_folders_where_the_contacts_file_is() {
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("IT share – Zoë").join(ORGANISATION_FILE);
    let exe_dir = dir.path().join("Program Files").join("Second Victim Support");
    let env = |name: &str| {
        (name == "COMPANION_ORGANISATION_CONTACTS").then(|| named.clone().into_os_string())
    };
    let dirs = crate::system_dirs_in(&env, Some(&exe_dir));
    assert_eq!(dirs[0], dir.path().join("IT share – Zoë"), "the named file's folder first");
    assert_eq!(dirs[1], exe_dir, "then beside the app");
    if cfg!(target_os = "linux") {
        assert_eq!(dirs[2], std::path::Path::new("/etc/second-victim-support"));
    }
    // Keys from each folder's trusted-keys/; a file that is not a key is named and the rest still trusted.
    std::fs::create_dir_all(dirs[0].join("trusted-keys")).unwrap();
    let (_, public) = companion::pack::keygen().unwrap();
    std::fs::write(dirs[0].join("trusted-keys").join("trust.pub"), &public).unwrap();
    std::fs::write(dirs[0].join("trusted-keys").join("typo.pub"), "not a key").unwrap();
    let (keys, problems) = crate::trusted_keys(&dirs[..2]);
    let built_in = crate::BUILT_IN_KEYS.split("\n\n").filter(|it| !it.trim().is_empty()).count();
    assert_eq!(keys.len(), built_in + 1);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("typo.pub"), "{problems:?}");
}
