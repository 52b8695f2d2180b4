//! The use-case layer: every rule that joins the library and a person's data, owned once in the core.

use companion::Companion;
use companion::companion::{SearchRequest, parse_section_id};
use companion::user_db::{ExportFile, Preferences, UserDb};

fn companion(dir: &std::path::Path) -> (tempfile::TempDir, Companion) {
    let (content_dir, content) = crate::util::shipped_db();
    let path = dir.join("user.sqlite3");
    let (user, _) = UserDb::open(&path).unwrap();
    (content_dir, Companion::new(content, Some(user), &path, Vec::new()).unwrap())
}

#[test]
fn bookmarks_need_an_existing_item_and_are_joined_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_content, mut c) = companion(dir.path());
    let err = c.add_bookmark("no-such-item", "").unwrap_err();
    assert!(matches!(err, companion::Error::ItemNotFound(_)), "{err:?}");
    let err = c.add_bookmark("Not A Slug", "").unwrap_err();
    assert!(matches!(err, companion::Error::InvalidInput { .. }), "{err:?}");
    c.add_bookmark("how-people-cope", "Mine").unwrap();
    let (saved, collections) = c.bookmarks().unwrap();
    assert_eq!(collections, ["Mine"]);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].item.as_ref().unwrap().slug, "how-people-cope");
    // An import naming an item the library no longer has keeps it, and says which.
    let file = dir.path().join("x.json");
    std::fs::write(&file, r#"{"format": "second-victim-support-bookmarks", "version": 1, "collections": [], "bookmarks": [{"slug": "gone-item"}, {"slug": "glossary"}]}"#).unwrap();
    let imported = c.import(&ExportFile::read(&file).unwrap()).unwrap();
    assert_eq!((imported.added, imported.unknown_slugs), (2, vec!["gone-item".to_owned()]));
    let (saved, _) = c.bookmarks().unwrap();
    assert!(saved.iter().any(|it| it.bookmark.slug == "gone-item" && it.item.is_none()));
}

#[test]
fn home_counts_each_sections_items() {
    let dir = tempfile::tempdir().unwrap();
    let (_content, c) = companion(dir.path());
    let home = c.home().unwrap();
    assert_eq!(home.questions.len(), 4);
    let total: usize = home.sections.iter().map(|it| it.count).sum();
    assert_eq!(total, c.content().items().count());
    let stories = home.sections.iter().find(|it| it.section.id == "stories").unwrap();
    assert_eq!(stories.count, c.section("stories").unwrap().items.len());
    assert!(matches!(c.section("nope").unwrap_err(), companion::Error::SectionNotFound(_)));
    assert!(matches!(c.section("Bad Id").unwrap_err(), companion::Error::InvalidInput { .. }));
}

#[test]
fn one_owner_for_the_search_and_section_rules() {
    let ok =
        SearchRequest::parse("sleep".to_owned(), Some("for-you"), Some(""), None, false, 20, 0)
            .unwrap();
    assert_eq!(ok.filters.section.as_deref(), Some("for-you"));
    assert_eq!(ok.filters.audience, None);
    for (query, section, audience, kind, limit, offset) in [
        ("x".repeat(64 * 1024 + 1), None, None, None, 20, 0),
        ("x".to_owned(), Some("Not_Kebab"), None, None, 20, 0),
        ("x".to_owned(), Some(&*"a".repeat(61)), None, None, 20, 0),
        ("x".to_owned(), None, Some("everyone"), None, 20, 0),
        ("x".to_owned(), None, None, Some("poem"), 20, 0),
        ("x".to_owned(), None, None, None, 0, 0),
        ("x".to_owned(), None, None, None, 101, 0),
        ("x".to_owned(), None, None, None, 20, 100_001),
    ] {
        let err =
            SearchRequest::parse(query, section, audience, kind, false, limit, offset).unwrap_err();
        assert!(matches!(err, companion::Error::InvalidInput { .. }), "{err:?}");
    }
    assert!(parse_section_id("for-you").is_ok());
    for bad in ["", "-a", "a-", "a--b", "A", "a b", &"a".repeat(61)] {
        assert!(parse_section_id(bad).is_err(), "{bad}");
    }
}

#[test]
fn without_user_data_reading_works_and_bookmarks_say_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let (_content_dir, content) = crate::util::shipped_db();
    let mut c =
        Companion::new(content, None, &dir.path().join("user.sqlite3"), Vec::new()).unwrap();
    assert!(c.home().is_ok());
    assert_eq!(c.preferences(), Preferences::default());
    for err in [
        c.add_bookmark("glossary", "").unwrap_err(),
        c.bookmarks().map(|_| ()).unwrap_err(),
        c.set_preferences(&Preferences::default()).unwrap_err(),
    ] {
        assert!(matches!(err, companion::Error::UserDataUnavailable), "{err:?}");
    }
    // Clear my data starts a fresh database, and bookmarks work again.
    let cleared = c.clear();
    assert!(cleared.failed.is_empty(), "{:?}", cleared.failed);
    c.add_bookmark("glossary", "").unwrap();
}

#[test]
fn preferences_are_checked_before_they_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (_content, mut c) = companion(dir.path());
    let bad = Preferences { theme: "neon".to_owned(), ..Preferences::default() };
    assert!(matches!(c.set_preferences(&bad).unwrap_err(), companion::Error::InvalidInput { .. }));
    let good = Preferences { theme: "dark".to_owned(), text_size: 150, ..Preferences::default() };
    c.set_preferences(&good).unwrap();
    assert_eq!(c.preferences(), good);
}

#[test]
fn a_workshop_is_presented_and_the_audience_never_gets_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let content_dir = crate::util::shipped_db();
    let path = dir.path().join("user.sqlite3");
    let (user, _) = UserDb::open(&path).unwrap();
    let mut organisation = companion::content::load_contacts(
        &crate::util::root()
            .join("packaging/windows/organisation-example/organisation-contacts.toml"),
    )
    .0;
    assert!(!organisation.is_empty());
    organisation.truncate(1);
    let c = Companion::new(content_dir.1, Some(user), &path, organisation.clone()).unwrap();
    for slug in
        ["workshop-awareness-60", "workshop-managers-90", "workshop-peer-supporters-half-day"]
    {
        let p = c.presentation(slug).unwrap();
        assert!(p.slides.len() >= 5, "{slug}");
        assert_eq!(p.minutes, p.slides.iter().map(|it| it.slide.minutes).sum::<u32>());
        assert!(
            p.slides.iter().all(|it| !it.slide.notes.as_str().trim().is_empty()),
            "{slug}: notes for every slide"
        );
        for (index, presented) in p.slides.iter().enumerate() {
            let shown = c.audience_slide(slug, index).unwrap();
            assert_eq!(shown.title, presented.slide.title);
            assert_eq!(shown.screen, presented.slide.screen, "the audience sees the screen text");
            if let companion::content::SlideKind::Story(story) = &presented.slide.kind {
                assert_eq!(shown.story.as_ref().map(|it| it.slug.as_str()), Some(story.as_str()));
                assert!(
                    shown.story.as_ref().unwrap().content_warning.is_some(),
                    "a story excerpt comes with its warning"
                );
            }
            if presented.slide.kind == companion::content::SlideKind::Signposting {
                let names: Vec<&str> = shown.signposts.iter().map(|it| it.name.as_str()).collect();
                assert!(names.iter().any(|it| it.contains("Samaritans")), "{names:?}");
                assert_eq!(
                    names.last(),
                    Some(&organisation[0].name.as_str()),
                    "the organisation's own contacts come last"
                );
            }
        }
        let last = p.slides.last().unwrap();
        assert_eq!(
            last.slide.kind,
            companion::content::SlideKind::Signposting,
            "{slug} ends with where to get help"
        );
        assert!(c.audience_slide(slug, p.slides.len()).is_err());
    }
    assert!(matches!(
        c.presentation("glossary").unwrap_err(),
        companion::Error::InvalidInput { .. }
    ));
    assert!(matches!(
        c.presentation("no-such-workshop").unwrap_err(),
        companion::Error::ItemNotFound(_)
    ));
}

#[test]
fn a_handout_is_self_contained_and_carries_the_urgent_lines_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let (_content, c) = companion(dir.path());
    let one =
        c.handout(&["six-stages-of-recovery".to_owned()], "The six stages of recovery").unwrap();
    let pack = c
        .handout(
            &[
                "workshop-awareness-60".to_owned(),
                "story-ward-nurse".to_owned(),
                "checking-in-with-a-colleague".to_owned(),
            ],
            "Awareness session: reading pack",
        )
        .unwrap();
    for html in [&one, &pack] {
        assert_eq!(companion::handout::problems(html), Vec::<String>::new());
        for needed in [
            "116 123",
            "999",
            "85258",
            "If you need help now",
            "Sources",
            "library version",
            "edition 2 of the library from Second Victim Support",
        ] {
            assert!(html.contains(needed), "{needed} missing");
        }
    }
    let edition =
        format!("edition {} of the library from {}", c.meta().edition, c.meta().publisher);
    assert!(one.contains(&edition) && pack.contains(&edition), "the edition is printed: {edition}");
    assert!(pack.contains("<h2>Contents</h2>") && pack.contains("href=\"#item-story-ward-nurse\""));
    assert!(!one.contains("<h2>Contents</h2>"), "one page needs no contents");
    assert!(pack.contains("Content warning"), "the story's warning is printed with it");
    assert!(pack.contains("illustrative account"));
    // A workshop gives its participants' handout, never the plan or the presenter's notes.
    let workshop = c.item("workshop-awareness-60", "").unwrap().0;
    assert!(workshop.html.as_str().contains("Speaker notes"));
    assert!(pack.contains("Notes to take away"));
    assert!(pack.contains("Key points to remember"));
    assert!(!pack.contains("Speaker notes") && !pack.contains("On screen"));
    assert!(matches!(c.handout(&[], "x").unwrap_err(), companion::Error::InvalidInput { .. }));
    assert!(matches!(
        c.handout(&["glossary".to_owned()], " ").unwrap_err(),
        companion::Error::InvalidInput { .. }
    ));
    assert!(matches!(
        c.handout(&["nope".to_owned()], "x").unwrap_err(),
        companion::Error::ItemNotFound(_)
    ));
}

#[test]
fn a_session_pack_collection_travels_to_another_copy_as_that_collection() {
    let dir = tempfile::tempdir().unwrap();
    let (_content, mut c) = companion(dir.path());
    c.add_bookmark("workshop-awareness-60", "Tuesday session").unwrap();
    c.add_bookmark("story-ward-nurse", "Tuesday session").unwrap();
    c.add_bookmark("glossary", "").unwrap();
    let file = dir.path().join("tuesday.json");
    assert_eq!(c.export_collection(&file, "Tuesday session").unwrap(), 2);
    assert!(c.export_collection(&file, "No such").is_err());
    let other_dir = tempfile::tempdir().unwrap();
    let (_content2, mut other) = companion(other_dir.path());
    let imported = other.import(&ExportFile::read(&file).unwrap()).unwrap();
    assert_eq!(imported.added, 2);
    let (saved, collections) = other.bookmarks().unwrap();
    assert_eq!(collections, ["Tuesday session"]);
    assert!(saved.iter().all(|it| it.bookmark.collection == "Tuesday session"));
}
