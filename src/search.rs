//! Search: turns any user text into words, synonyms and completions, finds and ranks the items and services
//! they match, and builds snippets for the returned hits only.
//!
//! User text is never interpolated into `MATCH` (used only to confirm phrases): it is cut into alphanumeric
//! tokens, and each phrase is quoted. So no input can cause an FTS5 syntax error, whatever it contains.

use std::cell::RefCell;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::content::{Audience, Contact, ItemSummary, Kind};
use crate::error::Result;
use crate::text::{STOP_WORDS, fold_char, is_stop_word, synonym_key, tokenize, word_ranges};

/// Queries are cut to this many characters: longer text is pasted, not typed, and costs time for nothing.
pub const MAX_QUERY_CHARS: usize = 500;
/// At most this many tokens of a query are used.
const MAX_TOKENS: usize = 24;
/// A word being typed is searched as at most this many of its completions.
const MAX_COMPLETIONS: usize = 6;

/// Narrows a search (`None` means any), and how it treats the words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// A section id.
    pub section: Option<String>,
    /// An audience.
    pub audience: Option<Audience>,
    /// A kind of item.
    pub kind: Option<Kind>,
    /// Search the words exactly as typed: no correction of misspellings ("Search instead for coronor").
    pub exact: bool,
}

impl Filters {
    /// True when no section, audience or kind narrows the search: services are results only then.
    pub fn is_any(&self) -> bool {
        self.section.is_none() && self.audience.is_none() && self.kind.is_none()
    }
}

/// What search needs of a content database: its connection (for the term index and the item texts), its
/// search structures and its item summaries. Search never sees the rest of the database.
pub(crate) trait Corpus {
    fn conn(&self) -> &rusqlite::Connection;
    fn synonyms(&self) -> &Synonyms;
    fn vocabulary(&self) -> &Vocabulary;
    fn ranker(&self) -> &Ranker;
    fn crisis(&self) -> &CrisisMatcher;
    /// Rowids of the items about getting help, shown first for a crisis query.
    fn crisis_items(&self) -> &[i64];
    fn services(&self) -> &ServiceIndex;
    fn summary_by_rowid(&self, rowid: i64) -> Option<&ItemSummary>;
    fn rowid(&self, slug: &str) -> Option<i64>;
    /// An item's rendered HTML.
    fn html_by_rowid(&self, rowid: i64) -> Result<String>;
}

/// Whether an item passes the filters.
fn passes(summary: &ItemSummary, filters: &Filters) -> bool {
    filters.section.as_ref().is_none_or(|it| *it == summary.section)
        && filters.kind.is_none_or(|it| it == summary.kind)
        && filters.audience.is_none_or(|it| summary.audiences.contains(&it))
}

/// What a search returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// How many results there are, in all (items and services).
    pub total: usize,
    /// The requested page of results, best first.
    pub hits: Vec<Hit>,
    /// True when no item matched every word, so the hits match any word.
    pub fallback: bool,
    /// A corrected query for "did you mean", offered when the query found little.
    pub suggestion: Option<String>,
    /// The query says the person may be in crisis: show the urgent routes above every result. The items about
    /// getting help (`crisis.toml`) are then the first hits.
    pub crisis: bool,
    /// The query as typed found nothing, so this corrected query was searched instead ("coronor" -> "coroner").
    pub corrected: Option<String>,
}

/// One result: an item of the library or a service of the support directory.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    /// An item of the library.
    Item(SearchHit),
    /// A service of the support directory.
    Service(ServiceHit),
}

impl Hit {
    /// The item's slug, for an item.
    pub fn slug(&self) -> Option<&str> {
        match self {
            Hit::Item(it) => Some(&it.slug),
            Hit::Service(_) => None,
        }
    }

    /// The item, for an item.
    pub fn item(&self) -> Option<&SearchHit> {
        match self {
            Hit::Item(it) => Some(it),
            Hit::Service(_) => None,
        }
    }

    /// The bm25 rank: lower is better.
    pub fn rank(&self) -> f64 {
        match self {
            Hit::Item(it) => it.rank,
            Hit::Service(it) => it.rank,
        }
    }

    /// `item:<slug>` or `service:<id>`: one name space for both kinds of result.
    pub fn key(&self) -> String {
        match self {
            Hit::Item(it) => format!("item:{}", it.slug),
            Hit::Service(it) => format!("service:{}", it.contact.id),
        }
    }
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
    /// Shown first because the query matched the crisis list: an item about getting help.
    pub pinned: bool,
}

/// One matching service of the support directory.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceHit {
    /// The service, as listed.
    pub contact: Contact,
    /// From the organisation's own contacts file.
    pub organisation: bool,
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

/// One required part of a query: any of its alternatives may match.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Slot {
    /// Each alternative is a phrase of one or more tokens.
    alternatives: Vec<Vec<String>>,
    /// Prefix-match the (single-token) alternative: the word is still being typed.
    prefix: bool,
    /// The token as typed, when the slot is one typed word not expanded by synonyms.
    typed: Option<String>,
    /// For a synonym group: which of its terms was typed (it ranks as typed, the others as synonyms).
    term: Option<usize>,
    /// For a prefix: the library's most frequent words that complete it, searched as whole words.
    completions: Option<Vec<String>>,
}

/// A query compiled to FTS5 expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledQuery {
    slots: Vec<Slot>,
}

/// How much a synonym counts against the word typed: "mistake" finds pages about errors, but pages that say
/// "mistake" first.
const SYNONYM_WEIGHT: f64 = 0.3;

/// One phrase of a compiled query, for ranking.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phrase {
    /// The slot (required part of the query) it belongs to.
    pub(crate) slot: usize,
    pub(crate) weight: f64,
    /// Folded words.
    pub(crate) words: Vec<String>,
    /// For a phrase of several words: the items that really contain it (sorted rowids), from FTS5.
    pub(crate) confirmed: Option<Vec<i64>>,
}

/// Synonym groups, tokenized, for query expansion. Terms are matched by stem, so "dreading" finds the group of
/// "dread" and "supporters" the group of "peer supporter".
#[derive(Debug, Clone, Default)]
pub(crate) struct Synonyms {
    /// Each group's terms as token lists.
    groups: Vec<Vec<Vec<String>>>,
    /// Each group's terms as stem lists.
    stems: Vec<Vec<Vec<String>>>,
    /// Stem of the first token of a term -> (group, term) pairs starting with it.
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    pub(crate) fn new(groups: &[Vec<String>]) -> Synonyms {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let mut res = Synonyms::default();
        for terms in groups {
            let group: Vec<Vec<String>> =
                terms.iter().map(|it| tokenize(it)).filter(|it| !it.is_empty()).collect();
            // Matched without their little words, as queries are: "tell the family" is [tell, family].
            let stems: Vec<Vec<String>> =
                group.iter().map(|term| synonym_key(term, &stemmer)).collect();
            let group_idx = res.groups.len();
            for (term_idx, term) in stems.iter().enumerate() {
                res.by_first.entry(term[0].clone()).or_default().push((group_idx, term_idx));
            }
            res.groups.push(group);
            res.stems.push(stems);
        }
        res
    }

    /// Whether a folded word is, or stems like, the first word of some term.
    fn knows(&self, word: &str) -> bool {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        self.by_first.contains_key(stemmer.stem(word).as_ref())
    }

    /// Every one-word term, for correcting misspellings of words the library's text may not use.
    fn words(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().filter(|it| it.len() == 1).map(|it| it[0].as_str())
    }
}

impl CompiledQuery {
    /// Compiles user text. `typing` is true when the last word may still be incomplete.
    pub(crate) fn new(query: &str, synonyms: &Synonyms) -> CompiledQuery {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let typing = !query.ends_with(char::is_whitespace);
        let mut tokens = tokenize(&query);
        tokens.truncate(MAX_TOKENS);
        // The little words go first, unless they are all there is ("what is the duty" is [duty]); a little word
        // at the end was not the start of a longer word, as far as we can tell.
        let mut typing = typing;
        if tokens.iter().any(|it| !is_stop_word(it)) {
            if tokens.last().is_some_and(|it| is_stop_word(it)) {
                typing = false;
            }
            tokens.retain(|it| !is_stop_word(it));
        }
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let stems: Vec<String> = tokens.iter().map(|it| stemmer.stem(it).into_owned()).collect();

        let mut slots = Vec::new();
        let mut idx = 0;
        while idx < tokens.len() {
            // The longest synonym term that starts here wins.
            let mut best: Option<(usize, usize, usize)> = None;
            for &(group_idx, term_idx) in synonyms.by_first.get(&stems[idx]).into_iter().flatten() {
                let term = &synonyms.stems[group_idx][term_idx];
                if stems[idx..].starts_with(term) && best.is_none_or(|(_, _, len)| term.len() > len)
                {
                    best = Some((group_idx, term_idx, term.len()));
                }
            }
            match best {
                Some((group_idx, term_idx, len)) => {
                    let typed = (len == 1).then(|| tokens[idx].clone());
                    slots.push(Slot {
                        alternatives: synonyms.groups[group_idx].clone(),
                        prefix: false,
                        typed,
                        term: Some(term_idx),
                        completions: None,
                    });
                    idx += len;
                }
                None => {
                    slots.push(Slot {
                        alternatives: vec![vec![tokens[idx].clone()]],
                        prefix: false,
                        typed: Some(tokens[idx].clone()),
                        term: None,
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

    /// The query as an FTS5 expression requiring every slot (`all`) or any slot: a readable form of what
    /// was compiled, for tests. Search itself matches with the term index and asks FTS5 only to confirm phrases.
    #[cfg(test)]
    pub(crate) fn to_fts(&self, all: bool) -> String {
        let parts: Vec<String> = self.slots.iter().map(slot_to_fts).collect();
        parts.join(if all { " AND " } else { " OR " })
    }

    /// The phrases of [`CompiledQuery::to_fts`], each as its words, for ranking.
    /// Each phrase with its slot and weight: the words typed weigh 1, their synonyms [`SYNONYM_WEIGHT`].
    fn phrases(&self) -> Vec<Phrase> {
        let mut res = Vec::new();
        for (idx, slot) in self.slots.iter().enumerate() {
            match slot.completions.as_ref().filter(|it| !it.is_empty()) {
                Some(words) => res.extend(words.iter().map(|it| Phrase {
                    slot: idx,
                    weight: 1.0,
                    words: vec![it.clone()],
                    confirmed: None,
                })),
                None => res.extend(slot.alternatives.iter().enumerate().map(|(term, it)| {
                    let typed = slot.alternatives.len() == 1 || slot.term == Some(term);
                    Phrase {
                        slot: idx,
                        weight: if typed { 1.0 } else { SYNONYM_WEIGHT },
                        words: it.clone(),
                        confirmed: None,
                    }
                })),
            }
        }
        res
    }
}

fn is_stop_slot(slot: &Slot) -> bool {
    slot.alternatives.len() == 1
        && slot.alternatives[0].len() == 1
        && STOP_WORDS.contains(&slot.alternatives[0][0].as_str())
}

#[cfg(test)]
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

/// The items and services one compiled query finds.
struct Found<'a> {
    compiled: CompiledQuery,
    /// Matching items: (rowid, slots matched, ranking key), in rowid order, all of them.
    items: Vec<(i64, u32, f64)>,
    /// Matching services: (service, slots matched), best ranking key first.
    services: Vec<(services::ServiceMatch<'a>, u32)>,
}

impl Found<'_> {
    fn is_empty(&self) -> bool {
        self.items.is_empty() && self.services.is_empty()
    }

    /// The most slots (required parts of the query) any one result has.
    fn best(&self) -> u32 {
        let items = self.items.iter().map(|it| it.1).max().unwrap_or(0);
        let services = self.services.iter().map(|it| it.1).max().unwrap_or(0);
        items.max(services)
    }

    /// The share of the query's parts the best result has (0 when nothing matched).
    fn share(&self) -> f64 {
        f64::from(self.best()) / self.compiled.slots.len().max(1) as f64
    }

    /// Whether some result has every part of the query.
    fn complete(&self) -> bool {
        self.best() as usize >= self.compiled.slots.len()
    }
}

/// Finds every item and service matching any part of `compiled`, each with its ranking key: bm25 times the
/// share of the query's parts it has, so pages with every word come first as a rule, yet a typed sentence
/// with one unusual word still finds the pages about its main words.
/// Services are results only when no filter is set: they belong to no section, audience or kind.
fn find<'a>(
    corpus: &'a dyn Corpus,
    mut compiled: CompiledQuery,
    filters: &Filters,
) -> Result<Found<'a>> {
    compiled.complete_prefix(corpus.vocabulary());
    let mut phrases = compiled.phrases();
    for phrase in phrases.iter_mut().filter(|it| it.words.len() > 1) {
        phrase.confirmed = Some(phrase_rowids(corpus, &phrase.words)?);
    }
    let scores = corpus.ranker().scores(corpus.conn(), &phrases)?;
    let n_slots = compiled.slots.len().clamp(1, 32) as u32;
    // bm25 scaled by the share of the query's parts a result has: a page with every word ranks above one with
    // a single rare word, without letting a minor word of a typed sentence decide alone.
    let key = |slots: u32, score: f64| score * f64::from(slots) / f64::from(n_slots);
    // The term index decides what matches (every item with any part of the query); FTS5 only confirms phrases.
    let any = filters.is_any();
    let mut items = Vec::new();
    for (rowid, &mask) in scores.slots.iter().enumerate() {
        if mask == 0 {
            continue;
        }
        let rowid = rowid as i64;
        if any || corpus.summary_by_rowid(rowid).is_some_and(|it| passes(it, filters)) {
            let slots = mask.count_ones();
            items.push((rowid, slots, key(slots, scores.scores[rowid as usize])));
        }
    }
    let mut found_services = Vec::new();
    if filters.is_any() {
        for service in corpus.services().search(&compiled, corpus.ranker(), &scores.idfs) {
            let slots = service.slots;
            let mut service = service;
            service.score = key(slots, service.score);
            found_services.push((service, slots));
        }
        // A service the query names comes first; the others by score.
        found_services
            .sort_by(|a, b| b.0.named.cmp(&a.0.named).then(b.0.score.total_cmp(&a.0.score)));
    }
    Ok(Found { items, services: found_services, compiled })
}

/// Runs a search. Results with every part of the query come first; when none has them all and a word is
/// misspelt, the corrected query is searched instead when it does better. A query on the crisis list puts the
/// items about getting help first. Snippets are built only for the returned page.
pub(crate) fn search(
    corpus: &dyn Corpus,
    query: &str,
    filters: &Filters,
    limit: usize,
    offset: usize,
) -> Result<SearchResults> {
    let limit = limit.clamp(1, 100);
    let mut crisis = corpus.crisis().find(query).is_some();
    let compiled = CompiledQuery::new(query, corpus.synonyms());
    if compiled.is_empty() && !crisis {
        return Ok(SearchResults {
            total: 0,
            hits: Vec::new(),
            fallback: false,
            suggestion: None,
            crisis,
            corrected: None,
        });
    }
    let mut found = find(corpus, compiled, filters)?;
    let mut corrected = None;
    // The corrected query, worked out at most once: for searching instead, or for "did you mean".
    let mut correction: Option<Option<String>> = None;
    if !found.complete() && !filters.exact {
        if let Some(better) = correction.get_or_insert_with(|| correct(corpus, query)).clone() {
            let retry = find(
                corpus,
                CompiledQuery::new(&format!("{better} "), corpus.synonyms()),
                filters,
            )?;
            if retry.share() > found.share() {
                crisis |= corpus.crisis().find(&better).is_some();
                found = retry;
                corrected = Some(better);
            }
        }
    }
    let fallback = !found.is_empty() && !found.complete();

    // Crisis first: the items about getting help, whatever the filters, then the ranked results.
    let pinned: Vec<i64> = if crisis { corpus.crisis_items().to_vec() } else { Vec::new() };
    let Found { compiled, items, services, .. } = found;
    let score_of = |rowid: i64| items.iter().find(|it| it.0 == rowid).map_or(0.0, |it| it.2);
    let mut items: Vec<(i64, u32, f64)> =
        items.iter().copied().filter(|it| !pinned.contains(&it.0)).collect();
    let total = pinned.len() + items.len() + services.len();
    let wanted = offset + limit;
    // Only the page asked for is put in order: equal keys in reading (rowid) order.
    let order_by =
        |a: &(i64, u32, f64), b: &(i64, u32, f64)| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0));
    if wanted < items.len() {
        items.select_nth_unstable_by(wanted, order_by);
        items.truncate(wanted);
    }
    items.sort_unstable_by(order_by);

    // Merge items and services by their ranking keys; an item wins a tie.
    enum Next<'b> {
        Item(i64, f64, bool),
        Service(&'b services::ServiceMatch<'b>),
    }
    let mut order: Vec<Next<'_>> =
        pinned.iter().map(|&rowid| Next::Item(rowid, score_of(rowid), true)).collect();
    let (mut it_items, mut it_services) = (items.iter().peekable(), services.iter().peekable());
    while order.len() < wanted {
        let next = match (it_items.peek(), it_services.peek()) {
            (Some(&&(rowid, _, score)), Some((service, _)))
                if score >= service.score && !service.named =>
            {
                it_items.next();
                Next::Item(rowid, score, false)
            }
            (_, Some(_)) => match it_services.next() {
                Some((service, _)) => Next::Service(service),
                None => break,
            },
            (Some(&&(rowid, _, score)), None) => {
                it_items.next();
                Next::Item(rowid, score, false)
            }
            (None, None) => break,
        };
        order.push(next);
    }

    let matcher = Matcher::new(&compiled);
    let mut hits = Vec::new();
    for next in order.into_iter().skip(offset) {
        match next {
            Next::Item(rowid, score, pinned) => {
                let Some(summary) = corpus.summary_by_rowid(rowid) else { continue };
                hits.push(Hit::Item(SearchHit {
                    slug: summary.slug.clone(),
                    title: summary.title.clone(),
                    section: summary.section.clone(),
                    kind: summary.kind,
                    snippet: snippet(corpus, &matcher, rowid)?,
                    rank: -score,
                    pinned,
                }));
            }
            Next::Service(it) => hits.push(Hit::Service(ServiceHit {
                contact: it.contact.clone(),
                organisation: it.organisation,
                rank: -it.score,
            })),
        }
    }
    let suggestion = if total < 3 && corrected.is_none() {
        correction.unwrap_or_else(|| correct(corpus, query))
    } else {
        None
    };
    Ok(SearchResults { total, hits, fallback, suggestion, crisis, corrected })
}

/// The words of an item's text that a query matches, folded and without duplicates, for highlighting them
/// on the item's page: the same [`Matcher`] that marks the search results' snippets, so the two never disagree.
pub(crate) fn matched_terms(corpus: &dyn Corpus, slug: &str, query: &str) -> Result<Vec<String>> {
    let Some(rowid) = corpus.rowid(slug) else { return Ok(Vec::new()) };
    let mut compiled = CompiledQuery::new(query, corpus.synonyms());
    compiled.complete_prefix(corpus.vocabulary());
    if compiled.is_empty() {
        return Ok(Vec::new());
    }
    let matcher = Matcher::new(&compiled);
    // Title and summary too: a snippet may come from the summary.
    let summary = corpus.summary_by_rowid(rowid);
    let text = format!(
        "{} {} {}",
        summary.map_or("", |it| it.title.as_str()),
        summary.map_or("", |it| it.summary.as_str()),
        html_text(&corpus.html_by_rowid(rowid)?)
    );
    let mut res: Vec<String> = Vec::new();
    for (from, to) in word_ranges(&text) {
        let word = &text[from..to];
        if matcher.matches(word) {
            let folded: String = word.chars().flat_map(char::to_lowercase).map(fold_char).collect();
            if !res.contains(&folded) {
                res.push(folded);
            }
        }
    }
    Ok(res)
}

/// The items that really contain `words` one after another (a phrase), in rowid order, from FTS5: the term
/// index knows only which words an item has, not where.
fn phrase_rowids(corpus: &dyn Corpus, words: &[String]) -> Result<Vec<i64>> {
    // Words are alphanumeric tokens, so quoting them can never break out of the FTS5 string.
    const SQL: &str = "SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 ORDER BY rowid";
    let mut stmt = corpus.conn().prepare_cached(SQL)?;
    let rows = stmt.query_map([format!("\"{}\"", words.join(" "))], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A short extract of one hit with the matched words marked, built here rather than by FTS5's `snippet()`:
/// `snippet()` must evaluate the whole query again and re-tokenize the document for every hit, and the FTS5
/// table keeps no copy of the text. This reads the item's stored HTML once and stems only words that could match.
fn snippet(corpus: &dyn Corpus, matcher: &Matcher, rowid: i64) -> Result<Vec<SnippetPart>> {
    let from_body = extract(&html_text(&corpus.html_by_rowid(rowid)?), matcher);
    if from_body.iter().any(|it| it.mark) {
        return Ok(from_body);
    }
    // The match is in the title, summary or tags only: the summary says what the item is about.
    let summary = corpus.summary_by_rowid(rowid).map(|it| it.summary.as_str()).unwrap_or_default();
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
            // One-word synonyms are marked too; the words of synonym phrases only when the slot has no one-word
            // alternative or it is the one typed (as in ranking: "waking up" must not mark every "up"), never the little
            // words.
            let has_word = slot.alternatives.iter().any(|it| it.len() == 1);
            let words = slot
                .alternatives
                .iter()
                .enumerate()
                .filter(|&(term, it)| {
                    slot.alternatives.len() == 1
                        || it.len() == 1
                        || !has_word
                        || slot.term == Some(term)
                })
                .flat_map(|(_, it)| it)
                .filter(|it| slot.alternatives.len() == 1 || !STOP_WORDS.contains(&it.as_str()));
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

/// Contractions typed without their apostrophe: everyday words, never to be "corrected" ("dont" to "done").
const CONTRACTIONS: &[&str] = &[
    "dont", "cant", "wont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent", "couldnt",
    "shouldnt", "wouldnt", "havent", "hasnt", "hadnt", "im", "ive", "ill", "id", "youre", "theyre",
    "thats", "whats",
];

/// The query with each word the library does not know replaced by the closest word it does, when there is a
/// confident one (edit distance 1, or 2 for words of eight letters or more); `None` when nothing changes.
/// The rest of the text is kept as typed.
pub(crate) fn correct(corpus: &dyn Corpus, query: &str) -> Option<String> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let typing = !query.ends_with(char::is_whitespace);
    let vocabulary = corpus.vocabulary();
    let ranges = word_ranges(&query);
    let mut res = String::with_capacity(query.len());
    let mut cursor = 0;
    let mut changed = false;
    for (idx, &(from, to)) in ranges.iter().enumerate() {
        let word: String =
            query[from..to].chars().flat_map(char::to_lowercase).map(fold_char).collect();
        let last = typing && idx + 1 == ranges.len();
        let known = vocabulary.contains(&word)
            || (last && vocabulary.has_prefix(&word))
            || corpus.synonyms().knows(&word)
            || STOP_WORDS.contains(&word.as_str())
            || CONTRACTIONS.contains(&word.as_str());
        if known || word.chars().count() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some(better) = vocabulary.closest(&word, corpus.synonyms().words()) {
            res.push_str(&query[cursor..from]);
            res.push_str(better);
            cursor = to;
            changed = true;
        }
    }
    res.push_str(&query[cursor..]);
    changed.then(|| res.trim().to_owned())
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

    /// The most frequent word within the allowed edit distance (1 up to 7 letters, 2 beyond): close enough
    /// to be a slip of the keyboard, not another word ("anymore" is not "anyone").
    /// `extra` words (the synonyms' terms) are candidates too, as if they occurred once.
    fn closest<'a>(&'a self, word: &str, extra: impl Iterator<Item = &'a str>) -> Option<&'a str> {
        let len = word.chars().count();
        let max = if len <= 7 { 1 } else { 2 };
        let mut best: Option<(usize, u32, &str)> = None;
        let candidates =
            self.words.iter().map(|(it, freq)| (it.as_str(), *freq)).chain(extra.map(|it| (it, 1)));
        for (candidate, freq) in candidates {
            let candidate_len = candidate.chars().count();
            if candidate_len.abs_diff(len) > max {
                continue;
            }
            let Some(distance) = edit_distance(word, candidate, max) else { continue };
            let better = match best {
                None => true,
                Some((d, f, _)) => distance < d || (distance == d && freq > f),
            };
            if better {
                best = Some((distance, freq, candidate));
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

mod crisis;
mod rank;
mod services;

pub(crate) use crisis::CrisisMatcher;
pub(crate) use rank::{IndexBuilder, Ranker, TermIndex};
pub(crate) use services::ServiceIndex;

#[cfg(test)]
mod tests;
