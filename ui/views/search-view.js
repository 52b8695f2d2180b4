// `.search-view`: results for the header search box, updated as the person
// types. When the query matches the crisis list, the urgent care cards of Help
// now come first, above everything, announced once. Results are pages and
// services (a service opens Help now at its card). Filters by section, audience
// and kind; a polite live result count; a corrected query ("Showing results
// for coroner") or "Did you mean"; the any-word fallback; ArrowUp/ArrowDown
// through results. Snippets are built with textContent and <mark> elements,
// never as HTML.

import { html, render } from '../html.js';
import { snippetParts } from '../logic/highlight.js';
import { AUDIENCE_LABELS, KIND_LABELS, resultCountText } from '../logic/format.js';
import { formatRoute } from '../logic/route.js';
import { moveIndex } from '../logic/timing.js';
import { errorText, kindTag } from './common.js';
import { dialable, groupContacts } from '../logic/contacts.js';
import { urgentCards } from './urgent-cards.js';

/** @typedef {import('../logic/route.js').Route} Route */
/** @typedef {import('../api.js').SearchHit} SearchHit */
/** @typedef {import('../api.js').ItemHit} ItemHit */
/** @typedef {import('../api.js').ServiceHit} ServiceHit */

const PAGE_SIZE = 20;
const EXAMPLES = ['sleep', 'writing a statement', 'guilt', 'inquest', 'going back to work'];
export const FALLBACK_TEXT = 'No page has all of those words; showing pages with any of them.';
/** Said once when the urgent cards appear (screen readers), not on every keystroke. */
export const CRISIS_ANNOUNCEMENT =
  'Help is available now. If a life is at risk, call 999 or go to A and E. Samaritans are free on 116 123, day or night. The contacts are at the top of the results.';

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function SearchView(el, app) {
  el.className = 'search-view';
  render(
    el,
    html`
      <div class="page-head">
        <h1 tabindex="-1">Search</h1>
      </div>
      <div class="crisis" role="region" aria-label="Help now" hidden></div>
      <p class="crisis-live visually-hidden" aria-live="polite"></p>
      <form class="filters" aria-label="Filter results">
        <div class="field">
          <label class="label" for="search-filter-section">Section</label>
          <select class="select" id="search-filter-section" name="section">
            <option value="">All sections</option>
          </select>
        </div>
        <div class="field">
          <label class="label" for="search-filter-audience">Written for</label>
          <select class="select" id="search-filter-audience" name="audience">
            <option value="">Everyone</option>
            ${Object.entries(AUDIENCE_LABELS).map(([v, label]) => html`<option value="${v}">${label}</option>`)}
          </select>
        </div>
        <div class="field">
          <label class="label" for="search-filter-kind">Type of page</label>
          <select class="select" id="search-filter-kind" name="kind">
            <option value="">All types</option>
            ${Object.entries(KIND_LABELS).map(([v, label]) => html`<option value="${v}">${label}</option>`)}
          </select>
        </div>
      </form>
      <p class="live visually-hidden" role="status" aria-live="polite" aria-atomic="true"></p>
      <p class="count" aria-hidden="true"></p>
      <div class="notes"></div>
      <ol class="results" aria-label="Search results"></ol>
      <div class="more"></div>
      <div class="empty"></div>`,
  );

  const form = /** @type {HTMLFormElement} */ (el.querySelector('.filters'));
  const live = /** @type {HTMLElement} */ (el.querySelector('.live'));
  const count = /** @type {HTMLElement} */ (el.querySelector('.count'));
  const notes = /** @type {HTMLElement} */ (el.querySelector('.notes'));
  const results = /** @type {HTMLOListElement} */ (el.querySelector('.results'));
  const more = /** @type {HTMLElement} */ (el.querySelector('.more'));
  const empty = /** @type {HTMLElement} */ (el.querySelector('.empty'));
  const crisis = /** @type {HTMLElement} */ (el.querySelector('.crisis'));
  const crisisLive = /** @type {HTMLElement} */ (el.querySelector('.crisis-live'));

  // The support directory, fetched once when the view opens, so that the urgent
  // cards appear with the first results that need them, while the person types.
  /** @type {Promise<ReturnType<typeof groupContacts>>} */
  const contacts = app.api.listContacts().then(
    (data) => groupContacts(data.contacts),
    // Without the directory the cards still say "call 999 or go to A&E".
    () => groupContacts([]),
  );
  contacts.catch(() => {});

  /**
   * Shows or hides the urgent cards. They are drawn once when they appear and
   * left alone while the query still matches, so that focus inside them and the
   * screen reader's place are kept as the person goes on typing.
   * @param {boolean} show
   */
  async function showCrisis(show) {
    if (!show) {
      crisis.hidden = true;
      crisis.replaceChildren();
      crisisLive.textContent = '';
      return;
    }
    if (!crisis.hidden) return;
    render(crisis, urgentCards(await contacts, 'crisis'));
    crisis.hidden = false;
    crisisLive.textContent = CRISIS_ANNOUNCEMENT;
  }

  /** @type {(Route & { name: 'search' }) | null} */
  let route = null;
  let seq = 0;
  let shown = 0;
  let sectionsLoaded = false;

  /** Fills the section filter once from the home data. */
  async function loadSections() {
    if (sectionsLoaded) return;
    sectionsLoaded = true;
    try {
      const home = await app.getHome();
      const select = /** @type {HTMLSelectElement} */ (form.elements.namedItem('section'));
      for (const s of home.sections) {
        const option = document.createElement('option');
        option.value = s.id;
        option.textContent = s.title;
        select.append(option);
      }
    } catch {
      sectionsLoaded = false;
    }
  }

  /** @param {Route & { name: 'search' }} r */
  function syncFilters(r) {
    for (const name of /** @type {const} */ (['section', 'audience', 'kind'])) {
      const select = /** @type {HTMLSelectElement} */ (form.elements.namedItem(name));
      select.value = r[name];
      // An unknown value (an old link) falls back to "all".
      if (select.value !== r[name]) select.value = '';
    }
  }

  form.addEventListener('change', (e) => {
    const select = /** @type {HTMLSelectElement} */ (e.target);
    if (!route || !select.name) return;
    app.navigate({ ...route, [select.name]: select.value }, { replace: true });
  });
  form.addEventListener('submit', (e) => e.preventDefault());

  /** @param {SearchHit} hit @param {string} q */
  function resultItem(hit, q) {
    return hit.type === 'service' ? serviceItem(hit) : itemResult(hit, q);
  }

  /** @param {ItemHit} hit @param {string} q */
  function itemResult(hit, q) {
    const li = document.createElement('li');
    li.className = hit.pinned ? 'result -pinned' : 'result';
    render(
      li,
      html`<h2 class="title"><a class="link" href="${formatRoute({ name: 'article', slug: hit.slug, anchor: '', q })}">${hit.title}</a></h2>
        <p class="meta">${hit.pinned ? html`<span class="kind-label -help">Getting help</span> <span class="sep" aria-hidden="true">·</span> ` : ''}${kindTag(hit.kind)} <span class="sep" aria-hidden="true">·</span> <span>${hit.sectionTitle}</span></p>
        <p class="snippet"></p>`,
    );
    const snippet = /** @type {HTMLElement} */ (li.querySelector('.snippet'));
    for (const part of snippetParts(hit.snippet)) {
      if (part.mark) {
        const m = document.createElement('mark');
        m.textContent = part.text;
        snippet.append(m);
      } else {
        snippet.append(document.createTextNode(part.text));
      }
    }
    if (!snippet.firstChild) snippet.remove();
    return li;
  }

  /** A service of Help now: its name opens Help now at its card. @param {ServiceHit} hit */
  function serviceItem(hit) {
    const c = hit.contact;
    const li = document.createElement('li');
    li.className = 'result -service';
    const id = `result-${c.id}`;
    render(
      li,
      html`<h2 class="title"><a class="link" href="${formatRoute({ name: 'help', id: c.id })}">${c.name}</a></h2>
        <p class="meta"><span class="kind-label -service">Support service</span> <span class="sep" aria-hidden="true">·</span> <span>${c.group === 'organisation' ? 'Your organisation' : 'Help now'}</span></p>
        <p class="who">${c.who}</p>
        ${c.phone ? html`<p class="how">Phone <span class="number" id="${id}-phone">${c.phone}</span>
          <button class="copy-button button -secondary -small" type="button" data-copy="${dialable(c.phone)}"
            data-copy-what="Phone number" data-copy-for="${id}-phone">Copy<span class="visually-hidden"> the number for ${c.name}</span></button></p>`
        : c.text ? html`<p class="how">${c.text}</p>` : ''}`,
    );
    return li;
  }

  function resultLinks() {
    return /** @type {HTMLAnchorElement[]} */ ([...results.querySelectorAll('.result > .title > .link')]);
  }

  /** @param {number} index */
  function focusResult(index) {
    const links = resultLinks();
    if (index < 0) {
      app.searchBox.focus();
      return;
    }
    links[index]?.focus();
  }

  results.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = resultLinks();
    const at = links.indexOf(/** @type {HTMLAnchorElement} */ (document.activeElement));
    if (at < 0) return;
    e.preventDefault();
    focusResult(moveIndex(at, links.length, e.key === 'ArrowDown' ? 'down' : 'up'));
  });

  /** @param {string} suggestion @param {boolean} exact search these words exactly as typed */
  function useSuggestion(suggestion, exact) {
    if (!route) return;
    app.searchBox.value = suggestion;
    app.navigate({ ...route, q: suggestion, exact: exact ? '1' : '' }, { replace: true });
    app.announce(`Searching for “${suggestion}” instead.`);
  }

  notes.addEventListener('click', (e) => {
    const button = /** @type {Element} */ (e.target).closest('[data-suggestion]');
    if (button) useSuggestion(button.getAttribute('data-suggestion') ?? '', button.hasAttribute('data-exact'));
  });

  empty.addEventListener('click', (e) => {
    const button = /** @type {Element} */ (e.target).closest('[data-example]');
    if (!button || !route) return;
    const q = button.getAttribute('data-example') ?? '';
    app.searchBox.value = q;
    app.navigate({ ...route, q, exact: '' }, { replace: true });
  });

  more.addEventListener('click', async (e) => {
    if (!/** @type {Element} */ (e.target).closest('button') || !route) return;
    const r = route;
    const mine = ++seq;
    try {
      const res = await search(r, shown);
      if (mine !== seq) return;
      const first = shown;
      for (const hit of res.hits) results.append(resultItem(hit, res.corrected ?? r.q));
      shown += res.hits.length;
      renderMore(res.total);
      focusResult(first);
      app.announce(`Showing ${shown} of ${res.total} pages.`);
    } catch (err) {
      render(more, html`<p class="error">${errorText(err, 'load more results')}</p>`);
    }
  });

  /** @param {number} total */
  function renderMore(total) {
    if (shown < total) {
      render(more, html`<button class="button -secondary" type="button">Show more results
        <span class="visually-hidden">(${shown} of ${total} shown)</span></button>`);
    } else {
      more.replaceChildren();
    }
  }

  /** @param {Route & { name: 'search' }} r @param {number} offset */
  function search(r, offset) {
    return app.api.searchItems({
      query: r.q,
      section: r.section || null,
      audience: r.audience || null,
      kind: r.kind || null,
      exact: r.exact === '1',
      limit: PAGE_SIZE,
      offset,
    });
  }

  function clearResults() {
    results.replaceChildren();
    notes.replaceChildren();
    more.replaceChildren();
    empty.replaceChildren();
    count.textContent = '';
    shown = 0;
  }

  const view = {
    title: 'Search',
    /** @param {Route} next */
    async update(next) {
      if (next.name !== 'search') return;
      route = next;
      const mine = ++seq;
      await loadSections();
      if (mine !== seq) return;
      syncFilters(next);
      const q = next.q.trim();
      view.title = q ? `Search: ${q}` : 'Search';
      if (!q) {
        clearResults();
        void showCrisis(false);
        live.textContent = '';
        render(
          empty,
          html`<div class="message-panel">
            <p>Type a word or two in the search box at the top of the page. Results appear as you type.</p>
            <p>You could try: ${EXAMPLES.map(
              (x, i) => html`${i ? ', ' : ''}<button class="link-button" type="button" data-example="${x}">${x}</button>`,
            )}.</p>
          </div>`,
        );
        el.dataset.shownQuery = '';
        return;
      }
      let res;
      try {
        res = await search(next, 0);
      } catch (err) {
        if (mine !== seq) return;
        clearResults();
        live.textContent = 'The search did not work.';
        render(empty, html`<div class="message-panel"><p>${errorText(err, 'search the library')}</p></div>`);
        el.dataset.shownQuery = q;
        return;
      }
      if (mine !== seq) return;
      // Help first: the urgent cards are drawn before the results.
      await showCrisis(res.crisis === true);
      if (mine !== seq) return;
      clearResults();
      const hits = Array.isArray(res.hits) ? res.hits : [];
      const total = Math.max(Number(res.total) || 0, hits.length);
      const countText = resultCountText(total, res.corrected ?? q);
      count.textContent = countText;
      live.textContent =
        (res.corrected ? `Showing results for ${res.corrected}. ` : '') +
        (res.fallback && total > 0 ? `${countText}. ${FALLBACK_TEXT}` : `${countText}.`);
      render(
        notes,
        html`
          ${res.corrected ? html`<p class="corrected">Showing results for <strong>${res.corrected}</strong>.
            Search instead for <button class="link-button" type="button" data-suggestion="${q}" data-exact>${q}</button></p>` : ''}
          ${res.suggestion ? html`<p class="suggestion">Did you mean
            <button class="link-button" type="button" data-suggestion="${res.suggestion}">${res.suggestion}</button>?</p>` : ''}
          ${res.fallback && total > 0 ? html`<p class="fallback">${FALLBACK_TEXT}</p>` : ''}`,
      );
      // Pages open with the words that were searched (the corrected ones, if so) highlighted.
      for (const hit of hits) results.append(resultItem(hit, res.corrected ?? q));
      shown = hits.length;
      renderMore(total);
      if (total === 0) {
        const filtered = next.section || next.audience || next.kind;
        render(
          empty,
          html`<div class="message-panel">
            <p>No pages match “${q}”${filtered ? ' with these filters' : ''}.</p>
            <p>${filtered ? 'Try removing a filter, or ' : 'Try '}fewer words or a different spelling.
              If you are looking for someone to talk to, <a href="#/help">Help now</a> lists who to call.</p>
          </div>`,
        );
      }
      // Which query the screen now answers: lets the app benchmark time typing to results painted.
      el.dataset.shownQuery = q;
    },
    /** ArrowDown in the header search box moves into the results. @param {KeyboardEvent} e */
    onSearchBoxKey(e) {
      if (e.key === 'ArrowDown' && resultLinks().length > 0) {
        e.preventDefault();
        focusResult(0);
      }
    },
  };
  return view;
}
