//! The companion's benchmarks: `core` measures content build time, database size, search latency and peak build
//! memory for synthetic libraries of 100, 1 000 and 10 000 items, side by side with a naive SQLite FTS5 floor;
//! `peers` compares the same with mdBook, Kiwix (zimwriterfs and kiwix-serve) and the floor, on the same
//! libraries plus the real `content/`.
//!
//! ```text
//! cargo run --release -p companion-bench -- core [--sizes 100,1000,10000] [--out bench/RESULTS.md]
//!                                                [--build-runs 3] [--search-reps 5] [--seed 42]
//! cargo run --release -p companion-bench -- peers [--with-10000] [--sizes 100,1000] [--no-real-content]
//!                                                 [--build-runs 3] [--search-reps 5] [--cap-min 45]
//!                                                 [--no-install] [--out bench/RESULTS.md] [--seed 42]
//! cargo run --release -p companion-bench -- generate N DIR [--seed 42]
//! ```
//!
//! See `bench/README.md` for what is measured and how to read the results.

mod child;
mod corpus;
mod floor;
mod harness;
mod kiwix;
mod latency;
mod layout;
mod peers;
mod peers_report;
mod process;
mod prose;
mod report;
mod rng;
mod vocab;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::child::Side;
use crate::harness::CoreOptions;
use crate::peers::PeersOptions;
use crate::report::Environment;

pub(crate) use companion_bench::BoxResult;
use companion_bench::results_file;

const USAGE: &str = "usage:
  companion-bench core [--sizes 100,1000,10000] [--out bench/RESULTS.md] [--build-runs 3] [--search-reps 5] [--seed 42]
  companion-bench peers [--with-10000] [--sizes 100,1000] [--no-real-content] [--build-runs 3] [--search-reps 5] [--cap-min 45] [--no-install] [--out bench/RESULTS.md] [--seed 42]
  companion-bench generate N DIR [--seed 42]";

const DEFAULT_SIZES: &[usize] = &[100, 1_000, 10_000];
const DEFAULT_SEED: u64 = 42;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> BoxResult<()> {
    match args.first().map(String::as_str) {
        Some("core") => run_core(args),
        Some("peers") => run_peers(args),
        Some("generate") => run_generate(&args[1..]),
        Some("child-build") => run_child(&args[1..]),
        _ => Err(USAGE.into()),
    }
}

/// The workspace root, where `target/` and `bench/` are.
fn workspace_root() -> PathBuf {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR"));
    bench.parent().unwrap_or(bench).to_path_buf()
}

fn run_core(args: &[String]) -> BoxResult<()> {
    if cfg!(debug_assertions) {
        return Err(
            "the benchmark measures release builds only; run it with `cargo run --release`".into(),
        );
    }
    let options = parse_core_options(&args[1..])?;
    let command = format!("cargo run --release -p companion-bench -- {}", args.join(" "));
    let mut env = Environment::capture(command);
    let data_root = workspace_root().join("target").join("bench-data");
    let results = harness::run(&options, &data_root)?;
    env.load_after = report::load_average();
    println!("{}", report::tables(&results, &options));
    // Keep the other benchmarks' marked sections (peers, app-bench) as they are.
    let old = results_file::read(&options.out)?;
    let core = report::results_md(&env, &results, &options);
    results_file::write(&options.out, &results_file::with_marked_parts_of(&old, &core))?;
    eprintln!("wrote {}", options.out.display());
    Ok(())
}

fn run_peers(args: &[String]) -> BoxResult<()> {
    if cfg!(debug_assertions) {
        return Err(
            "the benchmark measures release builds only; run it with `cargo run --release`".into(),
        );
    }
    let options = parse_peers_options(&args[1..])?;
    let root = workspace_root();
    let command = format!("cargo run --release -p companion-bench -- {}", args.join(" "));
    let tools = peers::prepare(&root, &options)?;
    let mut env = Environment::capture(command);
    let versions = peers_report::Versions::capture(&tools, &root, &env);
    let data_root = root.join("target").join("bench-data").join("peers");
    let results = peers::run(&options, &tools, &root, &data_root)?;
    env.load_after = report::load_average();
    let section = peers_report::section(&env, &versions, &results, &options);
    println!("{section}");
    let old = results_file::read(&options.out)?;
    results_file::write(&options.out, &results_file::splice(&old, "peers", &section)?)?;
    eprintln!("wrote {}", options.out.display());
    Ok(())
}

fn parse_peers_options(args: &[String]) -> BoxResult<PeersOptions> {
    let mut options = PeersOptions {
        sizes: vec![100, 1_000],
        real_content: true,
        out: workspace_root().join("bench").join("RESULTS.md"),
        build_runs: 3,
        search_reps: 5,
        seed: DEFAULT_SEED,
        cap: std::time::Duration::from_secs(45 * 60),
        no_install: false,
    };
    let mut with_10000 = false;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        match flag.as_str() {
            "--with-10000" => with_10000 = true,
            "--no-real-content" => options.real_content = false,
            "--no-install" => options.no_install = true,
            _ => {
                let value = iter.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
                match flag.as_str() {
                    "--sizes" => options.sizes = parse_sizes(value)?,
                    "--out" => options.out = PathBuf::from(value),
                    "--build-runs" => options.build_runs = parse_positive(flag, value)?,
                    "--search-reps" => options.search_reps = parse_positive(flag, value)?,
                    "--cap-min" => {
                        options.cap =
                            std::time::Duration::from_secs(60 * parse_positive(flag, value)? as u64)
                    }
                    "--seed" => options.seed = value.parse()?,
                    _ => return Err(format!("unknown option {flag}\n{USAGE}").into()),
                }
            }
        }
    }
    if with_10000 && !options.sizes.contains(&10_000) {
        options.sizes.push(10_000);
    }
    Ok(options)
}

fn parse_core_options(args: &[String]) -> BoxResult<CoreOptions> {
    let mut options = CoreOptions {
        sizes: DEFAULT_SIZES.to_vec(),
        out: workspace_root().join("bench").join("RESULTS.md"),
        build_runs: 3,
        search_reps: 5,
        seed: DEFAULT_SEED,
    };
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--sizes" => options.sizes = parse_sizes(value)?,
            "--out" => options.out = PathBuf::from(value),
            "--build-runs" => options.build_runs = parse_positive(flag, value)?,
            "--search-reps" => options.search_reps = parse_positive(flag, value)?,
            "--seed" => options.seed = value.parse()?,
            _ => return Err(format!("unknown option {flag}\n{USAGE}").into()),
        }
    }
    Ok(options)
}

/// `100,1000,10000` (underscores allowed: `10_000`).
fn parse_sizes(text: &str) -> BoxResult<Vec<usize>> {
    text.split(',').map(|it| parse_positive("--sizes", &it.trim().replace('_', ""))).collect()
}

fn parse_positive(flag: &str, text: &str) -> BoxResult<usize> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{flag} takes positive whole numbers, not `{text}`").into()),
    }
}

fn run_generate(args: &[String]) -> BoxResult<()> {
    let [n, dir, rest @ ..] = args else { return Err(USAGE.into()) };
    let seed = match rest {
        [] => DEFAULT_SEED,
        [flag, value] if flag == "--seed" => value.parse()?,
        _ => return Err(USAGE.into()),
    };
    let stats = corpus::write_library(Path::new(dir), parse_positive("N", n)?, seed)?;
    eprintln!(
        "wrote {} items to {dir} (words total={} min={} max={})",
        stats.items, stats.words_total, stats.words_min, stats.words_max
    );
    Ok(())
}

fn run_child(args: &[String]) -> BoxResult<()> {
    let [side, content, out] = args else {
        return Err("usage: child-build <ours|floor> CONTENT DB".into());
    };
    let side = Side::parse(side).ok_or_else(|| format!("unknown side `{side}`"))?;
    child::run(side, Path::new(content), Path::new(out))
}
