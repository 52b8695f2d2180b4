// What a slide shows the audience, drawn the same way in the presenter's view and in the audience window:
// the on-screen text, a story excerpt after the story's title and content warning, or the signposting
// slide's services (a number only where the name does not already say it).

import { html, trusted } from '../html.js';

/**
 * @typedef {{ kind: 'screen' | 'story' | 'signposting', screen: string, storyTitle: string | null,
 *   storyWarning: string | null, signposts: import('../api.js').Signpost[] }} SlideContent
 */

/** @param {SlideContent} slide */
export function slideBody(slide) {
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
