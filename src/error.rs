//! Errors returned by the core library.
//!
//! `Display` describes only this layer; `source()` carries the cause, so callers render the chain once, at the edge.
//! Bad content is not an error: it is reported as a list of [`crate::Diagnostic`]s.

use std::path::PathBuf;

/// The core library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read, written, moved or removed.
    #[error("failed to access {path}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// No item with this slug in the content database.
    #[error("no item with slug `{0}`")]
    ItemNotFound(String),
    /// No section with this id in the content database.
    #[error("no section with id `{0}`")]
    SectionNotFound(String),
    /// An argument from a caller is malformed (too long, wrong characters, out of range).
    #[error("invalid {what}: {message}")]
    InvalidInput {
        /// What the argument was, e.g. "slug".
        what: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A database file was written by a newer version of the app.
    #[error(
        "database schema version {found} is newer than this build supports ({supported}); update the app"
    )]
    SchemaTooNew {
        /// The version found in the file.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// The content database is damaged or is not one this build can read.
    #[error("the content database is damaged or incompatible: {0}")]
    ContentDbDamaged(String),
    /// A bookmarks export file is malformed or is not a bookmarks export.
    #[error("{path}: not a bookmarks export this app can read: {message}")]
    BadExport {
        /// The file that was refused.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The user database could not be opened this session, so bookmarks and preferences are off.
    #[error("bookmarks and settings are unavailable this session; see the notice on the home page")]
    UserDataUnavailable,
    /// A library pack was refused; the message is the sentence the person sees.
    #[error("{0}")]
    PackRefused(crate::pack::Refusal),
    /// An SQLite error.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    pub(crate) fn invalid(what: &'static str, message: impl Into<String>) -> Error {
        Error::InvalidInput { what, message: message.into() }
    }
}

/// An error with its whole cause chain, `outer: inner: innermost`, for a log line or a notice.
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut res = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        res.push_str(": ");
        res.push_str(&cause.to_string());
        source = cause.source();
    }
    res
}
