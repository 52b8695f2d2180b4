// Help now: the right services for a person's role and nation, in the right care-card level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactLevel, groupContacts, filterContacts, optionsPresent, dialable } from '../../ui/logic/contacts.js';

/** A contact with just the fields these tests need. */
const c = (id, group, { phone = null, nations = ['uk'], professions = ['all'] } = {}) => ({
  id, name: id, group, who: '', offers: '', phone, text: null, email: null, web: null, hours: null,
  nations, professions, notes: null, seen: '2026-11-01', seenAt: 'x',
});

const DIRECTORY = [
  c('999', 'urgent', { phone: '999' }),
  c('nhs-111', 'urgent', { phone: '111', nations: ['england'] }),
  c('samaritans', 'urgent', { phone: '116 123' }),
  c('practitioner-health', 'confidential', { nations: ['england'], professions: ['doctor', 'dentist'] }),
  c('nmc-careline', 'confidential', { professions: ['nurse', 'midwife'] }),
  c('hhp-wales', 'confidential', { nations: ['wales'] }),
  c('occupational-health', 'workplace'),
];

test('999 is an emergency; the other urgent routes are urgent', () => {
  // The emergency card (red and dark grey) must hold 999 and nothing softer.
  assert.equal(contactLevel(c('x', 'urgent', { phone: '999' })), 'emergency');
  assert.equal(contactLevel(c('x', 'urgent', { phone: '9 9 9' })), 'emergency');
  assert.equal(contactLevel(c('x', 'urgent', { phone: '116 123' })), 'urgent');
  assert.equal(contactLevel(c('x', 'urgent')), 'urgent');
  assert.equal(contactLevel(c('x', 'confidential', { phone: '999' })), 'confidential');
});

test('groupContacts splits the directory into the page blocks, keeping order', () => {
  const g = groupContacts(DIRECTORY);
  assert.deepEqual(g.emergency.map((x) => x.id), ['999']);
  assert.deepEqual(g.urgent.map((x) => x.id), ['nhs-111', 'samaritans']);
  assert.deepEqual(g.confidential.map((x) => x.id), ['practitioner-health', 'nmc-careline', 'hhp-wales']);
  assert.deepEqual(g.workplace.map((x) => x.id), ['occupational-health']);
  assert.deepEqual(groupContacts(null).urgent, []);
});

test('filtering by role keeps services for that role and for everyone', () => {
  const ids = (list) => list.map((x) => x.id);
  const confidential = groupContacts(DIRECTORY).confidential;
  assert.deepEqual(ids(filterContacts(confidential, { profession: 'nurse' })), ['nmc-careline', 'hhp-wales']);
  assert.deepEqual(ids(filterContacts(confidential, { profession: 'dentist' })), ['practitioner-health', 'hhp-wales']);
  assert.deepEqual(ids(filterContacts(confidential, {})), ['practitioner-health', 'nmc-careline', 'hhp-wales']);
});

test('filtering by nation keeps UK-wide services and that nation', () => {
  const ids = (list) => list.map((x) => x.id);
  const confidential = groupContacts(DIRECTORY).confidential;
  // A doctor in Wales must not be shown an England-only service.
  assert.deepEqual(ids(filterContacts(confidential, { nation: 'wales' })), ['nmc-careline', 'hhp-wales']);
  assert.deepEqual(ids(filterContacts(confidential, { nation: 'wales', profession: 'doctor' })), ['hhp-wales']);
  assert.deepEqual(ids(filterContacts(confidential, { nation: 'england', profession: 'doctor' })), ['practitioner-health']);
});

test('optionsPresent lists only values that would change the list, in a stable order', () => {
  const confidential = groupContacts(DIRECTORY).confidential;
  assert.deepEqual(optionsPresent(confidential, 'professions', ['doctor', 'nurse', 'midwife', 'dentist', 'pharmacist']), ['doctor', 'nurse', 'midwife', 'dentist']);
  assert.deepEqual(optionsPresent(confidential, 'nations', ['england', 'scotland', 'wales']), ['england', 'wales']);
  assert.deepEqual(optionsPresent([c('x', 'confidential', { professions: ['porter'] })], 'professions', ['doctor']), ['porter']);
});

test('dialable copies the number as people dial it', () => {
  assert.equal(dialable(' 116  123 '), '116 123');
  assert.equal(dialable('+44 (0)20 7383-6707'), '+44 020 73836707');
  assert.equal(dialable(null), '');
});
