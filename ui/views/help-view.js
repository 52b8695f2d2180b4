// `.help-view`: Help now. Urgent routes first as care cards (emergency: 999
// and A&E; urgent: NHS 111, Samaritans, Shout), then confidential services for
// staff, filterable by profession and nation, then routes at work, then the
// person's own organisation. Every entry says when its details were checked.

import { html, render } from '../html.js';
import { groupContacts, filterContacts, optionsPresent, dialable } from '../logic/contacts.js';
import { formatDate, formatNations, PROFESSION_LABELS, NATION_LABELS } from '../logic/format.js';

/** @typedef {import('../logic/contacts.js').Contact} Contact */

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function HelpView(el, app) {
  el.className = 'help-view';
  /** @type {Contact[]} */
  let confidential = [];
  let filter = { profession: '', nation: '' };

  const view = {
    title: 'Help now',
    async update() {
      const data = await app.api.listContacts();
      const groups = groupContacts(data.contacts);
      confidential = groups.confidential;
      const organisation = Array.isArray(data.organisation) ? data.organisation : [];
      const professions = optionsPresent(confidential, 'professions', Object.keys(PROFESSION_LABELS));
      const nations = optionsPresent(confidential, 'nations', Object.keys(NATION_LABELS));
      render(
        el,
        html`
          <div class="page-head">
            <h1 tabindex="-1">Help now</h1>
            <p class="lede">You do not have to manage this on your own. Everything on this page works without the internet.
              Numbers and hours can change, so each entry says when it was last checked.</p>
          </div>

          <section class="care-card -emergency" aria-labelledby="help-emergency-heading">
            <div class="band">
              <h2 class="heading" id="help-emergency-heading"><span class="level">Emergency</span>
                If a life is at risk now</h2>
            </div>
            <div class="body">
              <p class="lead">Call <strong>999</strong> or go to A&amp;E if you or someone else is in immediate danger,
                or might act on thoughts of ending their life.</p>
              ${groups.emergency.length ? html`<div class="contacts -compact">${groups.emergency.map((c) => contact(c, 'compact'))}</div>` : ''}
            </div>
          </section>

          ${groups.urgent.length
            ? html`<section class="care-card -urgent" aria-labelledby="help-urgent-heading">
                <div class="band">
                  <h2 class="heading" id="help-urgent-heading"><span class="level">Urgent</span>
                    If you need to talk to someone today</h2>
                </div>
                <div class="body">
                  <p class="lead">Free and confidential, day or night.</p>
                  <div class="contacts -grid">${groups.urgent.map((c) => contact(c))}</div>
                </div>
              </section>`
            : ''}

          <section class="block -confidential" aria-labelledby="help-confidential-heading">
            <h2 class="heading" id="help-confidential-heading">Confidential support for healthcare staff</h2>
            <p class="intro">Services run for people in your role. They are separate from your employer.</p>
            ${confidential.length
              ? html`<form class="filters" aria-label="Show services for">
                  <div class="field">
                    <label class="label" for="help-profession">Your role</label>
                    <select class="select" id="help-profession" name="profession">
                      <option value="">Any role</option>
                      ${professions.map((p) => html`<option value="${p}">${label(PROFESSION_LABELS, p)}</option>`)}
                    </select>
                  </div>
                  <div class="field">
                    <label class="label" for="help-nation">Where you work</label>
                    <select class="select" id="help-nation" name="nation">
                      <option value="">Anywhere in the UK</option>
                      ${nations.map((n) => html`<option value="${n}">${label(NATION_LABELS, n)}</option>`)}
                    </select>
                  </div>
                  <p class="shown" role="status" aria-live="polite"></p>
                </form>
                <div class="contacts -list" id="help-confidential-list"></div>`
              : html`<p>No services are listed in this copy of the library.</p>`}
          </section>

          ${groups.workplace.length
            ? html`<section class="block -workplace" aria-labelledby="help-workplace-heading">
                <h2 class="heading" id="help-workplace-heading">Support at work</h2>
                <div class="contacts -list">${groups.workplace.map((c) => contact(c))}</div>
              </section>`
            : ''}

          <section class="block -organisation" aria-labelledby="help-organisation-heading">
            <h2 class="heading" id="help-organisation-heading">Your organisation</h2>
            ${organisationBlock(organisation, data.organisationError)}
          </section>`,
      );
      drawConfidential(false);
      el.querySelector('.filters')?.addEventListener('change', (e) => {
        const select = /** @type {HTMLSelectElement} */ (e.target);
        filter = { ...filter, [select.name]: select.value };
        drawConfidential(true);
      });
    },
  };

  /** @param {boolean} announce */
  function drawConfidential(announce) {
    const list = el.querySelector('#help-confidential-list');
    const shown = el.querySelector('.-confidential .shown');
    if (!list) return;
    const visible = filterContacts(confidential, filter);
    render(
      list,
      visible.length
        ? html`${visible.map((c) => contact(c))}`
        : html`<p class="none">No service in this list is only for that choice. The services above are open to everyone.</p>`,
    );
    if (shown) {
      const text =
        visible.length === confidential.length
          ? `Showing all ${confidential.length} services.`
          : `Showing ${visible.length} of ${confidential.length} services.`;
      // The count is announced only when the person changes a filter.
      if (announce) shown.textContent = text;
      else shown.textContent = '';
    }
  }

  return view;
}

/** @param {Record<string, string>} labels @param {string} value */
function label(labels, value) {
  return Object.hasOwn(labels, value) ? labels[value] : value;
}

/**
 * @param {Contact[]} organisation
 * @param {string | null} error
 */
function organisationBlock(organisation, error) {
  if (organisation.length) {
    return html`<div class="contacts -list">${organisation.map((c) => contact(c))}</div>`;
  }
  if (error) {
    return html`<div class="message-panel">
      <p>Your organisation’s own contacts could not be shown just now. The national services on this page are not affected.</p>
      <p class="detail">${error}</p>
      <p>If you need a local contact, your line manager, occupational health team or HR can tell you what is available.</p>
    </div>`;
  }
  return html`<div class="message-panel">
    <p>Your organisation can add its own contacts here, such as a staff support or peer support team,
      occupational health, chaplaincy or a Freedom to Speak Up guardian.</p>
    <p>If you look after staff wellbeing or patient safety, your IT team can install your organisation’s contacts pack
      on these PCs. Until then, your line manager, occupational health team or HR can tell you what is available locally.</p>
  </div>`;
}

/**
 * One support service: who it is for, what it offers, how to reach it and when
 * its details were checked. Numbers are text, with a Copy button. The compact
 * form (the emergency card, whose lead sentence already says who and why)
 * keeps only the ways to reach it and the date checked.
 * @param {Contact} c
 * @param {'full' | 'compact'} [form]
 */
function contact(c, form = 'full') {
  const base = `contact-${c.id}`;
  const nations = formatNations(c.nations);
  const full = form === 'full';
  return html`
    <article class="contact" aria-labelledby="${base}-name">
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
      <p class="checked">Details last checked ${formatDate(c.seen)}${c.seenAt ? html` (${c.seenAt})` : ''}</p>
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
