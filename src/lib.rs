//! The core of the Second Victim Support offline companion: the content pipeline, both databases and search.
//!
//! Content is Markdown with TOML front matter in `content/` ([`content::load_dir`]), rendered to safe HTML
//! ([`markdown::render`]) and compiled into a read-only SQLite content database ([`content_db::build`],
//! [`ContentDb`]) with an FTS5 index ([`search`]). Bookmarks and preferences live in a separate user database
//! ([`UserDb`]). Nothing here knows about windows, IPC or the network.

pub mod companion;
pub mod content;
pub mod content_db;
mod error;
pub mod handout;
pub mod markdown;
pub mod pack;
pub mod policy;
pub mod search;
mod store;
pub mod text;
pub mod user_db;

pub use companion::Companion;
pub use content::{Diagnostic, Library, Slug};
pub use content_db::ContentDb;
pub use error::{Error, Result, chain as error_chain};
pub use store::{format_utc, write_replacing};
pub use user_db::UserDb;
