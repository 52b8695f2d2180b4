// `.article-view`: one item of the library. Breadcrumb, title, reading time and
// review date, the bookmark toggle, a content warning before stories that need
// one, the contents list, the article itself (core-rendered, the only trusted
// HTML), sources, related pages and previous/next within the section.
// The words a search matched (decided by the core, sent as Item.matchedTerms)
// are highlighted in the text with a TreeWalker.

import { html, render, trusted } from '../html.js';
import { formatDate, formatReadingTime } from '../logic/format.js';
import { formatRoute } from '../logic/route.js';
import { findTerms } from '../logic/highlight.js';
import { errorText, kindTag, articleHref, sectionHref } from './common.js';
import { timings } from '../logic/present.js';
import { groupContacts } from '../logic/contacts.js';
import { urgentCards } from './urgent-cards.js';

/** @typedef {import('../api.js').Item} Item */
/** @typedef {import('../api.js').ItemSummary} ItemSummary */
/** @typedef {import('../logic/route.js').Route} Route */

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function ArticleView(el, app) {
  el.className = 'article-view';
  /** @type {Item | null} */
  let item = null;
  /** @type {{ saved: boolean, collection: string, collections: string[] } | null} */
  let mark = null;
  let revealed = false;
  let shownQuery = '';
  let pendingAnchor = '';
  /** The words of this page that the search in `route.q` matched, from the core. @type {string[]} */
  let terms = [];
  /** A workshop's slides, for its timings table and the Present button. @type {import('../api.js').Presentation | null} */
  let presentation = null;
  /** The urgent routes, for a page that ends with them. @type {ReturnType<typeof groupContacts> | null} */
  let urgent = null;

  const view = {
    title: '',
    /** @param {Route} route */
    async update(route) {
      if (route.name !== 'article') return;
      if (!item || item.slug !== route.slug) {
        const [loaded, bookmarks] = await Promise.all([
          app.api.getItem(route.slug, route.q),
          app.api.listBookmarks().catch(() => null),
        ]);
        item = loaded;
        presentation = loaded.kind === 'workshop' ? await app.api.getPresentation(loaded.slug).catch(() => null) : null;
        urgent = loaded.urgentHelp
          ? await app.api.listContacts().then((c) => groupContacts(c.contacts)).catch(() => null)
          : null;
        terms = route.q && Array.isArray(loaded.matchedTerms) ? loaded.matchedTerms : [];
        view.title = item.title;
        if (bookmarks) {
          const own = bookmarks.bookmarks.find((b) => b.slug === item?.slug);
          mark = {
            saved: Boolean(own),
            collection: own ? own.collection : '',
            collections: Array.isArray(bookmarks.collections) ? bookmarks.collections : [],
          };
        }
        revealed = !(item.kind === 'story' && item.contentWarning);
        renderAll(route);
      } else if (route.q !== shownQuery) {
        try {
          const again = route.q ? await app.api.getItem(route.slug, route.q) : null;
          terms = again && Array.isArray(again.matchedTerms) ? again.matchedTerms : [];
        } catch {
          terms = [];
        }
        highlight(route.q);
      }
      if (route.anchor && !revealed) pendingAnchor = route.anchor;
    },
    /** @param {string} anchor */
    scrollToAnchor(anchor) {
      if (!revealed) {
        pendingAnchor = anchor;
        return false;
      }
      const target = findAnchor(anchor);
      if (!target) return false;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'start' });
      return true;
    },
  };

  /** @param {string} anchor */
  function findAnchor(anchor) {
    const body = el.querySelector('.article-body');
    if (!body) return null;
    for (const node of body.querySelectorAll('[id]')) if (node.id === anchor) return /** @type {HTMLElement} */ (node);
    return null;
  }

  /** @param {Route & { name: 'article' }} route */
  function renderAll(route) {
    const it = /** @type {Item} */ (item);
    const gated = !revealed;
    render(
      el,
      html`
        <nav class="breadcrumbs" aria-label="Breadcrumb">
          <ol class="list">
            <li><a href="#/">Home</a></li>
            <li><a href="${sectionHref(it.section)}">${it.sectionTitle}</a></li>
          </ol>
        </nav>
        <div class="page-head">
          ${kindTag(it.kind)}
          <h1 tabindex="-1">${it.title}</h1>
          <p class="meta">
            <span>${formatReadingTime(it.readingMinutes)}</span>
            <span class="sep" aria-hidden="true">·</span>
            <span>Last reviewed ${formatDate(it.reviewed)}</span>
          </p>
        </div>
        ${bookmarkTools(it)}
        <div class="query-note" hidden></div>
        ${gated ? warningGate(it) : ''}
        <div class="article-content" ${gated ? 'hidden' : ''}>
          ${!gated && it.contentWarning ? html`<div class="warning-callout" role="note">
              <p class="label">Content warning</p><p class="text">${it.contentWarning}</p></div>` : ''}
          ${contents(it, route.q)}
          ${presentation ? session(presentation) : ''}
          <div class="article-body" tabindex="-1">${trusted(it.html)}</div>
          ${it.urgentHelp
            ? html`<aside class="article-urgent" aria-labelledby="article-urgent-heading">
                <h2 id="article-urgent-heading" class="heading">If you need help now</h2>
                ${urgent ? urgentCards(urgent, 'article') : html`<p>Open <a href="#/help">Help now</a> for the urgent numbers.</p>`}
              </aside>`
            : ''}
          ${it.kind === 'story' ? html`<aside class="story-support" aria-label="Support">
              <p>If reading this has brought things back for you, that is common and it is all right to stop.
                You can talk to someone today: <a href="#/help">Help now</a> lists who to call, day or night.</p></aside>` : ''}
          ${sources(it)}
          <p class="reviewed">This page was last reviewed on ${formatDate(it.reviewed)} against the sources above.</p>
          ${related(it)}
          ${pager(it)}
        </div>`,
    );
    decorate();
    wire();
    if (revealed) highlight(route.q);
    else shownQuery = route.q;
  }

  /**
   * A workshop's timings, drawn from its segments, and the way to present it.
   * @param {import('../api.js').Presentation} p
   */
  function session(p) {
    return html`<section class="session-panel" aria-labelledby="session-heading">
      <h2 id="session-heading">Running this session</h2>
      <p><a class="button" href="${formatRoute({ name: 'present', slug: p.workshop.slug })}" data-present>Present this session</a>
        <span class="hint">Slides for the room, your notes and a timer for you. Keys: Right or Space next, Left back, B black screen, A the audience's view, Esc to end.</span></p>
      <table class="timings">
        <caption>Timings (${p.minutes} minutes)</caption>
        <thead><tr><th scope="col">Start</th><th scope="col">Minutes</th><th scope="col">Segment</th></tr></thead>
        <tbody>${timings(p.slides).map((row) => html`<tr><td>${row.start}</td><td>${row.minutes}</td><td>${row.title}</td></tr>`)}</tbody>
      </table>
    </section>`;
  }

  /** Handout and print: to take the page away, on paper or on a USB stick. */
  function pageTools() {
    const story = item?.kind === 'story';
    return html`<div class="page-tools">
      ${story ? html`<a class="button -secondary -small" href="${formatRoute({ name: 'read', slug: item?.slug ?? '' })}" data-tool="read">Read aloud in a session</a>` : ''}
      <button class="button -secondary -small" type="button" data-tool="handout">${item?.kind === 'workshop' ? 'Make the participants\' handout…' : 'Make a handout…'}</button>
      <button class="button -secondary -small" type="button" data-tool="print">Print</button>
      <p class="tool-status" aria-live="polite"></p>
    </div>`;
  }

  /** @param {Item} it */
  function bookmarkTools(it) {
    if (!mark) {
      return html`<p class="bookmark-tools -unavailable">Bookmarks are not available just now.</p>${pageTools()}`;
    }
    const hasCollections = mark.collections.length > 0;
    return html`
      <div class="bookmark-tools" ${mark.saved ? 'data-saved' : ''}>
        <button class="toggle button -secondary" type="button" aria-pressed="${mark.saved ? 'true' : 'false'}">
          <span class="icon" aria-hidden="true"></span>Bookmark this page
        </button>
        ${hasCollections
          ? html`<label class="collection">
              <span class="label">Collection</span>
              <select class="select">
                <option value="" ${mark.collection === '' ? 'selected' : ''}>No collection</option>
                ${mark.collections.map(
                  (c) => html`<option value="${c}" ${mark?.collection === c ? 'selected' : ''}>${c}</option>`,
                )}
              </select>
            </label>`
          : ''}
        <span class="state" aria-hidden="true">Saved in your bookmarks</span>
        <p class="status" aria-live="polite"></p>
      </div>
      ${pageTools()}`;
  }

  /** @param {Item} it */
  function warningGate(it) {
    return html`
      <div class="warning-gate" role="region" aria-labelledby="article-warning-heading">
        <h2 class="heading" id="article-warning-heading">Content warning</h2>
        <p class="text">${it.contentWarning}</p>
        <p class="text">This is an illustrative account written for this guide. You can stop reading at any time,
          and <a href="#/help">Help now</a> is at the top of every page.</p>
        <div class="actions">
          <button class="continue button" type="button">Continue to the story</button>
          <a class="go-back" href="${sectionHref(it.section)}">Go back</a>
        </div>
      </div>`;
  }

  /** @param {Item} it @param {string} q */
  function contents(it, q) {
    const toc = Array.isArray(it.toc) ? it.toc.filter((t) => t.level === 2 || t.level === 3) : [];
    if (toc.length < 2) return '';
    return html`
      <nav class="contents" aria-labelledby="article-contents-heading">
        <h2 class="heading" id="article-contents-heading">Contents</h2>
        <ol class="list">
          ${toc.map(
            (t) => html`<li class="entry -level${t.level}">
              <a href="${formatRoute({ name: 'article', slug: it.slug, anchor: t.id, q })}">${t.text}</a></li>`,
          )}
        </ol>
      </nav>`;
  }

  /** @param {Item} it */
  function sources(it) {
    const list = Array.isArray(it.sources) ? it.sources : [];
    if (list.length === 0) return '';
    return html`
      <section class="sources" aria-labelledby="article-sources-heading">
        <h2 class="heading" id="article-sources-heading">Sources</h2>
        <ol class="list">
          ${list.map(
            (s, i) => html`<li class="source">
              <span class="cite">${s.cite}</span>
              ${s.doi ? html`<span class="ref">DOI: <span class="value" id="${`article-doi-${i}`}">${s.doi}</span><button
                class="copy-button button -secondary -small" type="button" data-copy="${`https://doi.org/${s.doi}`}"
                data-copy-what="DOI link" data-copy-for="${`article-doi-${i}`}">Copy<span class="visually-hidden"> DOI link</span></button></span>` : ''}
              ${s.url ? html`<span class="ref">Address: <span class="value" id="${`article-url-${i}`}">${s.url}</span><button
                class="copy-button button -secondary -small" type="button" data-copy="${s.url}"
                data-copy-what="Address" data-copy-for="${`article-url-${i}`}">Copy address</button></span>` : ''}
            </li>`,
          )}
        </ol>
      </section>`;
  }

  /** @param {Item} it */
  function related(it) {
    const list = Array.isArray(it.related) ? it.related : [];
    if (list.length === 0) return '';
    return html`
      <section class="related" aria-labelledby="article-related-heading">
        <h2 class="heading" id="article-related-heading">Related pages</h2>
        <ul class="list">
          ${list.map(
            (r) => html`<li class="entry"><a href="${articleHref(r.slug)}">${r.title}</a>
              <span class="kind">${kindTag(r.kind)}</span></li>`,
          )}
        </ul>
      </section>`;
  }

  /** @param {Item} it */
  function pager(it) {
    if (!it.prev && !it.next) return '';
    /** @param {ItemSummary | null} s @param {string} label @param {string} cls */
    const link = (s, label, cls) =>
      s ? html`<a class="${cls}" href="${articleHref(s.slug)}" rel="${cls === 'prev' ? 'prev' : 'next'}">
          <span class="label">${label}</span><span class="title">${s.title}</span></a>` : html`<span class="${cls}"></span>`;
    return html`
      <nav class="pager" aria-label="Previous and next in ${it.sectionTitle}">
        ${link(it.prev, 'Previous', 'prev')}
        ${link(it.next, 'Next', 'next')}
      </nav>`;
  }

  /**
   * Adds a "Copy address" button after each external address rendered by the
   * core (`<span class="external-link" data-copy="…">text</span>` then the
   * address), and makes same-page `#anchor` links go through the router.
   */
  function decorate() {
    const body = el.querySelector('.article-body');
    if (!body) return;
    let n = 0;
    for (const span of body.querySelectorAll('.external-link[data-copy]')) {
      const url = span.getAttribute('data-copy') ?? '';
      if (!url) continue;
      if (!span.id) span.id = `article-ext-${n++}`;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button button -secondary -small';
      button.setAttribute('data-copy', url);
      button.setAttribute('data-copy-what', 'Address');
      button.setAttribute('data-copy-for', span.id);
      button.textContent = 'Copy address';
      insertAfterAddress(span, url, button);
    }
  }

  function wire() {
    const it = /** @type {Item} */ (item);
    const toolStatus = /** @type {HTMLElement | null} */ (el.querySelector('.page-tools .tool-status'));
    el.querySelector('.page-tools [data-tool="handout"]')?.addEventListener('click', async (e) => {
      const button = /** @type {HTMLButtonElement} */ (e.currentTarget);
      button.disabled = true;
      try {
        const workshop = it.kind === 'workshop';
        const res = await app.api.saveHandout([it.slug], workshop ? `${it.title}: participants' handout` : it.title);
        if (toolStatus) {
          toolStatus.textContent = res
            ? `Saved the ${workshop ? 'participants\' handout' : 'handout'} to ${res.path}. It opens in any web browser and prints on A4, with the urgent lines and this page's sources.`
            : 'Nothing was saved.';
        }
      } catch (err) {
        if (toolStatus) toolStatus.textContent = errorText(err, 'save the handout');
      } finally {
        button.disabled = false;
      }
    });
    // The system's print dialog, with the print stylesheet (styles/print.css).
    el.querySelector('.page-tools [data-tool="print"]')?.addEventListener('click', () => window.print());
    el.querySelector('.warning-gate .continue')?.addEventListener('click', () => {
      revealed = true;
      el.querySelector('.warning-gate')?.remove();
      const content = /** @type {HTMLElement | null} */ (el.querySelector('.article-content'));
      if (!content) return;
      content.hidden = false;
      const note = el.querySelector('.article-content > .warning-callout');
      if (!note && it.contentWarning) {
        // Keep the warning visible above the story, now as a quiet note.
        const callout = document.createElement('div');
        callout.className = 'warning-callout';
        callout.setAttribute('role', 'note');
        render(callout, html`<p class="label">Content warning</p><p class="text">${it.contentWarning}</p>`);
        content.prepend(callout);
      }
      highlight(shownQuery);
      if (pendingAnchor && view.scrollToAnchor(pendingAnchor)) {
        pendingAnchor = '';
        return;
      }
      const start = /** @type {HTMLElement | null} */ (content.querySelector('.contents .heading') ?? content.querySelector('.article-body'));
      if (start) {
        if (!start.hasAttribute('tabindex')) start.setAttribute('tabindex', '-1');
        start.focus({ preventScroll: true });
        start.scrollIntoView({ block: 'start' });
      }
    });
    el.querySelector('.warning-gate .go-back')?.addEventListener('click', (e) => {
      if (app.canGoBack()) {
        e.preventDefault();
        history.back();
      }
    });
    el.querySelector('.article-body')?.addEventListener('click', (e) => {
      const a = /** @type {Element} */ (e.target).closest('a[href^="#"]');
      const href = a?.getAttribute('href') ?? '';
      if (a && !href.startsWith('#/')) {
        // A plain in-page anchor would bypass the router; send it through.
        e.preventDefault();
        let anchor = href.slice(1);
        try {
          anchor = decodeURIComponent(anchor);
        } catch {
          // Keep the raw anchor; the router turns anything odd into "not found".
        }
        app.navigate({ name: 'article', slug: it.slug, anchor, q: shownQuery });
      }
    });
    el.querySelector('.query-note')?.addEventListener('click', (e) => {
      if (/** @type {Element} */ (e.target).closest('.clear-highlights')) {
        clearHighlights();
        const note = /** @type {HTMLElement} */ (el.querySelector('.query-note'));
        note.hidden = true;
        app.announce('Highlighting removed.');
        /** @type {HTMLElement | null} */ (el.querySelector('h1'))?.focus();
      }
    });
    const tools = el.querySelector('.bookmark-tools');
    tools?.querySelector('.toggle')?.addEventListener('click', () => void toggleBookmark());
    tools?.querySelector('.select')?.addEventListener('change', () => void changeCollection());
  }

  /** Shows what the last bookmark action did. @param {string} text @param {boolean} [withLink] */
  function setStatus(text, withLink = false) {
    const status = el.querySelector('.bookmark-tools > .status');
    if (!status) return;
    render(status, withLink ? html`${text} <a href="#/bookmarks">See your bookmarks</a>.` : html`${text}`);
  }

  async function toggleBookmark() {
    if (!item || !mark) return;
    const button = /** @type {HTMLButtonElement} */ (el.querySelector('.bookmark-tools > .toggle'));
    const select = /** @type {HTMLSelectElement | null} */ (el.querySelector('.bookmark-tools .select'));
    button.disabled = true;
    try {
      if (mark.saved) {
        await app.api.removeBookmark(item.slug);
        mark.saved = false;
        setStatus('Removed from your bookmarks.');
      } else {
        const collection = select?.value ?? '';
        await app.api.addBookmark(item.slug, collection === '' ? null : collection);
        mark.saved = true;
        mark.collection = collection;
        setStatus(collection ? `Saved to your bookmarks, in “${collection}”.` : 'Saved to your bookmarks.', true);
      }
      button.setAttribute('aria-pressed', mark.saved ? 'true' : 'false');
      button.parentElement?.toggleAttribute('data-saved', mark.saved);
    } catch (err) {
      setStatus(errorText(err, mark.saved ? 'remove the bookmark' : 'save the bookmark'));
    } finally {
      button.disabled = false;
    }
  }

  async function changeCollection() {
    if (!item || !mark) return;
    const select = /** @type {HTMLSelectElement} */ (el.querySelector('.bookmark-tools .select'));
    const collection = select.value;
    if (!mark.saved) {
      setStatus(collection ? `Choose “Bookmark this page” to save it in “${collection}”.` : '');
      return;
    }
    try {
      await app.api.moveBookmark(item.slug, collection);
      mark.collection = collection;
      setStatus(collection ? `Moved to “${collection}”.` : 'Moved out of its collection.', true);
    } catch (err) {
      select.value = mark.collection;
      setStatus(errorText(err, 'move the bookmark'));
    }
  }

  /** Removes any earlier highlighting, restoring the original text nodes. */
  function clearHighlights() {
    const body = el.querySelector('.article-body');
    if (!body) return;
    for (const m of body.querySelectorAll('mark.query-hit')) m.replaceWith(...m.childNodes);
    body.normalize();
  }

  /**
   * Wraps the query's words in <mark class="query-hit"> inside the article
   * text, walking text nodes (never touching innerHTML).
   * @param {string} q
   */
  function highlight(q) {
    shownQuery = q;
    const note = /** @type {HTMLElement | null} */ (el.querySelector('.query-note'));
    clearHighlights();
    const body = el.querySelector('.article-body');
    const words = new Set(q ? terms : []);
    if (!body || !revealed || words.size === 0) {
      if (note) note.hidden = true;
      return;
    }
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        const parent = node.parentElement;
        if (!parent || parent.closest('button, mark, script, style, code, pre')) return NodeFilter.FILTER_REJECT;
        return node.nodeValue && node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    /** @type {Text[]} */
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(/** @type {Text} */ (node));
    let count = 0;
    for (const node of nodes) {
      const text = node.nodeValue ?? '';
      const ranges = findTerms(text, words);
      if (ranges.length === 0) continue;
      const frag = document.createDocumentFragment();
      let at = 0;
      for (const r of ranges) {
        if (r.start > at) frag.append(text.slice(at, r.start));
        const m = document.createElement('mark');
        m.className = 'query-hit';
        m.textContent = text.slice(r.start, r.end);
        frag.append(m);
        at = r.end;
        count++;
      }
      if (at < text.length) frag.append(text.slice(at));
      node.replaceWith(frag);
    }
    if (note) {
      if (count > 0) {
        const back = formatRoute({ name: 'search', q, section: '', audience: '', kind: '', exact: '' });
        render(
          note,
          html`<p class="text">Words from your search “${q}” are highlighted (${count === 1 ? '1 place' : `${count} places`}).
            <button class="clear-highlights link-button" type="button">Remove highlighting</button>
            <span aria-hidden="true">·</span> <a href="${back}">Back to results</a></p>`,
        );
        note.hidden = false;
      } else {
        note.hidden = true;
      }
    }
  }

  return view;
}

/**
 * Puts `button` after the address that follows an external-link span: after a
 * following `.address`/`.url` element, or after the first closing bracket or
 * the URL itself in the text that follows, or else straight after the span.
 * @param {Element} span
 * @param {string} url
 * @param {HTMLButtonElement} button
 */
function insertAfterAddress(span, url, button) {
  let next = span.nextSibling;
  while (next && next.nodeType === Node.TEXT_NODE && !(next.nodeValue ?? '').trim()) next = next.nextSibling;
  if (next instanceof Element && next.matches('.address, .url, code')) {
    next.after(button);
    return;
  }
  if (next && next.nodeType === Node.TEXT_NODE) {
    const text = next.nodeValue ?? '';
    const bare = url.replace(/^https?:\/\//, '').replace(/\/$/, '');
    let end = -1;
    const close = text.indexOf(')');
    if (/^\s*\(/.test(text) && close > 0) end = close + 1;
    else {
      const found = text.indexOf(bare);
      if (found >= 0 && found < 4) end = found + bare.length;
    }
    if (end > 0) {
      /** @type {Text} */ (next).splitText(end);
      next.after(button);
      return;
    }
  }
  span.after(button);
}
