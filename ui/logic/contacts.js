// Sorting and filtering the support directory for the Help now page.
// Pure: no DOM, no window.

/**
 * @typedef {{
 *   id: string, name: string, group: 'urgent' | 'confidential' | 'workplace' | 'organisation',
 *   who: string, offers: string, phone: string | null, text: string | null, email: string | null,
 *   web: string | null, hours: string | null, nations: string[], professions: string[],
 *   notes: string | null, seen: string | null, seenAt: string
 * }} Contact
 */

/** Digits only, so "9 9 9" and "999" compare equal. @param {string | null} phone */
function digits(phone) {
  return typeof phone === 'string' ? phone.replace(/\D/g, '') : '';
}

/**
 * The care-card level a contact belongs to. The contract has no level field,
 * so the emergency line is recognised by its number: 999 (and 112, which also
 * works in the UK) are emergencies; every other urgent route is urgent.
 * @param {Contact} contact
 * @returns {'emergency' | 'urgent' | 'confidential' | 'workplace' | 'organisation'}
 */
export function contactLevel(contact) {
  if (contact.group === 'urgent') {
    const d = digits(contact.phone);
    return d === '999' || d === '112' ? 'emergency' : 'urgent';
  }
  return contact.group;
}

/**
 * Splits contacts into the blocks of the Help now page, keeping their order.
 * @param {Contact[]} contacts
 */
export function groupContacts(contacts) {
  /** @type {Record<'emergency' | 'urgent' | 'confidential' | 'workplace' | 'organisation', Contact[]>} */
  const res = { emergency: [], urgent: [], confidential: [], workplace: [], organisation: [] };
  for (const contact of Array.isArray(contacts) ? contacts : []) {
    if (!contact || typeof contact !== 'object') continue;
    const level = contactLevel(contact);
    if (Object.hasOwn(res, level)) res[level].push(contact);
  }
  return res;
}

/**
 * Keeps the contacts that serve a profession in a nation. An empty choice means
 * "any". A contact for `all` professions or the whole `uk` always matches, so
 * choosing a filter never hides a service that would in fact help.
 * @param {Contact[]} contacts
 * @param {{ profession?: string, nation?: string }} filter
 */
export function filterContacts(contacts, { profession = '', nation = '' } = {}) {
  return contacts.filter((c) => {
    const professions = Array.isArray(c.professions) ? c.professions : [];
    const nations = Array.isArray(c.nations) ? c.nations : [];
    const professionOk =
      !profession || professions.length === 0 || professions.includes('all') || professions.includes(profession);
    const nationOk = !nation || nations.length === 0 || nations.includes('uk') || nations.includes(nation);
    return professionOk && nationOk;
  });
}

/**
 * The values present in a field across contacts, without the catch-all value,
 * in the order of `known` (then any unknown ones), for building a select.
 * @param {Contact[]} contacts
 * @param {'professions' | 'nations'} field
 * @param {string[]} known
 */
export function optionsPresent(contacts, field, known) {
  const seen = new Set();
  for (const c of contacts) for (const v of Array.isArray(c[field]) ? c[field] : []) seen.add(v);
  seen.delete('all');
  seen.delete('uk');
  const res = known.filter((k) => seen.has(k));
  for (const v of seen) if (!known.includes(v)) res.push(v);
  return res;
}

/**
 * The number as a person would dial it: spaces kept, anything else dropped.
 * Used for what the Copy button copies.
 * @param {string} phone
 */
export function dialable(phone) {
  return String(phone ?? '').replace(/[^\d+ ]/g, '').replace(/\s+/g, ' ').trim();
}
