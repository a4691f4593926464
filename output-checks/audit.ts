/**
 * The exact differencing audit for linear outputs (counts, sums, means). Persons are split into atoms — persons
 * who fall in exactly the same cells — and every released or new cell is a 0/1 row over the atoms. A linear
 * combination of cell totals gives an atom's total exactly when the atom's indicator vector lies in the row space
 * of that matrix (Chin & Özsoyoğlu's audit of sum queries); this decides, for each atom, whether it does.
 *
 * Equivalently, an atom is determined iff its column (the cells it lies in) is outside the span of the other
 * atoms' columns, which is how it is computed (`coloops`): in cell space, a few thousand dimensions, whatever the
 * number of atoms. Arithmetic is exact, over a prime field. An atom determined over the rationals is determined
 * mod p unless p divides a denominator of the combination, so two primes are used and either one's "determined"
 * counts; a spurious determination mod p only refuses an output, never leaks. Pure: the atoms come from DuckDB
 * (`audit-query.ts`).
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

/**
 * Incremental forward elimination over GF(p) for rows `width` wide, kept in echelon form without back-substitution
 * (row k is zero at the pivots of rows before it): adding a row costs no change to stored rows, which keeps fill-in
 * low on the incidence matrices of the audit.
 * @internal
 */
export function makeEchelon(width: number, p: number) {
  const pivotRow = new Int32Array(width).fill(-1);
  const colCount = new Int32Array(width);
  const rows: Row[] = [];
  const pivots: number[] = [];
  const scratch = new Float64Array(width);
  const touched = new Uint8Array(width);
  const queued = new Uint8Array(width);

  /** Reduces a row (distinct columns, values default 1) by the stored rows: its remaining entries, sorted. */
  function reduce(cells: readonly number[], values?: readonly number[]): Row {
    const seen: number[] = [];
    const heap = new MinHeap();
    const touch = (c: number) => {
      if (!touched[c]) {
        touched[c] = 1;
        seen.push(c);
      }
      if (pivotRow[c]! >= 0 && !queued[c]) {
        queued[c] = 1;
        heap.push(pivotRow[c]!);
      }
    };
    cells.forEach((c, i) => {
      touch(c);
      scratch[c] = (scratch[c]! + (values?.[i] ?? 1)) % p;
    });
    // Rows in the order they were added: row k only has entries at pivots of later rows, so each is used once.
    for (let k = heap.pop(); k >= 0; k = heap.pop()) {
      const pivot = pivots[k]!;
      const f = scratch[pivot]!;
      if (f === 0) continue;
      const row = rows[k]!;
      for (let i = 0; i < row.cols.length; i++) {
        const cc = row.cols[i]!;
        touch(cc);
        scratch[cc] = (scratch[cc]! + (p - f) * row.vals[i]!) % p;
      }
    }
    seen.sort((a, b) => a - b);
    const cols = seen.filter((c) => scratch[c] !== 0);
    const result = { cols: Int32Array.from(cols), vals: Float64Array.from(cols, (c) => scratch[c]!) };
    for (const c of seen) {
      scratch[c] = 0;
      touched[c] = 0;
      queued[c] = 0;
    }
    return result;
  }

  /**
   * Adds a row (distinct columns; values default 1; a pivot only in a column below `pivotLimit`, default all);
   * false when it was already in the row space (or has no entry where a pivot may go).
   */
  function add(cells: readonly number[], values?: readonly number[], pivotLimit = width): boolean {
    const row = reduce(cells, values);
    // The pivot in the column fewest stored rows use: later rows then meet it less often.
    let k = -1;
    for (let i = 0; i < row.cols.length && row.cols[i]! < pivotLimit; i++) {
      if (k < 0 || colCount[row.cols[i]!]! < colCount[row.cols[k]!]!) k = i;
    }
    if (k < 0) return false;
    const inv = inverse(row.vals[k]!, p);
    for (let i = 0; i < row.vals.length; i++) row.vals[i] = (row.vals[i]! * inv) % p;
    pivotRow[row.cols[k]!] = rows.length;
    pivots.push(row.cols[k]!);
    rows.push(row);
    for (const c of row.cols) colCount[c]! += 1;
    return true;
  }

  /** Solves for the last column (`width − 1`, never a pivot) once every other column is a pivot: x[pivot]. */
  function backSubstitute(): Float64Array {
    const last = width - 1;
    const x = new Float64Array(width);
    for (let k = rows.length - 1; k >= 0; k--) {
      const row = rows[k]!;
      let value = 0;
      for (let i = 0; i < row.cols.length; i++) {
        const c = row.cols[i]!;
        if (c === last) value = (value + row.vals[i]!) % p;
        else if (c !== pivots[k]) value = (value + (p - row.vals[i]!) * x[c]!) % p;
      }
      x[pivots[k]!] = value;
    }
    return x;
  }

  return {
    add,
    backSubstitute,
    rank: () => rows.length,
    /** The pivot column of each row, in the order the rows were added. */
    pivots: (): readonly number[] => pivots,
  };
}

/** A binary min-heap of row indexes. */
class MinHeap {
  private items: number[] = [];
  push(value: number): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  /** The smallest index, or −1 when empty. */
  pop(): number {
    const a = this.items;
    if (a.length === 0) return -1;
    const top = a[0]!;
    const end = a.pop()!;
    if (a.length > 0) {
      a[0] = end;
      for (let i = 0; ;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** A fixed xorshift stream of non-zero residues mod p (fixed, so a check is reproducible). */
function residues(seed: number, p: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return 1 + ((x >>> 0) % (p - 1));
  };
}

/**
 * Atoms determined by the cells, mod p, computed on the transpose: atom j is determined iff its column (the cells
 * it lies in) is outside the span of the other atoms' columns — a coloop of the column matroid. The columns live
 * in cell space (a few thousand dimensions, a handful of entries each) however many atoms there are. A basis B is
 * found greedily; a non-basis column is never a coloop, and a basis column is one iff no other column's expansion
 * in B uses it. The expansions are summed with random weights ρ and solved for in one r × r system: a basis atom
 * whose coefficient comes out zero is taken as determined. A zero by chance (probability 1/p per atom) only
 * refuses an output.
 * @internal
 */
export function coloops(
  columns: ReadonlyArray<readonly number[]>,
  cells: number,
  p: number,
  seed = 0x5eed,
): Set<number> {
  const span = makeEchelon(cells, p);
  const basis: number[] = [];
  // Atoms in the order of their (sorted) cell lists: neighbours share cells, which keeps fill-in small (a random
  // order is a hundred times slower on marginal tables).
  const order = columns.map((_, a) => a).sort((a, b) => compareLists(columns[a]!, columns[b]!));
  for (const a of order) if (columns[a]!.length > 0 && span.add(columns[a]!)) basis.push(a);
  const pivotCells = span.pivots();
  const pivotIndex = new Int32Array(cells).fill(-1);
  pivotCells.forEach((q, i) => (pivotIndex[q] = i));
  const inBasis = new Uint8Array(columns.length);
  basis.forEach((a) => (inBasis[a] = 1));
  // g = Σ ρ_c · c over the pivot cells, for every column c outside the basis
  const g = new Float64Array(basis.length);
  const rho = residues(seed, p);
  columns.forEach((column, a) => {
    if (inBasis[a] || column.length === 0) return;
    const weight = rho();
    for (const q of column) if (pivotIndex[q]! >= 0) g[pivotIndex[q]!] = (g[pivotIndex[q]!]! + weight) % p;
  });
  // A u = g with A[i][j] = 1 when basis atom j lies in pivot cell i; u_j = Σ ρ_c (coefficient of j in c).
  const r = basis.length;
  const rowsOfA: number[][] = pivotCells.map(() => []);
  basis.forEach((a, j) => {
    for (const q of columns[a]!) if (pivotIndex[q]! >= 0) rowsOfA[pivotIndex[q]!]!.push(j);
  });
  const solve = makeEchelon(r + 1, p);
  rowsOfA.forEach((cols, i) =>
    solve.add(g[i] ? [...cols, r] : cols, g[i] ? [...cols.map(() => 1), g[i]!] : undefined, r),
  );
  const u = solve.backSubstitute();
  return new Set(basis.filter((_, j) => u[j] === 0));
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Each atom's column: the (distinct) indexes of the rows it lies in, counting only rows below `rowLimit`. */
function transpose(rows: ReadonlyArray<readonly number[]>, atoms: number, rowLimit = rows.length): number[][] {
  const columns: number[][] = Array.from({ length: atoms }, () => []);
  rows.slice(0, rowLimit).forEach((row, i) => {
    for (const a of row) if (columns[a]!.at(-1) !== i) columns[a]!.push(i);
  });
  return columns;
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
  const rows = [...input.released, ...input.added];
  const atoms = input.atomSizes.length;
  const found = new Set<number>();
  for (const p of AUDIT_PRIMES) {
    const candidates = [...coloops(transpose(rows, atoms), rows.length, p)].filter(small);
    // Only when some small atom is determined at all: was it already, by the released cells alone?
    const before =
      candidates.length > 0
        ? coloops(transpose(rows, atoms, input.released.length), input.released.length, p)
        : new Set<number>();
    for (const a of candidates) if (!before.has(a)) found.add(a);
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
  const within = (cells: AuditInput['released'], atom: number) =>
    cells.flatMap((c, i) => (c.includes(atom) ? [i] : []));
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
    findings.push({
      verdict: 'fail',
      rule: 'differencing',
      reason: `and ${disclosed.length - limit} more such group(s)`,
    });
  }
  return findings;
}
