// Small timing helpers: debounce for search as you type, and the double
// Escape that means "leave". Pure: only setTimeout/clearTimeout, no DOM.

/**
 * Calls `fn` once calls have stopped for `ms` milliseconds, with the latest arguments.
 * `flush()` runs a pending call now (Enter in the search box); `cancel()` drops it (Leave).
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  /** @type {A | null} */
  let pending = null;
  const run = () => {
    timer = null;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  /** @param {A} args */
  const debounced = (...args) => {
    pending = args;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    if (timer !== null) clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  debounced.pending = () => pending !== null;
  return debounced;
}

/**
 * Detects a key pressed twice within `windowMs`: call it with the time of each
 * press; it returns true on the second press of a pair, then starts afresh so a
 * third press does not count twice.
 * @param {number} windowMs
 */
export function doublePress(windowMs) {
  let last = -Infinity;
  /** @param {number} now */
  return (now) => {
    if (now - last <= windowMs) {
      last = -Infinity;
      return true;
    }
    last = now;
    return false;
  };
}

/**
 * Whether a key press should be left alone because the person is typing.
 * @param {{ tagName?: string, type?: string, isContentEditable?: boolean } | null} target
 */
export function isTypingTarget(target) {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = String(target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = String(target.type ?? 'text').toLowerCase();
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type);
}

/**
 * The new index when moving through a list with the arrow keys; -1 means
 * "back to the search box" when moving up from the first item.
 * @param {number} current index, or -1 when in the search box
 * @param {number} count
 * @param {'up' | 'down'} direction
 */
export function moveIndex(current, count, direction) {
  if (count <= 0) return -1;
  if (direction === 'down') return Math.min(current + 1, count - 1);
  return Math.max(current - 1, -1);
}
