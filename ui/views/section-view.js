// `.section-view`: one section of the library: its title and summary, then
// its items in order, each with a kind label, summary and reading time.

import { html, render } from '../html.js';
import { itemEntry } from './common.js';

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function SectionView(el, app) {
  el.className = 'section-view';
  const view = {
    title: '',
    /** @param {import('../logic/route.js').Route} route */
    async update(route) {
      if (route.name !== 'section') return;
      const section = await app.api.getSection(route.id);
      const items = Array.isArray(section.items) ? section.items : [];
      view.title = section.title;
      render(
        el,
        html`
          <nav class="breadcrumbs" aria-label="Breadcrumb">
            <ol class="list"><li><a href="#/">Home</a></li></ol>
          </nav>
          <div class="page-head">
            <h1 tabindex="-1">${section.title}</h1>
            <p class="lede">${section.summary}</p>
          </div>
          ${items.length
            ? html`<ol class="items" aria-label="Pages in this section">${items.map((item) => itemEntry(item))}</ol>`
            : html`<div class="message-panel"><p>There are no pages in this section yet.
                You can <a href="#/search">search the library</a> or go back to the <a href="#/">home page</a>.</p></div>`}`,
      );
    },
  };
  return view;
}
