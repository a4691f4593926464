/**
 * `node bin/run-ts.js bench/catalog.ts [persons=1000000]`: time `computeVariableSummaries` over a grants-like
 * release of one row per person (10 variables, 64-hex pseudonyms), against one plain scan of the same file.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { computeVariableSummaries, type VariableSpec } from '../catalog/index.ts';

const persons = Number(process.argv[2] ?? 1_000_000);
const VARIABLES: VariableSpec[] = [
  { name: 'person_id', label: 'Person', type: 'string', role: 'pseudonym' },
  { name: 'age_band', label: 'Age band', type: 'string', role: 'quasi_identifier' },
  { name: 'sex', label: 'Sex', type: 'string', role: 'quasi_identifier', valueLabels: { F: 'Female', M: 'Male' } },
  { name: 'geography', label: 'District', type: 'string', role: 'quasi_identifier' },
  { name: 'grant_type', label: 'Grant type', type: 'string', role: 'other' },
  { name: 'status', label: 'Status', type: 'string', role: 'other' },
  { name: 'monthly_amount', label: 'Amount', type: 'decimal', role: 'measure' },
  { name: 'application_year', label: 'Year', type: 'integer', role: 'other' },
  { name: 'application_month', label: 'Month', type: 'integer', role: 'other' },
  { name: 'child_person_id', label: 'Child', type: 'string', role: 'other' },
];

const dir = mkdtempSync(join(tmpdir(), 'sdf-bench-catalog-'));
try {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    memory_limit: '2GB',
    temp_directory: join(dir, 'spill'),
  });
  const connection = await instance.connect();
  const file = join(dir, 'part-0.parquet');
  await connection.run(`copy (
    select sha256(i::varchar) as person_id, ((i * 7) % 18 * 5)::varchar || '-' || ((i * 7) % 18 * 5 + 4)::varchar as age_band,
           case when i % 2 = 0 then 'F' else 'M' end as sex, 'DC' || lpad((i % 52)::varchar, 2, '0') as geography,
           ['OAG','CSG','DG','FCG','CDG','WVG','GIA','SRD'][1 + (i * 13) % 8] as grant_type,
           ['active','lapsed','suspended','rejected'][1 + i % 4] as status, 500 + (hash(i) % 200000) / 100.0 as monthly_amount,
           2000 + (i % 27) as application_year, 1 + (i % 12) as application_month,
           case when i % 3 = 0 then sha256((i + 1)::varchar) end as child_person_id
      from range(${persons}) t(i)) to '${file}' (format parquet, compression zstd)`);
  let started = performance.now();
  await connection.run(`select count(*), count(distinct person_id) from read_parquet('${file}')`);
  const scanSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summaries = await computeVariableSummaries(connection, [file], VARIABLES, 10);
  const cpu = process.cpuUsage(cpuBefore);
  const summarySeconds = (performance.now() - started) / 1000;
  const figures = {
    area: 'catalog',
    persons,
    variables: Object.keys(summaries).length,
    fileMiB: +(statSync(file).size / 2 ** 20).toFixed(1),
    summarySeconds: +summarySeconds.toFixed(2),
    summaryCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    distinctPersonScanSeconds: +scanSeconds.toFixed(2),
    ratioToOneDistinctScan: +(summarySeconds / scanSeconds).toFixed(1),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.on('error', () => undefined);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.stdout.write(
    `catalog summaries: ${persons} persons × ${figures.variables} variables in ${figures.summarySeconds}s ` +
      `(${figures.ratioToOneDistinctScan}× one count-distinct scan)\n`,
  );
  connection.closeSync();
  instance.closeSync();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
