/** `anonymiseMondrian`: Mondrian local recoding of a DuckDB table or query, written like `anonymiseTable`'s output. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError } from '../platform/index.ts';
import type { AnonymiseTableOptions } from './anonymise-table.ts';
import { appendStrings, ident, literal, oneAtATime, queryColumns, scratchPrefix, sourceSql } from './duck.ts';
import { compileHierarchy } from './hierarchy.ts';
import { loadHistogram, type Histogram } from './histogram.ts';
import { mondrianPartitions, type MondrianPartition } from './mondrian.ts';
import { levelFigures, lossScore } from './quality.ts';
import type { AnonymisationReport } from './report.ts';
import { riskFromClassSizes } from './risk.ts';
import { classesOfGroups } from './classes.ts';

/** Mondrian local recoding (k only: l-diversity and t-closeness are not applied here; nothing is suppressed). */
export function anonymiseMondrian(
  connection: DuckDBConnection,
  options: AnonymiseTableOptions,
): Promise<AnonymisationReport> {
  return oneAtATime(connection, () => anonymiseMondrianNow(connection, options));
}

async function anonymiseMondrianNow(
  connection: DuckDBConnection,
  options: AnonymiseTableOptions,
): Promise<AnonymisationReport> {
  const started = performance.now();
  if (!Number.isInteger(options.k) || options.k < 1) throw new SdfError('bad_input', 'k must be a positive integer');
  const from = sourceSql(options);
  const hierarchies = options.quasiIdentifiers.map((q) => compileHierarchy({ ...q.hierarchy, column: q.column }));
  const histogram = await loadHistogram(connection, from, hierarchies);
  const histogramDone = performance.now();
  if (histogram.records < options.k)
    throw new SdfError('no_solution', `only ${histogram.records} records, fewer than k = ${options.k}`, 409);
  const partitions = mondrianPartitions(histogram, options.k);
  const searchDone = performance.now();
  const rows: string[][] = [];
  for (const partition of partitions) {
    for (const g of partition.groups) {
      rows.push(
        hierarchies.flatMap((h, c) => {
          const original = histogram.qi[c]![g]!;
          const level = partition.levels[c]!;
          return [h.labels[0]![original]!, h.labels[level]![h.codes[level]![original]!]!];
        }),
      );
    }
  }
  const names = hierarchies.flatMap((_, c) => [`v${c}`, `g${c}`]);
  const scratch = scratchPrefix();
  await appendStrings(connection, scratch, names, rows);
  const [columnNames] = await queryColumns(connection, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${from})`);
  const qi = new Map(hierarchies.map((h, c) => [h.column, c]));
  const select = (columnNames ?? []).map(String).map((column) => {
    const c = qi.get(column);
    return c === undefined ? `src.${ident(column)}` : `m.g${c} AS ${ident(column)}`;
  });
  const on = hierarchies
    .map((h, c) => `coalesce(CAST(src.${ident(h.column)} AS VARCHAR), 'NULL') = m.v${c}`)
    .join(' AND ');
  const sql = `SELECT DISTINCT ON (${hierarchies.map((_, c) => `v${c}`).join(', ')}) * FROM ${scratch}`;
  const query = `SELECT ${select.join(', ')} FROM ${from} src JOIN (${sql}) m ON ${on}`;
  try {
    if (options.outputTable) await connection.run(`CREATE OR REPLACE TABLE ${ident(options.outputTable)} AS ${query}`);
    if (options.outputParquet) {
      const source = options.outputTable ? ident(options.outputTable) : `(${query})`;
      await connection.run(`COPY ${source} TO ${literal(options.outputParquet)} (FORMAT parquet, COMPRESSION zstd)`);
    }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${scratch}`);
  }
  const writeDone = performance.now();
  return mondrianReport(histogram, partitions, options, [started, histogramDone, searchDone, writeDone]);
}

function mondrianReport(
  histogram: Histogram,
  partitions: MondrianPartition[],
  options: AnonymiseTableOptions,
  [started, histogramDone, searchDone, writeDone]: [number, number, number, number],
): AnonymisationReport {
  const figures = levelFigures(histogram);
  const n = histogram.records;
  const columns = histogram.hierarchies.length;
  const lost = new Float64Array(columns);
  let precision = 0;
  let discernibility = 0;
  for (const partition of partitions) {
    discernibility += partition.records * partition.records;
    for (const g of partition.groups) {
      histogram.hierarchies.forEach((h, c) => {
        const level = partition.levels[c]!;
        lost[c]! += histogram.counts[g]! * figures.lossOfCode[c]![level]![h.codes[level]![histogram.qi[c]![g]!]!]!;
        precision += (histogram.counts[g]! * level) / Math.max(1, h.depth - 1);
      });
    }
  }
  const loss = lossScore(histogram, lost);
  const ms = (a: number, b: number) => Math.round((b - a) * 10) / 10;
  const before = classesOfGroups(histogram, new Int32Array(columns));
  return {
    method: 'mondrian',
    k: options.k,
    suppressionLimit: 0,
    metric: 'loss',
    levels: [],
    score: loss,
    quasiIdentifiers: histogram.hierarchies.map((h) => ({
      column: h.column,
      level: -1,
      levels: h.depth,
      distinctValuesAfter: -1,
    })),
    lDiversity: [],
    tCloseness: [],
    suppression: 'remove',
    records: { input: n, output: n, suppressed: 0, suppressedShare: 0 },
    quality: {
      nue: NaN,
      loss,
      precision: precision / (n * columns),
      discernibility,
      aecs: n / partitions.length,
    },
    risk: {
      before: riskFromClassSizes(before.sizes, options.k),
      after: riskFromClassSizes(
        partitions.map((p) => p.records),
        options.k,
      ),
    },
    search: { nodesChecked: partitions.length, latticeSize: 0 },
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
