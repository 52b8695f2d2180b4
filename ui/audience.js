// The audience window (audience.html): shows the slide the presenter is on, as the core sends it, and passes a
// clicker's keys back to the presenter. It can do nothing else: its capability grants only these calls.

import * as api from './api.js';
import { html, render } from './html.js';
import { slideBody } from './views/slide.js';

/** @typedef {import('./api.js').AudienceSlide} AudienceSlide */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));

/** @param {AudienceSlide | null} slide */
function show(slide) {
  if (!slide) return;
  document.title = `${slide.workshop}: slide ${slide.index + 1} of ${slide.count}`;
  render(main, html`<div class="audience" data-blank="${slide.blank}" data-index="${slide.index}" aria-live="polite">
    ${slide.blank
      ? html`<p class="visually-hidden">The screen is ${slide.blank === 'black' ? 'blacked' : 'whited'} out for now.</p>`
      : html`<div class="slide" data-kind="${slide.kind}">${slideBody(slide)}</div>`}
  </div>`);
}

document.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  void api.presentKey(e.key).catch(() => {});
});

void api.listen('audience-slide', show);
void api.getAudienceSlide().then(show).catch(() => {});
