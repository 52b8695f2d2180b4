//! IPC commands. Each one validates its input, calls `companion`, and converts the result; no logic lives here.
//!
//! Adding a command touches five places in one commit: this file, `generate_handler!` in lib.rs, `COMMANDS` in
//! build.rs, capabilities/default.json and ui/api.js. The tidy test checks that they agree.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use companion::content::{Audience, Kind};
use companion::search::Filters;
use companion::user_db::{ExportFile, Preferences};
use companion::{ContentDb, Slug, UserDb};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::ipc::{self, CommandError, ErrorKind};
use crate::state::AppState;

/// The longest query accepted over IPC; the core reads only its first 500 characters.
const MAX_QUERY_BYTES: usize = 64 * 1024;

fn slug(text: &str) -> Result<Slug, CommandError> {
    Slug::parse(text).map_err(CommandError::invalid)
}

fn section_id(text: &str) -> Result<&str, CommandError> {
    if !text.is_empty()
        && text.len() <= 60
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(text)
    } else {
        Err(CommandError::invalid("a section id is lowercase letters, digits and hyphens"))
    }
}

fn title_of(content: &ContentDb) -> impl Fn(&str) -> String + '_ {
    |id| content.section(id).map(|it| it.title.clone()).unwrap_or_default()
}

/// Locks one of the app's databases. A lock poisoned by a panic elsewhere becomes an `unavailable` error for
/// this call, never a panic in the IPC handler: the rest of the app goes on.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> Result<MutexGuard<'_, T>, CommandError> {
    mutex.lock().map_err(|_| {
        CommandError::new(
            ErrorKind::Unavailable,
            "this part of the app stopped working after an internal error; restart the app to use it again",
        )
    })
}

/// Runs `f` with the user database, or reports that it is unavailable this session.
fn with_user<T>(
    state: &AppState,
    f: impl FnOnce(&mut UserDb) -> companion::Result<T>,
) -> Result<T, CommandError> {
    let mut guard = lock(&state.user)?;
    match guard.as_mut() {
        Some(user) => Ok(f(user)?),
        None => Err(CommandError::new(
            ErrorKind::Unavailable,
            "bookmarks and settings are unavailable this session; see the notice on the home page",
        )),
    }
}

#[tauri::command]
pub(crate) async fn get_home(state: State<'_, AppState>) -> Result<ipc::Home, CommandError> {
    let content = lock(&state.content)?;
    let title_of = title_of(&content);
    Ok(ipc::Home {
        questions: content
            .questions()?
            .iter()
            .map(|it| ipc::Summary::new(it, &title_of(&it.section)))
            .collect(),
        pathways: content.pathways()?.into_iter().map(ipc::Pathway::from).collect(),
        sections: content
            .sections()
            .iter()
            .map(|it| ipc::Section {
                id: it.id.clone(),
                title: it.title.clone(),
                summary: it.summary.clone(),
                count: content.items().filter(|item| item.section == it.id).count(),
            })
            .collect(),
    })
}

#[tauri::command]
pub(crate) async fn get_section(
    state: State<'_, AppState>,
    id: String,
) -> Result<ipc::SectionPage, CommandError> {
    let id = section_id(&id)?;
    let content = lock(&state.content)?;
    let section = content.section(id)?;
    Ok(ipc::SectionPage {
        id: section.id.clone(),
        title: section.title.clone(),
        summary: section.summary.clone(),
        items: content
            .section_items(id)?
            .iter()
            .map(|it| ipc::Summary::new(it, &section.title))
            .collect(),
    })
}

#[tauri::command]
pub(crate) async fn get_item(
    state: State<'_, AppState>,
    slug: String,
    query: Option<String>,
) -> Result<ipc::Item, CommandError> {
    let slug = self::slug(&slug)?;
    let query = query.unwrap_or_default();
    if query.len() > MAX_QUERY_BYTES {
        return Err(CommandError::invalid("the search text is too long"));
    }
    let content = lock(&state.content)?;
    let page = content.item(slug.as_str())?;
    let matched = content.matched_terms(slug.as_str(), &query)?;
    Ok(ipc::Item::new(page, matched, &title_of(&content)))
}

#[tauri::command]
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
    if query.len() > MAX_QUERY_BYTES {
        return Err(CommandError::invalid("the search text is too long"));
    }
    if !(1..=100).contains(&limit) || offset > 100_000 {
        return Err(CommandError::invalid("limit is 1 to 100 and offset at most 100000"));
    }
    let filters = Filters {
        section: section
            .as_deref()
            .filter(|it| !it.is_empty())
            .map(section_id)
            .transpose()?
            .map(str::to_owned),
        audience: match audience.as_deref().filter(|it| !it.is_empty()) {
            None => None,
            Some(it) => Some(Audience::parse(it).ok_or_else(|| {
                CommandError::invalid(format!(
                    "unknown audience; use one of {}",
                    Audience::choices()
                ))
            })?),
        },
        kind: match kind.as_deref().filter(|it| !it.is_empty()) {
            None => None,
            Some(it) => Some(Kind::parse(it).ok_or_else(|| {
                CommandError::invalid(format!("unknown kind; use one of {}", Kind::choices()))
            })?),
        },
        exact: exact.unwrap_or(false),
    };
    let content = lock(&state.content)?;
    let results = content.search(&query, &filters, limit as usize, offset as usize)?;
    Ok(ipc::Search::new(results, &title_of(&content)))
}

#[tauri::command]
pub(crate) async fn list_contacts(
    state: State<'_, AppState>,
) -> Result<ipc::Contacts, CommandError> {
    let contacts = lock(&state.content)?.contacts()?;
    Ok(ipc::Contacts {
        contacts: contacts.into_iter().map(|it| ipc::ContactOut::new(it, false)).collect(),
        organisation: state
            .organisation
            .contacts
            .iter()
            .cloned()
            .map(|it| ipc::ContactOut::new(it, true))
            .collect(),
        organisation_error: state.organisation.error.clone(),
    })
}

#[tauri::command]
pub(crate) async fn list_bookmarks(
    state: State<'_, AppState>,
) -> Result<ipc::Bookmarks, CommandError> {
    let (bookmarks, collections) =
        with_user(&state, |user| Ok((user.bookmarks()?, user.collections()?)))?;
    let content = lock(&state.content)?;
    Ok(ipc::Bookmarks {
        bookmarks: bookmarks
            .into_iter()
            .map(|it| {
                let summary = content.summary(&it.slug);
                ipc::Bookmark {
                    title: summary.map(|s| s.title.clone()),
                    section: summary.map(|s| s.section.clone()),
                    missing: summary.is_none(),
                    slug: it.slug,
                    collection: it.collection,
                    created_at: it.created_at,
                }
            })
            .collect(),
        collections,
    })
}

#[tauri::command]
pub(crate) async fn add_bookmark(
    state: State<'_, AppState>,
    slug: String,
    collection: Option<String>,
) -> Result<(), CommandError> {
    let slug = self::slug(&slug)?;
    if !lock(&state.content)?.contains(slug.as_str()) {
        return Err(CommandError::new(ErrorKind::NotFound, format!("no item with slug `{slug}`")));
    }
    with_user(&state, |user| user.add_bookmark(&slug, collection.as_deref().unwrap_or("")))
}

#[tauri::command]
pub(crate) async fn remove_bookmark(
    state: State<'_, AppState>,
    slug: String,
) -> Result<(), CommandError> {
    let slug = self::slug(&slug)?;
    with_user(&state, |user| user.remove_bookmark(&slug))
}

#[tauri::command]
pub(crate) async fn move_bookmark(
    state: State<'_, AppState>,
    slug: String,
    collection: String,
) -> Result<(), CommandError> {
    let slug = self::slug(&slug)?;
    with_user(&state, |user| user.move_bookmark(&slug, &collection))
}

#[tauri::command]
pub(crate) async fn create_collection(
    state: State<'_, AppState>,
    name: String,
) -> Result<(), CommandError> {
    with_user(&state, |user| user.create_collection(&name))
}

#[tauri::command]
pub(crate) async fn delete_collection(
    state: State<'_, AppState>,
    name: String,
) -> Result<(), CommandError> {
    with_user(&state, |user| user.delete_collection(&name))
}

/// Asks the user for a file with the native dialog. The path never comes from page script.
///
/// In a build with the `e2e-hooks` feature (the end-to-end tests only), `COMPANION_E2E_DIALOG_FILE` answers the
/// dialog instead, because WebDriver cannot reach a native GTK dialog. Release builds do not read it.
fn choose_file<R: Runtime>(app: &AppHandle<R>, save: bool) -> Option<PathBuf> {
    #[cfg(feature = "e2e-hooks")]
    if let Some(path) = std::env::var_os("COMPANION_E2E_DIALOG_FILE") {
        return Some(PathBuf::from(path));
    }
    let dialog = app
        .dialog()
        .file()
        .set_title(if save { "Export bookmarks" } else { "Import bookmarks" })
        .add_filter("Bookmarks export", &["json"]);
    let chosen = if save {
        dialog.set_file_name("second-victim-support-bookmarks.json").blocking_save_file()
    } else {
        dialog.blocking_pick_file()
    };
    chosen.and_then(|it| it.into_path().ok())
}

#[tauri::command]
pub(crate) async fn export_bookmarks<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ipc::Exported>, CommandError> {
    let Some(path) = choose_file(&app, true) else { return Ok(None) };
    let count = with_user(&state, |user| user.export(&path))?;
    Ok(Some(ipc::Exported { path: path.display().to_string(), count }))
}

#[tauri::command]
pub(crate) async fn import_bookmarks<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ipc::Imported>, CommandError> {
    let Some(path) = choose_file(&app, false) else { return Ok(None) };
    // Read and checked before the database is locked: a slow USB stick never holds up the rest of the app.
    let file = ExportFile::read(&path)?;
    let report = with_user(&state, |user| user.import(&file))?;
    let content = lock(&state.content)?;
    let unknown_slugs = report.slugs.into_iter().filter(|it| !content.contains(it)).collect();
    Ok(Some(ipc::Imported {
        added: report.added,
        already_there: report.already_there,
        unknown_slugs,
    }))
}

#[tauri::command]
pub(crate) async fn get_preferences(
    state: State<'_, AppState>,
) -> Result<ipc::Preferences, CommandError> {
    let prefs = with_user(&state, |user| user.preferences()).unwrap_or_default();
    Ok(ipc::Preferences {
        theme: prefs.theme,
        text_size: prefs.text_size,
        reduced_motion: prefs.reduced_motion,
    })
}

#[tauri::command]
pub(crate) async fn set_preferences(
    state: State<'_, AppState>,
    preferences: ipc::Preferences,
) -> Result<(), CommandError> {
    let prefs = Preferences {
        theme: preferences.theme,
        text_size: preferences.text_size,
        reduced_motion: preferences.reduced_motion,
    };
    prefs.validate()?;
    with_user(&state, |user| user.set_preferences(&prefs))
}

#[tauri::command]
pub(crate) async fn clear_my_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ipc::Cleared, CommandError> {
    let mut removed = Vec::new();
    let mut not_removed = Vec::new();
    {
        let mut guard = lock(&state.user)?;
        // Whatever state the database is in (open, damaged, newer, unreadable, missing), its files go.
        let cleared = match guard.take() {
            Some(user) => user.clear(),
            None => UserDb::clear_path(&state.user_db_path),
        };
        removed.extend(cleared.removed.iter().map(|it| describe_removed(it)));
        not_removed.extend(
            cleared.failed.iter().map(|(path, why)| format!("{} ({why})", describe_removed(path))),
        );
        // A fresh, empty database, so the app keeps working after clearing; if even that cannot be made,
        // bookmarks stay off for this session and the notice says why.
        match UserDb::open(&state.user_db_path) {
            Ok((user, _)) => *guard = Some(user),
            Err(err) => not_removed.push(format!(
                "Bookmarks could not be started again this session ({})",
                companion::error_chain(&err)
            )),
        }
    }
    match app.get_webview_window("main").map(|it| it.clear_all_browsing_data()) {
        Some(Ok(())) => removed.push("Web view storage (cache and any site data)".to_owned()),
        Some(Err(err)) => not_removed.push(format!("Web view storage ({err})")),
        None => {}
    }
    Ok(ipc::Cleared { removed, not_removed })
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
    let content = lock(&state.content)?;
    let meta = content.meta();
    Ok(ipc::About {
        app_version: env!("CARGO_PKG_VERSION"),
        content_hash: meta.content_hash.clone(),
        content_date: meta.content_date.clone(),
        item_count: meta.item_count,
        data_dir: state
            .user_db_path
            .parent()
            .map(|it| it.display().to_string())
            .unwrap_or_default(),
    })
}

#[tauri::command]
pub(crate) async fn get_notices(state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    Ok(lock(&state.notices)?.clone())
}
