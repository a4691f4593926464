/**
 * The DuckDB side of the exact differencing audit: one query over the membership of every released output of the
 * project and the new output splits persons into atoms (same cells) and returns, in one row, the cells and each
 * atom's cell list and size; `audit.ts` decides which atoms the cells determine. Released cells carry no
 * statistic kind, so every released cell counts as linear; the new output counts when any of its aggregates is a
 * count, sum or mean (or one we do not know).
 */
import { cellKeySql, type CompanionQuery } from './sql/companion.ts';
import { auditFindings, type AuditInput } from './audit.ts';
import { toNumber } from './values.ts';
import type { ReleasedCell } from './ledger.ts';
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
    .map((o, i) => `SELECT DISTINCT ${i} AS o, ${cellKeySql(o.keyCount)} AS k, __person FROM (${o.outputSql}) AS __sdf_o`)
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

/** Distinct outputs of the released cells and the new output, the new one's index among them. */
export function auditOutputs(released: readonly ReleasedCell[], newOutput: AuditOutput): { outputs: AuditOutput[]; newIndex: number } {
  const bySql = new Map<string, AuditOutput>();
  for (const r of released) if (!bySql.has(r.outputSql)) bySql.set(r.outputSql, { outputSql: r.outputSql, keyCount: r.keyCount });
  if (!bySql.has(newOutput.outputSql)) bySql.set(newOutput.outputSql, newOutput);
  const outputs = [...bySql.values()];
  return { outputs, newIndex: outputs.findIndex((o) => o.outputSql === newOutput.outputSql) };
}

/**
 * The audit's matrix: released rows are the ledger's cells (groups of a released output that were not printed are
 * not in the ledger, so not rows); new rows are the new output's cells of at least `threshold` persons (a smaller
 * one already fails the threshold rule, and is not released once suppressed).
 */
export function auditMatrix(
  found: Atoms,
  outputs: readonly AuditOutput[],
  newIndex: number,
  released: readonly ReleasedCell[],
  threshold: number,
): { input: AuditInput; releasedCells: ReleasedCell[]; newKeys: string[] } {
  const atomsOf: number[][] = found.cells.map(() => []);
  found.atoms.forEach((atom, a) => atom.sig.forEach((cell) => atomsOf[cell]?.push(a)));
  const sizeOf = (cell: number) => atomsOf[cell]!.reduce((n, a) => n + found.atoms[a]!.size, 0);
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
 * The exact-audit hook for `checkQueryOutput` (sibling of `ledgerDifferencing`): `fail` findings for every small
 * group that the new output's cells and the `released` ones determine together. An audit that cannot run fails
 * the output: nothing then shows it safe.
 */
export function ledgerAudit(
  released: readonly ReleasedCell[],
  runSql: (sql: string) => Promise<{ rows: ReadonlyArray<Record<string, unknown>> }>,
  threshold: number,
): (companion: CompanionQuery) => Promise<CellVerdict[]> {
  return async (companion) => {
    if (!companion.populationSql || released.length === 0 || !isLinearOutput(companion)) return [];
    const { outputs, newIndex } = auditOutputs(released, { outputSql: companion.populationSql, keyCount: companion.analysis.groupKeys.length });
    let found: Atoms;
    try {
      found = parseAtoms((await runSql(atomsQuery(outputs))).rows[0]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [{ verdict: 'fail', rule: 'differencing', reason: `the exact differencing audit against released cells could not run: ${message}` }];
    }
    const { input, releasedCells, newKeys } = auditMatrix(found, outputs, newIndex, released, threshold);
    return auditFindings(input, {
      added: (i) => `cell ${newKeys[i]}`,
      released: (i) => `cell ${releasedCells[i]!.id} (${releasedCells[i]!.description})`,
    });
  };
}
