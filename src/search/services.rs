//! Services as search results: every entry of the support directory (the library's `contacts.toml` and the
//! organisation's own file) is indexed here, in memory, by its name, aliases, who it is for and what it offers.
//!
//! A service is scored with the same bm25 as the items ([`Ranker::score_in`]), with the items' idf (the
//! number of items containing each phrase) and the services' own mean length, its name weighted like an item's title, who it
//! is for like a summary, its aliases like tags and what it offers like a body. So a search for "samaritans"
//! puts the Samaritans service beside, and usually above, the pages that mention it.

use crate::content::Contact;
use crate::search::rank::Ranker;
use crate::search::{CompiledQuery, Slot};
use crate::text::{synonym_key, tokenize};

/// A phrase in the names or aliases of more services than this does not name a service.
const MAX_NAMING: usize = 3;

/// One service's four searchable texts, as words and stems, per column (name, who, aliases, offers).
#[derive(Debug, Clone)]
struct Indexed {
    contact: Contact,
    organisation: bool,
    /// Per column: (folded word, stem) in order.
    columns: [Vec<(String, String)>; 4],
    length: u32,
    /// The name and each alias as stems without the little words, as a query naming the service has them.
    names: Vec<Vec<String>>,
}

/// The support directory, indexed for search.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServiceIndex {
    services: Vec<Indexed>,
    /// Mean tokens per service: a service's length is judged against other services, not against the items,
    /// which are twenty times longer and would make every short entry look like a perfect match.
    mean_length: f64,
}

/// A service that matched, with its bm25 score (higher is better).
#[derive(Debug, Clone)]
pub(crate) struct ServiceMatch<'a> {
    pub(crate) contact: &'a Contact,
    pub(crate) organisation: bool,
    pub(crate) score: f64,
    /// How many of the query's slots it matched.
    pub(crate) slots: u32,
    /// The query is the service's name or one of its aliases ("practitioner health", "NMC careline"): the
    /// person is looking for this service, so it comes before the items.
    pub(crate) named: bool,
}

impl ServiceIndex {
    /// Indexes the library's contacts and the organisation's.
    pub(crate) fn new(library: &[Contact], organisation: &[Contact]) -> ServiceIndex {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let words = |text: &str| -> Vec<(String, String)> {
            tokenize(text)
                .into_iter()
                .map(|it| {
                    let stem = stemmer.stem(&it).into_owned();
                    (it, stem)
                })
                .collect()
        };
        let services = library
            .iter()
            .map(|it| (it, false))
            .chain(organisation.iter().map(|it| (it, true)))
            .map(|(contact, organisation)| {
                let columns = [
                    words(&contact.name),
                    words(&contact.who),
                    words(&contact.aliases.join(" , ")),
                    words(&contact.offers),
                ];
                let length = columns.iter().map(|it| it.len() as u32).sum();
                let names = std::iter::once(&contact.name)
                    .chain(&contact.aliases)
                    .map(|it| synonym_key(&tokenize(it), &stemmer))
                    .collect();
                Indexed { contact: contact.clone(), organisation, columns, length, names }
            })
            .collect::<Vec<Indexed>>();
        let total: u32 = services.iter().map(|it| it.length).sum();
        let mean_length = f64::from(total) / services.len().max(1) as f64;
        ServiceIndex { services, mean_length }
    }

    /// The services matching any slot of `compiled`, scored with `idfs`, the inverse document frequency of each
    /// of the query's phrases among the items, in the order of `compiled.phrases()`.
    pub(crate) fn search(
        &self,
        compiled: &CompiledQuery,
        ranker: &Ranker,
        idfs: &[f64],
    ) -> Vec<ServiceMatch<'_>> {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let phrases: Vec<Vec<String>> = compiled
            .phrases()
            .iter()
            .map(|phrase| phrase.words.iter().map(|it| stemmer.stem(it).into_owned()).collect())
            .collect();
        let phrase_info = compiled.phrases();
        // How many services have each phrase in their name or aliases: a word in many names ("support", "NHS")
        // names no one service, so there it counts like a word of the description.
        let naming: Vec<bool> = phrases
            .iter()
            .map(|phrase| {
                self.services
                    .iter()
                    .filter(|it| count(&it.columns[0], phrase) + count(&it.columns[2], phrase) > 0)
                    .count()
                    <= MAX_NAMING
            })
            .collect();
        let slot_stems: Vec<Vec<Vec<String>>> = compiled
            .slots
            .iter()
            .map(|slot| {
                slot.alternatives
                    .iter()
                    .map(Vec::as_slice)
                    .chain(slot.completions.iter().flatten().map(std::slice::from_ref))
                    .map(|phrase| phrase.iter().map(|it| stemmer.stem(it).into_owned()).collect())
                    .collect()
            })
            .collect();
        // The words as typed (not their synonyms), as the names are kept.
        let typed: Vec<String> = synonym_key(
            &compiled
                .slots
                .iter()
                .flat_map(|slot| slot.alternatives[slot.term.unwrap_or(0)].iter().cloned())
                .collect::<Vec<_>>(),
            &stemmer,
        );
        let mut res = Vec::new();
        for service in &self.services {
            let matched = |(slot, stems): (&Slot, &Vec<Vec<String>>)| {
                stems.iter().any(|phrase| service.columns.iter().any(|it| count(it, phrase) > 0))
                    || (slot.prefix
                        && service
                            .columns
                            .iter()
                            .flatten()
                            .any(|(word, _)| word.starts_with(slot.alternatives[0][0].as_str())))
            };
            let n_matched =
                compiled.slots.iter().zip(&slot_stems).filter(|&it| matched(it)).count();
            if n_matched == 0 {
                continue;
            }
            // Summed per slot, as for the items.
            let mut best = vec![0.0f64; compiled.slots.len()];
            for (((phrase, idf), info), &naming) in
                phrases.iter().zip(idfs).zip(&phrase_info).zip(&naming)
            {
                let mut hits = service.columns.each_ref().map(|it| count(it, phrase));
                if !naming {
                    hits = [0, hits[1], 0, hits[3] + hits[0] + hits[2]];
                }
                let score =
                    info.weight * Ranker::score_in(*idf, hits, service.length, self.mean_length);
                if let Some(it) = best.get_mut(info.slot) {
                    *it += score;
                }
            }
            let mut score: f64 = best.iter().sum();
            // A word still being typed that completes to a word the items do not have (a service's own name):
            // scored as the rarest word.
            for slot in compiled.slots.iter().filter(|it| it.prefix) {
                let prefix = slot.alternatives[0][0].as_str();
                let completions = slot.completions.as_deref().unwrap_or_default();
                let hits = service.columns.each_ref().map(|column| {
                    column
                        .iter()
                        .filter(|(word, _)| {
                            word != prefix
                                && word.starts_with(prefix)
                                && !completions.contains(word)
                        })
                        .count() as u32
                });
                if hits != [0; 4] {
                    score +=
                        Ranker::score_in(ranker.max_idf(), hits, service.length, self.mean_length);
                }
            }
            res.push(ServiceMatch {
                contact: &service.contact,
                organisation: service.organisation,
                score,
                slots: n_matched as u32,
                named: !typed.is_empty() && service.names.contains(&typed),
            });
        }
        res
    }
}

/// How often the stems of `phrase` occur one after another in `column`.
fn count(column: &[(String, String)], phrase: &[String]) -> u32 {
    if phrase.is_empty() || column.len() < phrase.len() {
        return 0;
    }
    column
        .windows(phrase.len())
        .filter(|window| window.iter().zip(phrase).all(|((_, stem), it)| stem == it))
        .count() as u32
}
