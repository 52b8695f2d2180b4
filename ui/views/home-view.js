// `.home-view`: the four questions as cards, the four pathways (each an
// ordered list of steps with why each comes now), and the library's sections.
// Compact, so that nothing important falls below the fold at 1024x600.

import { html, render } from '../html.js';
import { articleHref, sectionHref } from './common.js';

/** @typedef {import('../api.js').Home} Home */

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function HomeView(el, app) {
  el.className = 'home-view';
  const view = {
    title: '',
    async update() {
      const home = await app.getHome();
      render(el, template(home));
    },
  };
  return view;
}

/** @param {Home} home */
function template(home) {
  const questions = Array.isArray(home.questions) ? home.questions : [];
  const pathways = Array.isArray(home.pathways) ? home.pathways : [];
  const sections = Array.isArray(home.sections) ? home.sections : [];
  return html`
    <div class="intro">
      <h1 tabindex="-1">Support after a patient safety incident</h1>
      <p class="lede">For healthcare staff and the colleagues beside them.
        Need to talk to someone now? See <a href="#/help">Help now</a>.</p>
    </div>
    <div class="layout">
        <section class="block -questions" aria-labelledby="home-questions">
          <h2 class="heading" id="home-questions">Questions people ask first</h2>
          <ul class="questions">
            ${questions.map(
              (q) => html`<li class="question">
                <a class="link" href="${articleHref(q.slug)}" title="${q.summary}">${q.title}</a>
              </li>`,
            )}
          </ul>
        </section>
        <section class="block -pathways" aria-labelledby="home-pathways">
          <h2 class="heading" id="home-pathways">Where are you now?</h2>
          <ul class="pathways">
            ${pathways.map(
              (p) => html`<li class="pathway">
                <details class="disclosure">
                  <summary class="summary">
                    <span class="title">${p.title}</span>
                  </summary>
                  <p class="text">${p.summary}</p>
                  <ol class="steps">
                    ${(Array.isArray(p.steps) ? p.steps : []).map(
                      (s) => html`<li class="step">
                        <a href="${articleHref(s.slug)}">${s.title}</a>
                        <span class="why">${s.why}</span>
                      </li>`,
                    )}
                  </ol>
                </details>
              </li>`,
            )}
          </ul>
        </section>
      <nav class="sections" aria-labelledby="home-sections">
        <h2 class="heading" id="home-sections">Browse the library</h2>
        <ul class="list">
          ${sections.map(
            (s) => html`<li class="section">
              <a href="${sectionHref(s.id)}">${s.title}</a>
              <span class="count">${s.count}<span class="visually-hidden"> pages</span></span>
            </li>`,
          )}
        </ul>
      </nav>
    </div>`;
}
