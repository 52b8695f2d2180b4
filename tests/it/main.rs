//! The single integration-test binary of the core crate (one binary links once; see ripgrep's tests/tests.rs).

// Test helpers: fixture folders copied into temporary directories.
mod util;

// Every content diagnostic, one tiny fixture folder each.
mod content;
// Markdown rendering: named cases and the hostile-input property test.
mod markdown;
// The content database: build, open, damage detection.
mod content_db;
// Search: ranking, stemming, synonyms, filters, suggestions, odd input.
mod search;
// The user database: bookmarks, migrations, recovery, export and import, clearing.
mod user_db;
// Windows' files and paths, tested: awkward folders, files held open elsewhere, atomic replace.
mod platform;
// Bookmarks survive a writer killed at random moments.
mod crash;
// The real content/ loads with no diagnostics and meets the library's standards.
mod shipped_content;
// Help first: crisis phrases and words about harm to a patient, on the shipped library.
mod crisis;
// The judged relevance set: success@3 and MRR on the shipped library.
mod relevance;
// The use-case layer: rules joining the library and the user database.
mod use_cases;
// The command-line tool's commands and exit codes.
mod cli;
// Library packs: signed, verified, installed; every bad pack refused and nothing changed.
mod pack;
// The organisation's policy file and what it changes for a person.
mod policy;
// Project-wide rules: module docs, no tauri in the core, command lists agree.
mod tidy;
