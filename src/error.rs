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
    /// Something the organisation's policy has turned off on this computer.
    #[error("{0}")]
    NotAllowed(String),
    /// A library pack was refused; the message is the sentence the person sees.
    #[error("{0}")]
    PackRefused(Refusal),
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

/// Why a pack was refused: each with the sentence the person sees. Nothing changes when a pack is refused
/// (see the `pack` module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file is empty.
    Empty,
    /// The file is larger than packs may be: (its size, the most a pack may be), in bytes.
    TooLarge(u64, u64),
    /// The file does not start as a pack does.
    NotAPack,
    /// The file ends before the pack does.
    Truncated,
    /// The pack's structure or signature text is malformed.
    Damaged,
    /// Signed with a key this app does not trust (its id).
    UnknownKey(String),
    /// The signature does not match the contents.
    Modified,
    /// Made for a newer app: (the oldest version that can read it, this app's version).
    NeedsNewerApp(String, String),
    /// Made in a database format this app cannot read: (its schema version, the one this app reads).
    OtherFormat(u32, u32),
    /// The database inside is damaged (what SQLite said).
    DatabaseDamaged(String),
    /// Not newer than the library in use: (the pack's edition, the edition in use).
    NotNewer(u64, u64),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Empty => write!(
                f,
                "This file is empty, so it is not a library pack. Copy the pack again from where you got it."
            ),
            Refusal::TooLarge(size, max) => write!(
                f,
                "This file is too large to be a library pack ({} MiB; a pack is at most {} MiB). Check that you chose the right file.",
                size / (1024 * 1024),
                max / (1024 * 1024)
            ),
            Refusal::NotAPack => write!(
                f,
                "This file is not a library pack. Library packs end in .svpack and come from your organisation or the library's publisher."
            ),
            Refusal::Truncated => write!(
                f,
                "This library pack is incomplete: the file ends too soon, perhaps because copying it was interrupted. Copy it again."
            ),
            Refusal::Damaged => write!(
                f,
                "This library pack is damaged and cannot be checked. Get a fresh copy from its publisher."
            ),
            Refusal::UnknownKey(id) => write!(
                f,
                "This library pack is signed with a key this app does not trust (key id {id}). Only packs from publishers your organisation trusts can be installed: ask your IT team."
            ),
            Refusal::Modified => write!(
                f,
                "This library pack has been changed or damaged since it was signed, so it was not installed. Get a fresh copy from its publisher."
            ),
            Refusal::NeedsNewerApp(version, this) => write!(
                f,
                "This library pack needs a newer version of the app ({version} or later; this is {this}). Update the app first, then install the pack."
            ),
            Refusal::OtherFormat(found, reads) => write!(
                f,
                "This library pack is in a format this version of the app cannot read (format {found}; this app reads {reads}). Ask its publisher for a pack made for this version of the app, or update the app."
            ),
            Refusal::DatabaseDamaged(_) => write!(
                f,
                "The library inside this pack is damaged, although it was signed. Tell its publisher; the library in use has not changed."
            ),
            Refusal::NotNewer(edition, in_use) => write!(
                f,
                "This library pack is edition {edition}, which is not newer than the library in use (edition {in_use}). Nothing was changed."
            ),
        }
    }
}
