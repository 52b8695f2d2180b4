// Hash routes: turns `location.hash` into a plain route object and back.
// Pure: no DOM, no window. Anything it cannot read becomes the `notFound` route,
// so a bad link shows a kind page instead of an error.

/**
 * @typedef {{ q: string, section: string, audience: string, kind: string, exact: string }} SearchParams
 *   (`exact` is '1' to search the words as typed, without correcting misspellings)
 * @typedef {(
 *   | { name: 'home' }
 *   | { name: 'section', id: string }
 *   | { name: 'article', slug: string, anchor: string, q: string }
 *   | ({ name: 'search' } & SearchParams)
 *   | { name: 'bookmarks' }
 *   | { name: 'help', id: string }
 *   | { name: 'present', slug: string }
 *   | { name: 'read', slug: string }
 *   | { name: 'settings' }
 *   | { name: 'about' }
 *   | { name: 'notFound', path: string }
 * )} Route
 */

/** Slugs and section ids: lowercase kebab-case, as content/README.md defines them. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Heading ids are generated from heading text, so allow a little more than slugs. */
const ANCHOR = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Search filters are ids: lowercase kebab-case of at most 60 characters, the core's rule for section ids
 *  (companion::companion::parse_section_id); anything else is ignored rather than sent on. */
export const MAX_FILTER = 60;
/** Queries longer than this are cut; the core re-checks the length anyway. */
export const MAX_QUERY = 500;

const SIMPLE = new Set(['bookmarks', 'settings', 'about']);

/** @param {string} s */
function decode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Reads `a=1&b=2` into a Map, ignoring pairs that do not decode.
 * @param {string} query
 */
export function parseQuery(query) {
  const res = new Map();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === null || value === null || res.has(key)) continue;
    res.set(key, value);
  }
  return res;
}

/** @param {Map<string, string>} query @param {string} key */
function filterParam(query, key) {
  const value = query.get(key) ?? '';
  return SLUG.test(value) && value.length <= MAX_FILTER ? value : '';
}

/**
 * Parses a location hash such as `#/article/the-first-days/what-helps?q=sleep`.
 * @param {string} hash
 * @returns {Route}
 */
export function parseRoute(hash) {
  let raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '' || raw === '/') return { name: 'home' };
  const qIdx = raw.indexOf('?');
  const path = qIdx < 0 ? raw : raw.slice(0, qIdx);
  const query = parseQuery(qIdx < 0 ? '' : raw.slice(qIdx + 1));
  const notFound = { name: /** @type {const} */ ('notFound'), path: raw };
  if (!path.startsWith('/')) return notFound;
  const parts = path.slice(1).split('/').map((p) => decode(p));
  if (parts.some((p) => p === null)) return notFound;
  // A trailing slash (`#/bookmarks/`) is forgiven.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const [head, ...rest] = /** @type {string[]} */ (parts);

  if (head === '' && rest.length === 0) return { name: 'home' };
  if (SIMPLE.has(head) && rest.length === 0) {
    return /** @type {Route} */ ({ name: head });
  }
  // Help now, optionally at one service's card (`#/help/samaritans`, from a search result).
  if (head === 'help' && (rest.length === 0 || (rest.length === 1 && SLUG.test(rest[0])))) {
    return { name: 'help', id: rest[0] ?? '' };
  }
  // Presenting a workshop (`#/present/workshop-awareness-60`).
  if (head === 'present' && rest.length === 1 && SLUG.test(rest[0])) {
    return { name: 'present', slug: rest[0] };
  }
  // A story read aloud (`#/read/story-ward-nurse`).
  if (head === 'read' && rest.length === 1 && SLUG.test(rest[0])) {
    return { name: 'read', slug: rest[0] };
  }
  if (head === 'section' && rest.length === 1 && SLUG.test(rest[0])) {
    return { name: 'section', id: rest[0] };
  }
  if (head === 'article' && (rest.length === 1 || rest.length === 2) && SLUG.test(rest[0])) {
    const anchor = rest[1] ?? '';
    if (anchor !== '' && !ANCHOR.test(anchor)) return notFound;
    return { name: 'article', slug: rest[0], anchor, q: (query.get('q') ?? '').slice(0, MAX_QUERY) };
  }
  if (head === 'search' && rest.length === 0) {
    return {
      name: 'search',
      q: (query.get('q') ?? '').slice(0, MAX_QUERY),
      section: filterParam(query, 'section'),
      audience: filterParam(query, 'audience'),
      kind: filterParam(query, 'kind'),
      exact: query.get('exact') === '1' ? '1' : '',
    };
  }
  return notFound;
}

/**
 * Builds the hash for a route; the inverse of parseRoute for every valid route.
 * @param {Route} route
 * @returns {string}
 */
export function formatRoute(route) {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'section':
      return `#/section/${encodeURIComponent(route.id)}`;
    case 'article': {
      let res = `#/article/${encodeURIComponent(route.slug)}`;
      if (route.anchor) res += `/${encodeURIComponent(route.anchor)}`;
      if (route.q) res += `?q=${encodeURIComponent(route.q)}`;
      return res;
    }
    case 'search': {
      const params = [];
      for (const key of /** @type {const} */ (['q', 'section', 'audience', 'kind', 'exact'])) {
        if (route[key]) params.push(`${key}=${encodeURIComponent(route[key])}`);
      }
      return params.length ? `#/search?${params.join('&')}` : '#/search';
    }
    case 'help':
      return route.id ? `#/help/${encodeURIComponent(route.id)}` : '#/help';
    case 'present':
      return `#/present/${encodeURIComponent(route.slug)}`;
    case 'read':
      return `#/read/${encodeURIComponent(route.slug)}`;
    case 'notFound':
      return `#${route.path}`;
    default:
      return `#/${route.name}`;
  }
}

/**
 * True when two routes show the same page, so the view can be updated in place.
 * @param {Route} a @param {Route} b
 */
export function samePage(a, b) {
  if (a.name !== b.name) return false;
  // The same article with another anchor or query stays mounted: a story's
  // content warning, once passed, is not shown again for an in-page link.
  if (a.name === 'article' && b.name === 'article') return a.slug === b.slug;
  if (a.name === 'section' && b.name === 'section') return a.id === b.id;
  return a.name !== 'notFound';
}

/**
 * The top-level navigation item that a route belongs to, for aria-current.
 * @param {Route} route
 * @returns {'home' | 'bookmarks' | 'settings' | 'about' | 'help' | null}
 */
export function navItemFor(route) {
  switch (route.name) {
    case 'home':
    case 'bookmarks':
    case 'settings':
    case 'about':
    case 'help':
      return route.name;
    default:
      return null;
  }
}
