// Errors speak like a kind colleague: what happened and what to do next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { friendlyError, toCommandError } from '../../ui/logic/errors.js';

test('notFound says we could not find the page', () => {
  const e = friendlyError({ kind: 'notFound', message: "no item with slug 'x'" }, 'open this page');
  assert.equal(e.title, 'We couldn’t find that page');
  assert.match(e.body, /home page/);
});

test('internal errors say what to do next and never show the raw message', () => {
  // People should never see "rusqlite: database is locked" as the main text.
  const e = friendlyError({ kind: 'internal', message: 'rusqlite: database is locked' }, 'search the library');
  assert.match(e.body, /couldn’t search the library/);
  assert.match(e.body, /try again/i);
  assert.doesNotMatch(`${e.title} ${e.body}`, /rusqlite|locked/);
});

test('invalid input suggests simpler words', () => {
  assert.match(friendlyError({ kind: 'invalidInput', message: '' }, 'search').body, /simpler words/);
});

test('anything thrown becomes a CommandError', () => {
  assert.deepEqual(toCommandError('boom'), { kind: 'internal', message: 'boom' });
  assert.deepEqual(toCommandError(new Error('x')), { kind: 'internal', message: 'x' });
  assert.deepEqual(toCommandError({ kind: 'weird' }), { kind: 'internal', message: '' });
  assert.deepEqual(toCommandError(undefined), { kind: 'internal', message: '' });
});

test('unavailable has its own words: bookmarks are off, reading works, the notice says why', () => {
  assert.deepEqual(toCommandError({ kind: 'unavailable', message: 'x' }), { kind: 'unavailable', message: 'x' });
  const e = friendlyError({ kind: 'unavailable', message: 'bookmarks and settings are unavailable this session' }, 'save your bookmark');
  assert.equal(e.title, 'Bookmarks and settings are off just now');
  assert.match(e.body, /couldn’t save your bookmark/);
  assert.match(e.body, /Reading, searching and Help now work/);
});

test('a refused library pack shows the sentence the core wrote for the person', () => {
  const sentence = 'This library pack has been changed or damaged since it was signed, so it was not installed. Get a fresh copy from its publisher.';
  const e = friendlyError({ kind: 'refused', message: sentence }, 'update the library');
  assert.equal(e.kind, 'refused');
  assert.equal(e.title, 'The library was not changed');
  assert.equal(e.body, sentence);
  assert.match(friendlyError({ kind: 'refused' }, 'update the library').body, /has not changed/);
});

test('something the organisation turned off says so and who to ask', () => {
  const e = friendlyError({ kind: 'notAllowed', message: 'x' }, 'export your bookmarks');
  assert.equal(e.title, 'Turned off on this computer');
  assert.match(e.body, /export your bookmarks: your organisation has turned this off/);
  assert.match(e.body, /IT team/);
});
