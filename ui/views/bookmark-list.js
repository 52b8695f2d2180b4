// `.bookmark-list`: saved pages grouped by collection. Remove, move to another
// collection, create and delete collections, export and import. Bookmarks for
// pages the library no longer has are kept and said so plainly.

import { html, render } from '../html.js';
import {
  groupBookmarks,
  checkCollectionName,
  importSummary,
  exportSummary,
  MAX_COLLECTION_NAME,
  UNSORTED_LABEL,
} from '../logic/bookmarks.js';
import { formatDate } from '../logic/format.js';
import { errorText, articleHref } from './common.js';

/** @typedef {import('../api.js').Bookmarks} Bookmarks */
/** @typedef {import('../logic/bookmarks.js').Bookmark} Bookmark */

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function BookmarkList(el, app) {
  el.className = 'bookmark-list';
  /** @type {Bookmarks} */
  let data = { bookmarks: [], collections: [] };
  let message = /** @type {{ text: string, kind: 'ok' | 'problem' } | null} */ (null);

  const view = {
    title: 'Bookmarks',
    async update() {
      data = await app.api.listBookmarks();
      draw();
    },
  };

  /** Reloads after a change and says what happened. @param {string} text @param {string} [focusSelector] */
  async function reload(text, focusSelector) {
    try {
      data = await app.api.listBookmarks();
      message = { text, kind: 'ok' };
    } catch (err) {
      message = { text: errorText(err, 'show your bookmarks'), kind: 'problem' };
    }
    draw();
    app.announce(message.text);
    const target = /** @type {HTMLElement | null} */ (
      (focusSelector && el.querySelector(focusSelector)) || el.querySelector('.message')
    );
    target?.focus();
  }

  /** @param {unknown} err @param {string} action */
  function problem(err, action) {
    message = { text: errorText(err, action), kind: 'problem' };
    draw();
    app.announce(message.text);
    /** @type {HTMLElement | null} */ (el.querySelector('.message'))?.focus();
  }

  function draw() {
    const bookmarks = Array.isArray(data.bookmarks) ? data.bookmarks : [];
    const collections = Array.isArray(data.collections) ? data.collections : [];
    const groups = groupBookmarks(bookmarks, collections);
    const names = ['', ...collections];
    render(
      el,
      html`
        <div class="page-head">
          <h1 tabindex="-1">Bookmarks</h1>
          ${app.policy.sharedComputer
            ? html`<p class="lede">Pages you have saved in this session. This is a shared computer: they are cleared
                when you press Leave or close the app.${app.policy.importExport ? ' Export them to keep them.' : ''}</p>`
            : html`<p class="lede">Pages you have saved on this computer, for your user account only.
                You can group them into collections${app.policy.importExport ? ', and take them to another PC with Export and Import' : ''}.</p>`}
        </div>
        ${message ? html`<p class="message -${message.kind}" tabindex="-1">${message.text}</p>` : ''}
        ${bookmarks.length === 0 && collections.length === 0
          ? html`<div class="message-panel">
              <p>You have not saved any pages yet. When you are reading a page, choose
                <strong>Bookmark this page</strong> to keep it here.</p>
              <p>Start from the <a href="#/">home page</a> or <a href="#/search">search the library</a>.</p>
            </div>`
          : groups.map((g, i) => group(g, i, names))}
        <section class="tools" aria-labelledby="bookmarks-tools-heading">
          <h2 class="heading" id="bookmarks-tools-heading">Collections and files</h2>
          <form class="create" novalidate>
            <label class="label" for="bookmarks-new-collection">New collection</label>
            <div class="row">
              <input class="input" id="bookmarks-new-collection" type="text" maxlength="${MAX_COLLECTION_NAME}"
                     autocomplete="off" spellcheck="false" aria-describedby="bookmarks-new-collection-hint">
              <button class="button -secondary" type="submit">Create collection</button>
            </div>
            <p class="hint" id="bookmarks-new-collection-hint">A short name, such as “Team meeting”. Please do not
              include patient details: names are stored on this computer.</p>
          </form>
          ${app.policy.importExport
            ? html`<div class="files">
                <button class="button -secondary" type="button" data-do="export">Export bookmarks…</button>
                <button class="button -secondary" type="button" data-do="import">Import bookmarks…</button>
              </div>`
            : html`<p class="files -off">Exporting and importing bookmarks is turned off on this computer by your organisation.</p>`}
        </section>`,
    );
  }

  /**
   * @param {import('../logic/bookmarks.js').BookmarkGroup} g
   * @param {number} i
   * @param {string[]} names
   */
  function group(g, i, names) {
    const headingId = `bookmarks-group-${i}`;
    if (g.name === '' && g.bookmarks.length === 0) return '';
    return html`
      <section class="group" aria-labelledby="${headingId}">
        <div class="group-head">
          <h2 class="heading" id="${headingId}">${g.label}
            <span class="count">(${g.bookmarks.length === 1 ? '1 page' : `${g.bookmarks.length} pages`})</span></h2>
          ${g.name !== ''
            ? html`<span class="group-actions">
                ${g.bookmarks.some((b) => !b.missing)
                  ? html`<button class="button -secondary -small" type="button" data-do="handout-pack"
                      data-name="${g.name}">Make a handout pack<span class="visually-hidden"> of ${g.name}</span></button>`
                  : ''}
                ${app.policy.importExport
                  ? html`<button class="button -secondary -small" type="button" data-do="export-collection"
                      data-name="${g.name}">Export this collection<span class="visually-hidden"> ${g.name}</span></button>`
                  : ''}
                <button class="button -secondary -small" type="button" data-do="delete-collection"
                  data-name="${g.name}">Delete collection<span class="visually-hidden"> ${g.name}</span></button>
              </span>`
            : ''}
        </div>
        ${g.bookmarks.length === 0
          ? html`<p class="empty">No pages in this collection yet. Move a page here with its “Move to” list.</p>`
          : html`<ul class="entries">${g.bookmarks.map((b, j) => entry(b, `${i}-${j}`, names))}</ul>`}
      </section>`;
  }

  /**
   * @param {Bookmark} b
   * @param {string} key
   * @param {string[]} names
   */
  function entry(b, key, names) {
    const moveId = `bookmarks-move-${key}`;
    const name = b.title || b.slug;
    return html`
      <li class="entry ${b.missing ? '-missing' : ''}">
        <div class="what">
          ${b.missing
            ? html`<p class="missing">This page is no longer in the library
                <span class="slug">(${b.slug})</span></p>
                <p class="note">It may have been renamed or removed in this version. The bookmark is kept in case it comes back.</p>`
            : html`<a class="link" href="${articleHref(b.slug)}">${name}</a>`}
          <p class="saved">Saved ${formatDate(b.createdAt)}</p>
        </div>
        <div class="actions">
          ${names.length > 1
            ? html`<span class="move">
                <label class="label" for="${moveId}">Move to<span class="visually-hidden"> (${name})</span></label>
                <select class="select" id="${moveId}">
                  ${names.map(
                    (n) => html`<option value="${n}" ${n === b.collection ? 'selected' : ''}>${n === '' ? UNSORTED_LABEL : n}</option>`,
                  )}
                </select>
                <button class="button -secondary -small" type="button" data-do="move" data-slug="${b.slug}"
                        data-select="${moveId}">Move<span class="visually-hidden"> ${name}</span></button>
              </span>`
            : ''}
          <button class="button -secondary -small" type="button" data-do="remove" data-slug="${b.slug}"
                  data-name="${name}">Remove<span class="visually-hidden"> ${name}</span></button>
        </div>
      </li>`;
  }

  el.addEventListener('click', async (e) => {
    const button = /** @type {HTMLButtonElement | null} */ (/** @type {Element} */ (e.target).closest('button[data-do]'));
    if (!button) return;
    const action = button.getAttribute('data-do');
    const slug = button.getAttribute('data-slug') ?? '';
    const name = button.getAttribute('data-name') ?? '';
    button.disabled = true;
    try {
      if (action === 'remove') {
        await app.api.removeBookmark(slug);
        await reload(`Removed “${name}” from your bookmarks.`);
      } else if (action === 'move') {
        const select = /** @type {HTMLSelectElement} */ (document.getElementById(button.getAttribute('data-select') ?? ''));
        const to = select.value;
        await app.api.moveBookmark(slug, to);
        await reload(to ? `Moved to “${to}”.` : `Moved to ${UNSORTED_LABEL}.`);
      } else if (action === 'delete-collection') {
        await app.api.deleteCollection(name);
        await reload(`Deleted the collection “${name}”. Its pages are still saved, under ${UNSORTED_LABEL}.`);
      } else if (action === 'export') {
        const res = await app.api.exportBookmarks();
        message = { text: exportSummary(res), kind: 'ok' };
        draw();
        app.announce(message.text);
        /** @type {HTMLElement | null} */ (el.querySelector('.message'))?.focus();
      } else if (action === 'handout-pack') {
        // The collection's pages in the order shown, as one pack with a contents page.
        const slugs = (Array.isArray(data.bookmarks) ? data.bookmarks : [])
          .filter((b) => b.collection === name && !b.missing)
          .map((b) => b.slug);
        const res = await app.api.saveHandout(slugs, name);
        message = { text: res ? `Saved the handout pack “${name}” (${res.count === 1 ? '1 page' : `${res.count} pages`}) to ${res.path}. It opens in any web browser and prints on A4.` : 'Nothing was saved.', kind: 'ok' };
        draw();
        app.announce(message.text);
        /** @type {HTMLElement | null} */ (el.querySelector('.message'))?.focus();
      } else if (action === 'export-collection') {
        const res = await app.api.exportCollection(name);
        message = { text: res ? `Saved the collection “${name}” (${res.count === 1 ? '1 page' : `${res.count} pages`}) to ${res.path}. Import it on another PC to get the same collection.` : 'Nothing was saved.', kind: 'ok' };
        draw();
        app.announce(message.text);
        /** @type {HTMLElement | null} */ (el.querySelector('.message'))?.focus();
      } else if (action === 'import') {
        const res = await app.api.importBookmarks();
        await reload(importSummary(res));
      }
    } catch (err) {
      const what = {
        remove: 'remove the bookmark',
        move: 'move the bookmark',
        'delete-collection': 'delete the collection',
        export: 'export your bookmarks',
        'handout-pack': 'make the handout pack',
        'export-collection': 'export the collection',
        import: 'import the bookmarks',
      }[action ?? ''] ?? 'do that';
      problem(err, what);
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  });

  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ (el.querySelector('#bookmarks-new-collection'));
    const checked = checkCollectionName(input.value, data.collections ?? []);
    if (!checked.ok) {
      message = { text: checked.message, kind: 'problem' };
      const value = input.value;
      draw();
      const again = /** @type {HTMLInputElement} */ (el.querySelector('#bookmarks-new-collection'));
      again.value = value;
      again.setAttribute('aria-invalid', 'true');
      app.announce(checked.message);
      again.focus();
      return;
    }
    try {
      await app.api.createCollection(checked.name);
      await reload(`Created the collection “${checked.name}”.`);
    } catch (err) {
      problem(err, 'create the collection');
    }
  });

  return view;
}
