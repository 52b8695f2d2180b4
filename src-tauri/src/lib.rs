//! The Tauri shell: opens both databases, loads the organisation's contacts, creates the main window with its
//! navigation guard, and registers the IPC commands. This is the only place that knows where files live.

mod audience;
mod commands;
mod ipc;
mod state;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use companion::{Companion, ContentDb, UserDb};
use tauri::webview::NewWindowResponse;
use tauri::{Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder};

use crate::state::{AppState, Organisation};

/// The content database compiled from content/ by build.rs.
static CONTENT_DB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/content.sqlite3"));
/// Its SHA-256 as build.rs recorded it, checked at start.
const CONTENT_SHA256: &str = include_str!(concat!(env!("OUT_DIR"), "/content.sha256"));

/// The file name an organisation uses for its own contacts.
pub const ORGANISATION_FILE: &str = "organisation-contacts.toml";
/// The public keys compiled into the app (build.rs, from src-tauri/trusted-keys/*.pub), one after another.
const BUILT_IN_KEYS: &str = include_str!(concat!(env!("OUT_DIR"), "/trusted-keys.txt"));
/// Where the pack the person installed is kept, under the app's data folder.
pub const INSTALLED_PACK: &str = "library/installed.svpack";

/// Starts the app. Called first thing in `main`, before any other thread exists.
pub fn run() {
    private_files();
    prefer_cpu_rendering();
    use_bundled_webview2();
    #[cfg(windows)]
    if let Err(err) =
        webview2_version(std::env::var_os("WEBVIEW2_BROWSER_EXECUTABLE_FOLDER").as_deref())
    {
        eprintln!("no WebView2 runtime: {err}");
        show_fatal(NO_WEBVIEW2);
        std::process::exit(1);
    }
    run_app(tauri::Builder::default());
}

/// What the person at a Windows PC without the WebView2 runtime is told, in a native message box: what IT
/// must install, and the urgent routes (the tidy test checks the numbers against the support directory).
pub const NO_WEBVIEW2: &str = include_str!("../../packaging/windows/no-webview2.txt");

/// The version of the WebView2 runtime the window would use (the fixed-version runtime in `folder`, else the
/// installed Evergreen runtime), or why there is none. Asks the WebView2 loader itself, as wry will.
#[cfg(windows)]
pub fn webview2_version(folder: Option<&std::ffi::OsStr>) -> Result<String, String> {
    use webview2_com::Microsoft::Web::WebView2::Win32::GetAvailableCoreWebView2BrowserVersionString;
    use windows::Win32::System::Com::CoTaskMemFree;
    use windows::core::{HSTRING, PCWSTR, PWSTR};
    let folder = folder.map(HSTRING::from);
    let mut version = PWSTR::null();
    // SAFETY: `folder` outlives the call; the loader writes a string it allocated with CoTaskMemAlloc (or
    // nothing) into `version`, which is read once and freed here.
    unsafe {
        let param = folder.as_ref().map_or(PCWSTR::null(), |it| PCWSTR(it.as_ptr()));
        let res = GetAvailableCoreWebView2BrowserVersionString(param, &mut version);
        if version.is_null() {
            return Err(res.err().map_or("no runtime found".to_owned(), |it| it.message()));
        }
        let text = version.to_string().unwrap_or_default();
        CoTaskMemFree(Some(version.0 as *const _));
        res.map(|()| text).map_err(|it| it.message())
    }
}

/// Says why the app cannot start: on the error stream, and on Windows in a native message box as well, since
/// a Windows app has no console and would otherwise vanish without a word.
fn show_fatal(message: &str) {
    eprintln!("{message}");
    #[cfg(windows)]
    {
        use windows::Win32::UI::WindowsAndMessaging::{MB_ICONERROR, MB_OK, MessageBoxW};
        use windows::core::HSTRING;
        // SAFETY: both strings live until the call returns; no owner window.
        unsafe {
            MessageBoxW(
                None,
                &HSTRING::from(message),
                &HSTRING::from("Second Victim Support"),
                MB_OK | MB_ICONERROR,
            );
        }
    }
}

/// Makes every file and folder the process creates from now on private to the user (`0600` / `0700`): the
/// user database, its `-wal`/`-shm`, backups and damaged copies, on a PC other accounts share. Set before any
/// thread starts, since the mask is per process.
///
/// Unix only. The Windows equivalent needs no code: the data folder is under `%LOCALAPPDATA%`, whose
/// inherited ACL gives access to the account itself, SYSTEM and Administrators only, so every file the app
/// creates there is private to the person (docs/DEPLOYMENT.md).
fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only swaps the process's file mode mask; it cannot fail and touches no memory.
    unsafe {
        libc::umask(0o077);
    }
}

/// Takes group and other access away from the data folder and everything in it, for files an earlier version
/// created before it set the mask. Failures are ignored: the files stay as they were and the app works.
fn make_private(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let fix = |path: &Path| {
            if let Ok(meta) = std::fs::symlink_metadata(path) {
                let mode = meta.permissions().mode();
                if !meta.file_type().is_symlink() && mode & 0o077 != 0 {
                    let _ = std::fs::set_permissions(
                        path,
                        std::fs::Permissions::from_mode(mode & 0o700),
                    );
                }
            }
        };
        fix(dir);
        let mut folders = vec![dir.to_owned()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                let path = entry.path();
                fix(&path);
                if entry.file_type().is_ok_and(|it| it.is_dir()) {
                    folders.push(path);
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// On Windows, a fixed-version WebView2 runtime that IT placed in a `WebView2Runtime` folder beside the
/// executable (for PCs without the Evergreen runtime) is used, through the loader's own environment variable,
/// unless the environment already names one.
fn use_bundled_webview2() {
    #[cfg(windows)]
    {
        const VAR: &str = "WEBVIEW2_BROWSER_EXECUTABLE_FOLDER";
        let beside = std::env::current_exe()
            .ok()
            .and_then(|it| it.parent().map(|dir| dir.join("WebView2Runtime")));
        if let Some(dir) = beside.filter(|it| it.is_dir()) {
            if std::env::var_os(VAR).is_none() {
                // SAFETY: called at the start of `main` (via `run`), before any other thread exists.
                unsafe { std::env::set_var(VAR, dir) };
            }
        }
    }
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

/// The web profile folder for this process: private, in the system's temporary folder (never the user's
/// home), made fresh at start and removed at exit.
///
/// Tauri always sets up a WebKit context for the window's data folder, even when the view itself is
/// incognito and never uses it; without a folder of our own, that unused context writes its salts and HSTS
/// store into the user's data folder. Under WebDriver (`TAURI_WEBVIEW_AUTOMATION=true`, which tauri-driver
/// sets) the view uses this folder instead of being incognito: WebKitGTK cannot hand an incognito view to
/// WebDriver (wry gives it an ephemeral context of its own, without automation).
pub(crate) fn web_profile_dir() -> PathBuf {
    std::env::temp_dir().join(format!("second-victim-support-webview-{}", std::process::id()))
}

/// Removes the web profile folders that earlier runs of the app could not remove because they were killed
/// or crashed (on Linux: the folders whose process no longer exists).
fn remove_stale_web_profiles() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("second-victim-support-webview-") else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        let gone = pid != std::process::id()
            && cfg!(target_os = "linux")
            && !Path::new(&format!("/proc/{pid}")).exists();
        if gone {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether the window runs under WebDriver (the end-to-end tests and the app benchmark).
pub(crate) fn under_webdriver() -> bool {
    std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true")
}

/// Builds and runs the app on any runtime, so tests can drive it with a mock runtime.
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>) {
    let app = builder
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
            let content = match open_content() {
                Ok(it) => it,
                Err(err) => {
                    // Never a panic: a page that says what happened, what to do, and the urgent numbers.
                    eprintln!(
                        "the embedded library cannot be used: {}",
                        companion::error_chain(&err)
                    );
                    window(app, "damaged.html")?;
                    return Ok(());
                }
            };
            let state = open_state(content, app.path().app_local_data_dir()?)?;
            app.manage(state);
            window(app, "index.html")?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::get_home,
            commands::get_section,
            commands::get_item,
            commands::get_presentation,
            commands::open_audience,
            commands::show_audience_slide,
            commands::get_audience_slide,
            commands::present_key,
            commands::close_audience,
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
            commands::export_collection,
            commands::save_handout,
            commands::get_preferences,
            commands::set_preferences,
            commands::clear_my_data,
            commands::get_about,
            commands::get_notices,
            commands::install_library_pack,
            commands::get_policy,
        ])
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(err) => {
            show_fatal(&format!(
                "Second Victim Support could not start: {err}.\n\nPlease tell your IT team what this says.\n\n{}",
                NO_WEBVIEW2.rsplit("\n\n").next().unwrap_or_default()
            ));
            std::process::exit(1);
        }
    };
    app.run(|_, event| {
        if let tauri::RunEvent::Exit = event {
            let _ = std::fs::remove_dir_all(web_profile_dir());
        }
    });
}

/// Creates the main window, showing `page` of ui/, with its navigation guard and no web profile on disk (the
/// audience window, audience.rs, is made the same way when a workshop is presented).
fn window<R: Runtime>(app: &tauri::App<R>, page: &str) -> tauri::Result<()> {
    // No web profile on disk (caches, storage, HSTS, media keys): the preferences live in the user
    // database, and nothing of a session should outlive the window on a shared PC.
    remove_stale_web_profiles();
    let profile = web_profile_dir();
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile)?;
    WebviewWindowBuilder::new(app, "main", WebviewUrl::App(page.into()))
        .data_directory(profile)
        .incognito(!under_webdriver())
        .title("Second Victim Support")
        .inner_size(1100.0, 760.0)
        .min_inner_size(640.0, 480.0)
        .on_navigation(|url| is_app_url(url))
        .on_new_window(|_, _| NewWindowResponse::Deny)
        .build()?;
    Ok(())
}

/// The embedded library, checked against the SHA-256 the build recorded.
fn open_content() -> companion::Result<ContentDb> {
    #[cfg(feature = "e2e-hooks")]
    if let Some(expected) = std::env::var_os("COMPANION_E2E_CONTENT_SHA256") {
        return ContentDb::from_static_checked(CONTENT_DB, &expected.to_string_lossy());
    }
    ContentDb::from_static_checked(CONTENT_DB, CONTENT_SHA256)
}

/// Whether the webview may show `url`: only the app's own pages, never anything on the network.
///
/// Exactly the app's origin: the scheme and host the platform serves the UI from (Linux and macOS
/// `tauri://localhost`, Windows `http(s)://tauri.localhost`), with no port and no user name or password.
/// `Url` has already lower-cased the scheme (and the host of http and https), so `HTTP://Tauri.Localhost` is the
/// app, while `tauri://LocalHost` (a custom scheme's host keeps its case), `tauri.localhost.` (a trailing dot),
/// an IP address or a `%`-encoded host is not.
pub fn is_app_url(url: &Url) -> bool {
    // A domain name only: `domain()` is `None` for IP addresses.
    let Some(host) = url.domain() else { return false };
    let origin_ok = match url.scheme() {
        "tauri" => host == "localhost",
        "http" | "https" => host == "tauri.localhost",
        _ => false,
    };
    origin_ok && url.port().is_none() && url.username().is_empty() && url.password().is_none()
}

/// Opens the content and user databases and reads the organisation's contacts; never fails on user data.
fn open_state(
    content: ContentDb,
    data_dir: PathBuf,
) -> Result<AppState, Box<dyn std::error::Error>> {
    make_private(&data_dir);
    let user_db_path = data_dir.join("user.sqlite3");
    let mut notices = Vec::new();
    let dirs = system_dirs();
    // The organisation's policy first: on a shared computer the file on disk is never opened.
    let policy = load_policy(&dirs, &mut notices);
    let user = if policy.shared_computer {
        None
    } else {
        match UserDb::open(&user_db_path) {
            Ok((user, report)) => {
                if let Some(problem) = report.backup_problem {
                    // Logged only: bookmarks work, and the backup is tried again at the next start.
                    eprintln!("daily backup of the user database failed: {problem}");
                }
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
                notices.push(unavailable_notice(&err, &data_dir));
                None
            }
        }
    };
    // The organisation's services are search results too.
    let organisation = load_organisation();
    // The library: the built-in one, or a newer signed pack (installed by the person, or placed by IT).
    let (keys, key_problems) = trusted_keys(&dirs);
    for problem in key_problems {
        eprintln!("a trusted key was not read: {problem}");
    }
    let pack_dest = data_dir.join(INSTALLED_PACK);
    let mut candidates = vec![pack_dest.clone()];
    for dir in &dirs {
        candidates.extend(companion::pack::packs_in(&dir.join("packs")));
    }
    let (library, problems) = companion::pack::choose(content, &candidates, &keys);
    for problem in problems.into_iter().take(3) {
        eprintln!("{problem}");
        notices.push(format!("{problem} The library in use is still complete and checked."));
    }
    let mut companion =
        Companion::with_library(library, user, &user_db_path, organisation.contacts)?;
    companion.apply_policy(policy);
    Ok(AppState {
        companion: Mutex::new(companion),
        organisation_error: organisation.error,
        notices: Mutex::new(notices),
        audience: Mutex::new(None),
        keys,
        pack_dest,
    })
}

/// The notice shown when the user database cannot be opened: what happened, that the rest works, what to do.
fn unavailable_notice(err: &companion::Error, data_dir: &Path) -> String {
    let what_to_do = match err {
        companion::Error::SchemaTooNew { .. } => "Your bookmarks were last saved by a newer version of this app: use that version, or ask your IT team to update this one. Your file has not been changed.".to_owned(),
        companion::Error::Io { .. } => format!(
            "The app cannot write to its folder ({}). Ask your IT team to check that your account can write there, or that the disk is not full.",
            data_dir.display()
        ),
        _ => "Your file has not been changed. Settings → Clear my data starts afresh, but deletes your bookmarks.".to_owned(),
    };
    format!(
        "Bookmarks and settings are off this time because their file could not be opened ({}). Reading and searching work as usual. {what_to_do}",
        companion::error_chain(err)
    )
}

/// The folders where an organisation deploys its files: `organisation-contacts.toml`, `trusted-keys/*.pub`
/// and `packs/*.svpack` (docs/DEPLOYMENT.md).
fn system_dirs() -> Vec<PathBuf> {
    let exe_dir = std::env::current_exe().ok().and_then(|it| it.parent().map(Path::to_path_buf));
    system_dirs_in(&|name| std::env::var_os(name), exe_dir.as_deref())
}

/// [`system_dirs`] for a given environment and executable folder: the folder of the contacts file the
/// environment names, the executable's folder, then the system folder (Windows
/// `%ProgramData%\SecondVictimSupport\`, Linux `/etc/second-victim-support/`).
fn system_dirs_in(
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    exe_dir: Option<&Path>,
) -> Vec<PathBuf> {
    let mut res: Vec<PathBuf> = organisation_paths_in(env, exe_dir)
        .into_iter()
        .filter_map(|it| it.parent().map(Path::to_path_buf))
        .collect();
    res.dedup();
    res
}

/// The keys packs may be signed with: those built into the app, then each system folder's
/// `trusted-keys/*.pub`; and what was wrong with any key file.
fn trusted_keys(dirs: &[PathBuf]) -> (Vec<companion::pack::TrustedKey>, Vec<String>) {
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    for text in BUILT_IN_KEYS.split("\n\n").map(str::trim).filter(|it| !it.is_empty()) {
        match companion::pack::TrustedKey::parse(text, "built into this app") {
            Ok(key) => keys.push(key),
            Err(err) => problems.push(err.to_string()),
        }
    }
    for dir in dirs {
        let (found, bad) = companion::pack::TrustedKey::read_dir(&dir.join("trusted-keys"));
        keys.extend(found);
        problems.extend(bad);
    }
    (keys, problems)
}

/// The organisation's policy: the first `organisation-policy.toml` in the system folders. A file with problems
/// is named in a notice and the computer is treated as shared ([`companion::policy::Policy::fail_safe`]).
fn load_policy(dirs: &[PathBuf], notices: &mut Vec<String>) -> companion::policy::Policy {
    let Some(path) =
        dirs.iter().map(|it| it.join(companion::policy::POLICY_FILE)).find(|it| it.is_file())
    else {
        return companion::policy::Policy::default();
    };
    let (policy, problems) = companion::policy::load(&path);
    if !problems.is_empty() {
        let first: Vec<String> = problems.iter().take(3).map(ToString::to_string).collect();
        notices.push(format!(
            "Your organisation's policy file has a problem, so this computer is treated as shared: bookmarks last only until you leave or close the app. Please tell your IT team: {}",
            first.join("; ")
        ));
    }
    policy
}

/// The places an organisation's contacts file is looked for, first found wins.
fn organisation_paths() -> Vec<PathBuf> {
    let exe_dir = std::env::current_exe().ok().and_then(|it| it.parent().map(Path::to_path_buf));
    organisation_paths_in(&|name| std::env::var_os(name), exe_dir.as_deref())
}

/// [`organisation_paths`] for a given environment and executable folder: the file the environment names,
/// the file beside the executable, then the system folder (Windows `%ProgramData%\SecondVictimSupport\`).
fn organisation_paths_in(
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    exe_dir: Option<&Path>,
) -> Vec<PathBuf> {
    let mut res = Vec::new();
    if let Some(path) = env("COMPANION_ORGANISATION_CONTACTS") {
        res.push(PathBuf::from(path));
    }
    if let Some(dir) = exe_dir {
        res.push(dir.join(ORGANISATION_FILE));
    }
    if cfg!(target_os = "windows") {
        if let Some(dir) = env("ProgramData") {
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
    load_organisation_from(&organisation_paths())
}

/// Reads the first of `paths` that exists.
fn load_organisation_from(paths: &[PathBuf]) -> Organisation {
    let Some(path) = paths.iter().find(|it| it.is_file()) else {
        return Organisation::default();
    };
    let (contacts, diagnostics) = companion::content::load_contacts(path);
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
