/**
 * The loss metric against ARX 3.9's `Metric.createLossMetric()` on Adult (all nine columns quasi-identifiers,
 * k-anonymity, practical monotonicity off). Every expected figure is what `test/fixtures/arx/ArxLossOutput.java`
 * printed running ARX (see `test/fixtures/arx/README.md`): the optimum, its score and the records ARX's output
 * suppresses, and fixed nodes that pass, scored by ARX after building their output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileHierarchy, readArxHierarchy } from './hierarchy.ts';
import { loadHistogram, type Histogram } from './histogram.ts';
import { levelFigures, nodeScore } from './quality.ts';
import { evaluate, searchLattice } from './search.ts';
import { ADULT, ADULT_COLUMNS } from '../test/adult-fixture.ts';

const COLUMNS: readonly string[] = ADULT_COLUMNS;

interface ArxNode {
  levels: number[];
  score: number;
  suppressed: number;
}

const CASES: { k: number; suppressionLimit: number; optimum: ArxNode; nodes: ArxNode[] }[] = [
  {
    k: 5,
    suppressionLimit: 0,
    optimum: { levels: [0, 4, 1, 1, 3, 2, 2, 1, 0], score: 0.5731509655590044, suppressed: 0 },
    nodes: [{ levels: [1, 2, 1, 1, 3, 2, 2, 1, 1], score: 0.715603436351546, suppressed: 0 }],
  },
  {
    k: 5,
    suppressionLimit: 0.04,
    optimum: { levels: [0, 3, 0, 1, 1, 1, 1, 2, 0], score: 0.26611081915757495, suppressed: 1178 },
    nodes: [
      { levels: [1, 0, 1, 1, 3, 2, 2, 0, 1], score: 0.665158985219638, suppressed: 906 },
      { levels: [1, 2, 1, 1, 3, 2, 2, 1, 1], score: 0.715603436351546, suppressed: 0 },
    ],
  },
  {
    k: 5,
    suppressionLimit: 0.1,
    optimum: { levels: [0, 3, 0, 0, 2, 1, 1, 1, 0], score: 0.22041192847984292, suppressed: 2553 },
    nodes: [
      { levels: [1, 0, 1, 1, 3, 2, 2, 0, 1], score: 0.665158985219638, suppressed: 906 },
      { levels: [1, 1, 1, 1, 1, 1, 1, 1, 1], score: 0.48549519502746263, suppressed: 1343 },
    ],
  },
  {
    k: 2,
    suppressionLimit: 0.04,
    optimum: { levels: [0, 3, 0, 0, 2, 1, 1, 1, 0], score: 0.17599055898432758, suppressed: 1009 },
    nodes: [
      { levels: [1, 0, 1, 1, 3, 2, 2, 0, 1], score: 0.655033058913586, suppressed: 197 },
      { levels: [1, 1, 1, 1, 1, 1, 1, 1, 1], score: 0.46705999616131155, suppressed: 417 },
    ],
  },
];

let connection: DuckDBConnection;
let histogram: Histogram;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(
    `CREATE TABLE adult AS SELECT * FROM read_csv('${ADULT}/adult.csv', delim = ';', header = true, all_varchar = true)`,
  );
  const hierarchies = COLUMNS.map((column) =>
    compileHierarchy(readArxHierarchy(`${ADULT}/adult_hierarchy_${column}.csv`, column)),
  );
  histogram = await loadHistogram(connection, 'adult', hierarchies);
});

afterAll(() => connection.closeSync());

describe("loss is ARX's createLossMetric() on Adult", () => {
  it.each(CASES)(
    "k = $k, suppression $suppressionLimit: ARX's optimum and score",
    ({ k, suppressionLimit, optimum }) => {
      const found = searchLattice(histogram, { k, suppressionLimit, metric: 'loss' });
      expect({ levels: found.levels, score: found.score, suppressed: found.suppressedRecords }).toEqual(optimum);
    },
  );

  it.each(CASES)("k = $k, suppression $suppressionLimit: ARX's scores of fixed nodes", ({ k, nodes }) => {
    const figures = levelFigures(histogram);
    for (const node of nodes) {
      const levels = Int32Array.from(node.levels);
      const evaluated = evaluate(histogram, levels, k, []);
      const score = nodeScore('loss', figures, histogram, levels, evaluated.classes, evaluated.suppressed);
      expect({ levels: node.levels, score, suppressed: evaluated.suppressedRecords }).toEqual(node);
    }
  });
});
