//! IPC commands: each parses its wire arguments, calls one method of the core's [`Companion`] (which owns every
//! rule and join), and converts the result. No logic lives here.
//!
//! Adding a command touches five places in one commit: this file, `generate_handler!` in lib.rs, `COMMANDS` in
//! build.rs, capabilities/default.json and ui/api.js. The tidy test checks that they agree.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use companion::Companion;
use companion::companion::SearchRequest;
use companion::user_db::{ExportFile, Preferences};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::ipc::{self, CommandError, ErrorKind};
use crate::state::AppState;

/// Locks the companion. A lock poisoned by a panic elsewhere becomes an `unavailable` error for this call,
/// never a panic in the IPC handler: the rest of the app goes on.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> Result<MutexGuard<'_, T>, CommandError> {
    mutex.lock().map_err(|_| {
        CommandError::new(
            ErrorKind::Unavailable,
            "this part of the app stopped working after an internal error; restart the app to use it again",
        )
    })
}

fn companion<'a>(
    state: &'a State<'_, AppState>,
) -> Result<MutexGuard<'a, Companion>, CommandError> {
    lock(&state.companion)
}

#[tauri::command]
pub(crate) async fn get_home(state: State<'_, AppState>) -> Result<ipc::Home, CommandError> {
    let c = companion(&state)?;
    Ok(ipc::Home::new(c.home()?, &|id| c.section_title(id)))
}

#[tauri::command]
pub(crate) async fn get_presentation(
    state: State<'_, AppState>,
    slug: String,
) -> Result<ipc::Presentation, CommandError> {
    let c = companion(&state)?;
    Ok(ipc::Presentation::new(c.presentation(&slug)?, &|id| c.section_title(id)))
}

#[tauri::command]
pub(crate) async fn open_audience<R: Runtime>(
    app: AppHandle<R>,
    only_on_a_second_display: bool,
) -> Result<ipc::AudienceOpened, CommandError> {
    Ok(ipc::AudienceOpened {
        second_display: crate::audience::open(&app, only_on_a_second_display)?,
    })
}

#[tauri::command]
pub(crate) async fn show_audience_slide<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    slug: String,
    index: usize,
    blank: String,
) -> Result<(), CommandError> {
    let blank = match blank.as_str() {
        "" => "",
        "black" => "black",
        "white" => "white",
        _ => {
            return Err(CommandError::new(
                ErrorKind::InvalidInput,
                "blank is \"\", \"black\" or \"white\"",
            ));
        }
    };
    let slide = ipc::AudienceSlide::new(companion(&state)?.audience_slide(&slug, index)?, blank);
    *lock(&state.audience)? = Some(slide.clone());
    Ok(crate::audience::show(&app, &slide)?)
}

#[tauri::command]
pub(crate) async fn get_audience_slide(
    state: State<'_, AppState>,
) -> Result<Option<ipc::AudienceSlide>, CommandError> {
    Ok(lock(&state.audience)?.clone())
}

#[tauri::command]
pub(crate) async fn present_key<R: Runtime>(
    app: AppHandle<R>,
    key: String,
) -> Result<(), CommandError> {
    if !crate::audience::is_presenting_key(&key) {
        return Err(CommandError::new(ErrorKind::InvalidInput, "not a presenting key"));
    }
    Ok(app.emit_to("main", crate::audience::KEY_EVENT, key)?)
}

#[tauri::command]
pub(crate) async fn close_audience<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    *lock(&state.audience)? = None;
    Ok(crate::audience::close(&app)?)
}

#[tauri::command]
pub(crate) async fn get_section(
    state: State<'_, AppState>,
    id: String,
) -> Result<ipc::SectionPage, CommandError> {
    Ok(ipc::SectionPage::from(companion(&state)?.section(&id)?))
}

#[tauri::command]
pub(crate) async fn get_item(
    state: State<'_, AppState>,
    slug: String,
    query: Option<String>,
) -> Result<ipc::Item, CommandError> {
    let c = companion(&state)?;
    let (page, matched) = c.item(&slug, query.as_deref().unwrap_or(""))?;
    Ok(ipc::Item::new(page, matched, &|id| c.section_title(id)))
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub(crate) async fn search_items(
    state: State<'_, AppState>,
    query: String,
    section: Option<String>,
    audience: Option<String>,
    kind: Option<String>,
    exact: Option<bool>,
    limit: u32,
    offset: u32,
) -> Result<ipc::Search, CommandError> {
    let request = SearchRequest::parse(
        query,
        section.as_deref(),
        audience.as_deref(),
        kind.as_deref(),
        exact.unwrap_or(false),
        limit as usize,
        offset as usize,
    )?;
    let c = companion(&state)?;
    Ok(ipc::Search::new(c.search(&request)?, &|id| c.section_title(id)))
}

#[tauri::command]
pub(crate) async fn list_contacts(
    state: State<'_, AppState>,
) -> Result<ipc::Contacts, CommandError> {
    let c = companion(&state)?;
    Ok(ipc::Contacts::new(c.contacts()?, c.organisation(), state.organisation_error.clone()))
}

#[tauri::command]
pub(crate) async fn list_bookmarks(
    state: State<'_, AppState>,
) -> Result<ipc::Bookmarks, CommandError> {
    Ok(ipc::Bookmarks::from(companion(&state)?.bookmarks()?))
}

#[tauri::command]
pub(crate) async fn add_bookmark(
    state: State<'_, AppState>,
    slug: String,
    collection: Option<String>,
) -> Result<(), CommandError> {
    Ok(companion(&state)?.add_bookmark(&slug, collection.as_deref().unwrap_or(""))?)
}

#[tauri::command]
pub(crate) async fn remove_bookmark(
    state: State<'_, AppState>,
    slug: String,
) -> Result<(), CommandError> {
    Ok(companion(&state)?.remove_bookmark(&slug)?)
}

#[tauri::command]
pub(crate) async fn move_bookmark(
    state: State<'_, AppState>,
    slug: String,
    collection: String,
) -> Result<(), CommandError> {
    Ok(companion(&state)?.move_bookmark(&slug, &collection)?)
}

#[tauri::command]
pub(crate) async fn create_collection(
    state: State<'_, AppState>,
    name: String,
) -> Result<(), CommandError> {
    Ok(companion(&state)?.create_collection(&name)?)
}

#[tauri::command]
pub(crate) async fn delete_collection(
    state: State<'_, AppState>,
    name: String,
) -> Result<(), CommandError> {
    Ok(companion(&state)?.delete_collection(&name)?)
}

/// Asks the user for a file with the native dialog. The path never comes from page script.
///
/// In a build with the `e2e-hooks` feature (the end-to-end tests only), `COMPANION_E2E_DIALOG_FILE` answers the
/// dialog instead, because WebDriver cannot reach a native GTK dialog. Release builds do not read it.
/// A native file dialog: what it is for, and the file it suggests when saving.
struct FileDialog<'a> {
    title: &'a str,
    filter: &'a str,
    extension: &'a str,
    /// `Some(suggested name)` to save, `None` to open.
    save_as: Option<String>,
}

/// Asks where to save or what to open with the system's own dialog (never a path from page script).
fn choose_file<R: Runtime>(app: &AppHandle<R>, it: FileDialog<'_>) -> Option<PathBuf> {
    #[cfg(feature = "e2e-hooks")]
    if let Some(path) = std::env::var_os("COMPANION_E2E_DIALOG_FILE") {
        return Some(PathBuf::from(path));
    }
    let dialog = app.dialog().file().set_title(it.title).add_filter(it.filter, &[it.extension]);
    let chosen = match it.save_as {
        Some(name) => dialog.set_file_name(name).blocking_save_file(),
        None => dialog.blocking_pick_file(),
    };
    chosen.and_then(|it| it.into_path().ok())
}

/// The bookmarks file dialog.
fn bookmarks_file(save_as: Option<String>) -> FileDialog<'static> {
    FileDialog {
        title: if save_as.is_some() { "Export bookmarks" } else { "Import bookmarks" },
        filter: "Bookmarks export",
        extension: "json",
        save_as,
    }
}

/// A file name from a title: letters, digits and hyphens, at most 60 characters.
fn file_name(title: &str, extension: &str) -> String {
    let mut name: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|it| !it.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    name.truncate(60);
    if name.is_empty() {
        name = "second-victim-support".to_owned();
    }
    format!("{name}.{extension}")
}

#[tauri::command]
pub(crate) async fn export_bookmarks<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ipc::Exported>, CommandError> {
    // Refused before any dialog opens when the organisation has turned it off.
    companion(&state)?.import_export_allowed()?;
    let save_as = Some("second-victim-support-bookmarks.json".to_owned());
    let Some(path) = choose_file(&app, bookmarks_file(save_as)) else { return Ok(None) };
    let count = companion(&state)?.export(&path)?;
    Ok(Some(ipc::Exported { path: path.display().to_string(), count }))
}

#[tauri::command]
pub(crate) async fn export_collection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    collection: String,
) -> Result<Option<ipc::Exported>, CommandError> {
    companion(&state)?.import_export_allowed()?;
    let save_as = Some(file_name(&collection, "json"));
    let Some(path) = choose_file(&app, bookmarks_file(save_as)) else { return Ok(None) };
    let count = companion(&state)?.export_collection(&path, &collection)?;
    Ok(Some(ipc::Exported { path: path.display().to_string(), count }))
}

#[tauri::command]
pub(crate) async fn save_handout<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    slugs: Vec<String>,
    title: String,
) -> Result<Option<ipc::Exported>, CommandError> {
    // Made before the dialog, so a bad request is refused without asking where to save it.
    let html = companion(&state)?.handout(&slugs, &title)?;
    let dialog = FileDialog {
        title: "Save a handout",
        filter: "Web page (opens in any browser, prints on A4)",
        extension: "html",
        save_as: Some(file_name(&title, "html")),
    };
    let Some(path) = choose_file(&app, dialog) else { return Ok(None) };
    companion::write_replacing(&path, html.as_bytes())?;
    Ok(Some(ipc::Exported { path: path.display().to_string(), count: slugs.len() }))
}

#[tauri::command]
pub(crate) async fn import_bookmarks<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ipc::Imported>, CommandError> {
    companion(&state)?.import_export_allowed()?;
    let Some(path) = choose_file(&app, bookmarks_file(None)) else { return Ok(None) };
    // Read and checked before the lock: a slow USB stick never holds up the rest of the app.
    let file = ExportFile::read(&path)?;
    Ok(Some(ipc::Imported::from(companion(&state)?.import(&file)?)))
}

#[tauri::command]
pub(crate) async fn get_preferences(
    state: State<'_, AppState>,
) -> Result<ipc::Preferences, CommandError> {
    Ok(ipc::Preferences::from(companion(&state)?.preferences()))
}

#[tauri::command]
pub(crate) async fn set_preferences(
    state: State<'_, AppState>,
    preferences: ipc::Preferences,
) -> Result<(), CommandError> {
    Ok(companion(&state)?.set_preferences(&Preferences::from(preferences))?)
}

#[tauri::command]
pub(crate) async fn clear_my_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ipc::Cleared, CommandError> {
    let (cleared, shared) = {
        let mut c = companion(&state)?;
        (c.clear(), c.policy().shared_computer)
    };
    let browsing = app.get_webview_window("main").map(|it| it.clear_all_browsing_data());
    let mut res = ipc::Cleared::new(
        cleared,
        browsing.map(|it| it.map_err(|err| err.to_string())),
        describe_removed,
    );
    if shared {
        // Nothing was on disk: the session's data was in memory.
        res.removed.insert(0, "This session's bookmarks, collections and settings".to_owned());
    }
    Ok(res)
}

fn describe_removed(path: &std::path::Path) -> String {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if name.ends_with(".backups") {
        format!("The backups folder ({name})")
    } else if name.contains(".damaged-") {
        format!("A damaged copy set aside earlier ({name})")
    } else if name.contains(".backups")
        || path.parent().is_some_and(|it| it.to_string_lossy().ends_with(".backups"))
    {
        format!("A backup of your bookmarks ({name})")
    } else if name.ends_with("-wal") || name.ends_with("-shm") {
        format!("A working file of the bookmarks database ({name})")
    } else {
        format!("Your bookmarks, collections and settings ({name})")
    }
}

#[tauri::command]
pub(crate) async fn get_about(state: State<'_, AppState>) -> Result<ipc::About, CommandError> {
    Ok(ipc::About::new(&*companion(&state)?))
}

/// The organisation's policy, as the UI needs it: shared-computer mode, the idle time, whether import and
/// export are on.
#[tauri::command]
pub(crate) async fn get_policy(state: State<'_, AppState>) -> Result<ipc::Policy, CommandError> {
    let policy = companion(&state)?.policy().clone();
    // The journeys cannot wait ten minutes: the test build may shorten the idle time.
    #[cfg(feature = "e2e-hooks")]
    let shortened = std::env::var_os("COMPANION_E2E_IDLE_SECONDS");
    #[cfg(not(feature = "e2e-hooks"))]
    let shortened: Option<std::ffi::OsString> = None;
    let idle_seconds = shortened
        .and_then(|it| it.to_str().and_then(|it| it.parse().ok()))
        .unwrap_or(policy.idle_minutes * 60);
    Ok(ipc::Policy {
        shared_computer: policy.shared_computer,
        idle_seconds,
        import_export: policy.import_export,
    })
}

/// Settings → Library → "Update from a file…": the native open dialog, then the pack is checked and, when it
/// is newer and sound, kept and used at once. `None` when the person cancels. On any refusal nothing changes.
#[tauri::command]
pub(crate) async fn install_library_pack<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ipc::About>, CommandError> {
    let dialog = FileDialog {
        title: "Update the library from a file",
        filter: "Library pack",
        extension: companion::pack::EXTENSION,
        save_as: None,
    };
    let Some(path) = choose_file(&app, dialog) else { return Ok(None) };
    // Read before the lock: a slow USB stick never holds up the rest of the app. Checked and switched under
    // it: a search running now finishes on the library it started with.
    let bytes = companion::pack::read_file(&path)?;
    let mut c = companion(&state)?;
    c.install_pack(&bytes, &state.keys, &state.pack_dest)?;
    Ok(Some(ipc::About::new(&*c)))
}

#[tauri::command]
pub(crate) async fn get_notices(state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    Ok(lock(&state.notices)?.clone())
}
