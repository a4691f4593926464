/** The project's query history, newest first: open a query's SQL in the editor, or run it again on the same data. */
import type { ApiQuery, ApiQueryList } from '../../../enclave-api/index.ts';
import { api } from '../api.ts';
import { h, mount, verdictBadge } from '../dom.ts';

export interface HistoryActions {
  open(sql: string): void;
  rerun(sql: string, target: ApiQuery['target']): void;
}

/** Fills `el` with the history of `projectId` (your own queries). */
export async function renderHistory(el: HTMLElement, projectId: string, actions: HistoryActions): Promise<void> {
  const { queries } = await api.get<ApiQueryList>(`/api/v1/queries?project=${encodeURIComponent(projectId)}`);
  if (queries.length === 0) {
    mount(el, h('p', { class: 'muted' }, 'No queries in this project yet.'));
    return;
  }
  mount(
    el,
    h(
      'ol',
      { class: 'history', id: 'history-list' },
      ...queries.slice(0, 30).map((q, i) =>
        h(
          'li',
          { 'data-query-id': q.id },
          h(
            'div',
            { class: 'row' },
            h('span', { class: 'muted' }, new Date(q.submittedAt).toLocaleString('en-ZA')),
            h('span', {}, q.target === 'real' ? 'real data' : 'synthetic twin'),
            h('span', {}, q.status),
            q.target === 'real' && q.outcome ? verdictBadge(q.outcome) : null,
          ),
          h('pre', { class: 'sql-snippet' }, q.sql.length > 300 ? `${q.sql.slice(0, 300)}…` : q.sql),
          h(
            'div',
            { class: 'row' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'aria-label': `Open query ${i + 1} in the editor`,
                onclick: () => actions.open(q.sql),
              },
              'Open',
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'aria-label': `Re-run query ${i + 1} on the ${q.target === 'real' ? 'real data' : 'synthetic twin'}`,
                onclick: () => actions.rerun(q.sql, q.target),
              },
              'Re-run',
            ),
          ),
        ),
      ),
    ),
  );
}
