/** A researcher's release requests, their state, and downloads once approved. */
import { api, field, listOf } from '../api.ts';
import { h, mount, verdictBadge } from '../dom.ts';
import type { PageContext } from '../main.ts';

const FORMATS = ['csv', 'json', 'xml', 'parquet', 'arrow'] as const;

export async function renderMyRequests({ main }: PageContext): Promise<void> {
  const requests = listOf<Record<string, unknown>>(await api.get('/api/v1/release-requests'), 'releaseRequests', 'requests');
  mount(main, h('h1', {}, 'My release requests'),
    h('p', { class: 'muted' }, 'Outputs you asked to release. Downloads appear once the custodians have approved.'),
    requests.length === 0 ? h('p', {}, 'You have no release requests yet. Submit a query on the real data in the workbench and request release.') :
      h('div', { class: 'table-wrap' }, h('table', { id: 'my-requests' },
        h('thead', {}, h('tr', {}, ...['Request', 'Submitted', 'Check outcome', 'Status', 'Download'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...requests.map((r) => {
          const id = String(field(r, 'id'));
          const status = String(field(r, 'status') ?? '');
          return h('tr', {},
            h('td', {}, id.slice(0, 8), h('div', { class: 'note' }, String(field(r, 'justification') ?? ''))),
            h('td', {}, String(field(r, 'createdAt', 'submittedAt', 'created_at') ?? '').replace('T', ' ').slice(0, 16)),
            h('td', {}, verdictBadge(field<string>(r, 'outcome'))),
            h('td', {}, status),
            h('td', {}, status === 'approved'
              ? [...FORMATS.map((f) => h('a', { class: 'button secondary', style: 'margin: 2px', href: `/api/v1/release-requests/${id}/output.${f}`, download: `output-${id.slice(0, 8)}.${f}`, 'data-format': f }, f.toUpperCase())),
                h('a', { style: 'margin: 2px 6px', href: `/api/v1/release-requests/${id}/record.json`, download: `disclosure-record-${id.slice(0, 8)}.json` }, 'Disclosure record')]
              : h('span', { class: 'muted' }, 'not yet approved')));
        })))));
}
