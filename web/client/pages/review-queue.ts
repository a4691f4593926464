/** Custodian review desk: the release-request queue, filtered by status, outcome and project. */
import type { ApiReleaseRequest, ApiReleaseRequestList } from '../../../enclave-api/index.ts';
import { api } from '../api.ts';
import { errorBox, h, mount, select, verdictBadge } from '../dom.ts';
import type { PageContext } from '../main.ts';

const STATUSES: [string, string][] = [
  ['pending', 'Waiting for review'],
  ['submitted', 'Submitted'],
  ['partially_reviewed', 'Partially reviewed'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
  ['returned', 'Returned'],
  ['withdrawn', 'Withdrawn'],
  ['all', 'All'],
];

export async function renderReviewQueue({ main }: PageContext): Promise<void> {
  const filters = { status: 'pending', outcome: '', project: '' };
  const results = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    try {
      const qs = filters.status ? `?status=${encodeURIComponent(filters.status)}` : '';
      const all = (await api.get<ApiReleaseRequestList>(`/api/v1/release-requests${qs}`)).requests;
      const rows = all.filter(
        (r) =>
          (!filters.outcome || r.outcome === filters.outcome) &&
          (!filters.project || (r.projectTitle ?? r.project).toLowerCase().includes(filters.project.toLowerCase())),
      );
      mount(
        results,
        rows.length === 0
          ? h('p', { class: 'muted', id: 'queue-empty' }, 'No release requests match these filters.')
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { id: 'queue' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ...['Request', 'Project', 'Requested by', 'Submitted', 'Check outcome', 'Votes cast', 'Status'].map(
                      (c) => h('th', { scope: 'col' }, c),
                    ),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  ...rows.map((r) => {
                    const { id } = r;
                    return h(
                      'tr',
                      {},
                      h('td', {}, h('a', { href: `#/review/${id}` }, `Review ${id.slice(0, 8)}`)),
                      h('td', {}, r.projectTitle ?? '—'),
                      h('td', {}, r.requesterName ?? '—'),
                      h('td', {}, r.createdAt.replace('T', ' ').slice(0, 16)),
                      h('td', {}, verdictBadge(r.outcome)),
                      h('td', {}, approvalsText(r)),
                      h('td', {}, r.status),
                    );
                  }),
                ),
              ),
            ),
      );
    } catch (error) {
      mount(results, errorBox(error));
    }
  };
  mount(
    main,
    h('h1', {}, 'Release requests'),
    h(
      'p',
      { class: 'muted' },
      'Outputs researchers ask to take out of the facility. Open one to see the SQL, the output with flagged cells and the check report, then decide.',
    ),
    h(
      'div',
      { class: 'card row', role: 'search' },
      select('Status', 'q-status', STATUSES, filters.status, (v) => {
        filters.status = v;
        void load();
      }),
      select(
        'Check outcome',
        'q-outcome',
        [
          ['', 'Any'],
          ['pass', 'pass'],
          ['review', 'review'],
          ['fail', 'fail'],
        ],
        '',
        (v) => {
          filters.outcome = v;
          void load();
        },
      ),
      h(
        'label',
        { for: 'q-project' },
        'Project',
        h('input', {
          id: 'q-project',
          type: 'search',
          oninput: (e: Event) => {
            filters.project = (e.target as HTMLInputElement).value;
            void load();
          },
        }),
      ),
    ),
    results,
  );
  await load();
}

/** "1 of 2 votes cast": votes stay blind until every custodian needed has voted. */
export function approvalsText(r: Pick<ApiReleaseRequest, 'requiresTwoCustodians' | 'votesCast'>): string {
  return `${r.votesCast} of ${r.requiresTwoCustodians ? 2 : 1}`;
}
