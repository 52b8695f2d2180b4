// Preferences: whatever the core returns, the page gets a valid theme, size and motion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePreferences, htmlAttributes, DEFAULT_PREFERENCES } from '../../ui/logic/prefs.js';

const SYSTEM = { dark: false, moreContrast: false, reduceMotion: false };

test('valid preferences pass through', () => {
  const p = { theme: 'high-contrast', textSize: 175, reducedMotion: 'on' };
  assert.deepEqual(normalizePreferences(p), p);
  assert.deepEqual(normalizePreferences({ ...p, textSize: '150' }), { ...p, textSize: 150 });
});

test('unknown values fall back to the defaults one by one', () => {
  // A damaged preference must not leave the app unreadable.
  assert.deepEqual(normalizePreferences({ theme: 'neon', textSize: 400, reducedMotion: 'maybe' }), DEFAULT_PREFERENCES);
  assert.deepEqual(normalizePreferences(null), DEFAULT_PREFERENCES);
  assert.deepEqual(normalizePreferences({ theme: 'dark' }), { ...DEFAULT_PREFERENCES, theme: 'dark' });
});

test('an explicit theme wins over the system', () => {
  assert.equal(htmlAttributes({ ...DEFAULT_PREFERENCES, theme: 'light' }, { ...SYSTEM, dark: true })['data-theme'], 'light');
  assert.equal(htmlAttributes({ ...DEFAULT_PREFERENCES, theme: 'dark' }, SYSTEM)['data-theme'], 'dark');
});

test('"system" follows dark mode and the high-contrast request', () => {
  assert.equal(htmlAttributes(DEFAULT_PREFERENCES, SYSTEM)['data-theme'], 'light');
  assert.equal(htmlAttributes(DEFAULT_PREFERENCES, { ...SYSTEM, dark: true })['data-theme'], 'dark');
  assert.equal(htmlAttributes(DEFAULT_PREFERENCES, { ...SYSTEM, dark: true, moreContrast: true })['data-theme'], 'high-contrast');
});

test('motion: on means reduce, off means full, system follows the OS', () => {
  const at = (reducedMotion, reduceMotion) =>
    htmlAttributes({ ...DEFAULT_PREFERENCES, reducedMotion }, { ...SYSTEM, reduceMotion })['data-motion'];
  assert.equal(at('on', false), 'reduce');
  assert.equal(at('off', true), 'full');
  assert.equal(at('system', true), 'reduce');
  assert.equal(at('system', false), 'full');
});

test('text size becomes the attribute the stylesheet scales by', () => {
  assert.equal(htmlAttributes({ ...DEFAULT_PREFERENCES, textSize: 200 }, SYSTEM)['data-text-size'], '200');
});
