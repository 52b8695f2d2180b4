//! SQLite plumbing shared by both databases: pragmas, the one migration routine, integrity checks, timestamps.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// How long a writer waits for another connection's lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Sets the pragmas of a read-write database that holds user data.
pub(crate) fn prepare_user_conn(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets readers run while a bookmark is saved; FULL makes a commit durable before it returns,
    // so an acknowledged bookmark survives a crash or power cut.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Applies the migrations not yet recorded in `user_version`, in one transaction.
///
/// Returns the version found before migrating.
pub(crate) fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<u32> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let applied: u32 =
        tx.query_row("SELECT user_version FROM pragma_user_version", [], |row| row.get(0))?;
    if applied as usize > migrations.len() {
        return Err(Error::SchemaTooNew { found: applied, supported: migrations.len() as u32 });
    }
    for sql in &migrations[applied as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", migrations.len() as i64)?;
    tx.commit()?;
    Ok(applied)
}

/// The schema version recorded in the file.
pub(crate) fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT user_version FROM pragma_user_version", [], |row| row.get(0))?)
}

/// Runs `PRAGMA quick_check` (or `integrity_check`); `Ok(None)` when the file is sound, else what is wrong.
pub(crate) fn check(conn: &Connection, full: bool) -> Result<Option<String>> {
    let sql = if full { "PRAGMA integrity_check" } else { "PRAGMA quick_check" };
    let mut stmt = conn.prepare(sql)?;
    let rows: Vec<String> =
        stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    if rows.len() == 1 && rows[0] == "ok" { Ok(None) } else { Ok(Some(rows.join("; "))) }
}

/// Replaces the file at `path` with `bytes` atomically: written and flushed to disk under a temporary name
/// beside it, then renamed over it (on Windows `MoveFileExW` with `MOVEFILE_REPLACE_EXISTING`). A reader sees
/// the old file or the new one, never half of either; when anything fails (the disk is full, another program
/// holds the file open without sharing it, as Windows allows) the old file is left exactly as it was and the
/// temporary one is removed.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(name);
    let written = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        // The rename itself is durable once the folder is flushed (Unix; Windows has no folder handle to flush).
        #[cfg(unix)]
        if let Some(dir) = path.parent().filter(|it| !it.as_os_str().is_empty()) {
            fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    })();
    written.map_err(|err| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, err)
    })
}

/// Seconds since the Unix epoch, now.
pub(crate) fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |it| it.as_secs() as i64)
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::format_utc;

    #[test]
    fn format_utc_matches_known_dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
