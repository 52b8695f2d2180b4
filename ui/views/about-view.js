// `.about-view`: what the app is and is not, this copy's versions, and a plain
// statement of what it stores on this PC and what it never does.

import { html, render } from '../html.js';
import { describeLibrary, formatDate, shortHash } from '../logic/format.js';

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function AboutView(el, app) {
  el.className = 'about-view';
  const view = {
    title: 'About',
    async update() {
      /** @type {import('../api.js').About | null} */
      let about = null;
      try {
        about = await app.api.getAbout();
      } catch {
        about = null;
      }
      render(
        el,
        html`
          <div class="page-head">
            <h1 tabindex="-1">About this app</h1>
            <p class="lede">Second Victim Support, the offline companion, is a library of guidance, illustrative
              stories and support routes for UK healthcare staff affected by a patient safety incident, and for
              the colleagues, managers and trainers beside them.</p>
          </div>

          <section class="block" aria-labelledby="about-is-heading">
            <h2 id="about-is-heading">What it is, and what it is not</h2>
            <ul>
              <li>It is <strong>guidance and signposting</strong>: plain information, with its sources, and where to find help.</li>
              <li>It is <strong>not a diagnosis</strong>, medical advice or legal advice. For those, speak to your GP,
                a service on the <a href="#/help">Help now</a> page, your union or your defence organisation.</li>
              <li>It is <strong>not an emergency service</strong>. If a life is at risk, call 999 or go to A&amp;E.</li>
              <li>The stories are <strong>illustrative accounts</strong> written for this guide, not the stories of real people.</li>
            </ul>
          </section>

          <section class="block" aria-labelledby="about-copy-heading">
            <h2 id="about-copy-heading">This copy</h2>
            ${about
              ? html`<dl class="facts">
                  <div class="row"><dt>App version</dt><dd>${about.appVersion}</dd></div>
                  <div class="row"><dt>Library in use</dt><dd class="library-in-use">${describeLibrary(about)}</dd></div>
                  <div class="row"><dt>Edition</dt><dd>${about.edition > 0 ? about.edition : 'not published'}</dd></div>
                  <div class="row"><dt>Publisher</dt><dd>${about.publisher || 'not named'}</dd></div>
                  <div class="row"><dt>Library version</dt><dd><code title="${about.contentHash}">${shortHash(about.contentHash)}</code>,
                    from ${formatDate(about.contentDate)}</dd></div>
                  ${about.origin === 'pack'
                    ? html`<div class="row"><dt>Signature</dt><dd>Signed and unchanged: key <code>${about.keyId ?? ''}</code>
                        (${about.keySource ?? ''}); pack made on ${formatDate(about.packCreated ?? '')}</dd></div>
                      <div class="row"><dt>Pack file</dt><dd><code class="path">${about.packPath ?? ''}</code></dd></div>`
                    : html`<div class="row"><dt>Signature</dt><dd>Built into this app (checked when the app starts)</dd></div>`}
                  <div class="row"><dt>Pages in the library</dt><dd>${about.itemCount}</dd></div>
                </dl>`
              : html`<p>The version details could not be read just now. Everything else works as normal.</p>`}
          </section>

          <section class="block" aria-labelledby="about-stores-heading">
            <h2 id="about-stores-heading">What it keeps on this PC</h2>
            ${app.policy.sharedComputer
              ? html`<p>Nothing of yours. Your organisation has set this up as a <strong>shared computer</strong>:
                  your bookmarks, collections and settings are kept in memory for this session only, and are cleared
                  when you press Leave, when the app is left unused, or when it closes. Nothing is written to disk.</p>`
              : html`<p>Only what you choose to keep, for your user account:</p>
                <ul>
                  <li>your bookmarks and the names of your collections;</li>
                  <li>your settings (text size, colours, motion).</li>
                </ul>
                ${about?.dataDir ? html`<p>They are kept in this folder: <code class="path">${about.dataDir}</code></p>` : ''}
                <p>You can remove all of it at any time with <a href="#/settings">Clear my data</a> in Settings.</p>`}
          </section>

          <section class="block" aria-labelledby="about-never-heading">
            <h2 id="about-never-heading">What it never does</h2>
            <ul>
              <li>It never connects to the internet. Web addresses are shown as text for you to copy.</li>
              <li>It sends no usage data, analytics or crash reports, to anyone.</li>
              <li>It keeps no history of what you read or searched for. When you close the window, that is gone.</li>
              <li>It has no accounts and no free-text notes, so nobody’s details are typed into it.</li>
            </ul>
          </section>

          <section class="block" aria-labelledby="about-keys-heading">
            <h2 id="about-keys-heading">Keyboard shortcuts</h2>
            <dl class="facts -keys">
              <div class="row"><dt><kbd>/</kbd></dt><dd>Go to the search box</dd></div>
              <div class="row"><dt><kbd>Alt</kbd> + <kbd>H</kbd></dt><dd>Help now</dd></div>
              <div class="row"><dt><kbd>Esc</kbd> twice</dt><dd>Leave: clear the screen and show the home page</dd></div>
              <div class="row"><dt><kbd>↓</kbd> <kbd>↑</kbd></dt><dd>Move through search results; <kbd>Enter</kbd> opens one</dd></div>
            </dl>
          </section>`,
      );
    },
  };
  return view;
}
