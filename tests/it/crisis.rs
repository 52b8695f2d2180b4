//! Help first: on the shipped library, every way a person in crisis might type it puts the urgent routes and the
//! items about getting help first, while still typing; words about harm to a patient never do. Both lists are
//! here on purpose: a change to content/crisis.toml or to matching that breaks either fails this test.

use companion::search::{Filters, Hit};

/// Queries that must show the urgent card (the crisis flag) and put the help items first.
const CRISIS: &[&str] = &[
    "suicidal",
    "suicide",
    "suicid",
    "suici",
    "I feel suicidal",
    "i feel really suicidal tonight",
    "SUICIDAL THOUGHTS",
    "sucidal",
    "suicidle",
    "kill myself",
    "want to kill myself",
    "i want to kill my self",
    "kill mys",
    "end my life",
    "thinking of ending my life",
    "i want to end it all",
    "thinking of ending it",
    "want to die",
    "i just want to die",
    "wish i was dead",
    "better off dead",
    "dont want to be here anymore",
    "don't want to be here",
    "I don’t want to live",
    "cant go on",
    "can't go on any more",
    "no point living",
    "self harm",
    "self-harm",
    "selfharm",
    "hurt myself",
    "i keep hurting myself",
    "harm myself",
    "overdose",
    "thinking about an overdose",
    "cant keep myself safe",
    "suicide note",
];

/// Queries about harm to a patient, this library's everyday subject: ordinary results, no urgent card.
const NOT_CRISIS: &[&str] = &[
    "death",
    "died",
    "dying",
    "harm",
    "fatal",
    "patient death",
    "patient died",
    "my patient died",
    "I killed a patient",
    "killed",
    "never event",
    "serious harm",
    "stillbirth",
    "self-care",
    "gave a patient an overdose",
    "insulin overdose medication error",
    "the patient took an overdose",
    "end of life care",
    "over",
    "suic",
    "end",
    "selfish",
    "harmed",
];

#[test]
fn crisis_queries_put_help_first() {
    let (_dir, db) = crate::util::shipped_db();
    for query in CRISIS {
        let results = db.search(query, &Filters::default(), 10, 0).unwrap();
        assert!(results.crisis, "{query:?} must show the urgent card");
        let first: Vec<&str> = results.hits.iter().take(3).filter_map(Hit::slug).collect();
        assert_eq!(
            first,
            [
                "when-it-is-more-than-stress",
                "where-can-i-get-help",
                "spotting-when-someone-needs-more-help"
            ],
            "{query:?}: the items about getting help come first"
        );
        assert!(
            results.hits[..3].iter().all(|it| it.item().is_some_and(|it| it.pinned)),
            "{query:?}"
        );
    }
}

#[test]
fn harm_to_a_patient_is_not_a_crisis() {
    let (_dir, db) = crate::util::shipped_db();
    for query in NOT_CRISIS {
        let results = db.search(query, &Filters::default(), 10, 0).unwrap();
        assert!(!results.crisis, "{query:?} must not show the urgent card");
        assert!(results.hits.iter().all(|it| it.item().is_none_or(|it| !it.pinned)), "{query:?}");
    }
}

#[test]
fn help_comes_first_whatever_the_filters() {
    let (_dir, db) = crate::util::shipped_db();
    let filters = Filters { section: Some("stories".to_owned()), ..Filters::default() };
    let results = db.search("I want to kill myself", &filters, 10, 0).unwrap();
    assert!(results.crisis);
    assert_eq!(results.hits[0].slug(), Some("when-it-is-more-than-stress"));
    // The pinned items are on the first page only, and counted once.
    let page2 = db.search("suicidal", &Filters::default(), 3, 3).unwrap();
    assert!(page2.hits.iter().all(|it| it.item().is_none_or(|it| !it.pinned)));
    let all = db.search("suicidal", &Filters::default(), 100, 0).unwrap();
    let mut slugs: Vec<&str> = all.hits.iter().filter_map(Hit::slug).collect();
    let n = slugs.len();
    slugs.sort_unstable();
    slugs.dedup();
    assert_eq!(slugs.len(), n, "no item twice");
    assert_eq!(all.total, all.hits.len());
}

#[test]
fn an_empty_or_missing_crisis_list_cannot_be_built() {
    // The loader refuses a library without crisis.toml (tests/it/content.rs); a database without phrases is
    // refused at open, so no build of the app can ship without the list.
    let (_dir, db) = crate::util::shipped_db();
    assert!(db.is_crisis("suicidal"));
    assert!(!db.is_crisis("sleep"));
}
