//! The use cases: the library and one person's own data, with every rule that joins them.
//!
//! The shell holds one [`Companion`] and its commands only parse the wire format, call one method here and
//! convert the result. Each rule has one owner, here or in the module it names: what a query, a limit or a
//! section id may be ([`SearchRequest::parse`], [`parse_section_id`]), that a bookmark needs an existing item,
//! which slugs of an import no longer exist, how many items a section has, which preferences are valid
//! ([`Preferences::validate`]), what a collection name may be (`user_db`). The CLI uses the same parsers.

use std::path::{Path, PathBuf};

use crate::content::{Audience, Contact, Kind, Slide, SlideKind, Slug, is_kebab};
use crate::content_db::{ContentDb, ItemPage, ItemSummary, Meta, PathwayPage};
use crate::error::{Error, Result};
use crate::search::{Filters, SearchResults};
use crate::user_db::{Bookmark, Cleared, ExportFile, Preferences, UserDb};

/// The longest search text accepted from a caller, in bytes; search reads only its first 500 characters.
pub const MAX_QUERY_BYTES: usize = 64 * 1024;
/// The most results one page of a search can hold.
pub const MAX_LIMIT: usize = 100;
/// How far into the results a page can start.
pub const MAX_OFFSET: usize = 100_000;
/// The longest section id, as content/README.md defines ids.
pub const MAX_SECTION_ID: usize = 60;

/// A section id from a caller: lowercase kebab-case, at most [`MAX_SECTION_ID`] bytes.
pub fn parse_section_id(text: &str) -> Result<&str> {
    if is_kebab(text, MAX_SECTION_ID) {
        Ok(text)
    } else {
        Err(Error::invalid("section id", "use lowercase letters, digits and single hyphens"))
    }
}

/// The most pages one handout pack holds.
pub const MAX_HANDOUT_ITEMS: usize = 200;
/// The longest handout title, in characters.
pub const MAX_HANDOUT_TITLE: usize = 200;

/// A workshop to present.
#[derive(Debug, Clone, PartialEq)]
pub struct Presentation {
    /// The workshop.
    pub summary: ItemSummary,
    /// Its length: the sum of its slides' minutes.
    pub minutes: u32,
    /// Its slides in order.
    pub slides: Vec<PresentedSlide>,
}

/// One slide of a [`Presentation`].
#[derive(Debug, Clone, PartialEq)]
pub struct PresentedSlide {
    /// The slide.
    pub slide: Slide,
    /// For an excerpt of a story: the story.
    pub story: Option<ItemSummary>,
}

/// One slide as the audience sees it: no speaker notes.
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceSlide {
    /// The workshop's title.
    pub workshop: String,
    /// Its position, from 0.
    pub index: usize,
    /// How many slides the workshop has.
    pub count: usize,
    /// The segment's title.
    pub title: String,
    /// What it shows.
    pub kind: SlideKind,
    /// The on-screen text or story excerpt, rendered and sanitised.
    pub screen: crate::markdown::Html,
    /// For a story excerpt: the story (title, content warning).
    pub story: Option<ItemSummary>,
    /// For the signposting slide: the urgent routes, then the organisation's own contacts.
    pub signposts: Vec<Contact>,
}

/// A search as a caller asks for it, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The text as typed.
    pub query: String,
    /// Section, audience, kind and `exact`.
    pub filters: Filters,
    /// Results per page, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Results to skip, at most [`MAX_OFFSET`].
    pub offset: usize,
}

impl SearchRequest {
    /// Checks a search from its raw parts; an empty filter means "any".
    pub fn parse(
        query: String,
        section: Option<&str>,
        audience: Option<&str>,
        kind: Option<&str>,
        exact: bool,
        limit: usize,
        offset: usize,
    ) -> Result<SearchRequest> {
        if query.len() > MAX_QUERY_BYTES {
            return Err(Error::invalid("search text", "it is too long"));
        }
        if !(1..=MAX_LIMIT).contains(&limit) || offset > MAX_OFFSET {
            return Err(Error::invalid(
                "page",
                format!("limit is 1 to {MAX_LIMIT} and offset at most {MAX_OFFSET}"),
            ));
        }
        let given =
            |it: Option<&str>| it.map(str::trim).filter(|it| !it.is_empty()).map(str::to_owned);
        let section =
            given(section).map(|it| parse_section_id(&it).map(str::to_owned)).transpose()?;
        let audience = given(audience)
            .map(|it| {
                Audience::parse(&it).ok_or_else(|| {
                    Error::invalid("audience", format!("use one of {}", Audience::choices()))
                })
            })
            .transpose()?;
        let kind = given(kind)
            .map(|it| {
                Kind::parse(&it).ok_or_else(|| {
                    Error::invalid("kind", format!("use one of {}", Kind::choices()))
                })
            })
            .transpose()?;
        Ok(SearchRequest {
            query,
            filters: Filters { section, audience, kind, exact },
            limit,
            offset,
        })
    }
}

/// A section with how many items it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionCount {
    /// The section.
    pub section: crate::content::Section,
    /// Its items.
    pub count: usize,
}

/// What the home page shows.
#[derive(Debug, Clone)]
pub struct HomePage {
    /// The four questions, as items.
    pub questions: Vec<ItemSummary>,
    /// The pathways, with their steps.
    pub pathways: Vec<PathwayPage>,
    /// Every section with its count.
    pub sections: Vec<SectionCount>,
}

/// A section's page.
#[derive(Debug, Clone)]
pub struct SectionPage {
    /// The section.
    pub section: crate::content::Section,
    /// Its items, in reading order.
    pub items: Vec<ItemSummary>,
}

/// A bookmark with the item it points at, when that still exists.
#[derive(Debug, Clone)]
pub struct SavedItem {
    /// The bookmark as stored.
    pub bookmark: Bookmark,
    /// The item, or `None` when it is no longer in the library (the bookmark is kept).
    pub item: Option<ItemSummary>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Bookmarks that were new.
    pub added: usize,
    /// Bookmarks already saved.
    pub already_there: usize,
    /// Slugs in the file of items this library does not have (kept as bookmarks, shown as missing).
    pub unknown_slugs: Vec<String>,
}

/// The library and one person's data.
#[derive(Debug)]
pub struct Companion {
    content: ContentDb,
    origin: crate::pack::Origin,
    policy: crate::policy::Policy,
    /// `None` when the user database could not be opened this session.
    user: Option<UserDb>,
    user_path: PathBuf,
    organisation: Vec<Contact>,
}

impl Companion {
    /// Puts the library and the user database together; the organisation's contacts become search results too.
    pub fn new(
        mut content: ContentDb,
        user: Option<UserDb>,
        user_path: &Path,
        organisation: Vec<Contact>,
    ) -> Result<Companion> {
        content.set_organisation_contacts(&organisation)?;
        Ok(Companion {
            content,
            origin: crate::pack::Origin::BuiltIn,
            policy: crate::policy::Policy::default(),
            user,
            user_path: user_path.to_owned(),
            organisation,
        })
    }

    /// [`Companion::new`] with a library that may have come from a pack ([`crate::pack::choose`]).
    pub fn with_library(
        library: crate::pack::InUse,
        user: Option<UserDb>,
        user_path: &Path,
        organisation: Vec<Contact>,
    ) -> Result<Companion> {
        let mut res = Companion::new(library.database, user, user_path, organisation)?;
        res.origin = library.origin;
        Ok(res)
    }

    /// Applies the organisation's policy. On a shared computer the person's data lives in memory for this
    /// session only: the user database on disk is closed and never written (and if even memory cannot hold
    /// one, bookmarks are off this session, as when the file cannot be opened; reading and Help now still work).
    pub fn apply_policy(&mut self, policy: crate::policy::Policy) {
        if policy.shared_computer {
            self.user = UserDb::in_memory().ok();
        }
        self.policy = policy;
    }

    /// The organisation's policy in force.
    pub fn policy(&self) -> &crate::policy::Policy {
        &self.policy
    }

    /// Refused ([`Error::NotAllowed`]) when the organisation has turned off import and export.
    pub fn import_export_allowed(&self) -> Result<()> {
        if self.policy.import_export {
            Ok(())
        } else {
            Err(Error::NotAllowed(
                "your organisation has turned off exporting and importing bookmarks on this computer"
                    .to_owned(),
            ))
        }
    }

    /// Where the library in use came from.
    pub fn origin(&self) -> &crate::pack::Origin {
        &self.origin
    }

    /// Installs the library pack `bytes` when it passes every check ([`crate::pack::verify`]) with `keys` and its
    /// edition is newer than the library in use: the pack is first written to `dest` (atomically: the file
    /// there is replaced whole or not at all), then used from the next call on. On any failure nothing changes:
    /// the library in use, its file and the person's bookmarks stay exactly as they were. Bookmarks of items the
    /// new library no longer has are kept and shown as missing, as after an import.
    pub fn install_pack(
        &mut self,
        bytes: &[u8],
        keys: &[crate::pack::TrustedKey],
        dest: &Path,
    ) -> Result<crate::pack::Manifest> {
        let verified = crate::pack::verify(bytes, keys).map_err(Error::PackRefused)?;
        let in_use = self.content.meta().edition;
        if verified.manifest.edition <= in_use {
            return Err(Error::PackRefused(crate::pack::Refusal::NotNewer(
                verified.manifest.edition,
                in_use,
            )));
        }
        let manifest = verified.manifest.clone();
        let mut library = verified.in_use(dest);
        library.database.set_organisation_contacts(&self.organisation)?;
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
        }
        crate::store::write_replacing(dest, bytes)?;
        self.content = library.database;
        self.origin = library.origin;
        Ok(manifest)
    }

    fn user(&self) -> Result<&UserDb> {
        self.user.as_ref().ok_or(Error::UserDataUnavailable)
    }

    fn user_mut(&mut self) -> Result<&mut UserDb> {
        self.user.as_mut().ok_or(Error::UserDataUnavailable)
    }

    /// The library.
    pub fn content(&self) -> &ContentDb {
        &self.content
    }

    /// A section's title, or "" for an unknown id.
    pub fn section_title(&self, id: &str) -> String {
        self.content.section(id).map(|it| it.title.clone()).unwrap_or_default()
    }

    /// The home page.
    pub fn home(&self) -> Result<HomePage> {
        let sections = self
            .content
            .sections()
            .iter()
            .map(|section| SectionCount {
                count: self.content.items().filter(|item| item.section == section.id).count(),
                section: section.clone(),
            })
            .collect();
        Ok(HomePage {
            questions: self.content.questions()?,
            pathways: self.content.pathways()?,
            sections,
        })
    }

    /// A section's page; the id as a caller gave it.
    pub fn section(&self, id: &str) -> Result<SectionPage> {
        let id = parse_section_id(id)?;
        Ok(SectionPage {
            section: self.content.section(id)?.clone(),
            items: self.content.section_items(id)?,
        })
    }

    /// An item's page, with the words of it that `query` (the search it was opened from) matched.
    pub fn item(&self, slug: &str, query: &str) -> Result<(ItemPage, Vec<String>)> {
        let slug = Slug::parse(slug).map_err(|it| Error::invalid("slug", it))?;
        if query.len() > MAX_QUERY_BYTES {
            return Err(Error::invalid("search text", "it is too long"));
        }
        Ok((self.content.item(slug.as_str())?, self.content.matched_terms(slug.as_str(), query)?))
    }

    /// A workshop ready to present: its slides in order, each story slide with the story it reads from (for its
    /// title and content warning). Refused for an item that is not a workshop.
    pub fn presentation(&self, slug: &str) -> Result<Presentation> {
        let slug = Slug::parse(slug).map_err(|it| Error::invalid("slug", it))?;
        let summary = self
            .content
            .summary(slug.as_str())
            .cloned()
            .ok_or_else(|| Error::ItemNotFound(slug.as_str().to_owned()))?;
        if summary.kind != Kind::Workshop {
            return Err(Error::invalid("presentation", "only a workshop can be presented"));
        }
        let slides = self
            .content
            .slides(slug.as_str())?
            .into_iter()
            .map(|slide| {
                let story = match &slide.kind {
                    SlideKind::Story(it) => self.content.summary(it.as_str()).cloned(),
                    _ => None,
                };
                PresentedSlide { slide, story }
            })
            .collect::<Vec<_>>();
        let minutes = slides.iter().map(|it| it.slide.minutes).sum();
        Ok(Presentation { summary, minutes, slides })
    }

    /// What the audience window shows for slide `index` of a workshop: only what the library says for the
    /// audience (never the notes), so a page can ask for a slide but never put its own text on the screen.
    /// The signposting slide lists the urgent routes and the organisation's own contacts.
    pub fn audience_slide(&self, slug: &str, index: usize) -> Result<AudienceSlide> {
        let mut presentation = self.presentation(slug)?;
        let count = presentation.slides.len();
        if index >= count {
            return Err(Error::invalid("slide", format!("there are {count} slides")));
        }
        let presented = presentation.slides.swap_remove(index);
        let signposts = if presented.slide.kind == SlideKind::Signposting {
            self.content
                .contacts()?
                .into_iter()
                .filter(|it| it.group == crate::content::ContactGroup::Urgent)
                .chain(self.organisation.iter().cloned())
                .collect()
        } else {
            Vec::new()
        };
        Ok(AudienceSlide {
            workshop: presentation.summary.title,
            index,
            count,
            title: presented.slide.title,
            kind: presented.slide.kind,
            screen: presented.slide.screen,
            story: presented.story,
            signposts,
        })
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.content.search(&request.query, &request.filters, request.limit, request.offset)
    }

    /// The library's support directory.
    pub fn contacts(&self) -> Result<Vec<Contact>> {
        self.content.contacts()
    }

    /// The organisation's own contacts.
    pub fn organisation(&self) -> &[Contact] {
        &self.organisation
    }

    /// Every bookmark with its item, and every collection.
    pub fn bookmarks(&self) -> Result<(Vec<SavedItem>, Vec<String>)> {
        let user = self.user()?;
        let saved = user
            .bookmarks()?
            .into_iter()
            .map(|bookmark| SavedItem {
                item: self.content.summary(&bookmark.slug).cloned(),
                bookmark,
            })
            .collect();
        Ok((saved, user.collections()?))
    }

    /// Saves an item (that exists) into a collection ("" for none).
    pub fn add_bookmark(&mut self, slug: &str, collection: &str) -> Result<()> {
        let slug = Slug::parse(slug).map_err(|it| Error::invalid("slug", it))?;
        if !self.content.contains(slug.as_str()) {
            return Err(Error::ItemNotFound(slug.to_string()));
        }
        self.user_mut()?.add_bookmark(&slug, collection)
    }

    /// Removes a bookmark.
    pub fn remove_bookmark(&mut self, slug: &str) -> Result<()> {
        let slug = Slug::parse(slug).map_err(|it| Error::invalid("slug", it))?;
        self.user_mut()?.remove_bookmark(&slug)
    }

    /// Moves a bookmark to another collection ("" for none).
    pub fn move_bookmark(&mut self, slug: &str, collection: &str) -> Result<()> {
        let slug = Slug::parse(slug).map_err(|it| Error::invalid("slug", it))?;
        self.user_mut()?.move_bookmark(&slug, collection)
    }

    /// Creates a collection.
    pub fn create_collection(&mut self, name: &str) -> Result<()> {
        self.user_mut()?.create_collection(name)
    }

    /// Deletes a collection; its bookmarks stay, in no collection.
    pub fn delete_collection(&mut self, name: &str) -> Result<()> {
        self.user_mut()?.delete_collection(name)
    }

    /// Writes every bookmark to an export file; returns how many.
    pub fn export(&self, path: &Path) -> Result<usize> {
        self.import_export_allowed()?;
        self.user()?.export(path, None)
    }

    /// Writes one collection (a session pack) in the export format; another copy of the app imports it as that
    /// collection. Returns how many bookmarks were written.
    pub fn export_collection(&self, path: &Path, collection: &str) -> Result<usize> {
        self.import_export_allowed()?;
        let user = self.user()?;
        if !user.collections()?.iter().any(|it| it == collection) {
            return Err(Error::invalid(
                "collection",
                format!("there is no collection named {collection:?}"),
            ));
        }
        user.export(path, Some(collection))
    }

    /// The handout of the items `slugs` (in order) titled `title`: one self-contained HTML file with their
    /// text and sources, the urgent lines, the organisation's contacts and the library's version
    /// ([`crate::handout`]). A pack of several items has a contents page. A workshop gives its participants'
    /// handout, not its plan.
    pub fn handout(&self, slugs: &[String], title: &str) -> Result<String> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > MAX_HANDOUT_TITLE {
            return Err(Error::invalid(
                "handout title",
                format!("write 1 to {MAX_HANDOUT_TITLE} characters"),
            ));
        }
        if slugs.is_empty() || slugs.len() > MAX_HANDOUT_ITEMS {
            return Err(Error::invalid(
                "handout",
                format!("choose 1 to {MAX_HANDOUT_ITEMS} pages"),
            ));
        }
        let mut pages = Vec::with_capacity(slugs.len());
        for slug in slugs {
            let slug = Slug::parse(slug).map_err(|it| Error::invalid("slug", it))?;
            let mut page = self.content.item(slug.as_str())?;
            // A workshop's handout is for its participants: their take-away text, never the plan and notes.
            if let Some(handout) = page.handout.take() {
                page.html = handout;
                page.summary.summary =
                    "Notes to take away, for the people who took part in this session.".to_owned();
            }
            pages.push(page);
        }
        Ok(crate::handout::render(
            title,
            &pages,
            &self.content.contacts()?,
            &self.organisation,
            self.content.meta(),
        ))
    }

    /// Merges an export file (read with [`ExportFile::read`], outside any lock), and names the items it
    /// lists that this library does not have.
    pub fn import(&mut self, file: &ExportFile) -> Result<Imported> {
        self.import_export_allowed()?;
        let report = self.user_mut()?.import(file)?;
        let unknown_slugs =
            report.slugs.into_iter().filter(|it| !self.content.contains(it)).collect();
        Ok(Imported { added: report.added, already_there: report.already_there, unknown_slugs })
    }

    /// The person's preferences, or the defaults when their data is unavailable.
    pub fn preferences(&self) -> Preferences {
        let defaults = self.policy.default_preferences();
        self.user().and_then(|it| it.preferences_or(&defaults)).unwrap_or(defaults)
    }

    /// Saves preferences, after checking every value.
    pub fn set_preferences(&mut self, preferences: &Preferences) -> Result<()> {
        preferences.validate()?;
        self.user_mut()?.set_preferences(preferences)
    }

    /// "Clear my data": removes every file of the user database whatever its state, then starts a fresh one
    /// (or leaves bookmarks off when even that fails, with the reason in `failed`).
    pub fn clear(&mut self) -> Cleared {
        if self.policy.shared_computer {
            // This session's data is in memory: a fresh, empty database replaces it; no file is touched.
            let mut cleared = Cleared::default();
            match UserDb::in_memory() {
                Ok(user) => self.user = Some(user),
                Err(err) => {
                    self.user = None;
                    cleared.failed.push((PathBuf::new(), crate::error::chain(&err)));
                }
            }
            return cleared;
        }
        let mut cleared = match self.user.take() {
            Some(user) => user.clear(),
            None => UserDb::clear_path(&self.user_path),
        };
        match UserDb::open(&self.user_path) {
            Ok((user, _)) => self.user = Some(user),
            Err(err) => cleared.failed.push((self.user_path.clone(), crate::error::chain(&err))),
        }
        cleared
    }

    /// What the build of the library recorded.
    pub fn meta(&self) -> &Meta {
        self.content.meta()
    }

    /// Where the user database lives.
    pub fn user_path(&self) -> &Path {
        &self.user_path
    }
}
