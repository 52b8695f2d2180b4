// Search snippets and query-word highlighting, as plain data.
// Pure: the views turn the parts and ranges returned here into DOM nodes with
// textContent, so no user-derived text is ever parsed as HTML.

/**
 * @typedef {{ text: string, mark: boolean }} SnippetPart
 * @typedef {{ start: number, end: number }} Range
 */

/**
 * Cleans snippet parts from the core: drops empty parts, coerces odd values
 * and merges neighbours with the same `mark`, so the view renders each run once.
 * @param {unknown} parts
 * @returns {SnippetPart[]}
 */
export function snippetParts(parts) {
  /** @type {SnippetPart[]} */
  const res = [];
  if (!Array.isArray(parts)) return res;
  for (const part of parts) {
    if (part === null || typeof part !== 'object') continue;
    const text = typeof part.text === 'string' ? part.text : '';
    if (text === '') continue;
    const mark = part.mark === true;
    const last = res[res.length - 1];
    if (last && last.mark === mark) last.text += text;
    else res.push({ text, mark });
  }
  return res;
}

/** The plain text of a snippet, for labels and tests. @param {SnippetPart[]} parts */
export function snippetText(parts) {
  return parts.map((p) => p.text).join('');
}

/** Words that carry no meaning for highlighting, and the search operators people type. */
const STOP = new Set(['a', 'an', 'and', 'or', 'not', 'near', 'the', 'of', 'to', 'in', 'on', 'is', 'it', 'i', 'my', 'for', 'at', 'be', 'if', 'me', 'do']);

/**
 * Folds one character for comparison: lower case, accents removed.
 * Keeps a one-to-one mapping between the original and the folded string,
 * which is what lets match positions be used on the original text.
 * @param {string} ch
 */
function foldChar(ch) {
  const base = ch.normalize('NFD')[0] ?? ch;
  const lower = base.toLowerCase();
  return lower.length === 1 ? lower : ch;
}

/**
 * Folds a string character by character (see foldChar); code units stay aligned.
 * @param {string} text
 */
export function fold(text) {
  let res = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Surrogate pairs (emoji) are copied unchanged so that positions stay aligned.
    if (code >= 0xd800 && code <= 0xdfff) res += text[i];
    else res += foldChar(text[i]);
  }
  return res;
}

/** A rough English stem: enough to light up "cope" and "coping" for a query of "coping". */
function stem(word) {
  for (const suffix of ['ings', 'ing', 'ed', 'es', 's', 'ly']) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/**
 * The words of a query worth highlighting in an article: folded, stemmed,
 * without operators, punctuation or very short words, longest first.
 * @param {string} query
 * @returns {string[]}
 */
export function queryWords(query) {
  const words = fold(String(query ?? '').slice(0, 500))
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length >= 2 && !STOP.has(w))
    .map(stem);
  return [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Finds where the query words occur at the start of a word in `text`, and
 * returns the whole words as sorted, non-overlapping ranges.
 * @param {string} text
 * @param {string[]} words from queryWords
 * @returns {Range[]}
 */
export function findMatches(text, words) {
  if (words.length === 0 || text === '') return [];
  const folded = fold(text);
  /** @type {Range[]} */
  const found = [];
  for (const word of words) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(word, from);
      if (at < 0) break;
      from = at + 1;
      if (at > 0 && WORD_CHAR.test(folded[at - 1])) continue;
      let end = at + word.length;
      while (end < folded.length && WORD_CHAR.test(folded[end])) end++;
      found.push({ start: at, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  /** @type {Range[]} */
  const res = [];
  for (const range of found) {
    const last = res[res.length - 1];
    if (last && range.start < last.end) {
      last.end = Math.max(last.end, range.end);
    } else {
      res.push({ ...range });
    }
  }
  return res;
}
