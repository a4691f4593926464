/**
 * A query's result in the editor: rows of a synthetic run; for a real run only the closed researcher surface (the
 * status, the check's outcome and reasons in words) and the release request form.
 */
import type { ApiQuery, ApiReleaseRequest } from '../../../enclave-api/index.ts';
import { api } from '../api.ts';
import { dataTable, errorBox, h, mount, toast, verdictBadge } from '../dom.ts';
import { outcomeSentence, plainReasons } from '../lib/report-words.ts';

/** Polls a query until it has finished (a real one only once its output check is stored). */
export async function waitForQuery(
  id: string,
  onStatus: (q: ApiQuery) => void,
  timeoutMs = 120_000,
): Promise<ApiQuery> {
  const started = Date.now();
  for (let delay = 150; ; delay = Math.min(delay * 1.5, 1000)) {
    const q = await api.get<ApiQuery>(`/api/v1/queries/${encodeURIComponent(id)}`);
    onStatus(q);
    if (q.status === 'succeeded' || q.status === 'failed' || Date.now() - started > timeoutMs) return q;
    await new Promise((r) => setTimeout(r, delay));
  }
}

export function statusLine(q: ApiQuery): HTMLElement {
  return h(
    'p',
    { class: 'query-status', id: 'query-status' },
    `Query ${q.id.slice(0, 8)} on ${q.target} data: `,
    h('strong', {}, q.status),
    q.status === 'checking' ? ' — checking the output for disclosure…' : '',
  );
}

const failure = (q: ApiQuery): HTMLElement | null =>
  q.status === 'failed' ? errorBox(`The query failed: ${q.error?.message ?? 'unknown error'}`) : null;

export function syntheticResult(q: ApiQuery): HTMLElement {
  const rows = q.rows ?? [];
  const columns = (q.columns ?? []).map((c) => c.name);
  return h(
    'section',
    { class: 'card', id: 'synthetic-result', 'aria-labelledby': 'synthetic-title' },
    h('h2', { id: 'synthetic-title' }, 'Result on the synthetic twin'),
    failure(q) ?? [
      h(
        'p',
        { class: 'note' },
        `${rows.length} rows${q.truncated ? ' (truncated)' : ''}. Synthetic rows: for checking the query, not for findings.`,
      ),
      dataTable(columns.length ? columns : Object.keys(rows[0] ?? {}), rows, { caption: 'Synthetic result' }),
    ],
  );
}

export function realResult(q: ApiQuery): HTMLElement {
  const report = q.checkReport;
  const outcome = q.outcome ?? report?.outcome;
  const justification = h('textarea', { id: 'justification', rows: 3, required: true, style: 'width: 100%' });
  const requestStatus = h('div', { 'aria-live': 'polite' });
  const canRequest = q.status === 'succeeded' && outcome !== 'fail';
  const ask = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await api.post<ApiReleaseRequest>(`/api/v1/queries/${encodeURIComponent(q.id)}/release-requests`, {
        justification: justification.value,
      });
      mount(
        requestStatus,
        h(
          'p',
          { id: 'release-requested', 'data-request-id': r.id },
          `Release requested (${r.status}). Follow it under `,
          h('a', { href: '#/requests' }, 'My requests'),
          '.',
        ),
      );
      toast('Release requested');
    } catch (error) {
      mount(requestStatus, errorBox(error));
    }
  };
  return h(
    'section',
    { class: 'card', id: 'real-result', 'aria-labelledby': 'real-title' },
    h('h2', { id: 'real-title' }, 'Result on the real data'),
    statusLine(q),
    failure(q),
    q.status === 'succeeded'
      ? [
          h(
            'p',
            {},
            'Disclosure check: ',
            verdictBadge(outcome),
            ' ',
            h('span', { id: 'check-words' }, outcomeSentence(outcome)),
          ),
          h('ul', { class: 'reasons', id: 'check-reasons' }, ...plainReasons(report).map((t) => h('li', {}, t))),
          h('p', { class: 'note' }, 'The result stays inside the facility until a custodian releases it.'),
        ]
      : null,
    canRequest
      ? h(
          'form',
          { id: 'release-form', onsubmit: ask },
          h('h3', {}, 'Request release'),
          h(
            'label',
            { for: 'justification' },
            'Why do you need this output outside the facility? (required)',
            justification,
          ),
          h('button', { type: 'submit', id: 'request-release' }, 'Request release'),
          requestStatus,
        )
      : outcome === 'fail'
        ? h(
            'p',
            { id: 'change-query' },
            'Change the query as the reasons above suggest, then preview and submit it again.',
          )
        : null,
  );
}
