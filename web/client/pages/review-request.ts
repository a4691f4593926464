/**
 * A release request for custodians: SQL, dataset versions, justification, the output with failing and flagged
 * cells highlighted, the per-column summary, the check report in plain words, the two-person state, and the
 * decision form (approve / reject / return, reason required).
 */
import type { ApiDecisionBody, ApiReleaseRequest } from '../../../enclave-api/index.ts';
import { api, peopleNames } from '../api.ts';
import { dataTable, errorBox, h, mount, toast, verdictBadge } from '../dom.ts';
import { cellVerdicts, isFullReport, outcomeSentence, outputFromReport, plainReasons } from '../lib/report-words.ts';
import type { PageContext } from '../main.ts';
import { approvalsText } from './review-queue.ts';

export async function renderReviewRequest(ctx: PageContext): Promise<void> {
  const { main, params } = ctx;
  const id = params[0]!;
  const r = await api.get<ApiReleaseRequest>(`/api/v1/release-requests/${encodeURIComponent(id)}`);
  const report = r.checkReport;
  // Custodians get the full report: per-column summaries, group values and figures (the narrowing says so).
  const full = isFullReport(report) ? report : null;
  const { status, outcome, votes, history } = r;
  const sql = r.sql ?? '';
  const datasets = r.datasets ?? [];
  const names = await peopleNames();
  const who = (id: string | null) => (id && names[id]) ?? (id ?? '—').slice(0, 8);

  const rows = r.rows ?? [];
  const fromReport = outputFromReport(full);
  const columns = rows.length ? Object.keys(rows[0]!) : fromReport.columns;
  const outputRows = rows.length ? rows : fromReport.rows;
  const at = cellVerdicts(report);
  const ruleAt = (row: number, column: string) =>
    (report?.cells ?? [])
      .filter((c) => c.row === row && c.column === column)
      .flatMap((c) => c.verdicts ?? [])
      .filter((v) => v.verdict !== 'pass')
      .map((v) => `${v.rule}: ${v.reason}`)
      .join('; ') || undefined;

  const reason = h('textarea', {
    id: 'reason',
    required: true,
    rows: 3,
    style: 'width: 100%',
    'aria-describedby': 'reason-help',
  });
  const decision = h(
    'select',
    { id: 'decision' },
    h('option', { value: 'approve' }, 'Approve'),
    h('option', { value: 'reject' }, 'Reject'),
    h('option', { value: 'return' }, 'Return to researcher for changes'),
  );
  const formStatus = h('div', { 'aria-live': 'polite' });
  const open = status === 'submitted' || status === 'partially_reviewed';
  const form = h(
    'form',
    {
      class: 'card',
      id: 'decision-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (!reason.value.trim()) {
          mount(formStatus, errorBox('A reason is required for every decision.'));
          reason.focus();
          return;
        }
        try {
          await api.post(`/api/v1/release-requests/${encodeURIComponent(id)}/decision`, {
            decision: decision.value as ApiDecisionBody['decision'],
            reason: reason.value.trim(),
          } satisfies ApiDecisionBody);
          toast('Decision recorded');
          await renderReviewRequest(ctx);
          main.dataset.ready = `review/${id}`;
        } catch (error) {
          mount(formStatus, errorBox(error));
        }
      },
    },
    h('h2', {}, 'Your decision'),
    h('div', { class: 'row' }, h('label', { for: 'decision' }, 'Decision', decision)),
    h('label', { for: 'reason' }, 'Reason (required, recorded in the audit log)', reason),
    h(
      'p',
      { id: 'reason-help', class: 'note' },
      'With the two-person rule, each custodian decides independently; the other vote stays hidden until both are in. You cannot decide on your own request.',
    ),
    h('button', { type: 'submit', id: 'submit-decision', disabled: !open }, 'Record decision'),
    formStatus,
  );

  mount(
    main,
    h('p', {}, h('a', { href: '#/review' }, '← Back to the queue')),
    h('h1', {}, `Release request ${id.slice(0, 8)}`),
    h(
      'div',
      { class: 'card' },
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, 'Status'),
        h('dd', { id: 'request-status' }, status),
        h('dt', {}, 'Check outcome'),
        h('dd', {}, verdictBadge(outcome)),
        h('dt', {}, 'Two-person state'),
        h(
          'dd',
          { id: 'approvals' },
          r.requiresTwoCustodians ? 'Two custodians must approve. ' : 'One custodian decides. ',
          `${approvalsText(r)} votes cast`,
          votes.length
            ? ` · ${votes.map((v) => `${who(v.custodian)}: ${v.decision} (“${v.reason}”)`).join('; ')}`
            : r.votesCast > 0
              ? ' · votes stay hidden until every custodian needed has voted'
              : '',
        ),
        h('dt', {}, 'Project'),
        h('dd', {}, r.projectTitle ?? r.project),
        h('dt', {}, 'Requested by'),
        h('dd', {}, r.requesterName ?? who(r.requester)),
        h('dt', {}, 'Submitted'),
        h('dd', {}, r.createdAt.replace('T', ' ').slice(0, 16)),
        h('dt', {}, 'Justification'),
        h('dd', {}, r.justification || '—'),
      ),
    ),
    h(
      'div',
      { class: 'grid2' },
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'SQL'),
        h('pre', { id: 'sql' }, sql || '—'),
        h('h3', {}, 'Dataset versions read'),
        datasets.length
          ? dataTable(
              ['dataset', 'version', 'kind', 'files'],
              datasets.map((d) => ({
                dataset: d.datasetId,
                version: d.version,
                kind: d.kind,
                files: (d.files ?? []).map((f) => `${f.name} (sha256 ${f.sha256.slice(0, 12)}…)`).join(', '),
              })),
            )
          : h('p', { class: 'muted' }, 'Not recorded.'),
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Check report'),
        h('p', { id: 'outcome-words' }, outcomeSentence(outcome)),
        h('ul', { class: 'reasons' }, ...plainReasons(report).map((t) => h('li', {}, t))),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Output'),
      h(
        'p',
        { class: 'note' },
        'Cells marked ✕ (red) fail a rule; cells marked ⚑ (amber) need your judgement. Hover a marked cell for the rule.',
      ),
      outputRows.length
        ? dataTable(columns, outputRows, {
            caption: 'Output under review',
            cellClass: (i, c) => {
              const v = at(i, c);
              return v && v !== 'pass' ? `v-${v}` : undefined;
            },
            cellTitle: ruleAt,
          })
        : h('p', { class: 'muted' }, 'No output cells to show.'),
      full?.columns.length
        ? [
            h('h3', {}, 'Per-column summary'),
            dataTable(['column', 'role', 'kind', 'cells', 'pass', 'review', 'fail', 'minPersons'], full.columns, {
              caption: 'Per-column summary of the check',
            }),
          ]
        : null,
    ),
    history.length
      ? h(
          'details',
          { class: 'card' },
          h('summary', {}, `History (${history.length})`),
          dataTable(
            ['at', 'from', 'to', 'by', 'reason'],
            history.map((x) => ({
              at: x.at.replace('T', ' ').slice(0, 19),
              from: x.from,
              to: x.to,
              by: who(x.by),
              reason: x.reason,
            })),
          ),
        )
      : null,
    open ? form : h('p', { class: 'card' }, `This request is ${status}; no further decision is possible.`),
  );
}
