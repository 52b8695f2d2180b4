//! What the app holds while it runs: the core's companion (library and user data), and start-up notices.

use std::sync::Mutex;

use companion::Companion;
use companion::content::Contact;

/// Shared by every command. The lock is held only for one command's work, never across an `.await`.
pub(crate) struct AppState {
    /// The library and the person's data, with every rule that joins them.
    pub(crate) companion: Mutex<Companion>,
    /// What was wrong with the organisation's contacts file, if anything.
    pub(crate) organisation_error: Option<String>,
    /// Plain-language notices from start-up, shown once by the UI.
    pub(crate) notices: Mutex<Vec<String>>,
    /// The slide the audience window shows, for when it (re)loads.
    pub(crate) audience: Mutex<Option<crate::ipc::AudienceSlide>>,
    /// The keys library packs may be signed with.
    pub(crate) keys: Vec<companion::pack::TrustedKey>,
    /// Where a pack the person installs is kept.
    pub(crate) pack_dest: std::path::PathBuf,
}

/// The organisation's local contacts file, if any, and what was wrong with it.
#[derive(Debug, Default)]
pub(crate) struct Organisation {
    pub(crate) contacts: Vec<Contact>,
    pub(crate) error: Option<String>,
}
