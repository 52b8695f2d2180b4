// Preferences: checking what the core returns, and deciding what to apply.
// Pure: the caller reads the system settings (media queries) and sets the attributes.

/**
 * @typedef {'system' | 'light' | 'dark' | 'high-contrast'} Theme
 * @typedef {100 | 125 | 150 | 175 | 200} TextSize
 * @typedef {'system' | 'on' | 'off'} ReducedMotion
 * @typedef {{ theme: Theme, textSize: TextSize, reducedMotion: ReducedMotion }} Preferences
 */

export const THEMES = /** @type {const} */ (['system', 'light', 'dark', 'high-contrast']);
export const TEXT_SIZES = /** @type {const} */ ([100, 125, 150, 175, 200]);
export const MOTIONS = /** @type {const} */ (['system', 'on', 'off']);

/** @type {Preferences} */
export const DEFAULT_PREFERENCES = Object.freeze({ theme: 'system', textSize: 100, reducedMotion: 'system' });

/**
 * Returns valid preferences whatever comes in; unknown values fall back to the defaults.
 * @param {unknown} raw
 * @returns {Preferences}
 */
export function normalizePreferences(raw) {
  const p = raw && typeof raw === 'object' ? /** @type {Record<string, unknown>} */ (raw) : {};
  const theme = THEMES.includes(/** @type {any} */ (p.theme)) ? /** @type {Theme} */ (p.theme) : DEFAULT_PREFERENCES.theme;
  const size = Number(p.textSize);
  const textSize = TEXT_SIZES.includes(/** @type {any} */ (size)) ? /** @type {TextSize} */ (size) : DEFAULT_PREFERENCES.textSize;
  const reducedMotion = MOTIONS.includes(/** @type {any} */ (p.reducedMotion))
    ? /** @type {ReducedMotion} */ (p.reducedMotion)
    : DEFAULT_PREFERENCES.reducedMotion;
  return { theme, textSize, reducedMotion };
}

/**
 * The attributes to put on <html> for these preferences and system settings.
 * "system" follows the operating system: its dark mode, and its high-contrast
 * request (prefers-contrast: more or forced colours).
 * @param {Preferences} prefs
 * @param {{ dark: boolean, moreContrast: boolean, reduceMotion: boolean }} system
 * @returns {{ 'data-theme': 'light' | 'dark' | 'high-contrast', 'data-text-size': string, 'data-motion': 'reduce' | 'full' }}
 */
export function htmlAttributes(prefs, system) {
  let theme;
  if (prefs.theme !== 'system') theme = prefs.theme;
  else if (system.moreContrast) theme = 'high-contrast';
  else theme = system.dark ? 'dark' : 'light';
  let motion;
  if (prefs.reducedMotion === 'on') motion = 'reduce';
  else if (prefs.reducedMotion === 'off') motion = 'full';
  else motion = system.reduceMotion ? 'reduce' : 'full';
  return {
    'data-theme': /** @type {'light' | 'dark' | 'high-contrast'} */ (theme),
    'data-text-size': String(prefs.textSize),
    'data-motion': /** @type {'reduce' | 'full'} */ (motion),
  };
}
