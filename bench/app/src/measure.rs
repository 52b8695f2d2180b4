//! One measured launch: start a fresh tauri-driver, time the WebDriver session request until the first
//! heading exists and two animation frames have run, drive the app through ten articles and ten searches
//! (the floor does nothing), wait, then sum PSS over the app's process tree. And the typing run: the 200
//! benchmark queries typed letter by letter into the search box, timed from the last keystroke to the
//! results painted.

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::BoxResult;
use crate::procs::{self, Driver, ProcessPss};

/// Ten real article slugs from content/, across sections.
pub(crate) const ARTICLES: [&str; 10] = [
    "something-has-just-happened",
    "what-is-a-second-victim",
    "where-can-i-get-help",
    "common-reactions",
    "six-stages-of-recovery",
    "how-people-cope",
    "looking-after-yourself",
    "checking-in-with-a-colleague",
    "managers-first-24-hours",
    "glossary",
];

/// Ten searches a person might run.
pub(crate) const SEARCHES: [&str; 10] = [
    "guilt",
    "sleep",
    "inquest",
    "manager",
    "stories",
    "candour",
    "blame",
    "coping",
    "regulator",
    "team",
];

/// Every WebDriver call is bounded, so a wedged driver fails the run instead of hanging it.
const STEP: Duration = Duration::from_secs(30);

/// How long after the last step memory is read.
pub(crate) const SETTLE: Duration = Duration::from_secs(2);

/// Which binary a launch runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// The companion app.
    App,
    /// The bare Tauri window.
    Floor,
}

impl Side {
    /// The element whose existence means "the first screen is there".
    fn first_heading(self) -> &'static str {
        match self {
            Side::App => "main h1",
            Side::Floor => "h1",
        }
    }

    /// Lowercase name for logs and homes.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Side::App => "app",
            Side::Floor => "floor",
        }
    }
}

/// What one launch measured.
#[derive(Clone, Debug)]
pub(crate) struct Launch {
    /// Session request to first heading painted.
    pub(crate) start: Duration,
    /// Of which the page's own part: `performance.now()` when it was painted (from the start of navigation).
    pub(crate) page: Duration,
    /// Time spent opening the articles and running the searches (app only).
    pub(crate) journey: Option<Duration>,
    /// Results shown for each search, in [`SEARCHES`] order (app only).
    pub(crate) hits: Vec<usize>,
    /// Total PSS in KiB at the home screen, [`SETTLE`] after start and before the session (app only).
    pub(crate) home_pss_kib: Option<u64>,
    /// Every process counted at the end, with its PSS.
    pub(crate) processes: Vec<ProcessPss>,
}

impl Launch {
    /// Total PSS, KiB.
    pub(crate) fn pss_kib(&self) -> u64 {
        self.processes.iter().map(|it| it.pss_kib).sum()
    }
}

/// Starts a WebDriver session that launches `binary` through `driver`.
async fn connect(binary: &Path, driver: &Driver) -> BoxResult<Client> {
    let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
        "browserName": "wry",
        "tauri:options": { "application": binary },
    }))?;
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let url = format!("http://127.0.0.1:{}", driver.port);
    step("new WebDriver session", ClientBuilder::new(connector).capabilities(caps).connect(&url))
        .await
}

/// Runs `f` under [`STEP`], turning a timeout or a WebDriver error into an error naming `what`.
async fn step<T, E: std::fmt::Display>(
    what: &str,
    f: impl Future<Output = Result<T, E>>,
) -> BoxResult<T> {
    match tokio::time::timeout(STEP, f).await {
        Ok(Ok(it)) => Ok(it),
        Ok(Err(err)) => Err(format!("{what}: {err}").into()),
        Err(_) => Err(format!("{what}: no answer after {STEP:?}").into()),
    }
}

/// Launches `binary` once and measures it. The driver and everything under it are killed before returning.
pub(crate) async fn launch(
    side: Side,
    binary: &Path,
    env: &[(String, OsString)],
    measure_memory: bool,
) -> BoxResult<Launch> {
    let driver = Driver::start(env)?;
    let res = drive(side, binary, &driver, measure_memory).await;
    driver.stop();
    res
}

async fn drive(
    side: Side,
    binary: &Path,
    driver: &Driver,
    measure_memory: bool,
) -> BoxResult<Launch> {
    // The clock starts at the session request: the driver is already listening, so this is the app's own start.
    let t0 = Instant::now();
    let client = connect(binary, driver).await?;
    let res = session(side, &client, t0, driver, measure_memory).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    res
}

async fn session(
    side: Side,
    client: &Client,
    t0: Instant,
    driver: &Driver,
    measure_memory: bool,
) -> BoxResult<Launch> {
    let (start, page) = wait_painted(client, side.first_heading(), t0).await?;
    let (journey, hits, home_pss_kib) = if side == Side::App && measure_memory {
        // For the report only: what the app holds at rest on its home screen, before the session.
        tokio::time::sleep(SETTLE).await;
        let home: u64 = procs::app_processes(driver.pid()).iter().map(|it| it.pss_kib).sum();
        let t = Instant::now();
        for slug in ARTICLES {
            open_article(client, slug).await?;
        }
        let mut hits = Vec::new();
        for q in SEARCHES {
            hits.push(run_search(client, q).await?);
        }
        (Some(t.elapsed()), hits, Some(home))
    } else {
        (None, Vec::new(), None)
    };
    let processes = if measure_memory {
        tokio::time::sleep(SETTLE).await;
        procs::app_processes(driver.pid())
    } else {
        Vec::new()
    };
    Ok(Launch { start, page, journey, hits, home_pss_kib, processes })
}

/// Polls until `css` matches and two animation frames have run after that, and returns the time from `t0`
/// and the page's own clock at that moment (`performance.now()`, from the start of its navigation).
async fn wait_painted(client: &Client, css: &str, t0: Instant) -> BoxResult<(Duration, Duration)> {
    let script = "const done = arguments[arguments.length - 1];
        if (!document.querySelector(arguments[0])) { done(false); }
        else { requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))); }";
    loop {
        // Errors while the page is still loading count as "not yet".
        if let Ok(Ok(Value::Number(page_ms))) =
            tokio::time::timeout(STEP, client.execute_async(script, vec![json!(css)])).await
        {
            let page = Duration::from_secs_f64(page_ms.as_f64().unwrap_or(0.0).max(0.0) / 1000.0);
            return Ok((t0.elapsed(), page));
        }
        if t0.elapsed() > Duration::from_secs(60) {
            return Err(
                format!("`{css}` was not painted within 60 s of the session request").into()
            );
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Runs `script` until it returns something other than null, for at most [`STEP`].
async fn poll(client: &Client, what: &str, script: &str) -> BoxResult<Value> {
    let started = Instant::now();
    loop {
        let value = step(what, client.execute(script, vec![])).await?;
        if !value.is_null() {
            return Ok(value);
        }
        if started.elapsed() > STEP {
            return Err(format!("{what}: not done after {STEP:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Opens an article by setting the hash, and waits for its heading; fails if the app shows an error page.
async fn open_article(client: &Client, slug: &str) -> BoxResult<()> {
    // Headings already on screen are marked, so the wait sees only the new page's.
    let go = "for (const h of document.querySelectorAll('main h1')) h.setAttribute('data-bench-stale', '');
        location.hash = '#/article/' + arguments[0];
        return true;";
    step("open an article", client.execute(go, vec![json!(slug)])).await?;
    let what = format!("article {slug}");
    let done = poll(
        client,
        &what,
        "const h = document.querySelector('main h1:not([data-bench-stale])');
        if (!h) return null;
        return { ok: !!document.querySelector('main .article-view .breadcrumbs'), title: h.textContent.trim() };",
    )
    .await?;
    if done["ok"] != Value::Bool(true) {
        return Err(format!("{what}: the app showed \"{}\" instead", done["title"]).into());
    }
    Ok(())
}

/// Runs a search by setting the hash, and waits for results or the empty message; returns the results shown.
async fn run_search(client: &Client, q: &str) -> BoxResult<usize> {
    let go = "for (const e of document.querySelectorAll('main h1, main .result, main .empty > *')) e.setAttribute('data-bench-stale', '');
        location.hash = '#/search?q=' + encodeURIComponent(arguments[0]);
        return true;";
    step("run a search", client.execute(go, vec![json!(q)])).await?;
    let what = format!("search {q}");
    let done = poll(
        client,
        &what,
        "const v = document.querySelector('main .search-view');
        if (!v) return null;
        const n = v.querySelectorAll('.results > .result:not([data-bench-stale])').length;
        if (n) return n;
        if (!v.querySelector('.empty > .message-panel:not([data-bench-stale])')) return null;
        return v.querySelector('.live').textContent === 'The search did not work.' ? -1 : 0;",
    )
    .await?;
    done.as_u64()
        .map(|n| n as usize)
        .ok_or_else(|| format!("{what}: the search failed in the app").into())
}

/// The app's search-box latency: types each query letter by letter into the header search box (one WebDriver
/// key event per letter) and times, on the page's own clock, from the `input` event of the last letter to the
/// results for the whole query painted (the search view says which query it shows in `data-shown-query`,
/// then two animation frames). Includes the UI's 150 ms typing pause, the IPC round trip, the search and the
/// rendering. Returns one duration per query, in order.
pub(crate) async fn typing(
    binary: &Path,
    env: &[(String, OsString)],
    queries: &[&str],
) -> BoxResult<Vec<Duration>> {
    let driver = Driver::start(env)?;
    let res = drive_typing(binary, &driver, queries).await;
    driver.stop();
    res
}

async fn drive_typing(
    binary: &Path,
    driver: &Driver,
    queries: &[&str],
) -> BoxResult<Vec<Duration>> {
    let client = connect(binary, driver).await?;
    let res = type_queries(&client, queries).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    res
}

async fn type_queries(client: &Client, queries: &[&str]) -> BoxResult<Vec<Duration>> {
    wait_painted(client, "main h1", Instant::now()).await?;
    let install = "const box = document.getElementById('search-box');
        window.__lastInput = 0;
        box.addEventListener('input', () => { window.__lastInput = performance.now(); });
        return true;";
    step("install the input clock", client.execute(install, vec![])).await?;
    let painted = "const [q, done] = [arguments[0], arguments[arguments.length - 1]];
        const started = performance.now();
        const check = () => {
          const v = document.querySelector('main .search-view');
          if (v && v.dataset.shownQuery === q) {
            requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - window.__lastInput)));
          } else if (performance.now() - started > 20000) {
            done(-1);
          } else {
            requestAnimationFrame(check);
          }
        };
        check();";
    let mut res = Vec::with_capacity(queries.len());
    for q in queries {
        // An empty box first, as a person starts a new search; wait for the empty search page.
        let clear = "const box = document.getElementById('search-box');
            box.focus(); box.value = ''; box.dispatchEvent(new Event('input', { bubbles: true }));
            location.hash = '#/search';
            return true;";
        step("clear the search box", client.execute(clear, vec![])).await?;
        let ms = step("empty search shown", client.execute_async(painted, vec![json!("")])).await?;
        if ms.as_f64().is_none_or(|it| it < 0.0) {
            return Err("the empty search page was not shown".into());
        }
        let box_el =
            step("find the search box", client.find(fantoccini::Locator::Id("search-box"))).await?;
        for c in q.chars() {
            step("type a letter", box_el.send_keys(&c.to_string())).await?;
        }
        let ms =
            step("results painted", client.execute_async(painted, vec![json!(q.trim())])).await?;
        let ms = ms.as_f64().unwrap_or(-1.0);
        if ms < 0.0 {
            return Err(format!("results for {q:?} were not painted within 20 s").into());
        }
        res.push(Duration::from_secs_f64(ms / 1000.0));
    }
    Ok(res)
}
