//! Bookmarks survive a writer killed with SIGKILL at random moments: after every kill the database passes
//! `integrity_check` and holds every bookmark the writer acknowledged (it acknowledges only after commit).
//!
//! The writer is this same test binary, started again with `CRASH_CHILD_DB` set and filtered to
//! `crash::crash_child_process`. `CRASH_CYCLES=10000 cargo test --release --test it crash::` runs a long soak.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use companion::{Slug, UserDb};

/// The writer: saves bookmarks forever, printing each slug once its commit has returned.
/// Without `CRASH_CHILD_DB` (a normal test run) it does nothing.
#[test]
fn crash_child_process() {
    let Some(path) = std::env::var_os("CRASH_CHILD_DB") else { return };
    let start: u64 = std::env::var("CRASH_CHILD_START").unwrap().parse().unwrap();
    let (mut db, _) = UserDb::open(std::path::Path::new(&path)).unwrap();
    let stdout = std::io::stdout();
    for n in start.. {
        let slug = Slug::parse(&format!("item-{n}")).unwrap();
        let collection = if n % 3 == 0 { "kept" } else { "" };
        db.add_bookmark(&slug, collection).unwrap();
        if n % 5 == 0 {
            db.remove_bookmark(&Slug::parse(&format!("item-{n}-never")).unwrap()).unwrap();
        }
        let mut out = stdout.lock();
        std::io::Write::write_all(&mut out, format!("ack {slug}\n").as_bytes()).unwrap();
        std::io::Write::flush(&mut out).unwrap();
    }
}

/// A small deterministic generator, so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn acknowledged_bookmarks_survive_sigkill() {
    let cycles: usize =
        std::env::var("CRASH_CYCLES").ok().and_then(|it| it.parse().ok()).unwrap_or(300);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut acknowledged: Vec<String> = Vec::new();
    let mut next = 0u64;
    let started = Instant::now();
    for cycle in 0..cycles {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash::crash_child_process",
                "--nocapture",
                "--test-threads=1",
                "-q",
            ])
            .env("CRASH_CHILD_DB", &path)
            .env("CRASH_CHILD_START", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Kill after a random number of acknowledgements (0 to 7) plus a random delay of 0 to 3 ms,
        // so the kill lands anywhere: during open, mid-transaction, mid-checkpoint or between writes.
        let acks_before_kill = rng.next() % 8;
        let delay = Duration::from_micros(rng.next() % 3000);
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let mut seen = 0;
        while seen < acks_before_kill {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(slug) = line.trim().strip_prefix("ack ") {
                acknowledged.push(slug.to_owned());
                seen += 1;
            }
        }
        std::thread::sleep(delay);
        child.kill().unwrap();
        // Acknowledgements already in the pipe were printed after their commit: they count too.
        for line in reader.lines().map_while(Result::ok) {
            if let Some(slug) = line.trim().strip_prefix("ack ") {
                acknowledged.push(slug.to_owned());
            }
        }
        child.wait().unwrap();
        next += 1000;

        let (db, report) = UserDb::open(&path).unwrap();
        assert_eq!(report.recovery, None, "cycle {cycle}: the database needed recovery");
        assert_eq!(db.integrity_problem().unwrap(), None, "cycle {cycle}");
        let saved: std::collections::HashSet<String> =
            db.bookmarks().unwrap().into_iter().map(|it| it.slug).collect();
        for slug in &acknowledged {
            assert!(saved.contains(slug), "cycle {cycle}: acknowledged bookmark {slug} was lost");
        }
    }
    eprintln!(
        "{cycles} kill cycles, {} acknowledged bookmarks kept, {:?}",
        acknowledged.len(),
        started.elapsed()
    );
    assert!(
        acknowledged.len() >= cycles,
        "the writer acknowledged too few bookmarks to prove anything"
    );
}
