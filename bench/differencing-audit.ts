/**
 * The exact differencing audit at scale: a project that has released about 5 000 count cells (overlapping
 * groupings of district, ward, age band, sex, ethnic group and employment) over a population of 1 000 000 persons,
 * then checks one more cross-table. Times the atoms query in DuckDB and the elimination separately.
 * `node bin/run-ts.js bench/differencing-audit.ts [persons=1000000] [threads=2]`
 */
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DEFAULT_PROFILE,
  atomsQuery,
  auditMatrix,
  auditOutputs,
  deriveCompanionQuery,
  disclosedAtoms,
  releasedCellsAudit,
  parseAtoms,
  populationsOf,
  type DatasetView,
  type ReleasedCell,
} from '../output-checks/index.ts';

const persons = Number(process.argv[2] ?? 1_000_000);
const threads = String(process.argv[3] ?? 2);
const connection = await (await DuckDBInstance.create(':memory:', { threads })).connect();
// 50 districts of 10 wards, 18 age bands, 2 sexes, 5 ethnic groups, 4 employment states; one row per person.
await connection.run(`create table people as
  select 'p' || i as person_id, 'D' || d as district, 'W' || d || '-' || (hash('2:' || i) % 10) as ward,
         (hash('3:' || i) % 18)::int as age_band, ['F','M'][1 + (hash('4:' || i) % 2)::int] as sex, 'E' || (hash('5:' || i) % 5) as ethnic_group,
         ['employed','unemployed','student','retired'][1 + (hash('6:' || i) % 4)::int] as employment
    from (select i, hash('1:' || i) % 50 as d from range(${persons}) t(i))`);
const datasets: DatasetView[] = [{ name: 'people', pseudonymColumn: 'person_id' }];
const run = async (sql: string) => {
  const reader = await connection.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Array<Record<string, unknown>> };
};
const time = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
};

const GROUPINGS = [
  'district, age_band', // 900
  'ward', // 500
  'district, sex, ethnic_group', // 500
  'ward, sex', // 1 000
  'age_band, sex, ethnic_group, employment', // 720
  'district, ethnic_group, employment', // 1 000
  'district, employment, sex', // 400
];
const released: ReleasedCell[] = [];
const [, ledgerMs] = await time(async () => {
  for (const keys of GROUPINGS) {
    const companion = await deriveCompanionQuery(
      `select ${keys}, count(*) as n from people group by ${keys}`,
      datasets,
    );
    released.push(
      ...populationsOf(companion, (await run(companion.sql!)).rows).map((p) => ({
        ...p,
        id: String(released.length + 1),
      })),
    );
  }
});

const next = await deriveCompanionQuery(
  'select district, sex, age_band, count(*) as n from people group by all',
  datasets,
);
const threshold = DEFAULT_PROFILE.threshold;
const { outputs, newIndex } = auditOutputs(released, {
  outputSql: next.populationSql!,
  keyCount: next.analysis.groupKeys.length,
});
const [found, queryMs] = await time(async () => parseAtoms((await run(atomsQuery(outputs))).rows[0]));
const [matrix, matrixMs] = await time(() => auditMatrix(found, outputs, newIndex, released, threshold));
const [disclosed, eliminationMs] = await time(() => disclosedAtoms(matrix.input));
const [findings, hookMs] = await time(() => releasedCellsAudit(released, run, threshold)(next));

const figures = {
  persons,
  threads,
  releasedCells: matrix.input.released.length,
  newCells: matrix.input.added.length,
  atoms: found.atoms.length,
  smallAtoms: found.atoms.filter((a) => a.size < threshold).length,
  nonZeros: matrix.input.released.concat(matrix.input.added).reduce((n, r) => n + r.length, 0),
  disclosed: disclosed.length,
  findings: findings.length,
  ledgerSetupMs: Math.round(ledgerMs),
  atomsQueryMs: Math.round(queryMs),
  matrixMs: Math.round(matrixMs),
  eliminationMs: Math.round(eliminationMs),
  wholeHookMs: Math.round(hookMs),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(JSON.stringify(figures, null, 2));
console.log(
  `differencing-audit: ${figures.releasedCells} released + ${figures.newCells} new cells over ${persons} persons, ${figures.atoms} atoms — ` +
    `atoms query ${figures.atomsQueryMs} ms, elimination (two primes) ${figures.eliminationMs} ms, whole audit ${figures.wholeHookMs} ms`,
);
connection.closeSync();
