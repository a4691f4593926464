/** Tiny DOM helpers: build elements declaratively without a framework. */
export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h('button', { onclick: fn, class: 'x' }, 'Save')`; `on*` attributes become listeners, booleans toggle. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A verdict badge with text (colour is never the only signal). */
export function verdictBadge(verdict: string | null | undefined): HTMLElement {
  const v = verdict ?? 'pending';
  return h('span', { class: `badge v-${v}` }, v);
}

/** A labelled select; `options` are [value, text]. */
export function select(
  label: string,
  id: string,
  options: [string, string][],
  value: string,
  onChange: (v: string) => void,
): HTMLElement {
  const sel = h(
    'select',
    { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    ...options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
  );
  return h('label', { for: id }, label, sel);
}

/** A plain table from column names and rows; `cellClass` may mark cells (e.g. verdict colours). */
export function dataTable(
  columns: string[],
  rowsIn: readonly object[],
  options: {
    caption?: string;
    cellClass?: (row: number, column: string) => string | undefined;
    cellTitle?: (row: number, column: string) => string | undefined;
  } = {},
): HTMLElement {
  const rows = rowsIn as Record<string, unknown>[];
  const isNum = (c: string) =>
    rows.length > 0 &&
    rows.every(
      (r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number' || /^-?\d+(\.\d+)?$/.test(String(r[c])),
    );
  const numeric = new Set(columns.filter(isNum));
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': options.caption ?? 'table' },
    h(
      'table',
      {},
      options.caption ? h('caption', { class: 'note' }, options.caption) : null,
      h(
        'thead',
        {},
        h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: numeric.has(c) ? 'num' : undefined }, c))),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r, i) =>
          h(
            'tr',
            {},
            ...columns.map((c) => {
              const cls = [numeric.has(c) ? 'num' : '', options.cellClass?.(i, c) ?? ''].filter(Boolean).join(' ');
              return h('td', { class: cls || undefined, title: options.cellTitle?.(i, c) }, formatCell(r[c]));
            }),
          ),
        ),
      ),
    ),
  );
}

/** Display form of a value: numbers with thousands separators, null as an em dash. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? value.toLocaleString('en-ZA')
      : value.toLocaleString('en-ZA', { maximumFractionDigits: 2 });
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Shows a short message in the live region for a few seconds. */
export function toast(message: string): void {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  setTimeout(() => {
    if (el.textContent === message) el.textContent = '';
  }, 5000);
}

/** An error box with the API's message. */
export function errorBox(error: unknown): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}
