/**
 * The DuckDB side of the exact differencing audit: one query over the membership of every released output of the
 * project and the new output splits persons into atoms (same cells) and returns, in one row, the cells and each
 * atom's cell list and size; `audit.ts` decides which atoms the cells determine. Released cells carry no
 * statistic kind, so every released cell counts as linear; the new output counts when any of its aggregates is a
 * count, sum or mean (or one we do not know).
 */
import { cellKeySql, type CompanionQuery } from './sql/companion.ts';
import { auditFindings, disclosedAtoms, type AuditInput } from './audit.ts';
import { toNumber } from './values.ts';
import type { ReleasedCell } from './released-cells.ts';
import type { CellVerdict } from './types.ts';

/** An output's population query (`__g<i>` keys and `__person` per row) and its number of keys. */
export interface AuditOutput {
  outputSql: string;
  keyCount: number;
}

/** Cells (output index, key) and atoms (cell indexes, persons) as the atoms query returns them. */
export interface Atoms {
  cells: Array<{ o: number; k: string }>;
  atoms: Array<{ sig: number[]; size: number }>;
}

const LINEAR_KINDS = new Set(['count', 'sum', 'mean', 'other']);

/** Whether an output's cells are linear in the persons' values (and so can be added and subtracted). */
export const isLinearOutput = (companion: CompanionQuery): boolean =>
  companion.analysis.aggregates.some((a) => LINEAR_KINDS.has(a.kind));

/** The atoms query over `outputs` (output `o` is `outputs[o]`); one row with `cells` and `atoms` lists. */
export function atomsQuery(outputs: readonly AuditOutput[]): string {
  const membership = outputs
    .map(
      (o, i) => `SELECT DISTINCT ${i} AS o, ${cellKeySql(o.keyCount)} AS k, __person FROM (${o.outputSql}) AS __sdf_o`,
    )
    .join('\nUNION ALL ');
  return [
    `WITH __sdf_m AS (${membership}),`,
    '__sdf_cells AS (SELECT o, k, CAST(row_number() OVER (ORDER BY o, k) - 1 AS INTEGER) AS cell FROM (SELECT DISTINCT o, k FROM __sdf_m) AS __sdf_d),',
    '__sdf_sig AS (SELECT list(c.cell ORDER BY c.cell) AS sig FROM __sdf_m AS m JOIN __sdf_cells AS c ON c.o = m.o AND c.k = m.k GROUP BY m.__person),',
    '__sdf_atoms AS (SELECT sig, CAST(count(*) AS INTEGER) AS size FROM __sdf_sig GROUP BY sig)',
    "SELECT (SELECT list({'o': o, 'k': k} ORDER BY cell) FROM __sdf_cells) AS cells,",
    "  (SELECT list({'sig': sig, 'size': size}) FROM __sdf_atoms) AS atoms",
  ].join('\n');
}

/** The one row of `atomsQuery` as `Atoms` (empty lists when nobody is in any cell). */
export function parseAtoms(row: Record<string, unknown> | undefined): Atoms {
  const cells = (row?.cells ?? []) as Array<{ o: unknown; k: unknown }>;
  const atoms = (row?.atoms ?? []) as Array<{ sig: unknown[]; size: unknown }>;
  return {
    cells: cells.map((c) => ({ o: toNumber(c.o) ?? -1, k: String(c.k) })),
    atoms: atoms.map((a) => ({ sig: a.sig.map((s) => toNumber(s) ?? -1), size: toNumber(a.size) ?? 0 })),
  };
}

/** Each cell's atoms (from the atoms' signatures), and the persons in a set of atoms. */
function cellAtoms(found: Atoms): { atomsOf: number[][]; persons: (atoms: readonly number[]) => number } {
  const atomsOf: number[][] = found.cells.map(() => []);
  found.atoms.forEach((atom, a) => atom.sig.forEach((cell) => atomsOf[cell]?.push(a)));
  return { atomsOf, persons: (atoms) => atoms.reduce((n, a) => n + found.atoms[a]!.size, 0) };
}

/** Distinct outputs of the released cells and the new output, the new one's index among them. */
export function auditOutputs(
  released: readonly ReleasedCell[],
  newOutput: AuditOutput,
): { outputs: AuditOutput[]; newIndex: number } {
  const bySql = new Map<string, AuditOutput>();
  for (const r of released)
    if (!bySql.has(r.outputSql)) bySql.set(r.outputSql, { outputSql: r.outputSql, keyCount: r.keyCount });
  if (!bySql.has(newOutput.outputSql)) bySql.set(newOutput.outputSql, newOutput);
  const outputs = [...bySql.values()];
  return { outputs, newIndex: outputs.findIndex((o) => o.outputSql === newOutput.outputSql) };
}

/**
 * The audit's matrix: released rows are the released cells (groups of a released output that were not printed are
 * not registered, so not rows); new rows are the new output's cells of at least `threshold` persons (a smaller
 * one already fails the threshold rule, and is not released once suppressed).
 */
export function auditMatrix(
  found: Atoms,
  outputs: readonly AuditOutput[],
  newIndex: number,
  released: readonly ReleasedCell[],
  threshold: number,
): { input: AuditInput; releasedCells: ReleasedCell[]; newKeys: string[] } {
  const { atomsOf, persons } = cellAtoms(found);
  const sizeOf = (cell: number) => persons(atomsOf[cell]!);
  const index = new Map(found.cells.map((c, i) => [`${c.o}\u0000${c.k}`, i]));
  const outputIndex = new Map(outputs.map((o, i) => [o.outputSql, i]));
  const releasedCells = released.filter((r) => index.has(`${outputIndex.get(r.outputSql)}\u0000${r.key}`));
  const newCells = found.cells.flatMap((c, i) => (c.o === newIndex && sizeOf(i) >= threshold ? [i] : []));
  return {
    input: {
      atomSizes: found.atoms.map((a) => a.size),
      released: releasedCells.map((r) => atomsOf[index.get(`${outputIndex.get(r.outputSql)}\u0000${r.key}`)!]!),
      added: newCells.map((i) => atomsOf[i]!),
      threshold,
    },
    releasedCells,
    newKeys: newCells.map((i) => found.cells[i]!.k),
  };
}

/**
 * The exact-audit hook for `checkQueryOutput` (sibling of `releasedCellsDifferencing`): `fail` findings for every small
 * group that the new output's cells and the `released` ones determine together. An audit that cannot run fails
 * the output: nothing then shows it safe.
 */
export function releasedCellsAudit(
  released: readonly ReleasedCell[],
  runSql: (sql: string) => Promise<{ rows: ReadonlyArray<Record<string, unknown>> }>,
  threshold: number,
): (companion: CompanionQuery) => Promise<CellVerdict[]> {
  return async (companion) => {
    if (!companion.populationSql || released.length === 0 || !isLinearOutput(companion)) return [];
    const { outputs, newIndex } = auditOutputs(released, {
      outputSql: companion.populationSql,
      keyCount: companion.analysis.groupKeys.length,
    });
    let found: Atoms;
    try {
      found = parseAtoms((await runSql(atomsQuery(outputs))).rows[0]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [
        {
          verdict: 'fail',
          rule: 'differencing',
          reason: `the exact differencing audit against released cells could not run: ${message}`,
        },
      ];
    }
    const { input, releasedCells, newKeys } = auditMatrix(found, outputs, newIndex, released, threshold);
    return auditFindings(input, {
      added: (i) => `cell ${newKeys[i]}`,
      released: (i) => `cell ${releasedCells[i]!.id} (${releasedCells[i]!.description})`,
    });
  };
}

/**
 * Statistics of one output that add up over the same unknowns: counts add persons, sums and means add values.
 * Each family is audited on its own (a count minus a sum means nothing).
 */
const LINEAR_FAMILIES: ReadonlyArray<ReadonlySet<string>> = [new Set(['count']), new Set(['sum', 'mean'])];

/** Per aggregate of a family, the persons whose rows it takes in (a non-NULL measure), as audit outputs. */
export function aggregateOutputs(companion: CompanionQuery): AuditOutput[][] {
  const { measuresSql, analysis } = companion;
  if (!measuresSql) return [];
  const keys = analysis.groupKeys.map((_, k) => `__g${k}, `).join('');
  return LINEAR_FAMILIES.map((family) => {
    const measures = new Map<string, number>();
    analysis.aggregates.forEach(
      (a, i) => family.has(a.kind) && !measures.has(a.measureSql) && measures.set(a.measureSql, i),
    );
    return [...measures.values()].map((i) => ({
      outputSql: `SELECT ${keys}__person FROM (${measuresSql}) AS __sdf_b WHERE __m${i} IS NOT NULL`,
      keyCount: analysis.groupKeys.length,
    }));
  }).filter((outputs) => outputs.length > 1);
}

/**
 * Differencing inside one output: two statistics of a family over nearly the same persons (`sum(x)` and the same
 * sum without one person, a count and a filtered count) give, subtracted, the total of the few persons between
 * them. Every cell of the output is a row (cells under the threshold fail on their own); an atom of fewer than
 * `threshold` persons that the rows determine fails the output. An audit that cannot run fails it too.
 */
export function outputAudit(
  runSql: (sql: string) => Promise<{ rows: ReadonlyArray<Record<string, unknown>> }>,
  threshold: number,
): (companion: CompanionQuery) => Promise<CellVerdict[]> {
  const finding = (reason: string): CellVerdict => ({ verdict: 'fail', rule: 'self-differencing', reason });
  return async (companion) => {
    const findings: CellVerdict[] = [];
    for (const outputs of aggregateOutputs(companion)) {
      let found: Atoms;
      try {
        found = parseAtoms((await runSql(atomsQuery(outputs))).rows[0]);
      } catch (error) {
        return [
          finding(
            `the differencing audit of the output's own statistics could not run: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ];
      }
      const { atomsOf, persons } = cellAtoms(found);
      const added = atomsOf.filter((atoms) => persons(atoms) >= threshold);
      const disclosed = disclosedAtoms({ atomSizes: found.atoms.map((a) => a.size), released: [], added, threshold });
      if (disclosed.length > 0) {
        findings.push(
          finding(
            `two of the output's statistics cover nearly the same persons: subtracting one from the other gives the total of ${disclosed.length} group(s) of fewer than ${threshold} persons; drop one of them, or make both cover the same persons (e.g. coalesce missing values)`,
          ),
        );
      }
    }
    return findings;
  };
}
