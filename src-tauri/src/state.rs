//! What the app holds while it runs: both databases, where user data lives, and start-up notices.

use std::path::PathBuf;
use std::sync::Mutex;

use companion::content::Contact;
use companion::{ContentDb, UserDb};

/// Shared by every command. Locks are held only for one command's database work, never across an `.await`.
pub(crate) struct AppState {
    /// The embedded, read-only content database.
    pub(crate) content: Mutex<ContentDb>,
    /// The user database, or `None` when it could not be opened this session (the notice says why).
    pub(crate) user: Mutex<Option<UserDb>>,
    /// Where the user database lives, to reopen it after "clear my data".
    pub(crate) user_db_path: PathBuf,
    /// The organisation's own contacts, validated at start-up.
    pub(crate) organisation: Organisation,
    /// Plain-language notices from start-up, shown once by the UI.
    pub(crate) notices: Mutex<Vec<String>>,
}

/// The organisation's local contacts file, if any, and what was wrong with it.
#[derive(Debug, Default)]
pub(crate) struct Organisation {
    pub(crate) contacts: Vec<Contact>,
    pub(crate) error: Option<String>,
}
