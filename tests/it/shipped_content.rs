//! The real content/ loads with no diagnostics and meets the library's own standards (see content/README.md):
//! minimum counts per section, sources and review dates, labelled stories, dated contacts, length, unique titles.

use std::collections::HashMap;
use std::sync::LazyLock;

use companion::content::{ContactGroup, Kind, Library};

static LIBRARY: LazyLock<Library> = LazyLock::new(|| {
    let (library, diagnostics) = companion::content::load_dir(&crate::util::root().join("content"));
    let listed: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert!(diagnostics.is_empty(), "content has problems:\n{}", listed.join("\n"));
    library
});

#[test]
fn shipped_content_has_no_diagnostics() {
    assert!(!LIBRARY.items.is_empty());
}

#[test]
fn every_section_has_its_minimum_number_of_items() {
    let minimum: HashMap<&str, usize> = HashMap::from([
        ("start-here", 5),
        ("about", 3),
        ("understanding", 6),
        ("for-you", 9),
        ("what-to-expect", 8),
        ("supporting-others", 6),
        ("organisations", 5),
        ("stories", 8),
        ("research", 8),
        ("resources", 8),
        ("case-studies", 4),
        ("workshops", 3),
    ]);
    assert_eq!(LIBRARY.sections.len(), minimum.len());
    for section in &LIBRARY.sections {
        let n = LIBRARY.items.iter().filter(|it| it.section == section.id).count();
        assert!(
            n >= minimum[section.id.as_str()],
            "section {} has {n} items, fewer than {}",
            section.id,
            minimum[section.id.as_str()]
        );
    }
}

#[test]
fn every_item_has_sources_a_review_date_and_enough_words() {
    for item in &LIBRARY.items {
        assert!(!item.sources.is_empty(), "{} has no sources", item.slug);
        assert!(item.reviewed.year >= 2024, "{} was reviewed long ago", item.slug);
        assert!(item.word_count >= 250, "{} has only {} words", item.slug, item.word_count);
        // A workshop holds its plan, its slides, the speaker notes for every segment and the participants' handout.
        let max = match item.kind {
            Kind::Story => 1300,
            Kind::Workshop => 5000,
            _ => 1100,
        };
        assert!(item.word_count <= max, "{} has {} words", item.slug, item.word_count);
    }
}

#[test]
fn no_two_items_share_a_title() {
    let mut seen = HashMap::new();
    for item in &LIBRARY.items {
        if let Some(other) = seen.insert(item.title.to_lowercase(), &item.slug) {
            panic!("{} and {} share the title {:?}", other, item.slug, item.title);
        }
    }
}

#[test]
fn every_story_is_labelled_illustrative_has_a_warning_and_ends_with_help() {
    let stories: Vec<_> = LIBRARY.items.iter().filter(|it| it.kind == Kind::Story).collect();
    assert!(stories.len() >= 8);
    for story in stories {
        let opening = story.text.trim_start().lines().next().unwrap_or("");
        assert!(
            opening.starts_with("This is an illustrative account written for this guide"),
            "{} does not open with the label",
            story.slug
        );
        // Every story is about an incident, so every story says what it describes before the text.
        assert!(story.content_warning.is_some(), "{} has no content warning", story.slug);
        let headings: Vec<&str> = story.toc.iter().map(|it| it.id.as_str()).collect();
        assert!(headings.contains(&"what-helped"), "{} has no 'What helped' section", story.slug);
    }
}

#[test]
fn every_contact_says_its_source_and_the_urgent_routes_come_first() {
    assert!(LIBRARY.contacts.len() >= 10);
    for contact in &LIBRARY.contacts {
        // No date without a source; a date only as precise as the source (the loader parses it).
        assert!(
            !contact.seen_at.is_empty(),
            "{} does not say where its details come from",
            contact.id
        );
        if let Some(seen) = contact.seen {
            assert!(
                (2015..=2026).contains(&seen.year),
                "{} has no sensible date: {seen}",
                contact.id
            );
        }
        // The date no source gave, which the review found on 14 contacts, never comes back.
        assert_ne!(
            contact.seen.map(|it| it.to_string()).as_deref(),
            Some("2026-11-01"),
            "{}",
            contact.id
        );
    }
    let urgent: Vec<&str> = LIBRARY
        .contacts
        .iter()
        .filter(|it| it.group == ContactGroup::Urgent)
        .map(|it| it.name.as_str())
        .collect();
    for name in ["999", "111", "Samaritans", "Shout"] {
        assert!(urgent.iter().any(|it| it.contains(name)), "urgent routes lack {name}: {urgent:?}");
    }
    let samaritans = LIBRARY.contacts.iter().find(|it| it.name.contains("Samaritans")).unwrap();
    assert_eq!(samaritans.phone.as_deref(), Some("116 123"));
}

#[test]
fn the_home_page_has_four_questions_and_four_pathways() {
    assert_eq!(LIBRARY.questions.len(), 4);
    let titles: Vec<&str> = LIBRARY.pathways.iter().map(|it| it.title.as_str()).collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    for pathway in &LIBRARY.pathways {
        assert!((4..=8).contains(&pathway.steps.len()));
        assert!(pathway.steps.iter().all(|it| !it.why.is_empty()));
    }
}

#[test]
fn synonyms_cover_the_words_people_search_with() {
    let terms: Vec<&str> =
        LIBRARY.synonyms.iter().flat_map(|it| it.terms.iter().map(String::as_str)).collect();
    for word in ["mistake", "inquest", "blame", "struck off"] {
        assert!(terms.contains(&word), "no synonym group has {word:?}");
    }
}

#[test]
fn no_phone_number_in_an_article_is_missing_from_the_directory() {
    // Articles may name the urgent routes (999, 111, 116 123, 85258); any other UK number belongs in
    // contacts.toml, where it carries the date it was checked.
    for item in &LIBRARY.items {
        let words: Vec<&str> = item
            .text
            .split_whitespace()
            .map(|it| it.trim_matches(|c: char| !c.is_ascii_digit()))
            .collect();
        for start in 0..words.len() {
            if !(words[start].starts_with('0') && (3..=5).contains(&words[start].len())) {
                continue;
            }
            let mut digits = String::new();
            for word in &words[start..(start + 3).min(words.len())] {
                if word.is_empty() || !word.bytes().all(|b| b.is_ascii_digit()) {
                    break;
                }
                digits.push_str(word);
                if (10..=11).contains(&digits.len()) {
                    let known = LIBRARY.contacts.iter().any(|it| {
                        it.phone.as_deref().is_some_and(|p| p.replace(' ', "") == digits)
                    });
                    assert!(
                        known,
                        "{} mentions the number {digits}, which is not in contacts.toml",
                        item.slug
                    );
                }
            }
        }
    }
}
