/** Audit log with the hash chain's verification status, newest first, a page at a time. */
import { api, field, listOf, peopleNames } from '../api.ts';
import { dataTable, errorBox, h, mount, select } from '../dom.ts';
import type { PageContext } from '../main.ts';

const PAGE = 100;

/** One page of entries, newest first, of one person or everyone; `before` pages back from an entry's number. */
async function auditPage(user: string, before?: number): Promise<Record<string, unknown>[]> {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (user) query.set('user', user);
  if (before !== undefined) query.set('before', String(before));
  return listOf<Record<string, unknown>>(await api.get<unknown>(`/api/v1/audit?${query}`), 'entries');
}

export async function renderAudit({ main }: PageContext): Promise<void> {
  const [firstPage, verify] = await Promise.all([
    auditPage(''),
    api.get<Record<string, unknown>>('/api/v1/audit/verify').catch((error: unknown) => ({ error })),
  ]);
  const names = await peopleNames();
  const entries = [...firstPage];
  let user = '';
  const ok = field(verify, 'verdict') === 'pass' || field<boolean>(verify, 'ok', 'valid', 'intact') === true;
  const status = 'error' in verify
    ? errorBox(verify.error)
    : h('p', { id: 'chain-status', class: `badge ${ok ? 'v-pass' : 'v-fail'}` },
      ok ? `Chain intact: ${field(verify, 'checked', 'entries', 'count') ?? entries.length} entries verified` : `Chain BROKEN at entry ${field(verify, 'seq', 'brokenAt', 'broken_at') ?? '?'}: ${String(field(verify, 'reason', 'message') ?? 'an entry was edited or deleted').replace(/_/g, ' ')}`);
  const toRow = (e: Record<string, unknown>) => ({
    seq: field(e, 'seq'), at: String(field(e, 'at') ?? '').replace('T', ' ').slice(0, 19),
    user: field(e, 'userName', 'user_name', 'user') ?? names[String(field(e, 'userId', 'user_id'))] ?? String(field(e, 'userId', 'user_id') ?? '—').slice(0, 8), method: field(e, 'method'), route: field(e, 'route'),
    status: field(e, 'status'), project: String(field(e, 'projectId', 'project_id') ?? '—').slice(0, 8), sql: String(field(e, 'sqlHash', 'sql_hash') ?? '').slice(0, 12),
    hash: String(field(e, 'hash') ?? '').slice(0, 12),
  });
  const list = h('section', { class: 'card', id: 'audit-entries' });
  let more = firstPage.length === PAGE;
  // the next page back from `before`, or (without it) the first page of the chosen person's entries
  const load = async (before?: number) => {
    try {
      const page = await auditPage(user, before);
      if (before === undefined) entries.length = 0;
      entries.push(...page);
      more = page.length === PAGE;
      show();
    } catch (error) {
      list.append(errorBox(error));
    }
  };
  const show = () => {
    const oldest = Number(field(entries.at(-1) ?? {}, 'seq'));
    const older = h('button', { type: 'button', class: 'secondary', id: 'older-audit', disabled: !more, onclick: () => {
      older.setAttribute('disabled', '');
      void load(oldest);
    } }, more ? `Older entries (before #${oldest})` : 'No older entries');
    mount(list, h('h2', {}, `Latest ${entries.length} entries`),
      dataTable(['seq', 'at', 'user', 'method', 'route', 'status', 'project', 'sql', 'hash'], entries.map(toRow), { caption: 'Audit entries, newest first' }),
      h('p', {}, older));
  };
  show();
  const people = Object.entries(names).sort((a, b) => a[1].localeCompare(b[1]));
  const byPerson = select('Person', 'audit-user', [['', 'Everyone'], ...people], '', (value) => {
    user = value;
    void load();
  });
  mount(main, h('h1', {}, 'Audit log'),
    h('div', { class: 'card' }, h('h2', {}, 'Chain verification'), status,
      h('p', { class: 'note' }, 'Every request is appended to a hash chain: each entry stores the previous entry’s hash, so an edited or deleted entry breaks verification.')),
    h('div', { class: 'card row' }, byPerson),
    list);
}
