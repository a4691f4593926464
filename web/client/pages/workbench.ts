/**
 * Researcher workbench: a SQL editor that runs instantly against the synthetic twin (rows shown) and as a job
 * against the real data (status and the check report in plain words; rows never leave the facility), then a
 * release request for a checked real result.
 */
import type { ApiProject, ApiProjectList, ApiQuery, ApiQueryAccepted, ApiReleaseRequest } from '../../../enclave-api/index.ts';
import { api } from '../api.ts';
import { dataTable, errorBox, h, mount, select, toast, verdictBadge } from '../dom.ts';
import { outcomeSentence, plainReasons, type ReportLike } from '../lib/report-words.ts';
import type { PageContext } from '../main.ts';

/**
 * Polls a query until it has finished (or `timeoutMs`), reporting each status. A real query is finished only
 * once its output check is in (it stays `checking` until the outcome is stored with it).
 */
async function waitFor(id: string, onStatus: (q: ApiQuery) => void, timeoutMs = 120_000): Promise<ApiQuery> {
  const started = Date.now();
  let delay = 150;
  for (;;) {
    const q = await api.get<ApiQuery>(`/api/v1/queries/${encodeURIComponent(id)}`);
    onStatus(q);
    const { status } = q;
    if (status === 'succeeded' || status === 'failed' || Date.now() - started > timeoutMs) return q;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 1.5, 1000);
  }
}

export async function renderWorkbench({ main }: PageContext): Promise<void> {
  const { projects } = await api.get<ApiProjectList>('/api/v1/projects');
  if (projects.length === 0) {
    mount(main, h('h1', {}, 'Workbench'), h('p', {}, 'You are not a member of any project yet. A custodian adds you to a project and grants it datasets.'));
    return;
  }
  let projectId = projects[0]!.id;
  const datasetsEl = h('p', { class: 'note', id: 'granted' });
  const showGrants = async () => {
    const p = await api.get<ApiProject>(`/api/v1/projects/${encodeURIComponent(projectId)}`);
    const names = p.datasets.map((g) => g.id);
    mount(datasetsEl, names.length ? ['Tables you can query: ', ...names.flatMap((n, i) => [i ? ', ' : '', h('code', {}, n)])] : 'This project has no datasets granted.');
  };
  const sql = h('textarea', { id: 'sql', class: 'sql', spellcheck: 'false', 'aria-describedby': 'sql-help' },
    'SELECT grant_type, count(*) AS beneficiaries\nFROM grants\nGROUP BY grant_type\nORDER BY grant_type');
  const outputs = { synthetic: h('div', { id: 'output-synthetic', 'aria-live': 'polite' }), real: h('div', { id: 'output-real', 'aria-live': 'polite' }) };
  const run = async (target: 'synthetic' | 'real') => {
    const output = outputs[target];
    mount(output, h('p', { class: 'muted' }, target === 'synthetic' ? 'Running on the synthetic twin…' : 'Submitting to the real data…'));
    try {
      const submitted = await api.post<ApiQueryAccepted>('/api/v1/queries', { project: projectId, sql: sql.value, target });
      const q = await waitFor(submitted.id, (s) => { if (target === 'real') mount(output, statusLine(s, target)); });
      mount(output, target === 'synthetic' ? syntheticResult(q) : realResult(q));
    } catch (error) {
      mount(output, errorBox(error));
    }
  };
  mount(main, h('h1', {}, 'Workbench'),
    h('div', { class: 'card' },
      h('div', { class: 'row' }, select('Project', 'project', projects.map((p): [string, string] => [p.id, p.title]), projectId,
        (v) => { projectId = v; void showGrants(); })),
      datasetsEl,
      h('label', { for: 'sql' }, 'SQL (one SELECT statement, DuckDB dialect)', sql),
      h('p', { id: 'sql-help', class: 'note' }, 'Try it on the synthetic twin first: same columns, made-up rows, results in a second. Then submit it on the real data: it runs as a job and the output is checked for disclosure; only approved outputs can be downloaded.'),
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'run-synthetic', onclick: () => void run('synthetic') }, 'Run on synthetic twin'),
        h('button', { type: 'button', id: 'run-real', class: 'secondary', onclick: () => void run('real') }, 'Submit on real data'))),
    outputs.synthetic, outputs.real);
  await showGrants();
}

function statusLine(q: ApiQuery, target: string): HTMLElement {
  const checking = target === 'real' && q.status === 'checking';
  return h('p', { id: 'query-status' }, `Query ${q.id.slice(0, 8)} on ${target} data: `, h('strong', {}, q.status),
    checking ? ' — checking the output for disclosure…' : '');
}

function failure(q: ApiQuery): HTMLElement | null {
  if (q.status !== 'failed') return null;
  return errorBox(`The query failed: ${q.error?.message ?? 'unknown error'}`);
}

function syntheticResult(q: ApiQuery): HTMLElement {
  const rows = q.rows ?? [];
  const columns = (q.columns ?? []).map((c) => c.name);
  return h('section', { class: 'card', id: 'synthetic-result' }, h('h2', {}, 'Result on the synthetic twin'),
    failure(q) ?? [
      h('p', { class: 'note' }, `${rows.length} rows${q.truncated ? ' (truncated)' : ''}. These are synthetic rows: use them to check your query, not for findings.`),
      dataTable(columns.length ? columns : Object.keys(rows[0] ?? {}), rows, { caption: 'Synthetic result' }),
    ]);
}

function realResult(q: ApiQuery): HTMLElement {
  const { id } = q;
  // The report's shape is the output checker's (`researcherReport` for a researcher); the page reads it as ReportLike.
  const report = (q.checkReport ?? null) as ReportLike | null;
  const outcome = q.outcome ?? report?.outcome;
  const justification = h('textarea', { id: 'justification', rows: 3, required: true, style: 'width: 100%' });
  const requestStatus = h('div', { 'aria-live': 'polite' });
  const canRequest = q.status === 'succeeded' && outcome !== 'fail';
  return h('section', { class: 'card', id: 'real-result' }, h('h2', {}, 'Result on the real data'),
    statusLine(q, 'real'), failure(q),
    q.status === 'succeeded' ? [
      h('p', {}, 'Disclosure check: ', verdictBadge(outcome), ' ', h('span', { id: 'check-words' }, outcomeSentence(outcome))),
      h('ul', { class: 'reasons', id: 'check-reasons' }, ...plainReasons(report).map((t) => h('li', {}, t))),
      h('p', { class: 'note' }, 'The result was written inside the facility. Nothing computed from the real data is shown here until a custodian releases it.'),
    ] : null,
    canRequest ? h('form', { id: 'release-form', onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        const r = await api.post<ApiReleaseRequest>(`/api/v1/queries/${encodeURIComponent(id)}/release-requests`, { justification: justification.value });
        mount(requestStatus, h('p', { id: 'release-requested', 'data-request-id': r.id }, `Release requested (${r.status}). Follow it under `, h('a', { href: '#/requests' }, 'My requests'), '.'));
        toast('Release requested');
      } catch (error) {
        mount(requestStatus, errorBox(error));
      }
    } },
      h('h3', {}, 'Request release'),
      h('label', { for: 'justification' }, 'Why do you need this output outside the facility? (required)', justification),
      h('button', { type: 'submit', id: 'request-release' }, 'Request release'), requestStatus)
      : outcome === 'fail' ? h('p', {}, 'Change the query as the reasons above suggest, then submit it again.') : null);
}
