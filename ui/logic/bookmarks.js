// Grouping bookmarks into collections, and checking collection names.
// Pure: no DOM, no window.

/**
 * @typedef {{ slug: string, collection: string, createdAt: string,
 *   title: string | null, section: string | null, missing: boolean }} Bookmark
 * @typedef {{ name: string, label: string, bookmarks: Bookmark[] }} BookmarkGroup
 */

/** How the group of bookmarks outside any collection is headed. */
export const UNSORTED_LABEL = 'Saved pages';

/** Longest collection name accepted; a name, not a note. */
export const MAX_COLLECTION_NAME = 60;

/**
 * Groups bookmarks by collection: first the ones in no collection, then every
 * collection in the order given (empty ones too, so they can be used or deleted),
 * then any collection a bookmark names that the list lacks. Newest first within a group.
 * @param {Bookmark[]} bookmarks
 * @param {string[]} collections
 * @returns {BookmarkGroup[]}
 */
export function groupBookmarks(bookmarks, collections) {
  /** @type {Map<string, BookmarkGroup>} */
  const groups = new Map();
  groups.set('', { name: '', label: UNSORTED_LABEL, bookmarks: [] });
  for (const name of Array.isArray(collections) ? collections : []) {
    if (typeof name === 'string' && name !== '' && !groups.has(name)) {
      groups.set(name, { name, label: name, bookmarks: [] });
    }
  }
  for (const b of Array.isArray(bookmarks) ? bookmarks : []) {
    const name = typeof b.collection === 'string' ? b.collection : '';
    if (!groups.has(name)) groups.set(name, { name, label: name, bookmarks: [] });
    /** @type {BookmarkGroup} */ (groups.get(name)).bookmarks.push(b);
  }
  const res = [...groups.values()];
  for (const group of res) {
    group.bookmarks.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }
  return res;
}

/**
 * Checks a new collection name and returns the cleaned name or an error the
 * person can act on.
 * @param {string} raw
 * @param {string[]} existing
 * @returns {{ ok: true, name: string } | { ok: false, message: string }}
 */
export function checkCollectionName(raw, existing) {
  const name = String(raw ?? '').replace(/\s+/g, ' ').trim();
  if (name === '') return { ok: false, message: 'Type a name for the collection, for example “For the team meeting”.' };
  // Counted in characters (code points), as the core counts them: an emoji is one character, not two.
  if ([...name].length > MAX_COLLECTION_NAME) {
    return { ok: false, message: `Use a shorter name: at most ${MAX_COLLECTION_NAME} characters.` };
  }
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, message: 'Use only letters, numbers and ordinary punctuation.' };
  const lower = name.toLocaleLowerCase('en-GB');
  if (existing.some((e) => e.toLocaleLowerCase('en-GB') === lower)) {
    return { ok: false, message: `You already have a collection called “${name}”.` };
  }
  return { ok: true, name };
}

/**
 * A sentence describing what an import did.
 * @param {{ added: number, alreadyThere: number, unknownSlugs: string[] | number } | null} res
 */
export function importSummary(res) {
  if (res === null || res === undefined) return 'No file was chosen, so nothing changed.';
  const unknown = Array.isArray(res.unknownSlugs) ? res.unknownSlugs.length : Number(res.unknownSlugs) || 0;
  const parts = [];
  parts.push(res.added === 1 ? 'Added 1 bookmark' : `Added ${res.added} bookmarks`);
  if (res.alreadyThere > 0) {
    parts.push(res.alreadyThere === 1 ? '1 was already saved' : `${res.alreadyThere} were already saved`);
  }
  if (unknown > 0) {
    parts.push(
      unknown === 1
        ? '1 is for a page this copy of the library does not have'
        : `${unknown} are for pages this copy of the library does not have`,
    );
  }
  return `${parts.join('; ')}.`;
}

/**
 * A sentence describing what an export did.
 * @param {{ path: string, count: number } | null} res
 */
export function exportSummary(res) {
  if (res === null || res === undefined) return 'Export cancelled; nothing was saved.';
  const what = res.count === 1 ? '1 bookmark' : `${res.count} bookmarks`;
  return `Saved ${what} to ${res.path}.`;
}
