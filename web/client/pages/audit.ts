/** Audit log with the hash chain's verification status, newest first, a page at a time. */
import type { ApiAuditEntry, ApiAuditList, ApiChainVerdict } from '../../../enclave-api/index.ts';
import { api, peopleNames } from '../api.ts';
import { dataTable, errorBox, h, mount, select } from '../dom.ts';
import type { PageContext } from '../main.ts';

const PAGE = 100;

/** One page of entries, newest first, of one person or everyone; `before` pages back from an entry's number. */
async function auditPage(user: string, before?: number): Promise<ApiAuditEntry[]> {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (user) query.set('user', user);
  if (before !== undefined) query.set('before', String(before));
  return (await api.get<ApiAuditList>(`/api/v1/audit?${query}`)).entries;
}

export async function renderAudit({ main }: PageContext): Promise<void> {
  const [firstPage, verify] = await Promise.all([
    auditPage(''),
    api.get<ApiChainVerdict>('/api/v1/audit/verify').catch((error: unknown) => ({ error })),
  ]);
  const names = await peopleNames();
  const entries = [...firstPage];
  let user = '';
  const status =
    'error' in verify
      ? errorBox(verify.error)
      : h(
          'p',
          { id: 'chain-status', class: `badge ${verify.verdict === 'pass' ? 'v-pass' : 'v-fail'}` },
          verify.verdict === 'pass'
            ? `Chain intact: ${verify.checked} entries verified`
            : `Chain BROKEN at entry ${verify.seq}: ${verify.reason.replace(/_/g, ' ')}`,
        );
  const toRow = (e: ApiAuditEntry) => ({
    seq: e.seq,
    at: e.at.replace('T', ' ').slice(0, 19),
    user: (e.userId && names[e.userId]) ?? (e.userId ?? '—').slice(0, 8),
    method: e.method,
    route: e.route,
    status: e.status,
    project: (e.projectId ?? '—').slice(0, 8),
    sql: (e.sqlHash ?? '').slice(0, 12),
    hash: e.hash.slice(0, 12),
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
    const oldest = Number(entries.at(-1)?.seq);
    const older = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'older-audit',
        disabled: !more,
        onclick: () => {
          older.setAttribute('disabled', '');
          void load(oldest);
        },
      },
      more ? `Older entries (before #${oldest})` : 'No older entries',
    );
    mount(
      list,
      h('h2', {}, `Latest ${entries.length} entries`),
      dataTable(['seq', 'at', 'user', 'method', 'route', 'status', 'project', 'sql', 'hash'], entries.map(toRow), {
        caption: 'Audit entries, newest first',
      }),
      h('p', {}, older),
    );
  };
  show();
  const people = Object.entries(names).sort((a, b) => a[1].localeCompare(b[1]));
  const byPerson = select('Person', 'audit-user', [['', 'Everyone'], ...people], '', (value) => {
    user = value;
    void load();
  });
  mount(
    main,
    h('h1', {}, 'Audit log'),
    h(
      'div',
      { class: 'card' },
      h('h2', {}, 'Chain verification'),
      status,
      h(
        'p',
        { class: 'note' },
        'Every request is appended to a hash chain: each entry stores the previous entry’s hash, so an edited or deleted entry breaks verification.',
      ),
    ),
    h('div', { class: 'card row' }, byPerson),
    list,
  );
}
