// `.search-view`: results for the header search box, updated as the person
// types. Filters by section, audience and kind; a polite live result count;
// "Did you mean"; the any-word fallback; ArrowUp/ArrowDown through results.
// Snippets are built with textContent and <mark> elements, never as HTML.

import { html, render } from '../html.js';
import { snippetParts } from '../logic/highlight.js';
import { AUDIENCE_LABELS, KIND_LABELS, resultCountText } from '../logic/format.js';
import { formatRoute } from '../logic/route.js';
import { moveIndex } from '../logic/timing.js';
import { errorText, kindTag } from './common.js';

/** @typedef {import('../logic/route.js').Route} Route */
/** @typedef {import('../api.js').SearchHit} SearchHit */

const PAGE_SIZE = 20;
const EXAMPLES = ['sleep', 'writing a statement', 'guilt', 'inquest', 'going back to work'];
export const FALLBACK_TEXT = 'No page has all of those words; showing pages with any of them.';

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
    const li = document.createElement('li');
    li.className = 'result';
    render(
      li,
      html`<h2 class="title"><a class="link" href="${formatRoute({ name: 'article', slug: hit.slug, anchor: '', q })}">${hit.title}</a></h2>
        <p class="meta">${kindTag(hit.kind)} <span class="sep" aria-hidden="true">·</span> <span>${hit.sectionTitle}</span></p>
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

  /** @param {string} suggestion */
  function useSuggestion(suggestion) {
    if (!route) return;
    app.searchBox.value = suggestion;
    app.navigate({ ...route, q: suggestion }, { replace: true });
    app.announce(`Searching for “${suggestion}” instead.`);
  }

  notes.addEventListener('click', (e) => {
    const button = /** @type {Element} */ (e.target).closest('[data-suggestion]');
    if (button) useSuggestion(button.getAttribute('data-suggestion') ?? '');
  });

  empty.addEventListener('click', (e) => {
    const button = /** @type {Element} */ (e.target).closest('[data-example]');
    if (!button || !route) return;
    const q = button.getAttribute('data-example') ?? '';
    app.searchBox.value = q;
    app.navigate({ ...route, q }, { replace: true });
  });

  more.addEventListener('click', async (e) => {
    if (!/** @type {Element} */ (e.target).closest('button') || !route) return;
    const r = route;
    const mine = ++seq;
    try {
      const res = await search(r, shown);
      if (mine !== seq) return;
      const first = shown;
      for (const hit of res.hits) results.append(resultItem(hit, r.q));
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
        return;
      }
      if (mine !== seq) return;
      clearResults();
      const hits = Array.isArray(res.hits) ? res.hits : [];
      const total = Math.max(Number(res.total) || 0, hits.length);
      const countText = resultCountText(total, q);
      count.textContent = countText;
      live.textContent = res.fallback && total > 0 ? `${countText}. ${FALLBACK_TEXT}` : `${countText}.`;
      render(
        notes,
        html`
          ${res.suggestion ? html`<p class="suggestion">Did you mean
            <button class="link-button" type="button" data-suggestion="${res.suggestion}">${res.suggestion}</button>?</p>` : ''}
          ${res.fallback && total > 0 ? html`<p class="fallback">${FALLBACK_TEXT}</p>` : ''}`,
      );
      for (const hit of hits) results.append(resultItem(hit, q));
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
