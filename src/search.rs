//! Search: turns any user text into a safe FTS5 expression, runs it, and builds snippets for the returned hits only.
//!
//! User text is never interpolated into `MATCH`: it is cut into alphanumeric tokens, and each token is quoted.
//! So no input can cause an FTS5 syntax error, whatever it contains.

use std::collections::HashMap;

use crate::content::{Audience, Kind};
use crate::content_db::ContentDb;
use crate::error::Result;

/// Queries are cut to this many characters: longer text is pasted, not typed, and costs time for nothing.
pub const MAX_QUERY_CHARS: usize = 500;
/// At most this many tokens of a query are used.
const MAX_TOKENS: usize = 24;

/// Marks the start of a matched word inside snippet text produced by SQLite.
const MARK_START: char = '\u{e000}';
/// Marks the end of a matched word.
const MARK_END: char = '\u{e001}';

/// Narrows a search; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// A section id.
    pub section: Option<String>,
    /// An audience.
    pub audience: Option<Audience>,
    /// A kind of item.
    pub kind: Option<Kind>,
}

/// What a search returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// How many items match, in all.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<SearchHit>,
    /// True when no item matched every word, so the hits match any word.
    pub fallback: bool,
    /// A corrected query for "did you mean", offered when the query found little or nothing.
    pub suggestion: Option<String>,
}

/// One matching item.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The item's slug.
    pub slug: String,
    /// The item's title.
    pub title: String,
    /// The item's section id.
    pub section: String,
    /// The item's kind.
    pub kind: Kind,
    /// A short extract with the matched words marked.
    pub snippet: Vec<SnippetPart>,
    /// The bm25 rank: lower is better.
    pub rank: f64,
}

/// A run of snippet text, marked when it is a matched word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    /// Plain text (never HTML).
    pub text: String,
    /// Whether this run matched the query.
    pub mark: bool,
}

/// Words too common to be worth requiring; dropped when the query has other words.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "at", "be", "but", "by", "can", "do", "for", "from", "had", "has",
    "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "s", "so",
    "t", "that", "the", "this", "to", "was", "what", "when", "where", "who", "why", "with", "you",
    "your",
];

/// Folds one lowercase character the way `unicode61 remove_diacritics 2` does for common Latin letters,
/// and smart punctuation back to ASCII.
pub fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        '‘' | '’' => '\'',
        it => it,
    }
}

/// Cuts text into lowercase, accent-folded alphanumeric tokens, as the FTS5 `unicode61` tokenizer does.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut res = Vec::new();
    let mut current = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_char(c);
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            res.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        res.push(current);
    }
    res
}

/// One required part of a query: any of its alternatives may match.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Slot {
    /// Each alternative is a phrase of one or more tokens.
    alternatives: Vec<Vec<String>>,
    /// Prefix-match the (single-token) alternative: the word is still being typed.
    prefix: bool,
    /// The token as typed, when the slot is one typed word not expanded by synonyms.
    typed: Option<String>,
}

/// A query compiled to FTS5 expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledQuery {
    slots: Vec<Slot>,
}

/// Synonym groups, tokenized, for query expansion.
#[derive(Debug, Clone, Default)]
pub(crate) struct Synonyms {
    /// Each group's terms as token lists.
    groups: Vec<Vec<Vec<String>>>,
    /// First token of a term -> (group, term) pairs starting with it.
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    pub(crate) fn new(groups: &[Vec<String>]) -> Synonyms {
        let mut res = Synonyms::default();
        for terms in groups {
            let group: Vec<Vec<String>> =
                terms.iter().map(|it| tokenize(it)).filter(|it| !it.is_empty()).collect();
            let group_idx = res.groups.len();
            for (term_idx, term) in group.iter().enumerate() {
                res.by_first.entry(term[0].clone()).or_default().push((group_idx, term_idx));
            }
            res.groups.push(group);
        }
        res
    }
}

impl CompiledQuery {
    /// Compiles user text. `typing` is true when the last word may still be incomplete.
    pub(crate) fn new(query: &str, synonyms: &Synonyms) -> CompiledQuery {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let typing = !query.ends_with(char::is_whitespace);
        let mut tokens = tokenize(&query);
        tokens.truncate(MAX_TOKENS);

        let mut slots = Vec::new();
        let mut idx = 0;
        while idx < tokens.len() {
            // The longest synonym term that starts here wins.
            let mut best: Option<(usize, usize)> = None;
            for &(group_idx, term_idx) in synonyms.by_first.get(&tokens[idx]).into_iter().flatten()
            {
                let term = &synonyms.groups[group_idx][term_idx];
                if tokens[idx..].starts_with(term) && best.is_none_or(|(_, len)| term.len() > len) {
                    best = Some((group_idx, term.len()));
                }
            }
            match best {
                Some((group_idx, len)) => {
                    let typed = (len == 1).then(|| tokens[idx].clone());
                    slots.push(Slot {
                        alternatives: synonyms.groups[group_idx].clone(),
                        prefix: false,
                        typed,
                    });
                    idx += len;
                }
                None => {
                    slots.push(Slot {
                        alternatives: vec![vec![tokens[idx].clone()]],
                        prefix: false,
                        typed: Some(tokens[idx].clone()),
                    });
                    idx += 1;
                }
            }
        }
        if slots.iter().any(|it| !is_stop_slot(it)) {
            slots.retain(|it| !is_stop_slot(it));
        }
        if typing {
            if let Some(last) = slots.last_mut() {
                // Only an unexpanded word of two or more characters is matched as a prefix: a one-letter
                // prefix matches most of the library and says nothing.
                if last.alternatives.len() == 1
                    && last.alternatives[0].len() == 1
                    && last.alternatives[0][0].chars().count() >= 2
                    && tokens.last() == last.typed.as_ref()
                {
                    last.prefix = true;
                }
            }
        }
        CompiledQuery { slots }
    }

    /// True when the query has no words at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The FTS5 expression requiring every slot (`all`) or any slot.
    pub(crate) fn to_fts(&self, all: bool) -> String {
        let parts: Vec<String> = self.slots.iter().map(slot_to_fts).collect();
        parts.join(if all { " AND " } else { " OR " })
    }

    /// The typed words, with the index of their slot.
    fn typed_words(&self) -> impl Iterator<Item = (usize, &str, bool)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(idx, slot)| slot.typed.as_deref().map(|it| (idx, it, slot.prefix)))
    }
}

fn is_stop_slot(slot: &Slot) -> bool {
    slot.alternatives.len() == 1
        && slot.alternatives[0].len() == 1
        && STOP_WORDS.contains(&slot.alternatives[0][0].as_str())
}

fn slot_to_fts(slot: &Slot) -> String {
    // Tokens are alphanumeric only, so wrapping them in double quotes can never break out of the string.
    let alternatives: Vec<String> = slot
        .alternatives
        .iter()
        .map(|phrase| {
            let quoted = format!("\"{}\"", phrase.join(" "));
            if slot.prefix { format!("{quoted}*") } else { quoted }
        })
        .collect();
    if alternatives.len() == 1 {
        alternatives.into_iter().next().unwrap_or_default()
    } else {
        format!("({})", alternatives.join(" OR "))
    }
}

/// Runs a search: all words first, any word when that finds nothing; snippets only for the returned page.
pub(crate) fn search(
    content_db: &ContentDb,
    query: &str,
    filters: &Filters,
    limit: usize,
    offset: usize,
) -> Result<SearchResults> {
    let compiled = CompiledQuery::new(query, content_db.synonyms());
    if compiled.is_empty() {
        return Ok(SearchResults { total: 0, hits: Vec::new(), fallback: false, suggestion: None });
    }
    let limit = limit.clamp(1, 100);
    let mut expression = compiled.to_fts(true);
    let mut matches = ranked_matches(content_db, &expression, filters)?;
    let mut fallback = false;
    if matches.is_empty() && compiled.slots.len() > 1 {
        expression = compiled.to_fts(false);
        matches = ranked_matches(content_db, &expression, filters)?;
        fallback = !matches.is_empty();
    }
    let total = matches.len();
    let mut hits = Vec::new();
    for &(rowid, rank) in matches.iter().skip(offset).take(limit) {
        let Some(summary) = content_db.summary_by_rowid(rowid) else { continue };
        let snippet = snippet(content_db, &expression, rowid)?;
        hits.push(SearchHit {
            slug: summary.slug.clone(),
            title: summary.title.clone(),
            section: summary.section.clone(),
            kind: summary.kind,
            snippet,
            rank,
        });
    }
    let suggestion = if total < 3 { suggest(content_db, &compiled) } else { None };
    Ok(SearchResults { total, hits, fallback, suggestion })
}

/// Every matching rowid with its rank, best first, after filters.
fn ranked_matches(
    content_db: &ContentDb,
    expression: &str,
    filters: &Filters,
) -> Result<Vec<(i64, f64)>> {
    const SQL: &str = "SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ?1 ORDER BY rank";
    let mut stmt = content_db.conn().prepare_cached(SQL)?;
    let mut rows = stmt.query([expression])?;
    let mut res = Vec::new();
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        if content_db.summary_by_rowid(rowid).is_some_and(|it| it.matches(filters)) {
            res.push((rowid, row.get(1)?));
        }
    }
    Ok(res)
}

fn snippet(content_db: &ContentDb, expression: &str, rowid: i64) -> Result<Vec<SnippetPart>> {
    // Column -1 lets FTS5 pick the column with the best extract; 20 tokens fit two lines of a result list.
    const SQL: &str = "SELECT snippet(items_fts, -1, char(57344), char(57345), '…', 20) FROM items_fts WHERE items_fts MATCH ?1 AND rowid = ?2";
    let mut stmt = content_db.conn().prepare_cached(SQL)?;
    let text: String = stmt.query_row(rusqlite::params![expression, rowid], |row| row.get(0))?;
    Ok(split_marks(&text))
}

/// Splits snippet text with private-use markers into plain and marked runs.
pub fn split_marks(text: &str) -> Vec<SnippetPart> {
    let mut res: Vec<SnippetPart> = Vec::new();
    let mut current = String::new();
    let mut mark = false;
    for c in text.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                res.push(SnippetPart { text: std::mem::take(&mut current), mark });
            }
            mark = c == MARK_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        res.push(SnippetPart { text: current, mark });
    }
    res
}

/// A corrected query when some typed word is not in the library's vocabulary and a close one is.
fn suggest(content_db: &ContentDb, compiled: &CompiledQuery) -> Option<String> {
    let vocabulary = content_db.vocabulary();
    let mut words: Vec<String> = compiled
        .slots
        .iter()
        .map(|it| it.typed.clone().unwrap_or_else(|| it.alternatives[0].join(" ")))
        .collect();
    let mut changed = false;
    for (slot_idx, word, prefix) in compiled.typed_words() {
        let known = if prefix { vocabulary.has_prefix(word) } else { vocabulary.contains(word) };
        if known || word.chars().count() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some(better) = vocabulary.closest(word) {
            words[slot_idx] = better.to_owned();
            changed = true;
        }
    }
    changed.then(|| words.join(" "))
}

/// The library's words (unstemmed, lowercase, accent-folded) with their frequencies, for "did you mean".
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    /// Sorted by word.
    words: Vec<(String, u32)>,
}

impl Vocabulary {
    pub(crate) fn new(mut words: Vec<(String, u32)>) -> Vocabulary {
        words.sort();
        Vocabulary { words }
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    fn contains(&self, word: &str) -> bool {
        self.words.binary_search_by(|(it, _)| it.as_str().cmp(word)).is_ok()
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        let idx = self.words.partition_point(|(it, _)| it.as_str() < prefix);
        self.words.get(idx).is_some_and(|(it, _)| it.starts_with(prefix))
    }

    /// The most frequent word within the allowed edit distance (1 up to 5 letters, 2 beyond).
    fn closest(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        let max = if len <= 5 { 1 } else { 2 };
        let mut best: Option<(usize, u32, &str)> = None;
        for (candidate, freq) in &self.words {
            let candidate_len = candidate.chars().count();
            if candidate_len.abs_diff(len) > max {
                continue;
            }
            let Some(distance) = edit_distance(word, candidate, max) else { continue };
            let better = match best {
                None => true,
                Some((d, f, _)) => distance < d || (distance == d && *freq > f),
            };
            if better {
                best = Some((distance, *freq, candidate));
            }
        }
        best.map(|(_, _, it)| it)
    }
}

/// Optimal-string-alignment distance between `a` and `b`, or `None` when it exceeds `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(prev2[j - 2] + 1);
            }
            cur[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let distance = prev[b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests;
