//! The audience window: a second window, on the projector when there is a second display, that shows one
//! slide at a time and nothing else. It has its own capability (capabilities/audience.json): it may read the
//! current slide and pass on a clicker's keys, nothing more (no bookmarks, settings, import or export). What it
//! shows comes from the library only (`Companion::audience_slide`): the presenter's page names a slide by its
//! number, it never sends text, and the speaker notes never reach this window.

use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::ipc;

/// The window's label, as capabilities/audience.json names it.
pub(crate) const LABEL: &str = "audience";
/// The event that carries a new slide to the audience window.
pub(crate) const SLIDE_EVENT: &str = "audience-slide";
/// The event that carries a key pressed in the audience window to the presenter.
pub(crate) const KEY_EVENT: &str = "present-key";

/// The keys the audience window may pass on: what a presentation clicker sends, and B, W, Esc, digits.
pub(crate) fn is_presenting_key(key: &str) -> bool {
    matches!(
        key,
        "ArrowRight"
            | "ArrowLeft"
            | " "
            | "PageDown"
            | "PageUp"
            | "Backspace"
            | "Home"
            | "End"
            | "Enter"
            | "Escape"
            | "b"
            | "B"
            | "w"
            | "W"
            | "."
            | ","
    ) || (key.len() == 1 && key.as_bytes()[0].is_ascii_digit())
}

/// Opens the audience window (or brings it back): full screen on a display other than the main window's when
/// there is one, otherwise (unless `only_on_a_second_display`) a 1280x720 window. Returns whether it is full
/// screen on a second display.
pub(crate) fn open<R: Runtime>(
    app: &AppHandle<R>,
    only_on_a_second_display: bool,
) -> tauri::Result<bool> {
    if let Some(window) = app.get_webview_window(LABEL) {
        window.show()?;
        window.set_focus()?;
        return Ok(window.is_fullscreen().unwrap_or(false));
    }
    let main = app.get_webview_window("main");
    let here = main.as_ref().and_then(|it| it.current_monitor().ok().flatten());
    let other = main
        .as_ref()
        .and_then(|it| it.available_monitors().ok())
        .unwrap_or_default()
        .into_iter()
        .find(|it| here.as_ref().is_none_or(|here| here.position() != it.position()));
    if other.is_none() && only_on_a_second_display {
        return Ok(false);
    }
    let profile = crate::web_profile_dir();
    std::fs::create_dir_all(&profile)?;
    let mut builder =
        WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("audience.html".into()))
            .data_directory(profile)
            .incognito(!crate::under_webdriver())
            .title("Second Victim Support: audience")
            .on_navigation(|url| crate::is_app_url(url))
            .on_new_window(|_, _| NewWindowResponse::Deny);
    builder = match &other {
        Some(monitor) => {
            let at = monitor.position().to_logical::<f64>(monitor.scale_factor());
            builder.position(at.x, at.y).inner_size(1280.0, 720.0)
        }
        None => builder.inner_size(1280.0, 720.0),
    };
    let window = builder.build()?;
    if other.is_some() {
        window.set_fullscreen(true)?;
    }
    Ok(other.is_some())
}

/// Sends `slide` to the audience window, if it is open.
pub(crate) fn show<R: Runtime>(
    app: &AppHandle<R>,
    slide: &ipc::AudienceSlide,
) -> tauri::Result<()> {
    if app.get_webview_window(LABEL).is_some() {
        app.emit_to(LABEL, SLIDE_EVENT, slide)?;
    }
    Ok(())
}

/// Closes the audience window, if it is open.
pub(crate) fn close<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    if let Some(window) = app.get_webview_window(LABEL) {
        window.close()?;
    }
    Ok(())
}
