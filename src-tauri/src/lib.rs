//! The Tauri shell: opens both databases, loads the organisation's contacts, creates the one window with its
//! navigation guard, and registers the IPC commands. This is the only place that knows where files live.

mod commands;
mod ipc;
mod state;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use companion::{ContentDb, UserDb};
use tauri::webview::NewWindowResponse;
use tauri::{Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder};

use crate::state::{AppState, Organisation};

/// The content database compiled from content/ by build.rs.
static CONTENT_DB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/content.sqlite3"));

/// The file name an organisation uses for its own contacts.
pub const ORGANISATION_FILE: &str = "organisation-contacts.toml";

/// Starts the app. Called first thing in `main`, before any other thread exists.
pub fn run() {
    prefer_cpu_rendering();
    run_app(tauri::Builder::default());
}

/// The variable that makes WebKitGTK paint with Skia on the CPU instead of through OpenGL.
const CPU_RENDERING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Paints the pages on the CPU unless the environment already says otherwise.
///
/// The app shows text, lists and a few borders: CPU painting draws them as fast as the GPU path, and it avoids
/// the GPU path's costs at start-up (compiling a shader for each new kind of drawing, on the CPU itself where
/// there is no GPU driver, as on virtual desktops and many ward PCs) and the texture caches it keeps in the web
/// process (about 45 MiB after a short session, measured with `bench/run-app.sh`).
/// `WEBKIT_SKIA_ENABLE_CPU_RENDERING=0` in the environment keeps the GPU path.
fn prefer_cpu_rendering() {
    if cfg!(target_os = "linux") && std::env::var_os(CPU_RENDERING_VAR).is_none() {
        // SAFETY: `run` is called at the start of `main`, before Tauri, GTK or anything else has started a
        // thread, so nothing can be reading the environment while it changes. WebKit's web process inherits it.
        unsafe { std::env::set_var(CPU_RENDERING_VAR, "1") };
    }
}

/// Builds and runs the app on any runtime, so tests can drive it with a mock runtime.
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>) {
    builder
        // First, so a second launch hands over to the running window before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let state = open_state(app.path().app_local_data_dir()?)?;
            app.manage(state);
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Second Victim Support")
                .inner_size(1100.0, 760.0)
                .min_inner_size(640.0, 480.0)
                .on_navigation(|url| is_app_url(url))
                .on_new_window(|_, _| NewWindowResponse::Deny)
                .build()?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::get_home,
            commands::get_section,
            commands::get_item,
            commands::search_items,
            commands::list_contacts,
            commands::list_bookmarks,
            commands::add_bookmark,
            commands::remove_bookmark,
            commands::move_bookmark,
            commands::create_collection,
            commands::delete_collection,
            commands::export_bookmarks,
            commands::import_bookmarks,
            commands::get_preferences,
            commands::set_preferences,
            commands::clear_my_data,
            commands::get_about,
            commands::get_notices,
        ])
        .run(tauri::generate_context!())
        .expect("the app failed to start");
}

/// Whether the webview may show `url`: only the app's own pages, never anything on the network.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        // Linux and macOS serve the UI from tauri://localhost; Windows from http(s)://tauri.localhost.
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Opens the content and user databases and reads the organisation's contacts; never fails on user data.
fn open_state(data_dir: PathBuf) -> Result<AppState, Box<dyn std::error::Error>> {
    let mut content = ContentDb::from_static(CONTENT_DB)?;
    let user_db_path = data_dir.join("user.sqlite3");
    let mut notices = Vec::new();
    let user = match UserDb::open(&user_db_path) {
        Ok((user, report)) => {
            if let Some(recovery) = report.recovery {
                notices.push(match recovery.restored_from {
                    Some(_) => "Your bookmarks file was damaged. It has been set aside and the most recent good copy restored; bookmarks saved since that copy may be missing.".to_owned(),
                    None => "Your bookmarks file was damaged and no good copy was found, so you are starting with no bookmarks. The damaged file has been kept in case it can be recovered.".to_owned(),
                });
                eprintln!(
                    "user database recovered: {} (damaged copy at {})",
                    recovery.problem,
                    recovery.damaged_copy.display()
                );
            }
            Some(user)
        }
        Err(err) => {
            notices.push(format!(
                "Bookmarks and settings are unavailable this time because their file could not be opened ({}). Everything else works; your file has not been changed.",
                ipc::error_chain(&err)
            ));
            None
        }
    };
    // The organisation's services are search results too.
    let organisation = load_organisation();
    content.set_organisation_contacts(&organisation.contacts)?;
    Ok(AppState {
        content: Mutex::new(content),
        user: Mutex::new(user),
        user_db_path,
        organisation,
        notices: Mutex::new(notices),
    })
}

/// The places an organisation's contacts file is looked for, first found wins.
fn organisation_paths() -> Vec<PathBuf> {
    let mut res = Vec::new();
    if let Some(path) = std::env::var_os("COMPANION_ORGANISATION_CONTACTS") {
        res.push(PathBuf::from(path));
    }
    if let Some(dir) =
        std::env::current_exe().ok().and_then(|it| it.parent().map(Path::to_path_buf))
    {
        res.push(dir.join(ORGANISATION_FILE));
    }
    if cfg!(target_os = "windows") {
        if let Some(dir) = std::env::var_os("ProgramData") {
            res.push(PathBuf::from(dir).join("SecondVictimSupport").join(ORGANISATION_FILE));
        }
    } else if cfg!(target_os = "macos") {
        res.push(
            PathBuf::from("/Library/Application Support/SecondVictimSupport")
                .join(ORGANISATION_FILE),
        );
    } else {
        res.push(PathBuf::from("/etc/second-victim-support").join(ORGANISATION_FILE));
    }
    res
}

fn load_organisation() -> Organisation {
    let Some(path) = organisation_paths().into_iter().find(|it| it.is_file()) else {
        return Organisation::default();
    };
    let (contacts, diagnostics) = companion::content::load_contacts(&path);
    if diagnostics.is_empty() {
        return Organisation { contacts, error: None };
    }
    let problems: Vec<String> = diagnostics.iter().take(5).map(ToString::to_string).collect();
    Organisation {
        error: Some(format!(
            "Your organisation's contacts file has problems, so {} of its entries are shown. Ask your IT or wellbeing team to fix it: {}",
            contacts.len(),
            problems.join("; ")
        )),
        contacts,
    }
}

#[cfg(test)]
mod tests;
