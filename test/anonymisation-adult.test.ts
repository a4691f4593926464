import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  anonymiseMondrian,
  anonymiseTable,
  checkKAnonymity,
  readArxHierarchy,
  type QuasiIdentifier,
} from '../anonymisation/index.ts';
import { ADULT, ADULT_COLUMNS } from './adult-fixture.ts';
import { sqlString as sqlPath } from '../platform/index.ts';

const COLUMNS: readonly string[] = ADULT_COLUMNS;

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let dir: string;
let quasiIdentifiers: QuasiIdentifier[];

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(
    `CREATE TABLE adult AS SELECT * FROM read_csv(${sqlPath(`${ADULT}/adult.csv`)}, delim = ';', header = true, all_varchar = true)`,
  );
  quasiIdentifiers = COLUMNS.map((column) => ({
    column,
    hierarchy: readArxHierarchy(`${ADULT}/adult_hierarchy_${column}.csv`, column),
  }));
  dir = mkdtempSync(join(tmpdir(), 'sdf-adult-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('optimal k-anonymity on Adult (ARX optima)', () => {
  it.each([
    { suppressionLimit: 0.04, levels: [1, 0, 1, 1, 3, 2, 2, 0, 1], score: 255559.85455731067 },
    { suppressionLimit: 0, levels: [1, 2, 1, 1, 3, 2, 2, 1, 1], score: 407289.5388925293 },
  ])(
    'finds $levels at $suppressionLimit suppression and writes a 5-anonymous Parquet file',
    async ({ suppressionLimit, levels, score }) => {
      const parquet = join(dir, `adult-${suppressionLimit}.parquet`);
      const report = await anonymiseTable(connection, {
        inputTable: 'adult',
        quasiIdentifiers,
        k: 5,
        suppressionLimit,
        metric: 'nue',
        outputParquet: parquet,
      });
      expect(report.levels).toEqual(levels);
      expect(report.score).toBeCloseTo(score, 6);
      expect(report.records.suppressed).toBeLessThanOrEqual(Math.floor(suppressionLimit * 30162));
      expect(report.records.output).toBe(30162 - report.records.suppressed);
      expect(report.search.nodesChecked).toBeGreaterThan(0);
      expect(report.search.nodesChecked).toBeLessThan(12960);
      const check = await checkKAnonymity(connection, parquet, COLUMNS, 5);
      expect(check).toMatchObject({ verdict: 'pass', violatingRows: 0 });
      expect(check.smallestClass).toBe(report.risk.after.smallestClass);
      expect(report.risk.before.sampleUniques).toBeGreaterThan(0);
      expect(report.risk.after.sampleUniques).toBe(0);
    },
  );

  it('keeps suppressed records as * when asked, and the other classes stay 5-anonymous', async () => {
    const report = await anonymiseTable(connection, {
      inputTable: 'adult',
      quasiIdentifiers,
      k: 5,
      suppressionLimit: 0.04,
      suppression: 'mask',
      outputTable: 'adult_masked',
    });
    expect(report.records.output).toBe(30162);
    const check = await checkKAnonymity(connection, `(SELECT * FROM adult_masked WHERE age <> '*')`, COLUMNS, 5);
    expect(check.verdict).toBe('pass');
    const rows = (await connection.runAndReadAll(`SELECT count(*) FROM adult_masked WHERE age = '*'`)).getRows();
    expect(Number(rows[0]?.[0])).toBe(report.records.suppressed);
  });
});

describe('anonymisations running at the same time', () => {
  it('give the same outputs as one after the other, on one connection (queued) or on two (side by side)', async () => {
    const run = (on: DuckDBConnection, suppressionLimit: number, name: string) =>
      anonymiseTable(on, {
        inputTable: 'adult',
        quasiIdentifiers,
        k: 5,
        suppressionLimit,
        metric: 'nue',
        outputParquet: join(dir, name),
      });
    const alone = [await run(connection, 0.04, 'alone-4.parquet'), await run(connection, 0, 'alone-0.parquet')];
    const other = await instance.connect();
    try {
      for (const second of [connection, other]) {
        const together = await Promise.all([
          run(connection, 0.04, 'together-4.parquet'),
          run(second, 0, 'together-0.parquet'),
        ]);
        together.forEach((report, i) => {
          expect(report.levels).toEqual(alone[i]!.levels);
          expect(report.records).toEqual(alone[i]!.records);
        });
        for (const name of ['together-4', 'together-0']) {
          const [alonePart, togetherPart] = [`alone-${name.slice(-1)}`, name].map(
            (n) => `read_parquet('${join(dir, `${n}.parquet`)}')`,
          );
          const difference = await connection.runAndReadAll(
            `SELECT count(*) FROM ((SELECT * FROM ${alonePart} EXCEPT ALL SELECT * FROM ${togetherPart}) UNION ALL (SELECT * FROM ${togetherPart} EXCEPT ALL SELECT * FROM ${alonePart}))`,
          );
          expect(Number(difference.getRows()[0]?.[0])).toBe(0);
        }
      }
    } finally {
      other.closeSync();
    }
  });
});

describe('Mondrian local recoding on Adult', () => {
  it('writes a 5-anonymous Parquet file with less information loss than the full-domain optimum', async () => {
    const parquet = join(dir, 'adult-mondrian.parquet');
    const mondrian = await anonymiseMondrian(connection, {
      inputTable: 'adult',
      quasiIdentifiers,
      k: 5,
      outputParquet: parquet,
    });
    expect(mondrian.records.output).toBe(30162);
    expect(await checkKAnonymity(connection, parquet, COLUMNS, 5)).toMatchObject({ verdict: 'pass', violatingRows: 0 });
    const fullDomain = await anonymiseTable(connection, {
      inputTable: 'adult',
      quasiIdentifiers,
      k: 5,
      metric: 'loss',
    });
    expect(mondrian.quality.loss).toBeLessThan(fullDomain.quality.loss);
  });
});
