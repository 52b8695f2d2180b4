// Words the UI shows for dates, reading times and the content's fixed vocabularies.
// Pure: no DOM, no window, no Intl time zones (dates are calendar dates, not instants).

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/**
 * Formats a calendar date as British English: "2026-11-01" -> "1 November 2026".
 * Accepts a full timestamp too and uses only its date. Unreadable input is
 * returned unchanged rather than hidden, so a wrong date can still be seen.
 * @param {string | null | undefined} iso
 */
export function formatDate(iso) {
  if (typeof iso !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return iso;
  return `${day} ${MONTHS[month - 1]} ${m[1]}`;
}

/**
 * A date at the precision its source gives it: "2024" -> "2024", "2024-08" -> "August 2024",
 * "2024-08-15" -> "15 August 2024". Anything else is returned unchanged.
 * @param {string | null | undefined} text
 */
export function formatPartialDate(text) {
  if (typeof text !== 'string') return '';
  if (/^\d{4}$/.test(text)) return text;
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? `${MONTHS[month - 1]} ${m[1]}` : text;
  }
  return formatDate(text);
}

/**
 * The line under a contact that says where its details come from and when: "Details as published by
 * <source>, August 2024", or, when no source gives a date, "Date not known: check before relying on it".
 * @param {string | null | undefined} seen `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or null
 * @param {string | null | undefined} seenAt the source
 */
export function formatProvenance(seen, seenAt) {
  const source = typeof seenAt === 'string' && seenAt.trim() ? seenAt.trim() : '';
  if (typeof seen !== 'string' || !seen) {
    return source
      ? `Details from ${source}. Date not known: check before relying on it.`
      : 'Date not known: check before relying on it.';
  }
  return source ? `Details as published by ${source}, ${formatPartialDate(seen)}.` : `Details as published ${formatPartialDate(seen)}.`;
}

/**
 * "About 4 minutes to read". A zero or missing value means a very short page.
 * @param {number | null | undefined} minutes
 */
export function formatReadingTime(minutes) {
  const n = Math.round(Number(minutes));
  if (!Number.isFinite(n) || n < 1) return 'Less than a minute to read';
  if (n === 1) return 'About 1 minute to read';
  return `About ${n} minutes to read`;
}

/** "4 min": the short form used in lists. @param {number | null | undefined} minutes */
export function formatMinutesShort(minutes) {
  const n = Math.round(Number(minutes));
  if (!Number.isFinite(n) || n < 1) return '1 min';
  return `${n} min`;
}

/** The kind labels, as a reader would say them. */
export const KIND_LABELS = /** @type {const} */ ({
  article: 'Guide',
  story: 'Illustrative account',
  research: 'Research summary',
  resource: 'Resource',
  'case-study': 'Case study',
  workshop: 'Session plan',
});

/** @param {string} kind */
export function kindLabel(kind) {
  return Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[/** @type {keyof KIND_LABELS} */ (kind)] : 'Page';
}

/** Audience filter values (ipc.md) and how the filter names them. */
export const AUDIENCE_LABELS = /** @type {const} */ ({
  involved: 'People involved in an incident',
  colleague: 'Colleagues',
  manager: 'Managers',
  organisation: 'Organisations',
  trainer: 'Trainers',
});

/** Profession values (content/README.md) and their names in the Help now filter. */
export const PROFESSION_LABELS = /** @type {const} */ ({
  doctor: 'Doctor',
  nurse: 'Nurse',
  midwife: 'Midwife',
  dentist: 'Dentist or dental team',
  pharmacist: 'Pharmacist or pharmacy team',
  paramedic: 'Paramedic',
  'healthcare-assistant': 'Healthcare assistant',
  'allied-health': 'Allied health professional',
  student: 'Student or trainee',
  'non-clinical': 'Non-clinical staff',
});

/** Nation values (content/README.md) and their names in the Help now filter. */
export const NATION_LABELS = /** @type {const} */ ({
  england: 'England',
  scotland: 'Scotland',
  wales: 'Wales',
  'northern-ireland': 'Northern Ireland',
});

/**
 * "in England and Wales" style list of nations; "UK-wide" when a contact covers the UK.
 * @param {string[]} nations
 */
export function formatNations(nations) {
  if (!Array.isArray(nations) || nations.length === 0 || nations.includes('uk')) return 'UK-wide';
  const names = nations.map((n) => (Object.hasOwn(NATION_LABELS, n) ? NATION_LABELS[/** @type {keyof NATION_LABELS} */ (n)] : n));
  return joinWords(names);
}

/**
 * Joins words the way a person writes a list: "a", "a and b", "a, b and c".
 * @param {string[]} words
 */
export function joinWords(words) {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * "12 results" / "1 result" / "No results", with the query for screen readers.
 * Results are pages and support services, so neither word alone would be true.
 * @param {number} total
 * @param {string} query
 */
export function resultCountText(total, query) {
  const q = query.trim();
  const n = Math.max(0, Math.floor(Number(total) || 0));
  const what = n === 0 ? 'No results' : n === 1 ? '1 result' : `${n} results`;
  return q ? `${what} for “${q}”` : what;
}

/** The first 7 characters of a content hash, as people read commit ids. @param {string} hash */
export function shortHash(hash) {
  return typeof hash === 'string' ? hash.slice(0, 7) : '';
}

/**
 * One sentence naming the library in use: its edition, publisher and date, and
 * whether it is built into the app or a signed pack (with the key that signed it).
 * @param {{ edition: number, publisher: string, contentDate: string, origin: string, keyId?: string | null }} about
 */
export function describeLibrary(about) {
  const edition = about.edition > 0 ? `Edition ${about.edition}` : 'An unpublished edition';
  const by = about.publisher ? ` from ${about.publisher}` : '';
  const date = about.contentDate ? `, ${formatDate(about.contentDate)}` : '';
  const origin = about.origin === 'pack'
    ? `installed from a library pack, signed and unchanged (key ${about.keyId ?? 'unknown'})`
    : 'built into this app';
  return `${edition} of the library${by}${date}: ${origin}.`;
}
