// Small pieces of markup that several views share: error and empty panels,
// kind labels, item lists and the contact entry used by Help now and articles.

import { html } from '../html.js';
import { friendlyError } from '../logic/errors.js';
import { kindLabel, formatMinutesShort } from '../logic/format.js';
import { formatRoute } from '../logic/route.js';

/** @typedef {import('../api.js').ItemSummary} ItemSummary */

/**
 * The page shown when a view cannot load: a heading, what happened, what to do next.
 * @param {unknown} err
 * @param {string} action what we were trying to do, e.g. "open this page"
 */
export function errorPage(err, action) {
  const e = friendlyError(err, action);
  return html`
    <div class="page-head">
      <h1 tabindex="-1">${e.title}</h1>
    </div>
    <div class="message-panel" data-error-kind="${e.kind}">
      <p>${e.body}</p>
      <ul class="actions">
        <li><a href="#/">Go to the home page</a></li>
        <li><a href="#/search">Search the library</a></li>
        <li><a href="#/help">Help now</a></li>
      </ul>
    </div>`;
}

/**
 * A short message for a failed action inside a page (not a whole page).
 * @param {unknown} err
 * @param {string} action
 */
export function errorText(err, action) {
  const e = friendlyError(err, action);
  return e.kind === 'notFound' ? `${e.title}. ${e.body}` : e.body;
}

/** @param {string} kind */
export function kindTag(kind) {
  return html`<span class="kind-label ${kind === 'story' ? '-story' : ''}">${kindLabel(kind)}</span>`;
}

/** @param {string} slug @param {string} [q] */
export function articleHref(slug, q = '') {
  return formatRoute({ name: 'article', slug, anchor: '', q });
}

/** @param {string} id */
export function sectionHref(id) {
  return formatRoute({ name: 'section', id });
}

/**
 * One item in a list of pages: title link, kind, summary, reading time.
 * @param {ItemSummary} item
 * @param {{ headingLevel?: 2 | 3, showSection?: boolean }} [opts]
 */
export function itemEntry(item, { headingLevel = 2, showSection = false } = {}) {
  const link = html`<a href="${articleHref(item.slug)}">${item.title}</a>`;
  const heading = headingLevel === 3 ? html`<h3 class="title">${link}</h3>` : html`<h2 class="title">${link}</h2>`;
  return html`
    <li class="item-entry">
      ${heading}
      <p class="meta">
        ${kindTag(item.kind)}
        ${showSection && item.sectionTitle ? html`<span class="sep" aria-hidden="true">·</span> <span>${item.sectionTitle}</span>` : ''}
        <span class="sep" aria-hidden="true">·</span> <span>${formatMinutesShort(item.readingMinutes)} read</span>
        ${item.contentWarning ? html`<span class="sep" aria-hidden="true">·</span> <span class="cw">Content warning</span>` : ''}
      </p>
      ${item.summary ? html`<p class="summary">${item.summary}</p>` : ''}
    </li>`;
}

/**
 * Sets the page heading up to receive focus after a route change.
 * @param {ParentNode} el
 */
export function headingOf(el) {
  const h1 = el.querySelector('h1');
  if (h1 && !h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
  return h1;
}
