// The html tag escapes everything it is given; only trusted() passes core HTML through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html, trusted, escapeHtml, SafeHtml } from '../../ui/html.js';

test('escapeHtml escapes the five HTML characters and the backtick', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  assert.equal(escapeHtml(42), '42');
});

test('interpolated text is escaped in content and attributes', () => {
  // A title or query containing markup is shown as text and cannot break out of an attribute.
  const evil = '"><img src=x onerror=alert(1)>';
  const out = html`<a title="${evil}">${evil}</a>`.value;
  assert.equal(out, '<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>');
  assert.doesNotMatch(out, /<img/);
});

test('nested templates are not escaped twice', () => {
  const inner = html`<b>${'a&b'}</b>`;
  assert.equal(html`<p>${inner}</p>`.value, '<p><b>a&amp;b</b></p>');
});

test('arrays are joined and each item escaped', () => {
  assert.equal(html`<ul>${['<1>', html`<li>2</li>`]}</ul>`.value, '<ul>&lt;1&gt;<li>2</li></ul>');
});

test('null, undefined and false render nothing; zero renders', () => {
  assert.equal(html`${null}${undefined}${false}${0}`.value, '0');
});

test('only trusted() lets HTML through, and only strings', () => {
  assert.equal(html`<div>${trusted('<h2 id="a">A</h2>')}</div>`.value, '<div><h2 id="a">A</h2></div>');
  assert.equal(trusted(/** @type {any} */ ({ toString: () => '<x>' })).value, '');
  // A plain object that looks like SafeHtml is still escaped.
  assert.equal(html`${{ value: '<x>' }}`.value, '[object Object]');
  assert.ok(html`a` instanceof SafeHtml);
  assert.ok(Object.isFrozen(html`a`));
});
