//! Files and paths as Windows has them, tested rather than assumed (these tests also run cross-built under
//! Wine in CI, `scripts/build-windows.sh test`): user data in folders with spaces, non-ASCII names and long
//! paths; a damaged database moved aside all or nothing while another program holds one of its files open;
//! files replaced atomically.
//!
//! Windows lets a program open a file without sharing deletion (SQLite, backup and antivirus tools do), and then
//! nobody else can rename it. On Unix an open file can always be renamed, so the tests that hold a file open
//! that way are Windows-only; on Unix the same code paths run through the recovery tests in `user_db.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use companion::user_db::{ExportFile, UserDb};
use companion::{Slug, write_replacing};

/// The user data folders a ward PC can give the app: a user name with spaces and accents (roaming profiles keep
/// the name people were registered with), and a path longer than Windows' old 260-character limit.
fn awkward_folders(base: &Path) -> Vec<PathBuf> {
    let named = base
        .join("Zoë Ní Bhriain-Østergård")
        .join("AppData")
        .join("Local")
        .join("uk.secondvictim.companion");
    let mut long = base.join("a profile redirected to a deep network share");
    while long.as_os_str().len() < 300 {
        long = long.join("a folder name of some length");
    }
    vec![named, long.join("uk.secondvictim.companion")]
}

#[test]
fn user_data_works_in_folders_with_spaces_accents_and_long_paths() {
    let dir = tempfile::tempdir().unwrap();
    for folder in awkward_folders(dir.path()) {
        let path = folder.join("user.sqlite3");
        let shown = path.display().to_string();
        let (mut db, _) = UserDb::open(&path).unwrap_or_else(|err| panic!("{shown}: {err}"));
        db.add_bookmark(&Slug::parse("coroners-inquest").unwrap(), "Für das Team").unwrap();
        let export = folder.join("my bookmarks – Zoë.json");
        assert_eq!(db.export(&export, None).unwrap(), 1, "{shown}");
        drop(db);

        // Reopened (which takes the day's backup), imported, and restored after damage, all in the same folder.
        let (mut db, report) = UserDb::open(&path).unwrap();
        assert_eq!(report.recovery, None, "{shown}");
        let file = ExportFile::read(&export).unwrap();
        assert_eq!(db.import(&file).unwrap().already_there, 1, "{shown}");
        drop(db);
        fs::write(&path, b"damaged: not a database").unwrap();
        let (db, report) = UserDb::open(&path).unwrap();
        let recovery = report.recovery.unwrap_or_else(|| panic!("{shown}: no recovery"));
        assert_eq!(fs::read(&recovery.damaged_copy).unwrap(), b"damaged: not a database");
        assert!(recovery.restored_from.is_some(), "{shown}: the second start's backup is restored");
        assert_eq!(db.bookmarks().unwrap().len(), 1, "{shown}");
    }
}

#[test]
fn replacing_a_file_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library pack – Zoë.txt");
    fs::write(&path, b"old").unwrap();
    write_replacing(&path, b"new").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"new");

    // A target that cannot be replaced (here a folder, on every platform): an error, the temporary file gone.
    let folder = dir.path().join("a folder");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("inside"), b"kept").unwrap();
    let err = write_replacing(&folder, b"new").unwrap_err();
    assert!(err.to_string().contains("a folder"), "{err}");
    assert_eq!(fs::read(folder.join("inside")).unwrap(), b"kept");
    assert_eq!(leftovers(dir.path()), ["a folder", "library pack – Zoë.txt"]);
}

/// The names in `dir`, sorted.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut res: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|it| it.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    res.sort();
    res
}

/// Opens `path` as SQLite and many backup tools do on Windows: reading and writing shared, deletion (and so
/// renaming) not.
#[cfg(windows)]
fn hold_without_sharing_delete(path: &Path) -> fs::File {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_SHARE_READ: u32 = 1;
    const FILE_SHARE_WRITE: u32 = 2;
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE)
        .open(path)
        .unwrap()
}

#[cfg(windows)]
#[test]
fn a_file_held_open_elsewhere_is_never_replaced_and_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bookmarks.json");
    fs::write(&path, b"old").unwrap();
    let held = hold_without_sharing_delete(&path);
    let err = write_replacing(&path, b"new").unwrap_err();
    assert!(err.to_string().contains("bookmarks.json"), "{err}");
    drop(held);
    assert_eq!(fs::read(&path).unwrap(), b"old");
    assert_eq!(leftovers(dir.path()), ["bookmarks.json"]);
    write_replacing(&path, b"new").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"new");
}

#[cfg(windows)]
#[test]
fn a_damaged_database_held_open_elsewhere_is_moved_aside_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite3");
    let wal = dir.path().join("user.sqlite3-wal");
    fs::write(&path, b"damaged: not a database").unwrap();
    fs::write(&wal, b"a write-ahead log that belongs to the damaged file").unwrap();

    // The database itself can be moved, its log cannot: the move is undone and the error names the log.
    let held = hold_without_sharing_delete(&wal);
    let err = UserDb::open(&path).unwrap_err();
    assert!(err.to_string().contains("user.sqlite3-wal"), "{err}");
    drop(held);
    assert_eq!(leftovers(dir.path()), ["user.sqlite3", "user.sqlite3-wal"]);
    assert_eq!(fs::read(&path).unwrap(), b"damaged: not a database");

    // Once the other program lets go, the next start recovers. (SQLite itself reads, and then clears, a log
    // that holds nothing it can use when it opens the damaged file, so only the database is left to move.)
    let (_db, report) = UserDb::open(&path).unwrap();
    let recovery = report.recovery.expect("recovered");
    assert_eq!(fs::read(&recovery.damaged_copy).unwrap(), b"damaged: not a database");
}
