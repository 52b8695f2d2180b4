// Search as you type waits for a pause; Escape twice leaves; keys are left alone while typing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { debounce, doublePress, isTypingTarget, moveIndex } from '../../ui/logic/timing.js';

test('debounce calls once, with the last arguments, after the pause', async () => {
  const calls = [];
  const d = debounce((q) => calls.push(q), 30);
  d('s');
  d('sl');
  d('sle');
  assert.deepEqual(calls, []);
  await sleep(60);
  assert.deepEqual(calls, ['sle']);
});

test('flush runs a pending call now; cancel drops it', async () => {
  const calls = [];
  const d = debounce((q) => calls.push(q), 30);
  d('enter');
  assert.equal(d.pending(), true);
  d.flush();
  assert.deepEqual(calls, ['enter']);
  assert.equal(d.pending(), false);
  d('left');
  d.cancel();
  await sleep(60);
  // After Leave, a search typed just before must not reappear.
  assert.deepEqual(calls, ['enter']);
  d.flush();
  assert.deepEqual(calls, ['enter']);
});

test('doublePress fires on the second press within the window, once', () => {
  const esc = doublePress(1000);
  assert.equal(esc(0), false);
  assert.equal(esc(900), true);
  // A third press starts a new pair rather than leaving again.
  assert.equal(esc(950), false);
  assert.equal(esc(3000), false);
  assert.equal(esc(4001), false);
  assert.equal(esc(4500), true);
});

test('isTypingTarget protects text fields but not buttons', () => {
  assert.equal(isTypingTarget({ tagName: 'INPUT', type: 'search' }), true);
  assert.equal(isTypingTarget({ tagName: 'input' }), true);
  assert.equal(isTypingTarget({ tagName: 'TEXTAREA' }), true);
  assert.equal(isTypingTarget({ tagName: 'SELECT' }), true);
  assert.equal(isTypingTarget({ tagName: 'DIV', isContentEditable: true }), true);
  assert.equal(isTypingTarget({ tagName: 'INPUT', type: 'radio' }), false);
  assert.equal(isTypingTarget({ tagName: 'BUTTON' }), false);
  assert.equal(isTypingTarget({ tagName: 'A' }), false);
  assert.equal(isTypingTarget(null), false);
});

test('moveIndex walks the results and returns to the search box', () => {
  assert.equal(moveIndex(-1, 3, 'down'), 0);
  assert.equal(moveIndex(0, 3, 'down'), 1);
  assert.equal(moveIndex(2, 3, 'down'), 2);
  assert.equal(moveIndex(1, 3, 'up'), 0);
  assert.equal(moveIndex(0, 3, 'up'), -1);
  assert.equal(moveIndex(0, 0, 'down'), -1);
});
