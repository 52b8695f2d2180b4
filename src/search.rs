//! Search: turns any user text into a safe FTS5 expression, runs it, and builds snippets for the returned hits only.
//!
//! User text is never interpolated into `MATCH`: it is cut into alphanumeric tokens, and each token is quoted.
//! So no input can cause an FTS5 syntax error, whatever it contains.

use std::cell::RefCell;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::content::{Audience, Kind};
use crate::content_db::ContentDb;
use crate::error::Result;

/// Queries are cut to this many characters: longer text is pasted, not typed, and costs time for nothing.
pub const MAX_QUERY_CHARS: usize = 500;
/// At most this many tokens of a query are used.
const MAX_TOKENS: usize = 24;
/// A word being typed is searched as at most this many of its completions.
const MAX_COMPLETIONS: usize = 6;

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
    /// For a prefix: the library's most frequent words that complete it, searched as whole words.
    completions: Option<Vec<String>>,
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
                        completions: None,
                    });
                    idx += len;
                }
                None => {
                    slots.push(Slot {
                        alternatives: vec![vec![tokens[idx].clone()]],
                        prefix: false,
                        typed: Some(tokens[idx].clone()),
                        completions: None,
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

    /// Replaces the prefix of a word being typed by the library's most frequent words that complete it.
    ///
    /// FTS5 answers `"recov"*` by merging the postings of every indexed term with that prefix, which costs more
    /// than ranking; a handful of whole words (which its stemmer folds together) finds the same items in a
    /// fraction of the time. Rare completions of a short prefix are left out until the person types more.
    pub(crate) fn complete_prefix(&mut self, vocabulary: &Vocabulary) {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        for slot in self.slots.iter_mut().filter(|it| it.prefix) {
            let prefix = &slot.alternatives[0][0];
            // One word per stem: FTS5 stems the words again, and every extra phrase costs bm25 time per match.
            let mut stems = Vec::new();
            let mut words = Vec::new();
            for word in vocabulary.completions(prefix, 4 * MAX_COMPLETIONS) {
                let stem = stemmer.stem(&word).into_owned();
                if !stems.contains(&stem) && words.len() < MAX_COMPLETIONS {
                    stems.push(stem);
                    words.push(word);
                }
            }
            slot.completions = Some(words);
        }
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

    /// The phrases of [`CompiledQuery::to_fts`], each as its words, for ranking.
    fn phrases(&self) -> Vec<Vec<String>> {
        let mut res = Vec::new();
        for slot in &self.slots {
            match slot.completions.as_ref().filter(|it| !it.is_empty()) {
                Some(words) => res.extend(words.iter().map(|it| vec![it.clone()])),
                None => res.extend(slot.alternatives.iter().cloned()),
            }
        }
        res
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
    if let Some(words) = slot.completions.as_ref().filter(|it| !it.is_empty()) {
        let words: Vec<String> = words.iter().map(|it| format!("\"{it}\"")).collect();
        return if words.len() == 1 {
            words.into_iter().next().unwrap_or_default()
        } else {
            format!("({})", words.join(" OR "))
        };
    }
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
    let mut compiled = CompiledQuery::new(query, content_db.synonyms());
    compiled.complete_prefix(content_db.vocabulary());
    if compiled.is_empty() {
        return Ok(SearchResults { total: 0, hits: Vec::new(), fallback: false, suggestion: None });
    }
    let limit = limit.clamp(1, 100);
    let mut expression = compiled.to_fts(true);
    let mut matches = matching_rowids(content_db, &expression, filters)?;
    let mut fallback = false;
    if matches.is_empty() && compiled.slots.len() > 1 {
        expression = compiled.to_fts(false);
        matches = matching_rowids(content_db, &expression, filters)?;
        fallback = !matches.is_empty();
    }
    let total = matches.len();
    let mut hits = Vec::new();
    let matcher = Matcher::new(&compiled);
    for &(rowid, score) in
        best_first(matches, content_db, &compiled, offset + limit)?.iter().skip(offset)
    {
        let Some(summary) = content_db.summary_by_rowid(rowid) else { continue };
        let snippet = snippet(content_db, &matcher, rowid)?;
        hits.push(SearchHit {
            slug: summary.slug.clone(),
            title: summary.title.clone(),
            section: summary.section.clone(),
            kind: summary.kind,
            snippet,
            rank: -score,
        });
    }
    let suggestion = if total < 3 { suggest(content_db, &compiled) } else { None };
    Ok(SearchResults { total, hits, fallback, suggestion })
}

/// Every matching rowid, after filters, in rowid order. FTS5 only matches here; ranking is [`rank`]'s.
fn matching_rowids(
    content_db: &ContentDb,
    expression: &str,
    filters: &Filters,
) -> Result<Vec<i64>> {
    const SQL: &str = "SELECT rowid FROM items_fts WHERE items_fts MATCH ?1";
    let mut stmt = content_db.conn().prepare_cached(SQL)?;
    let mut rows = stmt.query([expression])?;
    let any = *filters == Filters::default();
    let mut res = Vec::new();
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        if any || content_db.summary_by_rowid(rowid).is_some_and(|it| it.matches(filters)) {
            res.push(rowid);
        }
    }
    Ok(res)
}

/// The best `count` matches with their bm25 scores, best first; equal scores in reading (rowid) order.
fn best_first(
    matches: Vec<i64>,
    content_db: &ContentDb,
    compiled: &CompiledQuery,
    count: usize,
) -> Result<Vec<(i64, f64)>> {
    let scores = content_db.ranker().scores(content_db.conn(), &compiled.phrases())?;
    let mut scored: Vec<(i64, f64)> = matches
        .into_iter()
        .map(|rowid| {
            (
                rowid,
                usize::try_from(rowid).ok().and_then(|it| scores.get(it)).copied().unwrap_or(0.0),
            )
        })
        .collect();
    let order = |a: &(i64, f64), b: &(i64, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if count < scored.len() {
        scored.select_nth_unstable_by(count, order);
        scored.truncate(count);
    }
    scored.sort_unstable_by(order);
    Ok(scored)
}

/// A short extract of one hit with the matched words marked, built here rather than by FTS5's `snippet()`:
/// `snippet()` must evaluate the whole query again and re-tokenize the document for every hit, and the FTS5
/// table keeps no copy of the text. This reads the item's stored HTML once and stems only words that could match.
fn snippet(content_db: &ContentDb, matcher: &Matcher, rowid: i64) -> Result<Vec<SnippetPart>> {
    let from_body = extract(&html_text(&content_db.html_by_rowid(rowid)?), matcher);
    if from_body.iter().any(|it| it.mark) {
        return Ok(from_body);
    }
    // The match is in the title, summary or tags only: the summary says what the item is about.
    let summary =
        content_db.summary_by_rowid(rowid).map(|it| it.summary.as_str()).unwrap_or_default();
    Ok(extract(summary, matcher))
}

/// The text of our own rendered (and sanitised) HTML: tags dropped, entities decoded, block boundaries as spaces.
pub(crate) fn html_text(html: &str) -> String {
    /// Tags inside a line of text: dropping them must not join or split words.
    const INLINE: &[&[u8]] =
        &[b"a", b"b", b"code", b"del", b"em", b"i", b"mark", b"span", b"strong", b"sub", b"sup"];
    let bytes = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    // A space is owed before the next character: runs of whitespace and block tags become one space.
    let mut space = false;
    let push = |out: &mut Vec<u8>, space: &mut bool, text: &[u8]| {
        if std::mem::take(space) && !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(text);
    };
    let mut idx = 0;
    while idx < bytes.len() {
        match bytes[idx] {
            b'<' => {
                let end =
                    bytes[idx..].iter().position(|&b| b == b'>').map_or(bytes.len(), |it| idx + it);
                let tag = &bytes[idx + 1..end];
                let tag = tag.strip_prefix(b"/").unwrap_or(tag);
                let name_len = tag.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                if !INLINE.contains(&&tag[..name_len]) {
                    space = true;
                }
                idx = end + 1;
            }
            b'&' => {
                let end = bytes[idx..].iter().take(11).position(|&b| b == b';').map(|it| idx + it);
                let decoded = end.and_then(|end| decode_entity(html.get(idx + 1..end)?));
                match (end, decoded) {
                    (Some(end), Some(c)) => {
                        push(&mut out, &mut space, c.encode_utf8(&mut [0; 4]).as_bytes());
                        idx = end + 1;
                    }
                    _ => {
                        push(&mut out, &mut space, b"&");
                        idx += 1;
                    }
                }
            }
            b if b.is_ascii_whitespace() => {
                space = true;
                idx += 1;
            }
            _ => {
                let end = bytes[idx..]
                    .iter()
                    .position(|&b| b == b'<' || b == b'&' || b.is_ascii_whitespace())
                    .map_or(bytes.len(), |it| idx + it);
                push(&mut out, &mut space, &bytes[idx..end]);
                idx = end;
            }
        }
    }
    // Only ASCII bytes were dropped or added between whole UTF-8 sequences, so this is valid UTF-8.
    String::from_utf8(out)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// One HTML entity's character, for the entities a sanitiser writes: named basics and numeric references.
fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// How many words a snippet shows.
const SNIPPET_WORDS: usize = 24;

/// Decides which words of a text match the query: same stem, or the typed prefix of the last word.
pub(crate) struct Matcher {
    stemmer: rust_stemmers::Stemmer,
    /// Stems of the query's whole words.
    stems: Vec<String>,
    /// Folded prefixes of words still being typed.
    prefixes: Vec<String>,
    /// First two characters of every stem and prefix: a cheap filter before stemming a word.
    heads: Vec<String>,
    /// Folded words already decided, with the answer: the same words recur within and across the hits' texts,
    /// and stemming costs more than a lookup.
    decided: RefCell<FxHashMap<String, bool>>,
}

impl Matcher {
    pub(crate) fn new(compiled: &CompiledQuery) -> Matcher {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let mut stems = Vec::new();
        let mut prefixes = Vec::new();
        for slot in &compiled.slots {
            // Words of synonym phrases are marked too, except the little words ("can't sleep" marks "sleep").
            let words =
                slot.alternatives.iter().flatten().filter(|it| {
                    slot.alternatives.len() == 1 || !STOP_WORDS.contains(&it.as_str())
                });
            for token in words {
                if slot.prefix {
                    prefixes.push(token.clone());
                } else {
                    stems.push(stemmer.stem(token).into_owned());
                }
            }
        }
        // Stemming only changes endings, so a word can match only if it starts like a stem or prefix does.
        let mut heads: Vec<String> =
            stems.iter().chain(&prefixes).map(|it| it.chars().take(2).collect()).collect();
        heads.sort_unstable();
        heads.dedup();
        Matcher { stemmer, stems, prefixes, heads, decided: RefCell::default() }
    }

    fn matches(&self, word: &str) -> bool {
        let (a, b) = first_two_folded(word);
        let plausible = self.heads.iter().any(|it| {
            let mut chars = it.chars();
            chars.next() == Some(a) && chars.next().is_none_or(|c| Some(c) == b)
        });
        if !plausible {
            return false;
        }
        let folded: String = word.chars().flat_map(char::to_lowercase).map(fold_char).collect();
        if let Some(&known) = self.decided.borrow().get(&folded) {
            return known;
        }
        let res = self.prefixes.iter().any(|it| folded.starts_with(it.as_str()))
            || (!self.stems.is_empty()
                && self.stems.iter().any(|it| *it == self.stemmer.stem(&folded)));
        self.decided.borrow_mut().insert(folded, res);
        res
    }
}

/// The first two characters of a non-empty word, lowercased and accent-folded, without allocating.
fn first_two_folded(word: &str) -> (char, Option<char>) {
    let mut chars = word.chars().map(|c| {
        fold_char(if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        })
    });
    let first = chars.next().unwrap_or(' ');
    (first, chars.next())
}

/// Byte ranges of the words of `text`, split the way the FTS5 unicode61 tokenizer splits them.
pub(crate) fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut res = Vec::with_capacity(text.len() / 6);
    let mut start = None;
    let mut idx = 0;
    while idx < bytes.len() {
        let (alphanumeric, len) = if bytes[idx] < 0x80 {
            (bytes[idx].is_ascii_alphanumeric(), 1)
        } else {
            let c = text[idx..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alphanumeric {
            start.get_or_insert(idx);
        } else if let Some(from) = start.take() {
            res.push((from, idx));
        }
        idx += len;
    }
    if let Some(from) = start {
        res.push((from, bytes.len()));
    }
    res
}

/// The best window of about [`SNIPPET_WORDS`] words of `text`: the one with the most matched words.
pub(crate) fn extract(text: &str, matcher: &Matcher) -> Vec<SnippetPart> {
    let words: Vec<(usize, usize, bool)> = word_ranges(text)
        .into_iter()
        .map(|(from, to)| (from, to, matcher.matches(&text[from..to])))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let width = SNIPPET_WORDS.min(words.len());
    let mut count: usize = words[..width].iter().filter(|it| it.2).count();
    let (mut best, mut best_count) = (0, count);
    for idx in width..words.len() {
        count = count + usize::from(words[idx].2) - usize::from(words[idx - width].2);
        if count > best_count {
            (best, best_count) = (idx + 1 - width, count);
        }
    }
    // Start a little before the first match in the window, so it is read in context.
    if let Some(first) = words[best..best + width].iter().position(|it| it.2) {
        best = (best + first).saturating_sub(3).min(words.len() - width);
    }
    let window = &words[best..best + width];
    let from = if best == 0 { 0 } else { window[0].0 };
    let to = if best + width == words.len() { text.len() } else { window[width - 1].1 };
    let mut parts = Vec::new();
    let mut push = |text: &str, mark: bool| {
        let text = text.replace('\n', " ");
        if !text.is_empty() {
            parts.push(SnippetPart { text, mark });
        }
    };
    let mut plain = String::new();
    if from > 0 {
        plain.push('…');
    }
    let mut cursor = from;
    for &(start, end, mark) in window {
        if mark {
            plain.push_str(&text[cursor..start]);
            push(&plain, false);
            plain.clear();
            push(&text[start..end], true);
            cursor = end;
        }
    }
    plain.push_str(&text[cursor..to]);
    if to < text.len() {
        plain.push('…');
    }
    push(&plain, false);
    parts
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

    /// Up to `max` words starting with `prefix`, most frequent first; the prefix itself first if it is a word.
    fn completions(&self, prefix: &str, max: usize) -> Vec<String> {
        let idx = self.words.partition_point(|(it, _)| it.as_str() < prefix);
        let mut found: Vec<&(String, u32)> =
            self.words[idx..].iter().take_while(|(it, _)| it.starts_with(prefix)).collect();
        found.sort_by(|a, b| {
            (a.0 != prefix, std::cmp::Reverse(a.1)).cmp(&(b.0 != prefix, std::cmp::Reverse(b.1)))
        });
        found.into_iter().take(max).map(|(it, _)| it.clone()).collect()
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

mod rank;

pub(crate) use rank::{IndexBuilder, Ranker, TermIndex};

#[cfg(test)]
mod tests;
