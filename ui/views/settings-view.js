// `.settings-view`: text size, theme and motion (applied at once, saved by the
// core), the library in use with "Update from a file…" (a signed library pack),
// and "Clear my data" with a confirmation step that then lists what was removed.

import { html, render } from '../html.js';
import { normalizePreferences } from '../logic/prefs.js';
import { errorText } from './common.js';
import { describeLibrary } from '../logic/format.js';

/** @typedef {import('../logic/prefs.js').Preferences} Preferences */

const SIZE_LABELS = { 100: 'Standard (100%)', 125: 'Larger (125%)', 150: 'Large (150%)', 175: 'Very large (175%)', 200: 'Largest (200%)' };
const THEME_LABELS = {
  system: 'Match this computer',
  light: 'Light',
  dark: 'Dark',
  'high-contrast': 'High contrast (black and yellow)',
};
const MOTION_LABELS = {
  system: 'Match this computer',
  on: 'Reduce motion (no fades or smooth scrolling)',
  off: 'Allow short fades',
};

/**
 * @param {HTMLElement} el
 * @param {import('../main.js').App} app
 */
export function SettingsView(el, app) {
  el.className = 'settings-view';
  /** @type {'idle' | 'confirm' | 'done'} */
  let clearState = 'idle';
  /** @type {string[]} */
  let removed = [];
  /** What could not be removed, each with its reason. @type {string[]} */
  let notRemoved = [];
  let saveMessage = '';
  /** The library in use. @type {import('../api.js').About | null} */
  let library = null;
  /** What the last "Update from a file…" did. */
  let libraryMessage = '';
  let libraryProblem = false;

  const view = {
    title: 'Settings',
    async update() {
      try {
        app.applyPreferences(await app.api.getPreferences());
      } catch {
        // The preferences already applied at start-up stay; the form still works.
      }
      try {
        library = await app.api.getAbout();
      } catch {
        library = null;
      }
      draw();
    },
  };

  /**
   * @param {string} name
   * @param {string} legend
   * @param {Record<string, string>} labels
   * @param {string} value
   */
  function radios(name, legend, labels, value) {
    return html`
      <fieldset class="choice">
        <legend class="legend">${legend}</legend>
        <div class="options ${name === 'textSize' ? '-sizes' : ''}">
          ${Object.entries(labels).map(
            ([v, label]) => html`<label class="option">
              <input type="radio" name="${name}" value="${v}" ${String(value) === v ? 'checked' : ''}>
              <span class="text">${label}</span>
            </label>`,
          )}
        </div>
      </fieldset>`;
  }

  function draw() {
    const prefs = app.preferences;
    render(
      el,
      html`
        <div class="page-head">
          <h1 tabindex="-1">Settings</h1>
          <p class="lede">Changes apply straight away and are saved on this computer for your user account.</p>
        </div>
        <form class="preferences" aria-label="Display settings">
          ${radios('textSize', 'Text size', SIZE_LABELS, String(prefs.textSize))}
          ${radios('theme', 'Colours', THEME_LABELS, prefs.theme)}
          ${radios('reducedMotion', 'Motion', MOTION_LABELS, prefs.reducedMotion)}
          <p class="saved" role="status" aria-live="polite">${saveMessage}</p>
        </form>
        <section class="library" aria-labelledby="settings-library-heading">
          <h2 class="heading" id="settings-library-heading">Library</h2>
          <p class="text in-use">${library ? describeLibrary(library) : 'The library in use could not be described just now.'}</p>
          <p class="text">Your organisation may give you a newer edition of the library as a file ending in
            <code>.svpack</code>, for example on a USB stick. It is checked before it is used: only a complete,
            unchanged pack from a publisher this computer trusts, newer than the library in use, is installed.
            Your bookmarks are kept.</p>
          <button class="button -secondary" type="button" data-do="library-update">Update from a file…</button>
          <p class="status ${libraryProblem ? '-problem' : ''}" role="status" aria-live="polite" tabindex="-1">${libraryMessage}</p>
        </section>
        <section class="clear" aria-labelledby="settings-clear-heading">
          <h2 class="heading" id="settings-clear-heading">Clear my data</h2>
          ${clearBlock()}
        </section>`,
    );
  }

  function clearBlock() {
    if (clearState === 'confirm') {
      return html`
        <div class="confirm" role="group" aria-labelledby="settings-confirm-text">
          <p class="text" id="settings-confirm-text" tabindex="-1"><strong>Are you sure?</strong>
            This removes all your bookmarks, collections and settings from this computer. It cannot be undone.</p>
          <div class="actions">
            <button class="button -danger" type="button" data-do="clear-confirm">Yes, clear my data</button>
            <button class="button -secondary" type="button" data-do="clear-cancel">No, keep my data</button>
          </div>
        </div>`;
    }
    if (clearState === 'done') {
      return html`
        <div class="done" tabindex="-1">
          <p><strong>Your data has been cleared.</strong> This is what was removed:</p>
          ${removed.length
            ? html`<ul class="removed">${removed.map((r) => html`<li>${r}</li>`)}</ul>`
            : html`<p>There was nothing stored to remove.</p>`}
          ${notRemoved.length
            ? html`<div class="warning-callout" role="note"><p class="label">Not everything could be removed</p>
                <ul class="not-removed">${notRemoved.map((r) => html`<li>${r}</li>`)}</ul>
                <p>Close the app and try again. If it still fails, ask your IT team to remove these files.</p></div>`
            : ''}
          <p>Settings are back to their standard values. The library itself is unchanged.</p>
        </div>`;
    }
    return html`
      <p class="text">Removes everything this app has stored for you on this computer: bookmarks, collections,
        settings and the app’s browser storage. The library itself stays. Useful before you leave a shared PC.</p>
      <button class="button -secondary" type="button" data-do="clear-start">Clear my data…</button>`;
  }

  el.addEventListener('change', async (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    if (input.type !== 'radio') return;
    const before = app.preferences;
    const next = normalizePreferences({ ...before, [input.name]: input.name === 'textSize' ? Number(input.value) : input.value });
    app.applyPreferences(next);
    const status = /** @type {HTMLElement} */ (el.querySelector('.preferences > .saved'));
    try {
      await app.api.setPreferences(next);
      saveMessage = 'Saved.';
    } catch (err) {
      saveMessage = `Applied for now, but not saved. ${errorText(err, 'save your settings')}`;
    }
    status.textContent = saveMessage;
  });

  el.addEventListener('click', async (e) => {
    const button = /** @type {HTMLButtonElement | null} */ (/** @type {Element} */ (e.target).closest('button[data-do]'));
    if (!button) return;
    const action = button.getAttribute('data-do');
    if (action === 'library-update') {
      button.disabled = true;
      try {
        const res = await app.api.installLibraryPack();
        if (res) {
          library = res;
          libraryProblem = false;
          libraryMessage = `Updated. ${describeLibrary(res)} Pages you open from now on come from this edition.`;
          // Everything drawn from the old library is read again.
          app.home = null;
        } else {
          libraryProblem = false;
          libraryMessage = 'No file was chosen. The library has not changed.';
        }
      } catch (err) {
        libraryProblem = true;
        libraryMessage = errorText(err, 'update the library');
      }
      draw();
      /** @type {HTMLElement | null} */ (el.querySelector('.library .status'))?.focus();
      return;
    }
    if (action === 'clear-start') {
      clearState = 'confirm';
      draw();
      /** @type {HTMLElement | null} */ (el.querySelector('#settings-confirm-text'))?.focus();
    } else if (action === 'clear-cancel') {
      clearState = 'idle';
      draw();
      /** @type {HTMLElement | null} */ (el.querySelector('[data-do="clear-start"]'))?.focus();
      app.announce('Nothing was cleared.');
    } else if (action === 'clear-confirm') {
      button.disabled = true;
      try {
        const res = await app.clearMyData();
        removed = Array.isArray(res?.removed) ? res.removed.filter((r) => typeof r === 'string') : [];
        notRemoved = Array.isArray(res?.notRemoved) ? res.notRemoved.filter((r) => typeof r === 'string') : [];
        clearState = 'done';
        saveMessage = '';
        draw();
        /** @type {HTMLElement | null} */ (el.querySelector('.clear .done'))?.focus();
        app.announce('Your data has been cleared.');
      } catch (err) {
        clearState = 'idle';
        draw();
        const block = el.querySelector('.clear');
        const p = document.createElement('p');
        p.className = 'problem';
        p.tabIndex = -1;
        p.textContent = errorText(err, 'clear your data');
        block?.append(p);
        p.focus();
      }
    }
  });

  return view;
}
