//! The processes around a measured launch: one Xvfb and one private D-Bus session bus for the whole benchmark,
//! a fresh tauri-driver per launch, and the process tree under it (found in /proc), whose PSS is summed and
//! which is killed by pid when the launch is over. Started the same way as the end-to-end harness
//! (src-tauri/tests/e2e/harness.rs).

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::BoxResult;

/// Children that must die with the benchmark, killed in reverse order on drop.
pub(crate) struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in self.0.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The display and session bus shared by every launch, and the temporary homes the apps write to.
pub(crate) struct Desktop {
    /// The X display, such as `:99`.
    pub(crate) display: String,
    /// The private session bus address.
    pub(crate) bus: Option<String>,
    /// Holds the homes; removed on drop.
    pub(crate) dir: tempfile::TempDir,
    _children: Children,
}

impl Desktop {
    /// Starts Xvfb on a display it picks itself, and a private dbus-daemon session bus.
    pub(crate) fn start() -> BoxResult<Desktop> {
        let dir = tempfile::Builder::new().prefix("companion-app-bench-").tempdir()?;
        let mut children = Children(Vec::new());
        let (xvfb, display) = start_xvfb()?;
        children.0.push(xvfb);
        let bus = match start_dbus(dir.path()) {
            Some((child, address)) => {
                children.0.push(child);
                Some(address)
            }
            None => None,
        };
        Ok(Desktop { display, bus, dir, _children: children })
    }

    /// The environment of one side's launches: display, bus, and XDG directories under `home_name`.
    pub(crate) fn env(&self, home_name: &str) -> Vec<(String, OsString)> {
        let home = self.dir.path().join(home_name);
        let mut env: Vec<(String, OsString)> = vec![
            ("DISPLAY".to_owned(), self.display.clone().into()),
            ("XDG_DATA_HOME".to_owned(), home.join("data").into()),
            ("XDG_CONFIG_HOME".to_owned(), home.join("config").into()),
            ("XDG_CACHE_HOME".to_owned(), home.join("cache").into()),
            ("XDG_STATE_HOME".to_owned(), home.join("state").into()),
        ];
        if let Some(address) = &self.bus {
            env.push(("DBUS_SESSION_BUS_ADDRESS".to_owned(), address.into()));
        }
        env
    }
}

fn start_xvfb() -> BoxResult<(Child, String)> {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start Xvfb ({err}); install the xvfb package"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout from Xvfb")?;
    let mut buf = [0u8; 16];
    let mut text = String::new();
    let started = Instant::now();
    while !text.contains('\n') && started.elapsed() < Duration::from_secs(10) {
        let n = stdout.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    let number = text.trim();
    if number.is_empty() {
        let _ = child.kill();
        let _ = child.wait();
        return Err("Xvfb did not report its display".into());
    }
    Ok((child, format!(":{number}")))
}

/// A private session bus (the app's single-instance plugin registers its name there).
fn start_dbus(dir: &Path) -> Option<(Child, String)> {
    let socket = dir.join("bus");
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

fn free_port() -> BoxResult<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Where tauri-driver is: cargo's bin folder, /usr/local/bin, or the PATH.
pub(crate) fn tauri_driver_path() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let candidates =
        [home.join(".cargo/bin/tauri-driver"), PathBuf::from("/usr/local/bin/tauri-driver")];
    candidates.into_iter().find(|it| it.exists()).unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

/// One tauri-driver with its WebKitWebDriver, listening and ready for a session request.
pub(crate) struct Driver {
    /// The port tauri-driver listens on.
    pub(crate) port: u16,
    child: Child,
}

impl Driver {
    /// Starts tauri-driver with `env` on free loopback ports and waits until both it and WebKitWebDriver
    /// accept connections, so that the timed session request does not include their own start-up.
    pub(crate) fn start(env: &[(String, OsString)]) -> BoxResult<Driver> {
        let port = free_port()?;
        let native_port = free_port()?;
        let child = Command::new(tauri_driver_path())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
            .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| {
                format!("cannot start tauri-driver ({err}); `cargo install tauri-driver --locked`")
            })?;
        let driver = Driver { port, child };
        for p in [port, native_port] {
            wait_for_port(p, Duration::from_secs(20))?;
        }
        Ok(driver)
    }

    /// The pid of tauri-driver.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills tauri-driver and everything under it, by pid, and waits until they are gone.
    pub(crate) fn stop(mut self) {
        let tree = descendants(self.pid());
        for pid in &tree {
            // SAFETY: kill(2) with a pid read from /proc as a descendant of our own child.
            unsafe {
                libc::kill(*pid as libc::pid_t, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let started = Instant::now();
        while tree.iter().any(|pid| is_running(*pid)) && started.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn wait_for_port(port: u16, limit: Duration) -> BoxResult<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if started.elapsed() > limit {
            return Err(format!("nothing listens on port {port} after {limit:?}").into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Parent pid and state of a process, from /proc/<pid>/stat.
fn stat(pid: u32) -> Option<(u32, char)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces or parentheses: split after the last one.
    let rest = &text[text.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((ppid, state))
}

fn is_running(pid: u32) -> bool {
    matches!(stat(pid), Some((_, state)) if state != 'Z' && state != 'X')
}

/// Every live process under `root` (not `root` itself), parents before children.
pub(crate) fn descendants(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|it| it.parse::<u32>().ok()) else {
                continue;
            };
            if let Some((ppid, state)) = stat(pid)
                && state != 'Z'
                && state != 'X'
            {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let mut res = Vec::new();
    let mut queue = vec![root];
    while let Some(pid) = queue.pop() {
        if let Some(kids) = children.get(&pid) {
            for kid in kids {
                res.push(*kid);
                queue.push(*kid);
            }
        }
    }
    res
}

/// One measured process.
#[derive(Clone, Debug)]
pub(crate) struct ProcessPss {
    /// The executable's file name (or the command name when the executable cannot be read).
    pub(crate) name: String,
    /// Proportional set size, KiB.
    pub(crate) pss_kib: u64,
}

/// The executable's file name of `pid`.
fn exe_name(pid: u32) -> Option<String> {
    if let Ok(path) = std::fs::read_link(format!("/proc/{pid}/exe")) {
        let name = path.file_name()?.to_string_lossy().into_owned();
        // A replaced binary reads as "name (deleted)".
        return Some(name.trim_end_matches(" (deleted)").to_owned());
    }
    std::fs::read_to_string(format!("/proc/{pid}/comm")).ok().map(|it| it.trim().to_owned())
}

/// PSS of one process in KiB, from /proc/<pid>/smaps_rollup.
fn pss_kib(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let line = text.lines().find(|it| it.starts_with("Pss:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// PSS of every process under the driver except the drivers themselves: the app (or floor) process and
/// every WebKit helper it started.
pub(crate) fn app_processes(driver_pid: u32) -> Vec<ProcessPss> {
    descendants(driver_pid)
        .into_iter()
        .filter_map(|pid| {
            let name = exe_name(pid)?;
            if name == "tauri-driver" || name == "WebKitWebDriver" {
                return None;
            }
            Some(ProcessPss { name, pss_kib: pss_kib(pid)? })
        })
        .collect()
}
