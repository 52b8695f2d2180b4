//! Unit tests for the shell's guards: which addresses the webview may show.

use tauri::Url;

use super::is_app_url;

#[test]
fn only_the_apps_own_pages_may_be_shown() {
    for ok in
        ["tauri://localhost/index.html", "tauri://localhost/#/article/x", "http://tauri.localhost/"]
    {
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
    ] {
        assert!(!is_app_url(&Url::parse(bad).unwrap()), "{bad}");
    }
}
