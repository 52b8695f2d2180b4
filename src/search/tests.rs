//! Unit tests for turning user text into FTS5 expressions.

use super::{CompiledQuery, Matcher, Synonyms, edit_distance, extract, html_text, tokenize};

fn compile(query: &str) -> String {
    let synonyms = Synonyms::new(&[
        vec!["mistake".to_owned(), "error".to_owned(), "incident".to_owned()],
        vec!["can't sleep".to_owned(), "insomnia".to_owned()],
    ]);
    CompiledQuery::new(query, &synonyms).to_fts(true)
}

#[test]
fn each_word_is_quoted_and_the_last_is_a_prefix_while_typing() {
    assert_eq!(compile("coping guilt"), r#""coping" AND "guilt"*"#);
    assert_eq!(compile("coping guilt "), r#""coping" AND "guilt""#);
}

#[test]
fn synonyms_expand_single_words_and_phrases() {
    assert_eq!(compile("mistake "), r#"("mistake" OR "error" OR "incident")"#);
    assert_eq!(compile("I can't sleep"), r#"("can t sleep" OR "insomnia")"#);
}

#[test]
fn stop_words_are_dropped_unless_they_are_all_there_is() {
    assert_eq!(compile("what is the duty "), r#""duty""#);
    assert_eq!(compile("the "), r#""the""#);
}

#[test]
fn fts_syntax_in_user_text_is_only_ever_words() {
    assert_eq!(compile(r#"a" OR NEAR(b*) -c :^ "#), r#""near" AND "b" AND "c""#);
    assert_eq!(compile("\"\"\"***"), "");
}

#[test]
fn one_letter_last_words_are_not_prefixes() {
    assert_eq!(compile("duty o"), r#""duty" AND "o""#);
}

#[test]
fn tokenize_folds_case_accents_and_curly_apostrophes() {
    assert_eq!(tokenize("Café NAÏVE don’t"), ["cafe", "naive", "don", "t"]);
}

#[test]
fn edit_distance_counts_transpositions_as_one() {
    assert_eq!(edit_distance("gulit", "guilt", 2), Some(1));
    assert_eq!(edit_distance("guilt", "guilt", 2), Some(0));
    assert_eq!(edit_distance("abc", "xyz", 2), None);
}

#[test]
fn snippets_mark_words_with_the_same_stem_and_typed_prefixes() {
    let synonyms = Synonyms::new(&[]);
    let compiled = CompiledQuery::new("coping gui", &synonyms);
    let matcher = Matcher::new(&compiled);
    let parts =
        extract("People cope in many ways.\nSome feel guilty; coping takes time.", &matcher);
    let got: Vec<(&str, bool)> = parts.iter().map(|it| (it.text.as_str(), it.mark)).collect();
    assert_eq!(
        got,
        [
            ("People ", false),
            ("cope", true),
            (" in many ways. Some feel ", false),
            ("guilty", true),
            ("; ", false),
            ("coping", true),
            (" takes time.", false)
        ]
    );
}

#[test]
fn long_texts_show_the_window_with_the_most_matches() {
    let synonyms = Synonyms::new(&[]);
    let matcher = Matcher::new(&CompiledQuery::new("sleep ", &synonyms));
    let text = format!(
        "{} Poor sleep and more sleep problems. {}",
        "filler ".repeat(50),
        "tail ".repeat(50)
    );
    let parts = extract(&text, &matcher);
    assert!(parts.first().unwrap().text.starts_with('…'));
    assert!(parts.last().unwrap().text.ends_with('…'));
    assert_eq!(parts.iter().filter(|it| it.mark).count(), 2);
}

#[test]
fn html_text_drops_tags_decodes_entities_and_keeps_words_apart() {
    let html = "<h2 id=\"a\">Sleep &amp; rest</h2>\n<p>Gu<em>il</em>t and <strong>shame</strong>.</p><ul><li>one</li><li>two&#x27;s &lt;3 &#8212; &bogus; &</li></ul>";
    assert_eq!(html_text(html), "Sleep & rest Guilt and shame. one two's <3 \u{2014} &bogus; &");
}
