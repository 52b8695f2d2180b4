//! The slide and notes format of workshop items: which `##` segments are slides, what the audience sees, what
//! only the presenter sees, and the timings, checked with `file:line` diagnostics (content/README.md,
//! "Workshops: slides and speaker notes").
//!
//! A `##` heading with `{minutes=N}` starts a segment (one slide). Inside it, blocks between a directive line
//! and a closing `:::` line:
//!
//! - `:::screen` … `:::` what the audience window shows (large type, a few lines);
//! - `:::story <slug>` … `:::` an excerpt of a story to read aloud, shown with its title and warning;
//! - `:::signposting` (one line) the signposting slide, built from the support directory and the
//!   organisation's contacts;
//! - `:::notes` … `:::` the presenter's alone: speaker notes, model answers, timings.
//!
//! Once per workshop, under an ordinary heading (not a segment), `:::handout` … `:::` is the participants'
//! handout: what "Make a handout…" prints for a workshop instead of its plan.
//!
//! The segments' minutes must add up to the workshop's `minutes`. For the reading page each directive line
//! becomes one line of ordinary Markdown (a quoted "On screen" part, a "Speaker notes" label), so line numbers
//! of everything else stay as written.

use crate::content::Slug;

/// What a slide shows the audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlideKind {
    /// Text from a `:::screen` block.
    Screen,
    /// An excerpt of the story with this slug.
    Story(Slug),
    /// The urgent lines and the organisation's contacts.
    Signposting,
}

impl SlideKind {
    /// The kind as stored: `screen`, `signposting` or `story:<slug>`.
    pub fn as_stored(&self) -> String {
        match self {
            SlideKind::Screen => "screen".to_owned(),
            SlideKind::Signposting => "signposting".to_owned(),
            SlideKind::Story(slug) => format!("story:{slug}"),
        }
    }

    /// The inverse of [`SlideKind::as_stored`].
    pub fn from_stored(text: &str) -> Option<SlideKind> {
        match text {
            "screen" => Some(SlideKind::Screen),
            "signposting" => Some(SlideKind::Signposting),
            _ => text
                .strip_prefix("story:")
                .and_then(|it| Slug::parse(it).ok())
                .map(SlideKind::Story),
        }
    }
}

/// One segment of a workshop as written, before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawSlide {
    pub(crate) title: String,
    pub(crate) minutes: u32,
    pub(crate) kind: SlideKind,
    /// Markdown for the audience (empty for the signposting slide).
    pub(crate) screen: String,
    /// Markdown for the presenter.
    pub(crate) notes: String,
    /// The heading's line in the file.
    pub(crate) line: usize,
}

/// A workshop body cut into slides, and the body for the reading page.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub(crate) slides: Vec<RawSlide>,
    /// The body with every directive line turned into one line of ordinary Markdown.
    pub(crate) reading: String,
    /// The plan alone (the reading body without the on-screen text, story excerpts and speaker notes), for the
    /// search index: a workshop is found by its plan, and never outranks the story or article it quotes.
    pub(crate) plan: String,
    /// The participants' handout (Markdown), if the workshop has one.
    pub(crate) handout: Option<String>,
    /// Problems as (line in the file, message).
    pub(crate) problems: Vec<(usize, String)>,
}

const DIRECTIVES: &str = "`:::screen`, `:::notes`, `:::story <slug>`, `:::signposting` or `:::handout`, each block closed by `:::`";

/// Which block a line is in.
enum Block {
    None,
    Screen,
    Notes,
    Story,
    Handout,
}

/// Cuts `body` (whose first line is line `body_line` of the file) into slides. `workshop` says whether the item
/// is a workshop: other items may not use the format.
pub(crate) fn parse(body: &str, body_line: usize, workshop: bool) -> Parsed {
    let mut res = Parsed::default();
    let mut reading: Vec<String> = Vec::new();
    let mut plan: Vec<String> = Vec::new();
    let mut current: Option<RawSlide> = None;
    let mut has_notes = false;
    let mut has_screen = false;
    let mut block = Block::None;
    let mut block_line = 0;
    let mut fence: Option<&str> = None;
    let finish = |slide: Option<RawSlide>, has_notes: bool, has_screen: bool, res: &mut Parsed| {
        let Some(slide) = slide else { return };
        if !has_screen {
            res.problems.push((slide.line, format!("the segment `{}` shows nothing on screen; add a `:::screen` block, a `:::story <slug>` excerpt or `:::signposting`", slide.title)));
        }
        if !has_notes {
            res.problems.push((
                slide.line,
                format!(
                    "the segment `{}` has no `:::notes` block; add the presenter's speaker notes",
                    slide.title
                ),
            ));
        }
        res.slides.push(slide);
    };
    for (idx, line) in body.lines().enumerate() {
        let number = body_line + idx;
        let trimmed = line.trim_end();
        // Code fences: nothing inside them is a directive or a heading.
        if let Some(open) = fence {
            if trimmed.trim_start().starts_with(open) {
                fence = None;
            }
            emit(&mut reading, &mut plan, quote(&block, line), matches!(block, Block::None));
            append(&mut current, &mut res.handout, &block, line);
            continue;
        }
        if let Some(open) =
            ["```", "~~~"].into_iter().find(|it| trimmed.trim_start().starts_with(it))
        {
            fence = Some(open);
            emit(&mut reading, &mut plan, quote(&block, line), matches!(block, Block::None));
            append(&mut current, &mut res.handout, &block, line);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(":::") {
            let rest = rest.trim();
            let (name, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let arg = arg.trim();
            if !workshop {
                if !name.is_empty() {
                    res.problems.push((number, format!("slide directive `:::{name}` in an item that is not a workshop; slides are only for `kind = \"workshop\"`")));
                }
                emit(&mut reading, &mut plan, String::new(), false);
                continue;
            }
            if name.is_empty() {
                if matches!(block, Block::None) {
                    res.problems
                        .push((number, "a closing `:::` with no block open; remove it".to_owned()));
                }
                block = Block::None;
                emit(&mut reading, &mut plan, String::new(), false);
                continue;
            }
            if !matches!(block, Block::None) {
                res.problems.push((
                    block_line,
                    "this block is not closed; end it with a line `:::` before the next directive"
                        .to_owned(),
                ));
                block = Block::None;
            }
            if name == "handout" {
                if current.is_some() {
                    res.problems.push((number, "`:::handout` inside a timed segment; put the participants' handout under its own heading without `{minutes=N}`, such as `## Participants' handout`".to_owned()));
                } else if res.handout.is_some() {
                    res.problems.push((
                        number,
                        "a second `:::handout` block; a workshop has one participants' handout"
                            .to_owned(),
                    ));
                }
                block = Block::Handout;
                block_line = number;
                res.handout.get_or_insert_with(String::new);
                emit(&mut reading, &mut plan, String::new(), false);
                continue;
            }
            let Some(slide) = current.as_mut() else {
                res.problems.push((number, format!("`:::{name}` outside a segment; slide directives belong under a `##` heading with `{{minutes=N}}`")));
                emit(&mut reading, &mut plan, String::new(), false);
                continue;
            };
            let shown_already = has_screen;
            match name {
                "screen" => {
                    block = Block::Screen;
                    block_line = number;
                    has_screen = true;
                    emit(&mut reading, &mut plan, "> **On screen**".to_owned(), false);
                }
                "notes" => {
                    if has_notes {
                        res.problems.push((
                            number,
                            format!(
                                "a second `:::notes` block in the segment `{}`; keep one",
                                slide.title
                            ),
                        ));
                    }
                    block = Block::Notes;
                    block_line = number;
                    has_notes = true;
                    emit(&mut reading, &mut plan, "**Speaker notes**".to_owned(), false);
                }
                "signposting" => {
                    has_screen = true;
                    slide.kind = SlideKind::Signposting;
                    emit(&mut reading, &mut plan, "> **On screen:** the signposting slide: the urgent lines and your organisation's contacts, from Help now.".to_owned(), false);
                }
                "story" => match Slug::parse(arg) {
                    Ok(slug) => {
                        block = Block::Story;
                        block_line = number;
                        has_screen = true;
                        emit(
                            &mut reading,
                            &mut plan,
                            format!(
                                "> **On screen:** read aloud from [the story](../stories/{slug}.md)"
                            ),
                            false,
                        );
                        slide.kind = SlideKind::Story(slug);
                    }
                    Err(_) => {
                        res.problems.push((number, format!("`:::story` needs the slug of a story, such as `:::story story-ward-nurse`; found `{arg}`")));
                        emit(&mut reading, &mut plan, String::new(), false);
                    }
                },
                other => {
                    res.problems.push((
                        number,
                        format!("unknown slide directive `:::{other}`; use {DIRECTIVES}"),
                    ));
                    emit(&mut reading, &mut plan, String::new(), false);
                }
            }
            if shown_already && matches!(name, "screen" | "signposting" | "story") {
                res.problems.push((number, format!("the segment `{}` already has something on screen; one `:::screen`, `:::story` or `:::signposting` per segment", slide.title)));
            }
            continue;
        }
        // A `##` line inside a block is the block's own heading (a slide's title); outside, a segment may start.
        if let Some(heading) = trimmed.strip_prefix("## ").filter(|_| matches!(block, Block::None))
        {
            if !workshop {
                if matches!(segment_minutes(heading), Ok(Some(_)) | Err(_)) {
                    res.problems.push((number, "`minutes=` on a heading of an item that is not a workshop; slides are only for `kind = \"workshop\"`".to_owned()));
                }
                emit(&mut reading, &mut plan, line.to_owned(), true);
                continue;
            }
            finish(current.take(), has_notes, has_screen, &mut res);
            has_notes = false;
            has_screen = false;
            match segment_minutes(heading) {
                Ok(None) => emit(&mut reading, &mut plan, line.to_owned(), true),
                Ok(Some((title, minutes, cleaned))) => {
                    emit(&mut reading, &mut plan, format!("## {cleaned}"), true);
                    current = Some(RawSlide {
                        title,
                        minutes,
                        kind: SlideKind::Screen,
                        screen: String::new(),
                        notes: String::new(),
                        line: number,
                    });
                }
                Err(message) => {
                    res.problems.push((number, message));
                    emit(&mut reading, &mut plan, line.to_owned(), true);
                }
            }
            continue;
        }
        emit(&mut reading, &mut plan, quote(&block, line), matches!(block, Block::None));
        append(&mut current, &mut res.handout, &block, line);
    }
    if !matches!(block, Block::None) {
        res.problems
            .push((block_line, "this block is not closed; end it with a line `:::`".to_owned()));
    }
    finish(current.take(), has_notes, has_screen, &mut res);
    res.reading = reading.join("\n");
    res.plan = plan.join("\n");
    if body.ends_with('\n') {
        res.reading.push('\n');
        res.plan.push('\n');
    }
    res
}

/// Adds one line to the reading body and one to the plan (the same line, or an empty one when `keep` is false),
/// so both keep the file's lines.
fn emit(reading: &mut Vec<String>, plan: &mut Vec<String>, line: String, keep: bool) {
    plan.push(if keep { line.clone() } else { String::new() });
    reading.push(line);
}

/// A line of the reading body: inside an on-screen block, quoted, and a slide's own heading in bold (so the
/// page's contents list shows the plan's headings, not each slide's title again).
fn quote(block: &Block, line: &str) -> String {
    match block {
        Block::Screen | Block::Story => match line.trim_start().strip_prefix('#') {
            Some(rest) => format!("> **{}**", rest.trim_start_matches('#').trim()),
            None => format!("> {line}"),
        },
        _ => line.to_owned(),
    }
}

/// Adds `line` to the block it is in: the current slide's, or the handout.
fn append(current: &mut Option<RawSlide>, handout: &mut Option<String>, block: &Block, line: &str) {
    let target = match (block, current.as_mut(), handout.as_mut()) {
        (Block::Handout, _, Some(handout)) => handout,
        (Block::Screen | Block::Story, Some(slide), _) => &mut slide.screen,
        (Block::Notes, Some(slide), _) => &mut slide.notes,
        _ => return,
    };
    target.push_str(line);
    target.push('\n');
}

/// A `##` heading's text with `minutes=N` in its `{…}` attributes: (title, minutes, the heading without it).
/// `Ok(None)` when it has no minutes (an ordinary section).
fn segment_minutes(heading: &str) -> Result<Option<(String, u32, String)>, String> {
    let heading = heading.trim();
    let Some(open) = heading.rfind('{').filter(|_| heading.ends_with('}')) else {
        return Ok(None);
    };
    let title = heading[..open].trim();
    let attrs: Vec<&str> = heading[open + 1..heading.len() - 1].split_whitespace().collect();
    let Some(value) = attrs.iter().find_map(|it| it.strip_prefix("minutes=")) else {
        return Ok(None);
    };
    let minutes: u32 = match value.parse() {
        Ok(it) if (1..=480).contains(&it) => it,
        _ => {
            return Err(format!(
                "`minutes={value}` is not a number of minutes from 1 to 480; write for example `{{minutes=10}}`"
            ));
        }
    };
    let rest: Vec<&str> = attrs.into_iter().filter(|it| !it.starts_with("minutes=")).collect();
    let cleaned =
        if rest.is_empty() { title.to_owned() } else { format!("{title} {{{}}}", rest.join(" ")) };
    Ok(Some((title.to_owned(), minutes, cleaned)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro.\n\n## Aims\n\n- one\n\n## Welcome {#welcome minutes=5}\n\n:::screen\n# Welcome\nGround rules\n:::\n\n:::notes\nSay hello.\n:::\n\n## Close {minutes=5}\n\n:::signposting\n\n:::notes\nThank people.\n:::\n\n## Participants' handout\n\n:::handout\n### Remember\nTake care of each other.\n:::\n";

    #[test]
    fn segments_become_slides_and_the_reading_body_keeps_its_lines() {
        let parsed = parse(BODY, 10, true);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.slides.len(), 2);
        let first = &parsed.slides[0];
        assert_eq!((first.title.as_str(), first.minutes, first.line), ("Welcome", 5, 16));
        assert_eq!(first.kind, SlideKind::Screen);
        assert_eq!(first.screen, "# Welcome\nGround rules\n");
        assert_eq!(first.notes, "Say hello.\n");
        assert_eq!(parsed.slides[1].kind, SlideKind::Signposting);
        assert_eq!(parsed.reading.lines().count(), BODY.lines().count());
        assert!(parsed.reading.contains("## Welcome {#welcome}\n"));
        assert!(parsed.reading.contains("> **On screen**\n> **Welcome**\n"));
        assert!(!parsed.reading.contains(":::"));
        // The plan keeps the headings and the plan's own text, not what is on screen or in the notes.
        assert_eq!(parsed.plan.lines().count(), BODY.lines().count());
        assert!(parsed.plan.contains("## Welcome {#welcome}") && parsed.plan.contains("- one"));
        assert!(!parsed.plan.contains("Ground rules") && !parsed.plan.contains("Say hello"));
        // The handout: its own text, shown on the page under its heading, not searched as the plan, not a slide.
        assert_eq!(parsed.handout.as_deref(), Some("### Remember\nTake care of each other.\n"));
        assert!(parsed.reading.contains("## Participants' handout\n\n\n### Remember\n"));
        assert!(!parsed.plan.contains("Take care of each other"));
        assert_eq!(parsed.slides[1].notes, "Thank people.\n");
    }

    #[test]
    fn problems_name_their_lines() {
        let cases: [(&str, usize, &str); 9] = [
            (
                "## A {minutes=5}\n:::screen\nx\n:::\n:::notes\ny\n:::\n:::handout\nz\n:::\n",
                8,
                "`:::handout` inside a timed segment",
            ),
            ("## H\n:::handout\nz\n:::\n:::handout\nw\n:::\n", 5, "a second `:::handout` block"),
            ("## A {minutes=5}\n:::screen\nx\n:::\n", 1, "has no `:::notes` block"),
            ("## A {minutes=5}\n:::notes\nx\n:::\n", 1, "shows nothing on screen"),
            (
                "## A {minutes=5}\n:::slide\n:::notes\nx\n:::\n:::screen\ny\n:::\n",
                2,
                "unknown slide directive `:::slide`",
            ),
            ("## A {minutes=five}\n", 1, "is not a number of minutes"),
            (":::screen\nx\n:::\n", 1, "outside a segment"),
            ("## A {minutes=5}\n:::screen\nx\n## B\n", 2, "is not closed"),
            ("## A {minutes=5}\n:::story Not A Slug\n", 2, "needs the slug of a story"),
        ];
        for (body, line, says) in cases {
            let parsed = parse(body, 1, true);
            assert!(
                parsed.problems.iter().any(|(at, message)| *at == line && message.contains(says)),
                "{body:?}: {:?}",
                parsed.problems
            );
        }
        let parsed = parse("## A {minutes=5}\n:::screen\nx\n:::\n", 1, false);
        assert!(parsed.problems.iter().any(|(_, it)| it.contains("not a workshop")));
    }
}
