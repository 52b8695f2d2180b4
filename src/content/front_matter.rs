//! Splits an item file into its TOML front matter and Markdown body, and parses the raw front matter.
//!
//! Only syntax lives here; what the values mean is checked in `load`.

use serde::Deserialize;
use toml::Spanned;

/// An item file cut in two, with the line numbers needed for diagnostics.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub(crate) front_matter: &'a str,
    /// The line of the file on which `front_matter` starts.
    pub(crate) front_matter_line: usize,
    /// Everything after the closing `+++` line.
    pub(crate) body: &'a str,
    /// The line of the file on which `body` starts.
    pub(crate) body_line: usize,
}

/// Finds the front matter between a first line `+++` and the next line `+++`.
///
/// Errors are `(line, message)`.
pub(crate) fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err((
            1,
            "missing front matter; start the file with a line `+++`, the TOML fields, then another `+++`"
                .to_owned(),
        ));
    }
    let start = first.len();
    let mut offset = start;
    let mut line = 2;
    for it in lines {
        if it.trim_end() == "+++" {
            return Ok(Split {
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[offset + it.len()..],
                body_line: line + 1,
            });
        }
        offset += it.len();
        line += 1;
    }
    Err((1, "unterminated front matter; add a line `+++` after the last TOML field".to_owned()))
}

/// The 1-based line of byte `offset` in `text`, where `text` starts on line `first_line`.
pub(crate) fn line_at(text: &str, offset: usize, first_line: usize) -> usize {
    let offset = offset.min(text.len());
    first_line + text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count()
}

/// Turns a TOML error into `(line, message)`, pointing at the line the parser names.
pub(crate) fn toml_error(text: &str, err: &toml::de::Error, first_line: usize) -> (usize, String) {
    let line = err.span().map_or(first_line, |span| line_at(text, span.start, first_line));
    let message = err.message().trim().replace('\n', " ");
    let hint = if message.starts_with("unknown field") {
        "; check the spelling against content/README.md"
    } else {
        ""
    };
    (line, format!("invalid TOML: {message}{hint}"))
}

/// Front matter as written, before its values are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    pub(crate) title: Option<Spanned<String>>,
    pub(crate) summary: Option<Spanned<String>>,
    pub(crate) section: Option<Spanned<String>>,
    pub(crate) kind: Option<Spanned<String>>,
    pub(crate) audiences: Option<Spanned<Vec<String>>>,
    pub(crate) tags: Option<Spanned<Vec<String>>>,
    pub(crate) reviewed: Option<Spanned<toml::Value>>,
    pub(crate) order: Option<i64>,
    pub(crate) content_warning: Option<Spanned<String>>,
    pub(crate) related: Option<Vec<Spanned<String>>>,
    pub(crate) sources: Option<Vec<Spanned<RawSource>>>,
    pub(crate) minutes: Option<Spanned<i64>>,
    pub(crate) urgent_help: Option<bool>,
}

/// One `[[sources]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub(crate) cite: Option<String>,
    pub(crate) doi: Option<String>,
    pub(crate) url: Option<String>,
}

#[cfg(test)]
mod tests;
