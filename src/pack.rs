//! Library packs: a content database and its manifest in one file, signed by its publisher, so an organisation
//! can update the library on many PCs without a new build of the app (docs/DEPLOYMENT.md).
//!
//! A pack file is, byte for byte:
//!
//! ```text
//! SVPACK1\n
//! signature <n>\n  <n bytes: a minisign signature, the text `minisign -S` writes>
//! manifest <n>\n   <n bytes: the manifest, JSON>
//! database <n>\n   <n bytes: the SQLite content database>
//! ```
//!
//! The signature (Ed25519 over the BLAKE2b-512 hash of the data, minisign's format, which the Tauri updater also
//! uses) covers everything after the signature: the manifest header, the manifest, the database header and the
//! database. Its untrusted comment is fixed and the signature text must be exactly what minisign would write
//! for it, so no byte of a pack can change without the pack being refused. The manifest then repeats the
//! database's SHA-256, schema version and edition, and the database is checked with SQLite's `quick_check`
//! before it is used.
//!
//! [`read`] checks everything that can be checked from the file alone, in the order the person can act on:
//! is it a pack at all, is it whole, is its key trusted, is it unchanged, can this app read it, is its database
//! sound. Whether its edition is newer than the library in use is the caller's question ([`Refusal::NotNewer`]).

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content_db::{ContentDb, SCHEMA_VERSION, sha256_hex};
pub use crate::error::Refusal;
use crate::error::{Error, Result};

/// The first bytes of every pack.
pub const MAGIC: &[u8] = b"SVPACK1\n";
/// The largest pack accepted: far above any real library (the shipped one is under 10 MiB), far below what
/// would strain a ward PC's memory.
pub const MAX_PACK_BYTES: u64 = 256 * 1024 * 1024;
/// The file name ending of packs.
pub const EXTENSION: &str = "svpack";
/// The untrusted comment of every pack's signature (fixed, so that it cannot be altered unnoticed).
const UNTRUSTED_COMMENT: &str = "Second Victim Support library pack";
/// The version of this app, which a pack's `min_app_version` is compared with.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The longest manifest accepted.
const MAX_MANIFEST_BYTES: usize = 64 * 1024;
/// The longest signature text accepted.
const MAX_SIGNATURE_BYTES: usize = 4 * 1024;

/// What a pack says about itself, signed with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The pack format, 1.
    pub format: u32,
    /// The edition: a pack is installed only when this is higher than the library in use.
    pub edition: u64,
    /// Who published it.
    pub publisher: String,
    /// When the pack was made (UTC, `YYYY-MM-DD`).
    pub created: String,
    /// The library version: the content hash of the folder it was built from.
    pub library_version: String,
    /// The newest `reviewed` date of its items.
    pub content_date: String,
    /// How many items it holds.
    pub items: usize,
    /// The content database's schema version.
    pub schema_version: u32,
    /// The oldest app version that can read it (`major.minor.patch`).
    pub min_app_version: String,
    /// The SHA-256 of the database bytes, lowercase hex.
    pub database_sha256: String,
}

/// A public key a pack may be signed with, and where it came from.
#[derive(Clone)]
pub struct TrustedKey {
    key: minisign::PublicKey,
    /// Where the key came from ("built into this app", or its file), for About and the log.
    pub source: String,
}

impl std::fmt::Debug for TrustedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TrustedKey({} from {})", self.id(), self.source)
    }
}

impl TrustedKey {
    /// Reads a public key as `companion keygen` (or `minisign -G`) writes it: the two-line `.pub` file, or the
    /// base64 line alone.
    pub fn parse(text: &str, source: &str) -> Result<TrustedKey> {
        let text = text.trim();
        let key = if text.starts_with("untrusted comment:") {
            minisign::PublicKeyBox::from_string(text).and_then(|it| it.into_public_key())
        } else {
            minisign::PublicKey::from_base64(text)
        };
        key.map(|key| TrustedKey { key, source: source.to_owned() }).map_err(|err| {
            Error::invalid("public key", format!("{source} is not a minisign public key ({err})"))
        })
    }

    /// Reads every `*.pub` file in `dir` (none when it does not exist); a file that is not a key is returned
    /// as a problem, and the others are still trusted.
    pub fn read_dir(dir: &Path) -> (Vec<TrustedKey>, Vec<String>) {
        let mut keys = Vec::new();
        let mut problems = Vec::new();
        for path in files_ending(dir, "pub") {
            let source = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => match TrustedKey::parse(&text, &source) {
                    Ok(key) => keys.push(key),
                    Err(err) => problems.push(err.to_string()),
                },
                Err(err) => problems.push(format!("{source}: {err}")),
            }
        }
        (keys, problems)
    }

    /// The key id as minisign prints it: 16 hex digits.
    pub fn id(&self) -> String {
        key_id(self.key.keynum())
    }
}

/// A key id as minisign prints it (the 8 id bytes as a little-endian number, in hex).
fn key_id(keynum: &[u8]) -> String {
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(keynum) {
        *to = *from;
    }
    format!("{:016X}", u64::from_le_bytes(bytes))
}

/// A new key pair for a publisher: the secret key file's text and the public key file's text.
pub fn keygen() -> Result<(String, String)> {
    let pair = minisign::KeyPair::generate_unencrypted_keypair()
        .map_err(|err| Error::invalid("key", format!("could not generate a key pair: {err}")))?;
    let secret = pair
        .sk
        .to_box(Some("Second Victim Support library publisher: secret key"))
        .map_err(|err| Error::invalid("key", err.to_string()))?
        .to_string();
    let public =
        pair.pk.to_box().map_err(|err| Error::invalid("key", err.to_string()))?.to_string();
    Ok((secret, public))
}

/// Writes a pack of the content database `database` signed with the secret key `secret_key` (the text of the
/// file `companion keygen` wrote). The manifest comes from the database itself.
pub fn write(database: &[u8], secret_key: &str, created: &str) -> Result<Vec<u8>> {
    let db = ContentDb::from_bytes(database)?;
    let meta = db.meta();
    if meta.edition == 0 || meta.publisher.is_empty() {
        return Err(Error::invalid(
            "library",
            "it has no edition and publisher; add content/library.toml (see content/README.md)",
        ));
    }
    let manifest = Manifest {
        format: 1,
        edition: meta.edition,
        publisher: meta.publisher.clone(),
        created: created.to_owned(),
        library_version: meta.content_hash.clone(),
        content_date: meta.content_date.clone(),
        items: meta.item_count,
        schema_version: meta.schema_version,
        min_app_version: APP_VERSION.to_owned(),
        database_sha256: sha256_hex(database),
    };
    write_raw(&manifest, database, secret_key)
}

/// Writes a pack with the manifest as given, unchecked: [`write`] for real packs; tests use this to make packs
/// that lie about themselves.
pub fn write_raw(manifest: &Manifest, database: &[u8], secret_key: &str) -> Result<Vec<u8>> {
    let secret = minisign::SecretKeyBox::from_string(secret_key)
        .and_then(|it| it.into_unencrypted_secret_key())
        .map_err(|err| {
            Error::invalid("secret key", format!("not an unencrypted minisign secret key ({err})"))
        })?;
    let manifest_edition = manifest.edition;
    let manifest = serde_json::to_vec_pretty(manifest)
        .map_err(|err| Error::invalid("manifest", err.to_string()))?;
    let mut signed = Vec::with_capacity(manifest.len() + database.len() + 64);
    signed.extend_from_slice(format!("manifest {}\n", manifest.len()).as_bytes());
    signed.extend_from_slice(&manifest);
    signed.extend_from_slice(format!("database {}\n", database.len()).as_bytes());
    signed.extend_from_slice(database);
    let trusted = format!("Second Victim Support library, edition {}", manifest_edition);
    let signature =
        minisign::sign(None, &secret, &signed[..], Some(&trusted), Some(UNTRUSTED_COMMENT))
            .map_err(|err| Error::invalid("secret key", format!("could not sign ({err})")))?
            .to_string();
    let mut out = Vec::with_capacity(signed.len() + signature.len() + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(format!("signature {}\n", signature.len()).as_bytes());
    out.extend_from_slice(signature.as_bytes());
    out.extend_from_slice(&signed);
    Ok(out)
}

/// A pack that passed every check: its manifest, the key that signed it, and its database, open.
pub struct Verified {
    /// What the pack says about itself.
    pub manifest: Manifest,
    /// The id of the key that signed it.
    pub key_id: String,
    /// Where that key came from.
    pub key_source: String,
    /// The library, open and checked.
    pub database: ContentDb,
}

impl std::fmt::Debug for Verified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verified")
            .field("manifest", &self.manifest)
            .field("key_id", &self.key_id)
            .finish()
    }
}

/// Reads a pack file; refused ([`Error::PackRefused`]) without reading it when it is empty or too large.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|err| Error::io(path, err))?;
    let size = file.metadata().map_err(|err| Error::io(path, err))?.len();
    if size == 0 {
        return Err(Error::PackRefused(Refusal::Empty));
    }
    if size > MAX_PACK_BYTES {
        return Err(Error::PackRefused(Refusal::TooLarge(size, MAX_PACK_BYTES)));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_PACK_BYTES + 1).read_to_end(&mut bytes).map_err(|err| Error::io(path, err))?;
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(Error::PackRefused(Refusal::TooLarge(bytes.len() as u64, MAX_PACK_BYTES)));
    }
    Ok(bytes)
}

/// Checks a pack: its shape, its signature by one of `keys`, its manifest against its database, that this app
/// can read it, and its database. Its edition is not compared with anything.
pub fn verify(bytes: &[u8], keys: &[TrustedKey]) -> Result<Verified, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(Refusal::TooLarge(bytes.len() as u64, MAX_PACK_BYTES));
    }
    if !bytes.starts_with(MAGIC) {
        return Err(if MAGIC.starts_with(bytes) { Refusal::Truncated } else { Refusal::NotAPack });
    }
    let mut rest = &bytes[MAGIC.len()..];
    let signature = section(&mut rest, "signature", MAX_SIGNATURE_BYTES)?;
    let signed = rest;
    let manifest_bytes = section(&mut rest, "manifest", MAX_MANIFEST_BYTES)?;
    let database = section(&mut rest, "database", usize::MAX)?;
    if !rest.is_empty() {
        return Err(Refusal::Damaged);
    }
    let signature = std::str::from_utf8(signature).map_err(|_| Refusal::Damaged)?;
    let signature_box =
        minisign::SignatureBox::from_string(signature).map_err(|_| Refusal::Damaged)?;
    // Every byte counts: the untrusted comment is fixed, and the text must be exactly what minisign writes.
    if signature_box.untrusted_comment().ok().as_deref() != Some(UNTRUSTED_COMMENT)
        || signature_box.to_string() != signature
    {
        return Err(Refusal::Damaged);
    }
    let keynum = signature_box.keynum().to_vec();
    let Some(key) = keys.iter().find(|it| it.key.keynum() == keynum.as_slice()) else {
        return Err(Refusal::UnknownKey(key_id(&keynum)));
    };
    minisign::verify(&key.key, &signature_box, std::io::Cursor::new(signed), true, false, false)
        .map_err(|_| Refusal::Modified)?;
    // Signed by a trusted key from here on: what is wrong now is the publisher's mistake, not tampering.
    let manifest: Manifest =
        serde_json::from_slice(manifest_bytes).map_err(|_| Refusal::Damaged)?;
    if manifest.format != 1 || manifest.database_sha256 != sha256_hex(database) {
        return Err(Refusal::Damaged);
    }
    if version_parts(&manifest.min_app_version) > version_parts(APP_VERSION) {
        return Err(Refusal::NeedsNewerApp(manifest.min_app_version, APP_VERSION.to_owned()));
    }
    if manifest.schema_version != SCHEMA_VERSION {
        return Err(Refusal::OtherFormat(manifest.schema_version, SCHEMA_VERSION));
    }
    let database = ContentDb::from_bytes(database)
        .map_err(|err| Refusal::DatabaseDamaged(crate::error_chain(&err)))?;
    let meta = database.meta();
    if meta.edition != manifest.edition || meta.content_hash != manifest.library_version {
        return Err(Refusal::Damaged);
    }
    Ok(Verified { manifest, key_id: key.id(), key_source: key.source.clone(), database })
}

/// Where the library in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The library compiled into the app.
    BuiltIn,
    /// A verified pack.
    Pack {
        /// The pack file in use.
        path: std::path::PathBuf,
        /// The id of the key that signed it.
        key_id: String,
        /// Where that key came from.
        key_source: String,
        /// When the pack was made.
        created: String,
    },
}

/// A library and where it came from: what the app uses.
#[derive(Debug)]
pub struct InUse {
    /// The library.
    pub database: ContentDb,
    /// Where it came from.
    pub origin: Origin,
}

impl Verified {
    /// This pack, in use from the file `path`.
    pub fn in_use(self, path: &Path) -> InUse {
        InUse {
            database: self.database,
            origin: Origin::Pack {
                path: path.to_owned(),
                key_id: self.key_id,
                key_source: self.key_source,
                created: self.manifest.created,
            },
        }
    }
}

/// The library to use at start: the built-in one, or the pack among `candidates` with the highest edition when
/// that is higher than the built-in one's. Every candidate that exists is verified; each one that fails is
/// named in the problems returned (with its sentence), and the others are still considered.
pub fn choose(
    built_in: ContentDb,
    candidates: &[std::path::PathBuf],
    keys: &[TrustedKey],
) -> (InUse, Vec<String>) {
    let mut best = InUse { database: built_in, origin: Origin::BuiltIn };
    let mut problems = Vec::new();
    for path in candidates.iter().filter(|it| it.is_file()) {
        let verified =
            read_file(path).and_then(|bytes| verify(&bytes, keys).map_err(Error::PackRefused));
        match verified {
            Ok(pack) if pack.manifest.edition > best.database.meta().edition => {
                best = pack.in_use(path)
            }
            Ok(_) => {}
            Err(err) => problems.push(format!(
                "The library pack {} was not used. {}",
                path.display(),
                crate::error_chain(&err)
            )),
        }
    }
    (best, problems)
}

/// Every pack file (`*.svpack`) in `dir`, sorted; none when it does not exist.
pub fn packs_in(dir: &Path) -> Vec<std::path::PathBuf> {
    files_ending(dir, EXTENSION)
}

/// The files of `dir` whose extension is `extension`, sorted; none when `dir` cannot be read.
fn files_ending(dir: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut res: Vec<_> = entries
        .flatten()
        .map(|it| it.path())
        .filter(|it| it.extension().is_some_and(|ext| ext == extension))
        .collect();
    res.sort();
    res
}

/// Cuts `<name> <n>\n` and the `n` bytes after it from the front of `rest`.
fn section<'a>(rest: &mut &'a [u8], name: &str, max: usize) -> Result<&'a [u8], Refusal> {
    let header_max = name.len() + 1 + 20 + 1;
    let Some(newline) = rest.iter().take(header_max).position(|&it| it == b'\n') else {
        return Err(if rest.len() < header_max { Refusal::Truncated } else { Refusal::Damaged });
    };
    let header = std::str::from_utf8(&rest[..newline]).map_err(|_| Refusal::Damaged)?;
    let digits = header
        .strip_prefix(name)
        .and_then(|it| it.strip_prefix(' '))
        .filter(|it| !it.is_empty() && it.bytes().all(|b| b.is_ascii_digit()))
        .filter(|it| it.len() == 1 || !it.starts_with('0'))
        .ok_or(Refusal::Damaged)?;
    let len: usize = digits.parse().map_err(|_| Refusal::Damaged)?;
    if len > max {
        return Err(Refusal::Damaged);
    }
    let body = &rest[newline + 1..];
    if body.len() < len {
        return Err(Refusal::Truncated);
    }
    *rest = &body[len..];
    Ok(&body[..len])
}

/// `major.minor.patch` as numbers, for comparing; anything unreadable counts as newer than every app.
fn version_parts(version: &str) -> (u64, u64, u64) {
    let mut parts = version.split('.').map(|it| it.parse::<u64>().ok());
    match (parts.next().flatten(), parts.next().flatten(), parts.next().flatten(), parts.next()) {
        (Some(a), Some(b), Some(c), None) => (a, b, c),
        _ => (u64::MAX, u64::MAX, u64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::version_parts;

    #[test]
    fn versions_compare_by_number() {
        assert!(version_parts("0.10.0") > version_parts("0.9.9"));
        assert!(version_parts("1.0.0") > version_parts("0.99.0"));
        assert_eq!(version_parts("0.1.0"), (0, 1, 0));
        assert_eq!(version_parts("0.1"), (u64::MAX, u64::MAX, u64::MAX));
        assert_eq!(version_parts("x.1.0"), (u64::MAX, u64::MAX, u64::MAX));
    }
}
