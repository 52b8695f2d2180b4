//! The `companion` command-line tool: commands, output and exit codes.

use std::process::Command;

fn companion(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_companion")).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_prints_diagnostics_and_exits_one() {
    let dir = crate::util::fixture_library("unknown-kind");
    let (code, stdout, _) = companion(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("s/a.md:5: unknown kind `essay`"), "{stdout}");
}

#[test]
fn build_search_and_stats_work_on_a_clean_library() {
    let dir = crate::util::small_library(&[("coping", "Coping", "How people cope.")]);
    let out = dir.path().join("out.sqlite3");
    let (code, _, stderr) =
        companion(&["build", dir.path().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, _) =
        companion(&["search", out.to_str().unwrap(), "coping", "--kind", "article"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("1. Coping (s, article)"), "{stdout}");
    assert!(stdout.contains("[Coping]"), "matched words are bracketed: {stdout}");
    let (code, stdout, _) = companion(&["stats", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.contains("items          2"), "{stdout}");
}

#[test]
fn build_writes_nothing_when_content_has_problems() {
    let dir = crate::util::fixture_library("broken-link");
    let out = dir.path().join("out.sqlite3");
    let (code, _, _) =
        companion(&["build", dir.path().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_two_and_other_failures_three() {
    assert_eq!(companion(&["frobnicate"]).0, 2);
    assert_eq!(companion(&["build", "x"]).0, 2);
    assert_eq!(companion(&["search", "db", "q", "--kind", "poem"]).0, 2);
    let (code, _, stderr) = companion(&["stats", "/nonexistent/db.sqlite3"]);
    assert_eq!(code, 3);
    assert!(stderr.contains("does not exist"), "{stderr}");
    let (code, stdout, _) = companion(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Exit codes"));
}

#[test]
fn check_contacts_checks_an_organisation_file() {
    let (code, _, stderr) = companion(&[
        "check-contacts",
        crate::util::data("diagnostics/base/contacts.toml").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, _) = companion(&[
        "check-contacts",
        crate::util::data("diagnostics/contact-bad-phone/contacts.toml").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains("malformed phone number"), "{stdout}");
}
