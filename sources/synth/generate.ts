/**
 * `generateRegistries`: builds all five synthetic registries inside a scratch DuckDB database (counter-based
 * randomness, so output depends only on persons, seed and as-of), writes CSV files, and bulk-loads the
 * Postgres departments while DuckDB carries on with the next registry. Health drops go straight to
 * `$SDF_HOME/sources/health/visits-YYYY-MM-DD.csv`. Memory stays bounded: DuckDB spills to `$SDF_HOME/tmp`.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { logger, processScratchTag, type SdfPaths } from '../../platform/index.ts';
import { type SynthContext, HEALTH_DAYS } from './context.ts';
import { randomMacros } from './sql.ts';
import { referenceTableStatements } from './reference-tables.ts';
import {
  householdStatements,
  peopleStatements,
  PERSON_COLUMNS_SQL,
  populationCleanupStatements,
} from './population.ts';
import { EARNINGS_COLUMNS_SQL, EMPLOYER_COLUMNS_SQL, employmentStatements, UIF_COLUMNS_SQL } from './employment.ts';
import { GRANT_COLUMNS_SQL, grantStatements } from './grants.ts';
import { ENROLMENT_COLUMNS_SQL, educationStatements } from './education.ts';
import { healthDayCopySql, healthStatements } from './health.ts';
import { dropIndexStatements, loadAndIndexTable, type TableLoad } from './pg-load.ts';
import { loadReferenceTables } from './pg-reference.ts';
import { DEPARTMENT_TABLES } from './tables.ts';
import type { SynthProgress, SynthSummary, DirtyCounts } from './types.ts';

/** Households per adult: SA has ~2.1 adults and ~3.4 people per household. */
const HOUSEHOLDS_PER_ADULT = 0.48;

async function runAll(connection: DuckDBConnection, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await connection.run(statement);
}

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

async function dirtyCounts(connection: DuckDBConnection, table: string): Promise<Record<string, number>> {
  const reader = await connection.runAndReadAll(
    `select dk, count(*) from ${table} where dk is not null group by dk order by dk`,
  );
  return Object.fromEntries(reader.getRows().map(([kind, n]) => [String(kind), Number(n)]));
}

async function labourForce(connection: DuckDBConnection): Promise<SynthSummary['labourForce']> {
  const reader = await connection.runAndReadAll(
    `select count(*) filter (where in_labour_force), count(*) filter (where in_labour_force and unemployed_draw) from labour`,
  );
  const [inLabourForce, unemployed] = (reader.getRows()[0] ?? [0, 0]).map(Number) as [number, number];
  return {
    inLabourForce,
    unemployed,
    unemploymentRate: inLabourForce ? Math.round((unemployed / inLabourForce) * 1000) / 1000 : 0,
  };
}

/** The DuckDB statement writing a department table's CSV, duplicate rows emitted twice. */
function exportSql(source: string, columns: string, file: string, hasDirty = true): string {
  const duplicates = hasDirty ? ` union all select ${columns} from ${source} where dk = 'duplicate'` : '';
  return `copy (select ${columns} from ${source}${duplicates}) to '${file}' (format csv, header false)`;
}

function dayList(asOf: string, days: number): string[] {
  const end = Date.parse(`${asOf}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** Options of {@link generateRegistries}. */
export interface GenerateOptions extends SynthContext {
  pool: pg.Pool;
  paths: SdfPaths;
  progress?: SynthProgress;
}

/**
 * Generates (or regenerates, replacing earlier rows and drops) every synthetic source registry.
 * Deterministic for (persons, seed, asOf).
 */
export async function generateRegistries(options: GenerateOptions): Promise<SynthSummary> {
  const started = performance.now();
  const { pool, paths, progress } = options;
  const context: SynthContext = { persons: options.persons, seed: options.seed, asOf: options.asOf };
  const work = join(paths.tmp, `synth-${processScratchTag()}-${randomBytes(4).toString('hex')}`);
  mkdirSync(work, { recursive: true });
  const healthDir = join(paths.sources, 'health');
  mkdirSync(healthDir, { recursive: true });
  // In memory (no checkpoint compression on every CREATE TABLE AS); beyond memory_limit DuckDB spills to disk.
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    memory_limit: '2GB',
    temp_directory: join(work, 'spill'),
    preserve_insertion_order: 'true',
  });
  const connection = await instance.connect();
  const steps = 8;
  progress?.start(steps, 'synth');
  const timings: Record<string, number> = {};
  let lap = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - lap) / 1000;
    lap = now;
    logger.debug({ step: name, seconds: timings[name] }, 'synth step');
    progress?.increment();
  };
  const loads: Promise<void>[] = [];
  const load = (table: TableLoad) => {
    // Keep a rejection from being unhandled until we await them all.
    const promise = loadAndIndexTable(pool, table);
    promise.catch(() => undefined);
    loads.push(promise);
  };
  const exportAndLoad = async (
    table: keyof typeof DEPARTMENT_TABLES,
    source: string,
    columns: string,
    hasDirty = true,
  ) => {
    const file = join(work, `${table}.csv`);
    await connection.run(exportSql(source, columns, file, hasDirty));
    load({ table, columns: DEPARTMENT_TABLES[table], file });
  };
  try {
    for (const statement of dropIndexStatements()) await pool.query(statement);
    await runAll(connection, [...randomMacros(context.seed), ...referenceTableStatements(context.seed)]);
    await loadReferenceTables(pool);
    step('reference');

    await runAll(connection, peopleStatements(context));
    const adults = await count(connection, 'select count(*) from hh_rank');
    const households = Math.max(1, Math.round(adults * HOUSEHOLDS_PER_ADULT));
    await runAll(connection, [...householdStatements(context, households), ...populationCleanupStatements()]);
    await exportAndLoad('population.persons', 'persons', PERSON_COLUMNS_SQL);
    step('population');

    await runAll(connection, employmentStatements(context));
    await exportAndLoad('employment.employers', 'employers', EMPLOYER_COLUMNS_SQL, false);
    await exportAndLoad('employment.monthly_earnings', 'out_earnings', EARNINGS_COLUMNS_SQL);
    await exportAndLoad('employment.uif_claims', 'out_uif', UIF_COLUMNS_SQL, false);
    step('employment');

    await runAll(connection, grantStatements(context));
    await exportAndLoad('grants.grants', 'out_grants', GRANT_COLUMNS_SQL);
    step('grants');

    await runAll(connection, educationStatements(context));
    await exportAndLoad('education.enrolments', 'out_enrolments', ENROLMENT_COLUMNS_SQL);
    step('education');

    await runAll(connection, healthStatements(context));
    for (const old of readdirSync(healthDir).filter((name) => /^visits-.*\.csv$/.test(name)))
      rmSync(join(healthDir, old));
    const days = dayList(context.asOf, HEALTH_DAYS);
    for (const day of days) {
      const temporary = join(work, `visits-${day}.csv`);
      await connection.run(healthDayCopySql(day, temporary));
      renameSync(temporary, join(healthDir, `visits-${day}.csv`));
    }
    step('health');

    await Promise.all(loads);
    step('load_wait');

    const dirty: DirtyCounts = {
      population: await dirtyCounts(connection, 'persons'),
      grants: await dirtyCounts(connection, 'out_grants'),
      employment: await dirtyCounts(connection, 'out_earnings'),
      health: await dirtyCounts(connection, 'out_visits'),
      education: await dirtyCounts(connection, 'out_enrolments'),
    };
    const rows = async (table: string) => {
      const dup = await count(connection, `select count(*) from ${table} where dk = 'duplicate'`);
      return (await count(connection, `select count(*) from ${table}`)) + dup;
    };
    const summaryRows = {
      population: await rows('persons'),
      grants: await rows('out_grants'),
      employers: await count(connection, 'select count(*) from employers'),
      monthlyEarnings: await rows('out_earnings'),
      uifClaims: await count(connection, 'select count(*) from out_uif'),
      healthVisits: await rows('out_visits'),
      healthFiles: days.length,
      enrolments: await rows('out_enrolments'),
    };
    const summary: SynthSummary = {
      persons: context.persons,
      seed: context.seed,
      asOf: context.asOf,
      households,
      grants: summaryRows.grants,
      employmentRows: summaryRows.monthlyEarnings,
      healthVisits: summaryRows.healthVisits,
      enrolments: summaryRows.enrolments,
      rows: summaryRows,
      labourForce: await labourForce(connection),
      dirty,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      timings,
    };
    await pool.query(
      `insert into sources_meta.synth_runs (persons, seed, as_of, finished_at, summary) values ($1, $2, $3, now(), $4)`,
      [context.persons, context.seed, context.asOf, summary],
    );
    step('summary');
    return summary;
  } finally {
    await Promise.allSettled(loads);
    connection.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
    progress?.stop();
  }
}

/** The (persons, seed, as-of day) of the newest finished generation, or null when the registries were never generated. */
export async function lastGeneration(pool: pg.Pool): Promise<{ persons: number; seed: number; asOf: string } | null> {
  const { rows } = await pool.query<{ persons: number; seed: number; as_of: string }>(
    `select persons, seed, to_char(as_of, 'YYYY-MM-DD') as as_of from sources_meta.synth_runs
      where finished_at is not null order by id desc limit 1`,
  );
  const last = rows[0];
  return last ? { persons: last.persons, seed: last.seed, asOf: last.as_of } : null;
}
