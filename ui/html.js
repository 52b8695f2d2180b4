// Safe HTML building: the `html` tag escapes every value it is given, and
// `trusted()` marks the one kind of string allowed through unescaped: HTML
// rendered and sanitised by the Rust core (Item.html). Nothing else may use it.
// The module touches no DOM at import time, so node tests can import it;
// `toFragment` and `render` need a document and are only called in the app.

/** A string of HTML that is safe to insert. Only this module creates them. */
export class SafeHtml {
  /** @param {string} value */
  constructor(value) {
    this.value = value;
    Object.freeze(this);
  }

  toString() {
    return this.value;
  }
}

const ESCAPES = /** @type {Record<string, string>} */ ({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
});

/**
 * Escapes text for use in HTML content and in quoted attribute values.
 * @param {unknown} value
 */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]);
}

/**
 * Turns one interpolated value into safe HTML: SafeHtml passes through, arrays
 * are joined, null, undefined and false render nothing, anything else is escaped.
 * @param {unknown} value
 * @returns {string}
 */
function part(value) {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/**
 * The escaping template tag: html`<p>${text}</p>`.
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 * @returns {SafeHtml}
 */
export function html(strings, ...values) {
  let res = strings[0];
  for (let i = 0; i < values.length; i++) res += part(values[i]) + strings[i + 1];
  return new SafeHtml(res);
}

/**
 * Marks HTML produced and sanitised by the core (Item.html) as safe to insert.
 * The only unescaped insertion in the UI; never pass it anything else.
 * @param {string} coreHtml
 */
export function trusted(coreHtml) {
  return new SafeHtml(typeof coreHtml === 'string' ? coreHtml : '');
}

/**
 * Parses safe HTML into a DocumentFragment (inert: a <template> runs no scripts).
 * @param {SafeHtml} safe
 * @returns {DocumentFragment}
 */
export function toFragment(safe) {
  if (!(safe instanceof SafeHtml)) throw new TypeError('toFragment needs SafeHtml from the html tag');
  const template = document.createElement('template');
  template.innerHTML = safe.value;
  return template.content;
}

/**
 * Replaces the children of `el` with safe HTML.
 * @param {Element} el
 * @param {SafeHtml} safe
 */
export function render(el, safe) {
  el.replaceChildren(toFragment(safe));
}
