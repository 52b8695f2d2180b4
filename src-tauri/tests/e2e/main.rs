//! End-to-end journeys: the real app in a real window under Xvfb, driven over WebDriver (tauri-driver and
//! WebKitWebDriver), written as what a person does. Each journey starts its own app with its own data home.
//! Screenshots of every screen go to target/e2e-screenshots/.

mod harness;
mod hostile;

use std::time::Duration;

use harness::{App, Browser, Home, SERIAL};

/// WebDriver key codes.
const ALT: &str = "\u{E00A}";
const ESCAPE: &str = "\u{E00C}";
const ENTER: &str = "\u{E007}";
const ARROW_DOWN: &str = "\u{E015}";
const ARROW_RIGHT: &str = "\u{E014}";
const ARROW_LEFT: &str = "\u{E012}";
const NULL: &str = "\u{E000}";

async fn go(app: &App, hash: &str) {
    app.js(&format!("location.hash = {}; return null;", serde_json::to_string(hash).unwrap()))
        .await;
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|it| it.into_inner())
}

#[tokio::test]
async fn the_home_page_shows_the_four_questions_and_the_pathways() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    app.wait_until("four questions", "document.querySelectorAll('main .question').length === 4")
        .await;
    let questions = app.text("main .questions").await.to_lowercase();
    for it in ["what is a second victim", "help", "why", "term"] {
        assert!(questions.contains(it), "{questions}");
    }
    let pathways = app.text("main .pathways").await;
    for it in
        ["Something has just happened", "supporting a colleague", "manager", "running a session"]
    {
        assert!(pathways.contains(it), "{pathways}");
    }
    app.save_screenshot("01-home").await;
    app.quit().await;
}

#[tokio::test]
async fn searching_for_guilt_shows_ranked_highlighted_results_and_opens_one() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    // `/` focuses the search box from anywhere.
    app.js("document.activeElement && document.activeElement.blur(); return null;").await;
    app.type_into("body", "/").await;
    app.wait_until(
        "search box focused",
        "document.activeElement && document.activeElement.id === 'search-box'",
    )
    .await;
    app.keys("guilt").await;
    app.wait_until("results", "document.querySelectorAll('main .results > li').length > 2").await;
    app.wait_until("highlighted snippet", "document.querySelector('main .results .snippet mark')")
        .await;
    let status = app.text_of_hidden("main [role=status]").await;
    assert!(
        status.chars().any(|c| c.is_ascii_digit()),
        "the result count is announced: {status:?}"
    );
    let marks = app.js("return [...document.querySelectorAll('main .results mark')].map(m => m.textContent.toLowerCase());").await;
    assert!(
        marks.as_array().unwrap().iter().any(|it| it.as_str().unwrap().starts_with("guilt")),
        "{marks}"
    );
    app.save_screenshot("03-search").await;

    // Arrow keys move through the results; Enter opens one.
    app.keys(ARROW_DOWN).await;
    app.wait_until(
        "first result focused",
        "document.activeElement && document.activeElement.closest('main .results')",
    )
    .await;
    let title = app
        .js("return document.activeElement.textContent.trim();")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    app.keys(ENTER).await;
    app.wait_until("article opened", "location.hash.startsWith('#/article/')").await;
    let heading = app.text("main h1").await;
    assert!(
        title.starts_with(heading.trim()) || heading.contains(title.trim()),
        "opened {heading:?} from {title:?}"
    );
    app.wait_until(
        "query words highlighted on the page",
        "document.querySelector('main mark.query-hit')",
    )
    .await;
    app.save_screenshot("04-article-from-search").await;

    // Esc Esc leaves: the search is cleared and the neutral home shows.
    app.keys(&format!("{ESCAPE}{ESCAPE}")).await;
    app.wait_until("home after leave", "location.hash === '#/' || location.hash === ''").await;
    let query = app.js("return document.getElementById('search-box').value;").await;
    assert_eq!(query, "");
    app.quit().await;
}

/// Types `text` into the header search box, letter by letter, as a person does (no Enter).
async fn type_search(app: &App, text: &str) {
    app.js("document.activeElement && document.activeElement.blur(); return null;").await;
    app.type_into("body", "/").await;
    app.wait_until(
        "search box focused",
        "document.activeElement && document.activeElement.id === 'search-box'",
    )
    .await;
    for c in text.chars() {
        app.keys(&c.to_string()).await;
    }
}

#[tokio::test]
async fn a_person_typing_that_they_feel_suicidal_is_shown_help_before_any_result() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    type_search(&app, "I feel suicidal").await;
    // Before Enter: the urgent card of Help now, above the results.
    app.wait_until(
        "urgent card shown while typing",
        "document.querySelector('main .crisis:not([hidden]) .care-card.-emergency')",
    )
    .await;
    app.wait_until("results", "document.querySelectorAll('main .results > li').length > 0").await;
    let card = app.text("main .crisis").await;
    for it in ["If a life is at risk now", "999", "116 123", "85258"] {
        assert!(card.contains(it), "{it:?} missing from the card: {card}");
    }
    // Each service says where its details come from, and when, as precisely as the source says, or that the
    // date is not known: never a day nobody saw.
    assert!(
        card.contains("Details as published by") || card.contains("Date not known"),
        "no provenance on the card: {card}"
    );
    let above = app
        .js("const c = document.querySelector('main .crisis'), r = document.querySelector('main .results'); return Boolean(c.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING) && c.getBoundingClientRect().top < r.getBoundingClientRect().top;")
        .await;
    assert_eq!(above, true, "the card comes before the results, on the screen and for Tab");
    let first = app.js("return document.querySelector('main .results > li a').textContent;").await;
    assert_eq!(first, "When it is more than stress", "the items about getting help come first");
    // Announced once, politely; typing on does not redraw (or re-announce) the card.
    let live = app.text_of_hidden("main .crisis-live").await;
    assert!(live.contains("116 123"), "{live}");
    assert_eq!(
        app.js("return document.querySelector('main .crisis-live').getAttribute('aria-live');")
            .await,
        "polite"
    );
    app.js("window.__card = document.querySelector('main .crisis .care-card'); return null;").await;
    app.save_screenshot("14-search-crisis").await;
    for c in " tonight".chars() {
        app.keys(&c.to_string()).await;
    }
    app.wait_until("search updated", "location.hash.includes('tonight')").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        app.js("return window.__card === document.querySelector('main .crisis .care-card');").await,
        true,
        "the card was drawn again while the person typed"
    );
    // Tab from the search box reaches the card's Copy buttons before any result.
    app.js("document.getElementById('search-box').focus(); return null;").await;
    let mut reached = String::new();
    for _ in 0..40 {
        app.keys("\u{E004}").await;
        let at = app
            .js("const a = document.activeElement; return a.closest('main .crisis') && a.matches('.copy-button') ? 'card' : a.closest('main .results') ? 'results' : '';")
            .await;
        if at != "" {
            reached = at.as_str().unwrap().to_owned();
            break;
        }
    }
    assert_eq!(reached, "card", "Tab reaches a Copy button of the urgent card first");
    app.quit().await;
}

#[tokio::test]
async fn words_about_a_patients_death_show_ordinary_results_without_the_urgent_card() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    type_search(&app, "patient died").await;
    app.wait_until("results", "document.querySelectorAll('main .results > li').length > 2").await;
    app.wait_until("search settled", "location.hash.includes('died')").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(app.js("return document.querySelector('main .crisis').hidden;").await, true);
    assert_eq!(app.js("return document.querySelectorAll('main .result.-pinned').length;").await, 0);
    app.quit().await;
}

#[tokio::test]
async fn searching_for_a_service_opens_help_now_at_its_card() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    type_search(&app, "samaritans").await;
    app.wait_until("service result", "document.querySelector('main .results > li.-service')").await;
    let first = app.text("main .results > li:first-child").await;
    assert!(first.contains("Samaritans") && first.contains("116 123"), "{first}");
    app.save_screenshot("15-search-service").await;
    app.click("main .results > li.-service .title a").await;
    app.wait_until("help at the card", "location.hash === '#/help/samaritans'").await;
    app.wait_until(
        "the Samaritans card has focus",
        "document.activeElement && document.activeElement.id === 'help-contact-samaritans'",
    )
    .await;
    app.save_screenshot("16-help-at-samaritans").await;
    app.quit().await;
}

#[tokio::test]
async fn a_misspelling_with_no_results_is_searched_corrected() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    type_search(&app, "coronor").await;
    app.wait_until("corrected", "document.querySelector('main .notes .corrected')").await;
    let note = app.text("main .notes .corrected").await;
    assert!(
        note.contains("Showing results for coroner") && note.contains("Search instead for coronor"),
        "{note}"
    );
    let first = app.text("main .results > li:first-child .title").await;
    assert!(first.contains("inquest"), "{first}");
    app.save_screenshot("17-search-corrected").await;
    // The words as typed, on request: nothing matches, and "Did you mean" offers the correction.
    app.click("main .notes .corrected [data-exact]").await;
    app.wait_until("exact search", "location.hash.includes('exact=1')").await;
    app.wait_until("did you mean", "document.querySelector('main .notes .suggestion')").await;
    assert_eq!(app.js("return document.querySelectorAll('main .results > li').length;").await, 0);
    app.quit().await;
}

#[tokio::test]
async fn a_bookmark_survives_quitting_and_relaunching() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/search?q=inquest").await;
    app.wait_until("search ran", "document.querySelectorAll('main .results > li').length > 0")
        .await;
    go(&app, "#/article/common-reactions").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=false]").await;
    app.click("main .bookmark-tools .toggle").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=true]").await;
    app.quit().await;
    // Privacy on shared PCs: nothing the person searched for is written anywhere in the app's folders.
    for file in files_under(home.dir.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!contains(&bytes, b"inquest"), "{} keeps the search words", file.display());
    }

    let app = App::launch(&home, &[]).await;
    go(&app, "#/bookmarks").await;
    app.wait_until(
        "bookmark listed",
        "document.querySelector('main').textContent.includes('Common reactions')",
    )
    .await;
    app.save_screenshot("05-bookmarks").await;
    go(&app, "#/article/common-reactions").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=true]").await;
    app.quit().await;
}

#[tokio::test]
async fn a_full_session_leaves_only_the_private_user_database() {
    let _serial = lock();
    let home = Home::new();
    let outside = tempfile::tempdir().unwrap();
    let export = outside.path().join("export.json");
    let app = App::launch(&home, &[("COMPANION_E2E_DIALOG_FILE", &export)]).await;
    // Search (with a sentinel word), read, bookmark, change a setting, export.
    type_search(&app, "zwieback coping").await;
    app.wait_until("results", "document.querySelectorAll('main .results > li').length > 0").await;
    go(&app, "#/article/how-people-cope").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=false]").await;
    app.click("main .bookmark-tools .toggle").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=true]").await;
    go(&app, "#/settings").await;
    app.wait_for("main h1").await;
    app.js("const dark = document.querySelector('main input[name=theme][value=dark]'); if (dark) dark.click(); return null;")
        .await;
    go(&app, "#/bookmarks").await;
    app.click("main [data-do=export]").await;
    app.wait_until("exported", "document.querySelector('main').textContent.match(/1 bookmark/)")
        .await;
    assert!(export.is_file(), "the export was written where the dialog said");
    app.quit().await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    // The data folder holds the user database (and its backups) and nothing else: no web profile.
    let data = home.data_dir();
    let mut names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|it| it.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        assert!(
            ["user.sqlite3", "user.sqlite3-wal", "user.sqlite3-shm", "user.sqlite3.backups"]
                .contains(&name.as_str()),
            "unexpected {name} in the data folder: {names:?}"
        );
    }
    assert!(names.contains(&"user.sqlite3".to_owned()), "{names:?}");
    // Nothing of the app under the config or cache homes either (the toolkit's own caches, such as Mesa's
    // shaders, are not the app's and hold nothing of the session; the sentinel check below covers them).
    for other in ["config", "cache"] {
        let leftover: Vec<_> = files_under(&home.dir.path().join(other))
            .into_iter()
            .filter(|it| it.to_string_lossy().contains("secondvictim"))
            .collect();
        assert!(leftover.is_empty(), "{other}: {leftover:?}");
    }
    // Private: no path under the data folder is open to the group or to other accounts. (Unix modes; on Windows
    // the folder is under %LOCALAPPDATA%, whose inherited ACL already keeps other accounts out.)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut paths = files_under(&data);
        paths.push(data.clone());
        paths.push(data.join("user.sqlite3.backups"));
        for path in paths.iter().filter(|it| it.exists()) {
            let mode = std::fs::metadata(path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{} is {:o}", path.display(), mode & 0o777);
        }
    }
    // The sentinel word typed into search is in no file under the home (data, config, cache, recent files).
    for file in files_under(home.dir.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!contains(&bytes, b"zwieback"), "{} keeps the search words", file.display());
    }
}

#[test]
fn started_as_a_person_starts_it_the_app_keeps_no_web_profile() {
    let _serial = lock();
    let home = Home::new();
    // Long enough for WebKit to set up its context, load the home page and call the core.
    let first = harness::run_plain(&home, Duration::from_secs(6));
    let data = home.data_dir();
    assert!(data.join("user.sqlite3").is_file(), "the app ran and opened its database");
    let mut left: Vec<String> = files_under(home.dir.path())
        .iter()
        .map(|it| it.strip_prefix(home.dir.path()).unwrap().to_string_lossy().into_owned())
        .collect();
    left.sort();
    for it in left.iter().filter(|it| it.contains("secondvictim")) {
        assert!(
            it.starts_with("data/uk.secondvictim.companion/user.sqlite3"),
            "incognito: no web profile on disk, but found {it} in {left:?}"
        );
    }
    // The throw-away profile folder of a run that was killed (no clean exit) is removed by the next start.
    let profile = std::env::temp_dir().join(format!("second-victim-support-webview-{first}"));
    assert!(profile.is_dir(), "the killed run left its profile folder {}", profile.display());
    harness::run_plain(&home, Duration::from_secs(4));
    assert!(!profile.exists(), "the next start removed {}", profile.display());
}

#[tokio::test]
async fn hostile_content_rendered_by_the_core_runs_nothing_in_the_real_webview() {
    use std::io::Read;
    let _serial = lock();
    // A loopback server that counts every connection made to it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let corpus = hostile::corpus(port);
    assert!(corpus.len() >= 200, "{} payloads", corpus.len());
    let context = companion::markdown::LinkContext { section: "for-you", slug: "hostile" };
    let rendered: Vec<String> = corpus
        .iter()
        .map(|it| companion::markdown::render(it, context).html.as_str().to_owned())
        .collect();

    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/article/how-people-cope").await;
    app.wait_until("article", "document.querySelector('main .article-body')").await;
    // Dialogs are recorded, not shown; the page's own address is remembered.
    app.js("window.__dialogs = 0; window.alert = window.confirm = window.prompt = () => { window.__dialogs++; }; window.__start = location.href; return null;").await;
    // Every rendered payload goes in through the app's one path for the core's HTML: trusted() into the page.
    let inserted = app
        .client
        .execute_async(
            "const [pages, done] = [arguments[0], arguments[arguments.length - 1]];
             import('./html.js').then(({ render, trusted }) => {
               const body = document.querySelector('main .article-body');
               for (const page of pages) {
                 const el = document.createElement('div');
                 body.append(el);
                 render(el, trusted(page));
               }
               setTimeout(() => done(pages.length), 1500);
             }, (e) => done('import failed: ' + e));",
            vec![serde_json::json!(rendered)],
        )
        .await
        .unwrap();
    assert_eq!(inserted, serde_json::json!(rendered.len()));
    // Give anything that was going to run a moment, and focus and toggle what could fire handlers.
    app.js("for (const el of document.querySelectorAll('main .article-body *')) { try { el.focus(); } catch {} } return null;").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        app.js("return window.__pwned === undefined;").await,
        true,
        "a payload set the sentinel"
    );
    assert_eq!(app.js("return window.__dialogs;").await, 0, "a payload opened a dialog");
    assert_eq!(
        app.js("return location.href === window.__start;").await,
        true,
        "a payload navigated"
    );
    // Nothing reached the loopback server.
    let mut connections = 0;
    while let Ok((mut stream, _)) = listener.accept() {
        let mut buf = [0u8; 256];
        let _ = stream.read(&mut buf);
        connections += 1;
    }
    assert_eq!(connections, 0, "a payload made a request to the loopback server");
    // And nothing dangerous survived sanitising into the page: no script, handler or foreign address.
    let survivors = app
        .js("const bad = []; for (const el of document.querySelectorAll('main .article-body *')) {
               if (['SCRIPT','IFRAME','OBJECT','EMBED','STYLE','LINK','BASE','META','FORM','SVG','MATH','IMG','VIDEO','AUDIO'].includes(el.tagName.toUpperCase())) bad.push(el.tagName);
               for (const a of el.attributes) {
                 if (/^on/i.test(a.name) || /^(javascript|data|http|[/][/])/i.test(a.value.trim()) || a.name === 'style') bad.push(el.tagName + ' ' + a.name + '=' + a.value);
               }
             } return bad;")
        .await;
    assert_eq!(survivors, serde_json::json!([]), "survivors of sanitising");
    app.quit().await;
}

#[tokio::test]
async fn a_damaged_library_shows_a_page_with_the_urgent_numbers_instead_of_crashing() {
    let _serial = lock();
    let home = Home::new();
    // The test build can be told to expect another hash: the embedded library then fails its check at start.
    let wrong =
        std::path::Path::new("0000000000000000000000000000000000000000000000000000000000000000");
    let app = App::launch(&home, &[("COMPANION_E2E_CONTENT_SHA256", wrong)]).await;
    let page = app.text_of_hidden("main").await;
    for it in ["This copy of the app is damaged", "Reinstall", "999", "116 123", "85258"] {
        assert!(page.contains(it), "{it:?} missing: {page}");
    }
    app.save_screenshot("19-damaged-library").await;
    app.quit().await;
}

#[tokio::test]
async fn an_unwritable_data_folder_leaves_reading_and_search_working_with_a_notice() {
    let _serial = lock();
    let home = Home::new();
    // A file where the data folder should be: nothing can be created there (this works even as root, where a
    // read-only folder would not stop anything).
    std::fs::create_dir_all(home.dir.path().join("data")).unwrap();
    std::fs::write(home.data_dir(), b"not a folder").unwrap();
    let app = App::launch(&home, &[]).await;
    app.wait_until(
        "a notice says bookmarks are off and why",
        "document.getElementById('notices') && document.getElementById('notices').textContent.includes('Bookmarks and settings are off this time')",
    )
    .await;
    // Its text as the page holds it: WebDriver's visible text can be empty while the banner fades in.
    let notice = app.text_of_hidden("#notices").await;
    assert!(notice.contains("Reading and searching work as usual"), "{notice}");
    app.save_screenshot("18-home-bookmarks-off").await;
    type_search(&app, "sleep").await;
    app.wait_until("results", "document.querySelectorAll('main .results > li').length > 0").await;
    go(&app, "#/article/how-people-cope").await;
    app.wait_until("article", "document.querySelector('main .article-body')").await;
    go(&app, "#/help").await;
    app.wait_until("help", "document.querySelector('main').textContent.includes('116 123')").await;
    app.quit().await;
    assert_eq!(std::fs::read(home.data_dir()).unwrap(), b"not a folder", "nothing was changed");
}

#[tokio::test]
async fn export_then_clear_my_data_then_import_restores_bookmarks() {
    let _serial = lock();
    let home = Home::new();
    let file = home.dir.path().join("my-bookmarks.json");
    let app = App::launch(&home, &[("COMPANION_E2E_DIALOG_FILE", &file)]).await;
    go(&app, "#/article/the-first-days-and-weeks").await;
    app.click("main .bookmark-tools .toggle").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=true]").await;

    go(&app, "#/bookmarks").await;
    app.click("main [data-do=export]").await;
    app.wait_until(
        "export reported",
        "document.querySelector('main').textContent.match(/1 bookmark/)",
    )
    .await;
    assert!(file.is_file(), "the export file was written");

    go(&app, "#/settings").await;
    app.click("main [data-do=clear-start]").await;
    app.click("main [data-do=clear-confirm]").await;
    app.wait_until(
        "what was removed is listed",
        "document.querySelector('main').textContent.includes('user.sqlite3')",
    )
    .await;
    app.save_screenshot("06-settings-cleared").await;
    let db = home.data_dir().join("user.sqlite3");
    let leftover = std::fs::read(&db).unwrap_or_default();
    assert!(
        !String::from_utf8_lossy(&leftover).contains("the-first-days-and-weeks"),
        "no trace of the bookmark after clearing"
    );

    go(&app, "#/bookmarks").await;
    app.wait_until(
        "bookmarks empty",
        "!document.querySelector('main').textContent.includes('The first days')",
    )
    .await;
    app.click("main [data-do=import]").await;
    app.wait_until(
        "bookmark restored",
        "document.querySelector('main').textContent.includes('The first days')",
    )
    .await;
    app.quit().await;
}

#[tokio::test]
async fn help_now_opens_from_every_screen_by_keyboard() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    for (idx, hash) in [
        "#/",
        "#/section/for-you",
        "#/article/how-people-cope",
        "#/search?q=sleep",
        "#/bookmarks",
        "#/settings",
        "#/about",
    ]
    .iter()
    .enumerate()
    {
        go(&app, hash).await;
        app.wait_until("screen shown", "document.querySelector('main h1')").await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        app.js("document.activeElement && document.activeElement.blur(); return null;").await;
        app.type_into("body", &format!("{ALT}h{NULL}")).await;
        app.wait_until(&format!("help from {hash}"), "location.hash === '#/help'").await;
        app.wait_until("urgent routes first", "document.querySelector('main .care-card') && document.querySelector('main').textContent.includes('116 123')").await;
        if idx == 0 {
            app.save_screenshot("07-help-now").await;
        }
    }
    // The button works too, and looks the same everywhere.
    go(&app, "#/about").await;
    app.click("header [data-action=help-now]").await;
    app.wait_until("help from the button", "location.hash === '#/help'").await;
    app.quit().await;
}

#[tokio::test]
async fn an_external_address_never_navigates() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/article/where-can-i-get-help").await;
    app.wait_for("main h1").await;
    // Any rendered external link is text with a copy button, not a link.
    let anchors = app.js("return [...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('#'));").await;
    assert_eq!(anchors, serde_json::json!([]), "only in-app links exist");
    // Even a script trying to leave is refused by the shell's navigation guard, and new windows are refused.
    let opened = app.js("try { return window.open('https://example.org/') === null; } catch (e) { return true; }").await;
    assert_eq!(opened, true);
    app.js("location.href = 'https://example.org/'; return null;").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let url = app.js("return location.href;").await;
    assert!(!url.as_str().unwrap().contains("example.org"), "navigated away: {url}");
    app.wait_for("main h1").await;
    app.quit().await;
}

#[tokio::test]
async fn a_story_shows_its_content_warning_before_the_text() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/article/story-junior-doctor").await;
    app.wait_for("main .warning-gate").await;
    let hidden = app
        .js("const c = document.querySelector('main .article-content'); return !c || c.hidden;")
        .await;
    assert_eq!(hidden, true, "the story text is not shown before the warning is accepted");
    app.save_screenshot("08-story-warning").await;
    app.click("main .warning-gate .continue").await;
    app.wait_until("story shown", "!document.querySelector('main .article-content').hidden").await;
    let text = app.text("main .article-body").await;
    assert!(text.contains("illustrative account"), "the story is labelled illustrative");
    app.save_screenshot("09-story").await;
    app.quit().await;
}

#[tokio::test]
async fn a_malformed_organisation_contacts_file_gives_a_message_and_the_app_still_works() {
    let _serial = lock();
    let home = Home::new();
    let file = home.dir.path().join("organisation-contacts.toml");
    std::fs::write(
        &file,
        "[[contact]]\nid = \"wellbeing\"\nname = \"Staff wellbeing team\"\ngroup = \"workplace\"\nwho = \"Staff.\"\noffers = \"Support.\"\nphone = \"ext. 4455\"\nnations = [\"england\"]\nprofessions = [\"all\"]\nseen = 2026-11-01\nseen_at = \"intranet\"\n",
    )
    .unwrap();
    let app = App::launch(&home, &[("COMPANION_ORGANISATION_CONTACTS", &file)]).await;
    go(&app, "#/help").await;
    app.wait_until("organisation message", "document.querySelector('main .-organisation') && document.querySelector('main .-organisation').textContent.includes('malformed phone number')").await;
    app.save_screenshot("10-help-organisation-error").await;
    go(&app, "#/section/for-you").await;
    app.wait_until(
        "the rest still works",
        "document.querySelectorAll('main a[href^=\"#/article/\"]').length >= 9",
    )
    .await;
    app.quit().await;
}

#[tokio::test]
async fn every_screen_passes_axe_for_wcag_2_2_a_and_aa() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    let axe = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../node_modules/axe-core/axe.min.js"
    ))
    .expect("axe-core is missing; run scripts/setup.sh test (npm ci)");
    // Each screen with what must be on it before it is checked.
    let results = "document.querySelectorAll('main .results > li').length > 0";
    let screens = [
        ("home", "#/", "true"),
        ("section", "#/section/understanding", "true"),
        ("article", "#/article/six-stages-of-recovery", "true"),
        ("story-warning", "#/article/story-midwife", "true"),
        ("search", "#/search?q=sleep", results),
        (
            "search-crisis",
            "#/search?q=I%20feel%20suicidal",
            "document.querySelector('main .crisis:not([hidden]) .care-card')",
        ),
        (
            "search-services",
            "#/search?q=samaritans",
            "document.querySelector('main .result.-service')",
        ),
        (
            "search-corrected",
            "#/search?q=coronor",
            "document.querySelector('main .notes .corrected')",
        ),
        ("bookmarks", "#/bookmarks", "true"),
        ("help", "#/help", "true"),
        (
            "help-at-a-service",
            "#/help/samaritans",
            "document.querySelector('main .contact.-target')",
        ),
        ("settings", "#/settings", "true"),
        ("about", "#/about", "true"),
        (
            "workshop",
            "#/article/workshop-awareness-60",
            "document.querySelector('main .session-panel .timings td')",
        ),
        (
            "present",
            "#/present/workshop-awareness-60",
            "document.querySelector('main .present-view .notes-body')",
        ),
    ];
    let mut failures = Vec::new();
    for (name, hash, ready) in screens {
        go(&app, hash).await;
        app.wait_until("screen shown", "document.querySelector('main h1')").await;
        app.wait_until(&format!("{name} ready"), ready).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.save_screenshot(&format!("axe-{name}")).await;
        app.js(&format!("{axe}\nreturn null;")).await;
        let result = tokio::time::timeout(
            Duration::from_secs(60),
            app.client.execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ') + ')')))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            ),
        )
        .await
        .expect("axe timed out")
        .expect("axe script failed");
        for violation in result.as_array().unwrap() {
            failures.push(format!("{name}: {}", violation.as_str().unwrap()));
        }
    }
    app.quit().await;
    assert!(failures.is_empty(), "accessibility violations:\n{}", failures.join("\n"));
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut res = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            res.extend(files_under(&path));
        } else if !path.to_string_lossy().contains("/bus") {
            res.push(path);
        }
    }
    res
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|it| it.eq_ignore_ascii_case(needle))
}

#[tokio::test]
async fn a_second_launch_focuses_the_running_window_instead_of_opening_another() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    let started = std::time::Instant::now();
    let status = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::process::Command::new(env!("CARGO_BIN_EXE_companion-app"))
            .envs(app.env.iter().map(|(k, v)| (k, v)))
            .status(),
    )
    .await
    .expect("the second instance did not hand over and exit")
    .unwrap();
    assert!(status.success(), "{status:?}");
    eprintln!("second instance exited in {:?}", started.elapsed());
    // The first window is still there and working.
    go(&app, "#/about").await;
    app.wait_until(
        "first instance still works",
        "document.querySelector('main h1').textContent.includes('About')",
    )
    .await;
    app.save_screenshot("11-about").await;
    app.quit().await;
}

#[tokio::test]
async fn malformed_ipc_calls_get_typed_errors_and_never_crash_the_app() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    let calls = [
        ("get_item", r#"{"slug": "../../etc/passwd"}"#, "invalidInput"),
        ("get_item", r#"{"slug": "no-such-item"}"#, "notFound"),
        ("get_section", r#"{"id": "Nope Nope"}"#, "invalidInput"),
        (
            "search_items",
            r#"{"query": "x", "section": null, "audience": "patients", "kind": null, "limit": 20, "offset": 0}"#,
            "invalidInput",
        ),
        (
            "search_items",
            r#"{"query": "x", "section": null, "audience": null, "kind": null, "limit": 100000, "offset": 0}"#,
            "invalidInput",
        ),
        ("add_bookmark", r#"{"slug": "not-an-item", "collection": null}"#, "notFound"),
        (
            "set_preferences",
            r#"{"preferences": {"theme": "neon", "textSize": 100, "reducedMotion": "on"}}"#,
            "invalidInput",
        ),
    ];
    for (command, args, kind) in calls {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('{command}', {args}).then(() => done('ok'), e => done(e && e.kind ? e.kind : 'untyped: ' + e));"
        );
        let got = tokio::time::timeout(harness::STEP, app.client.execute_async(&script, vec![]))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got, kind, "{command} {args}");
    }
    // Wrong argument types are refused by the IPC layer itself; the app carries on.
    let script = "const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('get_item', {slug: 5}).then(() => done('ok'), e => done('refused'));";
    let got = tokio::time::timeout(harness::STEP, app.client.execute_async(script, vec![]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, "refused");
    go(&app, "#/section/stories").await;
    app.wait_until(
        "still working",
        "document.querySelectorAll('main a[href^=\"#/article/story\"]').length >= 8",
    )
    .await;
    app.quit().await;
}

#[tokio::test]
async fn text_at_200_percent_keeps_every_control_reachable() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/settings").await;
    app.wait_for("main h1").await;
    app.click("main input[name=textSize][value='200']").await;
    app.wait_until("text size applied", "document.documentElement.dataset.textSize === '200'")
        .await;
    go(&app, "#/").await;
    app.wait_for("main .question").await;
    // Nothing overflows sideways: the page never needs horizontal scrolling at 200%.
    let overflow = app
        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        .await;
    assert!(overflow.as_i64().unwrap() <= 1, "horizontal overflow of {overflow} px at 200%");
    app.save_screenshot("12-home-200-percent").await;
    go(&app, "#/help").await;
    app.wait_for("main .care-card").await;
    app.save_screenshot("13-help-200-percent").await;
    app.quit().await;
}

#[tokio::test]
async fn a_trainer_presents_a_workshop_by_keyboard_with_notes_kept_off_the_audience_screen() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    // The workshop's page draws its timings from the segments and offers to present it.
    go(&app, "#/article/workshop-awareness-60").await;
    app.wait_for("main .session-panel .timings tbody tr").await;
    let rows = app
        .js("return document.querySelectorAll('main .session-panel .timings tbody tr').length;")
        .await;
    let rows = rows.as_u64().unwrap();
    assert!(rows >= 5, "one row per segment: {rows}");
    app.save_screenshot("20-workshop-timings").await;
    let first_minutes = app
        .js("return Number(document.querySelector('main .session-panel .timings tbody td:nth-child(2)').textContent);")
        .await
        .as_f64()
        .unwrap();

    // A clock the test can move: the presenter's timer reads Date.now().
    app.js("const real = Date.now.bind(Date); window.__shift = 0; Date.now = () => real() + window.__shift; return null;").await;
    app.click("main [data-present]").await;
    app.wait_for("main .present-view .notes-body").await;
    assert_eq!(
        app.js("return document.querySelector('.app-header').offsetParent === null;").await,
        true,
        "no app chrome"
    );
    let first_notes = app.text("main .present-view .notes-body").await;
    assert!(!first_notes.trim().is_empty(), "speaker notes shown to the presenter");
    app.save_screenshot("21-presenter-view").await;

    // The segment timer: amber near the planned time, red over it.
    app.js(&format!("window.__shift = {} * 60 * 1000 * 0.9; return null;", first_minutes)).await;
    app.wait_until("amber timer", "document.querySelector('main .timer [data-state=\"near\"]')")
        .await;
    app.js(&format!("window.__shift = {} * 60 * 1000 * 1.2; return null;", first_minutes)).await;
    app.wait_until("red timer", "document.querySelector('main .timer [data-state=\"over\"]')")
        .await;
    app.save_screenshot("22-presenter-timer-over").await;
    app.js("window.__shift = 0; return null;").await;

    // The audience's view: the slide alone, with no notes anywhere in the page.
    app.keys("a").await;
    app.wait_for("main .present-view[data-mode=\"audience\"] .audience .slide").await;
    let no_notes = format!(
        "return !document.querySelector('main .notes, main .notes-body') && !document.body.innerText.includes({});",
        serde_json::to_string(first_notes.trim().lines().next().unwrap_or("")).unwrap()
    );
    assert_eq!(app.js(&no_notes).await, true, "the speaker notes are not in the audience's page");
    for (width, height) in [(1280u32, 720u32), (1920, 1080)] {
        app.client.set_window_size(width, height).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.save_screenshot(&format!("23-audience-slide-{width}x{height}")).await;
    }
    // Every slide by keyboard, as a clicker sends them.
    for index in 1..rows {
        app.keys(ARROW_RIGHT).await;
        app.wait_until(
            &format!("slide {}", index + 1),
            &format!("document.querySelector('main .audience[data-index=\"{index}\"] .slide')"),
        )
        .await;
        assert_eq!(app.js(&no_notes).await, true, "no notes on slide {}", index + 1);
        if app
            .js("return !!document.querySelector('main .slide[data-kind=\"signposting\"]');")
            .await
            == true
        {
            let text = app.text("main .slide").await;
            assert!(
                text.contains("116 123") && text.contains("999"),
                "the signposting slide has the urgent lines: {text}"
            );
            app.save_screenshot("24-audience-signposting").await;
        }
    }
    // B blacks the screen out and B brings the slide back.
    app.keys("b").await;
    app.wait_until("black screen", "document.querySelector('main .audience[data-blank=\"black\"]') && !document.querySelector('main .audience .slide')").await;
    app.keys("b").await;
    app.wait_until(
        "slide back",
        "document.querySelector('main .audience[data-blank=\"\"] .slide')",
    )
    .await;
    app.keys(ARROW_LEFT).await;
    app.wait_until(
        "back one",
        &format!("document.querySelector('main .audience[data-index=\"{}\"]')", rows - 2),
    )
    .await;
    // A number then Enter jumps; A returns to the presenter's view; Esc ends on the workshop's page.
    app.keys("1").await;
    app.keys(ENTER).await;
    app.wait_until("slide 1", "document.querySelector('main .audience[data-index=\"0\"]')").await;
    app.keys("a").await;
    app.wait_for("main .present-view[data-mode=\"presenter\"] .notes-body").await;
    app.keys(ESCAPE).await;
    app.wait_until("back on the workshop", "location.hash === '#/article/workshop-awareness-60' && document.querySelector('main .session-panel')").await;
    assert_eq!(app.js("return document.body.classList.contains('presenting');").await, false);
    app.quit().await;
}

#[tokio::test]
async fn the_audience_window_shows_only_the_slide_and_its_keys_reach_the_presenter() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/present/workshop-awareness-60").await;
    app.wait_for("main .present-view .notes-body").await;
    let main = app.client.window().await.unwrap();
    // One display here: the presenter opens the audience window by hand.
    app.click("main [data-do=\"window\"]").await;
    let started = std::time::Instant::now();
    let audience = loop {
        let handles = app.client.windows().await.unwrap();
        if let Some(other) = handles.into_iter().find(|it| *it != main) {
            break other;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no audience window");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    app.client.switch_to_window(audience.clone()).await.unwrap();
    app.wait_until("first slide", "document.querySelector('.audience[data-index=\"0\"] .slide')")
        .await;
    let page = app.js("return document.documentElement.outerHTML;").await;
    let page = page.as_str().unwrap();
    assert!(
        !page.contains("notes-body") && !page.contains("Speaker notes"),
        "no notes in the audience window"
    );
    // The audience window cannot read the library, bookmarks or settings: its capability grants none of it.
    let refused = app
        .js_async("const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('list_bookmarks').then(() => done('allowed'), (e) => done(String(e)));")
        .await;
    assert_ne!(refused.as_str(), Some("allowed"), "the audience window may not list bookmarks");
    app.save_screenshot("25-audience-window").await;
    // A clicker aimed at the projector: the key goes to the presenter, and the next slide comes back.
    app.keys(ARROW_RIGHT).await;
    app.wait_until("second slide", "document.querySelector('.audience[data-index=\"1\"] .slide')")
        .await;
    app.keys("b").await;
    app.wait_until("black", "document.querySelector('.audience[data-blank=\"black\"]') && !document.querySelector('.audience .slide')").await;
    app.keys("b").await;
    app.wait_until("restored", "document.querySelector('.audience[data-blank=\"\"] .slide')").await;
    app.client.switch_to_window(main).await.unwrap();
    app.wait_until("presenter follows", "document.querySelector('main .now .label') && document.querySelector('main .now .label').textContent.includes('Slide 2 of')").await;
    // Esc on the presenter ends: the audience window closes.
    app.keys(ESCAPE).await;
    app.wait_until("back on the workshop", "location.hash === '#/article/workshop-awareness-60'")
        .await;
    let started = std::time::Instant::now();
    while app.client.windows().await.unwrap().len() > 1 {
        assert!(started.elapsed() < Duration::from_secs(10), "the audience window stays open");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.quit().await;
}

#[tokio::test]
async fn a_handout_and_a_collection_pack_are_saved_and_open_in_a_browser() {
    let _serial = lock();
    let home = Home::new();
    let file = home.dir.path().join("handout.html");
    let app = App::launch(&home, &[("COMPANION_E2E_DIALOG_FILE", &file)]).await;
    // One page.
    go(&app, "#/article/checking-in-with-a-colleague").await;
    app.click("main .page-tools [data-tool=\"handout\"]").await;
    app.wait_until("saved", "document.querySelector('main .page-tools .tool-status').textContent.includes('Saved the handout')").await;
    // Print opens the system's print dialog (window.print); here a stand-in counts the call, since a modal
    // GTK dialog cannot be driven over WebDriver.
    app.js("window.__printed = 0; window.print = () => { window.__printed += 1; }; return null;")
        .await;
    app.click("main .page-tools [data-tool=\"print\"]").await;
    assert_eq!(
        app.js("return window.__printed;").await,
        serde_json::json!(1),
        "Print asks for the print dialog"
    );
    let one = std::fs::read_to_string(&file).unwrap();
    assert_eq!(companion::handout::problems(&one), Vec::<String>::new());
    for needed in ["116 123", "999", "85258", "Sources", "library version"] {
        assert!(one.contains(needed), "{needed} missing from the handout");
    }
    // A collection becomes one pack with a contents page (set up through the app's own commands).
    app.js_async(
        "const done = arguments[arguments.length - 1]; const i = window.__TAURI_INTERNALS__;
         i.invoke('create_collection', { name: 'Tuesday session' })
          .then(() => i.invoke('add_bookmark', { slug: 'workshop-awareness-60', collection: 'Tuesday session' }))
          .then(() => i.invoke('add_bookmark', { slug: 'story-ward-nurse', collection: 'Tuesday session' }))
          .then(() => done(true), (e) => done(String(e)));",
    )
    .await;
    go(&app, "#/bookmarks").await;
    app.click("main [data-do=\"handout-pack\"]").await;
    app.wait_until("pack saved", "document.querySelector('main .message') && document.querySelector('main .message').textContent.includes('Saved the handout pack')").await;
    let pack = std::fs::read_to_string(&file).unwrap();
    assert_eq!(companion::handout::problems(&pack), Vec::<String>::new());
    assert!(
        pack.contains("<h2>Contents</h2>")
            && pack.contains("#item-story-ward-nurse")
            && pack.contains("Content warning")
    );
    app.save_screenshot("27-bookmarks-pack-saved").await;
    app.quit().await;

    let browser = Browser::open(&file).await;
    let scripts = tokio::time::timeout(
        harness::STEP,
        browser.client.execute("return document.scripts.length + document.images.length;", vec![]),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(scripts, serde_json::json!(0));
    let text = tokio::time::timeout(
        harness::STEP,
        browser.client.execute("return document.body.innerText;", vec![]),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(
        text.as_str().unwrap().contains("If you need help now"),
        "the handout shows the urgent lines"
    );
    browser.save_screenshot("26-handout-pack-in-a-browser").await;
    // The handout is accessible as it stands (axe, in the browser that shows it).
    let axe = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../node_modules/axe-core/axe.min.js"
    ))
    .expect("axe-core is missing; run scripts/test.sh, which installs it");
    tokio::time::timeout(
        harness::STEP,
        browser.client.execute(&format!("{axe}\nreturn null;"), vec![]),
    )
    .await
    .unwrap()
    .unwrap();
    let violations = tokio::time::timeout(
        Duration::from_secs(60),
        browser.client.execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
               .then(r => done(r.violations.map(v => v.id + ': ' + v.help)))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        ),
    )
    .await
    .expect("axe timed out")
    .expect("axe script failed");
    assert_eq!(violations, serde_json::json!([]), "the handout's accessibility");
    browser.quit().await;
}

#[tokio::test]
async fn a_story_read_aloud_shows_its_warning_first_then_a_passage_a_screen() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/article/story-ward-nurse").await;
    app.click("main .page-tools [data-tool=\"read\"]").await;
    app.wait_for("main .read-view .slide[data-kind=\"warning\"]").await;
    let first = app.text("main .read-view .slide").await;
    assert!(first.contains("Content warning"), "the warning comes first: {first}");
    assert_eq!(
        app.js("return document.querySelector('.app-header').offsetParent === null;").await,
        true
    );
    app.save_screenshot("28-story-reading-warning").await;
    app.keys(ARROW_RIGHT).await;
    app.wait_for("main .read-view .slide[data-kind=\"passage\"]").await;
    let passage = app.text("main .read-view .slide").await;
    assert!(passage.contains("illustrative account"), "the story starts with its label: {passage}");
    assert!(
        passage.split_whitespace().count() < 260,
        "one passage a screen: {} words",
        passage.split_whitespace().count()
    );
    app.save_screenshot("29-story-reading-passage").await;
    app.keys("\u{E010}").await; // End
    app.wait_for("main .read-view .slide[data-kind=\"questions\"]").await;
    app.keys(ESCAPE).await;
    app.wait_until("back on the story", "location.hash === '#/article/story-ward-nurse'").await;
    app.quit().await;
}

#[tokio::test]
async fn a_page_about_a_process_ends_with_the_urgent_routes() {
    let _serial = lock();
    let home = Home::new();
    let app = App::launch(&home, &[]).await;
    go(&app, "#/article/coroners-inquest").await;
    app.wait_for("main .article-urgent .care-card").await;
    let text = app.text_of_hidden("main .article-urgent").await;
    for needed in ["999", "116 123", "85258", "111"] {
        assert!(text.contains(needed), "{needed} missing from the urgent routes: {text}");
    }
    app.js("document.querySelector('main .article-urgent').scrollIntoView(); return null;").await;
    app.save_screenshot("30-article-ends-with-urgent-routes").await;
    // An ordinary page does not carry them.
    go(&app, "#/article/where-does-the-term-come-from").await;
    app.wait_until("another page", "document.querySelector('main h1') && document.querySelector('main h1').textContent.includes('term')").await;
    assert_eq!(app.js("return !document.querySelector('main .article-urgent');").await, true);
    app.quit().await;
}

/// axe-core's WCAG 2.2 A and AA violations on what the app shows now (empty when there are none).
async fn axe_violations(app: &App) -> serde_json::Value {
    let axe = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../node_modules/axe-core/axe.min.js"
    ))
    .expect("axe-core is missing; run scripts/test.sh, which installs it");
    app.js(&format!("{axe}\nreturn null;")).await;
    app.js_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
           .then(r => done(r.violations.map(v => v.id + ': ' + v.help)))
           .catch(e => done(['axe failed: ' + e]));",
    )
    .await
}

/// A library pack of `content/` with its edition set to `edition`, published by a test trust, with one page of
/// its own ("Our local wellbeing offer"), signed with `secret`.
fn test_pack(edition: u64, secret: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"), dir.path());
    std::fs::write(
        dir.path().join("library.toml"),
        format!("edition = {edition}\npublisher = \"Test NHS Trust\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("resources/our-local-wellbeing-offer.md"),
        "+++\ntitle = \"Our local wellbeing offer\"\nsummary = \"What the trust offers its own staff after an incident.\"\nsection = \"resources\"\nkind = \"resource\"\naudiences = [\"involved\"]\nreviewed = 2026-12-01\n\n[[sources]]\ncite = \"Test NHS Trust staff wellbeing intranet page.\"\n+++\n## Zanzibarish support\n\nAsk your manager about the staff support team, or contact occupational health.\n",
    )
    .unwrap();
    let out = dir.path().join("content.sqlite3");
    if let Err(problems) = companion::content_db::build_dir(dir.path(), &out).unwrap() {
        panic!("{problems:#?}");
    }
    companion::pack::write(&std::fs::read(&out).unwrap(), secret, "2026-12-05").unwrap()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[tokio::test]
async fn a_signed_library_pack_updates_the_library_and_a_changed_one_changes_nothing() {
    let _serial = lock();
    let home = Home::new();
    // IT's system folder with the publisher's public key; a USB stick with the pack.
    let system = home.dir.path().join("system");
    std::fs::create_dir_all(system.join("trusted-keys")).unwrap();
    let (secret, public) = companion::pack::keygen().unwrap();
    std::fs::write(system.join("trusted-keys/test-trust.pub"), &public).unwrap();
    let key_id = companion::pack::TrustedKey::parse(&public, "test").unwrap().id();
    let contacts = system.join("organisation-contacts.toml");
    let usb = home.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let stick = usb.join("library.svpack");
    let good = test_pack(50, &secret);
    let mut changed = good.clone();
    let at = changed.len() - 5000;
    changed[at] ^= 0x20;
    std::fs::write(&stick, &changed).unwrap();
    let env: [(&str, &std::path::Path); 2] =
        [("COMPANION_ORGANISATION_CONTACTS", &contacts), ("COMPANION_E2E_DIALOG_FILE", &stick)];

    let app = App::launch(&home, &env).await;
    go(&app, "#/article/how-people-cope").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=false]").await;
    app.click("main .bookmark-tools .toggle").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=true]").await;
    go(&app, "#/settings").await;
    app.wait_until("the library in use", "document.querySelector('main .library .in-use').textContent.includes('built into this app')").await;
    // A pack changed after it was signed: refused, in words, and nothing changes.
    app.click("main [data-do=library-update]").await;
    app.wait_until("refused", "document.querySelector('main .library .status').textContent.includes('changed or damaged since it was signed')").await;
    app.save_screenshot("30-settings-pack-refused").await;
    assert_eq!(axe_violations(&app).await, serde_json::json!([]), "Settings with a refused pack");
    go(&app, "#/about").await;
    app.wait_until("still built in", "document.querySelector('main .library-in-use') && document.querySelector('main .library-in-use').textContent.includes('built into this app')").await;
    // The good pack: installed at once, without a restart.
    std::fs::write(&stick, &good).unwrap();
    go(&app, "#/settings").await;
    app.wait_for("main [data-do=library-update]").await;
    app.click("main [data-do=library-update]").await;
    app.wait_until("updated", "document.querySelector('main .library .status').textContent.includes('Updated. Edition 50 of the library from Test NHS Trust')").await;
    app.save_screenshot("31-settings-pack-installed").await;
    type_search(&app, "zanzibarish").await;
    app.wait_until("the new page is found", "document.querySelector('main .results') && document.querySelector('main .results').textContent.includes('Our local wellbeing offer')").await;
    go(&app, "#/about").await;
    app.wait_until("About says who signed it", &format!("document.querySelector('main .about-view, main') && document.querySelector('main').textContent.includes('Signed and unchanged: key {key_id}')")).await;
    app.save_screenshot("32-about-signed-pack").await;
    go(&app, "#/bookmarks").await;
    app.wait_until(
        "the bookmark survived",
        "document.querySelector('main').textContent.includes('How people cope')",
    )
    .await;
    go(&app, "#/help").await;
    app.wait_until("Help now says the edition", "document.querySelector('main .edition') && document.querySelector('main .edition').textContent.includes('Edition 50 of the library from Test NHS Trust')").await;
    app.wait_for("main .care-card").await;
    app.quit().await;
    assert_eq!(std::fs::read(home.data_dir().join("library/installed.svpack")).unwrap(), good);

    // IT deploys a newer edition to the system folder, beside a damaged pack: the newer one is used at start,
    // and the damaged one is named in a notice.
    std::fs::create_dir_all(system.join("packs")).unwrap();
    std::fs::write(system.join("packs/edition-60.svpack"), test_pack(60, &secret)).unwrap();
    std::fs::write(system.join("packs/broken.svpack"), &changed).unwrap();
    let app = App::launch(&home, &env[..1]).await;
    app.wait_until("the notice names the damaged pack", "document.querySelector('#notices') && document.querySelector('#notices').textContent.includes('broken.svpack')").await;
    go(&app, "#/about").await;
    app.wait_until("edition 60 in use", "document.querySelector('main .library-in-use') && document.querySelector('main .library-in-use').textContent.includes('Edition 60 of the library from Test NHS Trust')").await;
    app.quit().await;
}

#[tokio::test]
async fn a_shared_computer_keeps_bookmarks_for_the_session_only_and_clears_itself_when_idle() {
    let _serial = lock();
    let home = Home::new();
    let system = home.dir.path().join("system");
    std::fs::create_dir_all(&system).unwrap();
    std::fs::write(
        system.join("organisation-policy.toml"),
        "shared_computer = true\nidle_minutes = 10\nimport_export = false\ntext_size = 150\n",
    )
    .unwrap();
    let contacts = system.join("organisation-contacts.toml");
    let seconds = std::path::PathBuf::from("4");
    let env: [(&str, &std::path::Path); 2] =
        [("COMPANION_ORGANISATION_CONTACTS", &contacts), ("COMPANION_E2E_IDLE_SECONDS", &seconds)];
    let app = App::launch(&home, &env).await;
    app.wait_until("the shared-computer line", "!document.querySelector('#session-line').hidden && document.querySelector('#session-line').textContent.includes('Shared computer')").await;
    app.wait_until(
        "the organisation's text size",
        "document.documentElement.getAttribute('data-text-size') === '150'",
    )
    .await;
    go(&app, "#/article/how-people-cope").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=false]").await;
    app.click("main .bookmark-tools .toggle").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=true]").await;
    go(&app, "#/bookmarks").await;
    app.wait_until("listed for the session", "document.querySelector('main').textContent.includes('How people cope') && document.querySelector('main').textContent.includes('This is a shared computer')").await;
    assert_eq!(
        app.js("return document.querySelectorAll('main [data-do=export], main [data-do=import]').length;").await,
        serde_json::json!(0),
        "import and export are turned off"
    );
    app.save_screenshot("33-shared-computer-bookmarks").await;
    assert_eq!(
        axe_violations(&app).await,
        serde_json::json!([]),
        "the shared-computer line and bookmarks"
    );
    // The command is refused too, whatever the page asks.
    let refused = app
        .js_async("const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('export_bookmarks').then(() => done('accepted'), (e) => done(e.kind));")
        .await;
    assert_eq!(refused, serde_json::json!("notAllowed"));
    // The person's own text size, for this session.
    go(&app, "#/settings").await;
    app.wait_for("main input[name=textSize][value='200']").await;
    app.click("main input[name=textSize][value='200']").await;
    app.wait_until(
        "their size",
        "document.documentElement.getAttribute('data-text-size') === '200'",
    )
    .await;
    // Leave clears the session's bookmarks and settings: back to the organisation's text size.
    app.click("header [data-action=leave]").await;
    app.wait_for("main .question").await;
    app.wait_until(
        "the organisation's size again",
        "document.documentElement.getAttribute('data-text-size') === '150'",
    )
    .await;
    // Settings → Clear my data does the same (it once put the standard 100% back, not the organisation's).
    go(&app, "#/settings").await;
    app.wait_for("main input[name=textSize][value='200']").await;
    app.click("main input[name=textSize][value='200']").await;
    app.wait_until(
        "their size",
        "document.documentElement.getAttribute('data-text-size') === '200'",
    )
    .await;
    app.click("main [data-do=clear-start]").await;
    app.click("main [data-do=clear-confirm]").await;
    app.wait_until("cleared", "document.querySelector('main .clear .done') && document.querySelector('main .clear .done').textContent.includes(\"This session's bookmarks\")").await;
    // Checked at once, not waited for: the idle time (4 s here) would otherwise put it right.
    assert_eq!(
        app.js("return document.documentElement.getAttribute('data-text-size');").await,
        serde_json::json!("150"),
        "the organisation's size after clearing"
    );
    go(&app, "#/bookmarks").await;
    app.wait_until(
        "cleared by Leave",
        "document.querySelector('main').textContent.includes('You have not saved any pages yet')",
    )
    .await;
    // Left alone: after the idle time the app returns to a neutral home, search box empty, bookmarks gone.
    go(&app, "#/article/common-reactions").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=false]").await;
    app.click("main .bookmark-tools .toggle").await;
    app.wait_for("main .bookmark-tools .toggle[aria-pressed=true]").await;
    type_search(&app, "guilt").await;
    app.wait_until("results", "document.querySelectorAll('main .results > li').length > 0").await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    app.wait_until("a neutral home", "document.querySelectorAll('main .question').length === 4 && document.querySelector('#search-box').value === ''").await;
    go(&app, "#/bookmarks").await;
    app.wait_until(
        "cleared when idle",
        "document.querySelector('main').textContent.includes('You have not saved any pages yet')",
    )
    .await;
    app.quit().await;
    // Nothing of the person was written to disk.
    let written = home.data_dir().join("user.sqlite3");
    assert!(!written.exists(), "a shared computer wrote {}", written.display());

    // A policy file with a mistake: said in a notice, and the computer is treated as shared (never the reverse).
    std::fs::write(
        system.join("organisation-policy.toml"),
        "shared_computer = true\nidle_minutes = 0\n",
    )
    .unwrap();
    let app = App::launch(&home, &env[..1]).await;
    app.wait_until(
        "the notice",
        "document.querySelector('#notices').textContent.includes('policy file has a problem')",
    )
    .await;
    app.wait_until("still shared", "!document.querySelector('#session-line').hidden").await;
    app.quit().await;
    assert!(!written.exists());
}
