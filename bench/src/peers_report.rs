//! The `peers` section of RESULTS.md: the date, the versions, the exact command, one table per library with
//! every figure and its ratio to ours, the notes under each, and the targets.

use std::fmt::Write as _;
use std::process::Command;
use std::time::Duration;

use crate::peers::{
    Builds, LibraryResult, PeersOptions, SINGLE_PEER_BUILD_FROM, Search, Step, Tools,
};
use crate::process::over_cap_text;
use crate::report::{Environment, fmt_bytes, fmt_count, fmt_ms, fmt_s};

/// The versions of everything measured, as the tools report them.
#[derive(Debug, Clone)]
pub(crate) struct Versions {
    pub(crate) lines: Vec<(String, String)>,
}

fn first_line(program: &str, args: &[&str], pick: impl Fn(&str) -> bool) -> String {
    let Ok(output) = Command::new(program).args(args).output() else {
        return "not found".to_owned();
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    text.lines().map(str::trim).find(|it| pick(it)).unwrap_or("unknown").to_owned()
}

impl Versions {
    pub(crate) fn capture(tools: &Tools, root: &std::path::Path, env: &Environment) -> Versions {
        let mdbook = tools.mdbook.to_string_lossy().into_owned();
        let lunr = std::fs::read_to_string(root.join("node_modules/elasticlunr/package.json"))
            .ok()
            .and_then(|it| serde_json::from_str::<serde_json::Value>(&it).ok())
            .and_then(|it| it.get("version").and_then(|v| v.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "unknown".to_owned());
        let lines = vec![
            (
                "companion (ours)".to_owned(),
                format!("this workspace, release build, {}", env.rustc),
            ),
            ("SQLite (ours and the floor, bundled with rusqlite)".to_owned(), env.sqlite.clone()),
            ("mdBook".to_owned(), first_line(&mdbook, &["--version"], |it| !it.is_empty())),
            (
                "zimwriterfs".to_owned(),
                format!(
                    "{} / {}",
                    first_line("zimwriterfs", &["--version"], |it| !it.is_empty()),
                    first_line("zimwriterfs", &["--version"], |it| it.contains("libzim"))
                ),
            ),
            (
                "kiwix-serve".to_owned(),
                format!(
                    "{} / {}",
                    first_line("kiwix-serve", &["--version"], |it| !it.is_empty()),
                    first_line("kiwix-serve", &["--version"], |it| it.contains("libkiwix"))
                ),
            ),
            ("elasticlunr (npm, in node)".to_owned(), lunr),
            ("node".to_owned(), first_line("node", &["--version"], |it| !it.is_empty())),
        ];
        Versions { lines }
    }
}

/// Peer figure over ours: above 1 means ours is faster or smaller.
fn ratio(peer: f64, ours: f64) -> String {
    if ours <= 0.0 {
        "n/a".to_owned()
    } else if peer / ours >= 100.0 {
        format!("{:.0}×", peer / ours)
    } else if peer / ours >= 10.0 {
        format!("{:.1}×", peer / ours)
    } else {
        format!("{:.2}×", peer / ours)
    }
}

fn cell(value: f64, ours: f64, fmt: fn(f64) -> String) -> String {
    format!("{} ({})", fmt(value), ratio(value, ours))
}

fn step_cell<T>(step: &Step<T>, cap: Duration, value: impl Fn(&T) -> String) -> String {
    match step {
        Step::Got(it) => value(it),
        Step::OverCap => over_cap_text(cap),
        Step::Failed(_) => "failed (see below)".to_owned(),
    }
}

fn runs_text(builds: &Builds) -> String {
    match builds.runs.len() {
        1 => "1 run".to_owned(),
        n => format!("median of {n}"),
    }
}

/// One library's table and notes.
fn library_section(result: &LibraryResult, cap: Duration) -> String {
    let ours_build = result.ours_build.median_wall_s();
    let ours_peak = result.ours_build.peak_bytes();
    let ours_bytes = result.ours_bytes as f64;
    let ours_search = &result.ours_search;
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", result.label);
    out.push_str("| | Ours | mdBook | Kiwix | FTS5 floor |\n|---|---:|---:|---:|---:|\n");
    let ours_runs = result.ours_build.runs.len();
    // A peer that built fewer times than ours (once, at 10 000 items) says so in its cell.
    let build_cell = |builds: &Builds| {
        let value = cell(builds.median_wall_s(), ours_build, fmt_s);
        if builds.runs.len() == ours_runs {
            value
        } else {
            format!("{value}, {}", runs_text(builds))
        }
    };
    let _ = writeln!(
        out,
        "| Build time ({}) | {} | {} | {} | {} |",
        runs_text(&result.ours_build),
        fmt_s(ours_build),
        step_cell(&result.mdbook_build, cap, |it| build_cell(it)),
        step_cell(&result.zim_build, cap, |it| build_cell(it)),
        build_cell(&result.floor_build),
    );
    let _ = writeln!(
        out,
        "| Peak memory while building | {} | {} | {} | {} |",
        fmt_bytes(ours_peak),
        step_cell(&result.mdbook_build, cap, |it| cell(it.peak_bytes(), ours_peak, fmt_bytes)),
        step_cell(&result.zim_build, cap, |it| cell(it.peak_bytes(), ours_peak, fmt_bytes)),
        cell(result.floor_build.peak_bytes(), ours_peak, fmt_bytes),
    );
    let _ = writeln!(
        out,
        "| Size on disk | {} (database) | {} | {} | {} |",
        fmt_bytes(ours_bytes),
        result.book.as_ref().map_or_else(
            || step_cell(&result.mdbook_build, cap, |_| "n/a".to_owned()),
            |it| format!(
                "{} ({} files)",
                cell(it.total_bytes as f64, ours_bytes, fmt_bytes),
                fmt_count(it.files)
            )
        ),
        result.zim_bytes.map_or_else(
            || step_cell(&result.zim_build, cap, |_| "n/a".to_owned()),
            |it| format!("{} (.zim)", cell(it as f64, ours_bytes, fmt_bytes))
        ),
        cell(result.floor_bytes as f64, ours_bytes, fmt_bytes),
    );
    let _ = writeln!(
        out,
        "| Search index | in the database | {} | in the .zim | in the database |",
        result.book.as_ref().map_or_else(
            || "n/a".to_owned(),
            |it| format!(
                "{} (`{}`)",
                cell(it.index_bytes as f64, ours_bytes, fmt_bytes),
                it.index_name
            )
        ),
    );
    for (what, value) in [
        ("median", (|it: &Search| it.median_ms) as fn(&Search) -> f64),
        ("p99", |it: &Search| it.p99_ms),
    ] {
        let ours = value(ours_search);
        let _ = writeln!(
            out,
            "| Search {what} | {} | {} | {} | {} |",
            fmt_ms(ours),
            step_cell(&result.lunr_search, cap, |it| cell(value(it), ours, fmt_ms)),
            step_cell(&result.kiwix_search, cap, |it| cell(value(it), ours, fmt_ms)),
            cell(value(&result.floor_search), ours, fmt_ms),
        );
    }
    let cli = &result.ours_cli_search;
    let _ = writeln!(
        out,
        "| Search through the CLI, median / p99 | {} / {} | — | — | — |",
        fmt_ms(cli.median_ms),
        fmt_ms(cli.p99_ms)
    );
    let _ = writeln!(
        out,
        "| Queries with no hit | {} | {} | {} | {} |",
        ours_search.zero_hit_queries,
        step_cell(&result.lunr_search, cap, |it| it.zero_hit_queries.to_string()),
        step_cell(&result.kiwix_search, cap, |it| it.zero_hit_queries.to_string()),
        result.floor_search.zero_hit_queries,
    );
    out.push('\n');

    let _ = writeln!(
        out,
        "- Library: {} items, {} of Markdown. Writing the mdBook layout and the HTML for zimwriterfs took {:.1} s (not counted in any build).",
        fmt_count(result.items),
        fmt_bytes(result.markdown_bytes as f64),
        result.layout_s
    );
    let walls = |builds: &Builds| {
        builds.runs.iter().map(|it| format!("{:.3}", it.wall_s)).collect::<Vec<_>>().join(", ")
    };
    let mut builds = format!(
        "- Builds, wall s in run order: ours {} (CPU {}); floor {} (CPU {})",
        walls(&result.ours_build),
        fmt_s(result.ours_build.median_cpu_s()),
        walls(&result.floor_build),
        fmt_s(result.floor_build.median_cpu_s())
    );
    for (name, step) in [("mdbook", &result.mdbook_build), ("zimwriterfs", &result.zim_build)] {
        match step {
            Step::Got(it) => {
                let _ = write!(builds, "; {name} {} (CPU {})", walls(it), fmt_s(it.median_cpu_s()));
            }
            Step::OverCap => {
                let _ = write!(builds, "; {name} stopped at the cap ({})", over_cap_text(cap));
            }
            Step::Failed(why) => {
                let _ = write!(builds, "; {name} failed: {}", one_line(why));
            }
        }
    }
    let _ = writeln!(out, "{builds}.");
    let _ = writeln!(
        out,
        "- Search: {} timed executions per tool (ours through the CLI: {}), after one warm-up pass.",
        ours_search.executions, cli.executions
    );
    for (name, step) in
        [("elasticlunr", &result.lunr_search), ("kiwix-serve", &result.kiwix_search)]
    {
        match step {
            Step::Got(it) => {
                let _ = writeln!(out, "- {name}: {}.", it.note);
            }
            Step::OverCap => {
                let _ = writeln!(out, "- {name}: stopped at the cap ({}).", over_cap_text(cap));
            }
            Step::Failed(why) => {
                let _ = writeln!(out, "- {name}: {}.", one_line(why));
            }
        }
    }
    out
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else if what.ends_with('s') {
        format!("{n} {what}es")
    } else {
        format!("{n} {what}s")
    }
}

fn one_line(text: &str) -> String {
    let joined: Vec<&str> = text.lines().map(str::trim).filter(|it| !it.is_empty()).collect();
    let mut line = joined.join(" ");
    if line.len() > 400 {
        let mut cut = 400;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        line.truncate(cut);
        line.push('…');
    }
    line.replace('|', "/")
}

/// A target row: what, measured, met (`None` when it could not be measured).
type Target = (String, String, Option<bool>);

/// The targets at 1 000 and 10 000 items.
fn targets(results: &[LibraryResult], cap: Duration) -> String {
    let mut rows: Vec<Target> = Vec::new();
    for n in [1_000, 10_000] {
        let at = fmt_count(n);
        let Some(result) = results.iter().find(|it| it.size == Some(n)) else {
            let why = if n == 10_000 { "not run (it needs `--with-10000`)" } else { "not run" };
            rows.push((format!("All targets at {at} items"), why.to_owned(), None));
            continue;
        };
        let ours_build = result.ours_build.median_wall_s();
        for (name, step, factor) in
            [("mdbook build", &result.mdbook_build, 10.0), ("zimwriterfs", &result.zim_build, 5.0)]
        {
            let what = format!("Content build at {at} items at least {factor}× faster than {name}");
            rows.push(match step {
                Step::Got(it) => {
                    let peer = it.median_wall_s();
                    (
                        what,
                        format!(
                            "{} / {} = {}",
                            fmt_s(peer),
                            fmt_s(ours_build),
                            ratio(peer, ours_build)
                        ),
                        Some(peer / ours_build >= factor),
                    )
                }
                Step::OverCap => (
                    what,
                    format!(
                        "{} / {} ≥ {}",
                        over_cap_text(cap),
                        fmt_s(ours_build),
                        ratio(cap.as_secs_f64(), ours_build)
                    ),
                    Some(cap.as_secs_f64() / ours_build >= factor),
                ),
                Step::Failed(_) => (what, "not measured".to_owned(), None),
            });
        }
        for (what_name, value) in [
            ("median", (|it: &Search| it.median_ms) as fn(&Search) -> f64),
            ("p99", |it: &Search| it.p99_ms),
        ] {
            let ours = value(&result.ours_search);
            let peers: [(&str, Option<&Search>, bool, f64); 3] = [
                (
                    "elasticlunr",
                    result.lunr_search.got(),
                    matches!(result.lunr_search, Step::OverCap),
                    5.0,
                ),
                (
                    "kiwix-serve",
                    result.kiwix_search.got(),
                    matches!(result.kiwix_search, Step::OverCap),
                    5.0,
                ),
                ("the FTS5 floor", Some(&result.floor_search), false, 3.0),
            ];
            for (name, search, over, factor) in peers {
                let what = format!(
                    "Search {what_name} at {at} items at least {factor}× faster than {name}"
                );
                rows.push(match search {
                    Some(it) => {
                        let peer = value(it);
                        (
                            what,
                            format!("{} / {} = {}", fmt_ms(peer), fmt_ms(ours), ratio(peer, ours)),
                            Some(peer / ours >= factor),
                        )
                    }
                    None if over => {
                        (what, format!("stopped at the cap ({})", over_cap_text(cap)), None)
                    }
                    None => (what, "not measured".to_owned(), None),
                });
            }
        }
        let what = format!("Size on disk at {at} items at most a third of mdBook's output");
        rows.push(match &result.book {
            Some(book) => (
                what,
                format!(
                    "{} / {} = {}",
                    fmt_bytes(book.total_bytes as f64),
                    fmt_bytes(result.ours_bytes as f64),
                    ratio(book.total_bytes as f64, result.ours_bytes as f64)
                ),
                Some(result.ours_bytes as f64 * 3.0 <= book.total_bytes as f64),
            ),
            None => (what, "not measured".to_owned(), None),
        });
    }
    let mut out = String::from("| Target | Measured (peer / ours) | Met |\n|---|---|---|\n");
    for (what, measured, met) in rows {
        let met = match met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "not measured",
        };
        let _ = writeln!(out, "| {what} | {measured} | {met} |");
    }
    out
}

/// The whole marked section.
pub(crate) fn section(
    env: &Environment,
    versions: &Versions,
    results: &[LibraryResult],
    options: &PeersOptions,
) -> String {
    let cap = options.cap;
    let mut out = String::from(
        "<!-- peers:start -->\n## How it compares: mdBook, Kiwix and the FTS5 floor\n\n",
    );
    out.push_str(
        "Written by `companion-bench peers`; rerun it rather than editing by hand. \
         What each figure means, and how it is measured, is in [README.md](README.md#how-it-compares-peers).\n\n",
    );
    let _ = writeln!(out, "- Date (UTC): {}", env.date);
    let _ = writeln!(out, "- Command: `{}`", env.command);
    let _ = writeln!(
        out,
        "- Machine: {} CPUs (nproc), {}, {} RAM",
        env.nproc, env.cpu_model, env.memory
    );
    let _ = writeln!(
        out,
        "- Settings: seed {}, {} per tool (peers build once at {} items and more), warm-up + {} over the {} queries per search, each peer step capped at {}",
        options.seed,
        plural(options.build_runs, "build"),
        fmt_count(SINGLE_PEER_BUILD_FROM),
        plural(options.search_reps, "timed pass"),
        crate::harness::queries().len(),
        over_cap_text(cap).trim_start_matches("> ")
    );
    let _ = writeln!(
        out,
        "- Load average (1/5/15 min) before: {}; after: {} (the machine is shared, so other work may run alongside)",
        env.load_before, env.load_after
    );
    out.push_str("\nVersions:\n\n| Tool | Version |\n|---|---|\n");
    for (tool, version) in &versions.lines {
        let _ = writeln!(out, "| {tool} | {version} |");
    }
    out.push_str(
        "\nEach cell shows the figure and, in brackets, its ratio to ours (peer / ours): above 1 means ours is \
         faster or smaller by that factor, below 1 means the peer is. Times are medians. \
         Multi-word queries: the floor and Kiwix match items with all the words; mdBook's search as shipped \
         (`bool: OR`) matches any; ours matches all and falls back to any when no item has all of them, \
         so \"Queries with no hit\" differs.\n\n",
    );
    for result in results {
        out.push_str(&library_section(result, cap));
        out.push('\n');
    }
    out.push_str("### Targets (from the issue)\n\n");
    out.push_str(&targets(results, cap));
    out.push_str("<!-- peers:end -->\n");
    out
}
