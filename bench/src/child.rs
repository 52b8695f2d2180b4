//! One build in its own process, so its peak memory is its own: the parent re-invokes this binary with
//! `child-build <ours|floor> CONTENT DB`, and the child prints one line of `key=value` results.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::BoxResult;
use crate::floor;

/// The first word of the line a child prints its results on.
const RESULT_TAG: &str = "bench-result";

/// Which implementation builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The project: `content_db::build_dir`, as `companion build` runs it.
    Ours,
    /// The naive FTS5 floor.
    Floor,
}

impl Side {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Floor => "floor",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Side> {
        match text {
            "ours" => Some(Side::Ours),
            "floor" => Some(Side::Floor),
            _ => None,
        }
    }
}

/// What one build measured, as reported by the child.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BuildRun {
    /// Items in the built database.
    pub(crate) items: usize,
    /// Wall time from reading the content folder to the database being closed, in seconds.
    pub(crate) wall_s: f64,
    /// User plus system CPU time of the child over the same span, in seconds.
    pub(crate) cpu_s: f64,
    /// The child's peak resident set size (`VmHWM`), in KiB.
    pub(crate) peak_kib: u64,
}

/// Runs in the child: builds, then prints the results line.
pub(crate) fn run(side: Side, content: &Path, out: &Path) -> BoxResult<()> {
    let cpu_before = process_cpu_s();
    let start = Instant::now();
    let items = match side {
        Side::Ours => build_ours(content, out)?,
        Side::Floor => floor::build(content, out)?,
    };
    let wall_s = start.elapsed().as_secs_f64();
    let cpu_s = process_cpu_s() - cpu_before;
    let peak_kib = peak_rss_kib()?;
    println!("{RESULT_TAG} items={items} wall_s={wall_s} cpu_s={cpu_s} peak_kib={peak_kib}");
    Ok(())
}

/// The project's pipeline, as `companion build` runs it; refuses a library with any diagnostic.
fn build_ours(content: &Path, out: &Path) -> BoxResult<usize> {
    match companion::content_db::build_dir(content, out)? {
        Ok(meta) => Ok(meta.item_count),
        Err(diagnostics) => {
            let first: Vec<String> = diagnostics.iter().take(5).map(ToString::to_string).collect();
            Err(format!(
                "the generated library has {} diagnostics (it must have none); the first are:\n{}",
                diagnostics.len(),
                first.join("\n")
            )
            .into())
        }
    }
}

/// Runs one build in a child process and parses what it reports.
pub(crate) fn spawn(side: Side, content: &Path, out: &Path) -> BoxResult<BuildRun> {
    let output = Command::new(std::env::current_exe()?)
        .arg("child-build")
        .arg(side.as_str())
        .arg(content)
        .arg(out)
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "the {} build failed ({}):\n{stderr}{stdout}",
            side.as_str(),
            output.status
        )
        .into());
    }
    let line = stdout
        .lines()
        .find_map(|it| it.strip_prefix(RESULT_TAG))
        .ok_or_else(|| format!("the {} build printed no results", side.as_str()))?;
    parse_results(line)
}

fn parse_results(line: &str) -> BoxResult<BuildRun> {
    let value = |key: &str| -> BoxResult<&str> {
        line.split_whitespace()
            .find_map(|it| it.strip_prefix(key)?.strip_prefix('='))
            .ok_or_else(|| format!("no `{key}` in `{line}`").into())
    };
    Ok(BuildRun {
        items: value("items")?.parse()?,
        wall_s: value("wall_s")?.parse()?,
        cpu_s: value("cpu_s")?.parse()?,
        peak_kib: value("peak_kib")?.parse()?,
    })
}

/// The peak resident set size of this process so far, from `VmHWM` in `/proc/self/status`, in KiB.
fn peak_rss_kib() -> BoxResult<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find_map(|it| it.strip_prefix("VmHWM:"))
        .ok_or("no VmHWM in /proc/self/status")?;
    Ok(line.trim().trim_end_matches("kB").trim().parse()?)
}

/// User plus system CPU time of this process so far, in seconds.
fn process_cpu_s() -> f64 {
    // SAFETY: `getrusage` only writes into the zeroed struct we pass, which lives for the whole call.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |it: libc::timeval| it.tv_sec as f64 + it.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
