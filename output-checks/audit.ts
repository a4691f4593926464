/**
 * The exact differencing audit for linear outputs (counts, sums, means). Persons are split into atoms — persons
 * who fall in exactly the same cells — and every released or new cell is a 0/1 row over the atoms. A linear
 * combination of cell totals gives an atom's total exactly when the atom's indicator vector lies in the row space
 * of that matrix; this decides, for each atom, whether it does (Chin & Özsoyoğlu's audit of sum queries).
 *
 * Rank is computed by sparse Gaussian elimination to reduced row echelon form over a prime field: exact integer
 * arithmetic with no rounding. An atom determined over the rationals is determined mod p unless p divides a
 * denominator of the combination, so two primes are used and either one's "determined" counts: a miss needs both
 * primes to divide the same denominator. A spurious determination mod p only refuses an output, never leaks.
 * Pure: the atoms come from DuckDB (`audit-query.ts`).
 */
import type { CellVerdict } from './types.ts';

/**
 * Primes just below 2^26: a product of two residues stays below 2^52, so doubles hold it exactly.
 * @internal
 */
export const AUDIT_PRIMES = [67_108_859, 67_108_837] as const;

/** A sparse row: sorted atom ids and their (non-zero) residues. */
interface Row {
  cols: Int32Array;
  vals: Float64Array;
}

function inverse(a: number, p: number): number {
  let [r0, r1, t0, t1] = [p, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return ((t0 % p) + p) % p;
}

function valueAt(row: Row, col: number): number {
  let [lo, hi] = [0, row.cols.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = row.cols[mid]!;
    if (c === col) return row.vals[mid]!;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** `a - f·b` mod p, both sorted; calls `added` for columns of b that a did not have. */
function subtractScaled(a: Row, b: Row, f: number, p: number, added: (col: number) => void): Row {
  const cols: number[] = [];
  const vals: number[] = [];
  const neg = p - f;
  let [i, j] = [0, 0];
  while (i < a.cols.length || j < b.cols.length) {
    const ca = i < a.cols.length ? a.cols[i]! : Infinity;
    const cb = j < b.cols.length ? b.cols[j]! : Infinity;
    if (ca < cb) {
      cols.push(ca);
      vals.push(a.vals[i++]!);
    } else {
      const v = ((ca === cb ? a.vals[i++]! : 0) + neg * b.vals[j]!) % p;
      if (ca !== cb) added(cb);
      if (v !== 0) {
        cols.push(cb);
        vals.push(v);
      }
      j++;
    }
  }
  return { cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

/**
 * Incremental elimination over GF(p) for `atoms` columns: rows are kept fully reduced (each pivot column is zero
 * in every other row), so an atom is determined iff some row has exactly one entry, at that atom.
 * @internal
 */
export function makeEliminator(atoms: number, p: number) {
  const pivotRow = new Int32Array(atoms).fill(-1);
  const colRows: number[][] = Array.from({ length: atoms }, () => []);
  const rows: Row[] = [];
  const scratch = new Float64Array(atoms);
  const touched = new Uint8Array(atoms);

  /** Reduces a 0/1 row (atom ids) by the pivots: its remaining entries, sorted. */
  function reduce(cells: readonly number[]): Row {
    const seen: number[] = [];
    const touch = (c: number) => {
      if (!touched[c]) {
        touched[c] = 1;
        seen.push(c);
      }
    };
    for (const c of cells) {
      touch(c);
      scratch[c] = 1;
    }
    // Subtracting a reduced pivot row never changes another pivot column, so one pass over the original columns.
    for (const c of cells) {
      const r = pivotRow[c]!;
      const f = scratch[c]!;
      if (r < 0 || f === 0) continue;
      const row = rows[r]!;
      for (let k = 0; k < row.cols.length; k++) {
        const cc = row.cols[k]!;
        touch(cc);
        scratch[cc] = (scratch[cc]! + (p - f) * row.vals[k]!) % p;
      }
    }
    seen.sort((a, b) => a - b);
    const cols = seen.filter((c) => scratch[c] !== 0);
    const result = { cols: Int32Array.from(cols), vals: Float64Array.from(cols, (c) => scratch[c]!) };
    for (const c of seen) {
      scratch[c] = 0;
      touched[c] = 0;
    }
    return result;
  }

  /** Adds a row; false when it was already in the row space. */
  function add(cells: readonly number[]): boolean {
    const row = reduce(cells);
    if (row.cols.length === 0) return false;
    // The pivot in the column fewest rows touch: least back-substitution and fill-in.
    let k = 0;
    for (let i = 1; i < row.cols.length; i++) if (colRows[row.cols[i]!]!.length < colRows[row.cols[k]!]!.length) k = i;
    const pivot = row.cols[k]!;
    const inv = inverse(row.vals[k]!, p);
    for (let i = 0; i < row.vals.length; i++) row.vals[i] = (row.vals[i]! * inv) % p;
    const index = rows.length;
    for (const r of new Set(colRows[pivot])) {
      const f = valueAt(rows[r]!, pivot);
      if (f !== 0) rows[r] = subtractScaled(rows[r]!, row, f, p, (col) => colRows[col]!.push(r));
    }
    rows.push(row);
    pivotRow[pivot] = index;
    colRows[pivot] = [];
    for (const c of row.cols) colRows[c]!.push(index);
    return true;
  }

  /** Atoms whose indicator lies in the row space. */
  function determined(): Set<number> {
    return new Set(rows.filter((r) => r.cols.length === 1).map((r) => r.cols[0]!));
  }

  return { add, determined, rank: () => rows.length };
}

/** What the audit looks at: atom sizes and cells as lists of atom ids. */
export interface AuditInput {
  /** Persons in each atom (index = atom id). */
  atomSizes: readonly number[];
  /** Cells already released to the project. */
  released: ReadonlyArray<readonly number[]>;
  /** The new output's cells. */
  added: ReadonlyArray<readonly number[]>;
  /** A total over fewer persons than this (but at least one) is a disclosure. */
  threshold: number;
}

/**
 * Atoms of 1 … threshold − 1 persons that released and new cells together determine but released cells alone do
 * not (sorted): each is a small group whose total a difference of published totals reveals.
 */
export function disclosedAtoms(input: AuditInput): number[] {
  const small = (a: number) => input.atomSizes[a]! >= 1 && input.atomSizes[a]! < input.threshold;
  if (input.added.length === 0 || !input.atomSizes.some((_, a) => small(a))) return [];
  const found = new Set<number>();
  for (const p of AUDIT_PRIMES) {
    const eliminator = makeEliminator(input.atomSizes.length, p);
    input.released.forEach((cells) => eliminator.add(cells));
    const before = eliminator.determined();
    input.added.forEach((cells) => eliminator.add(cells));
    for (const a of eliminator.determined()) if (!before.has(a) && small(a)) found.add(a);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The audit as findings: one `fail` per disclosed atom (at most `limit`, default 5, then one that says how many
 * more), naming the new and released cells the atom lies in (`describe` turns a cell index into words).
 */
export function auditFindings(
  input: AuditInput,
  describe: { added: (i: number) => string; released: (i: number) => string },
  limit = 5,
): CellVerdict[] {
  const disclosed = disclosedAtoms(input);
  const within = (cells: AuditInput['released'], atom: number) => cells.flatMap((c, i) => (c.includes(atom) ? [i] : []));
  const findings: CellVerdict[] = disclosed.slice(0, limit).map((atom) => {
    const added = within(input.added, atom).slice(0, 3).map(describe.added);
    const released = within(input.released, atom).slice(0, 3).map(describe.released);
    return {
      verdict: 'fail',
      rule: 'differencing',
      reason: `with cells already released, this output's cells give the exact total of a group of fewer than ${input.threshold} persons by adding and subtracting totals (the group lies in new ${added.join('; ') || 'no new cell'}${released.length ? ` and released ${released.join('; ')}` : ''}): drop or coarsen the cells that overlap released ones`,
    };
  });
  if (disclosed.length > limit) {
    findings.push({ verdict: 'fail', rule: 'differencing', reason: `and ${disclosed.length - limit} more such group(s)` });
  }
  return findings;
}
