//! `companion`: the command-line tool for content editors and CI.
//!
//! It checks and builds the content library, searches a built database and prints statistics.
//! Exit codes: 0 success, 1 content problems found, 2 usage error, 3 any other failure.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use companion::companion::SearchRequest;
use companion::content::{ContactGroup, Kind};
use companion::search::Hit;
use companion::{ContentDb, content, content_db};

const USAGE: &str = "\
companion: check, build and search the Second Victim Support content library

Usage:
  companion check <content-dir>
      Print every problem in the library as `file:line: message`.
  companion check-contacts <file>
      Check an organisation's contacts file (the format of content/contacts.toml).
  companion check-policy <file>
      Check an organisation's policy file (organisation-policy.toml; docs/DEPLOYMENT.md).
  companion build <content-dir> -o <file>
      Check the library, then write the content database to <file>.
      Nothing is written when any problem is found.
  companion search <db-file> <query> [--section ID] [--audience A] [--kind K] [--limit N]
      Print ranked hits with snippets ([matched] words in brackets).
  companion stats <db-file>
      Print counts per section and kind, word counts and the content hash.
  companion keygen -o <name>
      Make a publisher's key pair: <name>.key (secret: keep it offline, never share or
      commit it) and <name>.pub (public: give it to the organisations that install your packs).
  companion pack <content-dir> -o <file>.svpack --key <name>.key
      Check and build the library, then write it as a library pack signed with the key.
      Its edition and publisher come from <content-dir>/library.toml.
  companion verify-pack <file>.svpack --pubkey <name>.pub
      Check a pack as the app does (signature, contents, format, database) and print its manifest.
  companion help
      Print this help.

Exit codes: 0 success, 1 content problems found, 2 usage error, 3 other failure.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}

enum Failure {
    Usage(String),
    Other(String),
}

impl From<companion::Error> for Failure {
    fn from(err: companion::Error) -> Failure {
        // The whole cause chain, once, at the edge.
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Failure::Other(message)
    }
}

fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let usage = |message: &str| Failure::Usage(message.to_owned());
    match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            print_out(USAGE);
            Ok(ExitCode::SUCCESS)
        }
        Some("check") => match &args[1..] {
            [dir] => check(Path::new(dir)),
            _ => Err(usage("`check` takes one content folder")),
        },
        Some("check-contacts") => match &args[1..] {
            [file] => check_contacts(Path::new(file)),
            _ => Err(usage("`check-contacts` takes one contacts file")),
        },
        Some("check-policy") => match &args[1..] {
            [file] => check_policy(Path::new(file)),
            _ => Err(usage("`check-policy` takes one policy file")),
        },
        Some("build") => match &args[1..] {
            [dir, flag, out] if flag == "-o" => build(Path::new(dir), Path::new(out)),
            _ => Err(usage("`build` takes a content folder and `-o <file>`")),
        },
        Some("search") => {
            let (positional, options) = split_options(&args[1..])?;
            let [db, query] = positional.as_slice() else {
                return Err(usage("`search` takes a database file and a query"));
            };
            search(Path::new(db), query, &options)
        }
        Some("stats") => match &args[1..] {
            [db] => stats(Path::new(db)),
            _ => Err(usage("`stats` takes one database file")),
        },
        Some("keygen") => match &args[1..] {
            [flag, name] if flag == "-o" => keygen(Path::new(name)),
            _ => Err(usage("`keygen` takes `-o <name>`")),
        },
        Some("pack") => {
            let (positional, options) = split_options(&args[1..])?;
            let [dir, flag, out] = positional.as_slice() else {
                return Err(usage("`pack` takes a content folder, `-o <file>` and `--key <file>`"));
            };
            match options.as_slice() {
                [(name, key)] if flag == "-o" && name == "key" => {
                    pack(Path::new(dir), Path::new(out), Path::new(key))
                }
                _ => Err(usage("`pack` takes a content folder, `-o <file>` and `--key <file>`")),
            }
        }
        Some("verify-pack") => {
            let (positional, options) = split_options(&args[1..])?;
            match (positional.as_slice(), options.as_slice()) {
                ([file], [(name, key)]) if name == "pubkey" => {
                    verify_pack(Path::new(file), Path::new(key))
                }
                _ => Err(usage("`verify-pack` takes a pack file and `--pubkey <file>`")),
            }
        }
        Some(other) => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

/// Separates `--name value` pairs from positional arguments.
fn split_options(args: &[String]) -> Result<(Vec<String>, Vec<(String, String)>), Failure> {
    let mut positional = Vec::new();
    let mut options = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if let Some(name) = arg.strip_prefix("--") {
            let value =
                it.next().ok_or_else(|| Failure::Usage(format!("`--{name}` needs a value")))?;
            options.push((name.to_owned(), value.clone()));
        } else {
            positional.push(arg.clone());
        }
    }
    Ok((positional, options))
}

fn check(dir: &Path) -> Result<ExitCode, Failure> {
    let (library, diagnostics) = content::load_dir(dir);
    for it in &diagnostics {
        print_out(&format!("{it}\n"));
    }
    if diagnostics.is_empty() {
        eprintln!(
            "ok: {} items in {} sections, no problems",
            library.items.len(),
            library.sections.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", diagnostics.len());
        Ok(ExitCode::from(1))
    }
}

fn check_contacts(file: &Path) -> Result<ExitCode, Failure> {
    let (contacts, diagnostics) = content::load_contacts(file);
    for it in &diagnostics {
        print_out(&format!("{it}\n"));
    }
    if diagnostics.is_empty() {
        eprintln!("ok: {} contacts, no problems", contacts.len());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", diagnostics.len());
        Ok(ExitCode::from(1))
    }
}

fn check_policy(file: &Path) -> Result<ExitCode, Failure> {
    let (policy, diagnostics) = companion::policy::load(file);
    for it in &diagnostics {
        print_out(&format!("{it}\n"));
    }
    if diagnostics.is_empty() {
        eprintln!(
            "ok: shared computer {}, idle {} minutes, import and export {}, text size {}",
            if policy.shared_computer { "on" } else { "off" },
            policy.idle_minutes,
            if policy.import_export { "allowed" } else { "off" },
            policy
                .text_size
                .map_or_else(|| "as each person chooses".to_owned(), |it| format!("{it}%"))
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} problem(s) found; with problems the app treats this computer as shared",
            diagnostics.len()
        );
        Ok(ExitCode::from(1))
    }
}

/// Builds the content database of `dir` at `out`; with content problems, prints them and returns `None` (nothing
/// is written).
fn build_or_report(dir: &Path, out: &Path) -> Result<Option<content_db::Meta>, Failure> {
    match content_db::build_dir(dir, out)? {
        Ok(meta) => Ok(Some(meta)),
        Err(diagnostics) => {
            for it in &diagnostics {
                print_out(&format!("{it}\n"));
            }
            eprintln!("{} problem(s) found; nothing was written", diagnostics.len());
            Ok(None)
        }
    }
}

fn build(dir: &Path, out: &Path) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let Some(meta) = build_or_report(dir, out)? else { return Ok(ExitCode::from(1)) };
    eprintln!(
        "wrote {} ({} items, content {}) in {} ms",
        out.display(),
        meta.item_count,
        &meta.content_hash[..12],
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

fn search(db: &Path, query: &str, options: &[(String, String)]) -> Result<ExitCode, Failure> {
    let (mut section, mut audience, mut kind, mut limit) = (None, None, None, 10);
    for (name, value) in options {
        match name.as_str() {
            "section" => section = Some(value.as_str()),
            "audience" => audience = Some(value.as_str()),
            "kind" => kind = Some(value.as_str()),
            "limit" => {
                limit = value
                    .parse()
                    .map_err(|_| Failure::Usage(format!("`--limit {value}` is not a number")))?
            }
            other => return Err(Failure::Usage(format!("unknown option `--{other}`"))),
        }
    }
    // The same checks as the app's: one owner per rule.
    let request = SearchRequest::parse(query.to_owned(), section, audience, kind, false, limit, 0)
        .map_err(|err| match err {
            companion::Error::InvalidInput { .. } => Failure::Usage(err.to_string()),
            other => Failure::from(other),
        })?;
    let filters = request.filters.clone();
    let limit = request.limit;
    let content_db = ContentDb::open(db)?;
    let started = Instant::now();
    let results = content_db.search(query, &filters, limit, 0)?;
    let elapsed = started.elapsed();
    let mut out = String::new();
    if results.crisis {
        // The same routes as the app's urgent card, before anything else.
        out.push_str(
            "If a life is at risk now, call 999 or go to A&E. You can also talk to someone now:\n",
        );
        for contact in content_db.contacts()?.iter().filter(|it| it.group == ContactGroup::Urgent) {
            let how = contact.phone.as_deref().or(contact.text.as_deref()).unwrap_or_default();
            out.push_str(&format!("  {}: {}\n", contact.name, how));
        }
        out.push('\n');
    }
    if let Some(corrected) = &results.corrected {
        out.push_str(&format!(
            "Showing results for \"{corrected}\"; nothing matched \"{query}\".\n"
        ));
    }
    if results.fallback {
        out.push_str("No item has all of those words; showing items with any of them.\n");
    }
    for (idx, hit) in results.hits.iter().enumerate() {
        match hit {
            Hit::Item(hit) => {
                let snippet: String = hit
                    .snippet
                    .iter()
                    .map(|it| if it.mark { format!("[{}]", it.text) } else { it.text.clone() })
                    .collect();
                out.push_str(&format!(
                    "{:>2}. {} ({}, {}{})\n    #/article/{}\n    {}\n",
                    idx + 1,
                    hit.title,
                    hit.section,
                    hit.kind.as_str(),
                    if hit.pinned { ", getting help" } else { "" },
                    hit.slug,
                    snippet.replace('\n', " ")
                ));
            }
            Hit::Service(hit) => {
                let contact = &hit.contact;
                let how =
                    [contact.phone.as_deref(), contact.text.as_deref(), contact.web.as_deref()]
                        .into_iter()
                        .flatten()
                        .next()
                        .unwrap_or_default();
                out.push_str(&format!(
                    "{:>2}. {} (service{})\n    #/help/{}\n    {}: {}\n",
                    idx + 1,
                    contact.name,
                    if hit.organisation { ", your organisation" } else { "" },
                    contact.id,
                    how,
                    contact.who
                ));
            }
        }
    }
    if let Some(suggestion) = &results.suggestion {
        out.push_str(&format!("Did you mean: {suggestion}\n"));
    }
    print_out(&out);
    eprintln!(
        "{} match(es), {} shown, {:.2} ms",
        results.total,
        results.hits.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes to standard output. A reader that has gone away (`companion search ... | head -3`) ends the program
/// quietly with status 0, as ripgrep does: the output was wanted only up to there.
fn print_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {err}");
        std::process::exit(3);
    }
}

fn stats(db: &Path) -> Result<ExitCode, Failure> {
    let content_db = ContentDb::open(db)?;
    let meta = content_db.meta();
    let mut out = String::new();
    let _ = writeln!(out, "content hash   {}", meta.content_hash);
    let _ = writeln!(out, "content date   {}", meta.content_date);
    let _ = writeln!(out, "items          {}", meta.item_count);
    let _ = writeln!(out, "contacts       {}", content_db.contacts()?.len());
    let _ = writeln!(out, "vocabulary     {} words", content_db.vocabulary_size());
    let _ = writeln!(
        out,
        "size           {} bytes",
        std::fs::metadata(db).map(|it| it.len()).unwrap_or(0)
    );
    out.push('\n');
    let _ = writeln!(out, "{:<20} {:>6} {:>8} {:>10}", "section", "items", "words", "min words");
    for section in content_db.sections() {
        let items = content_db.section_items(&section.id)?;
        let words: usize = items.iter().map(|it| it.word_count).sum();
        let min = items.iter().map(|it| it.word_count).min().unwrap_or(0);
        let _ = writeln!(out, "{:<20} {:>6} {:>8} {:>10}", section.id, items.len(), words, min);
    }
    out.push('\n');
    let _ = writeln!(out, "{:<20} {:>6}", "kind", "items");
    for kind in Kind::ALL {
        let n = content_db.items().filter(|it| it.kind == *kind).count();
        let _ = writeln!(out, "{:<20} {:>6}", kind.as_str(), n);
    }
    print_out(&out);
    Ok(ExitCode::SUCCESS)
}

fn keygen(name: &Path) -> Result<ExitCode, Failure> {
    let secret_path = name.with_extension("key");
    let public_path = name.with_extension("pub");
    for path in [&secret_path, &public_path] {
        if path.exists() {
            return Err(Failure::Other(format!(
                "{} already exists; choose another name (a key is never overwritten)",
                path.display()
            )));
        }
    }
    let (secret, public) = companion::pack::keygen()?;
    let write_new = |path: &Path, text: &str, private: bool| -> Result<(), Failure> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        options
            .open(path)
            .and_then(|mut file| file.write_all(text.as_bytes()).and_then(|()| file.sync_all()))
            .map_err(|err| Failure::Other(format!("cannot write {}: {err}", path.display())))
    };
    write_new(&secret_path, &secret, true)?;
    write_new(&public_path, &public, false)?;
    let key = companion::pack::TrustedKey::parse(&public, &public_path.display().to_string())?;
    print_out(&format!(
        "key id {}\nsecret key: {} (keep it offline and private; anyone with it can publish packs in your name)\npublic key: {} (give it to the organisations that will install your packs)\n",
        key.id(),
        secret_path.display(),
        public_path.display()
    ));
    Ok(ExitCode::SUCCESS)
}

fn pack(dir: &Path, out: &Path, key: &Path) -> Result<ExitCode, Failure> {
    let secret = std::fs::read_to_string(key)
        .map_err(|err| Failure::Other(format!("cannot read the key {}: {err}", key.display())))?;
    let built = tempfile_path(out);
    let result = (|| {
        let Some(meta) = build_or_report(dir, &built)? else { return Ok(ExitCode::from(1)) };
        let database = std::fs::read(&built)
            .map_err(|err| Failure::Other(format!("cannot read {}: {err}", built.display())))?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |it| it.as_secs() as i64);
        let today = companion::format_utc(now);
        let bytes = companion::pack::write(&database, &secret, &today[..10])?;
        companion::write_replacing(out, &bytes)?;
        print_out(&format!(
            "wrote {} (edition {} by {}, {} items, library {}, {} bytes)\n",
            out.display(),
            meta.edition,
            meta.publisher,
            meta.item_count,
            &meta.content_hash[..12],
            bytes.len()
        ));
        Ok(ExitCode::SUCCESS)
    })();
    let _ = std::fs::remove_file(&built);
    result
}

/// A file name beside `out` for the database built on the way to a pack.
fn tempfile_path(out: &Path) -> std::path::PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.sqlite3.tmp", std::process::id()));
    out.with_file_name(name)
}

fn verify_pack(file: &Path, key: &Path) -> Result<ExitCode, Failure> {
    let text = std::fs::read_to_string(key)
        .map_err(|err| Failure::Other(format!("cannot read the key {}: {err}", key.display())))?;
    let key = companion::pack::TrustedKey::parse(&text, &key.display().to_string())?;
    let checked = companion::pack::read_file(file).and_then(|bytes| {
        companion::pack::verify(&bytes, &[key]).map_err(companion::Error::PackRefused)
    });
    match checked {
        Ok(verified) => {
            let m = &verified.manifest;
            print_out(&format!(
                "signed and unchanged: key id {}\nedition        {}\npublisher      {}\ncreated        {}\nlibrary        {}\ncontent date   {}\nitems          {}\nschema         {}\nneeds app      {} or later\ndatabase       sha256 {}\n",
                verified.key_id,
                m.edition,
                m.publisher,
                m.created,
                m.library_version,
                m.content_date,
                m.items,
                m.schema_version,
                m.min_app_version,
                m.database_sha256
            ));
            Ok(ExitCode::SUCCESS)
        }
        Err(companion::Error::PackRefused(refusal)) => {
            eprintln!("refused: {refusal}");
            Ok(ExitCode::from(1))
        }
        Err(other) => Err(other.into()),
    }
}
