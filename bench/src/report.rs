//! The report: the machine and toolchain, a table per size (ours, floor, floor/ours), and the project's targets.

use std::fmt::Write as _;

use crate::harness::{CoreOptions, SideResult, SizeResult};
use crate::latency::{median, percentile};

/// Target: building 10 000 items takes less than this multiple of the floor's time.
const BUILD_TIME_MAX_MULTIPLE: f64 = 1.5;
/// Target: search median and p99 at least this many times faster than the floor.
const SEARCH_MIN_SPEEDUP: f64 = 3.0;
/// Target: peak memory while building 10 000 items, in bytes (300 MB).
const BUILD_PEAK_MAX_BYTES: f64 = 300e6;

/// Where and with what the benchmark ran.
#[derive(Debug, Clone)]
pub(crate) struct Environment {
    pub(crate) date: String,
    pub(crate) nproc: usize,
    pub(crate) cpu_model: String,
    pub(crate) memory: String,
    pub(crate) rustc: String,
    pub(crate) sqlite: String,
    pub(crate) command: String,
    pub(crate) load_before: String,
    pub(crate) load_after: String,
}

impl Environment {
    /// Reads the machine's details now; `load_after` is filled in at the end.
    pub(crate) fn capture(command: String) -> Environment {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let field = |text: &str, key: &str| -> String {
            text.lines()
                .find_map(|it| it.strip_prefix(key)?.trim_start().strip_prefix(':'))
                .map_or_else(|| "unknown".to_owned(), |it| it.trim().to_owned())
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |it| it.as_secs() as i64);
        Environment {
            date: companion::format_utc(now),
            nproc: std::thread::available_parallelism().map_or(1, usize::from),
            cpu_model: field(&cpuinfo, "model name"),
            memory: memory_gib(&field(&meminfo, "MemTotal")),
            rustc: env!("BENCH_RUSTC_VERSION").to_owned(),
            sqlite: rusqlite::version().to_owned(),
            command,
            load_before: load_average(),
            load_after: String::new(),
        }
    }
}

/// `MemTotal` (`24684092 kB`) in GiB.
fn memory_gib(mem_total: &str) -> String {
    match mem_total.trim_end_matches("kB").trim().parse::<f64>() {
        Ok(kib) => format!("{:.1} GiB", kib / 1_048_576.0),
        Err(_) => mem_total.to_owned(),
    }
}

/// The 1, 5 and 15 minute load averages.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|it| it.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The median build wall time of a side, in seconds.
fn build_s(side: &SideResult) -> f64 {
    median(&side.builds.iter().map(|it| it.wall_s).collect::<Vec<_>>())
}

fn build_cpu_s(side: &SideResult) -> f64 {
    median(&side.builds.iter().map(|it| it.cpu_s).collect::<Vec<_>>())
}

/// The highest peak RSS over a side's builds, in bytes.
fn peak_bytes(side: &SideResult) -> f64 {
    side.builds.iter().map(|it| it.peak_kib).max().unwrap_or(0) as f64 * 1024.0
}

fn search_median(side: &SideResult) -> f64 {
    median(&side.latency.wall_ms)
}

fn search_p99(side: &SideResult) -> f64 {
    percentile(&side.latency.wall_ms, 99.0)
}

pub(crate) fn fmt_s(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{seconds:.3} s")
    } else if seconds < 10.0 {
        format!("{seconds:.2} s")
    } else {
        format!("{seconds:.1} s")
    }
}

pub(crate) fn fmt_ms(ms: f64) -> String {
    if ms < 1.0 {
        format!("{ms:.3} ms")
    } else if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

pub(crate) fn fmt_bytes(bytes: f64) -> String {
    if bytes >= 1_048_576.0 {
        format!("{:.1} MiB", bytes / 1_048_576.0)
    } else {
        format!("{:.0} KiB", bytes / 1024.0)
    }
}

fn fmt_ratio(floor: f64, ours: f64) -> String {
    if ours > 0.0 { format!("{:.2}×", floor / ours) } else { "n/a".to_owned() }
}

/// Thousands separated by a thin space, as the issue writes them (10 000).
pub(crate) fn fmt_count(n: usize) -> String {
    let digits = n.to_string();
    let mut res = String::new();
    for (idx, c) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            res.push(' ');
        }
        res.push(c);
    }
    res
}

/// A table row: label, ours, floor, and how to format the values.
type TableRow = (String, f64, f64, fn(f64) -> String);

/// One size's table and the details under it.
pub(crate) fn size_section(result: &SizeResult, options: &CoreOptions) -> String {
    let (ours, floor) = (&result.ours, &result.floor);
    let runs = ours.builds.len();
    let rows: [TableRow; 5] = [
        (format!("Build time (median of {runs})"), build_s(ours), build_s(floor), fmt_s),
        ("Database size".to_owned(), ours.db_bytes as f64, floor.db_bytes as f64, fmt_bytes),
        ("Search median".to_owned(), search_median(ours), search_median(floor), fmt_ms),
        ("Search p99".to_owned(), search_p99(ours), search_p99(floor), fmt_ms),
        ("Peak memory while building".to_owned(), peak_bytes(ours), peak_bytes(floor), fmt_bytes),
    ];
    let mut out = String::new();
    let _ = writeln!(out, "### {} items\n", fmt_count(result.items));
    out.push_str("| | Ours | Floor | Floor / ours |\n|---|---:|---:|---:|\n");
    for (label, ours_value, floor_value, fmt) in rows {
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} |",
            fmt(ours_value),
            fmt(floor_value),
            fmt_ratio(floor_value, ours_value)
        );
    }
    out.push('\n');
    out.push_str(&details(result, options));
    out
}

fn details(result: &SizeResult, options: &CoreOptions) -> String {
    let (ours, floor) = (&result.ours, &result.floor);
    let walls = |side: &SideResult| {
        side.builds.iter().map(|it| format!("{:.3}", it.wall_s)).collect::<Vec<_>>().join(", ")
    };
    let corpus = &result.corpus;
    let executions = ours.latency.wall_ms.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "- Corpus: {} items, {} words (min {}, max {} per item), {} of Markdown; generated in {:.1} s (not counted).",
        fmt_count(corpus.items),
        fmt_count(corpus.words_total),
        corpus.words_min,
        corpus.words_max,
        fmt_bytes(corpus.markdown_bytes as f64),
        result.generate_s
    );
    let _ = writeln!(
        out,
        "- Builds, wall s in run order: ours {}; floor {}. Median CPU (user + sys): ours {}, floor {}.",
        walls(ours),
        walls(floor),
        fmt_s(build_cpu_s(ours)),
        fmt_s(build_cpu_s(floor))
    );
    let _ = writeln!(
        out,
        "- Search: {} queries × {} passes = {executions} timed executions per side, after one warm-up pass. \
         Median thread CPU per query: ours {}, floor {}. Queries with no hit: ours {}, floor {}.",
        result.queries,
        options.search_reps,
        fmt_ms(median(&ours.latency.cpu_ms)),
        fmt_ms(median(&floor.latency.cpu_ms)),
        ours.latency.zero_hit_queries,
        floor.latency.zero_hit_queries
    );
    out
}

/// The project's targets, for the sizes that were run.
pub(crate) fn targets(results: &[SizeResult]) -> String {
    let mut rows: Vec<(String, String, bool)> = Vec::new();
    let at = |n: usize| results.iter().find(|it| it.items == n);
    if let Some(result) = at(10_000) {
        let (ours, floor) = (build_s(&result.ours), build_s(&result.floor));
        rows.push((
            format!("Build 10 000 items in under {BUILD_TIME_MAX_MULTIPLE}× the floor's time"),
            format!("{} / {} = {:.2}×", fmt_s(ours), fmt_s(floor), ours / floor),
            ours / floor < BUILD_TIME_MAX_MULTIPLE,
        ));
    }
    for n in [1_000, 10_000] {
        let Some(result) = at(n) else { continue };
        for (what, value) in
            [("median", search_median as fn(&SideResult) -> f64), ("p99", search_p99)]
        {
            let (ours, floor) = (value(&result.ours), value(&result.floor));
            rows.push((
                format!("Search {what} at {} items at least {SEARCH_MIN_SPEEDUP}× faster than the floor", fmt_count(n)),
                format!("floor {} / ours {} = {:.2}×", fmt_ms(floor), fmt_ms(ours), floor / ours),
                floor / ours >= SEARCH_MIN_SPEEDUP,
            ));
        }
    }
    if let Some(result) = at(10_000) {
        let peak = peak_bytes(&result.ours);
        rows.push((
            "Peak memory building 10 000 items under 300 MB".to_owned(),
            format!("{} ({:.0} MB)", fmt_bytes(peak), peak / 1e6),
            peak < BUILD_PEAK_MAX_BYTES,
        ));
    }
    if rows.is_empty() {
        return "No target applies to the sizes run (targets are set at 1 000 and 10 000 items).\n"
            .to_owned();
    }
    let mut out = String::from("| Target | Measured | Met |\n|---|---|---|\n");
    for (target, measured, met) in rows {
        let _ = writeln!(out, "| {target} | {measured} | {} |", if met { "yes" } else { "**no**" });
    }
    out
}

/// Every size's table and the targets, as printed to stdout.
pub(crate) fn tables(results: &[SizeResult], options: &CoreOptions) -> String {
    let mut out = String::new();
    for result in results {
        out.push_str(&size_section(result, options));
        out.push('\n');
    }
    out.push_str("### Targets\n\n");
    out.push_str(&targets(results));
    out
}

/// The whole RESULTS.md.
pub(crate) fn results_md(
    env: &Environment,
    results: &[SizeResult],
    options: &CoreOptions,
) -> String {
    let mut out = String::from("# Core benchmark: results\n\n");
    out.push_str(
        "Written by the benchmark itself; rerun it rather than editing by hand. \
         What each column means, and how it is measured, is in [README.md](README.md).\n\n",
    );
    let _ = writeln!(out, "- Date (UTC): {}", env.date);
    let _ = writeln!(
        out,
        "- Machine: {} CPUs (nproc), {}, {} RAM",
        env.nproc, env.cpu_model, env.memory
    );
    let _ = writeln!(out, "- Compiler: {} (release profile)", env.rustc);
    let _ = writeln!(out, "- SQLite (bundled with rusqlite, both sides): {}", env.sqlite);
    let _ = writeln!(out, "- Command: `{}`", env.command);
    let _ = writeln!(
        out,
        "- Settings: seed {}, {} build runs per side and size, {} timed search passes per side and size",
        options.seed, options.build_runs, options.search_reps
    );
    let _ = writeln!(
        out,
        "- Load average (1/5/15 min) before: {}; after: {} (the machine is shared, so other work may run alongside)\n",
        env.load_before, env.load_after
    );
    out.push_str("## Results\n\n");
    out.push_str("Ratios are floor / ours: above 1 means ours is faster or smaller, below 1 means the floor is.\n\n");
    out.push_str(&tables(results, options));
    out
}
