//! The `core` benchmark: per size, generate the library, build it (ours and the floor) in child processes,
//! then time searches against both databases in this process.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use companion::ContentDb;

use crate::BoxResult;
use crate::child::{self, BuildRun, Side};
use crate::corpus::{self, CorpusStats};
use crate::floor::FloorDb;
use crate::latency::{self, Latency};

/// The query set, one query per line; the same for every size.
const QUERIES: &str = include_str!("../queries.txt");

/// What `core` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct CoreOptions {
    /// Library sizes, in items.
    pub(crate) sizes: Vec<usize>,
    /// Where RESULTS.md goes.
    pub(crate) out: PathBuf,
    /// Builds per side and size; the median is reported.
    pub(crate) build_runs: usize,
    /// Timed passes over the query set per side and size.
    pub(crate) search_reps: usize,
    /// Generator seed.
    pub(crate) seed: u64,
}

/// One side's figures at one size.
#[derive(Debug, Clone)]
pub(crate) struct SideResult {
    /// Every build, in the order run.
    pub(crate) builds: Vec<BuildRun>,
    /// Size of the database file.
    pub(crate) db_bytes: u64,
    /// Search latency.
    pub(crate) latency: Latency,
}

/// Both sides' figures at one size.
#[derive(Debug, Clone)]
pub(crate) struct SizeResult {
    /// Items in the library.
    pub(crate) items: usize,
    /// What the generator wrote.
    pub(crate) corpus: CorpusStats,
    /// Seconds the generator took (not part of either build).
    pub(crate) generate_s: f64,
    /// Queries in the set.
    pub(crate) queries: usize,
    /// The project.
    pub(crate) ours: SideResult,
    /// The naive floor.
    pub(crate) floor: SideResult,
}

/// The queries, trimmed, without blank lines.
pub(crate) fn queries() -> Vec<&'static str> {
    QUERIES.lines().map(str::trim).filter(|it| !it.is_empty()).collect()
}

/// Runs every size in turn, writing corpora and databases under `data_root`.
pub(crate) fn run(options: &CoreOptions, data_root: &Path) -> BoxResult<Vec<SizeResult>> {
    options.sizes.iter().map(|&items| run_size(items, options, data_root)).collect()
}

fn run_size(items: usize, options: &CoreOptions, data_root: &Path) -> BoxResult<SizeResult> {
    let dir = data_root.join(format!("n{items}"));
    let content = dir.join("content");
    eprintln!("== {items} items: generating into {}", content.display());
    let start = Instant::now();
    let corpus = corpus::write_library(&content, items, options.seed)?;
    let generate_s = start.elapsed().as_secs_f64();
    eprintln!(
        "   {} items, {} words (min {}, max {}), {:.1} MiB of Markdown in {generate_s:.1} s",
        corpus.items,
        corpus.words_total,
        corpus.words_min,
        corpus.words_max,
        corpus.markdown_bytes as f64 / 1_048_576.0
    );
    let ours_db = dir.join("ours.sqlite3");
    let floor_db = dir.join("floor.sqlite3");
    let (ours_builds, floor_builds) =
        run_builds(items, options.build_runs, &content, &ours_db, &floor_db)?;

    let queries = queries();
    eprintln!(
        "   searching: {} queries, warm-up + {} passes per side",
        queries.len(),
        options.search_reps
    );
    let ours_conn = ContentDb::open(&ours_db)?;
    let floor_conn = FloorDb::open(&floor_db)?;
    let (ours_latency, floor_latency) =
        latency::measure(&ours_conn, &floor_conn, &queries, options.search_reps)?;
    Ok(SizeResult {
        items,
        corpus,
        generate_s,
        queries: queries.len(),
        ours: SideResult {
            builds: ours_builds,
            db_bytes: fs::metadata(&ours_db)?.len(),
            latency: ours_latency,
        },
        floor: SideResult {
            builds: floor_builds,
            db_bytes: fs::metadata(&floor_db)?.len(),
            latency: floor_latency,
        },
    })
}

/// Builds alternately (ours, floor, ours, floor, ...), each in a fresh child process and from no database.
fn run_builds(
    items: usize,
    runs: usize,
    content: &Path,
    ours_db: &Path,
    floor_db: &Path,
) -> BoxResult<(Vec<BuildRun>, Vec<BuildRun>)> {
    let mut ours = Vec::new();
    let mut floor = Vec::new();
    for run in 1..=runs {
        for (side, db, results) in
            [(Side::Ours, ours_db, &mut ours), (Side::Floor, floor_db, &mut floor)]
        {
            remove_if_exists(db)?;
            let build = child::spawn(side, content, db)?;
            if build.items != items {
                return Err(format!(
                    "the {} build holds {} items, not {items}",
                    side.as_str(),
                    build.items
                )
                .into());
            }
            eprintln!(
                "   build {run}/{runs} {:<5} {:>8.3} s  cpu {:>8.3} s  peak {:>7.1} MiB",
                side.as_str(),
                build.wall_s,
                build.cpu_s,
                build.peak_kib as f64 / 1024.0
            );
            results.push(build);
        }
    }
    Ok((ours, floor))
}

fn remove_if_exists(path: &Path) -> BoxResult<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
        _ => Ok(()),
    }
}
