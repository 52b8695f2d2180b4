//! The content database: derived from `content/`, built in one pass, opened read-only at run time.
//!
//! It can be deleted and rebuilt at any time; nothing here is user data.
//! Opening checks the schema version, `quick_check` and the item count, so a damaged file is refused, never
//! shown half-broken.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use rustc_hash::FxHashMap;

use crate::content::{
    self, Audience, Contact, ContactGroup, Date, Diagnostic, Item, Kind, Library, Section, Slide,
    SlideKind, Source, reading_minutes,
};
use crate::error::{Error, Result};
use crate::markdown::{Html, TocEntry};
use crate::search::{
    self, CrisisMatcher, Filters, Ranker, SearchResults, ServiceIndex, Synonyms, Vocabulary,
};
use crate::store;

/// Bumped whenever the tables below change; a database of another version is rebuilt, never read.
pub const SCHEMA_VERSION: u32 = 6;

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sections (id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    section TEXT NOT NULL REFERENCES sections(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    audiences TEXT NOT NULL,
    tags TEXT NOT NULL,
    reviewed TEXT NOT NULL,
    content_warning TEXT,
    urgent_help INTEGER NOT NULL,
    word_count INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    html TEXT NOT NULL,
    toc TEXT NOT NULL,
    handout TEXT
);
CREATE TABLE sources (item_id INTEGER NOT NULL REFERENCES items(id), position INTEGER NOT NULL, cite TEXT NOT NULL, doi TEXT, url TEXT, PRIMARY KEY (item_id, position)) WITHOUT ROWID;
-- A workshop's slides, one per timed segment (content/slides.rs): `notes` is for the presenter only.
CREATE TABLE slides (item_id INTEGER NOT NULL REFERENCES items(id), position INTEGER NOT NULL, title TEXT NOT NULL, minutes INTEGER NOT NULL, kind TEXT NOT NULL, screen TEXT NOT NULL, notes TEXT NOT NULL, PRIMARY KEY (item_id, position)) WITHOUT ROWID;
CREATE TABLE related (item_id INTEGER NOT NULL REFERENCES items(id), related_id INTEGER NOT NULL REFERENCES items(id), position INTEGER NOT NULL, PRIMARY KEY (item_id, related_id)) WITHOUT ROWID;
CREATE TABLE contacts (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, grp TEXT NOT NULL, who TEXT NOT NULL,
    offers TEXT NOT NULL, phone TEXT, text TEXT, email TEXT, web TEXT, hours TEXT, nations TEXT NOT NULL,
    professions TEXT NOT NULL, notes TEXT, aliases TEXT NOT NULL, seen TEXT NOT NULL, seen_at TEXT NOT NULL
) WITHOUT ROWID;
-- The crisis list (content/crisis.toml): the items shown first, and each phrase's terms and `unless` words,
-- one per line.
CREATE TABLE crisis_items (position INTEGER PRIMARY KEY, slug TEXT NOT NULL);
CREATE TABLE crisis_phrases (position INTEGER PRIMARY KEY, terms TEXT NOT NULL, unless TEXT NOT NULL);
CREATE TABLE synonyms (group_id INTEGER NOT NULL, position INTEGER NOT NULL, term TEXT NOT NULL, PRIMARY KEY (group_id, position)) WITHOUT ROWID;
CREATE TABLE questions (position INTEGER PRIMARY KEY, slug TEXT NOT NULL);
CREATE TABLE pathways (id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE pathway_steps (pathway_id TEXT NOT NULL REFERENCES pathways(id), position INTEGER NOT NULL, slug TEXT NOT NULL, why TEXT NOT NULL, PRIMARY KEY (pathway_id, position)) WITHOUT ROWID;
CREATE TABLE vocabulary (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID;
-- Per word stem, every item containing it with its hits per column: search ranks with these (search/rank.rs).
CREATE TABLE terms (stem TEXT PRIMARY KEY, postings BLOB NOT NULL);
-- Matching only: contentless (the text is in items.html) and without column sizes (ranking does not use them).
CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, tags, body, content = '', columnsize = 0, tokenize = 'porter unicode61 remove_diacritics 2');
";

/// The SHA-256 of `bytes`, lowercase hex: how a build names the content database it embeds.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|it| format!("{it:02x}")).collect()
}

/// What the `meta` table records about a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// [`SCHEMA_VERSION`] of the build.
    pub schema_version: u32,
    /// The content hash: the same `content/` always gives the same hash.
    pub content_hash: String,
    /// How many items the database holds.
    pub item_count: usize,
    /// The newest `reviewed` date of any item: the content's date.
    pub content_date: String,
    /// The edition (`library.toml`), 0 for a library that is not published.
    pub edition: u64,
    /// Who publishes it, "" for a library that is not published.
    pub publisher: String,
}

pub use crate::content::ItemSummary;

/// An item as the reader sees it.
#[derive(Debug, Clone)]
pub struct ItemPage {
    /// The item's own fields.
    pub summary: ItemSummary,
    /// Tags.
    pub tags: Vec<String>,
    /// When the text was last checked.
    pub reviewed: String,
    /// Rendered body.
    pub html: Html,
    /// The page ends with the urgent routes.
    pub urgent_help: bool,
    /// A workshop's participants' handout, printed by "Make a handout…" instead of the plan.
    pub handout: Option<Html>,
    /// Headings for the in-page contents list.
    pub toc: Vec<TocEntry>,
    /// Sources, in order.
    pub sources: Vec<Source>,
    /// Related items: those it names first, then those that name it.
    pub related: Vec<ItemSummary>,
    /// The previous item in its section.
    pub prev: Option<ItemSummary>,
    /// The next item in its section.
    pub next: Option<ItemSummary>,
}

/// A pathway with its steps resolved to items.
#[derive(Debug, Clone)]
pub struct PathwayPage {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// One sentence.
    pub summary: String,
    /// Each step's item and why it comes now.
    pub steps: Vec<(ItemSummary, String)>,
}

/// The read-only content database.
pub struct ContentDb {
    conn: Connection,
    meta: Meta,
    sections: Vec<Section>,
    /// Every item's summary by rowid, kept in memory: lists and search hits never touch the disk for them.
    summaries: FxHashMap<i64, ItemSummary>,
    /// Rowids in reading order (section, then position).
    order: Vec<i64>,
    by_slug: HashMap<String, i64>,
    synonyms: Synonyms,
    vocabulary: Vocabulary,
    ranker: Ranker,
    crisis: CrisisMatcher,
    /// Rowids of the items about getting help, shown first for a crisis query.
    crisis_items: Vec<i64>,
    /// The library's contacts and the organisation's, indexed for search.
    services: ServiceIndex,
}

impl std::fmt::Debug for ContentDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContentDb").field("meta", &self.meta).finish_non_exhaustive()
    }
}

/// Builds the content database for `library` at `out`, replacing any file there only once the new one is complete.
pub fn build(library: &Library, out: &Path) -> Result<Meta> {
    let mut writer = Writer::create(out)?;
    for item in &library.items {
        writer.add(item, item.text.clone())?;
    }
    writer.finish(library)
}

/// Loads `dir` and builds its content database at `out`, indexing items while later ones are still being parsed.
///
/// Writes nothing (and leaves any file at `out` alone) when the content has problems: the diagnostics are
/// returned instead of the build's [`Meta`].
pub fn build_dir(dir: &Path, out: &Path) -> Result<std::result::Result<Meta, Vec<Diagnostic>>> {
    let mut writer = Writer::create(out)?;
    let mut failed = None;
    let (library, diagnostics) = content::load_dir_with(dir, |item| {
        // The plain text is only for the indexes: hand it over, so the loaded library does not keep it.
        let text = std::mem::take(&mut item.text);
        if failed.is_none() {
            failed = writer.add(item, text).err();
        }
    });
    if let Some(err) = failed {
        return Err(err);
    }
    if !diagnostics.is_empty() {
        return Ok(Err(diagnostics));
    }
    writer.finish(&library).map(Ok)
}

/// Writes a content database into a temporary file beside `out`: items are indexed as they come, the rest of the
/// library is written by [`Writer::finish`], which then renames the file into place. Dropped unfinished, it
/// deletes the temporary file.
struct Writer {
    conn: Option<Connection>,
    tmp: PathBuf,
    out: PathBuf,
    /// Each item's rowid, by slug, in the order the items came.
    ids: HashMap<String, i64>,
    /// Each item's four indexed texts, to the thread building the term index.
    to_indexer: Option<mpsc::Sender<[String; 4]>>,
    indexer: Option<std::thread::JoinHandle<search::TermIndex>>,
}

impl Writer {
    fn create(out: &Path) -> Result<Writer> {
        let tmp = out.with_extension("sqlite3.tmp");
        let _ = std::fs::remove_file(&tmp);
        let conn = Connection::open(&tmp)?;
        // Feeding FTS5 is the longest chain of work in a build, so the term index is built beside it, on a
        // thread of its own, from the same texts.
        let (to_indexer, texts) = mpsc::channel::<[String; 4]>();
        let indexer = std::thread::spawn(move || {
            let mut index = search::IndexBuilder::new();
            for [title, summary, tags, body] in texts {
                index.add([&title, &summary, &tags, &body]);
            }
            index.finish()
        });
        let writer = Writer {
            conn: Some(conn),
            tmp,
            out: out.to_owned(),
            ids: HashMap::new(),
            to_indexer: Some(to_indexer),
            indexer: Some(indexer),
        };
        let conn = writer.conn()?;
        // A fresh derived file: if the build dies, the temporary file is thrown away, so no journal is needed.
        conn.pragma_update(None, "journal_mode", "OFF")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.execute_batch("BEGIN")?;
        conn.execute_batch(SCHEMA)?;
        // Keep up to 16 MiB of new index terms in memory before writing a segment (the default is 1 MiB): fewer,
        // larger segments leave far less merging to do.
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('hashsize', ?1)", [16 << 20])?;
        Ok(writer)
    }

    fn conn(&self) -> Result<&Connection> {
        self.conn.as_ref().ok_or_else(|| Error::ContentDbDamaged("the build was closed".to_owned()))
    }

    /// Indexes one item; its rowid is its place in the order items are added.
    /// `text` is the item's plain text, given separately so that a caller done with it can hand it over.
    fn add(&mut self, item: &Item, text: String) -> Result<()> {
        let id = self.ids.len() as i64 + 1;
        let tags = item.tags.join(", ");
        let conn = self.conn()?;
        conn.prepare_cached(
            "INSERT INTO items_fts (rowid, title, summary, tags, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, item.title, item.summary, tags, text])?;
        if let Some(it) = &self.to_indexer {
            // Sending fails only if the indexer panicked, which `finish` reports.
            let _ = it.send([item.title.clone(), item.summary.clone(), tags, text]);
        }
        self.ids.insert(item.slug.as_str().to_owned(), id);
        Ok(())
    }

    /// Writes everything else about `library`, whose items must be exactly those added, and puts the file in place.
    fn finish(mut self, library: &Library) -> Result<Meta> {
        drop(self.to_indexer.take());
        let Some(Ok(index)) = self.indexer.take().map(std::thread::JoinHandle::join) else {
            return Err(Error::ContentDbDamaged("the term index could not be built".to_owned()));
        };
        if self.ids.len() != library.items.len()
            || library.items.iter().any(|it| !self.ids.contains_key(it.slug.as_str()))
        {
            return Err(Error::ContentDbDamaged(
                "the items written are not the library's items".to_owned(),
            ));
        }
        let meta = write(self.conn()?, library, &self.ids, &index)?;
        let conn = self
            .conn
            .take()
            .ok_or_else(|| Error::ContentDbDamaged("the build was closed".to_owned()))?;
        let done = (|| -> Result<()> {
            conn.execute_batch("COMMIT")?;
            // A rollback journal (not WAL) keeps the file readable from memory, as the app opens it.
            conn.pragma_update(None, "journal_mode", "DELETE")?;
            conn.close().map_err(|(_, err)| err)?;
            std::fs::rename(&self.tmp, &self.out).map_err(|err| Error::io(&self.out, err))
        })();
        if done.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        done.map(|()| meta)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn);
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes the library's tables other than the full-text index, inside the open transaction.
fn write(
    tx: &Connection,
    library: &Library,
    ids: &HashMap<String, i64>,
    index: &search::TermIndex,
) -> Result<Meta> {
    {
        let mut stmt = tx.prepare(
            "INSERT INTO sections (id, position, title, summary) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (idx, it) in library.sections.iter().enumerate() {
            stmt.execute(params![it.id, idx as i64, it.title, it.summary])?;
        }
    }
    {
        let mut item_stmt = tx.prepare(
            "INSERT INTO items (id, slug, path, section, position, kind, title, summary, audiences, tags, reviewed, content_warning, urgent_help, word_count, tokens, html, toc, handout)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )?;
        let mut source_stmt = tx.prepare(
            "INSERT INTO sources (item_id, position, cite, doi, url) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut slide_stmt = tx.prepare(
            "INSERT INTO slides (item_id, position, title, minutes, kind, screen, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        // Positions follow the library's order; rows are written in rowid order, which is faster.
        let mut position_in_section: HashMap<&str, i64> = HashMap::new();
        let mut rows: Vec<(i64, i64, &Item)> = library
            .items
            .iter()
            .map(|item| {
                let position = position_in_section.entry(item.section.as_str()).or_insert(0);
                *position += 1;
                (ids[item.slug.as_str()], *position, item)
            })
            .collect();
        rows.sort_unstable_by_key(|it| it.0);
        for (id, position, item) in rows {
            let audiences: Vec<&str> = item.audiences.iter().map(|it| it.as_str()).collect();
            let toc: Vec<String> = item
                .toc
                .iter()
                .map(|it| {
                    format!("{}\t{}\t{}", it.level, it.id, it.text.replace(['\t', '\n'], " "))
                })
                .collect();
            item_stmt.execute(params![
                id,
                item.slug.as_str(),
                item.path.to_string_lossy(),
                item.section,
                position,
                item.kind.as_str(),
                item.title,
                item.summary,
                audiences.join(","),
                item.tags.join(", "),
                item.reviewed.to_string(),
                item.content_warning,
                item.urgent_help,
                item.word_count as i64,
                index.lengths.get(id as usize - 1).copied().unwrap_or(0),
                item.html.as_str(),
                toc.join("\n"),
                item.handout.as_ref().map(Html::as_str),
            ])?;
            for (position, slide) in item.slides.iter().enumerate() {
                slide_stmt.execute(params![
                    id,
                    position as i64,
                    slide.title,
                    slide.minutes,
                    slide.kind.as_stored(),
                    slide.screen.as_str(),
                    slide.notes.as_str()
                ])?;
            }
            for (position, source) in item.sources.iter().enumerate() {
                source_stmt.execute(params![
                    id,
                    position as i64,
                    source.cite,
                    source.doi,
                    source.url
                ])?;
            }
        }
        let mut stmt = tx.prepare("INSERT INTO terms (stem, postings) VALUES (?1, ?2)")?;
        for (stem, postings) in &index.postings {
            stmt.execute(params![stem, postings])?;
        }
    }
    {
        // Related links in both directions: those an item names come first, then those that name it.
        let mut pairs: Vec<(i64, i64)> = Vec::new();
        for item in &library.items {
            let id = ids[item.slug.as_str()];
            for slug in &item.related {
                if let Some(&other) = ids.get(slug.as_str()) {
                    pairs.push((id, other));
                }
            }
        }
        let reverse: Vec<(i64, i64)> = pairs.iter().map(|&(a, b)| (b, a)).collect();
        let mut stmt = tx.prepare(
            "INSERT OR IGNORE INTO related (item_id, related_id, position) VALUES (?1, ?2, ?3)",
        )?;
        let mut next: HashMap<i64, i64> = HashMap::new();
        for (a, b) in pairs.into_iter().chain(reverse) {
            if a == b {
                continue;
            }
            let position = next.entry(a).or_insert(0);
            if stmt.execute(params![a, b, *position])? > 0 {
                *position += 1;
            }
        }
    }
    {
        let mut stmt = tx.prepare(
            "INSERT INTO contacts (id, position, name, grp, who, offers, phone, text, email, web, hours, nations, professions, notes, aliases, seen, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?;
        for (idx, it) in library.contacts.iter().enumerate() {
            stmt.execute(params![
                it.id,
                idx as i64,
                it.name,
                it.group.as_str(),
                it.who,
                it.offers,
                it.phone,
                it.text,
                it.email,
                it.web,
                it.hours,
                it.nations.join(","),
                it.professions.join(","),
                it.notes,
                it.aliases.join("\n"),
                it.seen.map(|it| it.to_string()).unwrap_or_default(),
                it.seen_at,
            ])?;
        }
        let mut stmt =
            tx.prepare("INSERT INTO synonyms (group_id, position, term) VALUES (?1, ?2, ?3)")?;
        for (group_id, group) in library.synonyms.iter().enumerate() {
            for (position, term) in group.terms.iter().enumerate() {
                stmt.execute(params![group_id as i64, position as i64, term])?;
            }
        }
        let mut stmt = tx.prepare("INSERT INTO crisis_items (position, slug) VALUES (?1, ?2)")?;
        for (position, slug) in library.crisis.items.iter().enumerate() {
            stmt.execute(params![position as i64, slug.as_str()])?;
        }
        let mut stmt =
            tx.prepare("INSERT INTO crisis_phrases (position, terms, unless) VALUES (?1, ?2, ?3)")?;
        for (position, phrase) in library.crisis.phrases.iter().enumerate() {
            stmt.execute(params![
                position as i64,
                phrase.terms.join("\n"),
                phrase.unless.join("\n")
            ])?;
        }
        let mut stmt = tx.prepare("INSERT INTO questions (position, slug) VALUES (?1, ?2)")?;
        for (position, slug) in library.questions.iter().enumerate() {
            stmt.execute(params![position as i64, slug.as_str()])?;
        }
        let mut pathway_stmt = tx.prepare(
            "INSERT INTO pathways (id, position, title, summary) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut step_stmt = tx.prepare(
            "INSERT INTO pathway_steps (pathway_id, position, slug, why) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, pathway) in library.pathways.iter().enumerate() {
            pathway_stmt.execute(params![
                pathway.id,
                position as i64,
                pathway.title,
                pathway.summary
            ])?;
            for (idx, step) in pathway.steps.iter().enumerate() {
                step_stmt.execute(params![pathway.id, idx as i64, step.slug.as_str(), step.why])?;
            }
        }
        let mut stmt = tx.prepare("INSERT INTO vocabulary (word, freq) VALUES (?1, ?2)")?;
        for (word, freq) in &index.vocabulary {
            stmt.execute(params![word, freq])?;
        }
    }
    // No FTS5 'optimize': merging the few segments a build leaves (see `hashsize`) took 0.3 s of a 10 000-item
    // build, made the file 4% larger and left search times unchanged.
    let content_date = library
        .items
        .iter()
        .map(|it| it.reviewed)
        .max()
        .map_or_else(String::new, |it: Date| it.to_string());
    let meta = Meta {
        schema_version: SCHEMA_VERSION,
        content_hash: library.content_hash.clone(),
        item_count: library.items.len(),
        content_date,
        edition: library.edition,
        publisher: library.publisher.clone(),
    };
    {
        let mut stmt = tx.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
        stmt.execute(params!["schema_version", meta.schema_version.to_string()])?;
        stmt.execute(params!["content_hash", meta.content_hash])?;
        stmt.execute(params!["item_count", meta.item_count.to_string()])?;
        stmt.execute(params!["content_date", meta.content_date])?;
        stmt.execute(params!["edition", meta.edition.to_string()])?;
        stmt.execute(params!["publisher", meta.publisher])?;
    }
    Ok(meta)
}

impl ContentDb {
    /// Opens a content database file read-only and checks it.
    pub fn open(path: &Path) -> Result<ContentDb> {
        if !path.is_file() {
            return Err(Error::ContentDbDamaged(format!("{} does not exist", path.display())));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        ContentDb::from_conn(conn)
    }

    /// Opens a content database embedded in the program after checking its SHA-256 against `expected_sha256`
    /// (lowercase hex, as [`sha256_hex`] writes it when the program is built): a program whose bytes were
    /// damaged on disk is refused before SQLite reads a page.
    pub fn from_static_checked(bytes: &'static [u8], expected_sha256: &str) -> Result<ContentDb> {
        let found = sha256_hex(bytes);
        if found != expected_sha256.trim() {
            return Err(Error::ContentDbDamaged(format!(
                "the library inside this program is damaged (its SHA-256 is {found}, where the build recorded {})",
                expected_sha256.trim()
            )));
        }
        ContentDb::from_static(bytes)
    }

    /// Opens a content database held in memory (a library pack's), read-only, and checks it.
    pub fn from_bytes(bytes: &[u8]) -> Result<ContentDb> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), true)
            .map_err(damaged)?;
        ContentDb::from_conn(conn)
    }

    /// Opens a content database embedded in the program, read-only, and checks it.
    pub fn from_static(bytes: &'static [u8]) -> Result<ContentDb> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_bytes(rusqlite::MAIN_DB, bytes).map_err(damaged)?;
        ContentDb::from_conn(conn)
    }

    fn from_conn(conn: Connection) -> Result<ContentDb> {
        conn.pragma_update(None, "query_only", true)?;
        // Nothing ever writes this file while the app runs, so keep the read lock instead of taking it again
        // for every statement, and read pages through a memory map rather than copying them.
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        if let Some(problem) = store::check(&conn, false).map_err(damaged)? {
            return Err(Error::ContentDbDamaged(problem));
        }
        let meta = read_meta(&conn).map_err(damaged)?;
        if meta.schema_version != SCHEMA_VERSION {
            return Err(Error::ContentDbDamaged(format!(
                "schema version {} where this build reads {SCHEMA_VERSION}; rebuild it with `companion build`",
                meta.schema_version
            )));
        }
        let sections = {
            let mut stmt =
                conn.prepare("SELECT id, title, summary FROM sections ORDER BY position")?;
            stmt.query_map([], |row| {
                Ok(Section { id: row.get(0)?, title: row.get(1)?, summary: row.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut summaries = FxHashMap::default();
        let mut order = Vec::new();
        let mut by_slug = HashMap::new();
        let mut lengths = vec![0];
        {
            let mut stmt = conn.prepare(
                "SELECT items.id, slug, items.section, kind, items.title, items.summary, audiences, word_count, content_warning, tokens
                 FROM items JOIN sections ON sections.id = items.section ORDER BY sections.position, items.position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let summary = summary_from_row(row)?;
                let tokens: u32 = row.get(9)?;
                let idx = usize::try_from(id)
                    .map_err(|_| Error::ContentDbDamaged(format!("item id {id} out of range")))?;
                if lengths.len() <= idx {
                    lengths.resize(idx + 1, 0);
                }
                lengths[idx] = tokens;
                by_slug.insert(summary.slug.clone(), id);
                summaries.insert(id, summary);
                order.push(id);
            }
        }
        if order.len() != meta.item_count {
            return Err(Error::ContentDbDamaged(format!(
                "{} items where the build recorded {}",
                order.len(),
                meta.item_count
            )));
        }
        let synonyms = {
            let mut stmt =
                conn.prepare("SELECT group_id, term FROM synonyms ORDER BY group_id, position")?;
            let rows: Vec<(i64, String)> = stmt
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut groups: Vec<Vec<String>> = Vec::new();
            let mut last = None;
            for (group_id, term) in rows {
                if last != Some(group_id) {
                    groups.push(Vec::new());
                    last = Some(group_id);
                }
                if let Some(group) = groups.last_mut() {
                    group.push(term);
                }
            }
            Synonyms::new(&groups)
        };
        let vocabulary = {
            let mut stmt = conn.prepare("SELECT word, freq FROM vocabulary")?;
            Vocabulary::new(
                stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?,
            )
        };
        let ranker = Ranker::new(lengths);
        let crisis_items = {
            let mut stmt = conn.prepare("SELECT slug FROM crisis_items ORDER BY position")?;
            let slugs: Vec<String> =
                stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
            slugs.iter().filter_map(|it| by_slug.get(it).copied()).collect()
        };
        let crisis = {
            let mut stmt =
                conn.prepare("SELECT terms, unless FROM crisis_phrases ORDER BY position")?;
            let phrases = stmt
                .query_map([], |row| {
                    let (terms, unless): (String, String) = (row.get(0)?, row.get(1)?);
                    Ok(content::CrisisPhrase {
                        terms: terms.lines().map(str::to_owned).collect(),
                        unless: unless.lines().map(str::to_owned).collect(),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            CrisisMatcher::new(&content::CrisisList { items: Vec::new(), phrases })
        };
        if crisis.is_empty() {
            return Err(Error::ContentDbDamaged(
                "the crisis list is empty; rebuild it from a library with crisis.toml".to_owned(),
            ));
        }
        let mut content_db = ContentDb {
            conn,
            meta,
            sections,
            summaries,
            order,
            by_slug,
            synonyms,
            vocabulary,
            ranker,
            crisis,
            crisis_items,
            services: ServiceIndex::default(),
        };
        content_db.services = ServiceIndex::new(&content_db.contacts()?, &[]);
        Ok(content_db)
    }

    /// Makes the organisation's own contacts searchable beside the library's (they replace any given before).
    pub fn set_organisation_contacts(&mut self, organisation: &[Contact]) -> Result<()> {
        self.services = ServiceIndex::new(&self.contacts()?, organisation);
        Ok(())
    }

    /// The words of an item that a search for `query` matches, for highlighting on its page (see
    /// [`search::SearchResults`]); empty for an unknown item or a query without words.
    pub fn matched_terms(&self, slug: &str, query: &str) -> Result<Vec<String>> {
        search::matched_terms(self, slug, query)
    }

    /// Whether `query` matches the crisis list (`crisis.toml`).
    pub fn is_crisis(&self, query: &str) -> bool {
        self.crisis.find(query).is_some()
    }

    /// What the build recorded.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// Sections in display order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// A section by id.
    pub fn section(&self, id: &str) -> Result<&Section> {
        match self.sections.iter().find(|it| it.id == id) {
            Some(it) => Ok(it),
            None => Err(Error::SectionNotFound(id.to_owned())),
        }
    }

    /// The items of a section, in reading order.
    pub fn section_items(&self, id: &str) -> Result<Vec<ItemSummary>> {
        self.section(id)?;
        Ok(self
            .order
            .iter()
            .map(|it| &self.summaries[it])
            .filter(|it| it.section == id)
            .cloned()
            .collect())
    }

    /// Every item, in reading order.
    pub fn items(&self) -> impl Iterator<Item = &ItemSummary> {
        self.order.iter().map(|it| &self.summaries[it])
    }

    /// Whether an item with this slug exists.
    pub fn contains(&self, slug: &str) -> bool {
        self.by_slug.contains_key(slug)
    }

    /// The summary of an item.
    pub fn summary(&self, slug: &str) -> Option<&ItemSummary> {
        self.by_slug.get(slug).map(|id| &self.summaries[id])
    }

    /// An item with everything its page shows.
    pub fn item(&self, slug: &str) -> Result<ItemPage> {
        let Some(&id) = self.by_slug.get(slug) else {
            return Err(Error::ItemNotFound(slug.to_owned()));
        };
        let summary = self.summaries[&id].clone();
        let (tags, reviewed, html, toc, urgent_help, handout): (
            String,
            String,
            String,
            String,
            bool,
            Option<String>,
        ) = self
            .conn
            .prepare_cached(
                "SELECT tags, reviewed, html, toc, urgent_help, handout FROM items WHERE id = ?1",
            )?
            .query_row([id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
            })?;
        let sources = self
            .conn
            .prepare_cached(
                "SELECT cite, doi, url FROM sources WHERE item_id = ?1 ORDER BY position",
            )?
            .query_map([id], |row| {
                Ok(Source { cite: row.get(0)?, doi: row.get(1)?, url: row.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let related = self
            .conn
            .prepare_cached("SELECT related_id FROM related WHERE item_id = ?1 ORDER BY position")?
            .query_map([id], |row| row.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|it| self.summaries.get(&it).cloned())
            .collect();
        let in_section: Vec<i64> = self
            .order
            .iter()
            .copied()
            .filter(|it| self.summaries[it].section == summary.section)
            .collect();
        let idx = in_section.iter().position(|&it| it == id).unwrap_or(0);
        let prev = idx.checked_sub(1).map(|it| self.summaries[&in_section[it]].clone());
        let next = in_section.get(idx + 1).map(|it| self.summaries[it].clone());
        let toc = toc
            .lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                Some(TocEntry {
                    level: parts.next()?.parse().ok()?,
                    id: parts.next()?.to_owned(),
                    text: parts.next()?.to_owned(),
                })
            })
            .collect();
        Ok(ItemPage {
            summary,
            tags: tags.split(", ").filter(|it| !it.is_empty()).map(str::to_owned).collect(),
            reviewed,
            html: Html::from_db(html),
            urgent_help,
            handout: handout.map(Html::from_db),
            toc,
            sources,
            related,
            prev,
            next,
        })
    }

    /// A workshop's slides in order (empty for other items).
    pub fn slides(&self, slug: &str) -> Result<Vec<Slide>> {
        let Some(&id) = self.by_slug.get(slug) else {
            return Err(Error::ItemNotFound(slug.to_owned()));
        };
        let rows = self
            .conn
            .prepare_cached(
                "SELECT title, minutes, kind, screen, notes FROM slides WHERE item_id = ?1 ORDER BY position",
            )?
            .query_map([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u32>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(title, minutes, kind, screen, notes)| {
                let kind = SlideKind::from_stored(&kind).ok_or_else(|| {
                    Error::invalid("content database", format!("unknown slide kind `{kind}`"))
                })?;
                Ok(Slide {
                    title,
                    minutes,
                    kind,
                    screen: Html::from_db(screen),
                    notes: Html::from_db(notes),
                })
            })
            .collect()
    }

    /// The four questions of the home page.
    pub fn questions(&self) -> Result<Vec<ItemSummary>> {
        let mut stmt = self.conn.prepare_cached("SELECT slug FROM questions ORDER BY position")?;
        let slugs = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(slugs.iter().filter_map(|it| self.summary(it).cloned()).collect())
    }

    /// The home page's pathways with their items.
    pub fn pathways(&self) -> Result<Vec<PathwayPage>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, title, summary FROM pathways ORDER BY position")?;
        let pathways = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<Vec<(String, String, String)>>>()?;
        let mut res = Vec::new();
        for (id, title, summary) in pathways {
            let mut stmt = self.conn.prepare_cached(
                "SELECT slug, why FROM pathway_steps WHERE pathway_id = ?1 ORDER BY position",
            )?;
            let steps = stmt
                .query_map([&id], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .filter_map(|(slug, why)| Some((self.summary(&slug)?.clone(), why)))
                .collect();
            res.push(PathwayPage { id, title, summary, steps });
        }
        Ok(res)
    }

    /// The support directory: urgent routes first, then confidential services, then workplace routes.
    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, grp, who, offers, phone, text, email, web, hours, nations, professions, notes, aliases, seen, seen_at FROM contacts ORDER BY position",
        )?;
        let mut contacts =
            stmt.query_map([], contact_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        contacts.sort_by_key(|it| it.group);
        Ok(contacts)
    }

    /// Searches titles, summaries, tags and bodies. Any string is a valid query.
    pub fn search(
        &self,
        query: &str,
        filters: &Filters,
        limit: usize,
        offset: usize,
    ) -> Result<SearchResults> {
        search::search(self, query, filters, limit, offset)
    }

    /// The number of distinct words known to "did you mean".
    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.len()
    }

    /// An item's rendered HTML by rowid.
    pub(crate) fn html_by_rowid(&self, rowid: i64) -> Result<String> {
        let sql = "SELECT html FROM items WHERE id = ?1";
        Ok(self.conn.prepare_cached(sql)?.query_row([rowid], |row| row.get(0))?)
    }
}

fn damaged(err: impl Into<Error>) -> Error {
    match err.into() {
        Error::Sqlite(err) => Error::ContentDbDamaged(err.to_string()),
        other => other,
    }
}

fn read_meta(conn: &Connection) -> Result<Meta> {
    let get = |key: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
            .optional()?
            .unwrap_or_default())
    };
    Ok(Meta {
        schema_version: get("schema_version")?.parse().unwrap_or(0),
        content_hash: get("content_hash")?,
        item_count: get("item_count")?.parse().unwrap_or(0),
        content_date: get("content_date")?,
        edition: get("edition")?.parse().unwrap_or(0),
        publisher: get("publisher")?,
    })
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ItemSummary> {
    let kind: String = row.get(3)?;
    let audiences: String = row.get(6)?;
    let word_count = row.get::<_, i64>(7)? as usize;
    Ok(ItemSummary {
        slug: row.get(1)?,
        section: row.get(2)?,
        kind: Kind::parse(&kind).unwrap_or(Kind::Article),
        title: row.get(4)?,
        summary: row.get(5)?,
        audiences: audiences.split(',').filter_map(Audience::parse).collect(),
        word_count,
        reading_minutes: reading_minutes(word_count),
        content_warning: row.get(8)?,
    })
}

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let group: String = row.get(2)?;
    let nations: String = row.get(10)?;
    let professions: String = row.get(11)?;
    let aliases: String = row.get(13)?;
    let seen: String = row.get(14)?;
    let split =
        |text: &str| text.split(',').filter(|it| !it.is_empty()).map(str::to_owned).collect();
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        group: ContactGroup::parse(&group).unwrap_or(ContactGroup::Workplace),
        who: row.get(3)?,
        offers: row.get(4)?,
        phone: row.get(5)?,
        text: row.get(6)?,
        email: row.get(7)?,
        web: row.get(8)?,
        hours: row.get(9)?,
        nations: split(&nations),
        professions: split(&professions),
        notes: row.get(12)?,
        aliases: aliases.lines().map(str::to_owned).collect(),
        seen: crate::content::PartialDate::parse(&seen),
        seen_at: row.get(15)?,
    })
}

/// What search needs of the content database, and nothing more.
impl search::Corpus for ContentDb {
    fn conn(&self) -> &Connection {
        &self.conn
    }

    fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    fn ranker(&self) -> &Ranker {
        &self.ranker
    }

    fn crisis(&self) -> &CrisisMatcher {
        &self.crisis
    }

    fn crisis_items(&self) -> &[i64] {
        &self.crisis_items
    }

    fn services(&self) -> &ServiceIndex {
        &self.services
    }

    fn summary_by_rowid(&self, rowid: i64) -> Option<&ItemSummary> {
        self.summaries.get(&rowid)
    }

    fn rowid(&self, slug: &str) -> Option<i64> {
        self.by_slug.get(slug).copied()
    }

    fn html_by_rowid(&self, rowid: i64) -> Result<String> {
        ContentDb::html_by_rowid(self, rowid)
    }
}
