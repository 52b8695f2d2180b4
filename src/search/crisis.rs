//! Crisis intent: decides whether a query says that the person may be in danger, so that search shows the
//! urgent routes above every result while they are still typing.
//!
//! The phrases come from `content/crisis.toml`, reviewed like any other content. A query matches a phrase
//! when the phrase's words occur in it in order, compared by Snowball stem after folding case, accents and
//! apostrophes ("I feel really suicidal tonight", "dont want to be here anymore"), with up to
//! [`MAX_GAP`] other words between two of them ("end my own life"). The last word, while it is still being
//! typed, may be the start of the phrase's last word ("suici", "kill mys").
//!
//! Invariant: a missed crisis is worse than a false alarm, so matching is generous; the only brake is a
//! phrase's own `unless` words, which the content team sets for phrases that also describe harm to a patient.

use crate::content::CrisisList;
use crate::search::MAX_QUERY_CHARS;
use crate::text::crisis_tokens;

/// Other words allowed between two words of a phrase.
const MAX_GAP: usize = 2;
/// Letters a half-typed word needs before it can complete a one-word phrase ("suici" but not "over").
const MIN_PREFIX_ALONE: usize = 5;
/// Letters a half-typed last word needs when the phrase's earlier words already matched ("kill mys").
const MIN_PREFIX_IN_PHRASE: usize = 3;

/// One term of a phrase, compiled.
#[derive(Debug, Clone)]
struct Term {
    /// The words as written (folded), for matching a half-typed last word.
    words: Vec<String>,
    /// The words' stems.
    stems: Vec<String>,
}

#[derive(Debug, Clone)]
struct Phrase {
    terms: Vec<Term>,
    /// Stems of the words that stop this phrase from matching.
    unless: Vec<String>,
}

/// The compiled crisis list.
#[derive(Debug, Clone, Default)]
pub(crate) struct CrisisMatcher {
    phrases: Vec<Phrase>,
}

fn stemmer() -> rust_stemmers::Stemmer {
    rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)
}

impl CrisisMatcher {
    pub(crate) fn new(list: &CrisisList) -> CrisisMatcher {
        let stemmer = stemmer();
        let stem = |word: &String| stemmer.stem(word).into_owned();
        let phrases = list
            .phrases
            .iter()
            .map(|phrase| Phrase {
                terms: phrase
                    .terms
                    .iter()
                    .map(|term| {
                        let words = crisis_tokens(term);
                        let stems = words.iter().map(stem).collect();
                        Term { words, stems }
                    })
                    .filter(|it| !it.words.is_empty())
                    .collect(),
                unless: phrase
                    .unless
                    .iter()
                    .flat_map(|it| crisis_tokens(it))
                    .map(|it| stem(&it))
                    .collect(),
            })
            .collect();
        CrisisMatcher { phrases }
    }

    /// True when the list has no phrase at all (a library built without one cannot protect anyone).
    pub(crate) fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The first crisis term that `query` matches, if any.
    pub(crate) fn find(&self, query: &str) -> Option<String> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let typing = !query.ends_with(char::is_whitespace);
        let words = crisis_tokens(&query);
        if words.is_empty() {
            return None;
        }
        let stemmer = stemmer();
        let stems: Vec<String> = words.iter().map(|it| stemmer.stem(it).into_owned()).collect();
        let query = Query { words: &words, stems: &stems, typing };
        for phrase in &self.phrases {
            if phrase.unless.iter().any(|it| stems.contains(it)) {
                continue;
            }
            if let Some(term) = phrase.terms.iter().find(|term| query.has(term)) {
                return Some(term.words.join(" "));
            }
        }
        None
    }
}

struct Query<'a> {
    words: &'a [String],
    stems: &'a [String],
    typing: bool,
}

impl Query<'_> {
    /// Whether word `idx` of the query matches word `k` of `term`.
    fn word_matches(&self, idx: usize, term: &Term, k: usize) -> bool {
        if self.stems[idx] == term.stems[k] || self.words[idx] == term.words[k] {
            return true;
        }
        // A half-typed last word may start the phrase's last word.
        let last = idx + 1 == self.words.len();
        let min = if term.words.len() == 1 { MIN_PREFIX_ALONE } else { MIN_PREFIX_IN_PHRASE };
        self.typing
            && last
            && k + 1 == term.words.len()
            && self.words[idx].chars().count() >= min
            && term.words[k].starts_with(self.words[idx].as_str())
    }

    fn has(&self, term: &Term) -> bool {
        (0..self.words.len()).any(|start| self.matches_from(start, term, 0))
    }

    /// Whether `term`'s words from `k` on match the query from word `idx`, with small gaps.
    fn matches_from(&self, idx: usize, term: &Term, k: usize) -> bool {
        if !self.word_matches(idx, term, k) {
            return false;
        }
        if k + 1 == term.words.len() {
            return true;
        }
        let end = (idx + 2 + MAX_GAP).min(self.words.len());
        (idx + 1..end).any(|next| self.matches_from(next, term, k + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::CrisisMatcher;
    use crate::content::{CrisisList, CrisisPhrase};
    use crate::text::crisis_tokens;

    fn matcher() -> CrisisMatcher {
        let phrase = |terms: &[&str], unless: &[&str]| CrisisPhrase {
            terms: terms.iter().map(|it| it.to_string()).collect(),
            unless: unless.iter().map(|it| it.to_string()).collect(),
        };
        CrisisMatcher::new(&CrisisList {
            items: Vec::new(),
            phrases: vec![
                phrase(&["suicidal", "suicide"], &[]),
                phrase(&["kill myself"], &[]),
                phrase(&["don't want to be here"], &[]),
                phrase(&["overdose"], &["patient"]),
            ],
        })
    }

    #[test]
    fn tokens_drop_apostrophes_and_fold() {
        assert_eq!(crisis_tokens("Don’t  WANT-to Bé"), ["dont", "want", "to", "be"]);
    }

    #[test]
    fn matches_stems_gaps_prefixes_and_unless() {
        let m = matcher();
        for query in [
            "I feel really suicidal tonight",
            "suicide ",
            "suici",
            "want to KILL my-self",
            "kill mys",
            "i dont really want to be here anymore",
            "overdose",
        ] {
            let query = query.replace("my-self", "myself");
            assert!(m.find(&query).is_some(), "{query}");
        }
        for query in
            ["suic", "kill", "killed a patient", "patient overdose", "over", "suici ", "here"]
        {
            assert_eq!(m.find(query), None, "{query}");
        }
    }
}
