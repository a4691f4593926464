/**
 * `sdf anonymise`: optimal k-anonymity of any CSV or Parquet file with ARX-format hierarchies
 * (`*_hierarchy_<column>.csv` in --hierarchies; every column with a hierarchy is a quasi-identifier).
 * Prints the JSON risk-and-utility report (with `levels` in input column order and `score`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DuckDBInstance } from '@duckdb/node-api';
import { z } from 'zod';
import { UsageError } from '../../platform/index.ts';
import {
  anonymiseTable,
  readArxHierarchy,
  type LDiversityCriterion,
  type QualityMetric,
  type TClosenessCriterion,
} from '../../anonymisation/index.ts';
import { makeProgress } from '../progress.ts';

const Options = z.object({
  input: z.string().min(1),
  hierarchies: z.string().min(1),
  k: z.coerce.number().int().min(1),
  suppression: z.coerce.number().min(0).max(1).default(0),
  metric: z.enum(['nue', 'loss', 'discernibility', 'aecs', 'precision']).default('nue'),
  lDiversity: z.array(z.string()).default([]),
  tCloseness: z.array(z.string()).default([]),
  suppressionMode: z.enum(['remove', 'mask']).default('remove'),
  output: z.string().optional(),
});

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerAnonymise(program: Command): void {
  program
    .command('anonymise')
    .description('k-anonymise a CSV or Parquet file with ARX hierarchies; prints the JSON risk-and-utility report')
    .requiredOption('--input <file>', 'CSV (delimiter detected) or Parquet file')
    .requiredOption('--hierarchies <dir>', 'folder of ARX hierarchy CSVs named *_hierarchy_<column>.csv')
    .requiredOption('--k <k>', 'smallest allowed equivalence class')
    .option('--suppression <share>', 'largest share of records that may be suppressed, e.g. 0.04', '0')
    .option('--metric <metric>', 'nue | loss | discernibility | aecs | precision', 'nue')
    .option('--l-diversity <col:l[:entropy]>', 'l-diversity on a sensitive column (repeatable)', collect)
    .option('--t-closeness <col:t>', 't-closeness (equal distance) on a sensitive column (repeatable)', collect)
    .option('--suppression-mode <mode>', 'remove suppressed records, or mask their quasi-identifiers with *', 'remove')
    .option('--output <file.parquet>', 'write the anonymised table as zstd Parquet')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = Options.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UsageError(`--${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`);
      }
      const report = await runAnonymise(parsed.data);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });
}

async function runAnonymise(options: z.infer<typeof Options>) {
  const input = resolve(options.input);
  if (!existsSync(input)) throw new UsageError(`--input: ${input} does not exist`);
  if (!existsSync(options.hierarchies)) throw new UsageError(`--hierarchies: ${options.hierarchies} does not exist`);
  const progress = makeProgress();
  progress.start(3, 'anonymise');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = /\.parquet$/i.test(input)
    ? `read_parquet('${input.replace(/'/g, "''")}')`
    : `read_csv('${input.replace(/'/g, "''")}', header = true, all_varchar = true)`;
  await connection.run(`CREATE TEMP VIEW input AS SELECT * FROM ${reader}`);
  const columns = (await connection.runAndReadAll('SELECT column_name FROM (DESCRIBE input)')).getRows().map((r) => String(r[0]));
  const files = new Map(
    readdirSync(options.hierarchies)
      .map((f) => [/_hierarchy_(.+)\.csv$/.exec(f)?.[1], f] as const)
      .filter((e): e is readonly [string, string] => e[0] !== undefined),
  );
  const quasiIdentifiers = columns
    .filter((c) => files.has(c))
    .map((column) => ({ column, hierarchy: readArxHierarchy(join(options.hierarchies, files.get(column)!), column) }));
  if (quasiIdentifiers.length === 0) throw new UsageError(`--hierarchies: no *_hierarchy_<column>.csv matches a column of ${input}`);
  progress.update(1);
  const lDiversity = options.lDiversity.map((spec) => parseL(spec, columns));
  const tCloseness = options.tCloseness.map((spec) => parseT(spec, columns));
  const report = await anonymiseTable(connection, {
    inputTable: 'input',
    quasiIdentifiers,
    k: options.k,
    suppressionLimit: options.suppression,
    metric: options.metric as QualityMetric,
    lDiversity,
    tCloseness,
    suppression: options.suppressionMode,
    outputParquet: options.output ? resolve(options.output) : undefined,
  });
  progress.update(3);
  progress.stop();
  return report;
}

function parseL(spec: string, columns: string[]): LDiversityCriterion {
  const [column, l, variant = 'distinct'] = spec.split(':');
  if (!column || !columns.includes(column)) throw new UsageError(`--l-diversity: unknown column in "${spec}"`);
  if (!(Number(l) >= 1) || (variant !== 'distinct' && variant !== 'entropy')) throw new UsageError(`--l-diversity: expected COL:L[:entropy], got "${spec}"`);
  return { column, l: Number(l), variant };
}

function parseT(spec: string, columns: string[]): TClosenessCriterion {
  const [column, t] = spec.split(':');
  if (!column || !columns.includes(column)) throw new UsageError(`--t-closeness: unknown column in "${spec}"`);
  if (!(Number(t) >= 0 && Number(t) <= 1)) throw new UsageError(`--t-closeness: expected COL:T with 0 ≤ T ≤ 1, got "${spec}"`);
  return { column, t: Number(t), distance: 'equal' };
}
