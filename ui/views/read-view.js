// `.read-view`: a story read aloud in a session (`#/read/<slug>`). Large type, no app chrome: its content
// warning first, then one passage per screen, then questions for the room. Right, Space or Page Down go on;
// Left or Page Up back; Esc returns to the story's page.

import { html, render, trusted } from '../html.js';
import { passages, DISCUSSION_PROMPTS } from '../logic/reading.js';

/** @typedef {import('../api.js').Item} Item */

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function ReadView(el, app) {
  el.className = 'present-view read-view';
  el.dataset.mode = 'audience';
  /** @type {Item | null} */
  let item = null;
  /** Each screen's HTML: the warning (if any), the passages, the questions. @type {import('../html.js').SafeHtml[]} */
  let screens = [];
  let index = 0;
  document.body.classList.add('presenting');

  const view = {
    title: '',
    /** @param {import('../logic/route.js').Route} route */
    async update(route) {
      if (route.name !== 'read' || item?.slug === route.slug) return;
      item = await app.api.getItem(route.slug);
      view.title = `Reading aloud: ${item.title}`;
      screens = build(item);
      index = 0;
      draw();
    },
    /** @param {KeyboardEvent} e */
    onKey(e) {
      if (!item || e.altKey || e.ctrlKey || e.metaKey) return false;
      const last = screens.length - 1;
      if (['ArrowRight', ' ', 'PageDown'].includes(e.key)) index = Math.min(last, index + 1);
      else if (['ArrowLeft', 'PageUp'].includes(e.key)) index = Math.max(0, index - 1);
      else if (e.key === 'Home') index = 0;
      else if (e.key === 'End') index = last;
      else if (e.key === 'Escape') {
        app.navigate({ name: 'article', slug: item.slug, anchor: '', q: '' });
        e.preventDefault();
        return true;
      } else return false;
      e.preventDefault();
      draw();
      return true;
    },
    dispose() {
      document.body.classList.remove('presenting');
    },
  };

  /** The screens of a story. @param {Item} it */
  function build(it) {
    const res = [];
    if (it.contentWarning) {
      res.push(html`<p class="story-from">${it.title}</p>
        <p class="story-warning"><span class="label">Content warning</span> ${it.contentWarning}</p>
        <p>Anyone may step out at any time. Support is listed under Help now.</p>`);
    }
    const template = document.createElement('template');
    template.innerHTML = it.html;
    const blocks = [...template.content.children].map((node) => ({
      html: node.outerHTML,
      heading: /^H[2-4]$/.test(node.tagName),
      words: (node.textContent ?? '').split(/\s+/).filter(Boolean).length,
    }));
    for (const group of passages(blocks)) {
      res.push(trusted(group.map((i) => blocks[i].html).join('')));
    }
    res.push(html`<h2>Questions for the room</h2>
      <ul>${DISCUSSION_PROMPTS.map((q) => html`<li>${q}</li>`)}</ul>`);
    return res;
  }

  function draw() {
    if (!item) return;
    render(el, html`<div class="audience" data-index="${index}">
      <div class="slide -reading" data-kind="${index === 0 && item.contentWarning ? 'warning' : index === screens.length - 1 ? 'questions' : 'passage'}">
        ${screens[index]}
      </div>
      <p class="reading-place" aria-live="polite">${index + 1} of ${screens.length}. Right or Space for the next, Esc to stop.</p>
    </div>`);
  }

  return view;
}
