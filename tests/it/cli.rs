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
    assert!(stdout.replace('\\', "/").contains("s/a.md:5: unknown kind `essay`"), "{stdout}");
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

/// Builds the shipped library with the CLI into a temporary folder.
fn shipped() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("content.sqlite3");
    let content = crate::util::repo("content");
    let (code, _, stderr) =
        companion(&["build", content.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let out = out.to_str().unwrap().to_owned();
    (dir, out)
}

#[test]
fn search_prints_the_urgent_lines_first_for_a_crisis_query() {
    let (_dir, db) = shipped();
    let (code, stdout, _) = companion(&["search", &db, "i feel suicidal"]);
    assert_eq!(code, 0);
    let first: Vec<&str> = stdout.lines().take(5).collect();
    assert!(first[0].starts_with("If a life is at risk now, call 999 or go to A&E"), "{stdout}");
    assert!(stdout.lines().any(|it| it.contains("Samaritans: 116 123")), "{stdout}");
    assert!(stdout.lines().any(|it| it.contains("Shout: Text SHOUT to 85258")), "{stdout}");
    let urgent_end = stdout.find("Shout:").unwrap();
    let first_hit = stdout.find(" 1. When it is more than stress").unwrap();
    assert!(urgent_end < first_hit, "{stdout}");
    // Not for an ordinary query about a patient's death.
    let (_, stdout, _) = companion(&["search", &db, "patient died"]);
    assert!(!stdout.contains("If a life is at risk"), "{stdout}");
}

#[test]
fn search_lists_services_and_corrects_misspellings() {
    let (_dir, db) = shipped();
    let (_, stdout, _) = companion(&["search", &db, "samaritans"]);
    assert!(
        stdout.starts_with(" 1. Samaritans (service)\n    #/help/samaritans\n    116 123"),
        "{stdout}"
    );
    let (_, stdout, _) = companion(&["search", &db, "coronor"]);
    assert!(
        stdout.starts_with("Showing results for \"coroner\"; nothing matched \"coronor\".\n"),
        "{stdout}"
    );
    assert!(stdout.contains("#/article/coroners-inquest"), "{stdout}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_zero() {
    use std::io::Read;
    use std::process::Stdio;
    let (_dir, db) = shipped();
    for args in [vec!["search", &db, "support", "--limit", "100"], vec!["stats", &db], vec!["help"]]
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_companion"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the pipe before the program writes, as `| head -0` would: its first write fails.
        drop(child.stdout.take());
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn keygen_pack_and_verify_pack_work_together_and_refuse_clearly() {
    let dir = crate::util::fixture_library("base");
    std::fs::write(dir.path().join("library.toml"), "edition = 3\npublisher = \"Test Trust\"\n")
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let name = work.path().join("publisher");
    let (code, stdout, stderr) = companion(&["keygen", "-o", name.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("key id "), "{stdout}");
    let (secret, public) = (name.with_extension("key"), name.with_extension("pub"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the secret key is readable by its owner only");
    }
    // A key is never overwritten.
    let (code, _, stderr) = companion(&["keygen", "-o", name.to_str().unwrap()]);
    assert_eq!(code, 3);
    assert!(stderr.contains("already exists"), "{stderr}");
    let out = work.path().join("library.svpack");
    let (code, stdout, stderr) = companion(&[
        "pack",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--key",
        secret.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("edition 3 by Test Trust"), "{stdout}");
    let (code, stdout, stderr) =
        companion(&["verify-pack", out.to_str().unwrap(), "--pubkey", public.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("signed and unchanged: key id "), "{stdout}");
    assert!(stdout.contains("publisher      Test Trust"), "{stdout}");
    // One byte changed: refused with the sentence the app shows, exit 1.
    let mut bytes = std::fs::read(&out).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&out, &bytes).unwrap();
    let (code, _, stderr) =
        companion(&["verify-pack", out.to_str().unwrap(), "--pubkey", public.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("has been changed or damaged since it was signed"), "{stderr}");
    // Content problems: nothing is written.
    let broken = crate::util::fixture_library("unknown-kind");
    let none = work.path().join("none.svpack");
    let (code, _, _) = companion(&[
        "pack",
        broken.path().to_str().unwrap(),
        "-o",
        none.to_str().unwrap(),
        "--key",
        secret.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(!none.exists());
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 3, "no temporary file left behind");
}
