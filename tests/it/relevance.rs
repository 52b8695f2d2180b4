//! The judged relevance set (tests/search/relevance.toml): queries written as the app's users type them, each
//! with the results acceptable in the top 3. Computes success@3 and mean reciprocal rank on the shipped
//! library and fails below the thresholds: success@3 at least 0.95 overall and 1.0 for crisis queries, which
//! must also show the urgent card (the crisis flag); no other query may show it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use companion::ContentDb;
use companion::search::Filters;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Set {
    query: Vec<Query>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    q: String,
    who: String,
    kind: String,
    accept: Vec<String>,
    #[serde(default)]
    not_first: Vec<String>,
}

/// Per kind of query: (queries, successes at 3, sum of reciprocal ranks).
type Tally = BTreeMap<String, (usize, usize, f64)>;

struct Outcome {
    tally: Tally,
    failures: Vec<String>,
}

fn evaluate(db: &ContentDb, set: &Set) -> Outcome {
    let mut tally = Tally::new();
    let mut failures = Vec::new();
    for query in &set.query {
        // As the app sends it: trimmed, so the last word counts as still being typed.
        let results = db.search(query.q.trim(), &Filters::default(), 10, 0).unwrap();
        let keys: Vec<String> = results.hits.iter().map(|it| it.key()).collect();
        let first_ok = |key: &String| query.accept.contains(key);
        let rank = keys.iter().position(first_ok).map(|it| it + 1);
        let crisis_ok = results.crisis == (query.kind == "crisis");
        let not_first_ok = keys.first().is_none_or(|it| !query.not_first.contains(it));
        let success = rank.is_some_and(|it| it <= 3) && crisis_ok && not_first_ok;
        let reciprocal =
            if crisis_ok && not_first_ok { rank.map_or(0.0, |it| 1.0 / it as f64) } else { 0.0 };
        for kind in [query.kind.as_str(), "all"] {
            let entry = tally.entry(kind.to_owned()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(success);
            entry.2 += reciprocal;
        }
        if !success {
            failures.push(format!(
                "{:?} ({}, {}): rank {:?}, crisis {}, top 3 {:?}",
                query.q,
                query.kind,
                query.who,
                rank,
                results.crisis,
                &keys[..keys.len().min(3)]
            ));
        }
    }
    Outcome { tally, failures }
}

fn report(outcome: &Outcome) -> String {
    let mut out = String::from("| queries | n | success@3 | MRR |\n|---|---:|---:|---:|\n");
    for (kind, (n, ok, rr)) in &outcome.tally {
        let _ = writeln!(
            out,
            "| {kind} | {n} | {:.3} | {:.3} |",
            *ok as f64 / *n as f64,
            rr / *n as f64
        );
    }
    out
}

#[test]
fn relevance_set_meets_its_thresholds() {
    let set: Set = toml::from_str(
        &std::fs::read_to_string(crate::util::repo("tests/search/relevance.toml")).unwrap(),
    )
    .unwrap();
    assert!(set.query.len() >= 100, "the set needs at least 100 queries");
    let (_dir, db) = crate::util::shipped_db();
    // Every judged result exists, so a renamed item cannot quietly turn a judgment into a failure or a pass.
    let contacts = db.contacts().unwrap();
    for query in &set.query {
        for key in query.accept.iter().chain(&query.not_first) {
            let known = match key.split_once(':') {
                Some(("item", slug)) => db.contains(slug),
                Some(("service", id)) => contacts.iter().any(|it| it.id == id),
                _ => false,
            };
            assert!(known, "{:?}: unknown result `{key}`", query.q);
        }
    }
    let outcome = evaluate(&db, &set);
    let table = report(&outcome);
    println!("{table}\nmisses:\n{}", outcome.failures.join("\n"));
    let rate =
        |kind: &str| outcome.tally.get(kind).map_or(0.0, |(n, ok, _)| *ok as f64 / *n as f64);
    assert!(
        rate("all") >= 0.95 && rate("crisis") == 1.0,
        "success@3 below the thresholds (0.95 overall, 1.0 for crisis):\n{table}\nfailures:\n{}",
        outcome.failures.join("\n")
    );
}
