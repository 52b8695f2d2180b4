//! The `peers` benchmark: the companion next to what a trust's IT team or a trainer would otherwise pick for an
//! offline library (mdBook with its elasticlunr search, Kiwix's `zimwriterfs` and `kiwix-serve`) and the naive
//! SQLite FTS5 floor, on the same libraries and the same queries, in one run.
//!
//! Per library (the synthetic ones from `corpus`, then the real `content/`): lay the items out for mdBook and as
//! HTML for zimwriterfs (not timed), build with every tool in turn (ours with the release CLI, each build a
//! separate process timed from spawn to exit with its peak memory from `wait4`), measure what is on disk, then
//! time the same queries against each: ours and the floor in this process (`latency`), ours through the CLI,
//! elasticlunr in node, and kiwix-serve over loopback HTTP. Every outside step is capped.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use companion::ContentDb;

use crate::BoxResult;
use crate::corpus;
use crate::floor::FloorDb;
use crate::harness;
use crate::kiwix::{self, ServeLatency};
use crate::latency::{self, Latency};
use crate::layout::{self, PeerLibrary};
use crate::process::{self, Outcome, Run};

/// What `peers` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct PeersOptions {
    /// Synthetic library sizes, in items.
    pub(crate) sizes: Vec<usize>,
    /// Also run on the real `content/`.
    pub(crate) real_content: bool,
    /// Where RESULTS.md is.
    pub(crate) out: PathBuf,
    /// Builds per tool for libraries under 10 000 items (the median is reported).
    pub(crate) build_runs: usize,
    /// Timed passes over the query set per search.
    pub(crate) search_reps: usize,
    /// Generator seed.
    pub(crate) seed: u64,
    /// Longest any one peer step may take.
    pub(crate) cap: Duration,
    /// Only check that the peer tools are there; never install them.
    pub(crate) no_install: bool,
}

/// From this size on, the peers build once (an mdBook build of 10 000 items takes about half an hour).
pub(crate) const SINGLE_PEER_BUILD_FROM: usize = 10_000;

/// A peer step's result: measured, stopped at the cap, or failed (the run goes on and the report says why).
#[derive(Debug, Clone)]
pub(crate) enum Step<T> {
    Got(T),
    OverCap,
    Failed(String),
}

impl<T> Step<T> {
    pub(crate) fn got(&self) -> Option<&T> {
        match self {
            Step::Got(it) => Some(it),
            _ => None,
        }
    }
}

/// Builds of one tool at one library.
#[derive(Debug, Clone, Default)]
pub(crate) struct Builds {
    pub(crate) runs: Vec<Run>,
}

impl Builds {
    pub(crate) fn median_wall_s(&self) -> f64 {
        latency::median(&self.runs.iter().map(|it| it.wall_s).collect::<Vec<_>>())
    }

    pub(crate) fn median_cpu_s(&self) -> f64 {
        latency::median(&self.runs.iter().map(|it| it.cpu_s).collect::<Vec<_>>())
    }

    pub(crate) fn peak_bytes(&self) -> f64 {
        self.runs.iter().map(|it| it.peak_kib).max().unwrap_or(0) as f64 * 1024.0
    }
}

/// Search latency as reported: median and p99 of the timed executions.
#[derive(Debug, Clone)]
pub(crate) struct Search {
    pub(crate) median_ms: f64,
    pub(crate) p99_ms: f64,
    pub(crate) executions: usize,
    pub(crate) zero_hit_queries: usize,
    /// Extra facts for the notes under the table.
    pub(crate) note: String,
}

impl Search {
    fn from_latency(latency: &Latency, note: String) -> Search {
        Search {
            median_ms: latency::median(&latency.wall_ms),
            p99_ms: latency::percentile(&latency.wall_ms, 99.0),
            executions: latency.wall_ms.len(),
            zero_hit_queries: latency.zero_hit_queries,
            note,
        }
    }
}

/// mdBook's output.
#[derive(Debug, Clone)]
pub(crate) struct BookSize {
    pub(crate) total_bytes: u64,
    pub(crate) files: usize,
    pub(crate) index_name: String,
    pub(crate) index_bytes: u64,
}

/// Every figure at one library.
#[derive(Debug, Clone)]
pub(crate) struct LibraryResult {
    /// `100 items`, or `content/ (the real library)`.
    pub(crate) label: String,
    /// Synthetic size, `None` for the real library.
    pub(crate) size: Option<usize>,
    pub(crate) items: usize,
    pub(crate) markdown_bytes: u64,
    /// Seconds spent writing the mdBook layout and the HTML tree (not part of any build).
    pub(crate) layout_s: f64,
    pub(crate) ours_build: Builds,
    pub(crate) floor_build: Builds,
    pub(crate) zim_build: Step<Builds>,
    pub(crate) mdbook_build: Step<Builds>,
    pub(crate) ours_bytes: u64,
    pub(crate) floor_bytes: u64,
    pub(crate) zim_bytes: Option<u64>,
    pub(crate) book: Option<BookSize>,
    pub(crate) ours_search: Search,
    pub(crate) ours_cli_search: Search,
    pub(crate) floor_search: Search,
    pub(crate) lunr_search: Step<Search>,
    pub(crate) kiwix_search: Step<Search>,
}

/// Tools and where they are.
pub(crate) struct Tools {
    pub(crate) companion: PathBuf,
    pub(crate) mdbook: PathBuf,
    pub(crate) node_script: PathBuf,
}

/// Makes sure the peer tools are installed (running `bench/install-peers.sh`) and the release CLI is built.
pub(crate) fn prepare(root: &Path, options: &PeersOptions) -> BoxResult<Tools> {
    let script = root.join("bench").join("install-peers.sh");
    let mut install = Command::new("bash");
    install.arg(&script);
    if options.no_install {
        install.arg("--check");
    }
    let status = install.status()?;
    if !status.success() {
        return Err(format!("{} did not succeed ({status})", script.display()).into());
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("+ cargo build --release -p companion --bin companion");
    let status = Command::new(cargo)
        .args(["build", "--release", "-p", "companion", "--bin", "companion"])
        .current_dir(root)
        .status()?;
    if !status.success() {
        return Err("building the release CLI failed".into());
    }
    let exe = std::env::current_exe()?;
    let companion = exe.parent().ok_or("no folder for this binary")?.join("companion");
    Ok(Tools {
        companion,
        mdbook: find_tool("mdbook").ok_or("mdbook is not installed; run bench/install-peers.sh")?,
        node_script: root.join("bench").join("node").join("mdbook_search.mjs"),
    })
}

/// `name` on the PATH, or in cargo's bin folder (where `cargo install` puts it).
pub(crate) fn find_tool(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|it| std::env::split_paths(&it).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    dirs.into_iter().map(|it| it.join(name)).find(|it| it.is_file())
}

/// Runs every library in turn.
pub(crate) fn run(
    options: &PeersOptions,
    tools: &Tools,
    root: &Path,
    data_root: &Path,
) -> BoxResult<Vec<LibraryResult>> {
    let mut results = Vec::new();
    for &size in &options.sizes {
        let dir = data_root.join(format!("n{size}"));
        let content = dir.join("content");
        eprintln!("== {size} items: generating into {}", content.display());
        let stats = corpus::write_library(&content, size, options.seed)?;
        let label = format!("{} items", crate::report::fmt_count(size));
        results.push(run_library(
            label,
            Some(size),
            &content,
            &dir,
            stats.markdown_bytes,
            options,
            tools,
        )?);
    }
    if options.real_content {
        let content = root.join("content");
        let dir = data_root.join("content");
        fs::create_dir_all(&dir)?;
        eprintln!("== the real library: {}", content.display());
        let bytes = markdown_bytes(&content)?;
        results.push(run_library(
            "content/ (the real library)".to_owned(),
            None,
            &content,
            &dir,
            bytes,
            options,
            tools,
        )?);
    }
    Ok(results)
}

fn run_library(
    label: String,
    size: Option<usize>,
    content: &Path,
    dir: &Path,
    markdown_bytes: u64,
    options: &PeersOptions,
    tools: &Tools,
) -> BoxResult<LibraryResult> {
    fs::create_dir_all(dir)?;
    let logs = dir.join("logs");
    fs::create_dir_all(&logs)?;
    let start = Instant::now();
    let library = PeerLibrary::load(content)?;
    let book_dir = dir.join("mdbook");
    let html_dir = dir.join("html");
    library.write_mdbook(&book_dir)?;
    library.write_html(&html_dir)?;
    let layout_s = start.elapsed().as_secs_f64();
    let items = library.len();
    eprintln!("   {items} items; mdBook layout and HTML written in {layout_s:.1} s");

    let ours_db = dir.join("ours.sqlite3");
    let floor_db = dir.join("floor.sqlite3");
    let zim_name =
        format!("companion_bench_{}", dir.file_name().and_then(|it| it.to_str()).unwrap_or("lib"));
    let zim = dir.join(format!("{zim_name}.zim"));
    let book_out = book_dir.join("book");

    let peer_runs =
        if size.is_some_and(|it| it >= SINGLE_PEER_BUILD_FROM) { 1 } else { options.build_runs };
    let runs = options.build_runs.max(peer_runs);
    let (mut ours_build, mut floor_build) = (Builds::default(), Builds::default());
    let mut zim_build = Step::Got(Builds::default());
    let mut mdbook_build = Step::Got(Builds::default());
    for run in 1..=runs {
        let mut ours = Command::new(&tools.companion);
        ours.arg("build").arg(content).arg("-o").arg(&ours_db);
        build_step("ours", run, runs, &ours_db, ours, options.cap, &logs, &mut ours_build, true)?;

        let mut floor = Command::new(std::env::current_exe()?);
        floor.arg("child-build").arg("floor").arg(content).arg(&floor_db);
        build_step(
            "floor",
            run,
            runs,
            &floor_db,
            floor,
            options.cap,
            &logs,
            &mut floor_build,
            true,
        )?;

        if run > peer_runs {
            continue;
        }
        if let Step::Got(builds) = &mut zim_build {
            let mut zimwriterfs = Command::new("zimwriterfs");
            zimwriterfs
                .args([
                    "--welcome=index.html",
                    "--illustration=illustration.png",
                    "--language=eng",
                    "--title=Library",
                    "--description=companion-bench",
                    "--creator=companion-bench",
                    "--publisher=companion-bench",
                ])
                .arg(format!("--name={zim_name}"))
                .arg(&html_dir)
                .arg(&zim);
            zim_build = peer_build_step(
                "zimwriterfs",
                run,
                peer_runs,
                &zim,
                zimwriterfs,
                options,
                &logs,
                builds,
            );
        }
        if let Step::Got(builds) = &mut mdbook_build {
            let mut mdbook = Command::new(&tools.mdbook);
            mdbook.arg("build").arg(&book_dir);
            mdbook_build = peer_build_step(
                "mdbook", run, peer_runs, &book_out, mdbook, options, &logs, builds,
            );
        }
    }

    let ours_bytes = fs::metadata(&ours_db)?.len();
    let floor_bytes = fs::metadata(&floor_db)?.len();
    let zim_bytes = zim_build.got().and_then(|_| fs::metadata(&zim).ok()).map(|it| it.len());
    let book = match mdbook_build.got() {
        Some(_) => Some(book_size(&book_out)?),
        None => None,
    };

    let queries = harness::queries();
    let queries_file = dir.join("queries.txt");
    fs::write(&queries_file, queries.join("\n") + "\n")?;
    eprintln!(
        "   searching: {} queries, warm-up + {} passes each",
        queries.len(),
        options.search_reps
    );
    let (ours_latency, floor_latency) = {
        let ours_conn = ContentDb::open(&ours_db)?;
        let floor_conn = FloorDb::open(&floor_db)?;
        latency::measure(&ours_conn, &floor_conn, &queries, options.search_reps)?
    };
    let ours_search = Search::from_latency(&ours_latency, String::new());
    let floor_search = Search::from_latency(&floor_latency, String::new());
    eprintln!(
        "   ours in-process {:.2} ms / p99 {:.2} ms; floor {:.2} ms / p99 {:.2} ms",
        ours_search.median_ms, ours_search.p99_ms, floor_search.median_ms, floor_search.p99_ms
    );
    let ours_cli_search = cli_search(&tools.companion, &ours_db, &queries, options.search_reps)?;
    eprintln!(
        "   ours CLI {:.2} ms / p99 {:.2} ms",
        ours_cli_search.median_ms, ours_cli_search.p99_ms
    );
    let lunr_search = if mdbook_build.got().is_some() {
        lunr_search(tools, &book_out, &queries_file, options, &logs)
    } else {
        Step::Failed("not run: mdbook build did not finish".to_owned())
    };
    report_step("elasticlunr", &lunr_search);
    let kiwix_search = if zim_bytes.is_some() {
        match kiwix::measure(&zim, &queries, options.search_reps, options.cap) {
            Ok(Some(it)) => Step::Got(kiwix_to_search(&it)),
            Ok(None) => Step::OverCap,
            Err(err) => Step::Failed(err.to_string()),
        }
    } else {
        Step::Failed("not run: zimwriterfs did not finish".to_owned())
    };
    report_step("kiwix-serve", &kiwix_search);

    Ok(LibraryResult {
        label,
        size,
        items,
        markdown_bytes,
        layout_s,
        ours_build,
        floor_build,
        zim_build,
        mdbook_build,
        ours_bytes,
        floor_bytes,
        zim_bytes,
        book,
        ours_search,
        ours_cli_search,
        floor_search,
        lunr_search,
        kiwix_search,
    })
}

fn report_step(what: &str, step: &Step<Search>) {
    match step {
        Step::Got(it) => eprintln!("   {what} {:.2} ms / p99 {:.2} ms", it.median_ms, it.p99_ms),
        Step::OverCap => eprintln!("   {what}: over the cap"),
        Step::Failed(why) => eprintln!("   {what}: {why}"),
    }
}

/// One build of ours or the floor: these must succeed within the cap.
#[allow(clippy::too_many_arguments)]
fn build_step(
    what: &str,
    run: usize,
    runs: usize,
    output: &Path,
    command: Command,
    cap: Duration,
    logs: &Path,
    builds: &mut Builds,
    is_file: bool,
) -> BoxResult<()> {
    remove(output, is_file)?;
    let log = logs.join(format!("{what}-build.log"));
    match process::run_capped(command, cap, None, &log)? {
        Outcome::Done(it) => {
            print_build(what, run, runs, &it);
            builds.runs.push(it);
            Ok(())
        }
        Outcome::OverCap => Err(format!("the {what} build took longer than the cap").into()),
    }
}

/// One peer build: a failure or the cap ends this tool's builds at this library, not the run.
#[allow(clippy::too_many_arguments)]
fn peer_build_step(
    what: &str,
    run: usize,
    runs: usize,
    output: &Path,
    command: Command,
    options: &PeersOptions,
    logs: &Path,
    builds: &mut Builds,
) -> Step<Builds> {
    let log = logs.join(format!("{what}-build.log"));
    let outcome = remove(output, what != "mdbook")
        .and_then(|()| process::run_capped(command, options.cap, None, &log));
    match outcome {
        Ok(Outcome::Done(it)) => {
            print_build(what, run, runs, &it);
            builds.runs.push(it);
            Step::Got(std::mem::take(builds))
        }
        Ok(Outcome::OverCap) => {
            eprintln!("   build {run}/{runs} {what}: {}", process::over_cap_text(options.cap));
            Step::OverCap
        }
        Err(err) => {
            eprintln!("   build {run}/{runs} {what} failed: {err}");
            Step::Failed(err.to_string())
        }
    }
}

fn print_build(what: &str, run: usize, runs: usize, it: &Run) {
    eprintln!(
        "   build {run}/{runs} {what:<11} {:>9.3} s  cpu {:>9.3} s  peak {:>8.1} MiB",
        it.wall_s,
        it.cpu_s,
        it.peak_kib as f64 / 1024.0
    );
}

fn remove(path: &Path, is_file: bool) -> BoxResult<()> {
    let res = if is_file { fs::remove_file(path) } else { fs::remove_dir_all(path) };
    match res {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
        _ => Ok(()),
    }
}

fn book_size(book: &Path) -> BoxResult<BookSize> {
    let (total_bytes, files) = layout::tree_size(book)?;
    let mut index = None;
    for entry in fs::read_dir(book)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("searchindex") && (name.ends_with(".js") || name.ends_with(".json")) {
            let bytes = entry.metadata()?.len();
            // With both a .js and a .json, the larger is the one a page loads.
            if index.as_ref().is_none_or(|(_, it)| bytes > *it) {
                index = Some((name, bytes));
            }
        }
    }
    let (index_name, index_bytes) = index.ok_or("mdbook wrote no search index")?;
    Ok(BookSize { total_bytes, files, index_name, index_bytes })
}

/// Our search through the release CLI: one `companion search DB QUERY --limit 20` process per query.
fn cli_search(companion: &Path, db: &Path, queries: &[&str], reps: usize) -> BoxResult<Search> {
    let mut latency = Latency::default();
    for pass in 0..=reps {
        for query in queries {
            let start = Instant::now();
            let output = Command::new(companion)
                .arg("search")
                .arg(db)
                .arg(query)
                .args(["--limit", "20"])
                .output()?;
            let elapsed = start.elapsed().as_secs_f64() * 1e3;
            if !output.status.success() {
                return Err(format!(
                    "companion search failed on `{query}`: {}",
                    String::from_utf8_lossy(&output.stderr)
                )
                .into());
            }
            if pass == 0 {
                if !String::from_utf8_lossy(&output.stdout).contains("#/article/") {
                    latency.zero_hit_queries += 1;
                }
            } else {
                latency.wall_ms.push(elapsed);
            }
        }
    }
    Ok(Search::from_latency(&latency, String::new()))
}

/// mdBook's search: `bench/node/mdbook_search.mjs` in node, capped.
fn lunr_search(
    tools: &Tools,
    book: &Path,
    queries_file: &Path,
    options: &PeersOptions,
    logs: &Path,
) -> Step<Search> {
    let out = logs.join("mdbook-search.json");
    let mut node = Command::new("node");
    // A 10 000-item index needs more than node's default heap.
    node.arg("--max-old-space-size=16384")
        .arg(&tools.node_script)
        .arg(book)
        .arg(queries_file)
        .arg(options.search_reps.to_string());
    match process::run_capped(node, options.cap, Some(&out), &logs.join("mdbook-search.log")) {
        Ok(Outcome::OverCap) => Step::OverCap,
        Err(err) => Step::Failed(err.to_string()),
        Ok(Outcome::Done(run)) => match parse_lunr(&out, &run) {
            Ok(it) => Step::Got(it),
            Err(err) => Step::Failed(err.to_string()),
        },
    }
}

fn parse_lunr(out: &Path, run: &Run) -> BoxResult<Search> {
    let json: serde_json::Value = serde_json::from_str(fs::read_to_string(out)?.trim())?;
    let number = |key: &str| -> BoxResult<f64> {
        json.get(key)
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("no `{key}` in {}", out.display()).into())
    };
    let bool_mode = json
        .get("search_options")
        .and_then(|it| it.get("bool"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("OR")
        .to_owned();
    let note = format!(
        "index load in node (read + evaluate {} + `Index.load`) {}, {} indexed sections, the book's `bool: {bool_mode}`, node peak memory {}",
        json.get("index_file").and_then(serde_json::Value::as_str).unwrap_or("?"),
        crate::report::fmt_ms(number("index_load_ms")?),
        number("indexed_sections")?,
        crate::report::fmt_bytes(run.peak_kib as f64 * 1024.0),
    );
    Ok(Search {
        median_ms: number("median_ms")?,
        p99_ms: number("p99_ms")?,
        executions: number("executions")? as usize,
        zero_hit_queries: number("zero_hit_queries")? as usize,
        note,
    })
}

fn kiwix_to_search(it: &ServeLatency) -> Search {
    Search {
        median_ms: latency::median(&it.wall_ms),
        p99_ms: latency::percentile(&it.wall_ms, 99.0),
        executions: it.wall_ms.len(),
        zero_hit_queries: it.zero_hit_queries,
        note: format!(
            "server start-up to first answer {}, mean page {}, server peak memory {}",
            crate::report::fmt_ms(it.startup_ms),
            crate::report::fmt_bytes(it.mean_page_bytes),
            crate::report::fmt_bytes(it.server_peak_kib as f64 * 1024.0)
        ),
    }
}

/// Bytes of the item files (`<section>/*.md`) of a library.
fn markdown_bytes(content: &Path) -> BoxResult<u64> {
    let mut bytes = 0;
    for section in fs::read_dir(content)? {
        let section = section?;
        if !section.file_type()?.is_dir() {
            continue;
        }
        for file in fs::read_dir(section.path())? {
            let file = file?;
            if file.file_name().to_string_lossy().ends_with(".md") {
                bytes += file.metadata()?.len();
            }
        }
    }
    Ok(bytes)
}
