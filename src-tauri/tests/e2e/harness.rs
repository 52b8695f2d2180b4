//! Starts the real app in a real window for a journey: its own Xvfb, a D-Bus session bus, tauri-driver on free
//! loopback ports, and a WebDriver session; everything is torn down on drop, even when the test panics.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// One journey at a time: each runs its own app, and two cores cannot run several WebKit instances well.
pub(crate) static SERIAL: Mutex<()> = Mutex::new(());

/// Every WebDriver call is bounded, so a wedged driver fails the test instead of hanging CI.
pub(crate) const STEP: Duration = Duration::from_secs(20);

/// A per-journey home: the app's data directory and any files the journey writes.
pub(crate) struct Home {
    pub(crate) dir: tempfile::TempDir,
}

impl Home {
    pub(crate) fn new() -> Home {
        Home { dir: tempfile::tempdir().unwrap() }
    }

    /// Where the app keeps the user database with this home's XDG_DATA_HOME.
    pub(crate) fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data/uk.secondvictim.companion")
    }
}

/// Processes that must die with the journey.
struct Processes(Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for child in self.0.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A running app under WebDriver.
pub(crate) struct App {
    pub(crate) client: Client,
    /// The environment the app runs in (display, bus, data home), for starting a second instance.
    pub(crate) env: Vec<(String, std::ffi::OsString)>,
    _processes: Processes,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let candidates =
        [home.join(".cargo/bin/tauri-driver"), PathBuf::from("/usr/local/bin/tauri-driver")];
    candidates.into_iter().find(|it| it.exists()).unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

/// Starts Xvfb on a display it picks itself and returns (child, display).
fn start_xvfb() -> (Child, String) {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is not installed; run scripts/test.sh, which installs it");
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0u8; 16];
    let mut text = String::new();
    let started = Instant::now();
    while !text.contains('\n') && started.elapsed() < Duration::from_secs(10) {
        let n = std::io::Read::read(&mut stdout, &mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    (child, format!(":{}", text.trim()))
}

/// A file opened in WebKitGTK's own browser (MiniBrowser, from the WebKitGTK package the app runs on) over
/// WebKitWebDriver, on its own Xvfb: a handout is checked as a participant's browser would show it.
pub(crate) struct Browser {
    pub(crate) client: Client,
    _processes: Processes,
}

/// Where Debian and Ubuntu install WebKitGTK's MiniBrowser.
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

impl Browser {
    pub(crate) async fn open(file: &Path) -> Browser {
        let mut processes = Processes(Vec::new());
        let (xvfb, display) = start_xvfb();
        processes.0.push(xvfb);
        let port = free_port();
        processes.0.push(
            Command::new("WebKitWebDriver")
                .arg(format!("--port={port}"))
                .env("DISPLAY", &display)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("WebKitWebDriver is not installed; run scripts/test.sh, which installs it"),
        );
        let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
            "webkitgtk:browserOptions": { "binary": MINIBROWSER, "args": ["--automation"] },
        }))
        .unwrap();
        let client = connect(port, caps, "MiniBrowser under WebKitWebDriver").await;
        let url = format!("file://{}", file.display());
        tokio::time::timeout(STEP, client.goto(&url)).await.unwrap().unwrap();
        Browser { client, _processes: processes }
    }

    /// Saves a screenshot under target/e2e-screenshots/<name>.png.
    pub(crate) async fn save_screenshot(&self, name: &str) {
        screenshot(&self.client, name).await;
    }

    pub(crate) async fn quit(self) {
        let _ = tokio::time::timeout(STEP, self.client.close()).await;
    }
}

/// Opens a WebDriver session on the driver at `port`, retrying while the driver starts (up to 30 s).
async fn connect(port: u16, caps: serde_json::Map<String, Value>, what: &str) -> Client {
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let started = Instant::now();
    loop {
        let res = ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match res {
            Ok(client) => return client,
            Err(_) if started.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(err) => panic!("could not start a WebDriver session with {what}: {err}"),
        }
    }
}

/// Saves a screenshot of what `client` shows under target/e2e-screenshots/<name>.png.
async fn screenshot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    // Views fade in over 120 ms; wait it out so the picture shows what a person sees.
    tokio::time::sleep(Duration::from_millis(400)).await;
    // Two animation frames make sure the latest state has been painted before WebKit takes its snapshot;
    // the first snapshot after a change can be stale, so the second one is kept.
    let frames = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    let _ = tokio::time::timeout(STEP, client.execute_async(frames, vec![])).await;
    let _ = tokio::time::timeout(STEP, client.screenshot()).await;
    if let Ok(Ok(png)) = tokio::time::timeout(STEP, client.screenshot()).await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

/// Starts a private D-Bus session bus (the single-instance plugin registers its name there).
fn start_dbus(home: &Path) -> Option<(Child, String)> {
    let socket = home.join("bus");
    let address = format!("unix:path={}", socket.display());
    let child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--nopidfile", &format!("--address={address}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let started = Instant::now();
    while !socket.exists() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    Some((child, address))
}

/// The program under test: this build's, or the one `COMPANION_E2E_APP` names (tests/deb/check.sh runs a journey
/// on the program inside the Debian package).
fn app_program() -> String {
    std::env::var("COMPANION_E2E_APP")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_companion-app").to_owned())
}

impl App {
    /// Launches the app with `home` as its data home and `env` added, and waits for the home page.
    pub(crate) async fn launch(home: &Home, env: &[(&str, &Path)]) -> App {
        let mut processes = Processes(Vec::new());
        let (xvfb, display) = start_xvfb();
        processes.0.push(xvfb);
        let bus = start_dbus(home.dir.path());
        let port = free_port();
        let native_port = free_port();
        let mut app_env: Vec<(String, std::ffi::OsString)> = vec![
            ("DISPLAY".to_owned(), display.clone().into()),
            ("XDG_DATA_HOME".to_owned(), home.dir.path().join("data").into()),
            ("XDG_CONFIG_HOME".to_owned(), home.dir.path().join("config").into()),
            ("XDG_CACHE_HOME".to_owned(), home.dir.path().join("cache").into()),
        ];
        if let Some((_, address)) = &bus {
            app_env.push(("DBUS_SESSION_BUS_ADDRESS".to_owned(), address.into()));
        }
        for (key, value) in env {
            app_env.push(((*key).to_owned(), value.as_os_str().to_owned()));
        }
        let mut driver = Command::new(tauri_driver());
        driver
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(app_env.iter().map(|(k, v)| (k, v)))
            .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
            .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some((child, _)) = bus {
            processes.0.push(child);
        }
        processes.0.push(
            driver
                .spawn()
                .expect("tauri-driver is not installed; run scripts/test.sh, which installs it"),
        );

        let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
            "browserName": "wry",
            "tauri:options": { "application": app_program() },
        }))
        .unwrap();
        let client = connect(port, caps, "the app under tauri-driver").await;
        let app = App { client, env: app_env, _processes: processes };
        app.wait_for("main h1").await;
        app
    }

    /// Waits until an element matching `css` exists and returns it.
    pub(crate) async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        let started = Instant::now();
        loop {
            if let Ok(Ok(element)) =
                tokio::time::timeout(STEP, self.client.find(Locator::Css(css))).await
            {
                return element;
            }
            if started.elapsed() > STEP {
                self.save_screenshot(&format!(
                    "failed-wait-{}",
                    css.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                ))
                .await;
                panic!("no element matches `{css}` after {STEP:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (a JS expression) is truthy.
    pub(crate) async fn wait_until(&self, what: &str, script: &str) {
        let started = Instant::now();
        loop {
            if let Ok(Ok(Value::Bool(true))) = tokio::time::timeout(
                STEP,
                self.client.execute(&format!("return !!({script});"), vec![]),
            )
            .await
            {
                return;
            }
            if started.elapsed() > STEP {
                self.save_screenshot(&format!("failed-{}", what.replace(' ', "-"))).await;
                panic!("timed out waiting for {what}: {script}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs JS and returns its value.
    pub(crate) async fn js(&self, script: &str) -> Value {
        tokio::time::timeout(STEP, self.client.execute(script, vec![]))
            .await
            .expect("script timed out")
            .expect("script failed")
    }

    /// Runs asynchronous JS (it calls `arguments[arguments.length - 1]` with its result) and returns the result.
    pub(crate) async fn js_async(&self, script: &str) -> Value {
        tokio::time::timeout(STEP, self.client.execute_async(script, vec![]))
            .await
            .expect("script timed out")
            .expect("script failed")
    }

    /// Text of the first element matching `css`.
    pub(crate) async fn text(&self, css: &str) -> String {
        let element = self.wait_for(css).await;
        tokio::time::timeout(STEP, element.text()).await.unwrap().unwrap()
    }

    /// Clicks the first element matching `css`.
    pub(crate) async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        tokio::time::timeout(STEP, element.click())
            .await
            .unwrap()
            .unwrap_or_else(|err| panic!("click on {css}: {err}"));
    }

    /// Types into the focused element or the element matching `css`.
    pub(crate) async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        tokio::time::timeout(STEP, element.send_keys(text)).await.unwrap().unwrap();
    }

    /// Sends keys to whatever has focus.
    pub(crate) async fn keys(&self, text: &str) {
        let element =
            tokio::time::timeout(STEP, self.client.active_element()).await.unwrap().unwrap();
        tokio::time::timeout(STEP, element.send_keys(text)).await.unwrap().unwrap();
    }

    /// Saves a screenshot under target/e2e-screenshots/<name>.png.
    pub(crate) async fn save_screenshot(&self, name: &str) {
        screenshot(&self.client, name).await;
    }

    /// Ends the WebDriver session, which closes the app.
    pub(crate) async fn quit(self) {
        let _ = tokio::time::timeout(STEP, self.client.close()).await;
    }
}

impl App {
    /// The text content of an element that may be visually hidden (WebDriver's text() returns only visible text).
    pub(crate) async fn text_of_hidden(&self, css: &str) -> String {
        self.wait_for(css).await;
        let script = format!(
            "return document.querySelector({}).textContent;",
            serde_json::to_string(css).unwrap()
        );
        self.js(&script).await.as_str().unwrap_or_default().to_owned()
    }
}

/// Runs the app as a person starts it, without WebDriver (so without `TAURI_WEBVIEW_AUTOMATION`), in its own
/// Xvfb and D-Bus with `home` as its data, config and cache home, for `run_for`, then kills it (as a power cut
/// or a crash would end it, with no clean exit). Returns the app's process id.
pub(crate) fn run_plain(home: &Home, run_for: Duration) -> u32 {
    let mut processes = Processes(Vec::new());
    let (xvfb, display) = start_xvfb();
    processes.0.push(xvfb);
    let bus = start_dbus(home.dir.path());
    let mut app = Command::new(env!("CARGO_BIN_EXE_companion-app"));
    app.env("DISPLAY", &display)
        .env("XDG_DATA_HOME", home.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", home.dir.path().join("config"))
        .env("XDG_CACHE_HOME", home.dir.path().join("cache"))
        .env_remove("TAURI_WEBVIEW_AUTOMATION")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some((child, address)) = bus {
        app.env("DBUS_SESSION_BUS_ADDRESS", address);
        processes.0.push(child);
    }
    let child = app.spawn().expect("start the app");
    let pid = child.id();
    processes.0.push(child);
    std::thread::sleep(run_for);
    pid
}
