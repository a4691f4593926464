import { describe, expect, it } from 'vitest';
import { disclosedAtoms } from './index.ts';
import { auditFindings } from './audit.ts';
import { AUDIT_PRIMES, coloops } from './audit.ts';

// Atoms of the district attacks: X without p (49), the person p (1), district Y (40), district Z (30).
const [XP, P, Y, Z] = [0, 1, 2, 3];
const DISTRICTS = [49, 1, 40, 30];
const A = [XP, P]; // X
const B = [XP, P, Y]; // X ∪ Y
const C = [Y, P]; // Y ∪ {p}
const C4 = [Y, Z]; // Y ∪ Z
const D4 = [Z, P]; // Z ∪ {p}

describe('the exact differencing audit', () => {
  it.each<[string, number[], number[][], number[][], number[]]>([
    ['nothing at all', [], [], [], []],
    ['no new cells', [3], [[0]], [], []],
    ['a single cell of 3 persons', [3], [], [[0]], [0]],
    ['a single cell of threshold − 1 persons', [9], [], [[0]], [0]],
    ['a single cell of threshold persons', [10], [], [[0]], []],
    ['disjoint large cells', [20, 30], [[0]], [[1]], []],
    ['a small atom released before is not new', [3, 30], [[0]], [[0], [0, 1]], []],
    ['a nested cell three persons larger than a released one', [50, 3], [[0]], [[0, 1]], [1]],
    ['a nested cell forty persons larger (large difference)', [50, 40], [[0]], [[0, 1]], []],
    ['the three-release attack: C − (B − A)', DISTRICTS, [A, B], [C], [P]],
    ['the three-release attack in another order', DISTRICTS, [C, A], [B], [P]],
    ['the four-release attack: D − (C − (B − A))', DISTRICTS, [A, B, C4], [D4], [P]],
    ['three of the four releases isolate nobody', DISTRICTS, [A, C4], [D4], []],
    ['another three of the four isolate nobody', DISTRICTS, [B, C4], [D4], []],
    [
      'an odd cycle whose solution halves a sum',
      [3, 40, 40],
      [
        [0, 1],
        [1, 2],
      ],
      [[0, 2]],
      [0],
    ],
    ['the same cell released again', DISTRICTS, [A, B], [A, B, B], []],
    ['repeated atoms within a cell', [3, 40], [[0, 0, 1]], [[1, 1]], [0]],
    ['persons behind no cell (an empty atom) are ignored', [0, 40], [[0, 1]], [[1]], []],
  ])('%s', (_name, atomSizes, released, added, expected) => {
    expect(disclosedAtoms({ atomSizes, released, added, threshold: 10 })).toEqual(expected);
  });

  it('names the new and released cells the isolated group lies in, never its size', () => {
    const findings = auditFindings(
      { atomSizes: DISTRICTS, released: [A, B], added: [C], threshold: 10 },
      { added: (i) => `cell n${i}`, released: (i) => `cell r${i}` },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ verdict: 'fail', rule: 'differencing' });
    expect(findings[0]!.reason).toMatch(/new cell n0 and released cell r0; cell r1/);
    expect(findings[0]!.reason).not.toMatch(/\b1 person/);
  });

  it('caps the findings and says how many more groups there are', () => {
    const atomSizes = Array.from({ length: 8 }, () => 2);
    const findings = auditFindings(
      { atomSizes, released: [], added: atomSizes.map((_, i) => [i]), threshold: 10 },
      { added: String, released: String },
      3,
    );
    expect(findings.map((f) => f.reason.startsWith('and'))).toEqual([false, false, false, true]);
    expect(findings[3]!.reason).toMatch(/5 more/);
  });
});

/** Reference: exact rational RREF (fraction-free, BigInt) — is e_j in the row space? */
function referenceDetermined(rows: number[][], atoms: number): Set<number> {
  const m = rows.map((r) =>
    Array.from({ length: atoms }, (_, j) => BigInt(r.filter((c) => c === j).length > 0 ? 1 : 0)),
  );
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));
  let rank = 0;
  for (let col = 0; col < atoms && rank < m.length; col++) {
    const pivot = m.findIndex((r, i) => i >= rank && r[col] !== 0n);
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot]!, m[rank]!];
    const pr = m[rank]!;
    m.forEach((r, i) => {
      if (i === rank || r[col] === 0n) return;
      const f = r[col]!;
      const next = r.map((v, j) => v * pr[col]! - f * pr[j]!);
      const g = next.reduce(gcd, 0n) || 1n;
      m[i] = next.map((v) => v / g);
    });
    rank++;
  }
  return new Set(m.flatMap((r) => (r.filter((v) => v !== 0n).length === 1 ? [r.findIndex((v) => v !== 0n)] : [])));
}

describe('determined atoms over a prime field', () => {
  it('agrees with exact rational elimination on random 0/1 matrices', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 500; trial++) {
      const atoms = 1 + Math.floor(random() * 12);
      const rows = Array.from({ length: Math.floor(random() * 10) }, () =>
        Array.from({ length: atoms }, (_, j) => j).filter(() => random() < 0.4),
      );
      const expected = referenceDetermined(rows, atoms);
      for (const p of AUDIT_PRIMES) {
        const columns = Array.from({ length: atoms }, (_, j) => rows.flatMap((r, i) => (r.includes(j) ? [i] : [])));
        expect([...coloops(columns, rows.length, p, trial + 1)].sort()).toEqual([...expected].sort());
      }
    }
  });
});
