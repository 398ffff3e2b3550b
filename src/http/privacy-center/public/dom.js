// Building the page from data without ever parsing it as HTML: every value becomes a text node.

/**
 * `h('td', { class: 'x', data: { label: 'When' }, on: { click } }, 'text', child)`. Attributes are set one by one;
 * strings and numbers become text nodes; null and false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === 'data') for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    else if (key === 'class') el.className = value;
    else if (key === 'checked' || key === 'disabled' || key === 'selected') el[key] = Boolean(value);
    else if (key === 'value') el.value = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const byId = (id) => document.getElementById(id);

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

export const formatTime = (iso) => (iso ? when.format(new Date(iso)) : '');
export const formatDate = (iso) => (iso ? day.format(new Date(iso)) : '');
/** A calendar date (YYYY-MM-DD) as it is, whatever the browser's time zone. */
export const formatDay = (ymd) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${ymd}T00:00:00Z`));

/**
 * A table whose rows stack into labelled cards on a narrow screen: each cell carries its column's name.
 * `rows` are arrays of cell contents (text or nodes).
 */
export function table(columns, rows, { empty = 'Nothing to show.', caption } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell, i) => h('td', { data: { label: columns[i] } }, cell)),
          ),
        ),
      ),
    ),
  );
}

/** A status line under a form: `kind` is 'ok' or 'error'. Announced to screen readers. */
export function say(el, text, kind = 'ok') {
  el.className = `status ${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  el.textContent = text;
}

/** Runs `work` with `button` disabled, reporting a failure in `statusEl`. */
export async function busy(button, statusEl, work) {
  button.disabled = true;
  if (statusEl) statusEl.textContent = '';
  try {
    await work();
  } catch (err) {
    // An ended session has already taken the member back to the log-in form.
    if (statusEl && err?.code !== 'SESSION_ENDED') say(statusEl, err?.message ?? 'Something went wrong.', 'error');
  } finally {
    button.disabled = false;
  }
}
