/** Plain-text renderings of catalog entries for the terminal (`sdf catalog list|show`). */
import type { DatasetRecord, DatasetSummary, VariableSummary } from '../types.ts';
import { DISCLOSURE_FLOORS } from '../../platform/index.ts';

/** Left-aligned columns separated by two spaces, with a header row. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const dash = '–';

/** `sdf catalog list`: dataset, current version, rows, k, released. */
export function formatDatasetList(datasets: readonly DatasetSummary[]): string {
  if (datasets.length === 0) return 'no datasets in the catalog yet (run `sdf pipeline run`)';
  return formatTable(
    ['dataset', 'current version', 'rows', 'k', 'released'],
    datasets.map((d) => [
      d.id,
      d.currentVersion?.version ?? '(not released)',
      d.currentVersion ? String(d.currentVersion.rowCount) : dash,
      d.currentVersion?.k != null ? String(d.currentVersion.k) : dash,
      d.currentVersion ? d.currentVersion.releasedAt.replace('T', ' ').slice(0, 19) : dash,
    ]),
  );
}

const figure = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'withheld' : Number.isInteger(value) ? String(value) : value.toFixed(2);

/** One line about a variable's protected summary, e.g. `3 categories: F 602, M 555` or `mean 10.26, median 10`. */
export function describeSummary(summary: VariableSummary | undefined): string {
  if (!summary) return '';
  const missing = summary.missing === 0 ? '' : `; missing ${figure(summary.missing)}`;
  if (summary.kind === 'key') return `${figure(summary.distinct)} distinct${missing}`;
  if (summary.kind === 'numeric') {
    return (
      `mean ${figure(summary.mean)}, median ${figure(summary.percentiles?.p50)}, ` +
      `range ${figure(summary.min)}–${figure(summary.max)}${missing}`
    );
  }
  const top = (summary.categories ?? [])
    .slice(0, 3)
    .map((c) => `${c.value} ${c.count}`)
    .join(', ');
  const more = summary.withheldCategories ? ` (+${summary.withheldCategories} not listed)` : '';
  const noun = summary.distinct === 1 ? 'category' : 'categories';
  return `${figure(summary.distinct)} ${noun}${top ? `: ${top}` : ''}${(summary.categories?.length ?? 0) > 3 ? ', …' : ''}${more}${missing}`;
}

/** `sdf catalog show <dataset>`: the study, the variables and the releases. */
export function formatDatasetRecord(record: DatasetRecord): string {
  const { study, currentVersion: current } = record;
  const legal = study.legalBasis.map((b) => [b.instrument, b.provision].filter(Boolean).join(' ')).join('; ');
  const lines = [
    `${record.title} (${record.id})`,
    record.description,
    '',
    study.abstract,
    '',
    `universe:        ${study.universe}`,
    `unit:            ${study.unitOfAnalysis}`,
    `coverage:        ${study.temporalCoverage.start} to ${study.temporalCoverage.end ?? 'now'}, ${study.spatialCoverage.description}`,
    `source:          ${study.sourceSystem} (${study.custodian})`,
    `legal basis:     ${legal}`,
    `access:          ${study.accessConditions}`,
    `cite as:         ${study.citation}`,
    `current release: ${current ? `${current.version}, ${current.rowCount} rows, k=${current.k ?? dash}, files ${current.files.map((f) => f.name).join(', ')}` : '(not released)'}`,
    '',
    'variables',
    formatTable(
      [
        'name',
        'type',
        'role',
        'label',
        `summary (figures under ${record.variables.find((v) => v.summary)?.summary?.threshold ?? DISCLOSURE_FLOORS.minPersonsPerCell} persons withheld)`,
      ],
      record.variables.map((v) => [v.name, v.type, v.role, v.label, describeSummary(v.summary)]),
    ),
    '',
    'versions',
    formatTable(
      ['version', 'kind', 'rows', 'k', 'released', 'run', 'checks'],
      record.versions.map((v) => [
        `${v.version}${v.current ? ' *' : ''}`,
        v.kind,
        String(v.rowCount),
        v.k != null ? String(v.k) : dash,
        v.releasedAt.replace('T', ' ').slice(0, 19),
        v.provenance.runId ?? '',
        (v.provenance.checks ?? []).map((c) => `${c.name}:${c.verdict}`).join(' '),
      ]),
    ),
  ];
  return lines.join('\n');
}
