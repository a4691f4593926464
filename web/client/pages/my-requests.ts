/** A researcher's release requests: state, what a custodian said when returning one, resubmit or withdraw, downloads. */
import type {
  ApiReleaseRequest,
  ApiReleaseRequestList,
  ApiResubmitBody,
  ApiWithdrawBody,
} from '../../../enclave-api/index.ts';
import { api } from '../api.ts';
import { errorBox, h, mount, toast, verdictBadge } from '../dom.ts';
import type { PageContext } from '../main.ts';

const FORMATS = ['csv', 'json', 'xml', 'parquet', 'arrow'] as const;
const OPEN: readonly string[] = ['submitted', 'partially_reviewed'];

export async function renderMyRequests(ctx: PageContext): Promise<void> {
  const { main } = ctx;
  const { requests } = await api.get<ApiReleaseRequestList>('/api/v1/release-requests');
  mount(
    main,
    h('h1', {}, 'My release requests'),
    h('p', { class: 'muted' }, 'Outputs you asked to release. Downloads appear once the custodians have approved.'),
    requests.length === 0
      ? h(
          'p',
          {},
          'You have no release requests yet. Submit a query on the real data in the workbench and request release.',
        )
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { id: 'my-requests' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Request', 'Submitted', 'Check outcome', 'Status', 'Next step'].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h('tbody', {}, ...requests.map((r) => row(ctx, r))),
          ),
        ),
  );
}

function row(ctx: PageContext, r: ApiReleaseRequest): HTMLElement {
  const { id, status } = r;
  const lastReason = r.history.at(-1)?.reason ?? '';
  return h(
    'tr',
    {},
    h('td', {}, id.slice(0, 8), h('div', { class: 'note' }, r.justification)),
    h('td', {}, r.createdAt.replace('T', ' ').slice(0, 16)),
    h('td', {}, verdictBadge(r.outcome)),
    h(
      'td',
      {},
      status,
      status === 'returned' && lastReason ? h('div', { class: 'note' }, `Custodian: “${lastReason}”`) : null,
    ),
    h(
      'td',
      {},
      status === 'approved'
        ? downloads(id)
        : status === 'returned'
          ? resubmitForm(ctx, id)
          : OPEN.includes(status)
            ? withdrawButton(ctx, id)
            : h('span', { class: 'muted' }, '—'),
    ),
  );
}

function downloads(id: string): HTMLElement[] {
  return [
    ...FORMATS.map((f) =>
      h(
        'a',
        {
          class: 'button secondary',
          style: 'margin: 2px',
          href: `/api/v1/release-requests/${id}/output.${f}`,
          download: `output-${id.slice(0, 8)}.${f}`,
          'data-format': f,
        },
        f.toUpperCase(),
      ),
    ),
    h(
      'a',
      {
        style: 'margin: 2px 6px',
        href: `/api/v1/release-requests/${id}/record.json`,
        download: `disclosure-record-${id.slice(0, 8)}.json`,
      },
      'Disclosure record',
    ),
  ];
}

function resubmitForm(ctx: PageContext, id: string): HTMLElement {
  const justification = h('input', { id: `resubmit-${id}`, required: true, size: 30 });
  const out = h('div', { 'aria-live': 'polite' });
  return h(
    'form',
    {
      class: 'row',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          await api.post(`/api/v1/release-requests/${id}/resubmit`, {
            justification: justification.value,
          } satisfies ApiResubmitBody);
          toast('Resubmitted');
          await renderMyRequests(ctx);
        } catch (error) {
          mount(out, errorBox(error));
        }
      },
    },
    h('label', { for: `resubmit-${id}` }, 'Answer and resubmit', justification),
    h('button', { type: 'submit' }, 'Resubmit'),
    out,
  );
}

function withdrawButton(ctx: PageContext, id: string): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        await api.post(`/api/v1/release-requests/${id}/withdraw`, {
          reason: 'withdrawn by the requester',
        } satisfies ApiWithdrawBody);
        toast('Withdrawn');
        await renderMyRequests(ctx);
      },
    },
    'Withdraw',
  );
}
