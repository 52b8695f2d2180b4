//! The organisation's policy file: read and checked with lines, fail-safe when wrong, and what it changes for
//! a person: shared-computer sessions in memory, import and export turned off, the default text size.

use companion::policy::{self, Policy};
use companion::{Companion, Error, UserDb};

fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(policy::POLICY_FILE);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn a_policy_file_is_read_with_its_defaults() {
    let (_dir, path) =
        write("shared_computer = true\nidle_minutes = 5\nimport_export = false\ntext_size = 150\n");
    let (p, problems) = policy::load(&path);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        p,
        Policy {
            shared_computer: true,
            idle_minutes: 5,
            import_export: false,
            text_size: Some(150)
        }
    );
    let (_dir, path) = write("# nothing set\n");
    assert_eq!(policy::load(&path), (Policy::default(), Vec::new()));
    assert_eq!(Policy::default().idle_minutes, 10);
}

#[test]
fn a_wrong_policy_file_is_reported_at_its_line_and_the_computer_is_treated_as_shared() {
    let cases = [
        (
            "shared_computer = true\nidle_minutes = 0\n",
            2,
            "`idle_minutes = 0` is not from 1 to 240",
        ),
        ("shared_computer = true\ntext_size = 120\n", 2, "`text_size = 120` is not one of"),
        ("idle_minutes = 5\n", 1, "only applies to a shared computer"),
        ("shared_computer = true\nshared = true\n", 2, "unknown field `shared`"),
        ("shared_computer = yes\n", 1, ""),
    ];
    for (text, line, says) in cases {
        let (_dir, path) = write(text);
        let (p, problems) = policy::load(&path);
        assert_eq!(p, Policy::fail_safe(), "{text:?}");
        assert!(p.shared_computer);
        assert!(
            problems.iter().any(|it| it.line == line && it.message.contains(says)),
            "{text:?}: {problems:?}"
        );
    }
}

fn person(dir: &std::path::Path, policy: Policy) -> (tempfile::TempDir, Companion) {
    let (content_dir, content) = crate::util::shipped_db();
    let path = dir.join("user.sqlite3");
    let (user, _) = UserDb::open(&path).unwrap();
    let mut c = Companion::new(content, Some(user), &path, Vec::new()).unwrap();
    c.apply_policy(policy);
    (content_dir, c)
}

#[test]
fn on_a_shared_computer_bookmarks_last_for_the_session_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // A person who used the computer before the policy: their file is never read into the session.
    {
        let (user, _) = UserDb::open(&data.join("user.sqlite3")).unwrap();
        let (_c, content) = crate::util::shipped_db();
        let mut before =
            Companion::new(content, Some(user), &data.join("user.sqlite3"), Vec::new()).unwrap();
        before.add_bookmark("glossary", "").unwrap();
    }
    let modified = std::fs::metadata(data.join("user.sqlite3")).unwrap().modified().unwrap();
    let (_content, mut c) = person(&data, Policy::fail_safe());
    assert!(c.bookmarks().unwrap().0.is_empty(), "the session starts empty");
    c.add_bookmark("how-people-cope", "Tuesday").unwrap();
    c.set_preferences(&companion::user_db::Preferences { text_size: 175, ..Default::default() })
        .unwrap();
    assert_eq!(c.bookmarks().unwrap().0.len(), 1);
    assert_eq!(std::fs::metadata(data.join("user.sqlite3")).unwrap().modified().unwrap(), modified);
    // Leave clears the session.
    let cleared = c.clear();
    assert!(cleared.failed.is_empty() && cleared.removed.is_empty());
    assert!(c.bookmarks().unwrap().0.is_empty());
    assert_eq!(c.preferences().text_size, 100);
    assert!(data.join("user.sqlite3").exists(), "the earlier person's file is left alone");
}

#[test]
fn import_and_export_can_be_turned_off_and_the_text_size_set() {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy { import_export: false, text_size: Some(150), ..Policy::default() };
    let (_content, mut c) = person(dir.path(), policy);
    c.add_bookmark("how-people-cope", "Tuesday").unwrap();
    let file = dir.path().join("export.json");
    assert!(matches!(c.export(&file).unwrap_err(), Error::NotAllowed(_)));
    assert!(matches!(c.export_collection(&file, "Tuesday").unwrap_err(), Error::NotAllowed(_)));
    assert!(!file.exists());
    // The person starts at the organisation's size, and their own choice wins once made.
    assert_eq!(c.preferences().text_size, 150);
    c.set_preferences(&companion::user_db::Preferences { text_size: 200, ..Default::default() })
        .unwrap();
    assert_eq!(c.preferences().text_size, 200);
    // Import is refused too (the file is read first, so make one with export allowed elsewhere).
    let other_dir = tempfile::tempdir().unwrap();
    let (_content2, other) = person(other_dir.path(), Policy::default());
    let exported = other_dir.path().join("e.json");
    other.export(&exported).unwrap();
    let read = companion::user_db::ExportFile::read(&exported).unwrap();
    assert!(matches!(c.import(&read).unwrap_err(), Error::NotAllowed(_)));
}
