//! The validated content model: sections, items, contacts, synonyms and the home page's pathways.
//!
//! Everything here has been checked by [`load_dir`]; raw, unchecked forms live in `front_matter`.
//! Nothing in this module touches a database.

mod front_matter;
mod load;
mod slides;

use std::fmt;
use std::path::PathBuf;

pub(crate) use load::load_dir_with;
pub use load::{load_contacts, load_dir};
pub use slides::SlideKind;

use crate::markdown::{Html, TocEntry};

/// A lowercase kebab-case identifier of an item (its file stem), unique across the library.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// The longest slug accepted, in bytes.
    pub const MAX_LEN: usize = 100;

    /// Checks `text` is lowercase kebab-case: `a-z`, `0-9` and single inner hyphens.
    pub fn parse(text: &str) -> Result<Slug, String> {
        if is_kebab(text, Slug::MAX_LEN) {
            Ok(Slug(text.to_owned()))
        } else {
            Err(format!(
                "`{}` is not a valid slug; use lowercase letters, digits and single hyphens, such as `the-first-days`",
                text.chars().take(Slug::MAX_LEN).collect::<String>()
            ))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `text` is lowercase kebab-case of at most `max` bytes.
pub(crate) fn is_kebab(text: &str, max: usize) -> bool {
    !text.is_empty()
        && text.len() <= max
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The word used in content files and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// Parses the word used in content files.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }

            /// The accepted words, for error messages.
            pub fn choices() -> String {
                [$($text,)*].join(", ")
            }
        }
    };
}

word_enum! {
    /// What sort of item this is; it changes how the app presents it.
    Kind {
        /// Guidance.
        Article = "article",
        /// An illustrative account, shown behind its content warning.
        Story = "story",
        /// A plain-language research summary.
        Research = "research",
        /// A tool, framework or organisation to know about.
        Resource = "resource",
        /// How an organisation supports its staff.
        CaseStudy = "case-study",
        /// A session plan for trainers.
        Workshop = "workshop",
    }
}

word_enum! {
    /// Who an item is written for.
    Audience {
        /// Staff involved in an incident.
        Involved = "involved",
        /// Colleagues supporting them.
        Colleague = "colleague",
        /// Managers.
        Manager = "manager",
        /// Organisations and leaders.
        Organisation = "organisation",
        /// Trainers running sessions.
        Trainer = "trainer",
    }
}

word_enum! {
    /// Where a contact appears in Help now.
    ContactGroup {
        /// Urgent routes, shown first.
        Urgent = "urgent",
        /// Confidential services, by profession and nation.
        Confidential = "confidential",
        /// Routes inside the workplace.
        Workplace = "workplace",
        /// An organisation's own contacts, loaded from its local file.
        Organisation = "organisation",
    }
}

/// A calendar date, as written in front matter (`2026-11-20`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: u16 = text[0..4].parse().ok()?;
        let month: u8 = text[5..7].parse().ok()?;
        let day: u8 = text[8..10].parse().ok()?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if !(1900..=2200).contains(&year) || day == 0 || day > days_in_month {
            return None;
        }
        Some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A source that an item's facts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The full citation.
    pub cite: String,
    /// A DOI, without the resolver prefix.
    pub doi: Option<String>,
    /// A web address, shown as text.
    pub url: Option<String>,
}

/// A section of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Lowercase kebab-case id, also the folder name.
    pub id: String,
    /// Display title.
    pub title: String,
    /// One sentence for the home page.
    pub summary: String,
}

/// One validated and rendered item (article, story, research summary, ...).
#[derive(Debug, Clone)]
pub struct Item {
    /// The file stem.
    pub slug: Slug,
    /// The file, relative to the content folder.
    pub path: PathBuf,
    /// Title.
    pub title: String,
    /// One or two sentences for lists and search results.
    pub summary: String,
    /// The id of its section.
    pub section: String,
    /// What sort of item it is.
    pub kind: Kind,
    /// Who it is for, at least one.
    pub audiences: Vec<Audience>,
    /// Lowercase keywords.
    pub tags: Vec<String>,
    /// When its text was last checked against its sources.
    pub reviewed: Date,
    /// Position within the section (lower first).
    pub order: i64,
    /// A one-line warning shown before the text.
    pub content_warning: Option<String>,
    /// Slugs of related items, as written.
    pub related: Vec<Slug>,
    /// Where its facts come from, at least one.
    pub sources: Vec<Source>,
    /// The rendered, sanitised body.
    pub html: Html,
    /// The body's headings.
    pub toc: Vec<TocEntry>,
    /// The body as plain text, for the search index.
    pub text: String,
    /// Words in the body.
    pub word_count: usize,
    /// The page ends with the urgent routes, drawn from the support directory (`urgent_help = true`).
    pub urgent_help: bool,
    /// A workshop's length in minutes (`minutes` in its front matter); `None` for other kinds.
    pub minutes: Option<u32>,
    /// A workshop's slides, one per timed segment, in order; empty for other kinds.
    pub slides: Vec<Slide>,
    /// A workshop's participants' handout (its `:::handout` block), rendered and sanitised.
    pub handout: Option<Html>,
}

/// One segment of a workshop: what the audience sees and what only the presenter sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    /// The segment's heading.
    pub title: String,
    /// Its planned length.
    pub minutes: u32,
    /// What the audience window shows.
    pub kind: SlideKind,
    /// The on-screen text (or the story excerpt), rendered and sanitised; empty for the signposting slide.
    pub screen: Html,
    /// The speaker notes, rendered and sanitised: never sent to the audience window.
    pub notes: Html,
}

/// Minutes to read `words` words at about 200 words a minute, at least one.
pub fn reading_minutes(words: usize) -> u32 {
    words.div_ceil(200).max(1) as u32
}

/// An entry of the support directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Lowercase kebab-case id, unique in its file.
    pub id: String,
    /// The service's name.
    pub name: String,
    /// Where it appears in Help now.
    pub group: ContactGroup,
    /// Who it is for.
    pub who: String,
    /// What it offers.
    pub offers: String,
    /// A phone number: digits and spaces, optionally starting with `+`.
    pub phone: Option<String>,
    /// How to text it.
    pub text: Option<String>,
    /// An email address.
    pub email: Option<String>,
    /// A web address, shown as text.
    pub web: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
    /// Nations it serves (`uk`, `england`, ...).
    pub nations: Vec<String>,
    /// Professions it serves (`all`, `doctor`, ...).
    pub professions: Vec<String>,
    /// Caveats in plain words.
    pub notes: Option<String>,
    /// Other names people search for it by ("BMA", "union"); searched like its name.
    pub aliases: Vec<String>,
    /// The date the source gives for these details, at the precision it gives it; `None` when no source
    /// gives one (the app then says the date is not known).
    pub seen: Option<PartialDate>,
    /// The source the details (and the date) come from.
    pub seen_at: String,
}

/// A date at the precision a source gives it: a year, a year and month, or a day. Never more precise than
/// the source: "Spring 2024" is 2024, "August 2024" is 2024-08.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year, e.g. 2024.
    pub year: u16,
    /// Month, 1 to 12, when the source gives it.
    pub month: Option<u8>,
    /// Day of the month, when the source gives it (then `month` is given too).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real date).
    pub fn parse(text: &str) -> Option<PartialDate> {
        match text.len() {
            4 => {
                let year: u16 = text.parse().ok()?;
                (1900..=2200).contains(&year).then_some(PartialDate {
                    year,
                    month: None,
                    day: None,
                })
            }
            7 if text.as_bytes()[4] == b'-' => {
                let year: u16 = text[..4].parse().ok()?;
                let month: u8 = text[5..].parse().ok()?;
                ((1900..=2200).contains(&year) && (1..=12).contains(&month))
                    .then_some(PartialDate { year, month: Some(month), day: None })
            }
            _ => Date::parse(text).map(|it| PartialDate {
                year: it.year,
                month: Some(it.month),
                day: Some(it.day),
            }),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// The nations a contact may serve.
pub const NATIONS: &[&str] = &["uk", "england", "scotland", "wales", "northern-ireland"];

/// The professions a contact may serve.
pub const PROFESSIONS: &[&str] = &[
    "all",
    "doctor",
    "nurse",
    "midwife",
    "dentist",
    "pharmacist",
    "paramedic",
    "healthcare-assistant",
    "allied-health",
    "student",
    "non-clinical",
];

/// A group of search terms that find each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymGroup {
    /// Lowercase words or short phrases.
    pub terms: Vec<String>,
}

/// A guided sequence of items for one situation or role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pathway {
    /// Lowercase kebab-case id.
    pub id: String,
    /// Display title, e.g. "Something has just happened".
    pub title: String,
    /// One sentence.
    pub summary: String,
    /// The items in reading order, with why each comes now.
    pub steps: Vec<PathwayStep>,
}

/// One step of a pathway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayStep {
    /// The item to read.
    pub slug: Slug,
    /// One line: why this step comes now.
    pub why: String,
}

/// What a search must treat as a person in crisis, from `crisis.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrisisList {
    /// Items about getting help, shown first (in this order) when a query matches.
    pub items: Vec<Slug>,
    /// The phrases, each with its variants and common misspellings.
    pub phrases: Vec<CrisisPhrase>,
}

/// One crisis phrase with its variants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrisisPhrase {
    /// The phrase, its variants and misspellings, lowercase ("kill myself", "kill my self").
    pub terms: Vec<String>,
    /// Words that show the query is about a patient, not the person, and stop this phrase from matching
    /// ("overdose" unless "patient" or "gave"). Used sparingly: a missed crisis is worse than a false alarm.
    pub unless: Vec<String>,
}

/// A short description of an item, for lists and search hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSummary {
    /// The item's slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Section id.
    pub section: String,
    /// Kind.
    pub kind: Kind,
    /// Audiences.
    pub audiences: Vec<Audience>,
    /// Words in the body.
    pub word_count: usize,
    /// Estimated reading time.
    pub reading_minutes: u32,
    /// One-line warning, if any.
    pub content_warning: Option<String>,
}

/// The whole library, as loaded from a content folder.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Sections in display order.
    pub sections: Vec<Section>,
    /// Items ordered by section, then `order`, then title.
    pub items: Vec<Item>,
    /// The support directory, in file order.
    pub contacts: Vec<Contact>,
    /// Search synonyms.
    pub synonyms: Vec<SynonymGroup>,
    /// The four questions on the home page, as item slugs.
    pub questions: Vec<Slug>,
    /// The home page's pathways.
    pub pathways: Vec<Pathway>,
    /// The crisis list (`crisis.toml`): phrases that put the urgent routes above every search result.
    pub crisis: CrisisList,
    /// SHA-256 over every file read (paths and bytes), in hex: the content version.
    pub content_hash: String,
    /// The edition (`library.toml`): a number that goes up with each published edition; 0 when the folder has
    /// no `library.toml` (a library that is not published as a pack).
    pub edition: u64,
    /// Who publishes it (`library.toml`), "" when not published.
    pub publisher: String,
}

/// A problem found in a content file, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as given to the loader.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}
