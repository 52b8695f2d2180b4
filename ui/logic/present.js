// Presenting a workshop: the keys a presentation clicker sends, the segment timer and the timings table.
// Pure: no DOM, no clock of its own (times are passed in), so node tests can drive it.

/**
 * @typedef {'' | 'black' | 'white'} Blank
 * @typedef {{ index: number, count: number, blank: Blank, digits: string }} Deck
 *   (`digits`: a slide number being typed, jumped to on Enter)
 * @typedef {'next' | 'prev' | 'first' | 'last' | 'black' | 'white' | 'end' | 'toggle' | 'digit' | 'jump' | null} Action
 */

/**
 * What a key does while presenting: Right, Space, PageDown (a clicker's forward button) and Enter without a
 * number go forward; Left, PageUp and Backspace back; Home and End the first and last slide; B a black
 * screen and W a white one (the same key again, or any move, brings the slide back); a number then Enter
 * jumps to that slide; Esc ends; A switches between the presenter's and the audience's view.
 * @param {string} key KeyboardEvent.key
 * @returns {Action}
 */
export function actionFor(key) {
  switch (key) {
    case 'ArrowRight':
    case ' ':
    case 'Spacebar':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
    case 'Backspace':
      return 'prev';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'b':
    case 'B':
    case '.':
      return 'black';
    case 'w':
    case 'W':
    case ',':
      return 'white';
    case 'Escape':
      return 'end';
    case 'a':
    case 'A':
      return 'toggle';
    case 'Enter':
      return 'jump';
    default:
      return /^[0-9]$/.test(key) ? 'digit' : null;
  }
}

/**
 * The deck after a key. `end` and `toggle` leave the deck as it is (the view acts on them).
 * @param {Deck} deck
 * @param {string} key
 * @returns {Deck}
 */
export function press(deck, key) {
  const action = actionFor(key);
  const last = Math.max(0, deck.count - 1);
  const go = (/** @type {number} */ index) => ({ ...deck, index: Math.min(last, Math.max(0, index)), blank: /** @type {Blank} */ (''), digits: '' });
  switch (action) {
    case 'next':
      return go(deck.index + 1);
    case 'prev':
      return go(deck.index - 1);
    case 'first':
      return go(0);
    case 'last':
      return go(last);
    case 'black':
    case 'white':
      return { ...deck, blank: deck.blank === action ? '' : action, digits: '' };
    case 'digit':
      return { ...deck, digits: (deck.digits + key).slice(-3) };
    case 'jump': {
      if (!deck.digits) return go(deck.index + 1);
      const n = Number(deck.digits);
      return n >= 1 && n <= deck.count ? go(n - 1) : { ...deck, digits: '' };
    }
    default:
      return deck;
  }
}

/**
 * `m:ss` (or `h:mm:ss`) for a duration in milliseconds; negative durations count as zero.
 * @param {number} ms
 */
export function formatClock(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The share of a segment's time after which its timer turns amber. */
export const NEAR_END = 0.8;

/**
 * A segment's timer: elapsed against planned, and whether it is fine, near its end (amber) or over (red).
 * @param {number} elapsedMs
 * @param {number} minutes planned
 * @returns {{ text: string, state: 'ok' | 'near' | 'over', label: string }}
 */
export function segmentTimer(elapsedMs, minutes) {
  const planned = minutes * 60_000;
  const state = elapsedMs > planned ? 'over' : elapsedMs >= planned * NEAR_END ? 'near' : 'ok';
  const text = `${formatClock(elapsedMs)} of ${formatClock(planned)}`;
  const label = state === 'over'
    ? `${formatClock(elapsedMs - planned)} over the planned ${minutes} minutes`
    : state === 'near'
      ? `${formatClock(planned - elapsedMs)} left of ${minutes} minutes`
      : `${formatClock(elapsedMs)} of ${minutes} minutes`;
  return { text, state, label };
}

/**
 * The timings table: each segment's start (`h:mm` from the start of the session) and minutes.
 * @param {{ title: string, minutes: number }[]} slides
 * @returns {{ start: string, minutes: number, title: string }[]}
 */
export function timings(slides) {
  let at = 0;
  return slides.map((it) => {
    const start = `${Math.floor(at / 60)}:${String(at % 60).padStart(2, '0')}`;
    at += it.minutes;
    return { start, minutes: it.minutes, title: it.title };
  });
}
