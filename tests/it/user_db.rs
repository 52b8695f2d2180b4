//! The user database on real files: bookmarks, collections, preferences, migrations, damage recovery,
//! export and import, and clearing.

use std::path::Path;

use companion::user_db::{ExportFile, MAX_BOOKMARKS, MAX_COLLECTIONS, Preferences, UserDb};
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
    // A new database has no backup; the next start takes the day's backup.
    assert!(!dir.path().join("user.sqlite3.backups").exists());
    drop(open(&path));
    assert!(dir.path().join("user.sqlite3.backups").is_dir());

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
    assert_eq!(db.export(&file, None).unwrap(), 2);

    let mut other = open(&dir.path().join("b.sqlite3"));
    other.add_bookmark(&slug("one"), "").unwrap();
    let report = other.import(&ExportFile::read(&file).unwrap()).unwrap();
    assert_eq!((report.added, report.already_there), (1, 1));
    assert_eq!(
        saved(&other),
        [("gone-from-content".to_owned(), String::new()), ("one".to_owned(), String::new())]
    );
    assert_eq!(other.collections().unwrap(), ["Team"]);
    let again = other.import(&ExportFile::read(&file).unwrap()).unwrap();
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
        let err = ExportFile::read(&file).unwrap_err();
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
    let cleared = db.clear();
    assert!(cleared.failed.is_empty(), "{:?}", cleared.failed);
    let names: Vec<String> = cleared
        .removed
        .iter()
        .map(|it| it.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"user.sqlite3".to_owned()), "{names:?}");
    assert!(names.iter().any(|it| it.contains(".damaged-")), "{names:?}");
    assert!(names.contains(&"user.sqlite3.backups".to_owned()), "{names:?}");
    // No trace of the bookmark anywhere in the folder.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// An export file's text with `n_collections` collections and `n_bookmarks` bookmarks.
fn export_text(n_collections: usize, n_bookmarks: usize) -> String {
    let collections: Vec<String> = (0..n_collections).map(|it| format!("\"c{it}\"")).collect();
    let bookmarks: Vec<String> = (0..n_bookmarks)
        .map(|it| format!("{{\"slug\": \"item-{it}\", \"collection\": \"\"}}"))
        .collect();
    format!(
        "{{\"format\": \"second-victim-support-bookmarks\", \"version\": 1, \"collections\": [{}], \"bookmarks\": [{}]}}",
        collections.join(","),
        bookmarks.join(",")
    )
}

#[test]
fn import_reads_at_most_its_byte_cap_and_only_ordinary_files() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse file of 8 GiB: its size means nothing, and it is never read past the cap.
    let sparse = dir.path().join("sparse.json");
    std::fs::File::create(&sparse).unwrap().set_len(8 << 30).unwrap();
    let err = ExportFile::read(&sparse).unwrap_err();
    assert!(err.to_string().contains("larger than 8 MiB"), "{err}");
    // /dev/zero reports size 0 and never ends; a FIFO would block: neither is an ordinary file.
    #[cfg(unix)]
    {
        let err = ExportFile::read(Path::new("/dev/zero")).unwrap_err();
        assert!(err.to_string().contains("not an ordinary file"), "{err}");
        let fifo = dir.path().join("fifo.json");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        let err = ExportFile::read(&fifo).unwrap_err();
        assert!(err.to_string().contains("not an ordinary file"), "{err}");
    }
    let err = ExportFile::read(dir.path()).unwrap_err();
    assert!(err.to_string().contains("not an ordinary file"), "{err}");
}

#[test]
fn import_limits_are_refused_with_a_sentence_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    for (text, says) in [
        (
            export_text(MAX_COLLECTIONS + 1, 0),
            "201 collections, and the most this app keeps is 200",
        ),
        (
            export_text(0, MAX_BOOKMARKS + 1),
            "10001 bookmarks, and the most this app keeps is 10000",
        ),
        (
            export_text(0, 0).replace(
                "[]}",
                &format!("[{{\"slug\": \"a\", \"collection\": \"{}\"}}]}}", "x".repeat(61)),
            ),
            "longer than 60 characters",
        ),
    ] {
        std::fs::write(&file, text).unwrap();
        let err = ExportFile::read(&file).unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
    // Within the file's limits, but too many together with what is already saved: nothing imported.
    let mut db = open(&dir.path().join("a.sqlite3"));
    db.add_bookmark(&slug("mine"), "").unwrap();
    std::fs::write(&file, export_text(0, MAX_BOOKMARKS)).unwrap();
    let export = ExportFile::read(&file).unwrap();
    let err = db.import(&export).unwrap_err();
    assert!(err.to_string().contains("would make 10001 bookmarks"), "{err}");
    assert_eq!(saved(&db), [("mine".to_owned(), String::new())]);
}

#[test]
fn adding_past_the_limits_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("a.sqlite3"));
    for it in 0..MAX_COLLECTIONS {
        db.create_collection(&format!("c{it}")).unwrap();
    }
    let err = db.create_collection("one more").unwrap_err();
    assert!(err.to_string().contains("at most 200 collections"), "{err}");
    assert_eq!(db.collections().unwrap().len(), MAX_COLLECTIONS);
    // An existing collection can still be used.
    db.add_bookmark(&slug("fine"), "c7").unwrap();
}

mod hostile_imports {
    //! Random and hostile export files are either imported whole or refused with a message: never half
    //! imported, never a panic.
    use proptest::prelude::*;

    use super::*;

    fn hostile_text() -> impl Strategy<Value = String> {
        let slug = prop_oneof![
            "[a-z]{1,8}(-[a-z0-9]{1,5}){0,2}",
            ".{0,20}",
            Just("../../etc".to_owned()),
            Just("a".repeat(101)),
        ];
        let name = prop_oneof![".{0,70}", Just(String::new()), Just("\n".to_owned())];
        let bookmark = (slug, name.clone(), prop::option::of(".{0,25}")).prop_map(
            |(s, c, t)| serde_json::json!({ "slug": s, "collection": c, "created_at": t }),
        );
        let version = prop_oneof![
            Just(serde_json::json!(1)),
            Just(serde_json::json!(2)),
            Just(serde_json::json!("1"))
        ];
        let format = prop_oneof![
            9 => Just(serde_json::json!("second-victim-support-bookmarks")),
            1 => Just(serde_json::json!("other"))
        ];
        let well_formed = (
            format,
            version,
            prop::collection::vec(name, 0..6),
            prop::collection::vec(bookmark, 0..12),
        )
            .prop_map(|(f, v, c, b)| {
                serde_json::json!({ "format": f, "version": v, "collections": c, "bookmarks": b })
                    .to_string()
            });
        prop_oneof![
            6 => well_formed,
            1 => ".{0,200}",
            1 => prop::collection::vec(any::<u8>(), 0..200).prop_map(|it| String::from_utf8_lossy(&it).into_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
        #[test]
        fn whole_or_refused(text in hostile_text()) {
            let dir = tempfile::tempdir().unwrap();
            let mut db = open(&dir.path().join("a.sqlite3"));
            db.add_bookmark(&slug("mine"), "Mine").unwrap();
            let before = (saved(&db), db.collections().unwrap());
            let file = dir.path().join("x.json");
            std::fs::write(&file, &text).unwrap();
            match ExportFile::read(&file).and_then(|it| { let n = it.len(); db.import(&it).map(|report| (n, report)) }) {
                Ok((n, report)) => {
                    // Whole: every bookmark in the file is now saved.
                    prop_assert_eq!(report.added + report.already_there, n);
                    let now: Vec<String> = saved(&db).into_iter().map(|it| it.0).collect();
                    for slug in &report.slugs {
                        prop_assert!(now.contains(slug), "{} missing", slug);
                    }
                }
                Err(err) => {
                    // Refused: a message naming the file, and nothing changed.
                    prop_assert!(!err.to_string().is_empty());
                    prop_assert_eq!((saved(&db), db.collections().unwrap()), before);
                }
            }
        }
    }
}

#[test]
fn a_failed_backup_is_reported_and_never_switches_bookmarks_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    drop(open(&path));
    // A plain file where the backups folder should be: the backup cannot be written.
    std::fs::write(dir.path().join("user.sqlite3.backups"), b"in the way").unwrap();
    let (mut db, report) = UserDb::open(&path).unwrap();
    let problem = report.backup_problem.expect("the failed backup is reported");
    assert!(problem.contains("user.sqlite3.backups"), "{problem}");
    db.add_bookmark(&slug("still-works"), "").unwrap();
    assert_eq!(saved(&db), [("still-works".to_owned(), String::new())]);
}

#[test]
fn only_sound_backups_count_and_a_partial_one_is_never_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    let mut db = open(&path);
    db.add_bookmark(&slug("kept"), "").unwrap();
    drop(db);
    drop(open(&path));
    let backups = dir.path().join("user.sqlite3.backups");
    let good: Vec<_> = std::fs::read_dir(&backups).unwrap().map(|it| it.unwrap().path()).collect();
    assert_eq!(good.len(), 1, "{good:?}");
    // A backup cut short (as by a power cut) under a later name: recovery skips it and restores the good one.
    std::fs::write(backups.join("2999-01-01T000000Z-daily.sqlite3.partial"), b"half a file")
        .unwrap();
    std::fs::write(&path, b"damaged beyond reading, not a database at all, really not").unwrap();
    let (db, report) = UserDb::open(&path).unwrap();
    let recovery = report.recovery.expect("recovered");
    assert_eq!(recovery.restored_from.as_deref(), Some(good[0].as_path()));
    assert_eq!(saved(&db), [("kept".to_owned(), String::new())]);
}

#[test]
fn clear_path_clears_whatever_state_the_database_is_in() {
    let states: [(&str, fn(&Path)); 4] = [
        ("missing", |_| {}),
        ("damaged", |path| {
            drop(open(path));
            drop(open(path));
            std::fs::write(path, b"garbage, not a database").unwrap();
        }),
        ("newer", |path| {
            drop(open(path));
            drop(open(path));
            let conn = Connection::open(path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }),
        ("read-only", |path| {
            drop(open(path));
            drop(open(path));
            // A read-only mode, Unix only: Windows' read-only attribute is a different mechanism, not tested here.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).unwrap();
            }
        }),
    ];
    for (name, make) in states {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.sqlite3");
        make(&path);
        std::fs::write(dir.path().join("user.sqlite3.damaged-2026-01-01T000000Z"), b"old damage")
            .unwrap();
        let cleared = UserDb::clear_path(&path);
        assert!(cleared.failed.is_empty(), "{name}: {:?}", cleared.failed);
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|it| it.unwrap().path()).collect();
        assert!(left.is_empty(), "{name}: left {left:?}");
        assert!(!cleared.removed.is_empty(), "{name}");
        // The app goes on with a fresh database, and no backups folder until the next start.
        let (db, _) = UserDb::open(&path).unwrap();
        assert!(db.bookmarks().unwrap().is_empty());
        assert!(!dir.path().join("user.sqlite3.backups").exists(), "{name}");
    }
}

#[test]
fn what_cannot_be_cleared_is_reported_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    drop(open(&path));
    drop(open(&path));
    // A folder someone put inside the backups folder: the app removes only its own files, so the folder and
    // the backups folder around it stay, and both are reported with the reason. Everything else goes.
    let backups = dir.path().join("user.sqlite3.backups");
    std::fs::create_dir(backups.join("not-ours")).unwrap();
    let cleared = UserDb::clear_path(&path);
    assert!(!path.exists());
    let failed: Vec<&Path> = cleared.failed.iter().map(|(it, _)| it.as_path()).collect();
    assert_eq!(failed, [backups.join("not-ours").as_path(), backups.as_path()], "{cleared:?}");
    assert!(cleared.failed.iter().all(|(_, why)| !why.is_empty()));
    assert!(cleared.removed.contains(&path));
}
