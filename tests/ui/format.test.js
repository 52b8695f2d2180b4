// Dates, reading times and labels: what people read on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDate, formatReadingTime, formatMinutesShort, kindLabel, formatNations, joinWords, resultCountText, shortHash, describeLibrary,
} from '../../ui/logic/format.js';

test('dates are British English calendar dates', () => {
  // "Last reviewed" and the dates of contacts' details must read naturally and never shift by a day.
  assert.equal(formatDate('2026-11-01'), '1 November 2026');
  assert.equal(formatDate('2026-01-31'), '31 January 2026');
  assert.equal(formatDate('2026-11-24T23:59:00Z'), '24 November 2026');
});

test('an unreadable date is shown as it is, not hidden', () => {
  assert.equal(formatDate('soon'), 'soon');
  assert.equal(formatDate('2026-13-01'), '2026-13-01');
  assert.equal(formatDate(null), '');
});

test('reading time reads as a sentence', () => {
  assert.equal(formatReadingTime(7), 'About 7 minutes to read');
  assert.equal(formatReadingTime(1), 'About 1 minute to read');
  assert.equal(formatReadingTime(0), 'Less than a minute to read');
  assert.equal(formatReadingTime(undefined), 'Less than a minute to read');
  assert.equal(formatMinutesShort(4.4), '4 min');
  assert.equal(formatMinutesShort(0), '1 min');
});

test('stories are labelled as illustrative accounts', () => {
  assert.equal(kindLabel('story'), 'Illustrative account');
  assert.equal(kindLabel('case-study'), 'Case study');
  assert.equal(kindLabel('workshop'), 'Session plan');
  assert.equal(kindLabel('toString'), 'Page');
  assert.equal(kindLabel('unknown'), 'Page');
});

test('nations read as a list, or UK-wide', () => {
  assert.equal(formatNations(['uk']), 'UK-wide');
  assert.equal(formatNations(['england']), 'England');
  assert.equal(formatNations(['england', 'wales', 'northern-ireland']), 'England, Wales and Northern Ireland');
  assert.equal(joinWords([]), '');
  assert.equal(joinWords(['a', 'b']), 'a and b');
});

test('the result count is announced with its query', () => {
  assert.equal(resultCountText(0, 'xyz'), 'No results for “xyz”');
  assert.equal(resultCountText(1, ' sleep '), '1 result for “sleep”');
  assert.equal(resultCountText(12, 'sleep'), '12 results for “sleep”');
  assert.equal(resultCountText(-3, ''), 'No results');
});

test('content hashes are shortened for people', () => {
  assert.equal(shortHash('3f9c2a1b7e5d4c0a'), '3f9c2a1');
  assert.equal(shortHash(undefined), '');
});

test('a contact says where its details come from, at the precision of its source, or that the date is not known', async () => {
  const { formatPartialDate, formatProvenance } = await import('../../ui/logic/format.js');
  assert.equal(formatPartialDate('2024'), '2024');
  assert.equal(formatPartialDate('2024-08'), 'August 2024');
  assert.equal(formatPartialDate('2024-08-15'), '15 August 2024');
  assert.equal(formatProvenance('2024-08', 'the NHS 111 pages'), 'Details as published by the NHS 111 pages, August 2024.');
  assert.equal(formatProvenance(null, 'samaritans.org'), 'Details from samaritans.org. Date not known: check before relying on it.');
  assert.equal(formatProvenance('', ''), 'Date not known: check before relying on it.');
});

test('describeLibrary names the edition, publisher, date and where the library came from', () => {
  assert.equal(
    describeLibrary({ edition: 2, publisher: 'Second Victim Support', contentDate: '2026-12-05', origin: 'builtIn' }),
    'Edition 2 of the library from Second Victim Support, 5 December 2026: built into this app.',
  );
  assert.equal(
    describeLibrary({ edition: 7, publisher: 'Test Trust', contentDate: '2026-12-01', origin: 'pack', keyId: 'ABCDEF0123456789' }),
    'Edition 7 of the library from Test Trust, 1 December 2026: installed from a library pack, signed and unchanged (key ABCDEF0123456789).',
  );
  assert.match(describeLibrary({ edition: 0, publisher: '', contentDate: '', origin: 'builtIn' }), /^An unpublished edition of the library: built into this app\.$/);
});
