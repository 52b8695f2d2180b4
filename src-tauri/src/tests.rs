//! Unit tests for the shell's guards: which addresses the webview may show.

use tauri::Url;

use super::is_app_url;

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
