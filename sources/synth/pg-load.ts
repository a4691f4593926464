/**
 * Loads generated CSV files into the department tables with `COPY … FROM STDIN`, each table replaced inside one
 * transaction (truncate + COPY FREEZE, so readers see the old rows or the new ones, never a half-load).
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { inTransaction } from '../../platform/index.ts';

/** One department table and the CSV file holding its new rows (columns in `columns` order). */
export interface TableLoad {
  table: string;
  columns: readonly string[];
  file: string;
}

/** Replaces the rows of `load.table` with the file's. */
export async function loadTable(pool: pg.Pool, load: TableLoad): Promise<void> {
  await inTransaction(pool, async (client) => {
    // Synthetic department data can be regenerated, so the load need not wait for its WAL flush at commit.
    await client.query('set local synchronous_commit = off');
    await client.query(`truncate ${load.table}`);
    const stream = client.query(
      copyFrom(`copy ${load.table} (${load.columns.join(', ')}) from stdin with (format csv, freeze true)`),
    );
    await pipeline(createReadStream(load.file), stream);
  });
}

/** Indexes the pipelines and the education registry rely on, per table; built after the load (faster). */
export const SOURCE_INDEXES: Readonly<Record<string, readonly string[]>> = {
  'population.persons': [
    'create index if not exists persons_updated_at on population.persons (updated_at)',
    'create index if not exists persons_id_number on population.persons (id_number)',
  ],
  'grants.grants': ['create index if not exists grants_updated_at on grants.grants (updated_at)'],
  'employment.monthly_earnings': [
    'create index if not exists earnings_updated_at on employment.monthly_earnings (updated_at)',
  ],
  'employment.uif_claims': ['create index if not exists uif_claims_updated_at on employment.uif_claims (updated_at)'],
  'education.enrolments': [
    // (updated_at, enrolment_id) matches the registry's ORDER BY, so a page is an index range scan, not a sort.
    'create index if not exists enrolments_updated_at_id on education.enrolments (updated_at, enrolment_id)',
    'create index if not exists enrolments_learner on education.enrolments (learner_id_number)',
  ],
};

/** Drops the indexes of `SOURCE_INDEXES` so a bulk load does not maintain them row by row. */
export function dropIndexStatements(): string[] {
  return Object.values(SOURCE_INDEXES)
    .flat()
    .map((statement) => {
      const match = /create index if not exists (\w+) on (\w+)\./.exec(statement)!;
      return `drop index if exists ${match[2]}.${match[1]}`;
    });
}

/** Loads the table, then builds its indexes and statistics. */
export async function loadAndIndexTable(pool: pg.Pool, load: TableLoad): Promise<void> {
  await loadTable(pool, load);
  await inTransaction(pool, async (client) => {
    // Enough sort memory that a 3 M-row index build sorts in memory instead of spilling runs to disk.
    await client.query(`set local maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
    await client.query('set local synchronous_commit = off');
    for (const statement of SOURCE_INDEXES[load.table] ?? []) await client.query(statement);
    await client.query(`analyze ${load.table}`);
  });
}

/** `maintenance_work_mem` of an index-building session (two may run at once). */
export const INDEX_BUILD_MEMORY = '256MB';
