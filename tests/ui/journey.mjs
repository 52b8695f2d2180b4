// A user's journey through the UI in headless Chromium, against the fake IPC
// backend: search as you type, arrow keys, the highlighted article, a story's
// content warning, bookmarks, Help now (Alt+H), Leave (Esc twice) and Back.
// Each step asserts what a person would notice, and screenshots are saved.
//
//   node tests/ui/journey.mjs [--shots DIR] [--chromium PATH]
//
// Not part of `node --test tests/ui/` (which stays fast and needs no browser).
// It talks to Chromium over --remote-debugging-pipe, so it needs no npm package.

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { startServer } from './preview.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SHOTS = arg('--shots', path.join(tmpdir(), 'svs-journey'));
const CHROMIUM = arg('--chromium', process.env.CHROMIUM ?? '/usr/bin/chromium');

/** A minimal Chrome DevTools Protocol client over the debugging pipe (fd 3 in, fd 4 out). */
class Browser {
  /** @param {import('node:child_process').ChildProcess} proc */
  constructor(proc) {
    this.proc = proc;
    this.nextId = 1;
    /** @type {Map<number, { resolve: Function, reject: Function }>} */
    this.pending = new Map();
    /** @type {((msg: any) => void)[]} */
    this.listeners = [];
    let buffer = '';
    const out = /** @type {import('node:stream').Readable} */ (proc.stdio[4]);
    out.setEncoding('utf8');
    out.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (msg.id && this.pending.has(msg.id)) {
          const { resolve, reject } = /** @type {any} */ (this.pending.get(msg.id));
          this.pending.delete(msg.id);
          if (msg.error) reject(new Error(`${msg.error.message} (${JSON.stringify(msg.error.data ?? '')})`));
          else resolve(msg.result);
        } else {
          for (const l of this.listeners) l(msg);
        }
      }
    });
  }

  /** @param {string} method @param {object} [params] @param {string} [sessionId] */
  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    /** @type {import('node:stream').Writable} */ (this.proc.stdio[3]).write(`${msg}\0`);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      setTimeout(() => {
        if (this.pending.delete(id)) reject(new Error(`timeout: ${method}`));
      }, 15000);
    });
  }
}

/** One tab, with the helpers a journey needs. */
class Page {
  /** @param {Browser} browser @param {string} sessionId */
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
    /** @type {string[]} */
    this.problems = [];
    browser.listeners.push((msg) => {
      if (msg.sessionId !== sessionId) return;
      if (msg.method === 'Runtime.exceptionThrown') {
        this.problems.push(`exception: ${msg.params.exceptionDetails.exception?.description ?? msg.params.exceptionDetails.text}`);
      }
      if (msg.method === 'Log.entryAdded' && ['error', 'warning'].includes(msg.params.entry.level)) {
        this.problems.push(`${msg.params.entry.level}: ${msg.params.entry.text}`);
      }
      if (msg.method === 'Runtime.consoleAPICalled' && msg.params.type === 'error') {
        this.problems.push(`console.error: ${msg.params.args.map((a) => a.value ?? a.description).join(' ')}`);
      }
    });
  }

  /** @param {string} method @param {object} [params] */
  send(method, params) {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Evaluates an expression in the page and returns its value. @param {string} expression */
  async eval(expression) {
    const res = /** @type {any} */ (await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }));
    if (res.exceptionDetails) throw new Error(`eval failed: ${expression}\n${res.exceptionDetails.exception?.description}`);
    return res.result.value;
  }

  /** Waits until an expression is truthy. @param {string} expression */
  async until(expression, what = expression, timeout = 4000) {
    const start = Date.now();
    for (;;) {
      if (await this.eval(`Boolean(${expression})`)) return;
      if (Date.now() - start > timeout) throw new Error(`timed out waiting for: ${what}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** @param {string} url */
  async goto(url) {
    // Always a fresh document: a URL that differs only in its hash would not reload.
    await this.send('Page.navigate', { url: 'about:blank' });
    await this.until('location.href === "about:blank"', 'a blank page');
    await this.send('Page.navigate', { url });
    await this.until('document.readyState === "complete" && document.querySelector("main h1")', 'page load');
  }

  /** @param {string} text */
  type(text) {
    return this.send('Input.insertText', { text });
  }

  /**
   * Presses a key. `key` is a DOM key name; modifiers: 1 Alt, 2 Ctrl, 4 Meta, 8 Shift.
   * @param {string} key @param {{ modifiers?: number, code?: string, keyCode?: number, text?: string }} [opts]
   */
  async press(key, opts = {}) {
    const KEYS = {
      ArrowDown: ['ArrowDown', 40], ArrowUp: ['ArrowUp', 38], Enter: ['Enter', 13, '\r'], Escape: ['Escape', 27],
      Tab: ['Tab', 9], '/': ['Slash', 191, '/'], h: ['KeyH', 72, 'h'],
    };
    const [code, keyCode, text] = KEYS[key] ?? [opts.code, opts.keyCode, opts.text];
    const base = { key, code: opts.code ?? code, windowsVirtualKeyCode: opts.keyCode ?? keyCode, modifiers: opts.modifiers ?? 0 };
    const withText = text && !opts.modifiers ? { text, unmodifiedText: text } : {};
    await this.send('Input.dispatchKeyEvent', { type: withText.text ? 'keyDown' : 'rawKeyDown', ...base, ...withText });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
  }

  /** @param {string} selector */
  async click(selector) {
    const box = await this.eval(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return null;
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })()`);
    if (!box) throw new Error(`nothing to click: ${selector}`);
    for (const type of ['mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    }
  }

  /** @param {string} name */
  async shot(name) {
    const res = /** @type {any} */ (await this.send('Page.captureScreenshot', { format: 'png' }));
    const file = path.join(SHOTS, `${name}.png`);
    await writeFile(file, Buffer.from(res.data, 'base64'));
    return file;
  }
}

async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set --chromium or CHROMIUM)`);
  const profile = await mkdtemp(path.join(tmpdir(), 'svs-chromium-'));
  const proc = spawn(
    CHROMIUM,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`,
      '--remote-debugging-pipe', '--window-size=1024,600', 'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  proc.stderr?.resume();
  const browser = new Browser(proc);
  const targets = /** @type {any} */ (await browser.send('Target.getTargets'));
  const target = targets.targetInfos.find((t) => t.type === 'page');
  const { sessionId } = /** @type {any} */ (await browser.send('Target.attachToTarget', { targetId: target.targetId, flatten: true }));
  const page = new Page(browser, sessionId);
  await page.send('Runtime.enable');
  await page.send('Log.enable');
  await page.send('Page.enable');
  await page.send('Emulation.setDeviceMetricsOverride', { width: 1024, height: 600, deviceScaleFactor: 1, mobile: false });
  const close = async () => {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill();
    await exited;
    await rm(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  return { page, close };
}

/** @type {[string, (page: Page, base: string) => Promise<void>][]} */
const STEPS = [
  ['home shows the questions, pathways and sections, with Home current', async (page, base) => {
    await page.goto(`${base}#/`);
    assert.equal(await page.eval('document.documentElement.lang'), 'en-GB');
    assert.equal(await page.eval('document.querySelectorAll(".home-view .question").length'), 4);
    assert.equal(await page.eval('document.querySelectorAll(".home-view .pathway").length'), 4);
    assert.equal(await page.eval('document.querySelector("[data-nav=home]").getAttribute("aria-current")'), 'page');
    // Nothing important below the fold at 1024x600: the last pathway and question are visible.
    assert.ok(await page.eval('document.querySelector(".home-view .pathway:last-child").getBoundingClientRect().bottom <= 600'));
    assert.ok(await page.eval('document.querySelector(".home-view .question:last-child").getBoundingClientRect().bottom <= 600'));
    await page.shot('01-home');
  }],
  ['pathways open to show their steps with why each comes now', async (page) => {
    await page.click('.home-view .pathway:first-child summary');
    await page.until('document.querySelector(".home-view .pathway:first-child details").open');
    assert.ok(await page.eval('document.querySelectorAll(".home-view .pathway:first-child .step .why").length >= 4'));
    await page.shot('02-home-pathway-open');
  }],
  ['"/" focuses the search box; typing searches after a pause', async (page) => {
    await page.eval('document.activeElement.blur()');
    await page.press('/');
    assert.equal(await page.eval('document.activeElement.id'), 'search-box');
    await page.type('cop');
    await page.type('ing');
    await page.until('location.hash.startsWith("#/search")', 'the search route');
    await page.until('document.querySelector(".search-view .result")', 'results');
    assert.equal(await page.eval('decodeURIComponent(location.hash)'), '#/search?q=coping');
    assert.equal(await page.eval('document.activeElement.id'), 'search-box', 'focus stays in the box while typing');
    await page.until('document.querySelector(".search-view .live").textContent.includes("found for")', 'the live count');
    assert.ok(await page.eval('document.querySelector(".search-view .result .snippet mark")'), 'snippets have marks');
    assert.equal(await page.eval('document.querySelector(".search-view .live").getAttribute("aria-live")'), 'polite');
    await page.shot('03-search-results');
  }],
  ['typing more replaces the history entry instead of adding one per keystroke', async (page) => {
    const before = await page.eval('history.length');
    await page.type(' sleep');
    await page.until('decodeURIComponent(location.hash) === "#/search?q=coping sleep"', 'the updated query');
    assert.equal(await page.eval('history.length'), before);
  }],
  ['a misspelling offers "Did you mean", and a mixed query says it fell back', async (page) => {
    await page.eval('(() => { const b = document.getElementById("search-box"); b.value = ""; b.focus(); })()');
    await page.type('slepe');
    await page.until('document.querySelector(".search-view .suggestion button")', 'a suggestion');
    assert.equal(await page.eval('document.querySelector(".search-view .suggestion button").textContent'), 'sleep');
    await page.shot('04-search-did-you-mean');
    await page.click('.search-view .suggestion button');
    await page.until('document.getElementById("search-box").value === "sleep"');
    await page.until('document.querySelector(".search-view .result")');
    await page.eval('(() => { const b = document.getElementById("search-box"); b.value = ""; b.focus(); })()');
    await page.type('paramedic caffeine');
    await page.until('document.querySelector(".search-view .fallback")', 'the fallback note');
    assert.match(await page.eval('document.querySelector(".search-view .fallback").textContent'), /No page has all of those words/);
    await page.shot('05-search-fallback');
  }],
  ['arrow keys move through results, Enter opens one with the words highlighted', async (page) => {
    await page.eval('(() => { const b = document.getElementById("search-box"); b.value = ""; b.focus(); })()');
    await page.type('sleep');
    await page.until('decodeURIComponent(location.hash) === "#/search?q=sleep" && document.querySelectorAll(".search-view .result").length >= 2');
    await page.press('ArrowDown');
    assert.equal(await page.eval('document.activeElement.closest(".result") === document.querySelector(".search-view .result")'), true);
    await page.press('ArrowDown');
    assert.equal(await page.eval('document.activeElement.closest(".result") === document.querySelectorAll(".search-view .result")[1]'), true);
    await page.press('ArrowUp');
    await page.press('ArrowUp');
    assert.equal(await page.eval('document.activeElement.id'), 'search-box', 'ArrowUp from the first result returns to the box');
    await page.press('ArrowDown');
    await page.shot('06-search-arrow-focus');
    await page.press('Enter');
    await page.until('location.hash.startsWith("#/article/")', 'the article');
    await page.until('document.querySelector(".article-body mark.query-hit")', 'highlights');
    assert.equal(await page.eval('document.activeElement === document.querySelector("main h1")'), true);
    assert.match(await page.eval('document.querySelector(".query-note").textContent'), /highlighted/);
    await page.shot('07-article-highlighted');
  }],
  ['back returns to the results', async (page) => {
    await page.eval('history.back()');
    await page.until('location.hash.startsWith("#/search") && document.querySelector(".search-view .result")', 'results again');
  }],
  ['an article has a contents list, sources and a working anchor link', async (page, base) => {
    await page.goto(`${base}#/article/the-first-days`);
    assert.ok(await page.eval('document.querySelectorAll(".contents .entry").length >= 3'));
    assert.ok(await page.eval('document.querySelectorAll(".sources .source").length >= 1'));
    assert.match(await page.eval('document.querySelector(".article-view .meta").textContent'), /Last reviewed 20 November 2026/);
    await page.click('.contents a[href="#/article/the-first-days/what-helps"]');
    await page.until('location.hash === "#/article/the-first-days/what-helps"');
    assert.equal(await page.eval('document.activeElement.id'), 'what-helps');
  }],
  ['the bookmark toggle reports its state with aria-pressed', async (page, base) => {
    await page.goto(`${base}#/article/looking-after-yourself`);
    assert.equal(await page.eval('document.querySelector(".bookmark-tools .toggle").getAttribute("aria-pressed")'), 'false');
    await page.click('.bookmark-tools .toggle');
    await page.until('document.querySelector(".bookmark-tools .toggle").getAttribute("aria-pressed") === "true"');
    assert.match(await page.eval('document.querySelector(".bookmark-tools .status").textContent'), /Saved to your bookmarks/);
    await page.shot('08-article-bookmarked');
  }],
  ['external addresses get a Copy address button', async (page, base) => {
    await page.goto(`${base}#/article/where-can-i-get-help`);
    assert.equal(await page.eval('document.querySelectorAll(".article-body button[data-copy]").length'), 1);
    assert.equal(await page.eval('document.querySelector(".article-body button[data-copy]").previousSibling.textContent.trim()'), '(www.samaritans.org)');
    await page.click('.article-body button[data-copy]');
    await page.until('document.getElementById("app-status").textContent.length > 0', 'a copy message');
  }],
  ['a story opens behind its content warning', async (page, base) => {
    await page.goto(`${base}#/article/nias-story`);
    assert.ok(await page.eval('document.querySelector(".warning-gate")'));
    assert.equal(await page.eval('document.querySelector(".article-content").hidden'), true);
    assert.equal(await page.eval('document.querySelector(".kind-label").textContent'), 'Illustrative account');
    await page.shot('09-story-warning');
    await page.click('.warning-gate .continue');
    await page.until('!document.querySelector(".article-content").hidden');
    assert.equal(await page.eval('document.querySelector(".warning-gate")'), null);
    assert.ok(await page.eval('document.activeElement.closest(".article-content")'), 'focus moves into the story');
    await page.shot('10-story-open');
  }],
  ['Alt+H opens Help now from anywhere, with 999 first', async (page) => {
    await page.press('h', { modifiers: 1 });
    await page.until('location.hash === "#/help" && document.querySelector(".care-card")');
    assert.deepEqual(await page.eval('[...document.querySelectorAll(".care-card")].map((c) => c.className)'), ['care-card -emergency', 'care-card -urgent']);
    assert.match(await page.eval('document.querySelector(".care-card.-emergency").textContent'), /999/);
    assert.equal(await page.eval('document.querySelectorAll(".help-view .checked").length'), await page.eval('document.querySelectorAll(".help-view .contact").length'));
    await page.shot('11-help');
  }],
  ['the profession and nation filters narrow the confidential services', async (page) => {
    const all = await page.eval('document.querySelectorAll("#help-confidential-list .contact").length');
    await page.eval('(() => { const s = document.getElementById("help-profession"); s.value = "nurse"; s.dispatchEvent(new Event("change", { bubbles: true })); })()');
    await page.until(`document.querySelectorAll("#help-confidential-list .contact").length < ${all}`);
    assert.match(await page.eval('document.querySelector(".-confidential .shown").textContent'), /Showing \d+ of \d+ services/);
    await page.shot('12-help-filtered');
  }],
  ['bookmarks are grouped, and missing pages are kept and explained', async (page, base) => {
    await page.goto(`${base}#/bookmarks`);
    assert.ok(await page.eval('document.querySelectorAll(".bookmark-list .group").length >= 2'));
    assert.match(await page.eval('document.querySelector(".bookmark-list .entry.-missing").textContent'), /no longer in the library/);
    await page.click('[data-do="import"]');
    await page.until('document.querySelector(".bookmark-list > .message")');
    assert.match(await page.eval('document.querySelector(".bookmark-list > .message").textContent'), /Added 2 bookmarks/);
    await page.eval('document.getElementById("bookmarks-new-collection").value = "Reading for Friday"');
    await page.click('.bookmark-list .create button[type=submit]');
    await page.until('[...document.querySelectorAll(".bookmark-list .group .heading")].some((h) => h.textContent.includes("Reading for Friday"))');
    await page.shot('13-bookmarks');
  }],
  ['settings apply the theme and text size at once', async (page, base) => {
    await page.goto(`${base}#/settings`);
    await page.click('input[name=theme][value=dark]');
    await page.until('document.documentElement.dataset.theme === "dark"');
    await page.click('input[name=textSize][value="150"]');
    await page.until('document.documentElement.dataset.textSize === "150"');
    await page.shot('14-settings-dark-150');
    await page.click('input[name=theme][value=high-contrast]');
    await page.until('document.documentElement.dataset.theme === "high-contrast"');
    await page.click('input[name=textSize][value="100"]');
    await page.shot('15-settings-high-contrast');
  }],
  ['clear my data asks first, then lists what it removed', async (page) => {
    await page.click('[data-do="clear-start"]');
    await page.until('document.querySelector(".clear .confirm")');
    await page.shot('16-clear-confirm');
    await page.click('[data-do="clear-confirm"]');
    await page.until('document.querySelector(".clear .removed")');
    assert.ok(await page.eval('document.querySelectorAll(".clear .removed li").length >= 2'));
    assert.equal(await page.eval('document.documentElement.dataset.theme'), 'light');
    await page.shot('17-cleared');
  }],
  ['Esc twice leaves: neutral home, empty search, and Back cannot return', async (page, base) => {
    await page.goto(`${base}#/`);
    await page.eval('location.hash = "#/article/nias-story"');
    await page.until('document.querySelector(".warning-gate")');
    await page.eval('(() => { const b = document.getElementById("search-box"); b.value = "guilt"; })()');
    await page.eval('location.hash = "#/search?q=guilt"');
    await page.until('document.querySelector(".search-view .result")');
    await page.eval('document.body.focus()');
    await page.press('Escape');
    await page.press('Escape');
    await page.until('location.hash === "#/" && document.querySelector(".home-view")', 'the home page');
    assert.equal(await page.eval('document.getElementById("search-box").value'), '');
    await page.eval('history.back()');
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(await page.eval('!location.hash.includes("search") && !location.hash.includes("article")'), 'Back stays on neutral pages');
    await page.eval('history.forward()');
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(await page.eval('!location.hash.includes("search") && !location.hash.includes("article")'), 'Forward stays on neutral pages');
    await page.shot('18-after-leave');
  }],
  ['a broken link says so kindly', async (page, base) => {
    await page.goto(`${base}#/article/no-such-page`);
    assert.equal(await page.eval('document.querySelector("main h1").textContent'), 'We couldn’t find that page');
    await page.shot('19-not-found');
  }],
  ['start-up notices appear in a calm status banner and can be dismissed', async (page, base) => {
    await page.goto(`${base}?notice=1#/`);
    await page.until('document.querySelector(".notice-banner")');
    assert.equal(await page.eval('document.querySelector(".notice-banner").getAttribute("role")'), 'status');
    await page.shot('20-notice');
    await page.click('.notice-banner button');
    await page.until('!document.querySelector(".notice-banner")');
  }],
  ['printing an article keeps the text, sources and review date, without the app around it', async (page, base) => {
    await page.goto(`${base}#/article/the-first-days`);
    await page.send('Emulation.setEmulatedMedia', { media: 'print' });
    try {
      const shown = (sel) => page.eval(`getComputedStyle(document.querySelector(${JSON.stringify(sel)})).display !== 'none'`);
      assert.equal(await shown('.app-header'), false);
      assert.equal(await shown('.app-footer'), false);
      assert.equal(await shown('.bookmark-tools'), false);
      assert.equal(await shown('.article-content > .sources'), true);
      assert.equal(await shown('.article-content > .reviewed'), true);
      await page.shot('23-print');
    } finally {
      await page.send('Emulation.setEmulatedMedia', { media: '' });
    }
  }],
  ['keyboard focus is visible on links and buttons', async (page, base) => {
    await page.goto(`${base}#/`);
    // On first load focus is left at the start of the page, so Tab reaches the skip link first.
    assert.equal(await page.eval('document.activeElement === document.body'), true);
    await page.press('Tab');
    assert.equal(await page.eval('document.activeElement.className'), 'skip-link');
    await page.shot('21-focus-skip-link');
    // Skip link, name, search box, then Help now: one of the first things reached.
    for (const expected of ['brand', 'box', 'help-now']) {
      await page.press('Tab');
      assert.equal(await page.eval('document.activeElement.className'), expected);
    }
    assert.notEqual(await page.eval('getComputedStyle(document.activeElement).outlineStyle'), 'none');
    await page.shot('22-focus-help-now');
  }],
];

async function main() {
  await mkdir(SHOTS, { recursive: true });
  const server = await startServer();
  const { page, close } = await launch();
  let failed = 0;
  try {
    for (const [name, step] of STEPS) {
      try {
        await step(page, server.url);
        console.log(`ok - ${name}`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${name}\n  ${(e instanceof Error ? e.stack ?? e.message : String(e)).split('\n').join('\n  ')}`);
        await page.shot(`FAILED-${name.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => {});
      }
    }
    const problems = page.problems.filter((p) => !p.includes('favicon'));
    if (problems.length) {
      failed++;
      console.log(`not ok - the page logged no errors or CSP violations\n  ${problems.join('\n  ')}`);
    } else {
      console.log('ok - the page logged no errors or CSP violations');
    }
  } finally {
    await close();
    await server.close();
  }
  console.log(`\n${STEPS.length + 1 - failed} of ${STEPS.length + 1} passed; screenshots in ${SHOTS}`);
  process.exitCode = failed ? 1 : 0;
}

await main();
