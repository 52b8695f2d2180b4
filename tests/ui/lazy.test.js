// Views load on first use, once; a failed load is tried again on the next visit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lazyLoader } from '../../ui/logic/lazy.js';

test('each loader runs once, and callers share its result', async () => {
  // Opening the same page twice must not fetch its code twice.
  let calls = 0;
  const views = lazyLoader({ article: async () => ({ n: ++calls }) });
  const [a, b] = await Promise.all([views.load('article'), views.load('article')]);
  assert.equal(a, b);
  assert.equal(await views.load('article'), a);
  assert.equal(calls, 1);
});

test('nothing is loaded until it is asked for', async () => {
  // Start-up fetches only what the home screen needs.
  const asked = [];
  const views = lazyLoader({
    home: async () => asked.push('home'),
    search: async () => asked.push('search'),
  });
  assert.deepEqual(asked, []);
  await views.load('home');
  assert.deepEqual(asked, ['home']);
});

test('a failed load is forgotten, so the next visit tries again', async () => {
  // A page that failed to load once (a busy machine) must not stay broken for the whole window.
  let calls = 0;
  const views = lazyLoader({
    help: async () => {
      calls++;
      if (calls === 1) throw new Error('busy');
      return 'help view';
    },
  });
  await assert.rejects(views.load('help'), /busy/);
  assert.equal(calls, 1);
  assert.equal(await views.load('help'), 'help view');
  assert.equal(calls, 2);
});

test('an unknown name rejects instead of throwing', async () => {
  // The router turns a rejection into a kind error page; a throw would leave a blank screen.
  const views = lazyLoader({});
  await assert.rejects(views.load('toString'), /nothing to load/);
  await assert.rejects(views.load('nope'), /nothing to load/);
});

test('a loader that throws synchronously still rejects', async () => {
  const views = lazyLoader({
    bad: () => {
      throw new Error('sync');
    },
  });
  await assert.rejects(views.load('bad'), /sync/);
});
