// The only module that talks to the Rust side (and the only one that touches
// window.__TAURI_INTERNALS__). One export per IPC command in the contract, named as the
// camelCase twin of the command. Every call returns a Promise; failures reject
// with a CommandError, including when the page runs outside the app.

/**
 * @typedef {'article' | 'story' | 'research' | 'resource' | 'case-study' | 'workshop'} Kind
 * @typedef {'involved' | 'colleague' | 'manager' | 'organisation' | 'trainer'} Audience
 * @typedef {{ kind: 'notFound' | 'invalidInput' | 'unavailable' | 'refused' | 'notAllowed' | 'internal', message: string }} CommandError
 * @typedef {{ slug: string, title: string, summary: string, section: string, sectionTitle: string,
 *   kind: Kind, readingMinutes: number, contentWarning: string | null }} ItemSummary
 * @typedef {{ id: string, title: string, summary: string, count: number }} Section
 * @typedef {{ level: 2 | 3 | 4, id: string, text: string }} TocEntry
 * @typedef {{ cite: string, doi: string | null, url: string | null }} Source
 * @typedef {{ slug: string, title: string, summary: string, section: string, sectionTitle: string,
 *   kind: Kind, audiences: string[], tags: string[], reviewed: string, contentWarning: string | null,
 *   readingMinutes: number, html: string, toc: TocEntry[], sources: Source[], related: ItemSummary[],
 *   prev: ItemSummary | null, next: ItemSummary | null, matchedTerms: string[], urgentHelp: boolean }} Item
 *   (`matchedTerms`: the words of the page that the search it was opened from matched, folded, to highlight;
 *   `urgentHelp`: the page ends with the urgent routes, drawn from the support directory)
 * @typedef {{ title: string, minutes: number, kind: 'screen' | 'story' | 'signposting', screen: string,
 *   notes: string, story: ItemSummary | null }} Slide
 *   (`screen`: sanitised HTML for the audience; `notes`: for the presenter alone)
 * @typedef {{ workshop: ItemSummary, minutes: number, slides: Slide[] }} Presentation
 * @typedef {{ name: string, phone: string | null, text: string | null }} Signpost
 * @typedef {{ workshop: string, index: number, count: number, title: string, kind: 'screen' | 'story' | 'signposting',
 *   screen: string, storyTitle: string | null, storyWarning: string | null, signposts: Signpost[],
 *   blank: '' | 'black' | 'white' }} AudienceSlide
 * @typedef {{ secondDisplay: boolean }} AudienceOpened
 * @typedef {{ slug: string, title: string, summary: string, why: string }} PathwayStep
 * @typedef {{ id: string, title: string, summary: string, steps: PathwayStep[] }} Pathway
 * @typedef {{ questions: ItemSummary[], pathways: Pathway[], sections: Section[] }} Home
 * @typedef {{ id: string, title: string, summary: string, items: ItemSummary[] }} SectionPage
 * @typedef {{ text: string, mark: boolean }} SnippetPart
 * @typedef {{ type: 'item', slug: string, title: string, section: string, sectionTitle: string, kind: Kind,
 *   snippet: SnippetPart[], rank: number, pinned: boolean }} ItemHit
 *   (`pinned`: an item about getting help, first because the query matched the crisis list)
 * @typedef {{ type: 'service', contact: Contact, rank: number }} ServiceHit
 * @typedef {ItemHit | ServiceHit} SearchHit
 * @typedef {{ total: number, hits: SearchHit[], suggestion: string | null, fallback: boolean,
 *   crisis: boolean, corrected: string | null }} SearchResults
 *   (`crisis`: show the urgent cards above the results; `corrected`: the query searched instead)
 * @typedef {{ query: string, section: string | null, audience: string | null, kind: string | null,
 *   exact: boolean, limit: number, offset: number }} SearchArgs
 * @typedef {import('./logic/contacts.js').Contact} Contact
 * @typedef {{ contacts: Contact[], organisation: Contact[], organisationError: string | null }} Contacts
 * @typedef {import('./logic/bookmarks.js').Bookmark} Bookmark
 * @typedef {{ bookmarks: Bookmark[], collections: string[] }} Bookmarks
 * @typedef {import('./logic/prefs.js').Preferences} Preferences
 * @typedef {{ appVersion: string, contentHash: string, contentDate: string, itemCount: number,
 *   dataDir: string, edition: number, publisher: string, origin: 'builtIn' | 'pack', keyId: string | null,
 *   keySource: string | null, packCreated: string | null, packPath: string | null }} About
 * @typedef {{ sharedComputer: boolean, idleSeconds: number, importExport: boolean }} Policy
 * @typedef {{ path: string, count: number }} Exported
 * @typedef {{ added: number, alreadyThere: number, unknownSlugs: string[] }} Imported
 * @typedef {{ removed: string[], notRemoved: string[] }} Cleared
 *
 * The wire types above are checked against src-tauri/src/ipc.rs by tests/it/tidy.rs: a field added, renamed
 * or removed on one side only fails the test.
 */

/**
 * @param {string} cmd
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
function call(cmd, args = {}) {
  // Tauri's own IPC bridge, which it injects into every page (the same call @tauri-apps/api's invoke makes);
  // the global API bundle (withGlobalTauri) is off, so nothing else of Tauri is on window.
  const internals = /** @type {any} */ (window).__TAURI_INTERNALS__;
  if (!internals || typeof internals.invoke !== 'function') {
    /** @type {CommandError} */
    const err = { kind: 'internal', message: 'window.__TAURI_INTERNALS__ is missing: the page is not running inside the app' };
    return Promise.reject(err);
  }
  try {
    return Promise.resolve(internals.invoke(cmd, args));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** @returns {Promise<Home>} */
export const getHome = () => call('get_home');

/** @param {string} id @returns {Promise<SectionPage>} */
export const getSection = (id) => call('get_section', { id });

/** @param {string} slug @param {string} [query] the search the page was opened from @returns {Promise<Item>} */
export const getItem = (slug, query = '') => call('get_item', { slug, query: query || null });

/** @param {string} slug a workshop @returns {Promise<Presentation>} */
export const getPresentation = (slug) => call('get_presentation', { slug });

/**
 * Opens the audience window: full screen on a second display if there is one, otherwise a window (unless
 * `onlyOnASecondDisplay`, when nothing opens).
 * @param {boolean} onlyOnASecondDisplay @returns {Promise<AudienceOpened>}
 */
export const openAudience = (onlyOnASecondDisplay) => call('open_audience', { onlyOnASecondDisplay });

/**
 * Shows slide `index` of a workshop in the audience window (the core picks what it shows; never the notes).
 * @param {string} slug @param {number} index @param {'' | 'black' | 'white'} blank @returns {Promise<void>}
 */
export const showAudienceSlide = (slug, index, blank) => call('show_audience_slide', { slug, index, blank });

/** The audience window's current slide. @returns {Promise<AudienceSlide | null>} */
export const getAudienceSlide = () => call('get_audience_slide');

/** Passes a key pressed in the audience window on to the presenter. @param {string} key @returns {Promise<void>} */
export const presentKey = (key) => call('present_key', { key });

/** Closes the audience window. @returns {Promise<void>} */
export const closeAudience = () => call('close_audience');

/**
 * Listens for an event the Rust side emits to this window (Tauri's event plugin, as @tauri-apps/api's
 * listen calls it). Resolves to a function that stops listening.
 * @param {'audience-slide' | 'present-key'} event
 * @param {(payload: any) => void} handler
 * @returns {Promise<() => void>}
 */
export async function listen(event, handler) {
  const internals = /** @type {any} */ (window).__TAURI_INTERNALS__;
  if (!internals || typeof internals.transformCallback !== 'function') return () => {};
  const handle = internals.transformCallback((/** @type {{ payload: any }} */ e) => handler(e.payload));
  const id = await internals.invoke('plugin:event|listen', { event, target: { kind: 'Any' }, handler: handle });
  return () => {
    void internals.invoke('plugin:event|unlisten', { event, eventId: id });
  };
}

/**
 * Writes one collection to a file another copy of the app imports as that collection (a session pack),
 * where the person chooses in the system's save dialog. Resolves to null when they cancel.
 * @param {string} collection @returns {Promise<Exported | null>}
 */
export const exportCollection = (collection) => call('export_collection', { collection });

/**
 * Saves a handout (one page, or a pack of several with a contents page) as one self-contained HTML file,
 * where the person chooses in the system's save dialog. Resolves to null when they cancel.
 * @param {string[]} slugs @param {string} title @returns {Promise<Exported | null>}
 */
export const saveHandout = (slugs, title) => call('save_handout', { slugs, title });

/** @param {SearchArgs} args @returns {Promise<SearchResults>} */
export const searchItems = ({ query, section, audience, kind, exact, limit, offset }) =>
  call('search_items', { query, section, audience, kind, exact, limit, offset });

/** @returns {Promise<Contacts>} */
export const listContacts = () => call('list_contacts');

/** @returns {Promise<Bookmarks>} */
export const listBookmarks = () => call('list_bookmarks');

/** @param {string} slug @param {string | null} collection @returns {Promise<null>} */
export const addBookmark = (slug, collection) => call('add_bookmark', { slug, collection });

/** @param {string} slug @returns {Promise<null>} */
export const removeBookmark = (slug) => call('remove_bookmark', { slug });

/** @param {string} slug @param {string} collection @returns {Promise<null>} */
export const moveBookmark = (slug, collection) => call('move_bookmark', { slug, collection });

/** @param {string} name @returns {Promise<null>} */
export const createCollection = (name) => call('create_collection', { name });

/** @param {string} name @returns {Promise<null>} */
export const deleteCollection = (name) => call('delete_collection', { name });

/** Opens the native save dialog. @returns {Promise<Exported | null>} */
export const exportBookmarks = () => call('export_bookmarks');

/** Opens the native open dialog. @returns {Promise<Imported | null>} */
export const importBookmarks = () => call('import_bookmarks');

/** @returns {Promise<Preferences>} */
export const getPreferences = () => call('get_preferences');

/** @param {Preferences} preferences @returns {Promise<null>} */
export const setPreferences = (preferences) => call('set_preferences', { preferences });

/** @returns {Promise<Cleared>} */
export const clearMyData = () => call('clear_my_data');

/** @returns {Promise<About>} */
export const getAbout = () => call('get_about');

/** @returns {Promise<string[]>} */
export const getNotices = () => call('get_notices');

/** The organisation's policy for this computer. @returns {Promise<Policy>} */
export const getPolicy = () => call('get_policy');

/** Opens the native open dialog, then checks and installs the pack. @returns {Promise<About | null>} */
export const installLibraryPack = () => call('install_library_pack');
