/** Audit log with the hash chain's verification status. */
import { api, field, listOf, peopleNames } from '../api.ts';
import { dataTable, errorBox, h, mount } from '../dom.ts';
import type { PageContext } from '../main.ts';

export async function renderAudit({ main }: PageContext): Promise<void> {
  const [entriesPayload, verify] = await Promise.all([
    api.get<unknown>('/api/v1/audit?limit=200'),
    api.get<Record<string, unknown>>('/api/v1/audit/verify').catch((error: unknown) => ({ error })),
  ]);
  const names = await peopleNames();
  const entries = listOf<Record<string, unknown>>(entriesPayload, 'entries');
  const ok = field(verify, 'verdict') === 'pass' || field<boolean>(verify, 'ok', 'valid', 'intact') === true;
  const status = 'error' in verify
    ? errorBox(verify.error)
    : h('p', { id: 'chain-status', class: `badge ${ok ? 'v-pass' : 'v-fail'}` },
      ok ? `Chain intact: ${field(verify, 'checked', 'entries', 'count') ?? entries.length} entries verified` : `Chain BROKEN at entry ${field(verify, 'seq', 'brokenAt', 'broken_at') ?? '?'}: ${String(field(verify, 'reason', 'message') ?? 'an entry was edited or deleted').replace(/_/g, ' ')}`);
  const rows = entries.map((e) => ({
    seq: field(e, 'seq'), at: String(field(e, 'at') ?? '').replace('T', ' ').slice(0, 19),
    user: field(e, 'userName', 'user_name', 'user') ?? names[String(field(e, 'userId', 'user_id'))] ?? String(field(e, 'userId', 'user_id') ?? '—').slice(0, 8), method: field(e, 'method'), route: field(e, 'route'),
    status: field(e, 'status'), project: String(field(e, 'projectId', 'project_id') ?? '—').slice(0, 8), sql: String(field(e, 'sqlHash', 'sql_hash') ?? '').slice(0, 12),
    hash: String(field(e, 'hash') ?? '').slice(0, 12),
  }));
  mount(main, h('h1', {}, 'Audit log'),
    h('div', { class: 'card' }, h('h2', {}, 'Chain verification'), status,
      h('p', { class: 'note' }, 'Every request is appended to a hash chain: each entry stores the previous entry’s hash, so an edited or deleted entry breaks verification.')),
    h('section', { class: 'card' }, h('h2', {}, `Latest ${rows.length} entries`),
      dataTable(['seq', 'at', 'user', 'method', 'route', 'status', 'project', 'sql', 'hash'], rows, { caption: 'Audit entries, newest first' })));
}
