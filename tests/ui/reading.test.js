import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passages, DISCUSSION_PROMPTS } from '../../ui/logic/reading.js';

const p = (words) => ({ heading: false, words });
const h = { heading: true, words: 3 };

test('paragraphs are grouped up to the screen size, and a long one stands alone', () => {
  assert.deepEqual(passages([p(40), p(40), p(40), p(200), p(10)], 110), [[0, 1], [2], [3], [4]]);
});

test('a heading starts a passage and stays with the text after it', () => {
  assert.deepEqual(passages([p(30), h, p(50), p(50), h, p(90)], 110), [[0], [1, 2, 3], [4, 5]]);
});

test('an empty story has no passages, and there are questions to ask after one', () => {
  assert.deepEqual(passages([]), []);
  assert.ok(DISCUSSION_PROMPTS.length >= 3);
});
