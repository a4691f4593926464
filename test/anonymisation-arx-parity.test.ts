/**
 * Parity with ARX on every Adult row of ARX's own anonymisation tests: the expected levels and scores below are
 * ARX's published expectations, copied from the cited lines of github.com/arx-deidentifier/arx
 * (src/test/java/org/deidentifier/arx/test/, at 8cdf3db4, TestAnonymizationEntropyLDiversity at c4bc9c3d), never
 * produced by this code. ARX's test asserts the score's `Double.toString` and only prints a differing transformation;
 * here both must match, except on the two Grassberger rows: there the levels and the records suppressed by ARX's own
 * output (found by running ARX: test/fixtures/arx/) must match, not the score ({@link GRASSBERGER_SCORE}). A row
 * whose expected transformation is null expects no solution.
 *
 * Rows marked "practical" ran in ARX with practical monotonicity (privacy models assumed monotone, so Flash prunes
 * nodes that may in fact pass or fail) and run here with `practicalMonotonicity`, the port of that search
 * (`anonymisation/flash-practical.ts`): where the pruning made ARX settle for a worse node than the optimum
 * (TestAnonymizationTCloseness line 65), the port settles for the same node. The other rows use the exact search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  planAnonymisation,
  readArxHierarchy,
  type LDiversityCriterion,
  type QualityMetric,
  type TClosenessCriterion,
} from '../anonymisation/index.ts';
import { ADULT, ADULT_COLUMNS } from './adult-fixture.ts';

const COLUMNS: readonly string[] = ADULT_COLUMNS;
const K_ANONYMITY = 'TestAnonymizationKAnonymity.java';
const L_DIVERSITY = 'TestAnonymizationLDiversity.java';
const ENTROPY_L = 'TestAnonymizationEntropyLDiversity.java';
const T_CLOSENESS = 'TestAnonymizationTCloseness.java';
const ORDERED_T = 'TestAnonymizationOrderedDistanceTCloseness.java';

interface ArxRow {
  /** ARX test file and line of the row. */
  source: string;
  /** `ARXConfiguration.create(supp, …)`. */
  supp: number;
  /** `Metric.createPrecomputedEntropyMetric(0.1, monotonic)` → nue, `createDiscernabilityMetric(monotonic)`. */
  metric: QualityMetric;
  monotonic: boolean;
  k?: number;
  l?: LDiversityCriterion;
  t?: TClosenessCriterion;
  /** ARX's expected `getHighestScore().toString()`, or null with `levels` null: no solution. */
  score: string | null;
  levels: number[] | null;
  practical: boolean;
  /**
   * Records suppressed in ARX's own output (`result.getOutput()`, rows with `isOutlier`), as printed by
   * test/fixtures/arx/ArxEntropyOutput.java (see its README). Given for the Grassberger rows, whose levels and this
   * count are compared instead of the score (see {@link GRASSBERGER_SCORE}).
   */
  arxOutputSuppressed?: number;
  /** Why the row is not reproduced (then it is listed as skipped). */
  skip?: string;
}

const nue = (monotonic: boolean) => ({ metric: 'nue' as const, monotonic });
const dm = { metric: 'discernibility' as const, monotonic: true };
const entropyL = (l: number, variant: 'entropy' | 'grassberger' = 'entropy'): LDiversityCriterion => ({
  column: 'occupation',
  l,
  variant,
});
const equalT = (t: number): TClosenessCriterion => ({ column: 'occupation', t, distance: 'equal' });
const orderedT = (t: number): TClosenessCriterion => ({ column: 'occupation', t, distance: 'ordered' });
// TestAnonymizationTCloseness adds HierarchicalDistanceTCloseness(occupation, 0.2, adult_hierarchy_occupation) to
// every row that has no t-closeness model of its own (its "ugly hack", line 86).
const hierarchicalT: TClosenessCriterion = {
  column: 'occupation',
  t: 0.2,
  distance: 'hierarchical',
  hierarchy: readArxHierarchy(`${ADULT}/adult_hierarchy_occupation.csv`, 'occupation'),
};
/**
 * Why ARX's score is not compared on its Grassberger rows (TestAnonymizationEntropyLDiversity lines 46 and 49).
 * ARX decides a class by summing n_i·G(n_i) in the bucket order of the class's distribution table and stops at the
 * first partial sum over the bound (G(1) < 0, so the order matters). Its output builds each class's table from the
 * rows, as this code decides; its score is computed on classes its search built from history snapshots of finer
 * nodes, which differ from its own output: 1 024 vs 1 041 and 915 vs 926 suppressed records.
 */
const GRASSBERGER_SCORE =
  "score not compared: ARX's is computed on classes its search built from history snapshots, not on its output";

const ROWS: ArxRow[] = [
  {
    source: `${K_ANONYMITY}:47`,
    supp: 0.04,
    ...nue(true),
    k: 5,
    score: '255559.85455731067',
    levels: [1, 0, 1, 1, 3, 2, 2, 0, 1],
    practical: false,
  },
  {
    source: `${K_ANONYMITY}:48`,
    supp: 0.04,
    ...nue(true),
    k: 100,
    score: '379417.3460570988',
    levels: [1, 1, 1, 1, 3, 2, 2, 1, 1],
    practical: false,
  },
  {
    source: `${K_ANONYMITY}:49`,
    supp: 0,
    ...nue(true),
    k: 5,
    score: '407289.5388925293',
    levels: [1, 2, 1, 1, 3, 2, 2, 1, 1],
    practical: false,
  },
  {
    source: `${K_ANONYMITY}:50`,
    supp: 0,
    ...nue(true),
    k: 100,
    score: '453196.8932458743',
    levels: [0, 4, 1, 1, 3, 2, 2, 1, 1],
    practical: false,
  },
  {
    source: `${K_ANONYMITY}:51`,
    supp: 0.04,
    ...nue(true),
    k: 5,
    score: '255559.85455731067',
    levels: [1, 0, 1, 1, 3, 2, 2, 0, 1],
    practical: true,
  },
  {
    source: `${K_ANONYMITY}:52`,
    supp: 0.04,
    ...nue(true),
    k: 100,
    score: '379417.3460570988',
    levels: [1, 1, 1, 1, 3, 2, 2, 1, 1],
    practical: true,
  },

  {
    source: `${L_DIVERSITY}:49`,
    supp: 0.04,
    ...nue(false),
    l: entropyL(5),
    score: '228878.2039109517',
    levels: [1, 0, 1, 1, 2, 2, 2, 1],
    practical: false,
  },
  {
    source: `${L_DIVERSITY}:50`,
    supp: 0.04,
    ...nue(false),
    l: entropyL(100),
    score: null,
    levels: null,
    practical: false,
  },
  {
    source: `${L_DIVERSITY}:51`,
    supp: 0,
    ...nue(false),
    l: entropyL(5),
    score: '324620.5269918692',
    levels: [1, 1, 1, 1, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${L_DIVERSITY}:52`,
    supp: 0,
    ...nue(false),
    l: entropyL(100),
    score: null,
    levels: null,
    practical: false,
  },
  {
    source: `${L_DIVERSITY}:53`,
    supp: 0.04,
    ...nue(false),
    l: entropyL(5),
    score: '228878.2039109517',
    levels: [1, 0, 1, 1, 2, 2, 2, 1],
    practical: true,
  },
  {
    source: `${L_DIVERSITY}:54`,
    supp: 0.04,
    ...nue(false),
    l: entropyL(100),
    score: null,
    levels: null,
    practical: true,
  },

  {
    source: `${ENTROPY_L}:46`,
    supp: 0.04,
    ...nue(false),
    l: entropyL(5, 'grassberger'),
    score: '216092.124036387',
    levels: [1, 0, 1, 0, 3, 2, 2, 0],
    practical: false,
    arxOutputSuppressed: 1041,
  },
  {
    source: `${ENTROPY_L}:47`,
    supp: 0.04,
    ...nue(false),
    l: entropyL(100),
    score: null,
    levels: null,
    practical: false,
  },
  {
    source: `${ENTROPY_L}:48`,
    supp: 0,
    ...nue(false),
    l: entropyL(5, 'grassberger'),
    score: '324620.5269918692',
    levels: [1, 1, 1, 1, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${ENTROPY_L}:49`,
    supp: 0.05,
    ...nue(false),
    l: entropyL(3, 'grassberger'),
    score: '180347.4325366015',
    levels: [0, 0, 1, 1, 2, 2, 2, 0],
    practical: false,
    arxOutputSuppressed: 926,
  },
  {
    source: `${ENTROPY_L}:50`,
    supp: 0.04,
    ...nue(false),
    l: entropyL(5),
    score: '228878.2039109517',
    levels: [1, 0, 1, 1, 2, 2, 2, 1],
    practical: true,
  },
  {
    source: `${ENTROPY_L}:51`,
    supp: 0.1,
    ...nue(false),
    l: entropyL(100, 'grassberger'),
    score: null,
    levels: null,
    practical: true,
  },

  {
    source: `${T_CLOSENESS}:55`,
    supp: 0.04,
    ...dm,
    t: equalT(0.2),
    k: 5,
    score: '3.11880088E8',
    levels: [1, 4, 1, 0, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:56`,
    supp: 0.04,
    ...dm,
    t: equalT(0.2),
    k: 100,
    score: '3.11880088E8',
    levels: [1, 4, 1, 0, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:57`,
    supp: 0.04,
    ...nue(true),
    t: hierarchicalT,
    k: 5,
    score: '377622.78458729305',
    levels: [1, 4, 0, 0, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:58`,
    supp: 0.04,
    ...nue(true),
    t: hierarchicalT,
    k: 100,
    score: '390765.61326019815',
    levels: [1, 4, 1, 0, 3, 1, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:59`,
    supp: 0,
    ...dm,
    t: equalT(0.2),
    k: 5,
    score: '4.56853172E8',
    levels: [1, 4, 1, 1, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:60`,
    supp: 0,
    ...dm,
    t: equalT(0.2),
    k: 100,
    score: '4.56853172E8',
    levels: [1, 4, 1, 1, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:61`,
    supp: 0,
    ...nue(true),
    t: hierarchicalT,
    k: 5,
    score: '398400.0741806447',
    levels: [0, 4, 1, 1, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:62`,
    supp: 0,
    ...nue(true),
    t: hierarchicalT,
    k: 100,
    score: '398400.0741806447',
    levels: [0, 4, 1, 1, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${T_CLOSENESS}:63`,
    supp: 0.04,
    ...dm,
    t: equalT(0.2),
    k: 5,
    score: '3.11880088E8',
    levels: [1, 4, 1, 0, 3, 2, 2, 1],
    practical: true,
  },
  {
    source: `${T_CLOSENESS}:64`,
    supp: 0.04,
    ...dm,
    t: equalT(0.2),
    k: 100,
    score: '3.11880088E8',
    levels: [1, 4, 1, 0, 3, 2, 2, 1],
    practical: true,
  },
  {
    source: `${T_CLOSENESS}:65`,
    supp: 0.04,
    ...nue(true),
    t: hierarchicalT,
    k: 5,
    score: '390765.61326019815',
    levels: [1, 4, 1, 0, 3, 1, 2, 1],
    practical: true,
  },
  {
    source: `${T_CLOSENESS}:66`,
    supp: 0.04,
    ...nue(true),
    t: hierarchicalT,
    k: 100,
    score: '390765.61326019815',
    levels: [1, 4, 1, 0, 3, 1, 2, 1],
    practical: true,
  },

  {
    source: `${ORDERED_T}:47`,
    supp: 0.04,
    ...dm,
    t: orderedT(0.2),
    k: 5,
    score: '2712340.0',
    levels: [0, 0, 1, 1, 2, 2, 2, 0],
    practical: false,
  },
  {
    source: `${ORDERED_T}:48`,
    supp: 0.04,
    ...dm,
    t: orderedT(0.2),
    k: 100,
    score: '1.9937246E7',
    levels: [1, 0, 1, 2, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${ORDERED_T}:49`,
    supp: 0,
    ...dm,
    t: orderedT(0.1),
    k: 5,
    score: '9.786802E7',
    levels: [1, 1, 1, 2, 3, 2, 2, 1],
    practical: false,
  },
  {
    source: `${ORDERED_T}:50`,
    supp: 0,
    ...dm,
    t: orderedT(0.2),
    k: 100,
    score: '1.6231213E8',
    levels: [1, 4, 1, 1, 1, 2, 2, 1],
    practical: false,
  },
  {
    source: `${ORDERED_T}:51`,
    supp: 0.04,
    ...dm,
    t: orderedT(0.05),
    k: 5,
    score: '2.01413138E8',
    levels: [1, 4, 1, 0, 3, 2, 2, 0],
    practical: true,
  },
  {
    source: `${ORDERED_T}:52`,
    supp: 0.04,
    ...dm,
    t: orderedT(0.2),
    k: 100,
    score: '1.9937246E7',
    levels: [1, 0, 1, 2, 3, 2, 2, 1],
    practical: true,
  },
];

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  const csv = `${ADULT}/adult.csv`.replaceAll("'", "''");
  await connection.run(
    `CREATE TABLE adult AS SELECT * FROM read_csv('${csv}', delim = ';', header = true, all_varchar = true)`,
  );
});

afterAll(() => connection.closeSync());

/** ARX's data definition: every column with a hierarchy is a quasi-identifier, but the sensitive one. */
function plan(row: ArxRow) {
  const sensitive = row.l?.column ?? row.t?.column;
  const quasiIdentifiers = COLUMNS.filter((c) => c !== sensitive).map((column) => ({
    column,
    hierarchy: readArxHierarchy(`${ADULT}/adult_hierarchy_${column}.csv`, column),
  }));
  return planAnonymisation(connection, {
    inputTable: 'adult',
    quasiIdentifiers,
    k: row.k ?? 1,
    suppressionLimit: row.supp,
    metric: row.metric,
    monotonic: row.monotonic,
    lDiversity: row.l ? [row.l] : [],
    tCloseness: row.t ? [row.t] : [],
    practicalMonotonicity: row.practical,
  });
}

const name = (row: ArxRow) =>
  `${row.source}: ${row.k ? `k=${row.k} ` : ''}${row.l ? `${row.l.variant}-${row.l.l} ` : ''}${row.t ? `${row.t.distance}-t=${row.t.t} ` : ''}` +
  `supp=${row.supp} ${row.metric}${row.monotonic ? '' : ' (non-monotonic)'}${row.practical ? ' practical' : ''} → ${row.levels ? `${row.levels.join(',')} ${row.score}` : 'no solution'}` +
  (row.arxOutputSuppressed === undefined
    ? ''
    : `, ${row.arxOutputSuppressed} records suppressed as in ARX's output (${GRASSBERGER_SCORE})`);

describe("ARX's anonymisation tests on Adult", () => {
  for (const row of ROWS.filter((r) => r.skip)) it.skip(`${name(row)} — ${row.skip}`, () => {});

  // a no-solution row searches the whole lattice: about 25 s alone, several times that beside other work
  it.each(ROWS.filter((r) => !r.skip).map((row) => ({ row, title: name(row) })))(
    '$title',
    async ({ row }) => {
      if (row.levels === null) {
        await expect(plan(row)).rejects.toMatchObject({ code: 'no_solution' });
        return;
      }
      const { report } = await plan(row);
      expect(report.levels).toEqual(row.levels);
      if (row.arxOutputSuppressed === undefined) expect(report.score).toBe(Number(row.score));
      else expect(report.records.suppressed).toBe(row.arxOutputSuppressed);
    },
    240_000,
  );
});
