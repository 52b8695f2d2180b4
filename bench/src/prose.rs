//! English-like prose from the fixed vocabulary: noun phrases, fourteen sentence templates, paragraphs, titles.
//!
//! Every draw goes through one [`PyRandom`] in the reference generator's order, so the text is reproducible.

use crate::rng::PyRandom;
use crate::vocab::{NAMES, VerbForms, Vocabulary, starts_with_vowel};

/// Draws words and sentences from one random stream.
pub(crate) struct Prose<'a> {
    pub(crate) rng: PyRandom,
    vocab: &'a Vocabulary,
}

impl<'a> Prose<'a> {
    pub(crate) fn new(rng: PyRandom, vocab: &'a Vocabulary) -> Prose<'a> {
        Prose { rng, vocab }
    }

    fn noun_index(&mut self) -> usize {
        let unit = self.rng.random();
        self.vocab.nouns.index_at(unit)
    }

    pub(crate) fn noun(&mut self) -> &'static str {
        let idx = self.noun_index();
        self.vocab.nouns.items[idx]
    }

    pub(crate) fn noun_plural(&mut self) -> String {
        let idx = self.noun_index();
        self.vocab.noun_plurals[idx].clone()
    }

    pub(crate) fn verb(&mut self) -> VerbForms {
        let unit = self.rng.random();
        self.vocab.verbs.items[self.vocab.verbs.index_at(unit)].clone()
    }

    pub(crate) fn adjective(&mut self) -> &'static str {
        let unit = self.rng.random();
        self.vocab.adjectives.items[self.vocab.adjectives.index_at(unit)]
    }

    fn adverb(&mut self) -> &'static str {
        let unit = self.rng.random();
        self.vocab.adverbs.items[self.vocab.adverbs.index_at(unit)]
    }

    fn preposition(&mut self) -> &'static str {
        let unit = self.rng.random();
        self.vocab.prepositions.items[self.vocab.prepositions.index_at(unit)]
    }

    fn pick(&mut self, words: &[&'static str]) -> &'static str {
        self.rng.choice(words)
    }

    /// A noun phrase with determiner and optional adjective, and whether it is plural.
    pub(crate) fn noun_phrase(&mut self, plural_ok: bool, allow_adjective: bool) -> (String, bool) {
        let idx = self.noun_index();
        let noun = self.vocab.nouns.items[idx];
        let uncountable = self.vocab.is_uncountable(noun);
        let plural = plural_ok && !uncountable && self.rng.random() < 0.3;
        let word = if plural { self.vocab.noun_plurals[idx].as_str() } else { noun };
        let adjective = if allow_adjective && self.rng.random() < 0.35 {
            format!("{} ", self.adjective())
        } else {
            String::new()
        };
        let determiner = self.determiner(uncountable, plural, &adjective, word);
        (format!("{determiner}{adjective}{word}"), plural)
    }

    fn determiner(
        &mut self,
        uncountable: bool,
        plural: bool,
        adjective: &str,
        noun: &str,
    ) -> &'static str {
        if uncountable {
            return self.pick(&[
                "the ", "", "", "this ", "that ", "your ", "our ", "their ", "much ", "more ",
            ]);
        }
        if plural {
            return self.pick(&[
                "the ", "", "many ", "some ", "our ", "their ", "these ", "other ", "most ",
                "several ",
            ]);
        }
        let determiner = self.pick(&[
            "the ", "the ", "a ", "this ", "that ", "every ", "your ", "our ", "their ", "each ",
        ]);
        let next = if adjective.is_empty() { noun } else { adjective };
        if determiner == "a " && starts_with_vowel(next) { "an " } else { determiner }
    }

    fn np(&mut self) -> String {
        self.noun_phrase(true, true).0
    }

    fn singular_np(&mut self) -> String {
        self.noun_phrase(false, true).0
    }

    /// A prepositional phrase.
    pub(crate) fn prepositional(&mut self) -> String {
        let preposition = self.preposition();
        format!("{preposition} {}", self.np())
    }

    /// One sentence from one of fourteen templates, capitalised and punctuated.
    pub(crate) fn sentence(&mut self) -> String {
        let template = self.rng.randrange(14);
        let verb = self.verb();
        let body = match template {
            0..=4 => self.sentence_a(template, &verb),
            5..=9 => self.sentence_b(template, &verb),
            _ => self.sentence_c(template, &verb),
        };
        let end =
            if template == 12 { &["."][..] } else { &[".", ".", ".", ".", ".", "?", "!"][..] };
        let end = self.pick(end);
        format!("{}{end}", capitalise_first(&body))
    }

    fn sentence_a(&mut self, template: usize, v: &VerbForms) -> String {
        match template {
            0 => {
                let (subject, plural) = self.noun_phrase(true, true);
                let verb = if plural { &v.base } else { &v.third };
                let object = self.np();
                format!("{subject} {verb} {object} {}", self.prepositional())
            }
            1 => {
                let pronoun = self.pick(&["we", "they", "you", "many of us", "some staff"]);
                let be = self.pick(&["are", "were"]);
                format!("{pronoun} {be} {} {}", v.ing, self.prepositional())
            }
            2 => {
                let subject = self.np();
                let pronoun = self.pick(&["you", "we", "they", "a colleague", "the team"]);
                let modal = self.pick(&["can", "should", "may", "might", "will", "could"]);
                let past = self.verb().past;
                format!("when {subject} {past}, {pronoun} {modal} {} {}", v.base, self.np())
            }
            3 => {
                let adjective = self.adjective();
                let object = self.np();
                format!("it is {adjective} to {} {object} {}", v.base, self.prepositional())
            }
            _ => {
                let plural = self.noun_plural();
                let adverb = self.adverb();
                format!("many {plural} {} {adverb} {}", v.base, self.prepositional())
            }
        }
    }

    fn sentence_b(&mut self, template: usize, v: &VerbForms) -> String {
        match template {
            5 => {
                let (subject, plural) = self.noun_phrase(true, true);
                let have = if plural { "have" } else { "has" };
                let object = self.np();
                let other = self.np();
                format!(
                    "{subject} {have} {} {object}, and {other} {}",
                    v.participle,
                    self.prepositional()
                )
            }
            6 => {
                let object = self.np();
                let talk = self.pick(&["talk", "speak"]);
                let person = self.singular_np();
                format!("if you {} {object}, {talk} to {person} {}", v.base, self.prepositional())
            }
            7 => {
                let pronoun = self.pick(&["I", "she", "he", "we"]);
                let object = self.np();
                let adverb = self.adverb();
                let conjunction = self.pick(&["but", "and", "so", "although"]);
                let other = self.np();
                let past = self.verb().past;
                format!(
                    "{pronoun} {} {object} {adverb}, {conjunction} {other} {past} {}",
                    v.past,
                    self.prepositional()
                )
            }
            8 => {
                let be = self.pick(&["is", "was"]);
                let subject = self.singular_np();
                let first = self.prepositional();
                format!("there {be} {subject} {first} {}", self.prepositional())
            }
            _ => {
                let name = self.pick(NAMES);
                let object = self.np();
                let place = self.prepositional();
                let felt = self.pick(&["felt", "was"]);
                let adjective = self.adjective();
                let when =
                    self.pick(&["for weeks", "afterwards", "at first", "for a long time", "again"]);
                format!("{name} {} {object} {place}, and {felt} {adjective} {when}", v.past)
            }
        }
    }

    fn sentence_c(&mut self, template: usize, v: &VerbForms) -> String {
        match template {
            10 => {
                let adverb = self.adverb();
                let subject = self.np();
                let modal = self.pick(&["can", "will", "may"]);
                format!("{adverb}, {subject} {modal} {} {}", v.base, self.np())
            }
            11 => {
                let subject = self.singular_np();
                let how = self.pick(&["not", "rarely", "often", "always"]);
                let link = self.pick(&["a sign of", "the same as", "part of", "linked to"]);
                format!("{subject} is {how} {link} {}", self.np())
            }
            12 => {
                let person = self.singular_np();
                let who = self.pick(&["they", "you", "the team"]);
                let modal = self.pick(&["can", "could"]);
                let object = self.np();
                format!(
                    "ask {person} whether {who} {modal} {} {object} {}",
                    v.base,
                    self.prepositional()
                )
            }
            _ => {
                let (subject, plural) = self.noun_phrase(true, true);
                let adverb = self.adverb();
                let other = self.verb();
                let verb = if plural { other.base } else { other.third };
                let object = self.np();
                format!("{subject} {adverb} {verb} {object}, {}", self.prepositional())
            }
        }
    }

    /// Two to six sentences (or `lo` to `hi`).
    pub(crate) fn paragraph(&mut self, lo: usize, hi: usize) -> String {
        let count = self.rng.randint(lo, hi);
        (0..count).map(|_| self.sentence()).collect::<Vec<_>>().join(" ")
    }

    /// A title or heading from one of ten patterns.
    pub(crate) fn title(&mut self) -> String {
        let pattern = self.rng.randrange(10);
        let (n1, n2) = (self.noun(), self.noun());
        let v = self.verb();
        let a = self.adjective();
        let vocab = self.vocab;
        let article = |word: &str| if starts_with_vowel(word) { "an" } else { "a" };
        let plural = |word: &str| vocab.plural(word);
        let text = match pattern {
            0 => format!("coping with {n1} after {} {n2}", article(n2)),
            1 => format!("how to {} {} {n1} during {} {n2}", v.base, article(n1), article(n2)),
            2 => format!("{n1} and {n2}: {} {a} guide", article(a)),
            3 => format!("what to expect from {} {n2}", article(n2)),
            4 => format!("{a} {} for {}", plural(n1), plural(n2)),
            5 => format!("understanding {n1} in the {n2}"),
            6 => {
                let name = self.pick(NAMES);
                format!("when {} {n2} {}: {name}'s story", article(n2), v.past)
            }
            7 => format!("{} {} after {} {a} {n2}", v.ing, plural(n1), article(a)),
            8 => format!("{n1}, {n2} and {}", self.noun()),
            _ => format!("why {} {} {}", plural(n1), v.base, plural(n2)),
        };
        capitalise_first(&text)
    }
}

/// The text with its first character in upper case.
pub(crate) fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
