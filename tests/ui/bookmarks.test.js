// Bookmarks: grouped by collection, missing pages kept, and plain results for import and export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupBookmarks, checkCollectionName, importSummary, exportSummary, UNSORTED_LABEL } from '../../ui/logic/bookmarks.js';

const b = (slug, collection, createdAt, missing = false) => ({
  slug, collection, createdAt, title: missing ? null : slug, section: null, missing,
});

test('bookmarks are grouped: unsorted first, then collections in order, newest first', () => {
  const groups = groupBookmarks(
    [
      b('a', '', '2026-11-01T10:00:00Z'),
      b('b', 'Team', '2026-11-02T10:00:00Z'),
      b('c', '', '2026-11-03T10:00:00Z'),
      b('d', 'Team', '2026-11-01T09:00:00Z'),
    ],
    ['Supervisor', 'Team'],
  );
  assert.deepEqual(
    groups.map((g) => [g.name, g.label, g.bookmarks.map((x) => x.slug)]),
    [
      ['', UNSORTED_LABEL, ['c', 'a']],
      ['Supervisor', 'Supervisor', []],
      ['Team', 'Team', ['b', 'd']],
    ],
  );
});

test('a bookmark in a collection the list lacks still appears', () => {
  // A bookmark is never hidden because of a mismatch between the two lists.
  const groups = groupBookmarks([b('x', 'Old', '2026-01-01T00:00:00Z')], []);
  assert.deepEqual(groups.map((g) => g.name), ['', 'Old']);
  assert.equal(groups[1].bookmarks[0].slug, 'x');
});

test('missing pages are kept in their group', () => {
  const groups = groupBookmarks([b('gone', '', '2026-01-01T00:00:00Z', true)], []);
  assert.equal(groups[0].bookmarks.length, 1);
  assert.equal(groups[0].bookmarks[0].missing, true);
});

test('odd input gives an empty unsorted group', () => {
  assert.deepEqual(groupBookmarks(null, null), [{ name: '', label: UNSORTED_LABEL, bookmarks: [] }]);
});

test('collection names are tidied and checked', () => {
  assert.deepEqual(checkCollectionName('  Team   meeting ', []), { ok: true, name: 'Team meeting' });
  assert.equal(checkCollectionName('   ', []).ok, false);
  assert.equal(checkCollectionName('x'.repeat(61), []).ok, false);
  assert.equal(checkCollectionName('a\u0007b', []).ok, false);
  // Case-insensitive duplicates would look the same in the list.
  const dup = checkCollectionName('team MEETING', ['Team meeting']);
  assert.equal(dup.ok, false);
  assert.match(dup.message, /already have/);
});

test('import and export results are plain sentences', () => {
  assert.equal(importSummary({ added: 3, alreadyThere: 0, unknownSlugs: [] }), 'Added 3 bookmarks.');
  assert.equal(
    importSummary({ added: 1, alreadyThere: 2, unknownSlugs: ['x'] }),
    'Added 1 bookmark; 2 were already saved; 1 is for a page this copy of the library does not have.',
  );
  assert.equal(importSummary({ added: 0, alreadyThere: 1, unknownSlugs: 2 }),
    'Added 0 bookmarks; 1 was already saved; 2 are for pages this copy of the library does not have.');
  assert.equal(importSummary(null), 'No file was chosen, so nothing changed.');
  assert.equal(exportSummary({ path: '/home/a/b.json', count: 1 }), 'Saved 1 bookmark to /home/a/b.json.');
  assert.equal(exportSummary(null), 'Export cancelled; nothing was saved.');
});
