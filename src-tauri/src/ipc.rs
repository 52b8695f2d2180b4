//! Wire types: what the UI receives, in camelCase, converted by hand from core types.
//!
//! This is the only module that knows the shape of IPC messages; core types never derive `Serialize`.

use companion::companion::{AudienceSlide as CoreAudienceSlide, Presentation as CorePresentation};
use companion::content::{Contact, SlideKind};
use companion::content_db::{ItemPage, ItemSummary, PathwayPage};
use companion::search::{self, SearchResults};
use serde::Serialize;

/// The error the UI receives, e.g. `{ kind: "notFound", message: "no item with slug `x`" }`.
#[derive(Debug, Serialize)]
pub(crate) struct CommandError {
    kind: ErrorKind,
    message: String,
}

/// What the UI switches on; it never parses `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum ErrorKind {
    /// The item or section does not exist.
    NotFound,
    /// An argument was malformed.
    InvalidInput,
    /// The user database could not be opened this session, so bookmarks and preferences are unavailable.
    Unavailable,
    /// A library pack was refused; the message says why, for the person.
    Refused,
    /// The organisation's policy has turned this off on this computer.
    NotAllowed,
    /// Anything else.
    Internal,
}

impl CommandError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> CommandError {
        CommandError { kind, message: message.into() }
    }
}

/// A window that could not be opened, shown or reached.
impl From<tauri::Error> for CommandError {
    fn from(err: tauri::Error) -> CommandError {
        CommandError {
            kind: ErrorKind::Internal,
            message: format!("the window could not be used: {err}"),
        }
    }
}

impl From<companion::Error> for CommandError {
    fn from(err: companion::Error) -> CommandError {
        let kind = match &err {
            companion::Error::ItemNotFound(_) | companion::Error::SectionNotFound(_) => {
                ErrorKind::NotFound
            }
            companion::Error::InvalidInput { .. } | companion::Error::BadExport { .. } => {
                ErrorKind::InvalidInput
            }
            companion::Error::UserDataUnavailable => ErrorKind::Unavailable,
            companion::Error::PackRefused(_) => ErrorKind::Refused,
            companion::Error::NotAllowed(_) => ErrorKind::NotAllowed,
            _ => ErrorKind::Internal,
        };
        CommandError { kind, message: companion::error_chain(&err) }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Summary {
    slug: String,
    title: String,
    summary: String,
    section: String,
    section_title: String,
    kind: &'static str,
    reading_minutes: u32,
    content_warning: Option<String>,
}

impl Summary {
    pub(crate) fn new(it: &ItemSummary, section_title: &str) -> Summary {
        Summary {
            slug: it.slug.clone(),
            title: it.title.clone(),
            summary: it.summary.clone(),
            section: it.section.clone(),
            section_title: section_title.to_owned(),
            kind: it.kind.as_str(),
            reading_minutes: it.reading_minutes,
            content_warning: it.content_warning.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Section {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) count: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Home {
    pub(crate) questions: Vec<Summary>,
    pub(crate) pathways: Vec<Pathway>,
    pub(crate) sections: Vec<Section>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Pathway {
    id: String,
    title: String,
    summary: String,
    steps: Vec<PathwayStep>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PathwayStep {
    slug: String,
    title: String,
    summary: String,
    why: String,
}

impl From<PathwayPage> for Pathway {
    fn from(it: PathwayPage) -> Pathway {
        Pathway {
            id: it.id,
            title: it.title,
            summary: it.summary,
            steps: it
                .steps
                .into_iter()
                .map(|(item, why)| PathwayStep {
                    slug: item.slug,
                    title: item.title,
                    summary: item.summary,
                    why,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SectionPage {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) items: Vec<Summary>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Item {
    slug: String,
    title: String,
    summary: String,
    section: String,
    section_title: String,
    kind: &'static str,
    audiences: Vec<&'static str>,
    tags: Vec<String>,
    reviewed: String,
    content_warning: Option<String>,
    reading_minutes: u32,
    html: String,
    toc: Vec<TocEntry>,
    sources: Vec<Source>,
    related: Vec<Summary>,
    prev: Option<Summary>,
    next: Option<Summary>,
    /// The words of the page that the search it was opened from matched, to highlight (folded, lowercase).
    matched_terms: Vec<String>,
    /// The page ends with the urgent routes (the UI draws them from the support directory).
    urgent_help: bool,
}

/// A workshop to present: its slides with the presenter's notes (for the main window only).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Presentation {
    workshop: Summary,
    minutes: u32,
    slides: Vec<Slide>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Slide {
    title: String,
    minutes: u32,
    /// `screen`, `story` or `signposting`.
    kind: &'static str,
    /// Sanitised HTML for the audience (empty for the signposting slide, which the UI draws from the contacts).
    screen: String,
    /// Sanitised HTML for the presenter alone.
    notes: String,
    /// The story a `story` slide reads from.
    story: Option<Summary>,
}

impl Presentation {
    /// `title_of` maps a section id to its title.
    pub(crate) fn new(it: CorePresentation, title_of: &dyn Fn(&str) -> String) -> Presentation {
        let summary = |it: &ItemSummary| Summary::new(it, &title_of(&it.section));
        Presentation {
            workshop: summary(&it.summary),
            minutes: it.minutes,
            slides: it
                .slides
                .into_iter()
                .map(|presented| Slide {
                    title: presented.slide.title,
                    minutes: presented.slide.minutes,
                    kind: slide_kind(&presented.slide.kind),
                    screen: presented.slide.screen.as_str().to_owned(),
                    notes: presented.slide.notes.as_str().to_owned(),
                    story: presented.story.as_ref().map(summary),
                })
                .collect(),
        }
    }
}

/// One slide for the audience window: no speaker notes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AudienceSlide {
    workshop: String,
    index: usize,
    count: usize,
    title: String,
    /// `screen`, `story` or `signposting`.
    kind: &'static str,
    /// Sanitised HTML from the library.
    screen: String,
    story_title: Option<String>,
    story_warning: Option<String>,
    signposts: Vec<Signpost>,
    /// `""`, `"black"` or `"white"`.
    blank: &'static str,
}

/// One line of the signposting slide.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Signpost {
    name: String,
    phone: Option<String>,
    text: Option<String>,
}

impl AudienceSlide {
    pub(crate) fn new(it: CoreAudienceSlide, blank: &'static str) -> AudienceSlide {
        AudienceSlide {
            workshop: it.workshop,
            index: it.index,
            count: it.count,
            title: it.title,
            kind: slide_kind(&it.kind),
            screen: it.screen.as_str().to_owned(),
            story_title: it.story.as_ref().map(|s| s.title.clone()),
            story_warning: it.story.and_then(|s| s.content_warning),
            signposts: it
                .signposts
                .into_iter()
                .map(|c| Signpost { name: c.name, phone: c.phone, text: c.text })
                .collect(),
            blank,
        }
    }
}

fn slide_kind(kind: &SlideKind) -> &'static str {
    match kind {
        SlideKind::Screen => "screen",
        SlideKind::Story(_) => "story",
        SlideKind::Signposting => "signposting",
    }
}

/// What opening the audience window did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AudienceOpened {
    /// It went full screen on a second display.
    pub(crate) second_display: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TocEntry {
    level: u8,
    id: String,
    text: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Source {
    cite: String,
    doi: Option<String>,
    url: Option<String>,
}

impl Item {
    /// `title_of` maps a section id to its title.
    pub(crate) fn new(
        page: ItemPage,
        matched_terms: Vec<String>,
        title_of: &dyn Fn(&str) -> String,
    ) -> Item {
        let summary = |it: &ItemSummary| Summary::new(it, &title_of(&it.section));
        Item {
            slug: page.summary.slug.clone(),
            title: page.summary.title.clone(),
            summary: page.summary.summary.clone(),
            section_title: title_of(&page.summary.section),
            section: page.summary.section.clone(),
            kind: page.summary.kind.as_str(),
            audiences: page.summary.audiences.iter().map(|it| it.as_str()).collect(),
            tags: page.tags,
            reviewed: page.reviewed,
            content_warning: page.summary.content_warning.clone(),
            reading_minutes: page.summary.reading_minutes,
            html: page.html.as_str().to_owned(),
            urgent_help: page.urgent_help,
            toc: page
                .toc
                .into_iter()
                .map(|it| TocEntry { level: it.level, id: it.id, text: it.text })
                .collect(),
            sources: page
                .sources
                .into_iter()
                .map(|it| Source { cite: it.cite, doi: it.doi, url: it.url })
                .collect(),
            related: page.related.iter().map(summary).collect(),
            prev: page.prev.as_ref().map(summary),
            next: page.next.as_ref().map(summary),
            matched_terms,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContactOut {
    id: String,
    name: String,
    group: &'static str,
    who: String,
    offers: String,
    phone: Option<String>,
    text: Option<String>,
    email: Option<String>,
    web: Option<String>,
    hours: Option<String>,
    nations: Vec<String>,
    professions: Vec<String>,
    notes: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the source; `None` when no source gives a date.
    seen: Option<String>,
    seen_at: String,
}

impl ContactOut {
    /// `organisation` puts the contact under "Your organisation", whatever group its file gave.
    pub(crate) fn new(it: Contact, organisation: bool) -> ContactOut {
        ContactOut {
            id: it.id,
            name: it.name,
            group: if organisation { "organisation" } else { it.group.as_str() },
            who: it.who,
            offers: it.offers,
            phone: it.phone,
            text: it.text,
            email: it.email,
            web: it.web,
            hours: it.hours,
            nations: it.nations,
            professions: it.professions,
            notes: it.notes,
            seen: it.seen.map(|it| it.to_string()),
            seen_at: it.seen_at,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Contacts {
    pub(crate) contacts: Vec<ContactOut>,
    pub(crate) organisation: Vec<ContactOut>,
    pub(crate) organisation_error: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Search {
    total: usize,
    hits: Vec<Hit>,
    suggestion: Option<String>,
    fallback: bool,
    /// The query matched the crisis list: the UI shows the urgent card above the results.
    crisis: bool,
    /// The corrected query that was searched because the one typed found nothing.
    corrected: Option<String>,
}

/// One result: `{ type: "item", ... }` or `{ type: "service", ... }`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub(crate) enum Hit {
    #[serde(rename_all = "camelCase")]
    Item {
        slug: String,
        title: String,
        section: String,
        section_title: String,
        kind: &'static str,
        snippet: Vec<SnippetPart>,
        rank: f64,
        /// An item about getting help, first because the query matched the crisis list.
        pinned: bool,
    },
    #[serde(rename_all = "camelCase")]
    Service { contact: ContactOut, rank: f64 },
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnippetPart {
    text: String,
    mark: bool,
}

impl Search {
    pub(crate) fn new(results: SearchResults, title_of: &dyn Fn(&str) -> String) -> Search {
        Search {
            total: results.total,
            suggestion: results.suggestion,
            fallback: results.fallback,
            crisis: results.crisis,
            corrected: results.corrected,
            hits: results
                .hits
                .into_iter()
                .map(|hit| match hit {
                    search::Hit::Item(it) => Hit::Item {
                        section_title: title_of(&it.section),
                        slug: it.slug,
                        title: it.title,
                        section: it.section,
                        kind: it.kind.as_str(),
                        snippet: it
                            .snippet
                            .into_iter()
                            .map(|it| SnippetPart { text: it.text, mark: it.mark })
                            .collect(),
                        rank: it.rank,
                        pinned: it.pinned,
                    },
                    search::Hit::Service(it) => Hit::Service {
                        contact: ContactOut::new(it.contact, it.organisation),
                        rank: it.rank,
                    },
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Bookmark {
    pub(crate) slug: String,
    pub(crate) collection: String,
    pub(crate) created_at: String,
    pub(crate) title: Option<String>,
    pub(crate) section: Option<String>,
    pub(crate) missing: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Bookmarks {
    pub(crate) bookmarks: Vec<Bookmark>,
    pub(crate) collections: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Exported {
    pub(crate) path: String,
    pub(crate) count: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Imported {
    pub(crate) added: usize,
    pub(crate) already_there: usize,
    pub(crate) unknown_slugs: Vec<String>,
}

#[derive(Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Preferences {
    pub(crate) theme: String,
    pub(crate) text_size: u32,
    pub(crate) reduced_motion: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Cleared {
    pub(crate) removed: Vec<String>,
    /// What could not be removed, each with the reason.
    pub(crate) not_removed: Vec<String>,
}

/// The organisation's policy, for the UI.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Policy {
    pub(crate) shared_computer: bool,
    /// Seconds without input before a shared computer returns to a neutral home.
    pub(crate) idle_seconds: u32,
    pub(crate) import_export: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct About {
    pub(crate) app_version: &'static str,
    pub(crate) content_hash: String,
    pub(crate) content_date: String,
    pub(crate) item_count: usize,
    pub(crate) data_dir: String,
    /// The library's edition (0 for a library that is not published).
    pub(crate) edition: u64,
    pub(crate) publisher: String,
    /// `builtIn`, or `pack` for a signed pack.
    pub(crate) origin: &'static str,
    /// For a pack: the id of the key that signed it, where that key came from, when the pack was made, and
    /// the file in use.
    pub(crate) key_id: Option<String>,
    pub(crate) key_source: Option<String>,
    pub(crate) pack_created: Option<String>,
    pub(crate) pack_path: Option<String>,
}

impl Home {
    pub(crate) fn new(
        home: companion::companion::HomePage,
        title_of: &dyn Fn(&str) -> String,
    ) -> Home {
        Home {
            questions: home
                .questions
                .iter()
                .map(|it| Summary::new(it, &title_of(&it.section)))
                .collect(),
            pathways: home.pathways.into_iter().map(Pathway::from).collect(),
            sections: home
                .sections
                .into_iter()
                .map(|it| Section {
                    id: it.section.id,
                    title: it.section.title,
                    summary: it.section.summary,
                    count: it.count,
                })
                .collect(),
        }
    }
}

impl From<companion::companion::SectionPage> for SectionPage {
    fn from(page: companion::companion::SectionPage) -> SectionPage {
        SectionPage {
            items: page.items.iter().map(|it| Summary::new(it, &page.section.title)).collect(),
            id: page.section.id,
            title: page.section.title,
            summary: page.section.summary,
        }
    }
}

impl Contacts {
    pub(crate) fn new(
        contacts: Vec<Contact>,
        organisation: &[Contact],
        error: Option<String>,
    ) -> Contacts {
        Contacts {
            contacts: contacts.into_iter().map(|it| ContactOut::new(it, false)).collect(),
            organisation: organisation
                .iter()
                .cloned()
                .map(|it| ContactOut::new(it, true))
                .collect(),
            organisation_error: error,
        }
    }
}

impl From<(Vec<companion::companion::SavedItem>, Vec<String>)> for Bookmarks {
    fn from(
        (saved, collections): (Vec<companion::companion::SavedItem>, Vec<String>),
    ) -> Bookmarks {
        Bookmarks {
            bookmarks: saved
                .into_iter()
                .map(|it| Bookmark {
                    title: it.item.as_ref().map(|s| s.title.clone()),
                    section: it.item.as_ref().map(|s| s.section.clone()),
                    missing: it.item.is_none(),
                    slug: it.bookmark.slug,
                    collection: it.bookmark.collection,
                    created_at: it.bookmark.created_at,
                })
                .collect(),
            collections,
        }
    }
}

impl From<companion::companion::Imported> for Imported {
    fn from(it: companion::companion::Imported) -> Imported {
        Imported {
            added: it.added,
            already_there: it.already_there,
            unknown_slugs: it.unknown_slugs,
        }
    }
}

impl From<companion::user_db::Preferences> for Preferences {
    fn from(it: companion::user_db::Preferences) -> Preferences {
        Preferences { theme: it.theme, text_size: it.text_size, reduced_motion: it.reduced_motion }
    }
}

impl From<Preferences> for companion::user_db::Preferences {
    fn from(it: Preferences) -> companion::user_db::Preferences {
        companion::user_db::Preferences {
            theme: it.theme,
            text_size: it.text_size,
            reduced_motion: it.reduced_motion,
        }
    }
}

impl Cleared {
    /// `browsing` is what clearing the web view's data gave, if there was a window; `describe` names a path
    /// for a person.
    pub(crate) fn new(
        cleared: companion::user_db::Cleared,
        browsing: Option<Result<(), String>>,
        describe: fn(&std::path::Path) -> String,
    ) -> Cleared {
        let mut removed: Vec<String> = cleared.removed.iter().map(|it| describe(it)).collect();
        let mut not_removed: Vec<String> = cleared
            .failed
            .iter()
            .map(|(path, why)| format!("{} ({why})", describe(path)))
            .collect();
        match browsing {
            Some(Ok(())) => removed.push("Web view storage (cache and any site data)".to_owned()),
            Some(Err(err)) => not_removed.push(format!("Web view storage ({err})")),
            None => {}
        }
        Cleared { removed, not_removed }
    }
}

impl About {
    pub(crate) fn new(c: &companion::Companion) -> About {
        let meta = c.meta();
        let (origin, key_id, key_source, pack_created, pack_path) = match c.origin() {
            companion::pack::Origin::BuiltIn => ("builtIn", None, None, None, None),
            companion::pack::Origin::Pack { path, key_id, key_source, created } => (
                "pack",
                Some(key_id.clone()),
                Some(key_source.clone()),
                Some(created.clone()),
                Some(path.display().to_string()),
            ),
        };
        About {
            app_version: env!("CARGO_PKG_VERSION"),
            content_hash: meta.content_hash.clone(),
            content_date: meta.content_date.clone(),
            item_count: meta.item_count,
            data_dir: c.user_path().parent().map(|it| it.display().to_string()).unwrap_or_default(),
            edition: meta.edition,
            publisher: meta.publisher.clone(),
            origin,
            key_id,
            key_source,
            pack_created,
            pack_path,
        }
    }
}
