/**
 * Output-checking costs: deriving the companion query (DuckDB parse + render), running it next to the researcher's
 * query, checking the cells, and the differencing query against the released cells.
 * `node bin/run-ts.js bench/output-checks.ts [rows=200000]`
 */
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DEFAULT_PROFILE,
  checkOutput,
  deriveCompanionQuery,
  releasedCellsDifferencing,
  populationsOf,
  type DatasetView,
} from '../output-checks/index.ts';

const rows = Number(process.argv[2] ?? 200_000);
const persons = Math.max(1, Math.floor(rows / 3));
const connection = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
await connection.run(`create table grants as
  select 'p' || (i % ${persons}) as person_id, ['GP','WC','EC','KZN','NC','FS','LP','MP','NW'][1 + (i * 7) % 9] as province,
         ['old age','child support','disability','foster child'][1 + (i * 13) % 4] as grant_type,
         (i % 97) * 10.0 as amount from range(${rows}) t(i)`);
const datasets: DatasetView[] = [{ name: 'grants', pseudonymColumn: 'person_id' }];
const run = async (sql: string) => {
  const reader = await connection.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Array<Record<string, unknown>> };
};
const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
};

const QUERIES = {
  oneKey: 'select province, count(*) as n, sum(amount) as total from grants group by province',
  crossTab: 'select province, grant_type, count(*) as n, avg(amount) as mean from grants group by all',
  having: 'select province, grant_type, count(*) as n from grants group by 1, 2 having count(*) > 10',
};
const figures: Record<string, unknown> = { rows, persons };
for (const [name, sql] of Object.entries(QUERIES)) {
  const [companion, deriveMs] = await time(() => deriveCompanionQuery(sql, datasets));
  const [result, queryMs] = await time(() => run(sql));
  const [companionRows, companionMs] = await time(async () => (await run(companion.sql!)).rows);
  const [report, checkMs] = await time(async () =>
    checkOutput({ companion, result, companionRows, profile: DEFAULT_PROFILE }),
  );
  figures[name] = { cells: report.cells.length, outcome: report.outcome, deriveMs, queryMs, companionMs, checkMs };
}
// Released cells: the cross-tab released, then a near-identical cross-tab checked against it.
const released = await deriveCompanionQuery(QUERIES.crossTab, datasets);
const releasedCells = populationsOf(released, (await run(released.sql!)).rows).map((p, i) => ({ ...p, id: String(i) }));
const next = await deriveCompanionQuery(
  `${QUERIES.crossTab.replace('group by all', "where person_id <> 'p1' group by all")}`,
  datasets,
);
const [pairs, differencingMs] = await time(() =>
  releasedCellsDifferencing(releasedCells, run, DEFAULT_PROFILE.threshold)(next),
);
figures.differencing = {
  releasedCells: releasedCells.length,
  reportedPairs: pairs.length,
  failing: pairs.filter((p) => p.onlyInNew + p.onlyInReleased < 10 && p.onlyInNew + p.onlyInReleased > 0).length,
  differencingMs,
};

console.log(JSON.stringify(figures, null, 2));
const cross = figures.crossTab as { companionMs: number; queryMs: number };
console.log(
  `output-checks: ${rows} rows — cross-tab query ${cross.queryMs.toFixed(0)} ms, its companion ${cross.companionMs.toFixed(0)} ms; differencing ${releasedCells.length} released cells in ${differencingMs.toFixed(0)} ms`,
);
connection.closeSync();
