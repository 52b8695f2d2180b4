//! The user database on real files: bookmarks, collections, preferences, migrations, damage recovery,
//! export and import, and clearing.

use std::path::Path;

use companion::user_db::{Preferences, UserDb};
use companion::{Error, Slug};
use rusqlite::Connection;

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

fn open(path: &Path) -> UserDb {
    let (db, report) = UserDb::open(path).unwrap();
    assert_eq!(report.recovery, None);
    db
}

fn saved(db: &UserDb) -> Vec<(String, String)> {
    let mut res: Vec<(String, String)> =
        db.bookmarks().unwrap().into_iter().map(|it| (it.slug, it.collection)).collect();
    res.sort();
    res
}

#[test]
fn bookmarks_and_collections_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    let mut db = open(&path);
    db.add_bookmark(&slug("a"), "").unwrap();
    db.add_bookmark(&slug("b"), "Week one").unwrap();
    db.add_bookmark(&slug("c"), "").unwrap();
    db.remove_bookmark(&slug("c")).unwrap();
    db.remove_bookmark(&slug("never-saved")).unwrap();
    db.move_bookmark(&slug("a"), "Week one").unwrap();
    db.create_collection("For the team").unwrap();
    assert_eq!(db.collections().unwrap(), ["For the team", "Week one"]);
    assert!(db.is_bookmarked("a").unwrap());
    assert!(matches!(db.move_bookmark(&slug("zzz"), "x"), Err(Error::InvalidInput { .. })));
    assert!(matches!(db.create_collection("  "), Err(Error::InvalidInput { .. })));
    assert!(matches!(db.create_collection(&"x".repeat(61)), Err(Error::InvalidInput { .. })));
    drop(db);

    let mut db = open(&path);
    assert_eq!(
        saved(&db),
        [("a".to_owned(), "Week one".to_owned()), ("b".to_owned(), "Week one".to_owned())]
    );
    db.delete_collection("Week one").unwrap();
    assert_eq!(
        saved(&db),
        [("a".to_owned(), String::new()), ("b".to_owned(), String::new())],
        "bookmarks outlive their collection"
    );
    assert_eq!(db.collections().unwrap(), ["For the team"]);
}

#[test]
fn bookmarks_to_items_that_no_longer_exist_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    let mut db = open(&path);
    db.add_bookmark(&slug("an-item-removed-from-content"), "").unwrap();
    drop(db);
    assert_eq!(open(&path).bookmarks().unwrap().len(), 1);
}

#[test]
fn preferences_are_validated_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    let mut db = open(&path);
    assert_eq!(db.preferences().unwrap(), Preferences::default());
    let prefs = Preferences {
        theme: "high-contrast".to_owned(),
        text_size: 150,
        reduced_motion: "on".to_owned(),
    };
    db.set_preferences(&prefs).unwrap();
    assert!(db.set_preferences(&Preferences { text_size: 90, ..prefs.clone() }).is_err());
    assert!(
        db.set_preferences(&Preferences { theme: "neon".to_owned(), ..prefs.clone() }).is_err()
    );
    drop(db);
    assert_eq!(open(&path).preferences().unwrap(), prefs);
}

#[test]
fn the_first_migration_keeps_data_written_at_version_one() {
    // A file as version 1 wrote it, with data, opened by the current code.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../src/user_db/migrations/0001_bookmarks.sql"))
            .unwrap();
        conn.execute_batch("INSERT INTO bookmarks VALUES ('kept', '', '2026-01-01T00:00:00Z'); PRAGMA user_version = 1;").unwrap();
    }
    let db = open(&path);
    assert_eq!(saved(&db), [("kept".to_owned(), String::new())]);
}

#[test]
fn a_database_newer_than_the_app_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = UserDb::open(&path).unwrap_err();
    assert!(matches!(err, Error::SchemaTooNew { found: 99, supported: 1 }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_failed_migration_rolls_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    {
        // A table the migration wants to create already exists, so the migration fails part-way.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE preferences (x); INSERT INTO preferences VALUES (1);")
            .unwrap();
    }
    assert!(UserDb::open(&path).is_err());
    let conn = Connection::open(&path).unwrap();
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
    assert_eq!(version, 0);
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('bookmarks', 'collections')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "no half-applied migration");
}

#[test]
fn a_damaged_file_is_set_aside_and_the_newest_backup_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    let mut db = open(&path);
    db.add_bookmark(&slug("before-backup"), "").unwrap();
    drop(db);
    // Opening takes the day's backup only once; force a fresh one by clearing the backups folder.
    std::fs::remove_dir_all(dir.path().join("user.sqlite3.backups")).unwrap();
    drop(open(&path));

    // Damage the file: garbage over the first page, where the header and schema live.
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[..100] {
        *b = 0xff;
    }
    std::fs::write(&path, &bytes).unwrap();

    let (db, report) = UserDb::open(&path).unwrap();
    let recovery = report.recovery.expect("recovery reported");
    assert!(recovery.damaged_copy.exists(), "the damaged file is kept");
    assert_eq!(std::fs::read(&recovery.damaged_copy).unwrap(), bytes);
    assert!(recovery.restored_from.is_some());
    assert_eq!(saved(&db), [("before-backup".to_owned(), String::new())]);
    assert_eq!(db.integrity_problem().unwrap(), None);
}

#[test]
fn a_damaged_file_with_no_backup_starts_empty_and_keeps_the_damaged_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    std::fs::write(&path, b"this is not an SQLite database, it is some text that got here somehow")
        .unwrap();
    let (db, report) = UserDb::open(&path).unwrap();
    let recovery = report.recovery.unwrap();
    assert_eq!(recovery.restored_from, None);
    assert!(recovery.damaged_copy.exists());
    assert!(db.bookmarks().unwrap().is_empty());
}

#[test]
fn export_then_import_merges_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("a.sqlite3"));
    db.add_bookmark(&slug("one"), "Team").unwrap();
    db.add_bookmark(&slug("gone-from-content"), "").unwrap();
    let file = dir.path().join("bookmarks.json");
    assert_eq!(db.export(&file).unwrap(), 2);

    let mut other = open(&dir.path().join("b.sqlite3"));
    other.add_bookmark(&slug("one"), "").unwrap();
    let report = other.import(&file).unwrap();
    assert_eq!((report.added, report.already_there), (1, 1));
    assert_eq!(
        saved(&other),
        [("gone-from-content".to_owned(), String::new()), ("one".to_owned(), String::new())]
    );
    assert_eq!(other.collections().unwrap(), ["Team"]);
    let again = other.import(&file).unwrap();
    assert_eq!((again.added, again.already_there), (0, 2));
}

#[test]
fn malformed_or_foreign_imports_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("a.sqlite3"));
    db.add_bookmark(&slug("mine"), "").unwrap();
    let cases = [
        ("not-json", "this is not json"),
        (
            "foreign",
            r#"{"format": "something-else", "version": 1, "collections": [], "bookmarks": []}"#,
        ),
        (
            "newer",
            r#"{"format": "second-victim-support-bookmarks", "version": 2, "collections": [], "bookmarks": []}"#,
        ),
        (
            "bad-slug",
            r#"{"format": "second-victim-support-bookmarks", "version": 1, "collections": [], "bookmarks": [{"slug": "ok-one"}, {"slug": "../../etc"}]}"#,
        ),
        ("no-list", r#"{"format": "second-victim-support-bookmarks", "version": 1}"#),
    ];
    for (name, text) in cases {
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, text).unwrap();
        let err = db.import(&file).unwrap_err();
        assert!(matches!(err, Error::BadExport { .. }), "{name}: {err:?}");
        assert!(err.to_string().contains(&format!("{name}.json")), "{err}");
    }
    assert_eq!(saved(&db), [("mine".to_owned(), String::new())]);
}

#[test]
fn clearing_removes_the_database_its_sidecars_backups_and_damaged_copies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    std::fs::write(&path, b"garbage that will be set aside as a damaged copy").unwrap();
    let (mut db, _) = UserDb::open(&path).unwrap();
    db.add_bookmark(&slug("secret-topic"), "Private").unwrap();
    let removed = db.clear().unwrap();
    let names: Vec<String> =
        removed.iter().map(|it| it.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(names.contains(&"user.sqlite3".to_owned()), "{names:?}");
    assert!(names.iter().any(|it| it.contains(".damaged-")), "{names:?}");
    assert!(names.contains(&"user.sqlite3.backups".to_owned()), "{names:?}");
    // No trace of the bookmark anywhere in the folder.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}
