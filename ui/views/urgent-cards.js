// The urgent routes as NHS-style care cards: "If a life is at risk now" (emergency:
// 999 and A&E) and "If you need to talk to someone today" (urgent: NHS 111,
// Samaritans, Shout), each contact with its Copy buttons and the date its details
// were checked. Shared by Help now and by search, which shows the same cards above
// every result when a query matches the crisis list.

import { html } from '../html.js';
import { dialable } from '../logic/contacts.js';
import { formatProvenance, formatNations } from '../logic/format.js';

/** @typedef {import('../logic/contacts.js').Contact} Contact */

/**
 * The emergency and urgent care cards.
 * @param {ReturnType<typeof import('../logic/contacts.js').groupContacts>} groups
 * @param {string} prefix makes the cards' ids unique on the page ('help', 'crisis')
 */
export function urgentCards(groups, prefix) {
  return html`
    <section class="care-card -emergency" aria-labelledby="${prefix}-emergency-heading">
      <div class="band">
        <h2 class="heading" id="${prefix}-emergency-heading"><span class="level">Emergency</span>
          If a life is at risk now</h2>
      </div>
      <div class="body">
        <p class="lead">Call <strong>999</strong> or go to A&amp;E if you or someone else is in immediate danger,
          or might act on thoughts of ending their life.</p>
        ${groups.emergency.length ? html`<div class="contacts -compact">${groups.emergency.map((c) => contactCard(c, 'compact', prefix))}</div>` : ''}
      </div>
    </section>
    ${groups.urgent.length
      ? html`<section class="care-card -urgent" aria-labelledby="${prefix}-urgent-heading">
          <div class="band">
            <h2 class="heading" id="${prefix}-urgent-heading"><span class="level">Urgent</span>
              If you need to talk to someone today</h2>
          </div>
          <div class="body">
            <p class="lead">Free and confidential, day or night.</p>
            <div class="contacts -grid">${groups.urgent.map((c) => contactCard(c, 'full', prefix))}</div>
          </div>
        </section>`
      : ''}`;
}

/**
 * One support service: who it is for, what it offers, how to reach it and when
 * its details were checked. Numbers are text, with a Copy button. The compact
 * form (the emergency card, whose lead sentence already says who and why)
 * keeps only the ways to reach it and the date checked.
 * @param {Contact} c
 * @param {'full' | 'compact'} [form]
 * @param {string} [prefix] makes ids unique when a contact appears twice on a page
 */
export function contactCard(c, form = 'full', prefix = 'help') {
  const base = `${prefix}-contact-${c.id}`;
  const nations = formatNations(c.nations);
  const full = form === 'full';
  return html`
    <article class="contact" id="${base}" tabindex="-1" aria-labelledby="${base}-name">
      <h3 class="name" id="${base}-name">${c.name}</h3>
      ${full && c.who ? html`<p class="who">${c.who}</p>` : ''}
      ${full && c.offers ? html`<p class="offers">${c.offers}</p>` : ''}
      <dl class="how">
        ${c.phone ? html`<div class="row -phone"><dt>Phone</dt><dd><span class="number" id="${base}-phone">${c.phone}</span>${copyButton(
            dialable(c.phone), `${base}-phone`, 'Phone number', html`Copy<span class="visually-hidden"> the number for ${c.name}</span>`,
          )}</dd></div>` : ''}
        ${c.text ? html`<div class="row"><dt>Text</dt><dd>${c.text}</dd></div>` : ''}
        ${c.email ? html`<div class="row"><dt>Email</dt><dd><span class="value" id="${base}-email">${c.email}</span>${copyButton(
            c.email, `${base}-email`, 'Email address', html`Copy<span class="visually-hidden"> the email address for ${c.name}</span>`,
          )}</dd></div>` : ''}
        ${c.web ? html`<div class="row"><dt>Website</dt><dd><span class="value" id="${base}-web">${c.web}</span>${copyButton(
            c.web, `${base}-web`, 'Address', html`Copy address<span class="visually-hidden"> for ${c.name}</span>`,
          )}</dd></div>` : ''}
        ${c.hours ? html`<div class="row"><dt>When</dt><dd>${c.hours}</dd></div>` : ''}
        ${nations !== 'UK-wide' ? html`<div class="row"><dt>Where</dt><dd>${nations}</dd></div>` : ''}
      </dl>
      ${c.notes ? html`<p class="notes">${c.notes}</p>` : ''}
      <p class="checked">${formatProvenance(c.seen, c.seenAt)}</p>
    </article>`;
}

/**
 * @param {string} value what is copied
 * @param {string} forId the element holding the visible text (selected if copying fails)
 * @param {string} what announced after copying
 * @param {import('../html.js').SafeHtml} labelHtml
 */
function copyButton(value, forId, what, labelHtml) {
  return html`<button class="copy-button button -secondary -small" type="button" data-copy="${value}"
    data-copy-what="${what}" data-copy-for="${forId}">${labelHtml}</button>`;
}
