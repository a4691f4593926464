/** The cost preview of a real run, in words: what it reads, what it costs, who reviews its output. */
import type { ApiQueryPreview } from '../../../enclave-api/index.ts';
import { dataTable, h } from '../dom.ts';

const RELEASE_WORDS: Record<ApiQueryPreview['review']['release'], string> = {
  auto_release: 'released automatically if every cell passes (the project allows it)',
  one_custodian: 'one custodian decides on its release',
  two_custodians: 'two custodians decide on its release',
};

const ms = (value: number | null): string =>
  value === null ? 'unknown' : value < 1000 ? `about ${value} ms` : `about ${(value / 1000).toFixed(1)} s`;

/** The preview card; `submit` is offered only when the SQL policy accepts the query. */
export function previewCard(preview: ApiQueryPreview, submit: () => void): HTMLElement {
  const { estimate, review, budget, twin } = preview;
  const refused = preview.policy.verdict === 'fail';
  return h(
    'section',
    { class: 'card', id: 'cost-preview', 'aria-labelledby': 'cost-preview-title' },
    h('h2', { id: 'cost-preview-title' }, 'Before you run it on the real data'),
    refused ? h('p', { class: 'error' }, `The SQL policy refuses this query: ${preview.policy.message}`) : null,
    dataTable(
      ['dataset', 'release version', 'rows', 'synthetic twin rows'],
      preview.releases.map((r) => ({
        dataset: r.dataset,
        'release version': r.version,
        rows: r.rows,
        'synthetic twin rows': r.twinRows,
      })),
      { caption: 'Releases the real run reads (row counts as the catalog publishes them)' },
    ),
    h(
      'dl',
      { class: 'kv' },
      h('dt', {}, 'Rows scanned'),
      h('dd', { id: 'estimate-rows' }, `up to ${estimate.rowsScanned.toLocaleString('en-ZA')}`),
      h('dt', {}, 'Run time'),
      h('dd', { id: 'estimate-time' }, `${ms(estimate.realRunMs)} (the twin took ${ms(estimate.twinRunMs)})`),
      h('dt', {}, 'Output check'),
      h(
        'dd',
        { id: 'review-path' },
        review.automatic
          ? 'checked automatically, cell by cell'
          : 'goes to a custodian: its shape cannot be checked automatically',
        `; ${RELEASE_WORDS[review.release]}.`,
      ),
      h('dt', {}, 'Real queries today'),
      h('dd', {}, `${budget.usedToday} of ${budget.perDay} for this project`),
    ),
    review.reasons.length ? h('ul', { class: 'reasons' }, ...review.reasons.map((r) => h('li', {}, r))) : null,
    twin.error ? h('p', { class: 'note' }, `The synthetic run failed: ${twin.error}`) : null,
    h('p', { class: 'note' }, `Estimated without reading real data: ${estimate.basis}.`),
    refused ? null : h('button', { type: 'button', id: 'submit-real', onclick: submit }, 'Submit on real data'),
  );
}
