/**
 * `anonymiseTable`: optimal full-domain k-anonymity (with l-diversity / t-closeness) of a DuckDB table or query.
 * Histogram in DuckDB → lattice search in TypeScript → transformation in SQL → risk-and-utility report.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError } from '../platform/index.ts';
import { writeAnonymised, type ApplyPlan } from './apply.ts';
import { classesOfGroups } from './classes.ts';
import type { ResolvedCriterion } from './criteria.ts';
import { ident, literal, oneAtATime, sourceSql } from './duck.ts';
import { applyNoise, type NoiseSpec } from './noise.ts';
import { compileHierarchy, type CompiledHierarchy } from './hierarchy.ts';
import { loadHistogram, type Histogram } from './histogram.ts';
import { DEFAULT_MONOTONIC, isMonotonic, levelFigures, nodeScore } from './quality.ts';
import type { AnonymisationReport } from './report.ts';
import { riskFromClassSizes } from './risk.ts';
import { searchLattice, type SearchResult } from './search.ts';
import { searchLatticePractical } from './flash-practical.ts';
import type { Hierarchy, LDiversityCriterion, QualityMetric, TClosenessCriterion } from './types.ts';

export interface QuasiIdentifier {
  column: string;
  hierarchy: Hierarchy;
}

export interface AnonymiseTableOptions {
  inputSql?: string;
  inputTable?: string;
  quasiIdentifiers: QuasiIdentifier[];
  k: number;
  /** Largest share of records that may be suppressed (default 0). */
  suppressionLimit?: number;
  /** Quality model (default `nue`, ARX's precomputed non-uniform entropy). */
  metric?: QualityMetric;
  /**
   * ARX's `monotonic` flag for `nue` and `discernibility`: whether suppressed records are scored as in ARX's
   * monotonic metric variants (default: monotonic `nue`, non-monotonic `discernibility`; see `quality.ts`).
   */
  monotonic?: boolean;
  lDiversity?: LDiversityCriterion[];
  tCloseness?: TClosenessCriterion[];
  /**
   * Search as ARX does with practical monotonicity (`setPracticalMonotonicity(true)`): Flash takes every model as
   * monotone and prunes by it, so it may miss the optimum and return ARX's worse node (default false: the exact
   * search). See `flash-practical.ts`.
   */
  practicalMonotonicity?: boolean;
  /** Suppressed records are removed (default) or kept with `*` quasi-identifiers. */
  suppression?: 'remove' | 'mask';
  outputTable?: string;
  outputParquet?: string;
  /** Noise on measure columns of the output, keyed on a stable row or person column (needs `outputTable`). */
  noise?: { specs: NoiseSpec[]; seed: string; keyColumn: string };
}

const METRICS: readonly QualityMetric[] = ['nue', 'loss', 'discernibility', 'aecs', 'precision'];

/**
 * Finds the optimal transformation, writes the output, and returns the report. Throws `no_solution` if none.
 * Calls on one connection run one after the other; give each its own connection to run them side by side.
 */
export function anonymiseTable(
  connection: DuckDBConnection,
  options: AnonymiseTableOptions,
): Promise<AnonymisationReport> {
  return oneAtATime(connection, () => anonymiseTableNow(connection, options));
}

/** The chosen transformation as data: each quasi-identifier's value → generalised value, and the suppressed tuples. */
export interface AnonymisationPlan {
  report: AnonymisationReport;
  maps: ApplyPlan['maps'];
  /** Generalised tuples (in quasi-identifier order) whose records are suppressed. */
  suppressedTuples: string[][];
}

/**
 * Finds the optimal transformation without writing anything, for a caller that applies it itself (to rows other
 * than the ones searched, say). The report's output count is what applying the plan to the input gives.
 */
export function planAnonymisation(
  connection: DuckDBConnection,
  options: Omit<AnonymiseTableOptions, 'outputTable' | 'outputParquet' | 'noise'>,
): Promise<AnonymisationPlan> {
  return oneAtATime(connection, () => planNow(connection, options, performance.now()));
}

async function planNow(
  connection: DuckDBConnection,
  options: AnonymiseTableOptions,
  started: number,
): Promise<AnonymisationPlan> {
  validateOptions(options);
  const metric = options.metric ?? 'nue';
  const suppressionLimit = options.suppressionLimit ?? 0;
  const hierarchies = options.quasiIdentifiers.map((q) => compileHierarchy({ ...q.hierarchy, column: q.column }));
  const sensitiveColumns = [
    ...new Set([...(options.lDiversity ?? []), ...(options.tCloseness ?? [])].map((c) => c.column)),
  ];
  const histogram = await loadHistogram(connection, sourceSql(options), hierarchies, sensitiveColumns, {
    firstRows: options.lDiversity?.some((c) => c.variant === 'grassberger'),
  });
  const histogramDone = performance.now();
  const criteria = resolveCriteria(histogram, options);
  const search = options.practicalMonotonicity ? searchLatticePractical : searchLattice;
  const result = search(histogram, {
    k: options.k,
    suppressionLimit,
    metric,
    monotonic: options.monotonic,
    criteria,
  });
  const searchDone = performance.now();
  if (!result.found || !result.classes || !result.suppressed) {
    throw new SdfError(
      'no_solution',
      `no transformation is ${options.k}-anonymous within ${suppressionLimit * 100}% suppression`,
      409,
    );
  }
  const suppression = options.suppression ?? 'remove';
  const output = suppression === 'remove' ? histogram.records - result.suppressedRecords : histogram.records;
  return {
    report: buildReport(histogram, result, options, { metric, suppressionLimit, suppression, written: output }, [
      started,
      histogramDone,
      searchDone,
      searchDone,
    ]),
    maps: hierarchies.map((h, c) => ({
      column: h.column,
      pairs: h.labels[0]!.map(
        (value, i) => [value, h.labels[result.levels[c]!]![h.codes[result.levels[c]!]![i]!]!] as const,
      ),
    })),
    suppressedTuples: suppressedTuples(histogram, result),
  };
}

async function anonymiseTableNow(
  connection: DuckDBConnection,
  options: AnonymiseTableOptions,
): Promise<AnonymisationReport> {
  const started = performance.now();
  const plan = await planNow(connection, options, started);
  const searchDone = performance.now();
  // Nothing to write: the output count is already known from the plan, so the rows are not read again
  const nothingToWrite = !options.outputTable && !options.outputParquet && !options.noise;
  const written = nothingToWrite
    ? plan.report.records.output
    : await writeAnonymised(connection, {
        from: sourceSql(options),
        maps: plan.maps,
        suppressedTuples: plan.suppressedTuples,
        suppression: plan.report.suppression,
        outputTable: options.outputTable,
        outputParquet: options.noise ? undefined : options.outputParquet,
      });
  const noise = options.noise
    ? await applyNoise(
        connection,
        options.outputTable!,
        options.noise.specs,
        options.noise.seed,
        options.noise.keyColumn,
      )
    : [];
  if (options.noise && options.outputParquet) {
    await connection.run(
      `COPY ${ident(options.outputTable!)} TO ${literal(options.outputParquet)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  }
  const writeDone = performance.now();
  const ms = (a: number, b: number) => Math.round((b - a) * 10) / 10;
  return {
    ...plan.report,
    records: { ...plan.report.records, output: written },
    runtimeMs: { ...plan.report.runtimeMs, write: ms(searchDone, writeDone), total: ms(started, writeDone) },
    output: { table: options.outputTable, parquet: options.outputParquet },
    noise,
  };
}

function validateOptions(options: AnonymiseTableOptions): void {
  if (!Number.isInteger(options.k) || options.k < 1) throw new SdfError('bad_input', 'k must be a positive integer');
  const limit = options.suppressionLimit ?? 0;
  if (!(limit >= 0 && limit <= 1)) throw new SdfError('bad_input', 'suppressionLimit must be between 0 and 1');
  if (options.noise && !options.outputTable) throw new SdfError('bad_input', 'noise needs outputTable');
  if (options.quasiIdentifiers.length === 0) throw new SdfError('bad_input', 'at least one quasi-identifier is needed');
  if (options.metric && !METRICS.includes(options.metric))
    throw new SdfError('bad_input', `metric must be one of ${METRICS.join(', ')}`);
  for (const c of options.lDiversity ?? []) {
    if (!(c.l >= 1)) throw new SdfError('bad_input', `l-diversity on ${c.column}: l must be ≥ 1`);
    if (c.variant === 'recursive' && !(Number.isInteger(c.l) && (c.c ?? 0) > 0)) {
      throw new SdfError('bad_input', `recursive (c,l)-diversity on ${c.column}: needs an integer l and c > 0`);
    }
  }
  for (const c of options.tCloseness ?? [])
    if (!(c.t >= 0 && c.t <= 1)) throw new SdfError('bad_input', `t-closeness on ${c.column}: t must be in [0, 1]`);
  if (options.practicalMonotonicity !== undefined && typeof options.practicalMonotonicity !== 'boolean')
    throw new SdfError('bad_input', 'practicalMonotonicity must be true or false');
}

function resolveCriteria(histogram: Histogram, options: AnonymiseTableOptions): ResolvedCriterion[] {
  const index = (column: string) => histogram.sensitiveColumns.indexOf(column);
  const criteria: ResolvedCriterion[] = (options.lDiversity ?? []).map((c) =>
    c.variant === 'recursive'
      ? { kind: 'recursive', s: index(c.column), l: c.l, c: c.c! }
      : { kind: c.variant, s: index(c.column), l: c.l },
  );
  for (const c of options.tCloseness ?? []) {
    if (c.distance === 'equal') {
      criteria.push({ kind: 'equal', s: index(c.column), t: c.t });
      continue;
    }
    if (c.distance === 'ordered') {
      const labels = histogram.sensitiveLabels[index(c.column)]!;
      // ARX orders a string attribute by String.compareTo, which is UTF-16 code-unit order, as `<` is here
      const order = Int32Array.from(labels.keys()).sort((a, b) =>
        labels[a]! < labels[b]! ? -1 : labels[a]! > labels[b]! ? 1 : 0,
      );
      criteria.push({ kind: 'ordered', s: index(c.column), t: c.t, order });
      continue;
    }
    if (!c.hierarchy)
      throw new SdfError('bad_input', `t-closeness on ${c.column}: hierarchical distance needs a hierarchy`);
    const hierarchy: CompiledHierarchy = compileHierarchy(c.hierarchy);
    const valueIndex = Int32Array.from(histogram.sensitiveLabels[index(c.column)]!, (label) => {
      const i = hierarchy.index.get(label);
      if (i === undefined) throw new SdfError('bad_hierarchy', `${c.column}: "${label}" is not in the hierarchy`);
      return i;
    });
    criteria.push({ kind: 'hierarchical', s: index(c.column), t: c.t, hierarchy, valueIndex });
  }
  return criteria;
}

function suppressedTuples(histogram: Histogram, result: SearchResult): string[][] {
  const tuples: string[][] = [];
  const { classes, suppressed } = result;
  for (let c = 0; c < classes!.count; c += 1) {
    if (!suppressed![c]) continue;
    const rep = classes!.reps[c]!;
    tuples.push(
      histogram.hierarchies.map(
        (h, q) => h.labels[result.levels[q]!]![h.codes[result.levels[q]!]![histogram.qi[q]![rep]!]!]!,
      ),
    );
  }
  return tuples;
}

function buildReport(
  histogram: Histogram,
  result: SearchResult,
  options: AnonymiseTableOptions,
  settings: { metric: QualityMetric; suppressionLimit: number; suppression: 'remove' | 'mask'; written: number },
  [started, histogramDone, searchDone, writeDone]: [number, number, number, number],
): AnonymisationReport {
  const classes = result.classes!;
  const suppressed = result.suppressed!;
  const figures = levelFigures(histogram);
  const quality = Object.fromEntries(
    METRICS.map((m) => [m, nodeScore(m, figures, histogram, result.levels, classes, suppressed, options.monotonic)]),
  ) as Record<QualityMetric, number>;
  // without sensitive columns the histogram's groups are the original tuples already
  const before =
    histogram.sensitiveColumns.length === 0
      ? { sizes: Int32Array.from(histogram.counts) }
      : classesOfGroups(histogram, new Int32Array(histogram.hierarchies.length));
  const keptSizes = Array.from(classes.sizes.subarray(0, classes.count)).filter((_, c) => !suppressed[c]);
  if (settings.suppression === 'mask' && result.suppressedRecords > 0) keptSizes.push(result.suppressedRecords);
  const ms = (a: number, b: number) => Math.round((b - a) * 10) / 10;
  return {
    method: 'full-domain',
    k: options.k,
    suppressionLimit: settings.suppressionLimit,
    metric: settings.metric,
    ...(DEFAULT_MONOTONIC[settings.metric] === undefined
      ? {}
      : { monotonic: isMonotonic(settings.metric, options.monotonic) }),
    practicalMonotonicity: options.practicalMonotonicity ?? false,
    levels: result.levels,
    score: result.score,
    quasiIdentifiers: histogram.hierarchies.map((h, c) => ({
      column: h.column,
      level: result.levels[c]!,
      levels: h.depth,
      distinctValuesAfter: h.labels[result.levels[c]!]!.length,
    })),
    lDiversity: options.lDiversity ?? [],
    tCloseness: (options.tCloseness ?? []).map(({ column, t, distance }) => ({ column, t, distance })),
    suppression: settings.suppression,
    records: {
      input: histogram.records,
      output: settings.written,
      suppressed: result.suppressedRecords,
      suppressedShare: histogram.records === 0 ? 0 : result.suppressedRecords / histogram.records,
    },
    quality,
    risk: { before: riskFromClassSizes(before.sizes, options.k), after: riskFromClassSizes(keptSizes, options.k) },
    search: { nodesChecked: result.nodesChecked, latticeSize: result.latticeSize },
    noise: [],
    runtimeMs: {
      histogram: ms(started, histogramDone),
      search: ms(histogramDone, searchDone),
      write: ms(searchDone, writeDone),
      total: ms(started, writeDone),
    },
    output: { table: options.outputTable, parquet: options.outputParquet },
  };
}
