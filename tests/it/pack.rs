//! Library packs: made and checked as the CLI and the app do, and every bad pack refused with its own sentence,
//! changing nothing.

use std::path::Path;
use std::sync::LazyLock;

use companion::pack::{self, Manifest, Refusal, TrustedKey};
use companion::{Companion, Error, UserDb};
use proptest::prelude::*;

use crate::util::{fixture_library, shipped_db};

/// A publisher's key pair made for the tests: (secret key text, its trusted public key).
fn keys() -> (String, TrustedKey) {
    let (secret, public) = pack::keygen().unwrap();
    (secret.clone(), TrustedKey::parse(&public, "test key").unwrap())
}

/// The content database bytes of a small library of edition `edition`.
fn database(edition: u64) -> Vec<u8> {
    let dir = fixture_library("base");
    std::fs::write(
        dir.path().join("library.toml"),
        format!("edition = {edition}\npublisher = \"Test Trust\"\n"),
    )
    .unwrap();
    let out = dir.path().join("content.sqlite3");
    companion::content_db::build_dir(dir.path(), &out).unwrap().unwrap();
    std::fs::read(out).unwrap()
}

struct Fixture {
    secret: String,
    key: TrustedKey,
    /// A valid pack of edition 5.
    pack: Vec<u8>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let (secret, key) = keys();
    let pack = pack::write(&database(5), &secret, "2026-12-05").unwrap();
    Fixture { secret, key, pack }
});

fn refused(bytes: &[u8], keys: &[TrustedKey]) -> Refusal {
    match pack::verify(bytes, keys) {
        Ok(it) => panic!("accepted: {:?}", it.manifest),
        Err(it) => it,
    }
}

/// The manifest `pack::write` would write for `database`, to change one field of.
fn manifest_of(database: &[u8]) -> Manifest {
    let f = &*FIXTURE;
    let pack = pack::write(database, &f.secret, "2026-12-05").unwrap();
    pack::verify(&pack, std::slice::from_ref(&f.key)).unwrap().manifest
}

#[test]
fn a_pack_verifies_and_says_what_it_holds() {
    let f = &*FIXTURE;
    let verified = pack::verify(&f.pack, std::slice::from_ref(&f.key)).unwrap();
    let m = &verified.manifest;
    assert_eq!((m.format, m.edition, m.publisher.as_str()), (1, 5, "Test Trust"));
    assert_eq!(m.created, "2026-12-05");
    assert_eq!(m.schema_version, companion::content_db::SCHEMA_VERSION);
    assert_eq!(m.min_app_version, pack::APP_VERSION);
    assert_eq!(m.items, verified.database.meta().item_count);
    assert_eq!(m.library_version, verified.database.meta().content_hash);
    assert_eq!(verified.key_id, f.key.id());
    assert_eq!(verified.key_id.len(), 16);
    assert!(verified.database.contains("ok"));
}

#[test]
fn every_bad_pack_is_refused_with_its_own_reason() {
    let f = &*FIXTURE;
    let keys = std::slice::from_ref(&f.key);
    let good = &f.pack;
    let db = database(5);
    let cases: Vec<(&str, Vec<u8>, Refusal)> = vec![
        ("empty", Vec::new(), Refusal::Empty),
        ("a text file", b"hello, this is not a pack\n".to_vec(), Refusal::NotAPack),
        ("a bare database", db.clone(), Refusal::NotAPack),
        ("cut inside the magic", good[..4].to_vec(), Refusal::Truncated),
        ("cut inside the signature", good[..60].to_vec(), Refusal::Truncated),
        ("cut inside the database", good[..good.len() - 100].to_vec(), Refusal::Truncated),
        ("one byte short", good[..good.len() - 1].to_vec(), Refusal::Truncated),
        ("a byte added at the end", [good.as_slice(), b"x"].concat(), Refusal::Damaged),
        ("a flipped byte in the database", flip(good, good.len() - 10), Refusal::Modified),
        (
            "a flipped byte in the manifest",
            flip(good, find(good, b"\"publisher\"") + 3),
            Refusal::Modified,
        ),
        ("a changed untrusted comment", flip(good, find(good, b"library pack")), Refusal::Damaged),
    ];
    for (what, bytes, expected) in cases {
        assert_eq!(refused(&bytes, keys), expected, "{what}");
    }
    // Signed by another key, or trusted keys that do not include its own.
    let (other_secret, other_key) = keys_pair();
    let by_other = pack::write(&db, &other_secret, "2026-12-05").unwrap();
    assert_eq!(refused(&by_other, keys), Refusal::UnknownKey(other_key.id()));
    assert_eq!(refused(good, &[]), Refusal::UnknownKey(f.key.id()));
    assert!(pack::verify(&by_other, &[f.key.clone(), other_key]).is_ok());
    // Signed properly, but not something this app can use.
    let mut newer_app = manifest_of(&db);
    newer_app.min_app_version = "99.0.0".to_owned();
    let bytes = pack::write_raw(&newer_app, &db, &f.secret).unwrap();
    assert_eq!(
        refused(&bytes, keys),
        Refusal::NeedsNewerApp("99.0.0".to_owned(), pack::APP_VERSION.to_owned())
    );
    let mut newer_schema = manifest_of(&db);
    newer_schema.schema_version += 1;
    let bytes = pack::write_raw(&newer_schema, &db, &f.secret).unwrap();
    assert_eq!(
        refused(&bytes, keys),
        Refusal::OtherFormat(newer_schema.schema_version, companion::content_db::SCHEMA_VERSION)
    );
    let mut wrong_hash = manifest_of(&db);
    wrong_hash.database_sha256 = "0".repeat(64);
    let bytes = pack::write_raw(&wrong_hash, &db, &f.secret).unwrap();
    assert_eq!(refused(&bytes, keys), Refusal::Damaged);
    let mut wrong_edition = manifest_of(&db);
    wrong_edition.edition = 99;
    let bytes = pack::write_raw(&wrong_edition, &db, &f.secret).unwrap();
    assert_eq!(
        refused(&bytes, keys),
        Refusal::Damaged,
        "the manifest must agree with the database"
    );
    // A damaged database, signed: SQLite's checks find it.
    let mut damaged = db.clone();
    let page = 4096.min(damaged.len() / 2);
    for byte in &mut damaged[page..page + 200] {
        *byte = 0x5a;
    }
    let mut manifest = manifest_of(&db);
    manifest.database_sha256 = companion::content_db::sha256_hex(&damaged);
    let bytes = pack::write_raw(&manifest, &damaged, &f.secret).unwrap();
    assert!(matches!(refused(&bytes, keys), Refusal::DatabaseDamaged(_)));
    // Each reason has its own sentence for the person.
    let sentences: std::collections::HashSet<String> = [
        Refusal::Empty,
        Refusal::TooLarge(3 << 30, 1 << 20),
        Refusal::NotAPack,
        Refusal::Truncated,
        Refusal::Damaged,
        Refusal::UnknownKey("AB".to_owned()),
        Refusal::Modified,
        Refusal::NeedsNewerApp("9.0.0".to_owned(), "0.1.0".to_owned()),
        Refusal::OtherFormat(99, 6),
        Refusal::DatabaseDamaged("x".to_owned()),
        Refusal::NotNewer(1, 2),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(sentences.len(), 11);
}

#[test]
fn huge_and_empty_files_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.svpack");
    // A sparse 2 GiB file: refused from its size alone, without reading 2 GiB.
    std::fs::File::create(&huge).unwrap().set_len(2 << 30).unwrap();
    let err = pack::read_file(&huge).unwrap_err();
    assert!(
        matches!(err, Error::PackRefused(Refusal::TooLarge(size, _)) if size == 2 << 30),
        "{err:?}"
    );
    assert!(err.to_string().contains("2048 MiB"), "{err}");
    let empty = dir.path().join("empty.svpack");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(pack::read_file(&empty).unwrap_err(), Error::PackRefused(Refusal::Empty)));
    assert!(matches!(
        pack::read_file(&dir.path().join("none.svpack")).unwrap_err(),
        Error::Io { .. }
    ));
}

fn keys_pair() -> (String, TrustedKey) {
    keys()
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut res = bytes.to_vec();
    res[at] ^= 0x01;
    res
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).position(|it| it == needle).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any byte of a valid pack changed, to any other value: never accepted.
    #[test]
    fn no_changed_byte_is_ever_accepted(at in any::<prop::sample::Index>(), mask in 1u8..=255) {
        let f = &*FIXTURE;
        let mut bytes = f.pack.clone();
        let at = at.index(bytes.len());
        bytes[at] ^= mask;
        prop_assert!(pack::verify(&bytes, std::slice::from_ref(&f.key)).is_err(), "byte {} ^ {:#x} accepted", at, mask);
    }
}

/// A person's companion on the shipped library (edition 2), with a bookmark.
fn person(dir: &Path) -> (tempfile::TempDir, Companion) {
    let (content_dir, content) = shipped_db();
    let path = dir.join("user.sqlite3");
    let (user, _) = UserDb::open(&path).unwrap();
    let mut c = Companion::new(content, Some(user), &path, Vec::new()).unwrap();
    c.add_bookmark("how-people-cope", "").unwrap();
    (content_dir, c)
}

#[test]
fn installing_a_newer_pack_switches_the_library_and_keeps_bookmarks() {
    let f = &*FIXTURE;
    let dir = tempfile::tempdir().unwrap();
    let (_content, mut c) = person(dir.path());
    assert_eq!(c.meta().edition, 2);
    assert_eq!(c.origin(), &pack::Origin::BuiltIn);
    let dest = dir.path().join("library").join("installed.svpack");
    let manifest = c.install_pack(&f.pack, std::slice::from_ref(&f.key), &dest).unwrap();
    assert_eq!(manifest.edition, 5);
    assert_eq!(c.meta().edition, 5);
    assert_eq!(std::fs::read(&dest).unwrap(), f.pack, "the pack is kept for the next start");
    assert!(matches!(c.origin(), pack::Origin::Pack { key_id, .. } if *key_id == f.key.id()));
    assert!(c.item("ok", "").is_ok(), "the new library is in use");
    // The bookmark is kept, shown as missing: the small library has no such item.
    let (saved, _) = c.bookmarks().unwrap();
    assert_eq!(saved.len(), 1);
    assert!(saved[0].item.is_none());
    // The same pack again, or an older one: refused, nothing changes.
    let err = c.install_pack(&f.pack, std::slice::from_ref(&f.key), &dest).unwrap_err();
    assert!(matches!(err, Error::PackRefused(Refusal::NotNewer(5, 5))), "{err:?}");
    let older = pack::write(&database(4), &f.secret, "2026-12-05").unwrap();
    let err = c.install_pack(&older, std::slice::from_ref(&f.key), &dest).unwrap_err();
    assert!(matches!(err, Error::PackRefused(Refusal::NotNewer(4, 5))), "{err:?}");
    assert_eq!(std::fs::read(&dest).unwrap(), f.pack);
}

#[test]
fn a_refused_pack_changes_nothing() {
    let f = &*FIXTURE;
    let dir = tempfile::tempdir().unwrap();
    let (_content, mut c) = person(dir.path());
    let dest = dir.path().join("installed.svpack");
    std::fs::write(&dest, b"the pack in use").unwrap();
    let hash = c.meta().content_hash.clone();
    for bad in [flip(&f.pack, f.pack.len() / 2), f.pack[..f.pack.len() / 2].to_vec(), Vec::new()] {
        assert!(matches!(
            c.install_pack(&bad, std::slice::from_ref(&f.key), &dest).unwrap_err(),
            Error::PackRefused(_)
        ));
        assert_eq!(c.meta().content_hash, hash);
        assert_eq!(c.origin(), &pack::Origin::BuiltIn);
        assert_eq!(std::fs::read(&dest).unwrap(), b"the pack in use");
        assert_eq!(c.bookmarks().unwrap().0.len(), 1);
    }
    // A destination that cannot be written: refused before the switch.
    let blocked = dir.path().join("a-file").join("installed.svpack");
    std::fs::write(dir.path().join("a-file"), b"").unwrap();
    assert!(c.install_pack(&f.pack, std::slice::from_ref(&f.key), &blocked).is_err());
    assert_eq!(c.meta().content_hash, hash);
}

#[test]
fn a_pack_arriving_during_searches_never_breaks_one() {
    let f = &*FIXTURE;
    let dir = tempfile::tempdir().unwrap();
    let (_content, c) = person(dir.path());
    // As the app holds it: one lock, taken by each search and by the install.
    let shared = std::sync::Arc::new(std::sync::Mutex::new(c));
    let searchers: Vec<_> = (0..2)
        .map(|_| {
            let shared = shared.clone();
            std::thread::spawn(move || {
                let request = companion::companion::SearchRequest::parse(
                    "guilt".to_owned(),
                    None,
                    None,
                    None,
                    false,
                    10,
                    0,
                )
                .unwrap();
                for _ in 0..200 {
                    let c = shared.lock().unwrap();
                    c.search(&request).unwrap();
                }
            })
        })
        .collect();
    let dest = dir.path().join("installed.svpack");
    shared.lock().unwrap().install_pack(&f.pack, std::slice::from_ref(&f.key), &dest).unwrap();
    for it in searchers {
        it.join().unwrap();
    }
    assert_eq!(shared.lock().unwrap().meta().edition, 5);
}

#[test]
fn at_start_the_newest_good_library_is_used_and_bad_packs_are_named() {
    let f = &*FIXTURE;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("b-good.svpack");
    std::fs::write(&good, &f.pack).unwrap();
    let bad = dir.path().join("a-bad.svpack");
    std::fs::write(&bad, flip(&f.pack, 100)).unwrap();
    let older = dir.path().join("c-older.svpack");
    std::fs::write(&older, pack::write(&database(3), &f.secret, "2026-12-05").unwrap()).unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"not a pack").unwrap();
    let found = pack::packs_in(dir.path());
    assert_eq!(found, [bad.clone(), good.clone(), older.clone()]);
    let (built_in_dir, built_in) = shipped_db();
    let (in_use, problems) = pack::choose(built_in, &found, std::slice::from_ref(&f.key));
    assert_eq!(in_use.database.meta().edition, 5);
    assert!(matches!(&in_use.origin, pack::Origin::Pack { path, .. } if *path == good));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("a-bad.svpack") && problems[0].contains("not used"));
    drop(built_in_dir);
    // When no pack is newer than the built-in library (edition 2), the built-in one is used.
    let same = dir.path().join("same.svpack");
    std::fs::write(&same, pack::write(&database(2), &f.secret, "2026-12-05").unwrap()).unwrap();
    let (_dir, built_in) = shipped_db();
    let (in_use, problems) = pack::choose(built_in, &[same], std::slice::from_ref(&f.key));
    assert_eq!(in_use.origin, pack::Origin::BuiltIn);
    assert!(problems.is_empty());
}

#[test]
fn library_toml_gives_the_edition_and_publisher() {
    let dir = fixture_library("base");
    std::fs::write(dir.path().join("library.toml"), "edition = 0\npublisher = \"X\"\n").unwrap();
    let (_, diagnostics) = companion::content::load_dir(dir.path());
    let text: Vec<String> = crate::util::relative(dir.path(), &diagnostics);
    assert_eq!(
        text,
        [
            "library.toml:1: `edition` is 0; editions start at 1 and go up by one with each published edition"
        ]
    );
    std::fs::write(dir.path().join("library.toml"), "edition = 3\npublisher = \"\"\n").unwrap();
    let (_, diagnostics) = companion::content::load_dir(dir.path());
    assert!(
        diagnostics[0]
            .to_string()
            .contains("library.toml:2: `publisher` must be 1 to 100 characters")
    );
    // A library without an edition cannot be packed.
    let out = dir.path().join("db.sqlite3");
    std::fs::remove_file(dir.path().join("library.toml")).unwrap();
    companion::content_db::build_dir(dir.path(), &out).unwrap().unwrap();
    let err = pack::write(&std::fs::read(out).unwrap(), &FIXTURE.secret, "2026-12-05").unwrap_err();
    assert!(err.to_string().contains("library.toml"), "{err}");
}

#[test]
fn key_files_are_read_from_a_folder_and_bad_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let (_, public) = pack::keygen().unwrap();
    std::fs::write(dir.path().join("trust.pub"), &public).unwrap();
    std::fs::write(dir.path().join("broken.pub"), "untrusted comment: x\nnot base64\n").unwrap();
    std::fs::write(dir.path().join("readme.txt"), "ignored").unwrap();
    let (keys, problems) = TrustedKey::read_dir(dir.path());
    assert_eq!(keys.len(), 1);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("broken.pub"), "{problems:?}");
    // The base64 line alone is a key too.
    let line = public.lines().nth(1).unwrap();
    assert_eq!(TrustedKey::parse(line, "line").unwrap().id(), keys[0].id());
    assert!(TrustedKey::read_dir(&dir.path().join("missing")).0.is_empty());
}
