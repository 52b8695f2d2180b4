// Boots the UI: applies preferences, shows start-up notices, owns hash routing,
// the header (search as you type, Help now, Leave) and the global keys.
// Views are mounted into <main>; each returns { update(route), title }.

import * as api from './api.js';
import { html, render } from './html.js';
import { parseRoute, formatRoute, samePage, navItemFor } from './logic/route.js';
import { debounce, doublePress, isTypingTarget } from './logic/timing.js';
import { normalizePreferences, htmlAttributes, DEFAULT_PREFERENCES } from './logic/prefs.js';
import { friendlyError } from './logic/errors.js';
import { lazyLoader } from './logic/lazy.js';
import { errorPage, headingOf } from './views/common.js';
import { HomeView } from './views/home-view.js';

/** @typedef {import('./logic/route.js').Route} Route */
/** @typedef {{ update(route: Route): Promise<void>, title?: string, onSearchBoxKey?(e: KeyboardEvent): void, scrollToAnchor?(anchor: string): boolean, focusContact?(id: string): boolean, onKey?(e: KeyboardEvent): boolean, dispose?(): void }} View */

const APP_NAME = 'Second Victim Support';
const SEARCH_DELAY_MS = 150;
const LEAVE_WINDOW_MS = 1000;

/** @typedef {(el: HTMLElement, app: App) => View} ViewFactory */

// Only the home view is part of start-up; every other view is fetched the first time it is opened
// (a few milliseconds from the app itself), so the first screen waits for none of their code.
const VIEWS = lazyLoader(/** @type {Record<Route['name'], () => Promise<ViewFactory>>} */ ({
  home: async () => HomeView,
  section: () => import('./views/section-view.js').then((m) => m.SectionView),
  article: () => import('./views/article-view.js').then((m) => m.ArticleView),
  search: () => import('./views/search-view.js').then((m) => m.SearchView),
  bookmarks: () => import('./views/bookmark-list.js').then((m) => m.BookmarkList),
  help: () => import('./views/help-view.js').then((m) => m.HelpView),
  present: () => import('./views/present-view.js').then((m) => m.PresentView),
  read: () => import('./views/read-view.js').then((m) => m.ReadView),
  settings: () => import('./views/settings-view.js').then((m) => m.SettingsView),
  about: () => import('./views/about-view.js').then((m) => m.AboutView),
  notFound: () => import('./views/not-found-view.js').then((m) => m.NotFoundView),
}));

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const searchForm = /** @type {HTMLFormElement} */ (document.querySelector('.app-header .search'));
const searchBox = /** @type {HTMLInputElement} */ (document.getElementById('search-box'));
const statusEl = /** @type {HTMLElement} */ (document.getElementById('app-status'));
const noticesEl = /** @type {HTMLElement} */ (document.getElementById('notices'));

/** The current page: its route, view and element. Lives only in memory. */
let current = /** @type {{ route: Route | null, view: View | null, el: HTMLElement | null }} */ ({
  route: null,
  view: null,
  el: null,
});
let renderSeq = 0;
let firstRender = true;
/** Set when the search box itself changed the route, so focus stays in the box. */
let fromSearchBox = false;
/** Set while Leave rewinds the history, so the pages passed through are not drawn. */
let leaving = false;
/** How many entries this window has added to the session history (for Leave). */
let depth = 0;
/** Set when we replace the current entry, so its depth does not grow. */
let replacing = false;

/** The context handed to every view: the API plus a few app-wide actions. */
const app = {
  api,
  /**
   * Goes to a route. `replace` swaps the current history entry instead of adding one.
   * @param {Route} route
   * @param {{ replace?: boolean }} [opts]
   */
  navigate(route, { replace = false } = {}) {
    const hash = formatRoute(route);
    if (hash === location.hash) {
      void showRoute();
      return;
    }
    if (replace) {
      replacing = true;
      location.replace(hash);
    } else {
      location.hash = hash;
    }
  },
  /** Says something to screen readers without moving focus. @param {string} message */
  announce(message) {
    statusEl.textContent = '';
    // A fresh text node after a tick makes repeated messages announce again.
    setTimeout(() => {
      statusEl.textContent = message;
    }, 50);
  },
  /** The organisation's policy (shared computer, idle time, import and export), read at start. */
  policy: { sharedComputer: false, idleSeconds: 600, importExport: true },
  /** The home data (sections for filters), fetched once per window. */
  home: /** @type {Promise<import('./api.js').Home> | null} */ (null),
  getHome() {
    if (!this.home) {
      this.home = api.getHome().catch((err) => {
        this.home = null;
        throw err;
      });
    }
    return this.home;
  },
  /**
   * "Clear my data" (Settings, and Leave on a shared computer): the core removes the person's data, the
   * page's own storage is emptied, and the preferences are read back from the core (the organisation's
   * default text size, where its policy sets one). Rejects when the core could not clear.
   * @returns {Promise<import('./api.js').Cleared>}
   */
  async clearMyData() {
    const res = await api.clearMyData();
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch {
      // Storage may be unavailable; there is then nothing in it to clear.
    }
    this.home = null;
    await loadPreferences();
    return res;
  },
  /** Applies preferences to <html>; called at start-up and by Settings. @param {unknown} prefs */
  applyPreferences(prefs) {
    currentPrefs = normalizePreferences(prefs);
    applyAttributes();
  },
  get preferences() {
    return currentPrefs;
  },
  searchBox,
  /** Whether Back stays inside this window's pages. */
  canGoBack: () => depth > 0,
};
/** @typedef {typeof app} App */

// ---------------------------------------------------------------------------
// Preferences

let currentPrefs = normalizePreferences(DEFAULT_PREFERENCES);
const darkQuery = matchMedia('(prefers-color-scheme: dark)');
const contrastQuery = matchMedia('(prefers-contrast: more), (forced-colors: active)');
const motionQuery = matchMedia('(prefers-reduced-motion: reduce)');

function applyAttributes() {
  const attrs = htmlAttributes(currentPrefs, {
    dark: darkQuery.matches,
    moreContrast: contrastQuery.matches,
    reduceMotion: motionQuery.matches,
  });
  for (const [name, value] of Object.entries(attrs)) document.documentElement.setAttribute(name, value);
}

for (const query of [darkQuery, contrastQuery, motionQuery]) query.addEventListener('change', applyAttributes);

// ---------------------------------------------------------------------------
// Routing

/** Marks the navigation item for the current route. @param {Route} route */
function updateNav(route) {
  const active = navItemFor(route);
  for (const link of document.querySelectorAll('.app-header [data-nav]')) {
    if (link.getAttribute('data-nav') === active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const help = document.querySelector('.app-header .help-now');
  if (help) {
    if (route.name === 'help') help.setAttribute('aria-current', 'page');
    else help.removeAttribute('aria-current');
  }
}

/** @param {View} view */
function setTitle(view) {
  document.title = view.title ? `${view.title} – ${APP_NAME}` : APP_NAME;
}

/**
 * Moves focus to the page heading so that screen readers announce the new page,
 * or to an anchor's heading. Never steals focus from the search box while typing.
 * @param {HTMLElement} el
 * @param {Route} route
 */
function focusPage(el, route) {
  if (route.name === 'article' && route.anchor && current.view?.scrollToAnchor?.(route.anchor)) return;
  if (route.name === 'help' && route.id && current.view?.focusContact?.(route.id)) return;
  const h1 = headingOf(el);
  if (h1) h1.focus({ preventScroll: true });
  else main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

/** Keeps the header search box in step with the route (back and forward included). @param {Route} route */
function syncSearchBox(route) {
  if (route.name === 'search' && searchBox.value.trim() !== route.q.trim()) searchBox.value = route.q;
}

async function showRoute() {
  if (leaving) return;
  const route = parseRoute(location.hash);
  const keepFocus = fromSearchBox || (route.name === 'search' && document.activeElement === searchBox);
  fromSearchBox = false;
  updateNav(route);
  if (!keepFocus) syncSearchBox(route);
  const seq = ++renderSeq;

  // Same page (search refinements, anchors within an article): update in place.
  if (current.view && current.route && current.el && samePage(current.route, route)) {
    current.route = route;
    try {
      await current.view.update(route);
    } catch (err) {
      if (seq !== renderSeq) return;
      render(current.el, errorPage(err, 'show this page'));
    }
    if (seq !== renderSeq) return;
    setTitle(current.view);
    if (route.name === 'article' && route.anchor) current.view.scrollToAnchor?.(route.anchor);
    if (route.name === 'help' && route.id) current.view.focusContact?.(route.id);
    return;
  }

  const el = document.createElement('div');
  /** @type {View} */
  let view = { title: '', update: async () => {} };
  // Only show "Loading" if the core is slow; usually the page appears at once.
  const slow = setTimeout(() => {
    if (seq === renderSeq) main.setAttribute('aria-busy', 'true');
  }, 300);
  try {
    const makeView = await VIEWS.load(route.name);
    if (seq !== renderSeq || leaving) return;
    view = makeView(el, app);
    await view.update(route);
  } catch (err) {
    render(el, errorPage(err, route.name === 'article' ? 'open this page' : 'show this page'));
    view.title = friendlyError(err, '').title;
  } finally {
    clearTimeout(slow);
  }
  if (seq !== renderSeq || leaving) return;
  main.removeAttribute('aria-busy');
  current.view?.dispose?.();
  main.replaceChildren(el);
  current = { route, view, el };
  setTitle(view);
  // On the first page of the window, leave focus at the start of the document so
  // that Tab reaches the skip link first; afterwards, announce each new page.
  if (!keepFocus && !firstRender) focusPage(el, route);
  else if (firstRender && route.name === 'article' && route.anchor) view.scrollToAnchor?.(route.anchor);
  else if (firstRender && route.name === 'help' && route.id) view.focusContact?.(route.id);
  firstRender = false;
}

// Depth bookkeeping, so Leave can rewind and drop this window's history.
function onHashChange() {
  const state = history.state;
  if (state && typeof state.depth === 'number') {
    depth = state.depth;
  } else {
    if (!replacing) depth += 1;
    history.replaceState({ depth }, '');
  }
  replacing = false;
  void showRoute();
}

window.addEventListener('hashchange', onHashChange);

// ---------------------------------------------------------------------------
// Header: search as you type

const runSearch = debounce(() => {
  const q = searchBox.value.trim();
  const route = parseRoute(location.hash);
  const onSearch = route.name === 'search';
  if (!q && !onSearch) return;
  /** @type {Route} */
  const next = onSearch
    ? { ...route, q, exact: '' }
    : { name: 'search', q, section: '', audience: '', kind: '', exact: '' };
  fromSearchBox = document.activeElement === searchBox;
  app.navigate(next, { replace: onSearch });
}, SEARCH_DELAY_MS);

searchBox.addEventListener('input', () => runSearch());
searchForm.addEventListener('submit', (e) => {
  e.preventDefault();
  if (runSearch.pending()) runSearch.flush();
  else if (searchBox.value.trim()) {
    const route = parseRoute(location.hash);
    if (route.name !== 'search') {
      runSearch();
      runSearch.flush();
    }
  }
});
searchBox.addEventListener('keydown', (e) => {
  if (current.route?.name === 'search' && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    if (runSearch.pending()) runSearch.flush();
    current.view?.onSearchBoxKey?.(e);
  }
});

// ---------------------------------------------------------------------------
// Help now, Leave, skip link, copy buttons

function openHelp() {
  const route = parseRoute(location.hash);
  if (route.name === 'help') {
    if (current.el) focusPage(current.el, { name: 'help', id: '' });
    return;
  }
  app.navigate({ name: 'help', id: '' });
}

/** Waits for the history traversal started by history.go to land. */
function afterTraversal() {
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('popstate', done);
      clearTimeout(timer);
      resolve(undefined);
    };
    const timer = setTimeout(done, 600);
    window.addEventListener('popstate', done);
  });
}

/**
 * Leave: clear the screen at once, forget this window's pages, and show the
 * neutral home. The history is rewound to its first entry, that entry is
 * replaced by the home page, and a fresh entry is pushed so that neither
 * Back nor Forward can bring the previous pages back.
 */
async function leave() {
  if (leaving) return;
  leaving = true;
  renderSeq++;
  runSearch.cancel();
  searchBox.value = '';
  searchBox.blur();
  main.replaceChildren();
  noticesEl.replaceChildren();
  statusEl.textContent = '';
  document.title = APP_NAME;
  for (const details of document.querySelectorAll('details[open]')) details.removeAttribute('open');
  for (const dialog of document.querySelectorAll('dialog[open]')) /** @type {HTMLDialogElement} */ (dialog).close();
  current = { route: null, view: null, el: null };
  try {
    if (depth > 0) {
      const back = depth;
      history.go(-back);
      await afterTraversal();
    }
    history.replaceState({ depth: 0 }, '', '#/');
    history.pushState({ depth: 1 }, '', '#/');
    depth = 1;
  } catch {
    // If the history cannot be rewritten, still replace the current entry.
    location.replace('#/');
  }
  if (app.policy.sharedComputer) {
    // A shared computer: this session's bookmarks, collections and settings go with the person.
    try {
      await app.clearMyData();
    } catch {
      // The session's data is in memory and goes when the app closes in any case.
    }
  }
  leaving = false;
  window.scrollTo(0, 0);
  await showRoute();
}

/** @param {number} seconds */
function idleText(seconds) {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * A shared computer: say that bookmarks last only for this session, and return
 * to a neutral home (as Leave does) after the policy's idle time without input.
 */
function startSharedSession() {
  const line = /** @type {HTMLElement} */ (document.getElementById('session-line'));
  render(line, html`<strong>Shared computer:</strong> your bookmarks last only until you press Leave or
    close the app, and the screen is cleared after ${idleText(app.policy.idleSeconds)} without use.
    ${app.policy.importExport ? html`To keep them, <a href="#/bookmarks">export them</a> to a file of your own.` : ''}`);
  line.hidden = false;
  let timer = 0;
  const restart = () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      // A trainer presenting or reading aloud may not touch this window for a long time (the clicker's keys
      // reach the audience window): a session is never cleared in the middle of one.
      if (current.route?.name === 'present' || current.route?.name === 'read') restart();
      else void leave();
    }, app.policy.idleSeconds * 1000);
  };
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart']) {
    document.addEventListener(type, restart, { capture: true, passive: true });
  }
  restart();
}

const escapeTwice = doublePress(LEAVE_WINDOW_MS);

document.addEventListener('keydown', (e) => {
  // A view that takes keys (presenting a workshop) has them first.
  if (current.view?.onKey?.(e)) return;
  if (e.key === 'Escape' && !e.altKey && !e.ctrlKey && !e.metaKey) {
    if (escapeTwice(e.timeStamp || performance.now())) {
      e.preventDefault();
      void leave();
    }
    return;
  }
  if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyH' || e.key === 'h' || e.key === 'H')) {
    e.preventDefault();
    openHelp();
    return;
  }
  if (e.key === '/' && !e.altKey && !e.ctrlKey && !e.metaKey && !isTypingTarget(/** @type {any} */ (e.target))) {
    e.preventDefault();
    searchBox.focus();
    searchBox.select();
  }
});

document.addEventListener('click', (e) => {
  const target = /** @type {Element} */ (e.target);
  const action = target.closest('[data-action]')?.getAttribute('data-action');
  if (action === 'help-now') {
    openHelp();
  } else if (action === 'leave') {
    void leave();
  }
  const skip = target.closest('.skip-link');
  if (skip) {
    // The hash is the router's; move focus without changing it.
    e.preventDefault();
    const h1 = current.el ? headingOf(current.el) : null;
    (h1 ?? main).focus();
  }
  const copy = /** @type {HTMLButtonElement | null} */ (target.closest('button[data-copy]'));
  if (copy) void copyFrom(copy);
});

/**
 * Copies a button's data-copy value. If the clipboard is not available, the
 * text is selected instead so Ctrl+C works.
 * @param {HTMLButtonElement} button
 */
async function copyFrom(button) {
  const value = button.getAttribute('data-copy') ?? '';
  const what = button.getAttribute('data-copy-what') ?? 'Text';
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(value);
    // Swap the label for a moment; the saved nodes keep any visually hidden words.
    if (!button.hasAttribute('data-copied')) {
      const saved = [...button.childNodes];
      button.setAttribute('data-copied', '');
      button.replaceChildren('Copied');
      setTimeout(() => {
        button.replaceChildren(...saved);
        button.removeAttribute('data-copied');
      }, 2000);
    }
    app.announce(`${what} copied.`);
  } catch {
    const forId = button.getAttribute('data-copy-for');
    const source = (forId && document.getElementById(forId)) || button.previousElementSibling;
    if (source) {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    app.announce('Copying is not available here. The text is selected: press Ctrl and C to copy it.');
  }
}

// ---------------------------------------------------------------------------
// Start-up

/** @param {string[]} notices */
function showNotices(notices) {
  for (const text of notices) {
    if (typeof text !== 'string' || !text.trim()) continue;
    const banner = document.createElement('div');
    banner.className = 'notice-banner';
    banner.setAttribute('role', 'status');
    // The live region goes in empty and is filled a moment later, so screen readers announce it.
    noticesEl.append(banner);
    setTimeout(() => {
      render(banner, html`<p class="text">${text}</p>
        <button class="button -secondary -small" type="button">Dismiss<span class="visually-hidden"> this message</span></button>`);
      banner.querySelector('button')?.addEventListener('click', () => {
        banner.remove();
        const h1 = current.el ? headingOf(current.el) : null;
        (h1 ?? main).focus();
      });
    }, 100);
  }
}

/** The person's preferences from the core, or the standard ones when they cannot be read. */
async function loadPreferences() {
  try {
    app.applyPreferences(await api.getPreferences());
  } catch {
    app.applyPreferences(DEFAULT_PREFERENCES);
  }
}

async function start() {
  history.replaceState({ depth: 0 }, '');
  // Ask for the home data while the preferences come back: one round trip to first paint, not two.
  app.getHome().catch(() => {});
  await loadPreferences();
  try {
    const policy = await api.getPolicy();
    if (policy && typeof policy === 'object') {
      app.policy = {
        sharedComputer: policy.sharedComputer === true,
        idleSeconds: Number.isFinite(policy.idleSeconds) && policy.idleSeconds > 0 ? policy.idleSeconds : 600,
        importExport: policy.importExport !== false,
      };
    }
  } catch {
    // Without the policy the app behaves as on a personal computer; the shell still enforces it.
  }
  if (app.policy.sharedComputer) startSharedSession();
  api.getNotices().then(
    (notices) => showNotices(Array.isArray(notices) ? notices : []),
    () => {},
  );
  await showRoute();
}

void start();
