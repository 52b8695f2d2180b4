// What to say when something goes wrong, in the voice of a kind colleague:
// what happened, and what to do next. Pure; the UI switches on `kind` and
// never shows `message` as the main text (it is for the lead engineer's logs),
// except for a refused library pack, whose message the core writes for the person.

/**
 * @typedef {import('../api.js').CommandError} CommandError
 * @typedef {{ title: string, body: string, kind: string }} FriendlyError
 */

/**
 * Reads any rejection (a CommandError, an Error, a string) into a known shape.
 * @param {unknown} err
 * @returns {CommandError}
 */
export function toCommandError(err) {
  if (err && typeof err === 'object') {
    const e = /** @type {Record<string, unknown>} */ (err);
    const known = ['notFound', 'invalidInput', 'unavailable', 'refused', 'notAllowed', 'internal'];
    const kind = /** @type {CommandError['kind']} */ (known.includes(/** @type {string} */ (e.kind)) ? e.kind : 'internal');
    const message = typeof e.message === 'string' ? e.message : '';
    return { kind, message };
  }
  return { kind: 'internal', message: typeof err === 'string' ? err : '' };
}

/**
 * The words shown for an error while doing `action` ("open this page",
 * "search", "save your bookmark"...).
 * @param {unknown} err
 * @param {string} action
 * @returns {FriendlyError}
 */
export function friendlyError(err, action) {
  const { kind } = toCommandError(err);
  if (kind === 'notFound') {
    return {
      kind,
      title: 'We couldn’t find that page',
      body: 'It may have been moved or renamed in this version of the library. You can go to the home page, or search for what you were looking for.',
    };
  }
  if (kind === 'invalidInput') {
    return {
      kind,
      title: 'That didn’t work',
      body: `We couldn’t ${action} because part of the request didn’t look right. Try again, perhaps with fewer or simpler words.`,
    };
  }
  if (kind === 'refused') {
    const { message } = toCommandError(err);
    return {
      kind,
      title: 'The library was not changed',
      body: message || `We couldn’t ${action}: the file was refused. The library in use has not changed.`,
    };
  }
  if (kind === 'notAllowed') {
    return {
      kind,
      title: 'Turned off on this computer',
      body: `We couldn’t ${action}: your organisation has turned this off on this computer. Ask your IT team if you need it.`,
    };
  }
  if (kind === 'unavailable') {
    return {
      kind,
      title: 'Bookmarks and settings are off just now',
      body: `We couldn’t ${action} because your bookmarks and settings could not be opened this time. Reading, searching and Help now work as usual. The notice at the top of the home page says why and what to do.`,
    };
  }
  return {
    kind,
    title: 'Something went wrong on our side',
    body: `We couldn’t ${action} just now. Please try again. If it keeps happening, closing and reopening the app usually helps. Your bookmarks are safe.`,
  };
}
