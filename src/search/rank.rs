//! Ranking: bm25 with FTS5's weights and saturation (and Lucene's always-positive idf), computed here from
//! term statistics the build stores.
//!
//! FTS5 decides which items match (phrases, its porter stemmer, the query's AND/OR). Ranking the matches with its
//! own `bm25()` costs over 3 µs per match, because the function reads every match's column sizes and position
//! lists through FTS5's auxiliary-function API: about 35 ms for a word found in every item of a 10 000-item
//! library, and that is most of a search. So the build also stores, per word stem (Snowball English), one
//! postings blob listing every item that contains it with its hits per column, and each item's length in
//! tokens; a query reads one blob per word and scores all matches in a fraction of a millisecond.
//!
//! Invariant: the postings are built from exactly the four texts the FTS5 table indexes (title, summary, tags,
//! body), cut into words the way its `unicode61` tokenizer cuts them. A match whose words stem differently under
//! FTS5's porter stemmer than under Snowball still matches; it only ranks as if it had fewer hits.

use rusqlite::{Connection, OptionalExtension};
use rustc_hash::FxHashMap;

use crate::error::Result;
use crate::search::Phrase;
use crate::text::{fold_char, word_ranges};

/// Column weights, in the order title, summary, tags, body: title and summary outrank tags, tags the body.
pub(crate) const WEIGHTS: [f64; 4] = [10.0, 5.0, 3.0, 1.0];
/// bm25's term-frequency saturation, as in FTS5.
const K1: f64 = 1.2;
/// bm25's length normalisation, as in FTS5.
const B: f64 = 0.75;

/// What the build stores for ranking and for "did you mean".
#[derive(Debug, Default)]
pub(crate) struct TermIndex {
    /// Each stem with its postings blob (see [`Postings`]), sorted by stem.
    pub(crate) postings: Vec<(String, Vec<u8>)>,
    /// Tokens in all four columns of each item, in item order (rowid 1 first).
    pub(crate) lengths: Vec<u32>,
    /// Words of 3 to 30 characters, not all digits, lowercase and accent-folded, with how often they occur.
    pub(crate) vocabulary: Vec<(String, u32)>,
}

/// Builds the [`TermIndex`] of items given one by one as their four indexed texts (title, summary, tags, body).
///
/// Runs over every word of the library, so each distinct word is folded and stemmed once and looked up with a
/// fast hash after that.
pub(crate) struct IndexBuilder {
    stemmer: rust_stemmers::Stemmer,
    /// Words: folded text -> id.
    word_ids: FxHashMap<String, u32>,
    /// Per word id: its stem id.
    word_stem: Vec<u32>,
    /// Per word id: how often it occurs.
    word_freq: Vec<u32>,
    /// Stems: text -> id.
    stem_ids: FxHashMap<String, u32>,
    /// Per stem id: its postings so far.
    postings: Vec<Vec<u8>>,
    /// Per stem id: the last item in its postings.
    last_item: Vec<u32>,
    /// Per stem id: its hits in the item being added.
    hits: Vec<[u32; 4]>,
    /// Stem ids with hits in the item being added.
    touched: Vec<u32>,
    lengths: Vec<u32>,
    folded: String,
}

impl IndexBuilder {
    pub(crate) fn new() -> IndexBuilder {
        IndexBuilder {
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            word_ids: FxHashMap::default(),
            word_stem: Vec::new(),
            word_freq: Vec::new(),
            stem_ids: FxHashMap::default(),
            postings: Vec::new(),
            last_item: Vec::new(),
            hits: Vec::new(),
            touched: Vec::new(),
            lengths: Vec::new(),
            folded: String::new(),
        }
    }

    /// Adds the next item (rowid 1 first).
    pub(crate) fn add(&mut self, columns: [&str; 4]) {
        let item = self.lengths.len() as u32 + 1;
        let mut length = 0u32;
        for (column, text) in columns.iter().enumerate() {
            for (from, to) in word_ranges(text) {
                length += 1;
                let stem_id = self.stem_of(&text[from..to]);
                if self.hits[stem_id] == [0; 4] {
                    self.touched.push(stem_id as u32);
                }
                self.hits[stem_id][column] += 1;
            }
        }
        for &stem_id in &self.touched {
            let stem_id = stem_id as usize;
            encode(&mut self.postings[stem_id], item - self.last_item[stem_id], self.hits[stem_id]);
            self.last_item[stem_id] = item;
            self.hits[stem_id] = [0; 4];
        }
        self.touched.clear();
        self.lengths.push(length);
    }

    /// Counts one occurrence of `word` and returns its stem id.
    fn stem_of(&mut self, word: &str) -> usize {
        self.folded.clear();
        if word.is_ascii() {
            self.folded.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            self.folded.extend(word.chars().flat_map(char::to_lowercase).map(fold_char));
        }
        let word_id = match self.word_ids.get(self.folded.as_str()) {
            Some(&id) => id as usize,
            None => {
                let stem = self.stemmer.stem(&self.folded);
                let stem_id = match self.stem_ids.get(stem.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = self.postings.len() as u32;
                        self.stem_ids.insert(stem.into_owned(), id);
                        self.postings.push(Vec::new());
                        self.last_item.push(0);
                        self.hits.push([0; 4]);
                        id
                    }
                };
                self.word_ids.insert(self.folded.clone(), self.word_stem.len() as u32);
                self.word_stem.push(stem_id);
                self.word_freq.push(0);
                self.word_stem.len() - 1
            }
        };
        self.word_freq[word_id] += 1;
        self.word_stem[word_id] as usize
    }

    pub(crate) fn finish(self) -> TermIndex {
        let IndexBuilder { word_ids, word_freq, stem_ids, mut postings, lengths, .. } = self;
        let mut by_stem: Vec<(String, Vec<u8>)> = stem_ids
            .into_iter()
            .map(|(stem, id)| (stem, std::mem::take(&mut postings[id as usize])))
            .collect();
        by_stem.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let vocabulary = word_ids
            .into_iter()
            .filter(|(word, _)| {
                let n_chars = word.chars().count();
                (3..=30).contains(&n_chars) && !word.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|(word, id)| (word, word_freq[id as usize]))
            .collect();
        TermIndex { postings: by_stem, lengths, vocabulary }
    }
}

/// Appends one posting: the item as a gap from the previous one, then the hits per column.
///
/// Most words occur in the body only, so the first varint is `gap << 1 | other columns present`, then the body
/// hits, then, only when flagged, the title, summary and tags hits: about 2 bytes per posting.
fn encode(out: &mut Vec<u8>, gap: u32, hits: [u32; 4]) {
    let others = hits[..3] != [0; 3];
    put_varint(out, (u64::from(gap) << 1) | u64::from(others));
    put_varint(out, u64::from(hits[3]));
    if others {
        for it in &hits[..3] {
            put_varint(out, u64::from(*it));
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a postings blob: (item rowid, hits per column) in rowid order. A malformed blob ends early.
pub(crate) struct Postings<'a> {
    bytes: &'a [u8],
    item: u32,
}

impl<'a> Postings<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Postings<'a> {
        Postings { bytes, item: 0 }
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }
}

impl Iterator for Postings<'_> {
    type Item = (u32, [u32; 4]);

    fn next(&mut self) -> Option<(u32, [u32; 4])> {
        let head = self.varint()?;
        self.item = self.item.checked_add(u32::try_from(head >> 1).ok()?)?;
        let body = self.varint()? as u32;
        let mut hits = [0, 0, 0, body];
        if head & 1 == 1 {
            for it in &mut hits[..3] {
                *it = self.varint()? as u32;
            }
        }
        Some((self.item, hits))
    }
}

/// What [`Ranker::scores`] computes for a query.
pub(crate) struct Scores {
    /// bm25 score of every item, by rowid (higher is better).
    pub(crate) scores: Vec<f64>,
    /// Per item, by rowid: a bit for each of the query's slots (required parts) the item contains.
    pub(crate) slots: Vec<u32>,
    /// Each phrase's idf as used (for a synonym, at most the typed words'), in the order given.
    pub(crate) idfs: Vec<f64>,
}

/// Scores items for a query from the stored term index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ranker {
    /// Tokens per item, by rowid (index 0 unused).
    lengths: Vec<u32>,
    /// Mean tokens per item.
    mean_length: f64,
}

impl Ranker {
    /// `lengths` holds each item's tokens by rowid, index 0 unused.
    pub(crate) fn new(lengths: Vec<u32>) -> Ranker {
        let items = lengths.len().saturating_sub(1).max(1);
        let total: u64 = lengths.iter().map(|&it| u64::from(it)).sum();
        Ranker { lengths, mean_length: (total as f64 / items as f64).max(1.0) }
    }

    /// bm25 score of every item (by rowid; higher is better) for a query made of `phrases` (in slot order),
    /// which slots each item has, and each phrase's idf. Per phrase, idf times saturated weighted hits (FTS5's
    /// formula and weights), times the phrase's weight (synonyms count less than the words typed, and with
    /// at most the typed words' idf), summed.
    ///
    /// A phrase of several words counts an item's hits as the fewest hits of any of its words: an upper bound
    /// on the true phrase count. So that the bound never credits an item without the phrase ("waking up" in a
    /// page with "waking" and "up" apart), such a phrase scores only in the items `phrase.confirmed` lists.
    pub(crate) fn scores(&self, conn: &Connection, phrases: &[Phrase]) -> Result<Scores> {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let n = self.lengths.len();
        let mut res = Scores {
            scores: vec![0.0; n],
            slots: vec![0; n],
            idfs: Vec::with_capacity(phrases.len()),
        };
        let mut stmt = conn.prepare_cached("SELECT postings FROM terms WHERE stem = ?1")?;
        let mut start = 0;
        while start < phrases.len() {
            // One slot at a time: its phrases are next to each other.
            let slot = phrases[start].slot;
            let end = phrases[start..]
                .iter()
                .position(|it| it.slot != slot)
                .map_or(phrases.len(), |it| start + it);
            let mut found = Vec::with_capacity(end - start);
            for phrase in &phrases[start..end] {
                let mut blobs = Vec::with_capacity(phrase.words.len());
                for word in &phrase.words {
                    let stem = stemmer.stem(word);
                    let blob: Option<Vec<u8>> =
                        stmt.query_row([stem.as_ref()], |row| row.get(0)).optional()?;
                    blobs.push(blob.unwrap_or_default());
                }
                let mut hits = phrase_hits(&blobs);
                if let Some(confirmed) = &phrase.confirmed {
                    hits.retain(|(item, _)| confirmed.binary_search(&i64::from(*item)).is_ok());
                }
                found.push(hits);
            }
            // A synonym is worth at most what the words typed are worth: a rare synonym ("TRiM" for "peer
            // support") must not outrank the pages about the words the person used.
            let typed_idf = phrases[start..end]
                .iter()
                .zip(&found)
                .filter(|(phrase, _)| phrase.weight >= 1.0)
                .map(|(_, hits)| self.idf(hits.len()))
                .fold(f64::INFINITY, f64::min);
            // When the library never uses the words typed ("program"), their synonyms ("programme") stand in
            // for them fully.
            let typed_absent = phrases[start..end]
                .iter()
                .zip(&found)
                .all(|(phrase, hits)| phrase.weight < 1.0 || hits.is_empty());
            let bit = 1u32 << (slot % 32);
            for (phrase, hits) in phrases[start..end].iter().zip(found) {
                let idf = self.idf(hits.len());
                let idf = if phrase.weight < 1.0 { idf.min(typed_idf) } else { idf };
                res.idfs.push(idf);
                let weight = if typed_absent { 1.0 } else { phrase.weight };
                for (item, hits) in hits {
                    let Some(&length) = self.lengths.get(item as usize) else { continue };
                    res.scores[item as usize] += weight * self.score(idf, hits, length);
                    res.slots[item as usize] |= bit;
                }
            }
            start = end;
        }
        Ok(res)
    }

    /// The idf of a phrase found in `n` items: Lucene's `ln(1 + (N - n + 0.5) / (n + 0.5))`, which is
    /// FTS5's formula kept positive. FTS5 floors the idf of a word in more than half the items at 1e-6, so in a
    /// library of 75 items common words ("talk", "someone") weigh nothing and the order is left to chance.
    fn idf(&self, n: usize) -> f64 {
        let n_items = self.lengths.len().saturating_sub(1) as f64;
        let n = n as f64;
        (1.0 + (n_items - n + 0.5) / (n + 0.5)).ln()
    }

    /// The idf of a word no item contains.
    pub(crate) fn max_idf(&self) -> f64 {
        self.idf(0)
    }

    /// One phrase's bm25 contribution to an item of `length` tokens with `hits` per column.
    pub(crate) fn score(&self, idf: f64, hits: [u32; 4], length: u32) -> f64 {
        Ranker::score_in(idf, hits, length, self.mean_length)
    }

    /// [`Ranker::score`] in a collection whose documents have `mean_length` tokens on average.
    pub(crate) fn score_in(idf: f64, hits: [u32; 4], length: u32, mean_length: f64) -> f64 {
        let tf: f64 = hits.iter().zip(WEIGHTS).map(|(&h, w)| f64::from(h) * w).sum();
        if tf == 0.0 {
            return 0.0;
        }
        let norm = K1 * (1.0 - B + B * f64::from(length) / mean_length.max(1.0));
        idf * tf * (K1 + 1.0) / (tf + norm)
    }
}

/// The items having every word of a phrase, with the fewest hits of any of its words per column.
fn phrase_hits(blobs: &[Vec<u8>]) -> Vec<(u32, [u32; 4])> {
    let Some((first, rest)) = blobs.split_first() else { return Vec::new() };
    let mut found: Vec<(u32, [u32; 4])> = Postings::new(first).collect();
    for blob in rest {
        let other: FxHashMap<u32, [u32; 4]> = Postings::new(blob).collect();
        found.retain_mut(|(item, hits)| match other.get(item) {
            Some(more) => {
                for (h, m) in hits.iter_mut().zip(more) {
                    *h = (*h).min(*m);
                }
                true
            }
            None => false,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{IndexBuilder, Postings, encode};

    #[test]
    fn postings_round_trip() {
        let mut blob = Vec::new();
        let items =
            [(1, [0, 0, 0, 3]), (2, [1, 0, 2, 0]), (300, [0, 0, 0, 1]), (70_000, [9, 8, 7, 600])];
        let mut last = 0;
        for (item, hits) in items {
            encode(&mut blob, item - last, hits);
            last = item;
        }
        assert_eq!(Postings::new(&blob).collect::<Vec<_>>(), items);
        // A cut blob ends early instead of inventing postings.
        assert_eq!(Postings::new(&blob[..blob.len() - 1]).count(), 3);
    }

    #[test]
    fn index_counts_hits_per_column_by_stem() {
        let mut builder = IndexBuilder::new();
        builder.add(["Sleep", "", "sleeping", "I slept; sleep came late. Café"]);
        builder.add(["Other", "", "", "nothing"]);
        let index = builder.finish();
        assert_eq!(index.lengths, [8, 2]);
        let sleep = index.postings.iter().find(|it| it.0 == "sleep").unwrap();
        assert_eq!(Postings::new(&sleep.1).collect::<Vec<_>>(), [(1, [1, 0, 1, 1])]);
        let mut vocabulary = index.vocabulary;
        vocabulary.sort();
        assert!(vocabulary.contains(&("cafe".to_owned(), 1)));
        assert!(vocabulary.contains(&("sleep".to_owned(), 2)));
    }
}
