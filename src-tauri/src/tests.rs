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
