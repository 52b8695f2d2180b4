//! Runs an outside program as one measured step: wall time from spawn to exit, its CPU time (from `wait4`),
//! its peak resident memory (from GNU `time`), and a time cap after which its whole process group is killed
//! and the step is reported as having exceeded the cap.
//!
//! Why GNU `time` for memory: Linux carries the larger of the old and new peak over `exec`, and a child that
//! this (large) process spawns starts from a copy of, or a share in, this process's memory, so its own
//! `ru_maxrss` is never below this process's peak. `/usr/bin/time` is small, forks the program afresh and
//! reports that grandchild's `ru_maxrss`, which is the program's own.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use std::os::unix::process::{CommandExt, ExitStatusExt};

use crate::BoxResult;

/// What one finished run measured.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run {
    /// Wall time from spawn to exit, in seconds.
    pub(crate) wall_s: f64,
    /// User plus system CPU time of the child (and the children it waited for), in seconds.
    pub(crate) cpu_s: f64,
    /// Peak resident set size of the program, as GNU time reports it (its `ru_maxrss`), in KiB.
    pub(crate) peak_kib: u64,
}

/// A run that finished, or one that was stopped at the cap.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome {
    /// It exited successfully within the cap.
    Done(Run),
    /// It was still running at the cap and was killed.
    OverCap,
}

/// GNU time, which reports a program's own peak memory.
const GNU_TIME: &str = "/usr/bin/time";

/// Runs `command` to completion or to `cap`, whichever comes first. Its stdout goes to `stdout` (a file) when
/// given, else nowhere; its stderr goes to `stderr_log` so that a failure can be explained.
/// A non-zero exit is an error that quotes the end of stderr.
pub(crate) fn run_capped(
    program: Command,
    cap: Duration,
    stdout: Option<&Path>,
    stderr_log: &Path,
) -> BoxResult<Outcome> {
    let what = format!("{program:?}");
    if !Path::new(GNU_TIME).is_file() {
        return Err(format!(
            "{GNU_TIME} is missing (Debian package `time`); run bench/install-peers.sh"
        )
        .into());
    }
    let peak_file = stderr_log.with_extension("peak-kib");
    let mut command = Command::new(GNU_TIME);
    command
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&peak_file)
        .arg(program.get_program())
        .args(program.get_args());
    if let Some(dir) = program.get_current_dir() {
        command.current_dir(dir);
    }
    for (key, value) in program.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    command.stdin(Stdio::null());
    command.stdout(match stdout {
        Some(path) => Stdio::from(std::fs::File::create(path)?),
        None => Stdio::null(),
    });
    command.stderr(Stdio::from(std::fs::File::create(stderr_log)?));
    // Its own process group, so that the cap kills every process it started, and nothing else.
    command.process_group(0);
    let start = Instant::now();
    let child = command.spawn().map_err(|err| format!("cannot start {what}: {err}"))?;
    let pid = child.id() as libc::pid_t;

    let (cancel, cancelled) = mpsc::channel::<()>();
    let over_cap = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let over_cap = Arc::clone(&over_cap);
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = cancelled.recv_timeout(cap) {
                over_cap.store(true, Ordering::SeqCst);
                // SAFETY: signals the process group this function created; it exists until we reap its leader.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
            }
        })
    };
    let (status, usage) = wait4(pid)?;
    let wall_s = start.elapsed().as_secs_f64();
    let _ = cancel.send(());
    let _ = watchdog.join();
    // The std handle must not wait again: the child is reaped.
    std::mem::forget(child);

    if over_cap.load(Ordering::SeqCst) {
        return Ok(Outcome::OverCap);
    }
    let status = std::process::ExitStatus::from_raw(status);
    if !status.success() {
        let log = std::fs::read_to_string(stderr_log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "{what} failed ({status}); the end of its stderr:\n{}",
            tail.join("\n")
        )
        .into());
    }
    let peak = std::fs::read_to_string(&peak_file)?;
    let peak_kib =
        peak.lines().rev().find_map(|it| it.trim().parse::<u64>().ok()).ok_or_else(|| {
            format!("{GNU_TIME} wrote no peak memory for {what}: `{}`", peak.trim())
        })?;
    let seconds = |it: libc::timeval| it.tv_sec as f64 + it.tv_usec as f64 / 1e6;
    Ok(Outcome::Done(Run {
        wall_s,
        // GNU time's own CPU is a millisecond or so; the program's is included, as time waited for it.
        cpu_s: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_kib,
    }))
}

/// Waits for the child `pid`, returning its raw wait status and resource usage.
fn wait4(pid: libc::pid_t) -> BoxResult<(i32, libc::rusage)> {
    loop {
        let mut status = 0;
        // SAFETY: `wait4` only writes into the status and the zeroed struct we pass, which outlive the call.
        let (res, usage) = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            let res = libc::wait4(pid, &mut status, 0, &mut usage);
            (res, usage)
        };
        if res == pid {
            return Ok((status, usage));
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("waiting for process {pid}: {err}").into());
        }
    }
}

/// "> 45 min" for a cap of 45 minutes.
pub(crate) fn over_cap_text(cap: Duration) -> String {
    let minutes = cap.as_secs_f64() / 60.0;
    if minutes >= 1.0 {
        format!("> {minutes:.0} min")
    } else {
        format!("> {:.0} s", cap.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;
    use std::time::Duration;

    use super::{Outcome, run_capped};

    #[test]
    fn a_step_past_the_cap_is_killed_and_reported() {
        if !std::path::Path::new(super::GNU_TIME).is_file() {
            return;
        }
        let dir = std::env::temp_dir().join(format!("companion-bench-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut sleep = Command::new("sleep");
        sleep.arg("30");
        let started = std::time::Instant::now();
        let outcome =
            run_capped(sleep, Duration::from_millis(300), None, &dir.join("sleep.log")).unwrap();
        assert!(matches!(outcome, Outcome::OverCap), "{outcome:?}");
        assert!(started.elapsed() < Duration::from_secs(10));
        let mut done = Command::new("true");
        done.arg("x");
        let outcome =
            run_capped(done, Duration::from_secs(30), None, &dir.join("true.log")).unwrap();
        assert!(matches!(outcome, Outcome::Done(run) if run.peak_kib > 0), "{outcome:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
