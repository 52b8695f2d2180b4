import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionFor, press, formatClock, segmentTimer, timings } from '../../ui/logic/present.js';

const deck = (index = 0, count = 5) => ({ index, count, blank: /** @type {''} */ (''), digits: '' });

test('a clicker moves forward and back, and stops at the ends', () => {
  for (const key of ['ArrowRight', ' ', 'PageDown']) assert.equal(press(deck(1), key).index, 2, key);
  for (const key of ['ArrowLeft', 'PageUp']) assert.equal(press(deck(1), key).index, 0, key);
  assert.equal(press(deck(4), 'ArrowRight').index, 4);
  assert.equal(press(deck(0), 'ArrowLeft').index, 0);
  assert.equal(press(deck(2), 'Home').index, 0);
  assert.equal(press(deck(2), 'End').index, 4);
});

test('B and W blank the screen, the same key or a move restores it', () => {
  const black = press(deck(2), 'b');
  assert.equal(black.blank, 'black');
  assert.equal(black.index, 2);
  assert.equal(press(black, 'B').blank, '');
  assert.equal(press(black, 'w').blank, 'white');
  const moved = press(black, 'ArrowRight');
  assert.deepEqual([moved.blank, moved.index], ['', 3]);
});

test('a number then Enter jumps; a number out of range is ignored', () => {
  let d = press(press(deck(0, 12), '1'), '1');
  assert.equal(d.digits, '11');
  d = press(d, 'Enter');
  assert.deepEqual([d.index, d.digits], [10, '']);
  d = press(press(deck(3), '9'), 'Enter');
  assert.deepEqual([d.index, d.digits], [3, '']);
  assert.equal(press(deck(3), 'Enter').index, 4, 'Enter alone goes forward');
});

test('Esc ends, A toggles the view, other keys do nothing', () => {
  assert.equal(actionFor('Escape'), 'end');
  assert.equal(actionFor('a'), 'toggle');
  assert.equal(actionFor('x'), null);
  assert.deepEqual(press(deck(2), 'x'), deck(2));
});

test('the segment timer turns amber near the end and red over it', () => {
  assert.deepEqual(segmentTimer(60_000, 10).state, 'ok');
  assert.equal(segmentTimer(60_000, 10).text, '1:00 of 10:00');
  assert.equal(segmentTimer(8 * 60_000, 10).state, 'near');
  assert.equal(segmentTimer(10 * 60_000, 10).state, 'near');
  const over = segmentTimer(11 * 60_000 + 5_000, 10);
  assert.equal(over.state, 'over');
  assert.match(over.label, /^1:05 over/);
  assert.equal(formatClock(3_725_000), '1:02:05');
  assert.equal(formatClock(-5), '0:00');
});

test('the timings table starts each segment where the last ended', () => {
  const rows = timings([{ title: 'A', minutes: 5 }, { title: 'B', minutes: 55 }, { title: 'C', minutes: 15 }]);
  assert.deepEqual(rows.map((it) => it.start), ['0:00', '0:05', '1:00']);
});
