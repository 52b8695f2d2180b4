//! Walks a content folder and returns the valid library plus every diagnostic.
//!
//! Loading never stops at the first problem: each file is checked on its own, then links, related items and
//! pathways are checked against the whole library, so a writer sees every problem in one run.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::front_matter::{self, RawFrontMatter, line_at, toml_error};
use super::slides;
use super::{
    Audience, Contact, ContactGroup, CrisisList, CrisisPhrase, Date, Diagnostic, Item, Kind,
    Library, NATIONS, PROFESSIONS, PartialDate, Pathway, PathwayStep, Section, Slide, Slug, Source,
    SynonymGroup, is_kebab,
};
use crate::markdown::{self, LinkContext};

/// Collects diagnostics for one file.
struct Report<'a> {
    path: &'a Path,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Report<'_> {
    fn at(&mut self, line: usize, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            path: self.path.to_owned(),
            line,
            message: message.into(),
        });
    }
}

/// Loads the library in `dir`. Returns the valid parts and every problem found, sorted by file and line.
pub fn load_dir(dir: &Path) -> (Library, Vec<Diagnostic>) {
    load_dir_with(dir, |_| {})
}

/// What parsing one item file gave: the item and its internal links, if it parsed, and its problems.
type Parsed = (Option<(Item, Vec<markdown::InternalLink>)>, Vec<Diagnostic>);

/// Like [`load_dir`], and hands every item that parsed to `each` (which may take what it no longer needs), in file order (folder, then file name), as soon
/// as it and the files before it are parsed, while later files are still being parsed: a build indexes items
/// meanwhile. Items handed over may still turn out to have problems that only the whole library shows (duplicate
/// slugs, broken links); the caller must check the diagnostics before using what it made of them.
pub(crate) fn load_dir_with(
    dir: &Path,
    mut each: impl FnMut(&mut Item),
) -> (Library, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut library = Library::default();
    let mut hasher = Sha256::new();

    let mut read = |relative: &str, diagnostics: &mut Vec<Diagnostic>| -> Option<String> {
        let path = dir.join(relative);
        match fs::read(&path) {
            Ok(bytes) => {
                hasher.update(relative.as_bytes());
                hasher.update([0]);
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(&bytes);
                match String::from_utf8(bytes) {
                    Ok(text) => Some(text),
                    Err(_) => {
                        diagnostics.push(diag(
                            &path,
                            1,
                            "the file is not valid UTF-8; save it as UTF-8",
                        ));
                        None
                    }
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                diagnostics.push(diag(&path, 1, format!("cannot read the file: {err}")));
                None
            }
        }
    };

    // Sections first: items are checked against them.
    let sections_path = dir.join("sections.toml");
    match read("sections.toml", &mut diagnostics) {
        Some(text) => library.sections = parse_sections(&sections_path, &text, &mut diagnostics),
        None => diagnostics.push(diag(&sections_path, 1, "missing sections.toml; list the sections as `[[section]]` entries with id, title and summary")),
    }
    let section_ids: HashSet<&str> = library.sections.iter().map(|it| it.id.as_str()).collect();

    // Items, folder by folder, in a stable order.
    let mut folders: Vec<String> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|it| it.ok())
            .filter(|it| it.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|it| it.file_name().into_string().ok())
            .filter(|it| !it.starts_with('.'))
            .collect(),
        Err(err) => {
            diagnostics.push(diag(dir, 1, format!("cannot read the content folder: {err}")));
            Vec::new()
        }
    };
    folders.sort();
    for section in &library.sections {
        if !folders.contains(&section.id) {
            diagnostics.push(diag(&dir.join(&section.id), 1, format!("section `{}` has no folder; create {}/ with its items, or remove it from sections.toml", section.id, section.id)));
        }
    }
    // Read every item file in a stable order (the content hash depends on it), then check and render them
    // on every core: rendering and sanitising dominate the load of a large library.
    let mut files_read: Vec<(String, String, PathBuf, String)> = Vec::new();
    for folder in &folders {
        let folder_path = dir.join(folder);
        if !section_ids.contains(folder.as_str()) {
            diagnostics.push(diag(&folder_path, 1, format!("folder `{folder}` is not a section listed in sections.toml; add it there or move its files")));
            continue;
        }
        let mut files: Vec<String> = fs::read_dir(&folder_path)
            .map(|entries| {
                entries
                    .filter_map(|it| it.ok())
                    .filter_map(|it| it.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        for file in files {
            let path = folder_path.join(&file);
            if file.starts_with('.') {
                continue;
            }
            if !file.ends_with(".md") {
                diagnostics.push(diag(&path, 1, "only Markdown items (`.md`) belong in a section folder; move or delete this file"));
                continue;
            }
            let Some(text) = read(&format!("{folder}/{file}"), &mut diagnostics) else { continue };
            files_read.push((folder.clone(), file, path, text));
        }
    }
    // Workers take files in order from a shared counter; this thread puts their results back in file order and
    // hands each finished run of items to `each`.
    let n_threads = std::thread::available_parallelism().map_or(1, |it| it.get()).clamp(1, 8);
    let next = AtomicUsize::new(0);
    let mut parsed: Vec<Option<Parsed>> = (0..files_read.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<(usize, Parsed)>();
        for _ in 0..n_threads {
            let (sender, next, files_read, section_ids) =
                (sender.clone(), &next, &files_read, &section_ids);
            scope.spawn(move || {
                loop {
                    let idx = next.fetch_add(1, Ordering::Relaxed);
                    let Some((folder, file, path, text)) = files_read.get(idx) else { break };
                    let mut found = Vec::new();
                    let stem = file.strip_suffix(".md").unwrap_or(file);
                    let mut report = Report { path, diagnostics: &mut found };
                    let item = parse_item(&mut report, folder, stem, text, section_ids);
                    if sender.send((idx, (item, found))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut ready = 0;
        for (idx, result) in receiver {
            parsed[idx] = Some(result);
            while let Some(Some((item, _))) = parsed.get_mut(ready) {
                if let Some((item, _)) = item {
                    each(item);
                }
                ready += 1;
            }
        }
    });
    let mut items = Vec::new();
    // The first file of each slug, as `section/file.md`: written with `/` on every platform.
    let mut seen_slugs: HashMap<String, String> = HashMap::new();
    for ((folder, file, path, text), (parsed, found)) in
        files_read.into_iter().zip(parsed.into_iter().flatten())
    {
        diagnostics.extend(found);
        let Some((item, links)) = parsed else { continue };
        if let Some(first) = seen_slugs.get(item.slug.as_str()) {
            diagnostics.push(diag(
                &path,
                1,
                format!(
                    "duplicate slug `{}`: {} has the same file name; rename one of them",
                    item.slug, first
                ),
            ));
            continue;
        }
        seen_slugs.insert(item.slug.as_str().to_owned(), format!("{folder}/{file}"));
        items.push((item, text, links));
    }

    // Links and related items, now that every item is known.
    let by_slug: HashMap<&str, &Item> =
        items.iter().map(|(it, _, _)| (it.slug.as_str(), it)).collect();
    for (item, text, links) in &items {
        let path = dir.join(&item.path);
        let split = front_matter::split(text).ok();
        let body_line = split.as_ref().map_or(1, |it| it.body_line);
        let body = split.as_ref().map_or("", |it| it.body);
        for link in links {
            let line = line_at(body, link.offset, body_line);
            let problem = match &link.target {
                None => Some(format!("broken link `{}`: link to another item's file, such as `../for-you/the-first-days.md`, or to a web address starting with https://", link.dest)),
                Some((section, slug)) => match by_slug.get(slug.as_str()) {
                    Some(target) if target.section == *section => link.anchor.as_ref().and_then(|anchor| {
                        (!target.toc.iter().any(|it| &it.id == anchor)).then(|| {
                            let ids: Vec<&str> = target.toc.iter().map(|it| it.id.as_str()).collect();
                            format!("broken link `{}`: `{slug}` has no heading with id `{anchor}`; its heading ids are: {}", link.dest, if ids.is_empty() { "(none)".to_owned() } else { ids.join(", ") })
                        })
                    }),
                    Some(target) => Some(format!("broken link `{}`: `{slug}` is in section `{}`; link to ../{}/{slug}.md", link.dest, target.section, target.section)),
                    None => Some(format!("broken link `{}`: there is no item {section}/{slug}.md", link.dest)),
                },
            };
            if let Some(message) = problem {
                diagnostics.push(diag(&path, line, message));
            }
        }
        let front = split.as_ref().map_or("", |it| it.front_matter);
        for slug in &item.related {
            if !by_slug.contains_key(slug.as_str()) {
                let line = find_line(front, &format!("\"{slug}\""), 2);
                diagnostics.push(diag(&path, line, format!("related item `{slug}` does not exist; fix the slug or remove it from `related`")));
            }
        }
    }
    let known = |slug: &str| by_slug.contains_key(slug);

    let home_path = dir.join("home.toml");
    match read("home.toml", &mut diagnostics) {
        Some(text) => {
            let (questions, pathways) = parse_home(&home_path, &text, &known, &mut diagnostics);
            library.questions = questions;
            library.pathways = pathways;
        }
        None => diagnostics.push(diag(
            &home_path,
            1,
            "missing home.toml; list the home page's `questions` and `[[pathway]]`s",
        )),
    }
    let contacts_path = dir.join("contacts.toml");
    match read("contacts.toml", &mut diagnostics) {
        Some(text) => library.contacts = parse_contacts(&contacts_path, &text, &mut diagnostics),
        None => diagnostics.push(diag(
            &contacts_path,
            1,
            "missing contacts.toml; the support directory is required",
        )),
    }
    let crisis_path = dir.join("crisis.toml");
    match read("crisis.toml", &mut diagnostics) {
        Some(text) => {
            library.crisis = parse_crisis(&crisis_path, &text, &known, &mut diagnostics);
        }
        None => diagnostics.push(diag(
            &crisis_path,
            1,
            "missing crisis.toml; the crisis list is required (see content/README.md)",
        )),
    }
    let synonyms_path = dir.join("synonyms.toml");
    if let Some(text) = read("synonyms.toml", &mut diagnostics) {
        library.synonyms = parse_synonyms(&synonyms_path, &text, &mut diagnostics);
    }

    let edition_path = dir.join("library.toml");
    if let Some(text) = read("library.toml", &mut diagnostics) {
        if let Some(raw) = parse_toml::<RawEdition>(&edition_path, &text, &mut diagnostics) {
            let publisher = raw.publisher.trim();
            if raw.edition == 0 {
                diagnostics.push(diag(&edition_path, find_line(&text, "edition", 1), "`edition` is 0; editions start at 1 and go up by one with each published edition"));
            } else if publisher.is_empty() || publisher.chars().count() > 100 {
                diagnostics.push(diag(&edition_path, find_line(&text, "publisher", 1), "`publisher` must be 1 to 100 characters: the name people see in About, such as \"Second Victim Support\""));
            } else {
                library.edition = raw.edition;
                library.publisher = publisher.to_owned();
            }
        }
    }

    let positions: HashMap<&str, usize> =
        library.sections.iter().enumerate().map(|(idx, it)| (it.id.as_str(), idx)).collect();
    let mut items: Vec<Item> = items.into_iter().map(|(it, _, _)| it).collect();
    items.sort_by(|a, b| {
        (positions.get(a.section.as_str()), a.order, &a.title).cmp(&(
            positions.get(b.section.as_str()),
            b.order,
            &b.title,
        ))
    });
    library.items = items;
    library.content_hash = hex(&hasher.finalize());
    diagnostics.sort();
    (library, diagnostics)
}

/// Loads a contacts file on its own (an organisation's local contacts use the same format).
pub fn load_contacts(path: &Path) -> (Vec<Contact>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let contacts = match fs::read_to_string(path) {
        Ok(text) => parse_contacts(path, &text, &mut diagnostics),
        Err(err) => {
            diagnostics.push(diag(path, 1, format!("cannot read the file: {err}")));
            Vec::new()
        }
    };
    (contacts, diagnostics)
}

fn diag(path: &Path, line: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic { path: path.to_owned(), line, message: message.into() }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The line of the first occurrence of `needle` in `text` (which starts on `first_line`), else `first_line`.
fn find_line(text: &str, needle: &str, first_line: usize) -> usize {
    text.find(needle).map_or(first_line, |offset| line_at(text, offset, first_line))
}

/// Sections whose every item ends with the urgent routes (`urgent_help = true`): processes and coping.
const URGENT_SECTIONS: &[&str] = &["what-to-expect", "for-you"];
/// Tags that mark an item about a process or about coping, which then ends with the urgent routes too.
const URGENT_TOPICS: &[&str] = &[
    "investigation",
    "inquest",
    "regulator",
    "fitness to practise",
    "referral",
    "statements",
    "duty of candour",
    "complaints",
    "police",
    "suspension",
    "disciplinary",
    "coping",
    "self-care",
    "mental health",
    "suicide",
    "crisis",
    "recovery",
    "ptsd",
    "burnout",
];

/// Checks and renders one item; also returns the links its body makes, for checking once every item is known.
fn parse_item(
    report: &mut Report<'_>,
    folder: &str,
    stem: &str,
    text: &str,
    section_ids: &HashSet<&str>,
) -> Option<(Item, Vec<markdown::InternalLink>)> {
    let split = match front_matter::split(text) {
        Ok(it) => it,
        Err((line, message)) => {
            report.at(line, message);
            return None;
        }
    };
    let fm_line = split.front_matter_line;
    let raw: RawFrontMatter = match toml::from_str(split.front_matter) {
        Ok(it) => it,
        Err(err) => {
            let (line, message) = toml_error(split.front_matter, &err, fm_line);
            report.at(line, message);
            return None;
        }
    };
    let line_of = |span: std::ops::Range<usize>| line_at(split.front_matter, span.start, fm_line);
    let mut ok = true;

    let slug = match Slug::parse(stem) {
        Ok(it) => Some(it),
        Err(_) => {
            report.at(1, format!("the file name `{stem}` is not a valid slug; rename the file with lowercase letters, digits and single hyphens, such as `the-first-days.md`"));
            ok = false;
            None
        }
    };
    let required = |field: &str,
                    value: Option<Spanned<String>>,
                    report: &mut Report<'_>|
     -> Option<(String, usize)> {
        match value {
            None => {
                report.at(1, format!("missing required field `{field}`; add `{field} = \"...\"` to the front matter"));
                None
            }
            Some(it) if it.get_ref().trim().is_empty() => {
                report.at(
                    line_of(it.span()),
                    format!("`{field}` is empty; write it or remove the line"),
                );
                None
            }
            Some(it) => {
                let line = line_of(it.span());
                Some((it.get_ref().trim().to_owned(), line))
            }
        }
    };
    let title = required("title", raw.title, report);
    let summary = required("summary", raw.summary, report);
    let section = required("section", raw.section, report).and_then(|(section, line)| {
        if !section_ids.contains(section.as_str()) {
            let mut ids: Vec<&str> = section_ids.iter().copied().collect();
            ids.sort();
            report.at(line, format!("unknown section `{section}`; use one of: {}", ids.join(", ")));
            None
        } else if section != folder {
            report.at(line, format!("section `{section}` does not match the folder `{folder}`; move the file to {section}/ or fix the field"));
            None
        } else {
            Some(section)
        }
    });
    let kind = required("kind", raw.kind, report).and_then(|(kind, line)| {
        let res = Kind::parse(&kind);
        if res.is_none() {
            report.at(line, format!("unknown kind `{kind}`; use one of: {}", Kind::choices()));
        }
        res
    });
    let audiences = match raw.audiences {
        None => {
            report.at(
                1,
                "missing required field `audiences`; add for example `audiences = [\"involved\"]`",
            );
            None
        }
        Some(list) => {
            let line = line_of(list.span());
            let mut res = Vec::new();
            for it in list.get_ref() {
                match Audience::parse(it) {
                    Some(audience) => res.push(audience),
                    None => report.at(
                        line,
                        format!("unknown audience `{it}`; use any of: {}", Audience::choices()),
                    ),
                }
            }
            if list.get_ref().is_empty() {
                report.at(
                    line,
                    format!("`audiences` is empty; name at least one of: {}", Audience::choices()),
                );
            }
            (res.len() == list.get_ref().len() && !res.is_empty()).then_some(res)
        }
    };
    let tags: Vec<String> = raw
        .tags
        .map(|it| it.into_inner())
        .unwrap_or_default()
        .iter()
        .map(|it| it.trim().to_lowercase())
        .filter(|it| !it.is_empty())
        .collect();
    let reviewed = match raw.reviewed {
        None => {
            report.at(1, "missing required field `reviewed`; add the date the text was last checked, such as `reviewed = 2026-11-20`");
            None
        }
        Some(value) => {
            let line = line_of(value.span());
            let text = match value.get_ref() {
                toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                    dt.to_string()
                }
                toml::Value::String(it) => it.clone(),
                other => other.to_string(),
            };
            let res = Date::parse(&text);
            if res.is_none() {
                report.at(line, format!("invalid date `{text}` for `reviewed`; write a real date as YYYY-MM-DD, such as `reviewed = 2026-11-20`"));
            }
            res
        }
    };
    let content_warning =
        raw.content_warning.map(|it| it.into_inner().trim().to_owned()).filter(|it| !it.is_empty());
    let mut related = Vec::new();
    for it in raw.related.unwrap_or_default() {
        match Slug::parse(it.get_ref()) {
            Ok(slug) => related.push(slug),
            Err(message) => {
                report.at(line_of(it.span()), format!("in `related`: {message}"));
                ok = false;
            }
        }
    }
    let mut sources = Vec::new();
    match raw.sources {
        None => report.at(1, "no sources; add at least one `[[sources]]` entry with a `cite` (and a `doi` or `url` where there is one)"),
        Some(list) if list.is_empty() => report.at(1, "no sources; add at least one `[[sources]]` entry with a `cite`"),
        Some(list) => {
            for it in list {
                let line = line_of(it.span());
                let source = it.into_inner();
                match source.cite.map(|it| it.trim().to_owned()).filter(|it| !it.is_empty()) {
                    Some(cite) => sources.push(Source {
                        cite,
                        doi: source.doi.filter(|it| !it.trim().is_empty()),
                        url: source.url.filter(|it| !it.trim().is_empty()),
                    }),
                    None => {
                        report.at(line, "a `[[sources]]` entry has no `cite`; add the full citation");
                        ok = false;
                    }
                }
            }
        }
    }
    if split.body.trim().is_empty() {
        report.at(
            split.body_line.saturating_sub(1).max(1),
            "empty body; write the item's text after the closing `+++`",
        );
        ok = false;
    }

    let (
        Some(slug),
        Some((title, _)),
        Some((summary, _)),
        Some(section),
        Some(kind),
        Some(audiences),
        Some(reviewed),
        true,
    ) = (slug, title, summary, section, kind, audiences, reviewed, ok && !sources.is_empty())
    else {
        return None;
    };
    // Workshops: the slides, their timings, and the body for the reading page (one line for each line).
    let cut = slides::parse(split.body, split.body_line, kind == Kind::Workshop);
    for (line, message) in &cut.problems {
        report.at(*line, message.clone());
    }
    let context = LinkContext { section: &section, slug: slug.as_str() };
    let minutes = match (kind, raw.minutes) {
        (Kind::Workshop, None) => {
            report.at(1, "a workshop needs its length: add `minutes = 60` (the total of its segments) to the front matter");
            None
        }
        (Kind::Workshop, Some(value)) => {
            let line = line_of(value.span());
            let total: u32 = cut.slides.iter().map(|it| it.minutes).sum();
            let stated = *value.get_ref();
            if cut.slides.is_empty() {
                report.at(line, "a workshop needs at least one timed segment: add `{minutes=N}` to the `##` headings of its segments");
            } else if i64::from(total) != stated {
                let each: Vec<String> =
                    cut.slides.iter().map(|it| format!("{} {}", it.title, it.minutes)).collect();
                report.at(line, format!("the segments add up to {total} minutes but `minutes = {stated}`; make them agree ({})", each.join(", ")));
            }
            u32::try_from(stated).ok()
        }
        (_, Some(value)) => {
            report.at(line_of(value.span()), "`minutes` is only for workshops; remove it");
            None
        }
        (_, None) => None,
    };
    // Help at the stress peaks: pages about a process or about coping, and every story, end with the urgent
    // routes, drawn from contacts.toml (never typed into prose).
    let tagged = tags.iter().find(|it| URGENT_TOPICS.contains(&it.as_str()));
    let needs_help =
        URGENT_SECTIONS.contains(&section.as_str()) || kind == Kind::Story || tagged.is_some();
    if needs_help && raw.urgent_help != Some(true) {
        let why = match tagged {
            _ if kind == Kind::Story => "a story".to_owned(),
            _ if URGENT_SECTIONS.contains(&section.as_str()) => format!("in `{section}`"),
            Some(tag) => format!("tagged `{tag}`"),
            None => String::new(),
        };
        report.at(1, format!("this item is {why}, so it must end with the urgent routes: add `urgent_help = true` to the front matter"));
    }
    if kind == Kind::Workshop && cut.handout.is_none() {
        report.at(1, "a workshop needs its participants' handout: add a `## Participants' handout` section with a `:::handout` … `:::` block (content/README.md)");
    }
    if !cut.problems.is_empty() {
        return None;
    }
    let slides: Vec<Slide> = cut
        .slides
        .iter()
        .map(|it| Slide {
            title: it.title.clone(),
            minutes: it.minutes,
            kind: it.kind.clone(),
            screen: markdown::render(&it.screen, context).html,
            notes: markdown::render(&it.notes, context).html,
        })
        .collect();
    let handout = cut.handout.as_deref().map(|it| markdown::render(it, context).html);
    let mut rendered = markdown::render(&cut.reading, context);
    // Links were found in the reading body, whose lines are the file's lines: point them back at the file.
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(split.body.match_indices('\n').map(|(at, _)| at + 1)).collect();
    for link in &mut rendered.links {
        let line = cut.reading[..link.offset.min(cut.reading.len())].matches('\n').count();
        link.offset = line_starts.get(line).copied().unwrap_or(split.body.len());
    }
    let word_count = rendered.text.split_whitespace().count();
    // A workshop is searched by its plan: its slides quote stories and articles, which rank for those words.
    if kind == Kind::Workshop {
        rendered.text = markdown::render(&cut.plan, context).text;
    }
    let item = Item {
        path: PathBuf::from(folder).join(format!("{stem}.md")),
        slug,
        title,
        summary,
        section,
        kind,
        audiences,
        tags,
        reviewed,
        order: raw.order.unwrap_or(i64::MAX),
        content_warning,
        related,
        sources,
        html: rendered.html,
        toc: rendered.toc,
        text: rendered.text,
        word_count,
        urgent_help: raw.urgent_help.unwrap_or(false),
        minutes: if kind == Kind::Workshop { minutes } else { None },
        slides,
        handout,
    };
    Some((item, rendered.links))
}

/// Parses a whole TOML file, reporting a syntax or shape error with its line.
fn parse_toml<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(it) => Some(it),
        Err(err) => {
            let (line, message) = toml_error(text, &err, 1);
            diagnostics.push(diag(path, line, message));
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSections {
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    title: String,
    summary: String,
}

fn parse_sections(path: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Section> {
    let Some(raw) = parse_toml::<RawSections>(path, text, diagnostics) else { return Vec::new() };
    let mut res: Vec<Section> = Vec::new();
    for it in raw.section {
        let line = line_at(text, it.span().start, 1);
        let section = it.into_inner();
        if !is_kebab(&section.id, 60) {
            diagnostics.push(diag(
                path,
                line,
                format!(
                    "section id `{}` is not lowercase kebab-case; use letters, digits and hyphens",
                    section.id
                ),
            ));
        } else if res.iter().any(|it| it.id == section.id) {
            diagnostics.push(diag(path, line, format!("duplicate section id `{}`", section.id)));
        } else if section.title.trim().is_empty() {
            diagnostics.push(diag(
                path,
                line,
                format!("section `{}` has an empty title", section.id),
            ));
        } else {
            res.push(Section {
                id: section.id,
                title: section.title.trim().to_owned(),
                summary: section.summary.trim().to_owned(),
            });
        }
    }
    if res.is_empty() {
        diagnostics.push(diag(
            path,
            1,
            "no sections; add `[[section]]` entries with id, title and summary",
        ));
    }
    res
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHome {
    #[serde(default)]
    questions: Vec<Spanned<String>>,
    #[serde(default)]
    pathway: Vec<Spanned<RawPathway>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPathway {
    id: String,
    title: String,
    summary: String,
    #[serde(default)]
    step: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    slug: String,
    why: String,
}

fn parse_home(
    path: &Path,
    text: &str,
    known: &dyn Fn(&str) -> bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Slug>, Vec<Pathway>) {
    let Some(raw) = parse_toml::<RawHome>(path, text, diagnostics) else {
        return (Vec::new(), Vec::new());
    };
    let check_slug = |it: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>| -> Option<Slug> {
        let line = line_at(text, it.span().start, 1);
        match Slug::parse(it.get_ref()) {
            Ok(slug) if known(slug.as_str()) => Some(slug),
            Ok(slug) => {
                diagnostics.push(diag(
                    path,
                    line,
                    format!("there is no item `{slug}`; fix the slug"),
                ));
                None
            }
            Err(message) => {
                diagnostics.push(diag(path, line, message));
                None
            }
        }
    };
    let questions = raw.questions.iter().filter_map(|it| check_slug(it, diagnostics)).collect();
    let mut pathways: Vec<Pathway> = Vec::new();
    for it in raw.pathway {
        let line = line_at(text, it.span().start, 1);
        let pathway = it.into_inner();
        let n_steps = pathway.step.len();
        let steps: Vec<PathwayStep> = pathway
            .step
            .into_iter()
            .filter_map(|step| {
                let slug = check_slug(
                    &Spanned::new(step.span(), step.get_ref().slug.clone()),
                    diagnostics,
                )?;
                Some(PathwayStep { slug, why: step.into_inner().why.trim().to_owned() })
            })
            .collect();
        if !is_kebab(&pathway.id, 60) {
            diagnostics.push(diag(
                path,
                line,
                format!("pathway id `{}` is not lowercase kebab-case", pathway.id),
            ));
        } else if !(4..=8).contains(&n_steps) {
            diagnostics.push(diag(
                path,
                line,
                format!(
                    "pathway `{}` has {n_steps} steps; give it 4 to 8 `[[pathway.step]]`s",
                    pathway.id
                ),
            ));
        } else if steps.len() == n_steps {
            pathways.push(Pathway {
                id: pathway.id,
                title: pathway.title.trim().to_owned(),
                summary: pathway.summary.trim().to_owned(),
                steps,
            });
        }
    }
    (questions, pathways)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContacts {
    #[serde(default)]
    contact: Vec<Spanned<RawContact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    id: Option<String>,
    name: Option<String>,
    group: Option<String>,
    who: Option<String>,
    offers: Option<String>,
    phone: Option<String>,
    text: Option<String>,
    email: Option<String>,
    web: Option<String>,
    hours: Option<String>,
    #[serde(default)]
    nations: Vec<String>,
    #[serde(default)]
    professions: Vec<String>,
    notes: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    seen: Option<toml::Value>,
    seen_at: Option<String>,
}

/// Whether `phone` is digits and spaces, optionally after a leading `+`, with 3 to 15 digits.
fn is_phone(phone: &str) -> bool {
    let digits = phone.trim_start_matches('+');
    let n_digits = digits.bytes().filter(u8::is_ascii_digit).count();
    digits.bytes().all(|b| b.is_ascii_digit() || b == b' ') && (3..=15).contains(&n_digits)
}

fn parse_contacts(path: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Contact> {
    let Some(raw) = parse_toml::<RawContacts>(path, text, diagnostics) else { return Vec::new() };
    let mut res: Vec<Contact> = Vec::new();
    for it in raw.contact {
        let line = line_at(text, it.span().start, 1);
        let raw = it.into_inner();
        let before = diagnostics.len();
        let mut problem = |message: String| diagnostics.push(diag(path, line, message));
        let name = raw.id.clone().unwrap_or_else(|| "(no id)".to_owned());
        let field = |key: &str, value: Option<String>, problem: &mut dyn FnMut(String)| -> String {
            let value = value.map(|it| it.trim().to_owned()).unwrap_or_default();
            if value.is_empty() {
                problem(format!("contact `{name}` is missing `{key}`; add `{key} = \"...\"`"));
            }
            value
        };
        let id = field("id", raw.id.clone(), &mut problem);
        let display_name = field("name", raw.name, &mut problem);
        let who = field("who", raw.who, &mut problem);
        let offers = field("offers", raw.offers, &mut problem);
        let seen_at = field("seen_at", raw.seen_at, &mut problem);
        if !id.is_empty() && !is_kebab(&id, 60) {
            problem(format!("contact id `{id}` is not lowercase kebab-case"));
        }
        if res.iter().any(|it| it.id == id) {
            problem(format!("duplicate contact id `{id}`"));
        }
        let group = match raw.group.as_deref().map(str::trim) {
            None | Some("") => {
                problem(format!(
                    "contact `{name}` is missing `group`; use one of: {}",
                    ContactGroup::choices()
                ));
                None
            }
            Some(it) => {
                let res = ContactGroup::parse(it);
                if res.is_none() {
                    problem(format!(
                        "contact `{name}` has unknown group `{it}`; use one of: {}",
                        ContactGroup::choices()
                    ));
                }
                res
            }
        };
        let clean =
            |it: Option<String>| it.map(|it| it.trim().to_owned()).filter(|it| !it.is_empty());
        let (phone, text_route, web) = (clean(raw.phone), clean(raw.text), clean(raw.web));
        // A local service (your employer's routes, a hub that may have closed) or one whose own number and
        // site are unknown has no route to print; its notes must then say how to find it, and it is never
        // urgent.
        let has_notes = raw.notes.as_deref().is_some_and(|it| !it.trim().is_empty());
        if phone.is_none() && text_route.is_none() && web.is_none() {
            if group == Some(ContactGroup::Urgent) {
                problem(format!(
                    "contact `{name}` is urgent but has no `phone`; an urgent route needs a number to call"
                ));
            } else if !has_notes {
                problem(format!(
                    "contact `{name}` has neither `phone` nor `web` nor `text`; add one of them, or say in `notes` how to find the service"
                ));
            }
        }
        // `web` is the service's own address (or several services' own, comma-separated), never a page where a
        // detail was seen (that is `seen_at`): an address, not a sentence or a link to a path's document.
        if let Some(web) = &web {
            let bad = web.split(", ").find(|it| !is_web_address(it));
            if let Some(part) = bad {
                problem(format!(
                    "contact `{name}` has `web = \"{web}\"`, where `{part}` is not a web address; write the service's own address, such as \"www.samaritans.org\" (name a page where details were seen in `seen_at`)"
                ));
            }
        }
        if let Some(phone) = &phone {
            if !is_phone(phone) {
                problem(format!(
                    "contact `{name}` has a malformed phone number `{phone}`; write digits and spaces only, such as \"0300 0303 300\""
                ));
            }
        }
        for nation in &raw.nations {
            if !NATIONS.contains(&nation.as_str()) {
                problem(format!(
                    "contact `{name}` has unknown nation `{nation}`; use any of: {}",
                    NATIONS.join(", ")
                ));
            }
        }
        for profession in &raw.professions {
            if !PROFESSIONS.contains(&profession.as_str()) {
                problem(format!(
                    "contact `{name}` has unknown profession `{profession}`; use any of: {}",
                    PROFESSIONS.join(", ")
                ));
            }
        }
        if raw.nations.is_empty() {
            problem(format!(
                "contact `{name}` has no `nations`; add for example `nations = [\"uk\"]`"
            ));
        }
        if raw.professions.is_empty() {
            problem(format!(
                "contact `{name}` has no `professions`; add for example `professions = [\"all\"]`"
            ));
        }
        // The date the source gives, at its precision, or none: never a day nobody saw.
        let seen = match &raw.seen {
            None => None,
            Some(value) => {
                let text = match value {
                    toml::Value::String(it) => it.clone(),
                    other => other.to_string(),
                };
                let res = PartialDate::parse(&text);
                if res.is_none() {
                    problem(format!(
                        "contact `{name}` has an invalid date `{text}` for `seen`; write the date at the precision its source gives: \"2024\", \"2024-08\" or 2024-08-15, or leave `seen` out when the source gives none"
                    ));
                }
                res
            }
        };
        let mut aliases: Vec<String> = Vec::new();
        for alias in &raw.aliases {
            let alias = alias.trim();
            if crate::text::tokenize(alias).is_empty() || alias.chars().count() > 60 {
                problem(format!(
                    "contact `{name}` has an alias `{alias}` that is empty or longer than 60 characters; write a short name people search for"
                ));
            } else {
                aliases.push(alias.to_owned());
            }
        }
        if diagnostics.len() > before {
            continue;
        }
        let Some(group) = group else { continue };
        res.push(Contact {
            id,
            name: display_name,
            group,
            who,
            offers,
            phone,
            text: text_route,
            email: clean(raw.email),
            web,
            hours: clean(raw.hours),
            nations: raw.nations,
            professions: raw.professions,
            notes: clean(raw.notes),
            aliases,
            seen,
            seen_at,
        });
    }
    res
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrisis {
    #[serde(default)]
    items: Vec<Spanned<String>>,
    #[serde(default)]
    phrase: Vec<Spanned<RawCrisisPhrase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrisisPhrase {
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    source: Option<String>,
}

fn parse_crisis(
    path: &Path,
    text: &str,
    known: &dyn Fn(&str) -> bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> CrisisList {
    let Some(raw) = parse_toml::<RawCrisis>(path, text, diagnostics) else {
        return CrisisList::default();
    };
    let mut res = CrisisList::default();
    for it in &raw.items {
        let line = line_at(text, it.span().start, 1);
        match Slug::parse(it.get_ref()) {
            Ok(slug) if known(slug.as_str()) => res.items.push(slug),
            Ok(slug) => diagnostics.push(diag(
                path,
                line,
                format!("there is no item `{slug}`; list items about getting help by their slug"),
            )),
            Err(message) => diagnostics.push(diag(path, line, message)),
        }
    }
    if raw.items.is_empty() {
        diagnostics.push(diag(
            path,
            1,
            "crisis.toml lists no `items`; add the slugs of the items about getting help, such as `items = [\"where-can-i-get-help\"]`",
        ));
    }
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    let raw_phrases = raw.phrase.len();
    for it in raw.phrase {
        let line = line_at(text, it.span().start, 1);
        let raw = it.into_inner();
        let before = diagnostics.len();
        if raw.source.as_deref().is_none_or(|it| it.trim().is_empty()) {
            diagnostics.push(diag(
                path,
                line,
                "a crisis phrase needs a `source`: say where the phrase came from, such as `source = \"the search issue's list\"`",
            ));
        }
        if raw.terms.is_empty() {
            diagnostics.push(diag(path, line, "a crisis phrase needs `terms`; add the phrase and its variants, such as `terms = [\"suicidal\", \"suicidle\"]`"));
        }
        let mut terms = Vec::new();
        for term in &raw.terms {
            let term = term.trim().to_lowercase();
            let tokens = crate::text::crisis_tokens(&term);
            if tokens.is_empty() || tokens.len() > 8 {
                diagnostics.push(diag(
                    path,
                    line,
                    format!("crisis term `{term}` needs 1 to 8 words with letters or digits"),
                ));
                continue;
            }
            if tokens.len() == 1 && tokens[0].chars().count() < 4 {
                diagnostics.push(diag(path, line, format!("crisis term `{term}` is a single word shorter than 4 letters, which would match too much; use a phrase")));
                continue;
            }
            if let Some(other) = seen.insert(tokens, line) {
                diagnostics.push(diag(
                    path,
                    line,
                    format!("crisis term `{term}` is already listed at line {other}; remove one"),
                ));
                continue;
            }
            terms.push(term);
        }
        let unless: Vec<String> = raw.unless.iter().map(|it| it.trim().to_lowercase()).collect();
        if unless.iter().any(|it| crate::text::crisis_tokens(it).len() != 1) {
            diagnostics.push(diag(
                path,
                line,
                "each `unless` entry is one word, such as `unless = [\"patient\"]`",
            ));
        }
        if diagnostics.len() == before {
            res.phrases.push(CrisisPhrase { terms, unless });
        }
    }
    if res.phrases.is_empty() && raw_phrases == 0 {
        diagnostics.push(diag(
            path,
            1,
            "crisis.toml has no `[[phrase]]`; the crisis list must not be empty",
        ));
    }
    res
}

/// A web address as contacts show it: a host with a dot and an optional short path, no spaces or scheme needed
/// ("www.bda.org/stress", "canopi.nhs.wales"); never a document (a `.pdf`) or a query.
fn is_web_address(text: &str) -> bool {
    let rest =
        text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")).unwrap_or(text);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let path_ok = path.chars().all(|c| c.is_ascii_alphanumeric() || "-_/.".contains(c))
        && !path.to_ascii_lowercase().ends_with(".pdf");
    host_ok && path_ok
}

/// `library.toml`: the edition and who publishes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    edition: u64,
    publisher: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSynonyms {
    #[serde(default)]
    group: Vec<Spanned<RawSynonymGroup>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSynonymGroup {
    terms: Vec<String>,
}

fn parse_synonyms(path: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<SynonymGroup> {
    let Some(raw) = parse_toml::<RawSynonyms>(path, text, diagnostics) else { return Vec::new() };
    let mut res = Vec::new();
    let mut keys: HashMap<Vec<String>, (usize, String)> = HashMap::new();
    for it in raw.group {
        let line = line_at(text, it.span().start, 1);
        let terms: Vec<String> = it
            .into_inner()
            .terms
            .iter()
            .map(|it| it.trim().to_lowercase())
            .filter(|it| !crate::text::tokenize(it).is_empty())
            .collect();
        if terms.len() < 2 {
            diagnostics.push(diag(
                path,
                line,
                "a synonym group needs at least two terms with letters or digits",
            ));
            continue;
        }
        // A query is matched against each term without its little words, by stem: two groups must never
        // claim the same words, or which group a search lands in would depend on the order of this file.
        for term in &terms {
            let key = crate::text::synonym_keys(term);
            match keys.get(&key) {
                Some((other_line, other)) if *other_line != line => diagnostics.push(diag(
                    path,
                    line,
                    format!("synonym term `{term}` is matched like `{other}` in the group at line {other_line} (same words once little words are dropped and endings removed); keep it in one group or make it more specific"),
                )),
                _ => {
                    keys.insert(key, (line, term.clone()));
                }
            }
        }
        res.push(SynonymGroup { terms });
    }
    res
}
