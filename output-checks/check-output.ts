/**
 * Checks one output: applies the cell rules to the true figures from the companion query (matched to the printed
 * rows by their group keys), the table rules to the output as a whole, and writes the report a custodian reads.
 * Pure: the caller runs the query and its companion.
 */
import { checkCell, worst, worstFirst } from './rules.ts';
import {
  cellCapRule,
  classDisclosureRule,
  differencingRule,
  rowLevelRule,
  type DifferencingPair,
} from './table-rules.ts';
import { toBoolean, toNumber, toNumberList, keyOf } from './values.ts';
import { summariseColumns, explain } from './report.ts';
import { absentCells, hierarchyFinding, keyDependencies } from './empty-cells.ts';
import type { CompanionQuery } from './sql/companion.ts';
import type { CellStats, CellVerdict, CheckReport, CheckedCell, DisclosureProfile } from './types.ts';

/** A query result as the enclave holds it: column names and rows (arrays in column order, or objects by name). */
export interface ResultTable {
  columns: readonly string[];
  rows: ReadonlyArray<readonly unknown[] | Record<string, unknown>>;
}

/** Everything `checkOutput` needs. */
export interface CheckInput {
  companion: CompanionQuery;
  result: ResultTable;
  /** Rows of `companion.sql` run on the same views (empty when it has none). */
  companionRows: ReadonlyArray<Record<string, unknown>>;
  profile: DisclosureProfile;
  /** Differences from cells already released to the project (see `released-cells.ts`). */
  differencing?: readonly DifferencingPair[];
  /** Findings of the exact differencing audit against the released cells (see `releasedCellsAudit`). */
  releasedCellsFindings?: readonly CellVerdict[];
  /** Cells already removed by protection (suppressed), as `row:column`. */
  suppressed?: ReadonlySet<string>;
}

const cellOf = (row: readonly unknown[] | Record<string, unknown>, columns: readonly string[], i: number): unknown =>
  Array.isArray(row) ? row[i] : (row as Record<string, unknown>)[columns[i]!];

/** Cell figures for aggregate `i` of one companion row. */
export function statsFromCompanion(
  row: Record<string, unknown>,
  i: number,
  companion: CompanionQuery,
  value: unknown,
): CellStats {
  const spec = companion.analysis.aggregates[i]!;
  const persons = toNumber(row[`__n${i}`]) ?? 0;
  const binary =
    toBoolean(row[`__bin${i}`]) === true
      ? { ones: toNumber(row[`__ones${i}`]) ?? 0, zeros: toNumber(row[`__zeros${i}`]) ?? 0 }
      : null;
  const parameters = spec.kind === 'model' ? 2 : spec.kind === 'spread' ? 1 : 0;
  return {
    kind: spec.kind,
    persons,
    cellPersons: toNumber(row.__persons),
    // Unknown (not printed, or a non-numeric print) is not the same as a printed NULL.
    value: value === undefined || (typeof value === 'string' && toNumber(value) === null) ? undefined : toNumber(value),
    total: toNumber(row[`__total${i}`]),
    top: toNumberList(row[`__top${i}`]),
    minContribution: toNumber(row[`__min${i}`]),
    minRow: toNumber(row[`__rowmin${i}`]),
    residualDf: parameters > 0 ? persons - parameters : null,
    binary,
  };
}

/** Runs every rule on an output and returns the check report. */
export function checkOutput(input: CheckInput): CheckReport {
  const { companion, result, profile } = input;
  const { analysis } = companion;
  const findings: CellVerdict[] = [
    // An unanalysable shape may or may not aggregate: it is reviewed below rather than judged row-level.
    ...(analysis.shape === 'unanalysable'
      ? []
      : [rowLevelRule({ aggregated: analysis.shape !== 'row-level', identifierColumns: analysis.identifierColumns })]),
    // Cells that carry statistics (or groups, for DISTINCT); unknown shapes count every printed value.
    cellCapRule(
      result.rows.length *
        Math.max(
          1,
          analysis.shape === 'unanalysable'
            ? result.columns.length
            : analysis.columns.filter((c) => c.role === 'statistic').length,
        ),
      profile,
    ),
    ...analysis.reasons.map((reason) => ({ verdict: 'review' as const, rule: 'shape', reason })),
  ];
  if (analysis.shape === 'unanalysable') {
    findings.push({
      verdict: 'review',
      rule: 'shape',
      reason: 'the query shape could not be analysed, so no cell could be verified',
    });
  }
  if (analysis.havingOnAggregates) {
    findings.push({
      verdict: 'review',
      rule: 'having',
      reason:
        'HAVING filters on aggregates: the groups it hides were checked too, and their absence can tell that they are small',
    });
  }
  const cells = companion.sql ? matchCells(input) : [];
  const unmatched = companion.sql ? unmatchedRows(input, cells) : [];
  const absent = absentCombinations(input);
  cells.push(...absent.cells);
  findings.push(...absent.findings);
  if (unmatched.length > 0) {
    findings.push({
      verdict: 'review',
      rule: 'companion',
      reason: `printed row(s) ${unmatched
        .slice(0, 8)
        .map((r) => r + 1)
        .join(', ')}${unmatched.length > 8 ? ' …' : ''} could not be matched to the persons behind them`,
    });
  }
  if (companion.sql && input.companionRows.length === 0 && result.rows.length > 0) {
    findings.push({
      verdict: 'review',
      rule: 'shape',
      reason: 'the companion query returned no groups for a non-empty output',
    });
  }
  findings.push(...classDisclosure(input, cells));
  findings.push(...(input.differencing ?? []).map((pair) => differencingRule(pair, profile)));
  findings.push(...(input.releasedCellsFindings ?? []));
  const shown = findings.filter((f) => f.verdict !== 'pass');
  const outcome = worst([...cells.map((c) => c.verdict), ...shown.map((f) => f.verdict)]);
  return {
    outcome,
    reasons: explain(cells, worstFirst(shown)),
    shape: analysis.shape,
    profile,
    cells,
    columns: summariseColumns(analysis, cells),
    findings: worstFirst(shown),
    checkedAt: new Date().toISOString(),
  };
}

function matchCells(input: CheckInput): CheckedCell[] {
  const { companion, result, profile } = input;
  const { analysis } = companion;
  const keyColumns = analysis.groupKeys.map((_, k) =>
    analysis.columns.findIndex((c) => c.role === 'group' && c.key === k),
  );
  const allKeysPrinted = keyColumns.every((c) => c >= 0);
  const groupKey = (values: unknown[]) => JSON.stringify(values.map(keyOf));
  const printed = new Map<string, number>();
  if (allKeysPrinted) {
    result.rows.forEach((row, r) => printed.set(groupKey(keyColumns.map((c) => cellOf(row, result.columns, c))), r));
  }
  const cells: CheckedCell[] = [];
  for (const crow of input.companionRows) {
    const keys = analysis.groupKeys.map((_, k) => crow[`__g${k}`]);
    const group = Object.fromEntries(analysis.groupKeys.map((sql, k) => [sql, keys[k]]));
    const r = allKeysPrinted ? (printed.get(groupKey(keys)) ?? null) : null;
    const hidden = allKeysPrinted && r === null;
    const statistics = analysis.columns.flatMap((c, i) => (c.role === 'statistic' ? [{ c, i }] : []));
    if (statistics.length === 0) {
      const stats: CellStats = { kind: 'group', persons: toNumber(crow.__persons) ?? 0 };
      cells.push(judge({ row: r, column: '(group)', group, stats }, hidden, input));
    }
    for (const { c, i } of statistics) {
      if (c.role !== 'statistic') continue;
      const value = r === null ? undefined : cellOf(result.rows[r]!, result.columns, i);
      const all = c.aggregates.map((a) =>
        statsFromCompanion(crow, a, companion, c.aggregates.length === 1 ? value : undefined),
      );
      const verdicts = all.map((s) => ({ s, ...checkCell(s, profile) }));
      const chosen = worstFirst(verdicts)[0]!;
      cells.push(
        judge(
          { row: r, column: c.name, group, stats: chosen.s },
          hidden,
          input,
          verdicts.flatMap((v) => v.verdicts),
        ),
      );
    }
  }
  return cells;
}

/** Printed rows no companion group was matched to (a truncated companion, or keys that print differently). */
function unmatchedRows(input: CheckInput, cells: readonly CheckedCell[]): number[] {
  const { analysis } = input.companion;
  const allKeysPrinted = analysis.groupKeys.every((_, k) =>
    analysis.columns.some((c) => c.role === 'group' && c.key === k),
  );
  if (!allKeysPrinted) return [];
  const matched = new Set(cells.map((c) => c.row));
  return input.result.rows.map((_, r) => r).filter((r) => !matched.has(r));
}

function judge(
  cell: Pick<CheckedCell, 'row' | 'column' | 'group' | 'stats'>,
  hidden: boolean,
  input: CheckInput,
  precomputed?: CellVerdict[],
): CheckedCell {
  if (cell.row !== null && input.suppressed?.has(`${cell.row}:${cell.column}`)) {
    return {
      ...cell,
      verdict: 'pass',
      verdicts: [{ verdict: 'pass', rule: 'suppressed', reason: 'suppressed before release' }],
    };
  }
  let verdicts = precomputed ?? checkCell(cell.stats, input.profile).verdicts;
  if (hidden && !input.companion.analysis.havingOnAggregates) {
    // Cut by LIMIT or a HAVING on keys only: not released, and its absence says nothing about its size.
    return {
      ...cell,
      verdict: 'pass',
      verdicts: [
        {
          verdict: 'pass',
          rule: 'not-printed',
          reason: `not printed (${input.companion.analysis.hidesRows.join('/') || 'filtered'}), so not released`,
        },
      ],
    };
  }
  if (hidden) {
    // Hidden by a HAVING on aggregates — but its absence is information, like an unprotected suppression.
    verdicts = verdicts.map((v) => ({
      ...v,
      verdict: v.verdict === 'fail' ? 'review' : v.verdict,
      reason: `hidden by ${input.companion.analysis.hidesRows.join('/') || 'a filter'}: ${v.reason}; its absence can disclose it`,
    }));
  }
  const unique = verdicts.filter((v, i) => verdicts.findIndex((w) => w.rule === v.rule && w.reason === v.reason) === i);
  return { ...cell, verdict: worst(unique.map((v) => v.verdict)), verdicts: worstFirst(unique) };
}

/**
 * Absent combinations of the printed keys (see `empty-cells.ts`). Not judged when a key is not printed (the reader
 * cannot tell which combination is missing) or a LIMIT cuts rows (an absence may be the LIMIT's).
 */
function absentCombinations(input: CheckInput): ReturnType<typeof absentCells> {
  const { analysis } = input.companion;
  const printed = analysis.groupKeys.every((_, k) => analysis.columns.some((c) => c.role === 'group' && c.key === k));
  if (!input.companion.sql || !printed || analysis.hidesRows.includes('LIMIT')) return { cells: [], findings: [] };
  const statistics = analysis.columns.flatMap((c) =>
    c.role === 'statistic'
      ? [{ name: c.name, kind: analysis.aggregates[c.aggregates[0]!]?.kind ?? ('other' as const) }]
      : [],
  );
  const columns = statistics.length > 0 ? statistics : [{ name: '(group)', kind: 'group' as const }];
  return absentCells({ groupKeys: analysis.groupKeys, groups: input.companionRows, columns }, input.profile);
}

/**
 * Class disclosure on count tables, for every ordered pair of keys (row key, category key): within a value of the
 * row key, everyone in one category of the other (summed over any further keys) — unless the data show the category
 * key to follow from the row key (a hierarchy, which is reviewed instead).
 */
function classDisclosure(input: CheckInput, cells: readonly CheckedCell[]): CellVerdict[] {
  const keys = input.companion.analysis.groupKeys;
  const countCells = cells.filter((c) => c.stats.kind === 'count' || c.stats.kind === 'group');
  // A row of a key in the one category that key implies (a district in its province) is structure, not disclosure;
  // the hierarchy itself is reviewed.
  const hierarchy = keyDependencies(keys, input.companionRows);
  const implied = (i: number, j: number) => hierarchy.some(([a, b]) => a === i && b === j);
  return [
    ...hierarchyFinding(keys, hierarchy),
    ...keys.flatMap((outer, i) =>
      keys
        .filter((_, j) => j !== i && !implied(i, j))
        .flatMap((inner) => {
          const categories = [...new Set(countCells.map((c) => keyOf(c.group[inner])))];
          const rows = new Map<string, Map<string, number>>();
          for (const c of countCells) {
            const row = rows.get(keyOf(c.group[outer])) ?? new Map<string, number>();
            row.set(keyOf(c.group[inner]), Math.max(row.get(keyOf(c.group[inner])) ?? 0, c.stats.persons ?? 0));
            rows.set(keyOf(c.group[outer]), row);
          }
          return [...rows].map(([row, counts]) =>
            classDisclosureRule(`${outer} = ${row} (by ${inner})`, counts, categories, input.profile),
          );
        }),
    ),
  ];
}
