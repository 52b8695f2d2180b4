// The audience window (audience.html): shows the slide the presenter is on, as the core sends it, and passes a
// clicker's keys back to the presenter. It can do nothing else: its capability grants only these calls.

import * as api from './api.js';
import { html, render, trusted } from './html.js';

/** @typedef {import('./api.js').AudienceSlide} AudienceSlide */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));

/** @param {AudienceSlide} slide */
function body(slide) {
  if (slide.kind === 'signposting') {
    return html`<h2>Where to get help</h2>
      <ul class="signposts">${slide.signposts.map((c) => html`<li><span class="who">${c.name}</span>
        ${c.phone && !c.name.includes(c.phone) ? html`<span class="how">${c.phone}</span>` : ''}
        ${!c.phone && c.text ? html`<span class="how">${c.text}</span>` : ''}</li>`)}</ul>
      <p class="more">Every service, with who it is for: Help now, in the Second Victim Support app.</p>`;
  }
  if (slide.kind === 'story') {
    return html`<p class="story-from">From ${slide.storyTitle ?? 'a story'} (an illustrative account)</p>
      ${slide.storyWarning ? html`<p class="story-warning"><span class="label">Content warning</span> ${slide.storyWarning}</p>` : ''}
      <div class="excerpt">${trusted(slide.screen)}</div>`;
  }
  return trusted(slide.screen);
}

/** @param {AudienceSlide | null} slide */
function show(slide) {
  if (!slide) return;
  document.title = `${slide.workshop}: slide ${slide.index + 1} of ${slide.count}`;
  render(main, html`<div class="audience" data-blank="${slide.blank}" data-index="${slide.index}" aria-live="polite">
    ${slide.blank
      ? html`<p class="visually-hidden">The screen is ${slide.blank === 'black' ? 'blacked' : 'whited'} out for now.</p>`
      : html`<div class="slide" data-kind="${slide.kind}">${body(slide)}</div>`}
  </div>`);
}

document.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  void api.presentKey(e.key).catch(() => {});
});

void api.listen('audience-slide', show);
void api.getAudienceSlide().then(show).catch(() => {});
