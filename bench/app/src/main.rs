//! Desktop app benchmark: cold start to the home screen painted, and memory (PSS summed over the app and its
//! WebKit processes) after ten articles and ten searches, each side by side in the same run with a bare Tauri
//! window showing a static page (bench/floor-app, the floor); then the search box's latency as the 200
//! benchmark queries are typed letter by letter (the app alone: the floor has no search). It builds nothing: it runs two release binaries
//! under Xvfb with tauri-driver and WebKitWebDriver, as the end-to-end tests do.
//!
//! ```sh
//! bench/run-app.sh            # builds both binaries and the .deb, then runs this
//! companion-app-bench [--app PATH] [--floor PATH] [--runs 7] [--deb PATH] [--results bench/RESULTS.md] [--command TEXT]...
//! ```

mod measure;
mod procs;
mod report;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::measure::{Launch, Side};

pub(crate) use companion_bench::BoxResult;
use companion_bench::results_file;

/// The core benchmark's 200 queries (bench/queries.txt), typed into the app's search box.
const QUERIES: &str = include_str!("../../queries.txt");

const USAGE: &str = "\
usage: companion-app-bench [--app PATH] [--floor PATH] [--runs N] [--deb PATH] [--results FILE] [--command TEXT]...

  --app PATH      the app's release binary (default target/release/companion-app)
  --floor PATH    the floor's release binary (default target/release/floor-app)
  --runs N        measured launches per side, alternating sides (default 7)
  --deb PATH      the .deb whose size is reported (optional)
  --results FILE  write the report's section into FILE between its marker comments (default: print only)
  --command TEXT  a command line to list under \"Commands\" in the report (repeatable)";

/// The workspace root, where target/ and Cargo.lock are.
pub(crate) fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn release_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("release")
}

struct Options {
    app: PathBuf,
    floor: PathBuf,
    runs: usize,
    deb: Option<PathBuf>,
    results: Option<PathBuf>,
    commands: Vec<String>,
}

fn parse_args() -> BoxResult<Options> {
    let mut options = Options {
        app: release_dir().join("companion-app"),
        floor: release_dir().join("floor-app"),
        runs: 7,
        deb: None,
        results: None,
        commands: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = args.next().ok_or_else(|| format!("{arg} needs a value\n\n{USAGE}"))?;
        match arg.as_str() {
            "--app" => options.app = value.into(),
            "--floor" => options.floor = value.into(),
            "--runs" => {
                options.runs =
                    value.parse().map_err(|_| format!("--runs: not a number: {value}"))?;
                if options.runs == 0 {
                    return Err("--runs must be at least 1".into());
                }
            }
            "--deb" => options.deb = Some(value.into()),
            "--results" => options.results = Some(value.into()),
            "--command" => options.commands.push(value),
            _ => return Err(format!("unknown option {arg}\n\n{USAGE}").into()),
        }
    }
    Ok(options)
}

fn check_binary(path: &Path, what: &str) -> BoxResult<PathBuf> {
    let path = path.canonicalize().map_err(|err| {
        format!("{what} binary {} not found ({err}); run bench/run-app.sh", path.display())
    })?;
    Ok(path)
}

/// One launch, retried once if the driver or the app fails; `retries` counts the retries.
async fn launch_with_retry(
    side: Side,
    binary: &Path,
    desktop: &procs::Desktop,
    retries: &mut usize,
) -> BoxResult<Launch> {
    let env = desktop.env(side.name());
    match measure::launch(side, binary, &env, true).await {
        Ok(it) => Ok(it),
        Err(err) => {
            eprintln!("  {} launch failed ({err}); retrying once", side.name());
            *retries += 1;
            measure::launch(side, binary, &env, true).await
        }
    }
}

fn log(side: Side, label: &str, launch: &Launch) {
    eprintln!(
        "  {label:>7} {:<5} start {:>6.0} ms (page {:>5.0} ms)  PSS {:>6.1} MiB  ({} processes{})",
        side.name(),
        launch.start.as_secs_f64() * 1000.0,
        launch.page.as_secs_f64() * 1000.0,
        launch.pss_kib() as f64 / 1024.0,
        launch.processes.len(),
        launch.journey.map(|it| format!(", session {:.1} s", it.as_secs_f64())).unwrap_or_default()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("companion-app-bench: {err}");
        std::process::exit(1);
    }
}

async fn run() -> BoxResult<()> {
    let options = parse_args()?;
    let app = check_binary(&options.app, "app")?;
    let floor = check_binary(&options.floor, "floor")?;
    let mut commands = options.commands.clone();
    if commands.is_empty() {
        commands.push(std::env::args().collect::<Vec<_>>().join(" "));
    }
    let mut env = report::environment(commands);
    let started = Instant::now();
    let desktop = procs::Desktop::start()?;
    eprintln!(
        "companion-app-bench: {} runs per side on display {}; app {}, floor {}",
        options.runs,
        desktop.display,
        app.display(),
        floor.display()
    );

    let mut retries = 0;
    // Warm-up: first start of each side (page cache, the app's data folder, WebKit's caches); not counted.
    for side in [Side::App, Side::Floor] {
        let binary = if side == Side::App { &app } else { &floor };
        let launch = launch_with_retry(side, binary, &desktop, &mut retries).await?;
        log(side, "warm-up", &launch);
    }
    retries = 0;

    let mut app_runs = Vec::new();
    let mut floor_runs = Vec::new();
    for run in 0..options.runs {
        let order = if run % 2 == 0 { [Side::App, Side::Floor] } else { [Side::Floor, Side::App] };
        for side in order {
            let binary = if side == Side::App { &app } else { &floor };
            let launch = launch_with_retry(side, binary, &desktop, &mut retries).await?;
            log(side, &format!("run {}", run + 1), &launch);
            if side == Side::App {
                app_runs.push(launch);
            } else {
                floor_runs.push(launch);
            }
        }
    }
    // As you type: one more launch of the app, the 200 benchmark queries typed letter by letter.
    let queries: Vec<&str> = QUERIES.lines().map(str::trim).filter(|it| !it.is_empty()).collect();
    eprintln!("companion-app-bench: typing {} queries letter by letter", queries.len());
    let typing = measure::typing(&app, &desktop.env("typing"), &queries).await?;
    drop(desktop);
    env.load_after = report::load_average();

    let results = report::Results {
        runs: options.runs,
        app: app_runs,
        floor: floor_runs,
        retries,
        app_binary: app,
        floor_binary: floor,
        deb: options.deb.clone(),
        elapsed: started.elapsed(),
        typing,
    };
    let section = report::section(&env, &results);
    println!("{section}");
    if let Some(path) = &options.results {
        let old = results_file::read(path)?;
        results_file::write(path, &results_file::splice(&old, report::SECTION, &section)?)?;
        eprintln!("companion-app-bench: wrote the section into {}", path.display());
    }
    Ok(())
}
