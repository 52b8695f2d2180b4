//! Markdown to safe HTML: the only place pulldown-cmark options are chosen.
//!
//! Two layers, as SECURITY.md asks: the event filter below drops raw HTML and images and rewrites links
//! (internal ones to in-app routes, external ones to copyable text), then a strict ammonia pass keeps only
//! an allow-list of tags and attributes and only the app's own `#/article/` links.
//! Rendering never fails: a link it cannot resolve becomes plain text and is reported in [`Rendered::links`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// HTML produced and sanitised by this module: the only HTML the UI inserts unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// The HTML text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps HTML read back from the content database, which only ever stores `Html` this module made.
    pub(crate) fn from_db(html: String) -> Html {
        Html(html)
    }
}

/// One heading of an item's body, for the in-page table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 2 to 4.
    pub level: u8,
    /// The heading's `id` attribute.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// Where an internal link in the body points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The destination as written.
    pub dest: String,
    /// Byte offset of the link in the Markdown.
    pub offset: usize,
    /// The target resolved to `section/slug`, or `None` when the destination is not another item's `.md` file
    /// (or not a web address), in which case the link was rendered as text.
    pub target: Option<(String, String)>,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
}

/// The result of rendering an item's body.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: Html,
    /// Headings of levels 2 to 4, in order.
    pub toc: Vec<TocEntry>,
    /// Plain text of the body, for the search index and the word count.
    pub text: String,
    /// Every link that is not a web address, for the loader to check.
    pub links: Vec<InternalLink>,
}

/// The item being rendered, so that relative links and `#anchor` links resolve.
#[derive(Debug, Clone, Copy)]
pub struct LinkContext<'a> {
    /// The section folder the file is in.
    pub section: &'a str,
    /// The file's slug.
    pub slug: &'a str,
}

/// The app's own route for an item, optionally at a heading.
pub fn item_route(slug: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(anchor) => format!("#/article/{slug}/{anchor}"),
        None => format!("#/article/{slug}"),
    }
}

fn options() -> Options {
    let mut options = Options::empty();
    // Tables: research summaries and workshop timings are tabular.
    options.insert(Options::ENABLE_TABLES);
    // `## Heading {#id}`: writers can pin an anchor that other items link to.
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    // Curly quotes and dashes read better; the search index folds them back.
    options.insert(Options::ENABLE_SMART_PUNCTUATION);
    // ~~text~~ is occasionally useful in "do and don't" lists.
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // Footnotes are off: sources go in front matter, and footnote links would need `#` hrefs.
    options
}

/// Renders an item's body to sanitised HTML, with its table of contents, plain text and links.
pub fn render(markdown: &str, context: LinkContext<'_>) -> Rendered {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(markdown, options()).into_offset_iter().collect();

    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut toc = Vec::new();
    let mut text = String::with_capacity(markdown.len());
    let mut links = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut link_stack: Vec<OpenLink> = Vec::new();
    let mut image_depth = 0usize;

    let mut idx = 0;
    while idx < events.len() {
        let (event, range) = &events[idx];
        idx += 1;
        if image_depth > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => image_depth += 1,
                Event::End(TagEnd::Image) => image_depth -= 1,
                Event::Text(t) | Event::Code(t) => {
                    // The alt text survives as plain text; the image itself never does.
                    text.push_str(t);
                    out.push(Event::Text(t.clone()));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(Tag::Image { .. }) => image_depth = 1,
            Event::Start(Tag::Heading { level, id, .. }) => {
                // Collect the heading's text to derive its id before emitting the tag.
                let mut heading_text = String::new();
                let mut j = idx;
                while j < events.len() {
                    match &events[j].0 {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => heading_text.push_str(t),
                        _ => {}
                    }
                    j += 1;
                }
                let level = (*level as u8).clamp(2, 6);
                let base =
                    id.as_deref().map(slugify).filter(|it| !it.is_empty()).unwrap_or_else(|| {
                        let it = slugify(&heading_text);
                        if it.is_empty() { "section".to_owned() } else { it }
                    });
                let n = used_ids.entry(base.clone()).or_insert(0);
                *n += 1;
                let heading_id = if *n == 1 { base } else { format!("{base}-{n}") };
                if level <= 4 {
                    toc.push(TocEntry {
                        level,
                        id: heading_id.clone(),
                        text: heading_text.trim().to_owned(),
                    });
                }
                text.push('\n');
                out.push(Event::Start(Tag::Heading {
                    level: heading_level(level),
                    id: Some(CowStr::from(heading_id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                text.push('\n');
                out.push(Event::End(TagEnd::Heading(heading_level((*level as u8).clamp(2, 6)))));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = dest_url.trim();
                let email = (*link_type == LinkType::Email).then(|| format!("mailto:{dest}"));
                if let Some(address) = external_address(email.as_deref().unwrap_or(dest)) {
                    let shown = address.trim_start_matches("mailto:").to_owned();
                    let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    out.push(Event::Html(CowStr::from(format!(
                        r#"<span class="external-link" data-copy="{}">"#,
                        escape_attr(&shown)
                    ))));
                    link_stack.push(OpenLink::External { address: shown, autolink });
                } else if has_scheme(dest) || dest.starts_with("//") {
                    // Any other scheme (javascript:, data:, file:, ...) or a scheme-relative address: text only.
                    links.push(InternalLink {
                        dest: dest.to_owned(),
                        offset: range.start,
                        target: None,
                        anchor: None,
                    });
                    link_stack.push(OpenLink::Dropped);
                } else {
                    let (target, anchor) = resolve(dest, context);
                    let route =
                        target.as_ref().map(|(_, slug)| item_route(slug, anchor.as_deref()));
                    links.push(InternalLink {
                        dest: dest.to_owned(),
                        offset: range.start,
                        target,
                        anchor: anchor.clone(),
                    });
                    match route {
                        Some(route) => {
                            out.push(Event::Start(Tag::Link {
                                link_type: *link_type,
                                dest_url: CowStr::from(route),
                                title: title.clone(),
                                id: id.clone(),
                            }));
                            link_stack.push(OpenLink::Internal);
                        }
                        None => link_stack.push(OpenLink::Dropped),
                    }
                }
            }
            Event::End(TagEnd::Link) => match link_stack.pop() {
                Some(OpenLink::Internal) => out.push(Event::End(TagEnd::Link)),
                Some(OpenLink::External { address, autolink }) => {
                    let mut html = String::from("</span>");
                    if !autolink {
                        let _ = write!(
                            html,
                            r#" <span class="link-address">({})</span>"#,
                            escape_text(&address)
                        );
                    }
                    out.push(Event::Html(CowStr::from(html)));
                }
                Some(OpenLink::Dropped) | None => {}
            },
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
                out.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                out.push(event.clone());
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => {
                text.push('\n');
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
    }

    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, out.into_iter());
    let html = SANITIZER.clean(&raw).to_string();
    Rendered { html: Html(html), toc, text, links }
}

/// How a link that is open in the event stream was rendered, so its end tag matches.
enum OpenLink {
    /// An `<a>` to an app route.
    Internal,
    /// A `<span>` holding a copyable address.
    External { address: String, autolink: bool },
    /// Nothing: the link text is kept as plain text.
    Dropped,
}

fn heading_level(level: u8) -> HeadingLevel {
    match level {
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Turns heading text into an id: lowercase ASCII letters and digits, other runs become one hyphen.
pub fn slugify(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = crate::text::fold_char(c);
        if c.is_ascii_alphanumeric() {
            res.push(c);
        } else if !res.is_empty() && !res.ends_with('-') {
            res.push('-');
        }
    }
    while res.ends_with('-') {
        res.pop();
    }
    res.truncate(80);
    res
}

fn has_scheme(dest: &str) -> bool {
    // RFC 3986 scheme, checked after removing whitespace and control characters browsers ignore.
    let cleaned: String = dest.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    match cleaned.find(':') {
        Some(colon) => {
            let scheme = &cleaned[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A web or email address that may be shown for copying, or `None`.
fn external_address(dest: &str) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    let ok = ["https://", "http://", "mailto:"].iter().any(|p| lower.starts_with(p))
        && dest.len() <= 2000
        && !dest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    ok.then(|| dest.to_owned())
}

/// Whether `text` looks like a plain email address (shown for copying without `mailto:`).
fn is_email(text: &str) -> bool {
    text.len() <= 254
        && text.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.contains('.')
                && text.chars().filter(|&c| c == '@').count() == 1
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '+'))
        })
}

/// Resolves a relative link against `content/<section>/` to `(section, slug)` and an anchor.
fn resolve(dest: &str, context: LinkContext<'_>) -> (Option<(String, String)>, Option<String>) {
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_owned()).filter(|it| !it.is_empty())),
        None => (dest, None),
    };
    if path.is_empty() {
        return (Some((context.section.to_owned(), context.slug.to_owned())), anchor);
    }
    let mut parts: Vec<&str> = vec![context.section];
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return (None, anchor);
                }
            }
            it => parts.push(it),
        }
    }
    let target = match parts.as_slice() {
        [section, file] => file
            .strip_suffix(".md")
            .filter(|slug| !slug.is_empty())
            .map(|slug| ((*section).to_owned(), slug.to_owned())),
        _ => None,
    };
    (target, anchor)
}

fn escape_attr(text: &str) -> String {
    escape_text(text).replace('"', "&quot;")
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The tags that may appear in rendered items.
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The classes the renderer itself puts on `span`s.
pub const ALLOWED_SPAN_CLASSES: &[&str] = &["external-link", "link-address"];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect::<HashSet<_>>())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("h2", HashSet::from(["id"])),
            ("h3", HashSet::from(["id"])),
            ("h4", HashSet::from(["id"])),
            ("h5", HashSet::from(["id"])),
            ("h6", HashSet::from(["id"])),
            ("span", HashSet::from(["data-copy"])),
        ]))
        .allowed_classes(HashMap::from([("span", ALLOWED_SPAN_CLASSES.iter().copied().collect())]))
        // No scheme is allowed at all, so every absolute address is removed from `href`.
        .url_schemes(HashSet::new())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("a", "href") => is_app_route(value).then(|| value.into()),
            ("span", "data-copy") => {
                (external_address(value).is_some() || is_email(value)).then(|| value.into())
            }
            (_, "id") => (!value.is_empty()
                && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            .then(|| value.into()),
            _ => Some(value.into()),
        });
    builder
});

/// Whether `href` is one of the app's own item routes.
pub fn is_app_route(href: &str) -> bool {
    href.strip_prefix("#/article/").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/')
    })
}
