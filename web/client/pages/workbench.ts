/**
 * The researcher's workbench (`#/workbench`, the first project; `#/workbench/<project>`): a CodeMirror SQL editor
 * with completion of the project's tables and columns, the variables' labels and roles beside it, Ctrl/Cmd-Enter
 * to run on the synthetic twin (rows shown), a cost preview before every real run (a re-run from the history
 * included), the real run's status and check report in words (no value or count from real data), the release
 * request, refusals marked at their line, and the project's query history.
 */
import type {
  ApiDatasetRecord,
  ApiProject,
  ApiProjectList,
  ApiQueryAccepted,
  ApiQueryPreview,
} from '../../../enclave-api/index.ts';
import { api, ApiError } from '../api.ts';
import { errorBox, h, mount, select } from '../dom.ts';
import { makeSqlEditor, ROLE_WORDS, type SchemaColumn, type SqlEditor } from '../editor/sql-editor.ts';
import { previewCard } from '../editor/preview-view.ts';
import { realResult, statusLine, syntheticResult, waitForQuery } from '../editor/results.ts';
import { renderHistory } from '../editor/history.ts';
import { refusalSpot } from '../lib/refusal-line.ts';
import type { PageContext } from '../main.ts';

const STARTER = 'SELECT grant_type, count(*) AS beneficiaries\nFROM grants\nGROUP BY grant_type\nORDER BY grant_type';

/** The columns of each granted dataset, from the catalog. */
async function projectTables(project: ApiProject): Promise<Record<string, SchemaColumn[]>> {
  const records = await Promise.all(
    project.datasets.map((d) => api.get<ApiDatasetRecord>(`/api/v1/datasets/${encodeURIComponent(d.id)}`)),
  );
  return Object.fromEntries(
    records.map((r) => [r.id, r.variables.map((v) => ({ name: v.name, label: v.label, type: v.type, role: v.role }))]),
  );
}

function schemaBrowser(tables: Record<string, SchemaColumn[]>): HTMLElement {
  return h(
    'aside',
    { class: 'card schema', id: 'schema', 'aria-labelledby': 'schema-title' },
    h('h2', { id: 'schema-title' }, 'Tables and columns'),
    h(
      'p',
      { class: 'note' },
      'Type a table name and a dot, or press Ctrl+Space, to complete. The person key and quasi-identifiers are what the output checks count people by.',
    ),
    Object.keys(tables).length === 0
      ? h('p', { id: 'no-grants' }, 'This project has no datasets granted yet: a custodian grants them.')
      : null,
    ...Object.entries(tables).map(([table, columns]) =>
      h(
        'details',
        { open: true },
        h('summary', {}, h('code', {}, table), ` (${columns.length} columns)`),
        h(
          'ul',
          { class: 'columns' },
          ...columns.map((c) =>
            h(
              'li',
              { 'data-column': c.name },
              h('code', {}, c.name),
              ' ',
              h('span', { class: `badge role-${c.role}` }, ROLE_WORDS[c.role] ?? c.role),
              ' ',
              h('span', { class: 'muted' }, `${c.label} · ${c.type}`),
            ),
          ),
        ),
      ),
    ),
  );
}

export async function renderWorkbench({ main, params }: PageContext): Promise<void> {
  const { projects } = await api.get<ApiProjectList>('/api/v1/projects');
  if (projects.length === 0) {
    mount(
      main,
      h('h1', {}, 'Workbench'),
      h('p', {}, 'You are not a member of any project yet. A custodian adds you to a project and grants it datasets.'),
    );
    return;
  }
  const asked = params[0];
  const project = projects.find((p) => p.id === asked) ?? projects[0]!;
  // A link to a project you are no longer in (an old notification, say) opens your first project, saying so.
  const elsewhere =
    asked && asked !== project.id
      ? h(
          'p',
          { class: 'note', id: 'project-missing' },
          'That project is not one of yours; this is your first project.',
        )
      : null;
  const tables = await projectTables(project);
  const refusal = h('div', { id: 'refusal', 'aria-live': 'assertive' });
  const preview = h('div', { id: 'preview-area' });
  const output = h('div', { id: 'query-output', 'aria-live': 'polite' });
  const history = h('div', { id: 'history' });
  const host = h('div', { class: 'cm-host', id: 'sql-editor' });
  let editor: SqlEditor;

  const showRefusal = (sql: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const spot = refusalSpot(sql, message);
    editor.markRefusal(spot, message);
    mount(
      refusal,
      h(
        'p',
        { class: 'error', role: 'alert', id: 'refusal-message' },
        spot ? `Line ${spot.line}: ${message}` : message,
      ),
    );
  };
  const clearRefusal = () => {
    editor.markRefusal(null, '');
    mount(refusal);
  };
  const refreshHistory = () =>
    renderHistory(history, project.id, {
      open: (sql) => {
        editor.setText(sql);
        editor.view.focus();
      },
      rerun: (sql, target) => {
        editor.setText(sql);
        void (target === 'real' ? showPreview() : run('synthetic'));
      },
    }).catch((error) => mount(history, errorBox(error)));

  /** Runs `sql` (the editor's text unless given: a real run submits exactly the SQL its preview was for). */
  async function run(target: 'synthetic' | 'real', sql = editor.text()): Promise<void> {
    clearRefusal();
    if (target === 'real') mount(preview);
    mount(
      output,
      h(
        'p',
        { class: 'muted' },
        target === 'synthetic' ? 'Running on the synthetic twin…' : 'Submitting to the real data…',
      ),
    );
    try {
      const submitted = await api.post<ApiQueryAccepted>('/api/v1/queries', { project: project.id, sql, target });
      void refreshHistory();
      const q = await waitForQuery(submitted.id, (s) => {
        if (target === 'real') mount(output, statusLine(s));
      });
      mount(output, target === 'synthetic' ? syntheticResult(q) : realResult(q));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) showRefusal(sql, error);
      mount(output, errorBox(error));
    }
    void refreshHistory();
  }

  async function showPreview(): Promise<void> {
    const sql = editor.text();
    clearRefusal();
    mount(preview, h('p', { class: 'muted' }, 'Estimating on the synthetic twin…'));
    try {
      const result = await api.post<ApiQueryPreview>('/api/v1/queries/preview', { project: project.id, sql });
      if (editor.text() !== sql) return previewStale();
      if (result.policy.verdict === 'fail') showRefusal(sql, result.policy.message);
      mount(
        preview,
        previewCard(result, () => void run('real', sql)),
      );
    } catch (error) {
      mount(preview, errorBox(error));
    }
  }

  /** A preview describes one text: once the SQL changes it no longer holds, and its submit button goes with it. */
  function previewStale(): void {
    if (preview.firstChild)
      mount(
        preview,
        h(
          'p',
          { class: 'note', id: 'preview-stale' },
          'The SQL changed after its preview: preview it again before submitting it on the real data.',
        ),
      );
  }

  mount(
    main,
    h('h1', {}, 'Workbench'),
    elsewhere,
    h(
      'div',
      { class: 'row' },
      select(
        'Project',
        'project',
        projects.map((p): [string, string] => [p.id, p.title]),
        project.id,
        (id) => {
          location.hash = `#/workbench/${id}`;
        },
      ),
    ),
    h(
      'div',
      { class: 'editor-layout' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sql-title' },
        h('h2', { id: 'sql-title' }, 'SQL (one SELECT, DuckDB dialect)'),
        host,
        h(
          'p',
          { class: 'note', id: 'editor-help' },
          'Try it on the synthetic twin first (Ctrl+Enter or ⌘+Enter): same columns, made-up rows, results in a second. Then preview the real run to see what it reads and costs, and submit it: it runs as a job, its output is checked for disclosure, and only released outputs can be downloaded.',
        ),
        refusal,
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            { type: 'button', id: 'run-synthetic', onclick: () => void run('synthetic') },
            'Run on synthetic twin',
          ),
          h(
            'button',
            { type: 'button', id: 'preview-real', class: 'secondary', onclick: () => void showPreview() },
            'Preview real run',
          ),
        ),
      ),
      schemaBrowser(tables),
    ),
    preview,
    output,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, 'Query history in this project'),
      history,
    ),
  );
  editor = makeSqlEditor(host, {
    doc: STARTER,
    tables,
    label: 'SQL query',
    describedBy: 'editor-help',
    onRun: () => void run('synthetic'),
    onChange: previewStale,
  });
  await refreshHistory();
}
