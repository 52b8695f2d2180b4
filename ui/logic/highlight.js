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

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Finds the words of `text` that the search matched, as sorted ranges. The
 * core decides which words match (stems, synonyms, the word being typed) and
 * sends them as `terms`, folded; this only finds them again, whole words only,
 * so the page and the search results can never disagree.
 * @param {string} text
 * @param {Iterable<string>} terms folded words from the core (Item.matchedTerms)
 * @returns {Range[]}
 */
export function findTerms(text, terms) {
  const wanted = terms instanceof Set ? terms : new Set(terms);
  if (wanted.size === 0 || text === '') return [];
  /** @type {Range[]} */
  const res = [];
  for (const m of String(text).matchAll(WORD)) {
    const word = m[0];
    if (wanted.has(fold(word)) || wanted.has(word.toLowerCase())) {
      res.push({ start: m.index ?? 0, end: (m.index ?? 0) + word.length });
    }
  }
  return res;
}
