//! The floor: the naive way to search a Markdown folder with SQLite FTS5, built and queried the obvious way.
//!
//! Build: read every `<section>/*.md`, parse the TOML front matter for the title, strip the Markdown body to
//! text with a few line-oriented rules, insert `(slug, title, body)` into one FTS5 table
//! (`porter unicode61 remove_diacritics 2`) in one transaction, then `optimize`. SQLite defaults otherwise.
//! Query: every word quoted (implicit AND), `ORDER BY bm25 LIMIT 20`, `snippet()` in the select list.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

use crate::BoxResult;

const SCHEMA: &str = "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')";

const QUERY: &str = "SELECT slug, title, snippet(docs, 2, '<b>', '</b>', '…', 16) FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 20";

/// One document as the floor indexes it.
struct Row {
    slug: String,
    title: String,
    body: String,
}

/// Builds the floor database at `out` from the content folder; returns the number of documents.
pub(crate) fn build(content: &Path, out: &Path) -> BoxResult<usize> {
    let rows = read_rows(content)?;
    if out.exists() {
        fs::remove_file(out)?;
    }
    let mut conn = Connection::open(out)?;
    conn.execute_batch(SCHEMA)?;
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare("INSERT INTO docs (slug, title, body) VALUES (?1, ?2, ?3)")?;
        for row in &rows {
            stmt.execute(params![row.slug, row.title, row.body])?;
        }
    }
    tx.commit()?;
    conn.execute("INSERT INTO docs (docs) VALUES ('optimize')", [])?;
    conn.close().map_err(|(_, err)| err)?;
    Ok(rows.len())
}

/// Every item file of every section folder, in sorted order.
fn read_rows(content: &Path) -> BoxResult<Vec<Row>> {
    let mut rows = Vec::new();
    for section in sorted_entries(content, |it| it.is_dir())? {
        for file in sorted_entries(&content.join(&section), |it| it.is_file())? {
            if let Some(slug) = file.strip_suffix(".md") {
                let text = fs::read_to_string(content.join(&section).join(&file))?;
                rows.push(parse_row(slug, &text)?);
            }
        }
    }
    Ok(rows)
}

fn sorted_entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> BoxResult<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if keep(&entry.path())
            && let Ok(name) = entry.file_name().into_string()
        {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

fn parse_row(slug: &str, text: &str) -> BoxResult<Row> {
    let end = text
        .get(3..)
        .and_then(|it| it.find("\n+++\n"))
        .map(|it| it + 3)
        .ok_or_else(|| format!("{slug}: no front matter"))?;
    let front: toml::Table = toml::from_str(&text[4..end])?;
    let title = front
        .get("title")
        .and_then(|it| it.as_str())
        .ok_or_else(|| format!("{slug}: no title"))?
        .to_owned();
    Ok(Row { slug: slug.to_owned(), title, body: plain(&text[end + 5..]) })
}

/// Markdown to text, naively: link text kept, table rules dropped, line markers and `*`, `**`, `|` removed.
fn plain(markdown: &str) -> String {
    let linked = link_text_only(markdown);
    let mut res = String::with_capacity(linked.len());
    for (idx, line) in linked.split('\n').enumerate() {
        if idx > 0 {
            res.push('\n');
        }
        if !is_table_rule(line) {
            push_without_emphasis(&mut res, strip_line_marker(line));
        }
    }
    res
}

/// Replaces each `[text](target)` with `text`.
fn link_text_only(markdown: &str) -> String {
    let mut res = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        res.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let link = after.find(']').and_then(|close| {
            let target = after[close + 1..].strip_prefix('(')?;
            let end = target.find(')')?;
            Some((&after[..close], &target[end + 1..]))
        });
        match link {
            Some((text, remainder)) => {
                res.push_str(text);
                rest = remainder;
            }
            None => {
                res.push('[');
                rest = after;
            }
        }
    }
    res.push_str(rest);
    res
}

/// A table's header rule, such as `| --- | --- |`.
fn is_table_rule(line: &str) -> bool {
    let Some(mut rest) = line.strip_prefix('|') else { return false };
    let mut cells = 0;
    loop {
        let cell = rest.trim_start_matches(' ');
        let after_dashes = cell.trim_start_matches('-');
        if after_dashes.len() == cell.len() {
            return cells > 0 && rest.trim_end_matches(' ').is_empty();
        }
        match after_dashes.trim_start_matches(' ').strip_prefix('|') {
            Some(next) => {
                rest = next;
                cells += 1;
            }
            None => return false,
        }
    }
}

/// Drops one leading `#`..`######` heading marker, quote marker, `- ` or `1. ` from a line.
fn strip_line_marker(line: &str) -> &str {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        return &line[hashes + 1..];
    }
    if let Some(rest) = line.strip_prefix('>') {
        return rest.strip_prefix(' ').unwrap_or(rest);
    }
    if let Some(rest) = line.strip_prefix("- ") {
        return rest;
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && line[digits..].starts_with(". ") {
        return &line[digits + 2..];
    }
    line
}

/// Appends `line` with `**`, `*` and `|` each turned into one space.
fn push_without_emphasis(res: &mut String, line: &str) {
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                chars.next_if_eq(&'*');
                res.push(' ');
            }
            '|' => res.push(' '),
            c => res.push(c),
        }
    }
}

/// The floor's database, opened read-only for queries.
pub(crate) struct FloorDb {
    conn: Connection,
}

impl FloorDb {
    pub(crate) fn open(path: &Path) -> BoxResult<FloorDb> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Ok(FloorDb { conn: Connection::open_with_flags(path, flags)? })
    }

    /// Runs the naive query for user text; returns how many rows (at most 20) came back.
    pub(crate) fn search(&self, query: &str) -> BoxResult<usize> {
        let expression: Vec<String> =
            query.split_whitespace().map(|it| format!("\"{it}\"")).collect();
        let mut stmt = self.conn.prepare_cached(QUERY)?;
        let rows = stmt
            .query_map([expression.join(" ")], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(std::hint::black_box(rows).len())
    }
}

#[cfg(test)]
mod tests {
    use super::{is_table_rule, plain};

    #[test]
    fn strips_markdown_like_the_reference_regexes() {
        let markdown = "## A title\n\n- See [the guide](../x/y.md) **now**\n> quoted\n1. first | second\n| --- | --- |\n";
        assert_eq!(plain(markdown), "A title\n\nSee the guide  now \nquoted\nfirst   second\n\n");
    }

    #[test]
    fn recognises_table_rules_only() {
        assert!(is_table_rule("| --- | --- | --- |"));
        assert!(is_table_rule("|---|  "));
        assert!(!is_table_rule("| Resource | Who |"));
        assert!(!is_table_rule("|"));
    }
}
