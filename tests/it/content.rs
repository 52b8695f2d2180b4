//! Every content diagnostic, proved on a tiny fixture: the base library in tests/data/diagnostics/base with one
//! case folder laid over it. Each message says what is wrong and how to fix it, at the right line.

use expect_test::{Expect, expect};

use crate::util::fixture_library;

#[track_caller]
fn check(case: &str, expect: Expect) {
    let dir = fixture_library(case);
    let (_, diagnostics) = companion::content::load_dir(dir.path());
    let got = crate::util::relative(dir.path(), &diagnostics);
    expect.assert_eq(&got.join("\n"));
}

#[test]
fn the_base_library_is_clean() {
    check("base", expect![""]);
}

#[test]
fn no_front_matter() {
    check(
        "no-front-matter",
        expect![
            "s/a.md:1: missing front matter; start the file with a line `+++`, the TOML fields, then another `+++`"
        ],
    );
}

#[test]
fn unterminated_front_matter() {
    check(
        "unterminated-front-matter",
        expect!["s/a.md:1: unterminated front matter; add a line `+++` after the last TOML field"],
    );
}

#[test]
fn toml_syntax_error_names_its_line() {
    check(
        "toml-syntax",
        expect![[r#"s/a.md:3: invalid TOML: invalid basic string, expected `"`"#]],
    );
}

#[test]
fn unknown_key() {
    check(
        "unknown-key",
        expect![
            "s/a.md:8: invalid TOML: unknown field `sumary`, expected one of `title`, `summary`, `section`, `kind`, `audiences`, `tags`, `reviewed`, `order`, `content_warning`, `related`, `sources`, `minutes`, `urgent_help`; check the spelling against content/README.md"
        ],
    );
}

#[test]
fn missing_required_field() {
    check(
        "missing-title",
        expect![[
            r#"s/a.md:1: missing required field `title`; add `title = "..."` to the front matter"#
        ]],
    );
}

#[test]
fn unknown_section() {
    check("unknown-section", expect!["s/a.md:4: unknown section `nowhere`; use one of: s"]);
}

#[test]
fn unknown_kind() {
    check(
        "unknown-kind",
        expect![
            "s/a.md:5: unknown kind `essay`; use one of: article, story, research, resource, case-study, workshop"
        ],
    );
}

#[test]
fn unknown_audience() {
    check(
        "unknown-audience",
        expect![
            "s/a.md:6: unknown audience `patients`; use any of: involved, colleague, manager, organisation, trainer"
        ],
    );
}

#[test]
fn invalid_date() {
    check(
        "invalid-date",
        expect![
            "s/a.md:7: invalid date `2026-02-30` for `reviewed`; write a real date as YYYY-MM-DD, such as `reviewed = 2026-11-20`"
        ],
    );
}

#[test]
fn duplicate_slug() {
    check(
        "duplicate-slug",
        expect![
            "t/ok.md:1: duplicate slug `ok`: s/ok.md has the same file name; rename one of them"
        ],
    );
}

#[test]
fn slug_not_lowercase_kebab() {
    check(
        "bad-slug",
        expect![
            "s/Bad_Name.md:1: the file name `Bad_Name` is not a valid slug; rename the file with lowercase letters, digits and single hyphens, such as `the-first-days.md`"
        ],
    );
}

#[test]
fn broken_internal_link() {
    check(
        "broken-link",
        expect!["s/a.md:14: broken link `../s/missing.md`: there is no item s/missing.md"],
    );
}

#[test]
fn broken_anchor() {
    check(
        "broken-anchor",
        expect![
            "s/a.md:12: broken link `ok.md#part-two`: `ok` has no heading with id `part-two`; its heading ids are: part-one"
        ],
    );
}

#[test]
fn related_slug_that_does_not_exist() {
    check(
        "related-missing",
        expect![
            "s/a.md:8: related item `nope` does not exist; fix the slug or remove it from `related`"
        ],
    );
}

#[test]
fn item_with_no_sources() {
    check(
        "no-sources",
        expect![
            "s/a.md:1: no sources; add at least one `[[sources]]` entry with a `cite` (and a `doi` or `url` where there is one)"
        ],
    );
}

#[test]
fn empty_body() {
    check(
        "empty-body",
        expect!["s/a.md:11: empty body; write the item's text after the closing `+++`"],
    );
}

#[test]
fn urgent_contact_with_no_number() {
    check(
        "contact-no-route",
        expect![
            "contacts.toml:1: contact `c` is urgent but has no `phone`; an urgent route needs a number to call"
        ],
    );
}

#[test]
fn contact_with_no_way_to_reach_it_and_no_notes() {
    // Notes saying how to find it would make it acceptable (the shipped Confidental entry has only notes).
    check(
        "contact-no-route-no-notes",
        expect![
            "contacts.toml:1: contact `c` has neither `phone` nor `web` nor `text`; add one of them, or say in `notes` how to find the service"
        ],
    );
}

#[test]
fn contact_web_must_be_an_address() {
    check(
        "contact-bad-web",
        expect![[
            r#"contacts.toml:1: contact `c` has `web = "see the dental news article about it"`, where `see the dental news article about it` is not a web address; write the service's own address, such as "www.samaritans.org" (name a page where details were seen in `seen_at`)"#
        ]],
    );
}

#[test]
fn malformed_phone_number() {
    check(
        "contact-bad-phone",
        expect![[
            r#"contacts.toml:1: contact `c` has a malformed phone number `0800 CALL-NOW`; write digits and spaces only, such as "0300 0303 300""#
        ]],
    );
}

#[test]
fn folder_that_is_not_a_section() {
    check(
        "folder-not-section",
        expect![
            "extra:1: folder `extra` is not a section listed in sections.toml; add it there or move its files"
        ],
    );
}

#[test]
fn links_that_are_neither_items_nor_web_addresses() {
    check(
        "link-to-web-only",
        expect![[r#"
        s/a.md:12: broken link `javascript:alert(1)`: link to another item's file, such as `../for-you/the-first-days.md`, or to a web address starting with https://
        s/a.md:12: broken link `notes.pdf`: link to another item's file, such as `../for-you/the-first-days.md`, or to a web address starting with https://"#]],
    );
}

#[test]
fn every_problem_in_a_library_is_reported_at_once() {
    let dir = fixture_library("base");
    crate::util::copy_tree(&crate::util::data("diagnostics/unknown-kind"), dir.path());
    std::fs::copy(
        crate::util::data("diagnostics/contact-bad-phone/contacts.toml"),
        dir.path().join("contacts.toml"),
    )
    .unwrap();
    std::fs::copy(crate::util::data("diagnostics/broken-link/s/a.md"), dir.path().join("s/b.md"))
        .unwrap();
    let (library, diagnostics) = companion::content::load_dir(dir.path());
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    // The valid item still loads.
    assert!(library.items.iter().any(|it| it.slug.as_str() == "ok"));
}

#[test]
fn the_content_hash_names_a_content_version() {
    let a = fixture_library("base");
    let b = fixture_library("base");
    let hash = |dir: &std::path::Path| companion::content::load_dir(dir).0.content_hash;
    assert_eq!(hash(a.path()), hash(b.path()));
    std::fs::write(
        b.path().join("s/ok.md"),
        std::fs::read_to_string(b.path().join("s/ok.md")).unwrap() + "More.\n",
    )
    .unwrap();
    assert_ne!(hash(a.path()), hash(b.path()));
}

/// Lays `files` (name, text) over the base library and returns its diagnostics, paths relative to it.
fn check_files(files: &[(&str, &str)], remove: &[&str], expect: Expect) {
    let dir = fixture_library("base");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for name in remove {
        std::fs::remove_file(dir.path().join(name)).unwrap();
    }
    let (_, diagnostics) = companion::content::load_dir(dir.path());
    let got = crate::util::relative(dir.path(), &diagnostics);
    expect.assert_eq(&got.join("\n"));
}

#[test]
fn the_crisis_list_is_required() {
    check_files(
        &[],
        &["crisis.toml"],
        expect![
            "crisis.toml:1: missing crisis.toml; the crisis list is required (see content/README.md)"
        ],
    );
}

#[test]
fn crisis_list_problems_are_reported_at_their_line() {
    check_files(
        &[(
            "crisis.toml",
            r#"items = ["ok", "nope"]

[[phrase]]
terms = ["suicidal", "od"]
source = "test"

[[phrase]]
terms = ["Suicidal"]
unless = ["a patient"]

[[phrase]]
terms = []
source = "test"
"#,
        )],
        &[],
        expect![[r#"
            crisis.toml:1: there is no item `nope`; list items about getting help by their slug
            crisis.toml:3: crisis term `od` is a single word shorter than 4 letters, which would match too much; use a phrase
            crisis.toml:7: a crisis phrase needs a `source`: say where the phrase came from, such as `source = "the search issue's list"`
            crisis.toml:7: crisis term `suicidal` is already listed at line 3; remove one
            crisis.toml:7: each `unless` entry is one word, such as `unless = ["patient"]`
            crisis.toml:11: a crisis phrase needs `terms`; add the phrase and its variants, such as `terms = ["suicidal", "suicidle"]`"#]],
    );
}

#[test]
fn a_crisis_list_without_items_or_phrases_is_refused() {
    check_files(
        &[("crisis.toml", "items = []\n")],
        &[],
        expect![[r#"
            crisis.toml:1: crisis.toml has no `[[phrase]]`; the crisis list must not be empty
            crisis.toml:1: crisis.toml lists no `items`; add the slugs of the items about getting help, such as `items = ["where-can-i-get-help"]`"#]],
    );
}

#[test]
fn contact_aliases_are_checked() {
    let contacts =
        std::fs::read_to_string(crate::util::data("diagnostics/base/contacts.toml")).unwrap();
    let contacts = contacts.replace("seen = ", "aliases = [\"ok\", \"  \"]\nseen = ");
    check_files(
        &[("contacts.toml", &contacts)],
        &[],
        expect![
            "contacts.toml:1: contact `c` has an alias `` that is empty or longer than 60 characters; write a short name people search for"
        ],
    );
}

#[test]
fn two_synonym_groups_may_not_claim_the_same_words() {
    check_files(
        &[(
            "synonyms.toml",
            "[[group]]\nterms = [\"talk\", \"chat\"]\n\n[[group]]\nterms = [\"gossip\", \"talking about me\"]\n",
        )],
        &[],
        expect![
            "synonyms.toml:4: synonym term `talking about me` is matched like `talk` in the group at line 1 (same words once little words are dropped and endings removed); keep it in one group or make it more specific"
        ],
    );
}

/// A workshop in the slide format, with `body` after the front matter (which has `minutes = {minutes}`).
fn workshop(minutes: u32, body: &str) -> String {
    format!(
        "+++\ntitle = \"W\"\nsummary = \"S.\"\nsection = \"s\"\nkind = \"workshop\"\naudiences = [\"trainer\"]\nreviewed = 2026-11-20\nminutes = {minutes}\n\n[[sources]]\ncite = \"C.\"\n+++\nA plan.\n\n{body}"
    )
}

#[test]
fn slide_format_problems_are_reported_at_their_line() {
    // The body starts at line 13 ("A plan."); the first heading is line 15.
    let body = "## Welcome {minutes=5}\n\n:::screen\nHello\n:::\n\n## Talk {minutes=10}\n\n:::screen\nPoints\n:::\n\n## Discuss {minutes=10}\n\n:::slide\n:::notes\nModel answers.\n:::\n:::screen\nA prompt\n:::\n";
    check_files(
        &[("s/w.md", &workshop(30, body))],
        &[],
        expect![[r#"
            s/w.md:1: a workshop needs its participants' handout: add a `## Participants' handout` section with a `:::handout` … `:::` block (content/README.md)
            s/w.md:8: the segments add up to 25 minutes but `minutes = 30`; make them agree (Welcome 5, Talk 10, Discuss 10)
            s/w.md:15: the segment `Welcome` has no `:::notes` block; add the presenter's speaker notes
            s/w.md:21: the segment `Talk` has no `:::notes` block; add the presenter's speaker notes
            s/w.md:29: unknown slide directive `:::slide`; use `:::screen`, `:::notes`, `:::story <slug>`, `:::signposting` or `:::handout`, each block closed by `:::`"#]],
    );
}

#[test]
fn a_workshop_needs_its_length_and_slides_only_go_in_workshops() {
    let body = "## Welcome {minutes=5}\n\n:::screen\nHello\n:::\n:::notes\nSay hello.\n:::\n";
    let no_minutes = workshop(5, body).replace("minutes = 5\n", "");
    let article = workshop(5, body).replace("kind = \"workshop\"", "kind = \"article\"");
    check_files(
        &[("s/w.md", &no_minutes), ("s/x.md", &article)],
        &[],
        expect![[r#"
            s/w.md:1: a workshop needs its length: add `minutes = 60` (the total of its segments) to the front matter
            s/w.md:1: a workshop needs its participants' handout: add a `## Participants' handout` section with a `:::handout` … `:::` block (content/README.md)
            s/x.md:8: `minutes` is only for workshops; remove it
            s/x.md:15: `minutes=` on a heading of an item that is not a workshop; slides are only for `kind = "workshop"`
            s/x.md:17: slide directive `:::screen` in an item that is not a workshop; slides are only for `kind = "workshop"`
            s/x.md:20: slide directive `:::notes` in an item that is not a workshop; slides are only for `kind = "workshop"`"#]],
    );
}

#[test]
fn a_sound_workshop_has_its_slides_and_a_reading_body_without_directives() {
    let body = "## Welcome {#hello minutes=5}\n\n:::screen\n## Welcome\nGround rules\n:::\n\n:::notes\nSay [hello](#hello).\n:::\n\n## Close {minutes=5}\n\n:::signposting\n\n:::notes\nThank people.\n:::\n\n## Participants' handout\n\n:::handout\n### To take away\n\n- Look after each other.\n:::\n";
    let dir = fixture_library("base");
    std::fs::write(dir.path().join("s/w.md"), workshop(10, body)).unwrap();
    let (library, diagnostics) = companion::content::load_dir(dir.path());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let item = library.items.iter().find(|it| it.slug.as_str() == "w").unwrap();
    assert_eq!(item.minutes, Some(10));
    let slides: Vec<(&str, u32)> =
        item.slides.iter().map(|it| (it.title.as_str(), it.minutes)).collect();
    assert_eq!(slides, [("Welcome", 5), ("Close", 5)]);
    assert!(item.slides[0].screen.as_str().contains("Ground rules"));
    assert!(item.slides[0].notes.as_str().contains("Say"));
    assert_eq!(item.slides[1].kind, companion::content::SlideKind::Signposting);
    let html = item.html.as_str();
    assert!(!html.contains(":::"), "{html}");
    assert!(html.contains("On screen") && html.contains("Speaker notes"), "{html}");
    assert!(html.contains("id=\"hello\""), "{html}");
    // The participants' handout is shown on the page and kept apart for "Make a handout…".
    assert!(html.contains("Look after each other"), "{html}");
    let handout = item.handout.as_ref().expect("the handout").as_str();
    assert!(handout.contains("<h3") && handout.contains("Look after each other"), "{handout}");
    assert!(!handout.contains("Thank people") && !handout.contains("Ground rules"), "{handout}");
}

#[test]
fn pages_about_processes_coping_and_stories_must_end_with_the_urgent_routes() {
    let item = |kind: &str, tags: &str, help: &str| {
        format!(
            "+++\ntitle = \"T\"\nsummary = \"S.\"\nsection = \"s\"\nkind = \"{kind}\"\naudiences = [\"involved\"]\ntags = [{tags}]\nreviewed = 2026-11-20\n{help}\n[[sources]]\ncite = \"C.\"\n+++\n## Part\n\nText.\n"
        )
    };
    check_files(
        &[
            ("s/story.md", &item("story", "", "")),
            ("s/inquest.md", &item("article", "\"inquest\"", "")),
            ("s/fine.md", &item("article", "\"inquest\"", "urgent_help = true")),
            ("s/other.md", &item("article", "\"history\"", "")),
        ],
        &[],
        expect![[r#"
            s/inquest.md:1: this item is tagged `inquest`, so it must end with the urgent routes: add `urgent_help = true` to the front matter
            s/story.md:1: this item is a story, so it must end with the urgent routes: add `urgent_help = true` to the front matter"#]],
    );
}

#[test]
fn contact_dates_are_as_precise_as_their_source_or_absent() {
    let contact = |seen: &str| {
        format!(
            "[[contact]]\nid = \"c\"\nname = \"C\"\ngroup = \"confidential\"\nwho = \"W.\"\noffers = \"O.\"\nphone = \"0100 000 000\"\nnations = [\"uk\"]\nprofessions = [\"all\"]\n{seen}\nseen_at = \"a leaflet\"\n"
        )
    };
    for (seen, shown) in [
        ("seen = \"2024\"", Some("2024")),
        ("seen = \"2024-08\"", Some("2024-08")),
        ("seen = 2024-08-15", Some("2024-08-15")),
        ("", None),
    ] {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), contact(seen)).unwrap();
        let (contacts, diagnostics) = companion::content::load_contacts(file.path());
        assert!(diagnostics.is_empty(), "{seen}: {diagnostics:?}");
        assert_eq!(contacts[0].seen.map(|it| it.to_string()).as_deref(), shown, "{seen}");
    }
    for bad in
        ["seen = \"Spring 2024\"", "seen = \"2024-13\"", "seen = \"2024-02-30\"", "seen = \"24\""]
    {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), contact(bad)).unwrap();
        let (_, diagnostics) = companion::content::load_contacts(file.path());
        assert!(
            diagnostics
                .iter()
                .any(|it| it.line == 1 && it.message.contains("at the precision its source gives")),
            "{bad}: {diagnostics:?}"
        );
    }
}
