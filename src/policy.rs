//! The organisation's policy file (`organisation-policy.toml`, in the same folders as its contacts file):
//! shared-computer mode, the idle time before a shared computer returns to a neutral home, whether bookmarks may
//! be imported and exported, and the default text size. Checked at start with `file:line` diagnostics, like the
//! contacts file; `companion check-policy` checks it before IT deploys it (docs/DEPLOYMENT.md).

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::content::Diagnostic;
use crate::user_db::Preferences;

/// The file name an organisation uses for its policy.
pub const POLICY_FILE: &str = "organisation-policy.toml";
/// The idle time of a shared computer when the policy does not set one, in minutes.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;
/// The longest idle time a policy may set, in minutes.
pub const MAX_IDLE_MINUTES: u32 = 240;

/// What the organisation has decided for every person on this computer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// One login shared by a team: bookmarks, collections and settings live only for the session (in memory),
    /// Leave and closing the app clear them, and after `idle_minutes` without input the app returns to a
    /// neutral home.
    pub shared_computer: bool,
    /// Minutes without input before a shared computer returns to a neutral home.
    pub idle_minutes: u32,
    /// Whether bookmarks may be exported and imported (files leaving or entering the computer).
    pub import_export: bool,
    /// The text size a person starts with, in percent (one of [`Preferences::TEXT_SIZES`]).
    pub text_size: Option<u32>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            shared_computer: false,
            idle_minutes: DEFAULT_IDLE_MINUTES,
            import_export: true,
            text_size: None,
        }
    }
}

impl Policy {
    /// The policy to use when the policy file is there but could not be read: bookmarks for the session only,
    /// so a typo on a shared computer never leaves one person's bookmarks for the next.
    pub fn fail_safe() -> Policy {
        Policy { shared_computer: true, ..Policy::default() }
    }

    /// The preferences a person starts with.
    pub fn default_preferences(&self) -> Preferences {
        Preferences { text_size: self.text_size.unwrap_or(100), ..Preferences::default() }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    shared_computer: Option<bool>,
    idle_minutes: Option<Spanned<i64>>,
    import_export: Option<bool>,
    text_size: Option<Spanned<i64>>,
}

/// Reads and checks a policy file. With any problem, the policy returned is [`Policy::fail_safe`].
pub fn load(path: &Path) -> (Policy, Vec<Diagnostic>) {
    let diag = |line: usize, message: String| Diagnostic { path: path.to_owned(), line, message };
    let text = match std::fs::read_to_string(path) {
        Ok(it) => it,
        Err(err) => {
            return (Policy::fail_safe(), vec![diag(1, format!("cannot read the file: {err}"))]);
        }
    };
    let raw: RawPolicy = match toml::from_str(&text) {
        Ok(it) => it,
        Err(err) => {
            let line = err.span().map_or(1, |span| line_at(&text, span.start));
            let message =
                format!("{}; see docs/DEPLOYMENT.md for the policy file's keys", err.message());
            return (Policy::fail_safe(), vec![diag(line, message)]);
        }
    };
    let mut problems = Vec::new();
    let mut policy = Policy::default();
    policy.shared_computer = raw.shared_computer.unwrap_or(false);
    policy.import_export = raw.import_export.unwrap_or(true);
    if let Some(minutes) = raw.idle_minutes {
        let line = line_at(&text, minutes.span().start);
        match u32::try_from(*minutes.get_ref()) {
            Ok(it) if (1..=MAX_IDLE_MINUTES).contains(&it) => policy.idle_minutes = it,
            _ => problems.push(diag(line, format!("`idle_minutes = {}` is not from 1 to {MAX_IDLE_MINUTES}; write for example `idle_minutes = 10`", minutes.get_ref()))),
        }
        if !policy.shared_computer {
            problems.push(diag(line, "`idle_minutes` only applies to a shared computer; add `shared_computer = true` or remove it".to_owned()));
        }
    }
    if let Some(size) = raw.text_size {
        let line = line_at(&text, size.span().start);
        match u32::try_from(*size.get_ref()) {
            Ok(it) if Preferences::TEXT_SIZES.contains(&it) => policy.text_size = Some(it),
            _ => problems.push(diag(
                line,
                format!(
                    "`text_size = {}` is not one of {:?}; write for example `text_size = 150`",
                    size.get_ref(),
                    Preferences::TEXT_SIZES
                ),
            )),
        }
    }
    if problems.is_empty() { (policy, problems) } else { (Policy::fail_safe(), problems) }
}

/// The 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}
