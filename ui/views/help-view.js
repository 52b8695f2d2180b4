// `.help-view`: Help now. Urgent routes first as care cards (emergency: 999
// and A&E; urgent: NHS 111, Samaritans, Shout), then confidential services for
// staff, filterable by profession and nation, then routes at work, then the
// person's own organisation. Every entry says when its details were checked.

import { html, render } from '../html.js';
import { groupContacts, filterContacts, optionsPresent } from '../logic/contacts.js';
import { PROFESSION_LABELS, NATION_LABELS, describeLibrary } from '../logic/format.js';
import { contactCard as contact, urgentCards } from './urgent-cards.js';

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

  /** @type {{ title: string, update: () => Promise<void>, focusContact?: (id: string) => boolean }} */
  const view = {
    title: 'Help now',
    async update() {
      // Which edition these details come from; never in the way of the help itself.
      const aboutPromise = app.api.getAbout().catch(() => null);
      const data = await app.api.listContacts();
      const about = await aboutPromise;
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
              Numbers and hours can change, so each entry says where its details come from and when they were
              published, or that the date is not known.</p>
          </div>

          ${urgentCards(groups, 'help')}

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
          </section>
          ${about ? html`<p class="edition">The library in use: ${describeLibrary(about)}</p>` : ''}`,
      );
      drawConfidential(false);
      el.querySelector('.filters')?.addEventListener('change', (e) => {
        const select = /** @type {HTMLSelectElement} */ (e.target);
        filter = { ...filter, [select.name]: select.value };
        drawConfidential(true);
      });
    },
  };

  /**
   * Brings one service's card into view and focus (`#/help/<id>`, from a search
   * result). A filter that hides it is cleared first.
   * @param {string} id
   * @returns {boolean} whether the card was found
   */
  view.focusContact = (id) => {
    let card = el.querySelector(`#help-contact-${CSS.escape(id)}`);
    if (!card && confidential.some((c) => c.id === id)) {
      filter = { profession: '', nation: '' };
      for (const select of el.querySelectorAll('.-confidential select')) /** @type {HTMLSelectElement} */ (select).value = '';
      drawConfidential(false);
      card = el.querySelector(`#help-contact-${CSS.escape(id)}`);
    }
    if (!(card instanceof HTMLElement)) return false;
    card.classList.add('-target');
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'start' });
    return true;
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
