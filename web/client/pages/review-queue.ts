/** Custodian review desk: the release-request queue, filtered by status, outcome and project. */
import { api, field, listOf } from '../api.ts';
import { errorBox, h, mount, select, verdictBadge } from '../dom.ts';
import type { PageContext } from '../main.ts';

const STATUSES: [string, string][] = [
  ['pending', 'Waiting for review'], ['submitted', 'Submitted'], ['partially_reviewed', 'Partially reviewed'],
  ['approved', 'Approved'], ['rejected', 'Rejected'], ['returned', 'Returned'], ['withdrawn', 'Withdrawn'], ['all', 'All'],
];

export async function renderReviewQueue({ main }: PageContext): Promise<void> {
  const filters = { status: 'pending', outcome: '', project: '' };
  const results = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    try {
      const qs = filters.status ? `?status=${encodeURIComponent(filters.status)}` : '';
      const all = listOf<Record<string, unknown>>(await api.get(`/api/v1/release-requests${qs}`), 'releaseRequests', 'requests');
      const rows = all.filter((r) => (!filters.outcome || field(r, 'outcome') === filters.outcome)
        && (!filters.project || String(field(r, 'projectTitle', 'project_title', 'projectId', 'project_id', 'project') ?? '').toLowerCase().includes(filters.project.toLowerCase())));
      mount(results, rows.length === 0 ? h('p', { class: 'muted', id: 'queue-empty' }, 'No release requests match these filters.') :
        h('div', { class: 'table-wrap' }, h('table', { id: 'queue' },
          h('thead', {}, h('tr', {}, ...['Request', 'Project', 'Requested by', 'Submitted', 'Check outcome', 'Votes cast', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...rows.map((r) => {
            const id = String(field(r, 'id'));
            return h('tr', {},
              h('td', {}, h('a', { href: `#/review/${id}` }, `Review ${id.slice(0, 8)}`)),
              h('td', {}, String(field(r, 'projectTitle', 'project_title', 'projectId', 'project_id') ?? '—')),
              h('td', {}, String(field(r, 'requesterName', 'requester_name', 'requestedBy', 'requested_by') ?? '—')),
              h('td', {}, String(field(r, 'createdAt', 'submittedAt', 'created_at') ?? '—').replace('T', ' ').slice(0, 16)),
              h('td', {}, verdictBadge(field<string>(r, 'outcome'))),
              h('td', {}, approvalsText(r)),
              h('td', {}, String(field(r, 'status') ?? '—')));
          })))));
    } catch (error) {
      mount(results, errorBox(error));
    }
  };
  mount(main, h('h1', {}, 'Release requests'),
    h('p', { class: 'muted' }, 'Outputs researchers ask to take out of the facility. Open one to see the SQL, the output with flagged cells and the check report, then decide.'),
    h('div', { class: 'card row', role: 'search' },
      select('Status', 'q-status', STATUSES, filters.status, (v) => { filters.status = v; void load(); }),
      select('Check outcome', 'q-outcome', [['', 'Any'], ['pass', 'pass'], ['review', 'review'], ['fail', 'fail']], '', (v) => { filters.outcome = v; void load(); }),
      h('label', { for: 'q-project' }, 'Project', h('input', { id: 'q-project', type: 'search', oninput: (e: Event) => { filters.project = (e.target as HTMLInputElement).value; void load(); } }))),
    results);
  await load();
}

/** "1 of 2 votes cast": votes stay blind until every custodian needed has voted. */
export function approvalsText(r: Record<string, unknown>): string {
  const needed = field<boolean>(r, 'requiresTwoCustodians', 'requires_two_custodians') ? 2 : 1;
  const cast = field<number>(r, 'votesCast', 'votes_cast') ?? listOf(field(r, 'votes') ?? []).length;
  return `${cast} of ${needed}`;
}
