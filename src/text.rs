//! Words: how the library's text and a person's query are cut, folded and compared. Shared by the content
//! loader, the Markdown renderer, the database build and search, below all of them, so none of them imports
//! another for these.

/// Words that carry no topic in the way people type queries ("do I have to tell the family"); dropped when
/// the query has other words. Function words and pronouns only: never a word of this library's subject
/// ("help", "work", "tell", "back"), nor one that changes what a phrase means ("want", "myself").
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anyone", "anything",
    "are", "as", "at", "be", "been", "being", "but", "by", "can", "cant", "could", "couldnt", "d",
    "did", "didnt", "do", "does", "doesnt", "dont", "for", "from", "get", "got", "had", "has",
    "have", "he", "her", "him", "his", "how", "i", "id", "if", "im", "in", "into", "is", "isnt",
    "it", "its", "ive", "just", "ll", "m", "me", "more", "much", "my", "now", "of", "on", "one",
    "or", "our", "re", "really", "s", "she", "should", "since", "so", "some", "still", "t", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too",
    "us", "ve", "very", "was", "we", "were", "what", "whats", "when", "where", "which", "who",
    "why", "will", "with", "would", "you", "your",
];

/// Folds one lowercase character the way `unicode61 remove_diacritics 2` does for common Latin letters,
/// and smart punctuation back to ASCII.
pub fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        '‘' | '’' => '\'',
        it => it,
    }
}

/// Cuts text into lowercase, accent-folded alphanumeric tokens, as the FTS5 `unicode61` tokenizer does.
pub fn tokenize(text: &str) -> Vec<String> {
    cut(text, false)
}

/// Cuts text into lowercase, accent-folded words of letters and digits; with `join_apostrophes`, an apostrophe
/// joins the letters around it ("can't" is one word, `cant`) instead of separating them.
fn cut(text: &str, join_apostrophes: bool) -> Vec<String> {
    let mut res = Vec::new();
    let mut current = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_char(c);
        if c.is_alphanumeric() {
            current.push(c);
        } else if join_apostrophes && matches!(c, '\'' | '`' | '´') {
            // Dropped: "can't" -> "cant".
        } else if !current.is_empty() {
            res.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        res.push(current);
    }
    res
}

pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The stems a synonym term is matched by: its words without the little ones (unless that leaves none).
pub(crate) fn synonym_key(term: &[String], stemmer: &rust_stemmers::Stemmer) -> Vec<String> {
    let words: Vec<&String> = if term.iter().all(|it| is_stop_word(it)) {
        term.iter().collect()
    } else {
        term.iter().filter(|it| !is_stop_word(it)).collect()
    };
    words.into_iter().map(|it| stemmer.stem(it).into_owned()).collect()
}

/// The key each synonym term is matched by, for `companion check`: two terms with the same key in different
/// groups make the group a query lands in a matter of file order.
pub fn synonym_keys(term: &str) -> Vec<String> {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    synonym_key(&tokenize(term), &stemmer)
}

/// Byte ranges of the words of `text`, split the way the FTS5 unicode61 tokenizer splits them.
pub(crate) fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut res = Vec::with_capacity(text.len() / 6);
    let mut start = None;
    let mut idx = 0;
    while idx < bytes.len() {
        let (alphanumeric, len) = if bytes[idx] < 0x80 {
            (bytes[idx].is_ascii_alphanumeric(), 1)
        } else {
            let c = text[idx..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alphanumeric {
            start.get_or_insert(idx);
        } else if let Some(from) = start.take() {
            res.push((from, idx));
        }
        idx += len;
    }
    if let Some(from) = start {
        res.push((from, bytes.len()));
    }
    res
}

/// Cuts text into the words crisis matching compares: lowercase, accent-folded, apostrophes dropped inside a
/// word ("don't" and "dont" are one word), everything else that is not a letter or digit a separator.
pub fn crisis_tokens(text: &str) -> Vec<String> {
    cut(text, true)
}
