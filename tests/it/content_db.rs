//! The content database: what a build stores, and how a damaged or foreign file is refused at open.

use companion::content::{self, Kind};
use companion::{ContentDb, Error, content_db};

use crate::util::small_library;

fn build(dir: &std::path::Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let (library, diagnostics) = content::load_dir(dir);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("content.sqlite3");
    content_db::build(&library, &path).unwrap();
    (out, path)
}

#[test]
fn a_build_stores_items_sections_related_links_and_meta() {
    let dir = small_library(&[
        ("alpha", "Alpha", "## One\n\nSee [beta](beta.md)."),
        ("beta", "Beta", "Plain."),
    ]);
    // Alpha names beta as related; beta must list alpha back.
    let alpha = dir.path().join("s/alpha.md");
    let text = std::fs::read_to_string(&alpha).unwrap().replacen(
        "reviewed = 2026-11-20",
        "reviewed = 2026-11-21\nrelated = [\"beta\"]\norder = 1",
        1,
    );
    std::fs::write(&alpha, text).unwrap();
    let (_out, path) = build(dir.path());
    let db = ContentDb::open(&path).unwrap();
    assert_eq!(db.meta().item_count, 3);
    assert_eq!(db.meta().content_date, "2026-11-21");
    assert_eq!(db.meta().content_hash.len(), 64);
    let slugs: Vec<String> = db.section_items("s").unwrap().into_iter().map(|it| it.slug).collect();
    assert_eq!(slugs, ["alpha", "beta", "ok"], "order first, then title");
    let page = db.item("alpha").unwrap();
    assert_eq!(page.summary.kind, Kind::Article);
    assert!(page.html.as_str().contains(r##"<a href="#/article/beta">beta</a>"##));
    assert_eq!(page.toc.len(), 1);
    assert_eq!(page.related.iter().map(|it| it.slug.as_str()).collect::<Vec<_>>(), ["beta"]);
    assert_eq!(page.prev, None);
    assert_eq!(page.next.as_ref().map(|it| it.slug.as_str()), Some("beta"));
    let beta = db.item("beta").unwrap();
    assert_eq!(
        beta.related.iter().map(|it| it.slug.as_str()).collect::<Vec<_>>(),
        ["alpha"],
        "related links go both ways"
    );
    assert_eq!(db.contacts().unwrap().len(), 1);
    assert_eq!(db.questions().unwrap().len(), 1);
    assert!(matches!(db.item("nope"), Err(Error::ItemNotFound(_))));
    assert!(matches!(db.section_items("nope"), Err(Error::SectionNotFound(_))));
}

#[test]
fn the_same_content_gives_the_same_hash_in_the_database() {
    let dir = small_library(&[("alpha", "Alpha", "Text.")]);
    let (_a, first) = build(dir.path());
    let (_b, second) = build(dir.path());
    assert_eq!(
        ContentDb::open(&first).unwrap().meta().content_hash,
        ContentDb::open(&second).unwrap().meta().content_hash
    );
}

#[test]
fn an_embedded_copy_opens_from_memory() {
    let dir = small_library(&[("alpha", "Alpha", "Text.")]);
    let (_out, path) = build(dir.path());
    let bytes: &'static [u8] = Box::leak(std::fs::read(&path).unwrap().into_boxed_slice());
    let db = ContentDb::from_static(bytes).unwrap();
    assert_eq!(db.meta().item_count, 2);
    assert_eq!(db.search("alpha", &Default::default(), 10, 0).unwrap().total, 1);
}

#[test]
fn a_damaged_file_is_refused_not_shown_half_broken() {
    let dir = small_library(&[("alpha", "Alpha", &"Words to fill pages. ".repeat(2000))]);
    let (_out, path) = build(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    // Overwrite a stretch in the middle of the file, where the b-tree pages are.
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 4096] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = ContentDb::open(&path).unwrap_err();
    assert!(matches!(err, Error::ContentDbDamaged(_)), "{err:?}");

    std::fs::write(&path, b"not a database at all, just text").unwrap();
    assert!(matches!(ContentDb::open(&path).unwrap_err(), Error::ContentDbDamaged(_)));
    assert!(matches!(
        ContentDb::open(&path.with_extension("missing")).unwrap_err(),
        Error::ContentDbDamaged(_)
    ));
}

#[test]
fn building_straight_from_a_folder_gives_the_same_database_as_loading_then_building() {
    let dir = small_library(&[
        ("alpha", "Alpha", "## One\n\nSleep comes back slowly. See [beta](beta.md)."),
        ("beta", "Beta", "Talking to a colleague about sleep helped."),
        ("gamma", "Gamma", "Nothing about that here."),
    ]);
    let (_out, loaded_then_built) = build(dir.path());
    let out = tempfile::tempdir().unwrap();
    let direct = out.path().join("direct.sqlite3");
    let meta = content_db::build_dir(dir.path(), &direct).unwrap().unwrap();
    let (a, b) = (ContentDb::open(&loaded_then_built).unwrap(), ContentDb::open(&direct).unwrap());
    assert_eq!(a.meta(), &meta);
    assert_eq!(b.meta(), &meta);
    let filters = companion::search::Filters::default();
    for query in ["sleep ", "colleague", "nothing here", "one"] {
        assert_eq!(
            a.search(query, &filters, 20, 0).unwrap(),
            b.search(query, &filters, 20, 0).unwrap(),
            "{query}"
        );
    }
    assert_eq!(a.item("alpha").unwrap().html, b.item("alpha").unwrap().html);
}

#[test]
fn building_a_folder_with_problems_writes_nothing_and_keeps_the_old_file() {
    let dir = crate::util::fixture_library("duplicate-slug");
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("content.sqlite3");
    std::fs::write(&out, "the previous build").unwrap();
    let diagnostics = content_db::build_dir(dir.path(), &out).unwrap().unwrap_err();
    assert!(diagnostics.iter().any(|it| it.message.contains("duplicate slug")), "{diagnostics:#?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the previous build");
    assert!(!out.with_extension("sqlite3.tmp").exists());
}

#[test]
fn an_embedded_database_is_checked_against_its_build_hash() {
    let (dir, _) = crate::util::shipped_db();
    let bytes: &'static [u8] =
        Box::leak(std::fs::read(dir.path().join("content.sqlite3")).unwrap().into_boxed_slice());
    let hash = companion::content_db::sha256_hex(bytes);
    assert_eq!(hash.len(), 64);
    assert!(companion::ContentDb::from_static_checked(bytes, &hash).is_ok());
    let err = companion::ContentDb::from_static_checked(bytes, &"0".repeat(64)).unwrap_err();
    assert!(matches!(err, companion::Error::ContentDbDamaged(_)), "{err:?}");
    // One flipped byte anywhere is caught before SQLite reads a page.
    let mut flipped = bytes.to_vec();
    flipped[bytes.len() / 2] ^= 1;
    let flipped: &'static [u8] = Box::leak(flipped.into_boxed_slice());
    assert!(companion::ContentDb::from_static_checked(flipped, &hash).is_err());
}
