//! Handouts: one or more items as a single self-contained HTML file to print or hand out on a USB stick.
//!
//! **Invariant:** a handout runs nothing and fetches nothing: inline CSS only, no script, a Content Security
//! Policy that forbids everything but inline styles, no `src`, and no link that leaves the file (links between
//! items of the same handout become in-page anchors; links to other items become plain text). Every handout
//! carries the urgent lines and the organisation's own contacts, the sources of each item, and the library's
//! version and date.

use crate::content::{Contact, ContactGroup};
use crate::content_db::{ItemPage, Meta};

/// The print stylesheet of every handout: A4, plain, readable.
const STYLE: &str = "
@page { size: A4; margin: 18mm 16mm 20mm; }
html { font: 11pt/1.45 system-ui, 'Noto Sans', Arial, sans-serif; color: #000; background: #fff; }
body { max-width: 44em; margin: 0 auto; padding: 1em; }
h1 { font-size: 1.7em; margin: 0.4em 0; }
h2 { font-size: 1.25em; margin: 1.2em 0 0.4em; }
h3 { font-size: 1.05em; }
.masthead { border-bottom: 2px solid #000; padding-bottom: 0.3em; font-size: 0.9em; }
.summary { font-size: 1.1em; }
.warning { border-left: 4px solid #000; padding: 0.2em 0.8em; margin: 0.8em 0; }
.help { border: 2px solid #000; padding: 0.4em 1em; margin: 1em 0; page-break-inside: avoid; }
.help h2 { margin-top: 0.3em; }
.help ul { padding-left: 1.2em; }
.contents ol { padding-left: 1.4em; }
article { page-break-before: always; }
article.first { page-break-before: auto; }
.sources { font-size: 0.9em; }
.meta, .edition { font-size: 0.85em; }
blockquote { margin: 0.6em 0; padding-left: 0.8em; border-left: 3px solid #666; }
table { border-collapse: collapse; }
th, td { border: 1px solid #666; padding: 0.2em 0.5em; text-align: left; }
";

/// Escapes text for HTML content and quoted attributes.
fn esc(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => res.push_str("&amp;"),
            '<' => res.push_str("&lt;"),
            '>' => res.push_str("&gt;"),
            '"' => res.push_str("&quot;"),
            '\'' => res.push_str("&#39;"),
            _ => res.push(c),
        }
    }
    res
}

/// The handout of `pages` (in order) titled `title`: a contents page when there is more than one item.
/// `contacts` is the support directory (its urgent lines are printed) and `organisation` the organisation's
/// own contacts.
pub fn render(
    title: &str,
    pages: &[ItemPage],
    contacts: &[Contact],
    organisation: &[Contact],
    meta: &Meta,
) -> String {
    let slugs: Vec<&str> = pages.iter().map(|it| it.summary.slug.as_str()).collect();
    let mut out = String::new();
    out.push_str("<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(title)
    ));
    out.push_str(&format!(
        "<p class=\"masthead\">Second Victim Support: a handout from the offline library</p>\n<h1>{}</h1>\n",
        esc(title)
    ));
    out.push_str(&help_box(contacts, organisation));
    if pages.len() > 1 {
        out.push_str("<nav class=\"contents\" aria-label=\"Contents\"><h2>Contents</h2><ol>");
        for page in pages {
            out.push_str(&format!(
                "<li><a href=\"#item-{}\">{}</a></li>",
                esc(&page.summary.slug),
                esc(&page.summary.title)
            ));
        }
        out.push_str("</ol></nav>\n");
    }
    for (idx, page) in pages.iter().enumerate() {
        let s = &page.summary;
        out.push_str(&format!(
            "<article id=\"item-{}\"{}>\n",
            esc(&s.slug),
            if idx == 0 { " class=\"first\"" } else { "" }
        ));
        if pages.len() > 1 || s.title != title {
            out.push_str(&format!("<h1>{}</h1>\n", esc(&s.title)));
        }
        out.push_str(&format!("<p class=\"summary\">{}</p>\n", esc(&s.summary)));
        if s.kind == crate::content::Kind::Story {
            out.push_str("<p class=\"meta\">An illustrative account written for this guide; the people and events are invented.</p>\n");
        }
        if let Some(warning) = &s.content_warning {
            out.push_str(&format!(
                "<p class=\"warning\"><strong>Content warning:</strong> {}</p>\n",
                esc(warning)
            ));
        }
        out.push_str("<div class=\"body\">\n");
        out.push_str(&self_contained(page.html.as_str(), &slugs));
        out.push_str("\n</div>\n<section class=\"sources\"><h2>Sources</h2><ol>");
        for source in &page.sources {
            out.push_str(&format!("<li>{}", esc(&source.cite)));
            if let Some(doi) = &source.doi {
                out.push_str(&format!(" doi:{}", esc(doi)));
            }
            if let Some(url) = &source.url {
                out.push_str(&format!(" {}", esc(url)));
            }
            out.push_str("</li>");
        }
        out.push_str(&format!(
            "</ol><p class=\"meta\">Last reviewed against its sources on {}.</p></section>\n</article>\n",
            esc(&page.reviewed)
        ));
    }
    out.push_str(&help_box(contacts, organisation));
    out.push_str(&format!(
        "<p class=\"edition\">From Second Victim Support, the offline companion: {}library version {} of {}. This is guidance and signposting, not diagnosis, medical or legal advice.</p>\n</body>\n</html>\n",
        if meta.edition > 0 {
            format!("edition {} of the library from {}, ", meta.edition, esc(&meta.publisher))
        } else {
            String::new()
        },
        esc(&meta.content_hash[..meta.content_hash.len().min(12)]),
        esc(&meta.content_date)
    ));
    out
}

/// The urgent lines of the support directory and the organisation's own contacts.
fn help_box(contacts: &[Contact], organisation: &[Contact]) -> String {
    let line = |c: &Contact| {
        let mut how = Vec::new();
        if let Some(phone) = &c.phone {
            if !c.name.contains(phone.as_str()) {
                how.push(format!("call {}", esc(phone)));
            }
        }
        if let Some(text) = &c.text {
            how.push(esc(text));
        }
        if how.is_empty() {
            if let Some(web) = &c.web {
                how.push(esc(web));
            }
        }
        let hours = c.hours.as_deref().map(|it| format!(" ({})", esc(it))).unwrap_or_default();
        format!(
            "<li><strong>{}</strong>{}{hours}</li>",
            esc(&c.name),
            if how.is_empty() { String::new() } else { format!(": {}", how.join("; ")) }
        )
    };
    let mut out = String::from("<section class=\"help\"><h2>If you need help now</h2><ul>");
    for c in contacts.iter().filter(|it| it.group == ContactGroup::Urgent) {
        out.push_str(&line(c));
    }
    out.push_str("</ul>");
    if !organisation.is_empty() {
        out.push_str("<h3>Where you work</h3><ul>");
        for c in organisation {
            out.push_str(&line(c));
        }
        out.push_str("</ul>");
    }
    out.push_str("<p>Every service, with who it is for, is under Help now in the Second Victim Support app.</p></section>\n");
    out
}

/// An item's rendered body made to stand alone: a link to another item of the handout becomes an in-page
/// anchor (`#item-<slug>`), any other link becomes its text. The body comes from the core's renderer, whose
/// only links are `href="#/article/<slug>[/<anchor>]"`.
fn self_contained(html: &str, slugs: &[&str]) -> String {
    const OPEN: &str = "<a href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let (Some(end_href), Some(end_tag)) = (after.find('"'), after.find('>')) else {
            rest = after;
            continue;
        };
        let href = &after[..end_href];
        let target = href
            .strip_prefix("#/article/")
            .map(|it| it.split('/').next().unwrap_or_default())
            .filter(|it| slugs.contains(it));
        let Some(close) = after[end_tag..].find("</a>") else {
            rest = &after[end_tag + 1..];
            continue;
        };
        let text = &after[end_tag + 1..end_tag + close];
        match target {
            Some(slug) => out.push_str(&format!("<a href=\"#item-{slug}\">{text}</a>")),
            None => out.push_str(text),
        }
        rest = &after[end_tag + close + "</a>".len()..];
    }
    out.push_str(rest);
    out
}

/// What is wrong with `html` as a handout, by the invariant above: a script, an event handler, a `src` or
/// `href` (or `srcset`, `action`, `data`, `poster`) that leaves the file, a CSS `url()` or `@import`, or no
/// restrictive Content Security Policy. Empty for every handout [`render`] makes; the tests check saved files
/// with it.
pub fn problems(html: &str) -> Vec<String> {
    let mut res = Vec::new();
    let lower = html.to_lowercase();
    if lower.contains("<script") {
        res.push("a script".to_owned());
    }
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        for attr in tag.split_whitespace().skip(1) {
            if attr.starts_with("on") && attr.contains('=') {
                res.push(format!("an event handler: {attr}"));
            }
            for key in ["src=", "href=", "srcset=", "action=", "data=", "poster="] {
                if attr
                    .strip_prefix(key)
                    .is_some_and(|it| !it.trim_matches(['"', '\'']).starts_with('#'))
                {
                    res.push(format!("a reference out of the file: {attr}"));
                }
            }
        }
    }
    if lower.contains("url(") || lower.contains("@import") {
        res.push("a CSS reference".to_owned());
    }
    if !lower.contains("http-equiv=\"content-security-policy\" content=\"default-src 'none'") {
        res.push("no restrictive CSP".to_owned());
    }
    res
}

#[cfg(test)]
mod tests {
    use super::{problems, self_contained};

    #[test]
    fn the_check_finds_what_a_handout_must_never_hold() {
        let clean = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head><body><a href=\"#item-a\">A</a></body></html>";
        assert_eq!(problems(clean), Vec::<String>::new());
        for bad in [
            "<script>x</script>",
            "<img src=\"https://x/y.png\">",
            "<a href=\"//x\">",
            "<p onclick=\"x()\">",
            "<style>a{background:url(x)}</style>",
        ] {
            assert!(
                !problems(&clean.replace("</body>", &format!("{bad}</body>"))).is_empty(),
                "{bad}"
            );
        }
        assert!(!problems("<html><body></body></html>").is_empty(), "no CSP");
    }

    #[test]
    fn links_stay_inside_the_handout() {
        let html =
            r##"<p>See <a href="#/article/a/why">A</a> and <a href="#/article/b">B</a>.</p>"##;
        assert_eq!(self_contained(html, &["a"]), r##"<p>See <a href="#item-a">A</a> and B.</p>"##);
        assert_eq!(self_contained("<p>none</p>", &[]), "<p>none</p>");
    }
}
