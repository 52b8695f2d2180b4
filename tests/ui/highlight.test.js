// Search snippets and highlighting: the words people searched for stand out,
// and nothing they typed is ever treated as HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snippetParts, snippetText, queryWords, findMatches, fold } from '../../ui/logic/highlight.js';

/** Applies ranges as [brackets], to make expectations readable. */
function marked(text, query) {
  let res = '';
  let at = 0;
  for (const r of findMatches(text, queryWords(query))) {
    res += `${text.slice(at, r.start)}[${text.slice(r.start, r.end)}]`;
    at = r.end;
  }
  return res + text.slice(at);
}

test('snippetParts merges runs and drops junk', () => {
  assert.deepEqual(
    snippetParts([
      { text: 'I could not ', mark: false },
      { text: '', mark: true },
      { text: 'sleep', mark: true },
      { text: 'ing', mark: true },
      { text: ' at all', mark: false },
      null,
      { text: 5, mark: true },
      { text: '.', mark: 'yes' },
    ]),
    [
      { text: 'I could not ', mark: false },
      { text: 'sleeping', mark: true },
      { text: ' at all.', mark: false },
    ],
  );
  assert.deepEqual(snippetParts(null), []);
  assert.deepEqual(snippetParts('text'), []);
});

test('snippet text with markup characters stays text', () => {
  // A snippet containing "<b>" must be shown as those characters, not bold.
  const parts = snippetParts([{ text: '<img src=x onerror=alert(1)>', mark: true }]);
  assert.equal(snippetText(parts), '<img src=x onerror=alert(1)>');
});

test('queryWords folds, stems and drops operators and short words', () => {
  assert.deepEqual(queryWords('Coping AND "sleep" OR NEAR i'), ['sleep', 'cop']);
  assert.deepEqual(queryWords('Émotions'), ['emotion']);
  assert.deepEqual(queryWords('  '), []);
  assert.deepEqual(queryWords('***'), []);
  assert.deepEqual(queryWords('😢 guilt'), ['guilt']);
});

test('findMatches lights up whole words that start with a query word', () => {
  assert.equal(marked('Coping with poor sleep is hard; she could not cope.', 'coping sleep'),
    '[Coping] with poor [sleep] is hard; she could not [cope].');
  // Only at the start of a word: "asleep" is not a match for "sleep".
  assert.equal(marked('She was asleep; sleepless nights followed.', 'sleep'), 'She was asleep; [sleepless] nights followed.');
});

test('findMatches is accent- and case-insensitive and keeps positions', () => {
  assert.equal(marked('Les émotions, EMOTIONS.', 'emotion'), 'Les [émotions], [EMOTIONS].');
  assert.equal(marked('naïve Naive', 'naive'), '[naïve] [Naive]');
});

test('findMatches merges overlapping matches', () => {
  assert.deepEqual(findMatches('statement', queryWords('state statement')), [{ start: 0, end: 9 }]);
});

test('emoji do not shift positions', () => {
  assert.equal(marked('😢 guilt and 😢 shame', 'shame guilt'), '😢 [guilt] and 😢 [shame]');
});

test('fold keeps string length', () => {
  const s = 'Åre ÉCOLE 😢 ß';
  assert.equal(fold(s).length, s.length);
});

test('no words, no matches', () => {
  assert.deepEqual(findMatches('anything', []), []);
  assert.deepEqual(findMatches('', ['a']), []);
});
