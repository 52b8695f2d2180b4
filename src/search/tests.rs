//! Unit tests for turning user text into FTS5 expressions.

use super::{CompiledQuery, Synonyms, edit_distance, split_marks, tokenize};

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
fn split_marks_turns_markers_into_parts() {
    let parts = split_marks("a \u{e000}b\u{e001} c");
    let got: Vec<(&str, bool)> = parts.iter().map(|it| (it.text.as_str(), it.mark)).collect();
    assert_eq!(got, [("a ", false), ("b", true), (" c", false)]);
}
