//! Markdown rendering: named cases with exact output, and a property test that feeds thousands of hostile
//! inputs through the renderer and checks that nothing outside the allow-list survives.

use expect_test::{Expect, expect};
use proptest::prelude::*;

use companion::markdown::{ALLOWED_SPAN_CLASSES, ALLOWED_TAGS, LinkContext, is_app_route, render};

const CONTEXT: LinkContext<'static> = LinkContext { section: "for-you", slug: "this-item" };

#[track_caller]
fn check(markdown: &str, expect: Expect) {
    expect.assert_eq(render(markdown, CONTEXT).html.as_str());
}

#[test]
fn headings_get_stable_ids_and_a_table_of_contents() {
    let rendered =
        render("## What helps\n\ntext\n\n### What helps\n\n## Custom {#mine}\n\n# Top\n", CONTEXT);
    expect![[r#"<h2 id="what-helps">What helps</h2>
<p>text</p>
<h3 id="what-helps-2">What helps</h3>
<h2 id="mine">Custom</h2>
<h2 id="top">Top</h2>
"#]]
    .assert_eq(rendered.html.as_str());
    let toc: Vec<(u8, &str, &str)> =
        rendered.toc.iter().map(|it| (it.level, it.id.as_str(), it.text.as_str())).collect();
    assert_eq!(
        toc,
        [
            (2, "what-helps", "What helps"),
            (3, "what-helps-2", "What helps"),
            (2, "mine", "Custom"),
            (2, "top", "Top")
        ]
    );
}

#[test]
fn internal_links_become_app_routes() {
    check(
        "[a](../understanding/six-stages.md) [b](the-first-days.md#what-helps) [c](#top)",
        expect![[
            r##"<p><a href="#/article/six-stages">a</a> <a href="#/article/the-first-days/what-helps">b</a> <a href="#/article/this-item/top">c</a></p>
"##
        ]],
    );
}

#[test]
fn web_addresses_become_copyable_text() {
    check(
        "[Samaritans](https://www.samaritans.org) and <https://example.org/x?a=1&b=2> or <jo@samaritans.org>",
        expect![[r#"
            <p><span class="external-link" data-copy="https://www.samaritans.org">Samaritans</span> <span class="link-address">(https://www.samaritans.org)</span> and <span class="external-link" data-copy="https://example.org/x?a=1&amp;b=2">https://example.org/x?a=1&amp;b=2</span> or <span class="external-link" data-copy="jo@samaritans.org">jo@samaritans.org</span></p>
        "#]],
    );
}

#[test]
fn raw_html_scripts_and_images_are_dropped() {
    check(
        "<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b> ![a cat](https://x.test/cat.png)\n\n<iframe src=\"https://x.test\"></iframe>\n",
        expect![[r#"<p>Hi there a cat</p>
"#]],
    );
}

#[test]
fn dangerous_link_schemes_keep_only_their_text() {
    check(
        "[one](javascript:alert(1)) [two](data:text/html,x) [three](//evil.test/x) [four](JaVaScRiPt:x)",
        expect![[r#"<p>one two three four</p>
"#]],
    );
}

#[test]
fn tables_lists_and_quotes_render() {
    check(
        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n- x\n- y\n\n> quote\n",
        expect![[r#"<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>
<tr><td>1</td><td>2</td></tr>
</tbody></table>
<ul>
<li>x</li>
<li>y</li>
</ul>
<blockquote>
<p>quote</p>
</blockquote>
"#]],
    );
}

#[test]
fn plain_text_is_for_search_and_word_counts() {
    let rendered = render("## Title\n\nSome *emphasis* and `code`.\n\n- one\n- two\n", CONTEXT);
    assert_eq!(
        rendered.text.split_whitespace().collect::<Vec<_>>(),
        ["Title", "Some", "emphasis", "and", "code.", "one", "two"]
    );
}

#[test]
fn broken_links_are_reported_with_their_offsets() {
    let rendered = render("Intro.\n\n[x](../a/b/c.md) [y](notes.pdf)", CONTEXT);
    let links: Vec<(&str, usize, bool)> = rendered
        .links
        .iter()
        .map(|it| (it.dest.as_str(), it.offset, it.target.is_some()))
        .collect();
    assert_eq!(links, [("../a/b/c.md", 8, false), ("notes.pdf", 25, false)]);
}

/// Checks rendered HTML against the allow-list with a small scanner over ammonia's normalised output.
fn assert_safe(html: &str) {
    let lower = html.to_ascii_lowercase();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map(|it| start + it)
            .unwrap_or_else(|| panic!("unclosed tag in {html}"));
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        let tag = tag.trim_start_matches('/');
        let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(ALLOWED_TAGS.contains(&name), "tag <{name}> survived in {html}");
        let mut attrs = attrs;
        while let Some(eq) = attrs.find("=\"") {
            let attr = attrs[..eq].trim();
            let value_end = attrs[eq + 2..].find('"').expect("quoted attribute") + eq + 2;
            let value = &attrs[eq + 2..value_end];
            attrs = &attrs[value_end + 1..];
            match (name, attr) {
                ("a", "href") => assert!(is_app_route(value), "href {value:?} survived in {html}"),
                ("span", "class") => {
                    assert!(ALLOWED_SPAN_CLASSES.contains(&value), "class {value:?} in {html}")
                }
                ("span", "data-copy") => {
                    let v = value.to_ascii_lowercase();
                    assert!(
                        v.starts_with("https://")
                            || v.starts_with("http://")
                            || v.starts_with("mailto:")
                            || !v.contains(':'),
                        "data-copy {value:?}"
                    );
                }
                ("h2" | "h3" | "h4" | "h5" | "h6", "id") => assert!(
                    value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                    "id {value:?}"
                ),
                _ => panic!("attribute {attr}={value:?} on <{name}> survived in {html}"),
            }
        }
        assert!(attrs.trim().is_empty(), "unparsed attribute text {attrs:?} in {html}");
    }
    // Attribute values were checked above; this catches a scheme smuggled into any tag text at all.
    for needle in ["javascript:", "vbscript:"] {
        for (idx, _) in lower.match_indices(needle) {
            let before = &lower[..idx];
            assert!(before.rfind('<') <= before.rfind('>'), "{needle} inside a tag in {html}");
        }
    }
}

fn hostile_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_owned()),
        Just("[x](javascript:alert(1))".to_owned()),
        Just("[x](JAVASCRIPT:alert(1))".to_owned()),
        Just("[x](java&#115;cript:alert(1))".to_owned()),
        Just("[x](&#106;avascript:alert(1))".to_owned()),
        Just("[x](data:text/html;base64,PHNjcmlwdD4=)".to_owned()),
        Just("[x](//evil.test/a)".to_owned()),
        Just("[x](https://evil.test/\"onmouseover=\"alert(1))".to_owned()),
        Just("![x](https://evil.test/t.png)".to_owned()),
        Just("![x](javascript:alert(1))".to_owned()),
        Just("<svg><script>alert(1)</script></svg>".to_owned()),
        Just("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>".to_owned()),
        Just("<iframe src=\"https://evil.test\"></iframe>".to_owned()),
        Just("<form action=\"https://evil.test\"><input name=a></form>".to_owned()),
        Just("<style>body{background:url(https://evil.test)}</style>".to_owned()),
        Just("<div style=\"background:url(javascript:alert(1))\">x</div>".to_owned()),
        Just("<p onclick=\"alert(1)\">x</p>".to_owned()),
        Just("## Heading {#x\" onclick=\"y}".to_owned()),
        Just("## Heading {.cls onclick=y}".to_owned()),
        Just("<!-- comment --><base href=\"https://evil.test\">".to_owned()),
        Just("[x]: javascript:alert(1)\n\n[ref][x]".to_owned()),
        Just("<https://evil.test/\u{0}x>".to_owned()),
        Just("[x](\u{1}javascript:alert(1))".to_owned()),
        Just("<object data=\"x\"></object><embed src=x>".to_owned()),
        Just("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test\">".to_owned()),
        Just("`<script>`".to_owned()),
        Just("| a |\n|---|\n| <script>x</script> |".to_owned()),
        Just("> <img src=x>".to_owned()),
        "[ -~]{0,40}".prop_map(|it| it),
        "[<>\"'=/a-z:&#;()\\[\\]!]{0,30}".prop_map(|it| it),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_markdown_never_survives(parts in prop::collection::vec(hostile_fragment(), 1..6), joins in prop::collection::vec(prop_oneof![Just(" "), Just("\n"), Just("\n\n"), Just("")], 6)) {
        let mut markdown = String::new();
        for (idx, part) in parts.iter().enumerate() {
            markdown.push_str(part);
            markdown.push_str(joins[idx % joins.len()]);
        }
        assert_safe(render(&markdown, CONTEXT).html.as_str());
    }
}
