// Search snippets and highlighting: the words people searched for stand out,
// and nothing they typed is ever treated as HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snippetParts, snippetText, findTerms, fold } from '../../ui/logic/highlight.js';

/** Applies ranges as [brackets], to make expectations readable. @param {string[]} terms from the core */
function marked(text, terms) {
  let res = '';
  let at = 0;
  for (const r of findTerms(text, terms)) {
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

test('findTerms marks exactly the words the core matched, whole words only', () => {
  // The core matched "coping", "cope" (same stem) and "insomnia" (a synonym); nothing here stems or guesses.
  assert.equal(marked('Coping with insomnia is hard; she could not cope. Copes?', ['coping', 'cope', 'insomnia']),
    '[Coping] with [insomnia] is hard; she could not [cope]. Copes?');
  // Never inside a word: "asleep" is not "sleep".
  assert.equal(marked('She was asleep; sleep came late.', ['sleep']), 'She was asleep; [sleep] came late.');
});

test('findTerms is accent- and case-insensitive and keeps positions', () => {
  assert.equal(marked('Les émotions, EMOTIONS.', ['emotions']), 'Les [émotions], [EMOTIONS].');
  assert.equal(marked('naïve Naive', ['naive']), '[naïve] [Naive]');
});

test('emoji do not shift positions', () => {
  assert.equal(marked('😢 guilt and 😢 shame', ['shame', 'guilt']), '😢 [guilt] and 😢 [shame]');
});

test('fold keeps string length', () => {
  const s = 'Åre ÉCOLE 😢 ß';
  assert.equal(fold(s).length, s.length);
});

test('no words, no matches', () => {
  assert.deepEqual(findTerms('anything', []), []);
  assert.deepEqual(findTerms('', ['a']), []);
});
