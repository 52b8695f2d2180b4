//! The user database: bookmarks, collections and preferences. Ground truth, never reset by the app.
//!
//! Forward-only migrations with a backup first; a file newer than this build is refused.
//! A damaged file is moved aside with its `-wal`/`-shm` and the newest good backup restored, and the caller is
//! told what happened. Only "clear my data" ([`UserDb::clear`], [`UserDb::clear_path`]) deletes anything.
//! Limits keep one person's data to what the app can show: [`MAX_BOOKMARKS`], [`MAX_COLLECTIONS`], names of
//! [`MAX_COLLECTION_CHARS`]; an import reads at most [`MAX_IMPORT_BYTES`].

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::content::Slug;
use crate::error::{Error, Result};
use crate::store;

/// Schema changes, oldest first. `PRAGMA user_version` records how many have been applied.
/// Never edit or remove an entry once it has shipped; add a new one.
const MIGRATIONS: &[&str] = &[include_str!("user_db/migrations/0001_bookmarks.sql")];

/// How many backups are kept beside the database.
const BACKUPS_KEPT: usize = 3;

/// The name of the export format, checked on import.
const EXPORT_FORMAT: &str = "second-victim-support-bookmarks";
/// The export format's version; files of a newer version are refused.
const EXPORT_VERSION: u64 = 1;
/// Exports larger than this are refused on import: no more is ever read, whatever the file claims to be.
pub const MAX_IMPORT_BYTES: u64 = 8 * 1024 * 1024;
/// The most bookmarks one person can keep (and one export can hold).
pub const MAX_BOOKMARKS: usize = 10_000;
/// The most collections one person can keep (and one export can hold): every article page lists them.
pub const MAX_COLLECTIONS: usize = 200;

/// The longest collection name accepted, in characters.
pub const MAX_COLLECTION_CHARS: usize = 60;

/// One saved item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    /// The item's slug; the item may no longer exist.
    pub slug: String,
    /// The collection's name, or "" when it is in none.
    pub collection: String,
    /// When it was saved, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
}

/// Display preferences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// `system`, `light`, `dark` or `high-contrast`.
    pub theme: String,
    /// Text size in percent: 100, 125, 150, 175 or 200.
    pub text_size: u32,
    /// `system`, `on` or `off`.
    pub reduced_motion: String,
}

impl Default for Preferences {
    fn default() -> Preferences {
        Preferences {
            theme: "system".to_owned(),
            text_size: 100,
            reduced_motion: "system".to_owned(),
        }
    }
}

impl Preferences {
    /// The accepted themes.
    pub const THEMES: &'static [&'static str] = &["system", "light", "dark", "high-contrast"];
    /// The accepted text sizes, in percent.
    pub const TEXT_SIZES: &'static [u32] = &[100, 125, 150, 175, 200];
    /// The accepted reduced-motion settings.
    pub const REDUCED_MOTION: &'static [&'static str] = &["system", "on", "off"];

    /// Checks every value is one of the accepted ones.
    pub fn validate(&self) -> Result<()> {
        if !Preferences::THEMES.contains(&self.theme.as_str()) {
            return Err(Error::invalid(
                "theme",
                format!("use one of {}", Preferences::THEMES.join(", ")),
            ));
        }
        if !Preferences::TEXT_SIZES.contains(&self.text_size) {
            return Err(Error::invalid("text size", "use 100, 125, 150, 175 or 200"));
        }
        if !Preferences::REDUCED_MOTION.contains(&self.reduced_motion.as_str()) {
            return Err(Error::invalid("reduced motion", "use system, on or off"));
        }
        Ok(())
    }
}

/// What happened while opening, for the UI to tell the user in plain words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// The schema version found before migrating, when a migration ran.
    pub migrated_from: Option<u32>,
    /// Set when the file was damaged and has been recovered.
    pub recovery: Option<Recovery>,
    /// Set when today's backup could not be written (a full disk, a file where the folder should be). The
    /// database works as usual; the backup is tried again at the next start.
    pub backup_problem: Option<String>,
}

/// What "clear my data" removed, and what it could not remove with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleared {
    /// Every file and folder removed.
    pub removed: Vec<PathBuf>,
    /// Every file or folder that could not be removed, with why.
    pub failed: Vec<(PathBuf, String)>,
}

/// An export file, read and checked, ready to merge with [`UserDb::import`]. Reading needs no database, so a
/// caller can read a slow USB stick without holding the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    collections: Vec<String>,
    bookmarks: Vec<(Slug, String, String)>,
}

/// How a damaged database was recovered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// What was wrong.
    pub problem: String,
    /// Where the damaged file was moved to (kept, never deleted by the app).
    pub damaged_copy: PathBuf,
    /// The backup restored, or `None` when no good backup existed and an empty database was started.
    pub restored_from: Option<PathBuf>,
}

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Bookmarks that were new.
    pub added: usize,
    /// Bookmarks that were already saved (left as they were).
    pub already_there: usize,
    /// The slugs of every bookmark in the file, so the caller can tell which items no longer exist.
    pub slugs: Vec<String>,
}

/// The open user database.
#[derive(Debug)]
pub struct UserDb {
    conn: Connection,
    path: PathBuf,
}

impl UserDb {
    /// Opens (creating if needed) the user database at `path`, migrating and recovering as needed.
    pub fn open(path: &Path) -> Result<(UserDb, OpenReport)> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
        }
        // A database created now has nothing to back up: no backups folder until the next day's start.
        let existed = path.exists();
        let mut report = OpenReport::default();
        let conn = match open_checked(path) {
            Ok(conn) => conn,
            Err(Damage::Fatal(err)) => return Err(err),
            Err(Damage::Damaged(problem)) => {
                let (conn, recovery) = recover(path, problem)?;
                report.recovery = Some(recovery);
                conn
            }
        };
        let mut conn = conn;
        let version = store::user_version(&conn)?;
        if version as usize > MIGRATIONS.len() {
            // Refused before any pragma runs, so a newer app's file is left exactly as it was.
            return Err(Error::SchemaTooNew { found: version, supported: MIGRATIONS.len() as u32 });
        }
        store::prepare_user_conn(&conn)?;
        if (version as usize) < MIGRATIONS.len() {
            if version > 0 {
                backup(&conn, path, &format!("before-v{}", MIGRATIONS.len()))?;
            }
            store::migrate(&mut conn, MIGRATIONS)?;
            if version > 0 {
                report.migrated_from = Some(version);
            }
        }
        let db = UserDb { conn, path: path.to_owned() };
        // A daily backup is what recovery restores if the file is damaged later. Failing to write one never
        // stops the database from working: it is reported, and tried again at the next start.
        if existed {
            if let Err(err) = db.backup_if_due() {
                report.backup_problem = Some(crate::error::chain(&err));
            }
        }
        Ok((db, report))
    }

    /// A user database that lives only in memory, for one session on a shared computer: nothing is written to
    /// disk, and it is gone when it is dropped.
    pub fn in_memory() -> Result<UserDb> {
        let mut conn = Connection::open_in_memory()?;
        store::prepare_user_conn(&conn)?;
        store::migrate(&mut conn, MIGRATIONS)?;
        Ok(UserDb { conn, path: PathBuf::new() })
    }

    /// Every bookmark, newest first within each collection order.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        let mut stmt = self.conn.prepare_cached("SELECT slug, collection, created_at FROM bookmarks ORDER BY collection, created_at DESC, slug")?;
        let rows = stmt.query_map([], |row| {
            Ok(Bookmark { slug: row.get(0)?, collection: row.get(1)?, created_at: row.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Whether an item is bookmarked.
    pub fn is_bookmarked(&self, slug: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM bookmarks WHERE slug = ?1")?
            .query_row([slug], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Saves an item; if already saved, moves it to `collection`. Returns once the change is durable.
    pub fn add_bookmark(&mut self, slug: &Slug, collection: &str) -> Result<()> {
        let collection = check_collection(collection, true)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        ensure_collection(&tx, &collection)?;
        let known: bool = tx
            .query_row("SELECT 1 FROM bookmarks WHERE slug = ?1", [slug.as_str()], |_| Ok(true))
            .optional()?
            .unwrap_or(false);
        if !known && count(&tx, "bookmarks")? >= MAX_BOOKMARKS {
            return Err(Error::invalid(
                "bookmark",
                format!(
                    "you already have {MAX_BOOKMARKS} bookmarks, the most this app keeps; remove some first"
                ),
            ));
        }
        tx.execute(
            "INSERT INTO bookmarks (slug, collection, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (slug) DO UPDATE SET collection = excluded.collection",
            params![slug.as_str(), collection, store::format_utc(store::now_secs())],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a bookmark; removing one that is not there is not an error.
    pub fn remove_bookmark(&mut self, slug: &Slug) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM bookmarks WHERE slug = ?1", [slug.as_str()])?;
        tx.commit()?;
        Ok(())
    }

    /// Moves a saved item to another collection ("" for none).
    pub fn move_bookmark(&mut self, slug: &Slug, collection: &str) -> Result<()> {
        let collection = check_collection(collection, true)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        ensure_collection(&tx, &collection)?;
        if tx.execute(
            "UPDATE bookmarks SET collection = ?2 WHERE slug = ?1",
            params![slug.as_str(), collection],
        )? == 0
        {
            return Err(Error::invalid("bookmark", format!("`{slug}` is not saved")));
        }
        tx.commit()?;
        Ok(())
    }

    /// Named collections, alphabetically.
    pub fn collections(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM collections ORDER BY name COLLATE NOCASE")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Creates a named collection; creating one that exists is not an error.
    pub fn create_collection(&mut self, name: &str) -> Result<()> {
        let name = check_collection(name, false)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        ensure_collection(&tx, &name)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a named collection; its bookmarks are kept, in no collection.
    pub fn delete_collection(&mut self, name: &str) -> Result<()> {
        let name = check_collection(name, false)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE bookmarks SET collection = '' WHERE collection = ?1", [&name])?;
        tx.execute("DELETE FROM collections WHERE name = ?1", [&name])?;
        tx.commit()?;
        Ok(())
    }

    /// The saved preferences, or the defaults.
    pub fn preferences(&self) -> Result<Preferences> {
        self.preferences_or(&Preferences::default())
    }

    /// The saved preferences, each one not saved taken from `defaults` (an organisation's policy).
    pub fn preferences_or(&self, defaults: &Preferences) -> Result<Preferences> {
        let mut res = defaults.clone();
        let mut stmt = self.conn.prepare_cached("SELECT key, value FROM preferences")?;
        let rows =
            stmt.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            match key.as_str() {
                "theme" if Preferences::THEMES.contains(&value.as_str()) => res.theme = value,
                "text_size" => {
                    res.text_size = value
                        .parse()
                        .ok()
                        .filter(|it| Preferences::TEXT_SIZES.contains(it))
                        .unwrap_or(100)
                }
                "reduced_motion" if Preferences::REDUCED_MOTION.contains(&value.as_str()) => {
                    res.reduced_motion = value
                }
                _ => {}
            }
        }
        Ok(res)
    }

    /// Saves preferences after checking them.
    pub fn set_preferences(&mut self, preferences: &Preferences) -> Result<()> {
        preferences.validate()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (key, value) in [
            ("theme", preferences.theme.clone()),
            ("text_size", preferences.text_size.to_string()),
            ("reduced_motion", preferences.reduced_motion.clone()),
        ] {
            tx.execute("INSERT INTO preferences (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", params![key, value])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes every bookmark and collection (or only those of `collection`) to a versioned JSON file. Returns
    /// how many bookmarks were written.
    pub fn export(&self, path: &Path, collection: Option<&str>) -> Result<usize> {
        let mut bookmarks = self.bookmarks()?;
        let mut collections = self.collections()?;
        if let Some(name) = collection {
            bookmarks.retain(|it| it.collection == name);
            collections.retain(|it| it == name);
        }
        let value = serde_json::json!({
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": store::format_utc(store::now_secs()),
            "collections": collections,
            "bookmarks": bookmarks.iter().map(|it| serde_json::json!({
                "slug": it.slug, "collection": it.collection, "created_at": it.created_at,
            })).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&value)
            .map_err(|err| Error::invalid("export", err.to_string()))?;
        store::write_replacing(path, text.as_bytes())?;
        Ok(bookmarks.len())
    }

    /// Merges an export file read with [`ExportFile::read`]: new bookmarks are added, existing ones left alone,
    /// unknown slugs kept. In one transaction: a file that would take the database past [`MAX_BOOKMARKS`] or
    /// [`MAX_COLLECTIONS`] is refused whole and nothing changes.
    pub fn import(&mut self, file: &ExportFile) -> Result<ImportReport> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for name in &file.collections {
            ensure_collection(&tx, name)?;
        }
        let mut report = ImportReport::default();
        for (slug, collection, created_at) in &file.bookmarks {
            ensure_collection(&tx, collection)?;
            let n = tx.execute(
                "INSERT INTO bookmarks (slug, collection, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (slug) DO NOTHING",
                params![slug.as_str(), collection, created_at],
            )?;
            if n == 1 {
                report.added += 1
            } else {
                report.already_there += 1
            }
            report.slugs.push(slug.as_str().to_owned());
        }
        let n_bookmarks = count(&tx, "bookmarks")?;
        if n_bookmarks > MAX_BOOKMARKS {
            return Err(Error::invalid(
                "import",
                format!(
                    "importing it would make {n_bookmarks} bookmarks, and the most this app keeps is {MAX_BOOKMARKS}; nothing was imported"
                ),
            ));
        }
        tx.commit()?;
        Ok(report)
    }

    /// Deletes the database, its `-wal`/`-shm`, its backups and any damaged copies set aside, and says what it
    /// removed and what it could not. See [`UserDb::clear_path`].
    pub fn clear(self) -> Cleared {
        let path = self.path.clone();
        let _ = self.conn.close();
        UserDb::clear_path(&path)
    }

    /// "Clear my data" whatever state the database is in (damaged, newer, read-only, missing, never opened):
    /// removes `path`, its `-wal`/`-shm`, its backups folder and damaged copies. Never stops at the first
    /// failure: every path is tried, and each one that stays is reported with the reason.
    pub fn clear_path(path: &Path) -> Cleared {
        clear_files(path)
    }

    /// Runs `PRAGMA integrity_check`; `None` when the file is sound.
    pub fn integrity_problem(&self) -> Result<Option<String>> {
        store::check(&self.conn, true)
    }

    fn backup_if_due(&self) -> Result<()> {
        let today = &store::format_utc(store::now_secs())[..10];
        let newest = list_backups(&self.path).into_iter().next();
        let due = newest.as_ref().is_none_or(|it| {
            !it.file_name().is_some_and(|name| name.to_string_lossy().contains(today))
        });
        if due {
            backup(&self.conn, &self.path, "daily")?;
        }
        // Keep the newest few; older ones only cost space.
        for old in list_backups(&self.path).into_iter().skip(BACKUPS_KEPT) {
            let _ = fs::remove_file(old);
        }
        Ok(())
    }
}

/// Why a file could not be opened as-is.
enum Damage {
    /// The file is damaged: recover.
    Damaged(String),
    /// Something else (permissions, a newer schema): report, touch nothing.
    Fatal(Error),
}

fn open_checked(path: &Path) -> std::result::Result<Connection, Damage> {
    let conn = Connection::open(path).map_err(|err| Damage::Fatal(err.into()))?;
    let checked = (|| -> Result<Option<String>> {
        conn.busy_timeout(store::BUSY_TIMEOUT)?;
        store::check(&conn, false)
    })();
    match checked {
        Ok(None) => Ok(conn),
        Ok(Some(problem)) => Err(Damage::Damaged(problem)),
        Err(Error::Sqlite(err)) if is_corruption(&err) => Err(Damage::Damaged(err.to_string())),
        Err(err) => Err(Damage::Fatal(err)),
    }
}

fn is_corruption(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// Moves the damaged file and its sidecars aside, then restores the newest backup that passes `quick_check`.
fn recover(path: &Path, problem: String) -> Result<(Connection, Recovery)> {
    let stamp = store::format_utc(store::now_secs()).replace(':', "");
    let damaged_copy = sibling(path, &format!(".damaged-{stamp}"));
    move_aside(path, &damaged_copy)?;
    for candidate in list_backups(path) {
        fs::copy(&candidate, path).map_err(|err| Error::io(path, err))?;
        match open_checked(path) {
            Ok(conn) => {
                return Ok((
                    conn,
                    Recovery { problem, damaged_copy, restored_from: Some(candidate) },
                ));
            }
            Err(_) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = fs::remove_file(sibling(path, suffix));
                }
            }
        }
    }
    let conn = open_checked(path).map_err(|it| match it {
        Damage::Fatal(err) => err,
        Damage::Damaged(problem) => Error::invalid("user database", problem),
    })?;
    Ok((conn, Recovery { problem, damaged_copy, restored_from: None }))
}

/// Moves the database and its sidecars to `to` (with the same suffixes), all or none: on Windows another
/// program (a backup or antivirus tool, a second copy of the app) can hold one of them open without sharing,
/// and a half-done move would leave a write-ahead log beside a new database. What was moved is moved back and
/// the error says which file could not be moved; the app then reports its data unavailable, and nothing is lost.
fn move_aside(path: &Path, to: &Path) -> Result<()> {
    let mut moved = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let from = sibling(path, suffix);
        if !from.exists() {
            continue;
        }
        let dest = sibling(to, suffix);
        if let Err(err) = fs::rename(&from, &dest) {
            for (from, dest) in moved.into_iter().rev() {
                let _ = fs::rename(dest, from);
            }
            return Err(Error::io(&from, err));
        }
        moved.push((from, dest));
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn backup_dir(path: &Path) -> PathBuf {
    sibling(path, ".backups")
}

/// Backups of `path`, newest first.
fn list_backups(path: &Path) -> Vec<PathBuf> {
    let mut res: Vec<PathBuf> = fs::read_dir(backup_dir(path))
        .map(|entries| {
            entries
                .filter_map(|it| it.ok())
                .map(|it| it.path())
                .filter(|it| it.extension().is_some_and(|e| e == "sqlite3"))
                .collect()
        })
        .unwrap_or_default();
    res.sort();
    res.reverse();
    res
}

/// Writes a consistent copy of the database into the backups folder, checked with `quick_check` before it
/// counts: it is written under a temporary name (which [`list_backups`] never lists) and renamed only when
/// sound, so a cut-short backup can never push a good one out of the rotation.
fn backup(conn: &Connection, path: &Path, label: &str) -> Result<PathBuf> {
    let dir = backup_dir(path);
    fs::create_dir_all(&dir).map_err(|err| Error::io(&dir, err))?;
    let stamp = store::format_utc(store::now_secs()).replace(':', "");
    let target = dir.join(format!("{stamp}-{label}.sqlite3"));
    let partial = dir.join(format!("{stamp}-{label}.sqlite3.partial"));
    let _ = fs::remove_file(&partial);
    let written = (|| -> Result<()> {
        conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()])?;
        let copy =
            Connection::open_with_flags(&partial, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        if let Some(problem) = store::check(&copy, false)? {
            return Err(Error::invalid("backup", problem));
        }
        Ok(())
    })();
    if let Err(err) = written {
        let _ = fs::remove_file(&partial);
        return Err(err);
    }
    fs::rename(&partial, &target).map_err(|err| Error::io(&target, err))?;
    Ok(target)
}

/// Removes the database at `path` with its sidecars, backups and damaged copies; tries every one.
fn clear_files(path: &Path) -> Cleared {
    let mut res = Cleared::default();
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let mut candidates: Vec<PathBuf> =
        ["", "-wal", "-shm"].iter().map(|it| sibling(path, it)).collect();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.filter_map(|it| it.ok()) {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.starts_with(&format!("{name}.damaged-")) {
                candidates.push(entry.path());
            }
        }
    }
    let backups = backup_dir(path);
    if let Ok(entries) = fs::read_dir(&backups) {
        let mut files: Vec<PathBuf> =
            entries.filter_map(|it| it.ok()).map(|it| it.path()).collect();
        files.sort();
        candidates.extend(files);
    }
    for it in candidates {
        match fs::symlink_metadata(&it) {
            Ok(meta) if !meta.is_dir() => match fs::remove_file(&it) {
                Ok(()) => res.removed.push(it),
                Err(err) => res.failed.push((it, err.to_string())),
            },
            Ok(_) => res.failed.push((it, "it is a folder, not a file".to_owned())),
            Err(_) => {}
        }
    }
    match fs::symlink_metadata(&backups) {
        Ok(meta) if meta.is_dir() => match fs::remove_dir(&backups) {
            Ok(()) => res.removed.push(backups),
            Err(err) => res.failed.push((backups, err.to_string())),
        },
        Ok(_) => match fs::remove_file(&backups) {
            Ok(()) => res.removed.push(backups),
            Err(err) => res.failed.push((backups, err.to_string())),
        },
        Err(_) => {}
    }
    res
}

fn check_collection(name: &str, allow_empty: bool) -> Result<String> {
    let name = name.trim();
    if name.is_empty() && !allow_empty {
        return Err(Error::invalid("collection name", "it is empty"));
    }
    if name.chars().count() > MAX_COLLECTION_CHARS || name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "collection name",
            format!("use at most {MAX_COLLECTION_CHARS} characters, no line breaks"),
        ));
    }
    Ok(name.to_owned())
}

fn ensure_collection(tx: &rusqlite::Transaction<'_>, name: &str) -> Result<()> {
    if !name.is_empty() {
        let added = tx.execute(
            "INSERT OR IGNORE INTO collections (name, created_at) VALUES (?1, ?2)",
            params![name, store::format_utc(store::now_secs())],
        )?;
        if added == 1 && count(tx, "collections")? > MAX_COLLECTIONS {
            return Err(Error::invalid(
                "collection",
                format!("there can be at most {MAX_COLLECTIONS} collections; remove one first"),
            ));
        }
    }
    Ok(())
}

/// Rows in `table` (a fixed name, never user text).
fn count(conn: &Connection, table: &'static str) -> Result<usize> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

impl ExportFile {
    /// Reads and checks an export file. At most [`MAX_IMPORT_BYTES`] are read whatever the file system says
    /// (a FIFO, `/dev/zero` or a sparse file of gigabytes reports a size that means nothing), and only a regular
    /// file is opened at all. Every problem is refused with a sentence saying what is wrong.
    pub fn read(path: &Path) -> Result<ExportFile> {
        use std::io::Read;
        let bad = |message: String| Error::BadExport { path: path.to_owned(), message };
        let meta = fs::metadata(path).map_err(|err| Error::io(path, err))?;
        if !meta.is_file() {
            return Err(bad("it is not an ordinary file".to_owned()));
        }
        let mut bytes = Vec::new();
        fs::File::open(path)
            .and_then(|file| file.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|err| Error::io(path, err))?;
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            return Err(bad(format!(
                "it is larger than {} MiB, too large to be a bookmarks export",
                MAX_IMPORT_BYTES / (1024 * 1024)
            )));
        }
        ExportFile::parse(&bytes).map_err(bad)
    }

    /// Checks the bytes of an export file; the error says what is wrong, for a person.
    fn parse(bytes: &[u8]) -> std::result::Result<ExportFile, String> {
        let bad = |message: &str| message.to_owned();
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| bad("it is not a JSON file"))?;
        if value.get("format").and_then(|it| it.as_str()) != Some(EXPORT_FORMAT) {
            return Err(bad("it was not made by this app's \"Export bookmarks\""));
        }
        match value.get("version").and_then(|it| it.as_u64()) {
            Some(EXPORT_VERSION) => {}
            Some(it) if it > EXPORT_VERSION => {
                return Err(bad(
                    "it was made by a newer version of the app; update this one first",
                ));
            }
            _ => return Err(bad("its version is missing or unknown")),
        }
        let listed = value
            .get("collections")
            .and_then(|it| it.as_array())
            .ok_or_else(|| bad("the list of collections is missing"))?;
        if listed.len() > MAX_COLLECTIONS {
            return Err(format!(
                "it has {} collections, and the most this app keeps is {MAX_COLLECTIONS}",
                listed.len()
            ));
        }
        let mut collections = Vec::new();
        for it in listed {
            let name = it.as_str().ok_or_else(|| bad("a collection name is not text"))?;
            collections.push(check_collection(name, false).map_err(|_| {
                format!(
                    "a collection name is empty or longer than {MAX_COLLECTION_CHARS} characters"
                )
            })?);
        }
        let listed = value
            .get("bookmarks")
            .and_then(|it| it.as_array())
            .ok_or_else(|| bad("the list of bookmarks is missing"))?;
        if listed.len() > MAX_BOOKMARKS {
            return Err(format!(
                "it has {} bookmarks, and the most this app keeps is {MAX_BOOKMARKS}",
                listed.len()
            ));
        }
        let mut bookmarks = Vec::new();
        for it in listed {
            let field = |key: &str| it.get(key).and_then(|it| it.as_str());
            let slug = Slug::parse(field("slug").ok_or_else(|| bad("a bookmark has no slug"))?)
                .map_err(|_| bad("a bookmark's slug is malformed"))?;
            let collection = check_collection(field("collection").unwrap_or(""), true).map_err(|_| {
                format!("a bookmark's collection name is longer than {MAX_COLLECTION_CHARS} characters")
            })?;
            let created_at = field("created_at")
                .filter(|it| it.len() == 20 && it.ends_with('Z') && it.is_ascii())
                .map_or_else(|| store::format_utc(store::now_secs()), str::to_owned);
            bookmarks.push((slug, collection, created_at));
        }
        // Collections named only by bookmarks count too.
        let mut names: Vec<&str> = collections.iter().map(String::as_str).collect();
        names.extend(bookmarks.iter().map(|it| it.1.as_str()).filter(|it| !it.is_empty()));
        names.sort_unstable();
        names.dedup();
        if names.len() > MAX_COLLECTIONS {
            return Err(format!(
                "it has {} collections, and the most this app keeps is {MAX_COLLECTIONS}",
                names.len()
            ));
        }
        Ok(ExportFile { collections, bookmarks })
    }

    /// How many bookmarks the file holds.
    pub fn len(&self) -> usize {
        self.bookmarks.len()
    }

    /// Whether the file holds no bookmark.
    pub fn is_empty(&self) -> bool {
        self.bookmarks.is_empty()
    }
}
