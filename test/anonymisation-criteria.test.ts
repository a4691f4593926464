import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { anonymiseTable, checkKAnonymity, checkLDiversity, type Hierarchy } from '../anonymisation/index.ts';

const ZIP: Hierarchy = {
  column: 'zip',
  levels: [
    ['z1', 'z2', 'z3', 'z4'],
    ['Z12', 'Z12', 'Z34', 'Z34'],
    ['*', '*', '*', '*'],
  ],
};
const DISEASE: Hierarchy = {
  column: 'disease',
  levels: [
    ['flu', 'cold', 'cancer', 'hiv'],
    ['respiratory', 'respiratory', 'chronic', 'chronic'],
    ['*', '*', '*', '*'],
  ],
};

let connection: DuckDBConnection;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  // z1: flu flu · z2: cancer flu · z3: flu cancer · z4: hiv hiv. Overall: flu 4/8, cancer 2/8, hiv 2/8.
  await connection.run(`CREATE TABLE patients AS SELECT * FROM (VALUES
    ('z1', 'flu'), ('z1', 'flu'), ('z2', 'cancer'), ('z2', 'flu'),
    ('z3', 'flu'), ('z3', 'cancer'), ('z4', 'hiv'), ('z4', 'hiv')) AS t(zip, disease)`);
});

const base = { inputTable: 'patients', quasiIdentifiers: [{ column: 'zip', hierarchy: ZIP }], k: 2 };

describe('l-diversity and t-closeness in the search (hand-made table)', () => {
  it.each([
    ['k = 2 alone keeps the zip codes', {}, [0], 0],
    [
      'distinct 2-diversity merges zip pairs',
      { lDiversity: [{ column: 'disease', l: 2, variant: 'distinct' as const }] },
      [1],
      0,
    ],
    [
      'entropy 2-diversity needs full suppression of zip',
      { lDiversity: [{ column: 'disease', l: 2, variant: 'entropy' as const }] },
      [2],
      0,
    ],
    [
      'distinct 2-diversity with 50 % suppression drops z1 and z4 instead',
      { lDiversity: [{ column: 'disease', l: 2, variant: 'distinct' as const }], suppressionLimit: 0.5 },
      [0],
      4,
    ],
    [
      '0.3-closeness (equal distance) is met by zip pairs (EMD 0.25)',
      { tCloseness: [{ column: 'disease', t: 0.3, distance: 'equal' as const }] },
      [1],
      0,
    ],
    [
      '0.2-closeness (equal distance) needs *',
      { tCloseness: [{ column: 'disease', t: 0.2, distance: 'equal' as const }] },
      [2],
      0,
    ],
  ])('%s', async (_name, extra, levels, suppressed) => {
    const report = await anonymiseTable(connection, { ...base, ...extra, outputTable: 'out' });
    expect(report.levels).toEqual(levels);
    expect(report.records.suppressed).toBe(suppressed);
    expect((await checkKAnonymity(connection, 'out', ['zip'], 2)).verdict).toBe('pass');
    if ('lDiversity' in extra) {
      const [criterion] = extra.lDiversity;
      expect(
        (await checkLDiversity(connection, 'out', ['zip'], 'disease', criterion!.l, criterion!.variant)).verdict,
      ).toBe('pass');
    }
  });

  it('applies hierarchical t-closeness over the disease hierarchy', async () => {
    // Z12 = flu .75, cancer .25 vs overall flu .5, cancer .25, hiv .25: .25 of mass moves from "respiratory" to
    // "chronic" across the root (cost 1 each), nothing moves within a branch: EMD = .25 (Z34 likewise).
    const t = (value: number) => ({
      tCloseness: [{ column: 'disease', t: value, distance: 'hierarchical' as const, hierarchy: DISEASE }],
    });
    expect((await anonymiseTable(connection, { ...base, ...t(0.3) })).levels).toEqual([1]);
    expect((await anonymiseTable(connection, { ...base, ...t(0.2) })).levels).toEqual([2]);
  });

  it('reports that the checks fail on the raw table', async () => {
    expect((await checkLDiversity(connection, 'patients', ['zip'], 'disease', 2)).verdict).toBe('fail');
    expect((await checkKAnonymity(connection, 'patients', ['zip'], 3)).violatingRows).toBe(8);
  });

  it('refuses when nothing meets the criteria', async () => {
    await expect(anonymiseTable(connection, { ...base, k: 9 })).rejects.toMatchObject({ code: 'no_solution' });
  });
});

describe('noise with anonymisation', () => {
  it('adds seeded noise to a measure of the output and reports its parameters', async () => {
    await connection.run(
      `CREATE OR REPLACE TABLE visits AS SELECT range AS id, 'z' || (1 + range % 4) AS zip, 100 + range AS cost FROM range(40)`,
    );
    const report = await anonymiseTable(connection, {
      inputTable: 'visits',
      quasiIdentifiers: [{ column: 'zip', hierarchy: ZIP }],
      k: 5,
      outputTable: 'visits_out',
      noise: { specs: [{ column: 'cost', kind: 'additive', amount: 0.5 }], seed: 's', keyColumn: 'id' },
    });
    expect(report.noise).toEqual([
      expect.objectContaining({ column: 'cost', parameters: expect.objectContaining({ amount: 0.5 }) }),
    ]);
    const rows = (
      await connection.runAndReadAll(`SELECT avg(cost), count(*) FILTER (WHERE cost <> 100 + id) FROM visits_out`)
    ).getRows();
    // uniform noise on ±0.5 has variance 0.5²/3, so the mean of 40 values moves with SD 0.5/√120
    expect(Math.abs(Number(rows[0]?.[0]) - 119.5)).toBeLessThan(4 * (0.5 / Math.sqrt(120)));
    expect(Number(rows[0]?.[1])).toBe(40);
  });
});
