//! The "Desktop app: start-up and memory" section of bench/RESULTS.md: the environment, the medians against
//! the targets, every run's figures and the package sizes; written between its marker comments by
//! `companion_bench::results_file`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::measure::{ARTICLES, Launch, SEARCHES, SETTLE};
use crate::procs::ProcessPss;

/// The name of this benchmark's part of RESULTS.md (see `companion_bench::results_file`).
pub(crate) const SECTION: &str = "app-bench";

/// Start target: the app within this factor of the floor.
pub(crate) const START_FACTOR: f64 = 1.2;
/// Memory target: the app within this factor of the floor, plus [`MEMORY_ALLOWANCE_MIB`].
pub(crate) const MEMORY_FACTOR: f64 = 1.1;
/// See [`MEMORY_FACTOR`].
pub(crate) const MEMORY_ALLOWANCE_MIB: f64 = 30.0;

/// The machine and the run, read when the benchmark starts and ends.
pub(crate) struct Environment {
    pub(crate) date: String,
    pub(crate) nproc: usize,
    pub(crate) cpu_model: String,
    pub(crate) memory: String,
    pub(crate) webkit: String,
    pub(crate) tauri: String,
    pub(crate) load_before: String,
    pub(crate) load_after: String,
    pub(crate) commands: Vec<String>,
}

/// Everything the section reports.
pub(crate) struct Results {
    pub(crate) runs: usize,
    pub(crate) app: Vec<Launch>,
    pub(crate) floor: Vec<Launch>,
    pub(crate) retries: usize,
    pub(crate) app_binary: PathBuf,
    pub(crate) floor_binary: PathBuf,
    pub(crate) deb: Option<PathBuf>,
    pub(crate) elapsed: Duration,
    /// Last keystroke to results painted, per query typed.
    pub(crate) typing: Vec<Duration>,
}

/// The `p`-th percentile (0 to 100) of `values`, nearest rank.
pub(crate) fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Median of `values` (mean of the middle two for an even count).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 }
}

fn start_ms(launches: &[Launch]) -> Vec<f64> {
    launches.iter().map(|it| it.start.as_secs_f64() * 1000.0).collect()
}

fn pss_mib(launches: &[Launch]) -> Vec<f64> {
    launches.iter().map(|it| it.pss_kib() as f64 / 1024.0).collect()
}

fn join(values: &[f64], decimals: usize) -> String {
    values.iter().map(|it| format!("{it:.decimals$}")).collect::<Vec<_>>().join(", ")
}

fn file_mib(path: &Path) -> Option<f64> {
    std::fs::metadata(path).ok().map(|it| it.len() as f64 / (1024.0 * 1024.0))
}

fn yes_no(met: bool) -> &'static str {
    if met { "yes" } else { "**no**" }
}

/// Processes of the run whose total PSS is the median one, largest first, grouped by executable name.
fn breakdown(launches: &[Launch]) -> String {
    let target = median(&pss_mib(launches));
    let Some(run) = launches.iter().min_by(|a, b| {
        let da = (a.pss_kib() as f64 / 1024.0 - target).abs();
        let db = (b.pss_kib() as f64 / 1024.0 - target).abs();
        da.total_cmp(&db)
    }) else {
        return String::new();
    };
    let mut groups: Vec<(String, u64, usize)> = Vec::new();
    for ProcessPss { name, pss_kib } in &run.processes {
        match groups.iter_mut().find(|it| &it.0 == name) {
            Some(group) => {
                group.1 += pss_kib;
                group.2 += 1;
            }
            None => groups.push((name.clone(), *pss_kib, 1)),
        }
    }
    groups.sort_by_key(|it| std::cmp::Reverse(it.1));
    groups
        .iter()
        .map(|(name, kib, count)| {
            let times = if *count > 1 { format!(" ×{count}") } else { String::new() };
            format!("{name}{times} {:.1}", *kib as f64 / 1024.0)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The whole section, markers included.
pub(crate) fn section(env: &Environment, results: &Results) -> String {
    let app_start = median(&start_ms(&results.app));
    let floor_start = median(&start_ms(&results.floor));
    let app_pss = median(&pss_mib(&results.app));
    let floor_pss = median(&pss_mib(&results.floor));
    let start_limit = START_FACTOR * floor_start;
    let pss_limit = MEMORY_FACTOR * floor_pss + MEMORY_ALLOWANCE_MIB;

    let mut out = String::new();
    let (start_marker, end_marker) = companion_bench::results_file::markers(SECTION);
    let _ = writeln!(out, "{start_marker}");
    out.push_str("## Desktop app: start-up and memory\n\n");
    out.push_str(
        "Written by `bench/run-app.sh` (the `companion-app-bench` binary); rerun it rather than editing by hand. \
         How it is measured is in [app/README.md](app/README.md).\n\n",
    );
    let _ = writeln!(out, "- Date (UTC): {}", env.date);
    let _ = writeln!(
        out,
        "- Machine: {} CPUs (nproc), {}, {} RAM; WebKitGTK {}, tauri {}; Xvfb 1280×800×24, no GPU",
        env.nproc, env.cpu_model, env.memory, env.webkit, env.tauri
    );
    let _ = writeln!(
        out,
        "- Load average (1/5/15 min) before: {}; after: {} (the machine is shared, so other work may run alongside)",
        env.load_before, env.load_after
    );
    out.push_str("- Commands:\n");
    for command in &env.commands {
        let _ = writeln!(out, "  - `{command}`");
    }
    let _ = writeln!(
        out,
        "- Runs: {} per side, alternating (app, floor, then floor, app, ...), after one unmeasured warm-up launch per side{}; {:.0} s in all",
        results.runs,
        if results.retries > 0 {
            format!("; {} failed launch(es) retried", results.retries)
        } else {
            String::new()
        },
        results.elapsed.as_secs_f64()
    );
    out.push('\n');

    out.push_str("| Release build | App | Floor | App / floor | Target | Met |\n");
    out.push_str("|---|---:|---:|---:|---|---|\n");
    let _ = writeln!(
        out,
        "| Start: session request to first heading painted, median | {app_start:.0} ms | {floor_start:.0} ms | {:.2}× | ≤ {START_FACTOR}× floor = {start_limit:.0} ms | {} |",
        app_start / floor_start,
        yes_no(app_start <= start_limit)
    );
    let page_ms = |launches: &[Launch]| {
        median(&launches.iter().map(|it| it.page.as_secs_f64() * 1000.0).collect::<Vec<_>>())
    };
    let (app_page, floor_page) = (page_ms(&results.app), page_ms(&results.floor));
    let _ = writeln!(
        out,
        "| Of which in the page: its navigation start to painted (`performance.now()`), median | {app_page:.0} ms | {floor_page:.0} ms | {:.2}× | | |",
        app_page / floor_page,
    );
    let _ = writeln!(
        out,
        "| Memory: PSS of all processes after the session, median | {app_pss:.1} MiB | {floor_pss:.1} MiB | {:.2}× | ≤ {MEMORY_FACTOR}× floor + {MEMORY_ALLOWANCE_MIB:.0} MiB = {pss_limit:.1} MiB | {} |",
        app_pss / floor_pss,
        yes_no(app_pss <= pss_limit)
    );
    let home: Vec<f64> =
        results.app.iter().filter_map(|it| it.home_pss_kib).map(|it| it as f64 / 1024.0).collect();
    let app_home = median(&home);
    let _ = writeln!(
        out,
        "| For comparison: PSS at the home screen, {} s after start (before the session), median | {app_home:.1} MiB | {floor_pss:.1} MiB | {:.2}× | | |",
        SETTLE.as_secs(),
        app_home / floor_pss,
    );
    out.push('\n');

    let _ = writeln!(
        out,
        "- Start, ms in run order: app {}; floor {}",
        join(&start_ms(&results.app), 0),
        join(&start_ms(&results.floor), 0)
    );
    let pages = |launches: &[Launch]| {
        launches.iter().map(|it| it.page.as_secs_f64() * 1000.0).collect::<Vec<_>>()
    };
    let _ = writeln!(
        out,
        "- Of which in the page, ms in run order: app {}; floor {}",
        join(&pages(&results.app), 0),
        join(&pages(&results.floor), 0)
    );
    let _ = writeln!(
        out,
        "- PSS, MiB in run order: app {}; floor {}",
        join(&pss_mib(&results.app), 1),
        join(&pss_mib(&results.floor), 1)
    );
    let _ = writeln!(out, "- App PSS at the home screen, MiB in run order: {}", join(&home, 1));
    let _ = writeln!(
        out,
        "- PSS by process in the median run, MiB: app: {}; floor: {}",
        breakdown(&results.app),
        breakdown(&results.floor)
    );
    let journeys: Vec<f64> =
        results.app.iter().filter_map(|it| it.journey).map(|it| it.as_secs_f64()).collect();
    let hits = results.app.first().map(|it| it.hits.clone()).unwrap_or_default();
    let _ = writeln!(
        out,
        "- App session before the memory reading: {} articles and {} searches by setting the location hash, median {:.1} s; \
         results shown per search ({}): {}; then {} s idle. The floor: its page painted, then {} s idle",
        ARTICLES.len(),
        SEARCHES.len(),
        median(&journeys),
        SEARCHES.join(", "),
        hits.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        SETTLE.as_secs(),
        SETTLE.as_secs()
    );
    let size = |path: &Path| match file_mib(path) {
        Some(mib) => format!("{mib:.1} MiB"),
        None => "missing".to_owned(),
    };
    let stripped = |path: &Path| match stripped_mib(path) {
        Some(mib) => format!("{mib:.1} MiB"),
        None => "unknown".to_owned(),
    };
    let _ = writeln!(
        out,
        "- Release binary `{}`: {} as built, {} stripped; floor-app: {}, {} stripped",
        display_relative(&results.app_binary),
        size(&results.app_binary),
        stripped(&results.app_binary),
        size(&results.floor_binary),
        stripped(&results.floor_binary)
    );
    match &results.deb {
        Some(deb) => {
            let _ = writeln!(
                out,
                "- Debian package `{}` (Tauri CLI): {}",
                display_relative(deb),
                size(deb)
            );
        }
        None => out.push_str("- Debian package: not built in this run\n"),
    }
    if !results.typing.is_empty() {
        let ms: Vec<f64> = results.typing.iter().map(|it| it.as_secs_f64() * 1000.0).collect();
        let _ = writeln!(
            out,
            "\n### As you type\n\n{} queries (bench/queries.txt) typed letter by letter into the header search box of the app \
             (one WebDriver key event per letter), each from an empty box, timed on the page's clock from the `input` event \
             of the last letter to the results for the whole query painted (two animation frames after the search view shows \
             them). This includes the UI's 150 ms pause for typing to stop, the IPC call, the search and the rendering.\n\n\
             | Last keystroke to results painted | Median | p95 | Max | Of which the typing pause |\n|---|---:|---:|---:|---:|\n\
             | App | {:.0} ms | {:.0} ms | {:.0} ms | 150 ms |",
            ms.len(),
            median(&ms),
            percentile(&ms, 95.0),
            ms.iter().copied().fold(f64::NAN, f64::max),
        );
    }
    let _ = writeln!(out, "\n{end_marker}");
    out
}

/// Size of a stripped copy of `path` (made with binutils' `strip` in a temporary folder), MiB.
fn stripped_mib(path: &Path) -> Option<f64> {
    let dir = tempfile::tempdir().ok()?;
    let copy = dir.path().join("stripped");
    let status = std::process::Command::new("strip")
        .arg("-o")
        .arg(&copy)
        .arg(path)
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    file_mib(&copy)
}

/// `path` relative to the workspace root when it is inside it.
fn display_relative(path: &Path) -> String {
    let root = crate::workspace_root();
    let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    let root = root.canonicalize().unwrap_or(root);
    path.strip_prefix(&root).unwrap_or(&path).display().to_string()
}

/// UTC date and time as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |it| it.as_secs());
    companion::format_utc(secs as i64)
}

/// The 1, 5 and 15 minute load averages.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|it| it.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Machine facts for the report.
pub(crate) fn environment(commands: Vec<String>) -> Environment {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|it| it.starts_with("model name"))
        .and_then(|it| it.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find(|it| it.starts_with("MemTotal:"))
        .map(|it| it.trim_start_matches("MemTotal:").trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let webkit = std::process::Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"])
        .output()
        .ok()
        .filter(|it| it.status.success())
        .and_then(|it| String::from_utf8(it.stdout).ok())
        .filter(|it| !it.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    Environment {
        date: utc_now(),
        nproc: std::thread::available_parallelism().map(|it| it.get()).unwrap_or(1),
        cpu_model,
        memory,
        webkit,
        tauri: locked_version("tauri").unwrap_or_else(|| "unknown".to_owned()),
        load_before: load_average(),
        load_after: String::new(),
        commands,
    }
}

/// The version of `name` in the workspace's Cargo.lock.
fn locked_version(name: &str) -> Option<String> {
    let lock = std::fs::read_to_string(crate::workspace_root().join("Cargo.lock")).ok()?;
    let header = format!("name = \"{name}\"\nversion = \"");
    let start = lock.find(&header)? + header.len();
    let len = lock[start..].find('"')?;
    Some(lock[start..start + len].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<f64> = (1..=200).map(f64::from).collect();
        assert_eq!(percentile(&values, 95.0), 190.0);
        assert_eq!(percentile(&values, 50.0), 100.0);
        assert_eq!(percentile(&[7.0], 95.0), 7.0);
        assert!(percentile(&[], 95.0).is_nan());
    }

    #[test]
    fn dates_are_civil() {
        let now = utc_now();
        assert_eq!(now.len(), 20);
        assert!(now.starts_with("20"));
    }
}
