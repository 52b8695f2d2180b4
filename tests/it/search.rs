//! Search over a small built library: ranking, stemming, prefixes, synonyms, filters, fallback, suggestions,
//! and any string as a query.

use std::sync::LazyLock;

use companion::content::{Audience, Kind};
use companion::search::{Filters, SearchResults};
use companion::{ContentDb, content, content_db};
use proptest::prelude::*;

struct Fixture {
    _dir: tempfile::TempDir,
    db: ContentDb,
}

// SAFETY of sharing: ContentDb is only read here, from one test at a time via the mutex.
static FIXTURE: LazyLock<std::sync::Mutex<Fixture>> = LazyLock::new(|| {
    let dir = crate::util::small_library(&[
        (
            "coping-after",
            "Coping after an incident",
            "People cope in many ways. Talking helps.\n\n## Sleep\n\nInsomnia is common.",
        ),
        (
            "guilt-and-shame",
            "Guilt and shame",
            "Feeling guilty is a common reaction after a mistake.",
        ),
        (
            "body-only",
            "Something else",
            "This page mentions guilt once, deep in the body, among many other words about the café.",
        ),
        ("naive-words", "Naïve questions", "Questions people ask."),
    ]);
    std::fs::write(dir.path().join("synonyms.toml"), "[[group]]\nterms = [\"error\", \"mistake\", \"incident\"]\n\n[[group]]\nterms = [\"can't sleep\", \"insomnia\"]\n").unwrap();
    let story = dir.path().join("s/a-story.md");
    std::fs::write(&story, "+++\ntitle = \"A story\"\nsummary = \"An account.\"\nsection = \"s\"\nkind = \"story\"\naudiences = [\"manager\"]\nreviewed = 2026-11-20\nurgent_help = true\n\n[[sources]]\ncite = \"C.\"\n+++\nA manager felt guilt.\n").unwrap();
    let (library, diagnostics) = content::load_dir(dir.path());
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let path = dir.path().join("content.sqlite3");
    content_db::build(&library, &path).unwrap();
    let db = ContentDb::open(&path).unwrap();
    std::sync::Mutex::new(Fixture { _dir: dir, db })
});

fn search(query: &str, filters: Filters) -> SearchResults {
    FIXTURE.lock().unwrap().db.search(query, &filters, 20, 0).unwrap()
}

fn slugs(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().filter_map(|it| it.slug()).collect()
}

#[test]
fn title_matches_outrank_body_matches() {
    let results = search("guilt ", Filters::default());
    assert_eq!(slugs(&results)[0], "guilt-and-shame");
    assert_eq!(results.total, 3);
    assert!(results.hits.windows(2).all(|it| it[0].rank() <= it[1].rank()));
}

#[test]
fn stemming_finds_other_forms_of_a_word() {
    assert!(slugs(&search("coped ", Filters::default())).contains(&"coping-after"));
    assert!(slugs(&search("guilty ", Filters::default())).contains(&"guilt-and-shame"));
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    assert_eq!(slugs(&search("insom", Filters::default())), ["coping-after"]);
    assert!(search("insom ", Filters::default()).hits.is_empty());
}

#[test]
fn case_and_accents_are_folded() {
    assert_eq!(slugs(&search("NAIVE ", Filters::default())), ["naive-words"]);
    assert_eq!(slugs(&search("cafe", Filters::default())), ["body-only"]);
}

#[test]
fn synonyms_expand_the_query() {
    // "error" is in no item; "mistake" and "incident" are, in its synonym group.
    let results = search("error ", Filters::default());
    let mut found = slugs(&results);
    found.sort();
    assert_eq!(found, ["coping-after", "guilt-and-shame"]);
    assert_eq!(slugs(&search("I can't sleep", Filters::default())), ["coping-after"]);
}

#[test]
fn pages_with_every_word_come_before_pages_with_some() {
    let all = search("guilt mistake ", Filters::default());
    assert!(!all.fallback);
    // The one page with both words first, then the pages with "guilt" only.
    assert_eq!(slugs(&all)[0], "guilt-and-shame");
    // "mistake" has the synonym "incident", in the title of "coping-after".
    assert_eq!(all.total, 4);
    let any = search("guilt zebra ", Filters::default());
    assert!(any.fallback);
    assert_eq!(any.total, 3);
}

#[test]
fn filters_narrow_by_kind_audience_and_section() {
    let story = search("guilt ", Filters { kind: Some(Kind::Story), ..Filters::default() });
    assert_eq!(slugs(&story), ["a-story"]);
    let managers =
        search("guilt ", Filters { audience: Some(Audience::Manager), ..Filters::default() });
    assert_eq!(slugs(&managers), ["a-story"]);
    assert_eq!(
        search("guilt ", Filters { section: Some("nope".to_owned()), ..Filters::default() }).total,
        0
    );
}

#[test]
fn snippets_mark_the_matched_words() {
    // The marked words of the first result's snippet.
    let marked = |query: &str| -> Vec<String> {
        let results = search(query, Filters::default());
        let hit = results.hits[0].item().unwrap();
        hit.snippet.iter().filter(|it| it.mark).map(|it| it.text.clone()).collect()
    };
    // The words of the synonym phrase "can't sleep" are not marked: only one-word synonyms and what was typed
    // are, as only they rank the page.
    assert_eq!(marked("insomnia "), ["Insomnia"]);
    // Typed, the phrase's own words are marked.
    assert_eq!(marked("can't sleep"), ["Sleep", "Insomnia"]);
}

#[test]
fn a_misspelling_with_no_results_is_corrected_and_searched() {
    let results = search("gulit ", Filters::default());
    assert_eq!(results.corrected.as_deref(), Some("guilt"));
    assert_eq!(results.suggestion, None);
    assert_eq!(results.total, 3);
    assert_eq!(slugs(&results)[0], "guilt-and-shame");
    // Each unknown word of a longer query is corrected; the words as typed are kept otherwise.
    let results = search("Gulit and shmae", Filters::default());
    assert_eq!(results.corrected.as_deref(), Some("guilt and shame"));
    assert_eq!(slugs(&results)[0], "guilt-and-shame");
    // Known words, half-typed words and contractions are left alone.
    for query in ["guilt ", "gui", "dont ", "coping"] {
        assert_eq!(search(query, Filters::default()).corrected, None, "{query}");
    }
    // Nothing close enough: no correction, no results, no suggestion.
    let results = search("xqzvw ", Filters::default());
    assert_eq!((results.total, results.corrected, results.suggestion), (0, None, None));
}

#[test]
fn paging_returns_the_requested_slice() {
    let db = &FIXTURE.lock().unwrap().db;
    let page = db.search("guilt ", &Filters::default(), 1, 1).unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.hits.len(), 1);
}

#[test]
fn odd_queries_are_never_errors() {
    for query in [
        "",
        " ",
        "\"",
        "\"\"\"",
        "*",
        "-",
        "NEAR",
        "NEAR(a b)",
        "a AND",
        "OR OR",
        "(((",
        "guilt*",
        "^guilt",
        "title:guilt",
        "😢 guilt",
        "\u{0}",
        "'; DROP TABLE items; --",
        &"guilt ".repeat(2000),
    ] {
        FIXTURE
            .lock()
            .unwrap()
            .db
            .search(query, &Filters::default(), 20, 0)
            .unwrap_or_else(|err| panic!("{query:?}: {err}"));
    }
    // A column filter is just two words, not FTS5 syntax.
    assert_eq!(
        search("title:guilt", Filters::default()),
        search("title guilt", Filters::default())
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_a_valid_query(query in "\\PC{0,60}|[\"*()\\-:^+ a-zA-Z]{0,40}") {
        let db = &FIXTURE.lock().unwrap().db;
        prop_assert!(db.search(&query, &Filters::default(), 20, 0).is_ok());
    }
}

/// Ranks are FTS5's `bm25()` with the column weights 10, 5, 3, 1 (with a positive idf, a constant factor per word),
/// computed from the stored term index: checked against a plain FTS5 table holding the same four texts of the real
/// library.
#[test]
fn ranks_follow_fts5_bm25_on_the_real_library() {
    let (library, diagnostics) = content::load_dir(&crate::util::root().join("content"));
    assert!(diagnostics.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("content.sqlite3");
    content_db::build(&library, &path).unwrap();
    let db = ContentDb::open(&path).unwrap();
    let fts = rusqlite::Connection::open_in_memory().unwrap();
    fts.execute_batch("CREATE VIRTUAL TABLE t USING fts5(title, summary, tags, body, tokenize = 'porter unicode61 remove_diacritics 2')").unwrap();
    for (idx, item) in library.items.iter().enumerate() {
        fts.execute(
            "INSERT INTO t (rowid, title, summary, tags, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                idx as i64,
                item.title,
                item.summary,
                item.tags.join(", "),
                item.text
            ],
        )
        .unwrap();
    }
    // Words with no synonyms, whose forms the porter and Snowball stemmers group alike; common and rare, in titles
    // and bodies.
    for word in ["hospital", "listen", "shift", "night", "letter", "phone", "children", "the"] {
        let ours = db.search(&format!("{word} "), &Filters::default(), 100, 0).unwrap();
        let mut stmt = fts
            .prepare("SELECT rowid, bm25(t, 10.0, 5.0, 3.0, 1.0) FROM t WHERE t MATCH ?1 ORDER BY 2, rowid")
            .unwrap();
        let expected: Vec<(String, f64)> = stmt
            .query_map([format!("\"{word}\"")], |row| {
                Ok((library.items[row.get::<_, i64>(0)? as usize].slug.to_string(), row.get(1)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!expected.is_empty(), "{word}");
        // Services are results too; this compares the items' ranks. Ours use an idf that stays positive
        // (rank.rs), so for one word they are FTS5's times a constant: the same order, the same ratios.
        let items: Vec<_> = ours.hits.iter().filter_map(|it| it.item()).collect();
        assert_eq!(items.len(), expected.len(), "{word}");
        let factor = items[0].rank / expected[0].1;
        for (hit, (slug, rank)) in items.iter().zip(&expected) {
            assert_eq!(&hit.slug, slug, "{word}");
            assert!(
                (hit.rank - rank * factor).abs() <= 1e-9 * hit.rank.abs().max(1e-12),
                "{word}: {} {} vs {slug} {rank} (factor {factor})",
                hit.slug,
                hit.rank
            );
        }
    }
}

#[test]
fn services_are_results_beside_the_items() {
    let (_dir, mut db) = crate::util::shipped_db();
    for (query, id) in [
        ("samaritans", "samaritans"),
        ("practitioner health", "practitioner-health"),
        ("NMC careline", "nmc-careline"),
        ("chaplain", "employer-routes"),
        ("occupational health", "employer-routes"),
        ("union", "defence-organisations-unions"),
    ] {
        let results = db.search(query, &Filters::default(), 10, 0).unwrap();
        let keys: Vec<String> = results.hits.iter().take(3).map(|it| it.key()).collect();
        assert!(keys.contains(&format!("service:{id}")), "{query}: {keys:?}");
    }
    // A query that is a service's name or alias looks for that service: it comes first, before any page that
    // merely mentions it ("practitioner health" is named in many pages).
    for (query, id) in [
        ("practitioner health", "practitioner-health"),
        ("NMC careline", "nmc-careline"),
        ("samaritans", "samaritans"),
        ("the samaritans", "samaritans"),
    ] {
        let results = db.search(query, &Filters::default(), 10, 0).unwrap();
        assert_eq!(results.hits[0].key(), format!("service:{id}"), "{query}");
    }
    // A word of the name alone does not name it.
    let results = db.search("health", &Filters::default(), 10, 0).unwrap();
    assert_ne!(results.hits[0].key(), "service:practitioner-health");
    // A filter narrows to items: services belong to no section, audience or kind.
    let filtered = db
        .search("samaritans", &Filters { kind: Some(Kind::Article), ..Filters::default() }, 10, 0)
        .unwrap();
    assert!(filtered.hits.iter().all(|it| it.item().is_some()));
    // The organisation's own contacts are searchable too, and say where they come from.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "[[contact]]\nid = \"wellbeing-hub\"\nname = \"Staff Wellbeing Hub at St Elsewhere\"\ngroup = \"workplace\"\nwho = \"Staff of St Elsewhere.\"\noffers = \"Confidential listening and a chaplaincy team.\"\nphone = \"0100 000 000\"\naliases = [\"zephyr team\"]\nnations = [\"england\"]\nprofessions = [\"all\"]\nseen = 2026-11-01\nseen_at = \"the hub's leaflet\"\n").unwrap();
    let (contacts, diagnostics) = companion::content::load_contacts(file.path());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    db.set_organisation_contacts(&contacts).unwrap();
    let results = db.search("zephyr", &Filters::default(), 10, 0).unwrap();
    match &results.hits[..] {
        [companion::search::Hit::Service(hit)] => {
            assert_eq!(hit.contact.id, "wellbeing-hub");
            assert!(hit.organisation);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn corrected_queries_and_exact_searches_on_the_real_library() {
    let (_dir, db) = crate::util::shipped_db();
    let results = db.search("coronor", &Filters::default(), 10, 0).unwrap();
    assert_eq!(results.corrected.as_deref(), Some("coroner"));
    assert_eq!(results.hits[0].slug(), Some("coroners-inquest"));
    // "Search instead for coronor": the words as typed, uncorrected, with a "did you mean" instead.
    let exact =
        db.search("coronor", &Filters { exact: true, ..Filters::default() }, 10, 0).unwrap();
    assert_eq!((exact.total, exact.corrected.as_deref()), (0, None));
    assert_eq!(exact.suggestion.as_deref(), Some("coroner"));
    // Every unknown word of a longer query, keeping the rest as typed.
    let results = db.search("writting a statment", &Filters::default(), 10, 0).unwrap();
    assert_eq!(results.corrected.as_deref(), Some("writing a statement"));
}

#[test]
fn the_page_highlights_what_the_search_matched() {
    let (_dir, db) = crate::util::shipped_db();
    // Stems ("coping" finds "cope"), synonyms ("insomnia" finds "sleep") and the word being typed.
    let terms = db.matched_terms("looking-after-yourself", "insomnia").unwrap();
    assert!(terms.contains(&"sleep".to_owned()), "{terms:?}");
    assert!(!terms.contains(&"insomnia".to_owned()) || terms.len() > 1, "{terms:?}");
    let terms = db.matched_terms("how-people-cope", "coping").unwrap();
    assert!(terms.iter().any(|it| it == "cope" || it == "coping"), "{terms:?}");
    // Exactly the words the snippet of the same search marks.
    let results = db.search("guilt", &Filters::default(), 5, 0).unwrap();
    for hit in results.hits.iter().filter_map(|it| it.item()) {
        let terms = db.matched_terms(&hit.slug, "guilt").unwrap();
        for part in hit.snippet.iter().filter(|it| it.mark) {
            let folded = part.text.to_lowercase();
            assert!(terms.contains(&folded), "{}: {folded} not in {terms:?}", hit.slug);
        }
    }
    assert!(db.matched_terms("no-such-item", "guilt").unwrap().is_empty());
    assert!(db.matched_terms("glossary", "").unwrap().is_empty());
}
