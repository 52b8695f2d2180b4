// `.present-view`: running a workshop from the app (`#/present/<slug>`). The presenter's view shows the
// current and next slide, the speaker notes, the segment's planned and elapsed time (amber near the end, red
// over), the session clock and the segments still to come. A switches to the audience's view: the slide
// alone, in large type, with no app chrome and nothing personal (and no notes in the page at all), for a
// projector that mirrors this screen. Keys as a clicker sends them (logic/present.js); Esc ends and returns
// to the workshop's page.

import { html, render, trusted } from '../html.js';
import { slideBody } from './slide.js';
import { press, actionFor, segmentTimer, formatClock } from '../logic/present.js';
import { groupContacts } from '../logic/contacts.js';

/** @typedef {import('../api.js').Presentation} Presentation */
/** @typedef {import('../api.js').Slide} Slide */
/** @typedef {import('../logic/contacts.js').Contact} Contact */
/** @typedef {import('../logic/present.js').Deck} Deck */

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function PresentView(el, app) {
  el.className = 'present-view';
  /** @type {Presentation | null} */
  let pres = null;
  /** Urgent routes and the organisation's own contacts, for the signposting slide. @type {Contact[]} */
  let signposts = [];
  /** @type {Deck} */
  let deck = { index: 0, count: 0, blank: '', digits: '' };
  /** @type {'presenter' | 'audience'} */
  let mode = 'presenter';
  let sessionStart = Date.now();
  let slideStart = Date.now();
  /** @type {ReturnType<typeof setInterval> | null} */
  let ticker = null;
  /** Whether the audience window is open (on a second display, or opened by hand). */
  let audienceWindow = false;
  /** Stops listening for the keys the audience window passes on. */
  let unlisten = () => {};

  document.body.classList.add('presenting');

  const view = {
    title: '',
    /** @param {import('../logic/route.js').Route} route */
    async update(route) {
      if (route.name !== 'present') return;
      if (pres && pres.workshop.slug === route.slug) return;
      const [loaded, contacts] = await Promise.all([
        app.api.getPresentation(route.slug),
        app.api.listContacts().catch(() => null),
      ]);
      if (ticker) clearInterval(ticker);
      pres = loaded;
      if (contacts) {
        const groups = groupContacts(contacts.contacts);
        signposts = [...groups.emergency, ...groups.urgent, ...contacts.organisation];
      }
      deck = { index: 0, count: pres.slides.length, blank: '', digits: '' };
      view.title = `Presenting: ${pres.workshop.title}`;
      sessionStart = Date.now();
      slideStart = sessionStart;
      draw();
      ticker = setInterval(tick, 1000);
      // The keys pressed in the audience window (a clicker aimed at the projector) come here.
      unlisten = await app.api.listen('present-key', (key) => {
        if (typeof key === 'string') view.onKey(new KeyboardEvent('keydown', { key }));
      });
      // On a second display the audience window opens full screen by itself.
      const opened = await app.api.openAudience(true).catch(() => null);
      if (opened?.secondDisplay) {
        audienceWindow = true;
        draw();
      }
    },
    /** Keys while presenting; true when handled. @param {KeyboardEvent} e */
    onKey(e) {
      if (!pres || e.altKey || e.ctrlKey || e.metaKey) return false;
      const target = /** @type {HTMLElement} */ (e.target);
      // Buttons keep Space and Enter for themselves.
      if ((e.key === ' ' || e.key === 'Enter') && target?.closest?.('button, a')) return false;
      const action = actionFor(e.key);
      if (!action) return false;
      e.preventDefault();
      if (action === 'end') {
        end();
        return true;
      }
      if (action === 'toggle') {
        mode = mode === 'presenter' ? 'audience' : 'presenter';
        draw();
        return true;
      }
      const before = deck.index;
      deck = press(deck, e.key);
      if (deck.index !== before) slideStart = Date.now();
      draw();
      return true;
    },
    dispose() {
      if (ticker) clearInterval(ticker);
      unlisten();
      if (audienceWindow) void app.api.closeAudience().catch(() => {});
      document.body.classList.remove('presenting');
    },
  };

  function end() {
    if (!pres) return;
    app.navigate({ name: 'article', slug: pres.workshop.slug, anchor: '', q: '' });
  }

  /** The slide as the audience sees it. @param {Slide} slide */
  function slideFrame(slide, /** @type {string} */ extra = '') {
    const content = {
      kind: slide.kind,
      screen: slide.screen,
      storyTitle: slide.story?.title ?? null,
      storyWarning: slide.story?.contentWarning ?? null,
      signposts,
    };
    return html`<div class="slide ${extra}" data-kind="${slide.kind}">${slideBody(content)}</div>`;
  }

  /** Sends the current slide (by number: the core decides what it shows) to the audience window. */
  function sync() {
    if (!pres || !audienceWindow) return;
    void app.api.showAudienceSlide(pres.workshop.slug, deck.index, deck.blank).catch(() => {});
  }

  function draw() {
    if (!pres) return;
    sync();
    const slide = pres.slides[deck.index];
    el.dataset.mode = mode;
    if (mode === 'audience') {
      // The slide alone: the notes are not in the page.
      render(el, html`<div class="audience" data-blank="${deck.blank}" data-index="${deck.index}" aria-live="polite">
        ${deck.blank ? html`<p class="visually-hidden">Screen ${deck.blank === 'black' ? 'blacked out' : 'whited out'}; press ${deck.blank === 'black' ? 'B' : 'W'} to show the slide.</p>` : slideFrame(slide)}
      </div>`);
      return;
    }
    const next = pres.slides[deck.index + 1];
    const remaining = pres.slides.slice(deck.index + 1);
    render(el, html`
      <div class="present-bar">
        <h1 tabindex="-1">${pres.workshop.title}</h1>
        <p class="clock" data-clock="session">Session <span class="value">${formatClock(Date.now() - sessionStart)}</span> of ${formatClock(pres.minutes * 60_000)}</p>
        <div class="controls">
          ${audienceWindow
            ? html`<span class="audience-state">The audience window is open</span>`
            : html`<button type="button" class="button -secondary" data-do="window">Open audience window</button>`}
          <button type="button" class="button -secondary" data-do="toggle">Audience view here <kbd>A</kbd></button>
          <button type="button" class="button -secondary" data-do="black" aria-pressed="${deck.blank === 'black'}">Black screen <kbd>B</kbd></button>
          <button type="button" class="button -secondary" data-do="white" aria-pressed="${deck.blank === 'white'}">White screen <kbd>W</kbd></button>
          <button type="button" class="button" data-do="end">End <kbd>Esc</kbd></button>
        </div>
      </div>
      <div class="present-grid">
        <section class="now" aria-labelledby="present-now">
          <h2 id="present-now" class="label">Slide ${deck.index + 1} of ${deck.count}: ${slide.title}${deck.blank ? html` <span class="blanked">(audience sees a ${deck.blank} screen)</span>` : ''}</h2>
          ${slideFrame(slide, deck.blank ? `-blank-${deck.blank}` : '')}
          <p class="timer" data-timer role="timer" aria-live="off">${timerText(slide)}</p>
          <div class="nav">
            <button type="button" class="button -secondary" data-do="prev" ${deck.index === 0 ? 'disabled' : ''}>Previous</button>
            <button type="button" class="button" data-do="next" ${next ? '' : 'disabled'}>Next</button>
            ${deck.digits ? html`<span class="digits" aria-live="polite">Go to slide ${deck.digits}…</span>` : ''}
          </div>
        </section>
        <section class="next" aria-labelledby="present-next">
          <h2 id="present-next" class="label">Next${next ? `: ${next.title}` : ''}</h2>
          ${next ? slideFrame(next, '-small') : html`<p class="end-note">This is the last slide.</p>`}
        </section>
        <section class="notes" aria-labelledby="present-notes" tabindex="0">
          <h2 id="present-notes" class="label">Speaker notes</h2>
          <div class="notes-body">${trusted(slide.notes)}</div>
        </section>
        <section class="plan" aria-labelledby="present-plan">
          <h2 id="present-plan" class="label">Still to come</h2>
          ${remaining.length
            ? html`<ol class="segments" start="${deck.index + 2}">${remaining.map((it) => html`<li>${it.title} <span class="minutes">${it.minutes} min</span></li>`)}</ol>`
            : html`<p>Nothing: this is the last segment.</p>`}
        </section>
      </div>`);
    for (const button of el.querySelectorAll('[data-do]')) {
      button.addEventListener('click', () => {
        const what = button.getAttribute('data-do');
        if (what === 'window') {
          void app.api.openAudience(false).then(() => {
            audienceWindow = true;
            draw();
          }).catch(() => {});
          return;
        }
        const key = { toggle: 'a', black: 'b', white: 'w', end: 'Escape', prev: 'ArrowLeft', next: 'ArrowRight' }[what ?? ''];
        if (key) view.onKey(new KeyboardEvent('keydown', { key }));
      });
    }
  }

  /** @param {Slide} slide */
  function timerText(slide) {
    const t = segmentTimer(Date.now() - slideStart, slide.minutes);
    return html`<span class="value" data-state="${t.state}">${t.text}</span> <span class="visually-hidden">${t.label}</span>`;
  }

  function tick() {
    if (!pres || mode !== 'presenter') return;
    const slide = pres.slides[deck.index];
    const timer = el.querySelector('[data-timer]');
    if (timer) render(/** @type {HTMLElement} */ (timer), timerText(slide));
    const clock = el.querySelector('[data-clock] .value');
    if (clock) clock.textContent = formatClock(Date.now() - sessionStart);
  }

  return view;
}
