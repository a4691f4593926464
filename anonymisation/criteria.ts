/**
 * Sensitive-attribute criteria on equivalence classes: distinct, entropy (Shannon or Grassberger) and recursive-(c,l)
 * diversity, and t-closeness with the equal, hierarchical or ordered ground distance (Li, Li & Venkatasubramanian
 * 2007), each decided as ARX decides it. Pure functions over distributions.
 */
import type { CompiledHierarchy } from './hierarchy.ts';

/** Distinct l-diversity: at least `l` different sensitive values. */
export function distinctL(counts: ArrayLike<number>): number {
  let distinct = 0;
  for (let v = 0; v < counts.length; v += 1) if (counts[v]! > 0) distinct += 1;
  return distinct;
}

/** Entropy l-diversity: the class's "effective l", exp of the Shannon entropy (natural log). */
export function entropyL(counts: ArrayLike<number>): number {
  let total = 0;
  for (let v = 0; v < counts.length; v += 1) total += counts[v]!;
  let entropy = 0;
  for (let v = 0; v < counts.length; v += 1) {
    const p = counts[v]! / total;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}

/**
 * Grassberger's (2003) estimate of the entropy (natural log): ln n − (1/n) Σ n_i G(n_i), with
 * G(m) = ψ(m) + ½ (−1)^m (ψ((m+1)/2) − ψ(m/2)). Exp of it is comparable with l, as {@link entropyL}.
 */
export function grassbergerL(counts: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let v = 0; v < counts.length; v += 1) {
    const m = counts[v]!;
    if (m <= 0) continue;
    total += m;
    sum += m * (digamma(m) + 0.5 * (m % 2 === 0 ? 1 : -1) * (digamma((m + 1) / 2) - digamma(m / 2)));
  }
  return total > 0 ? Math.exp(Math.log(total) - sum / total) : 0;
}

/** Digamma ψ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series. */
export function digamma(x: number): number {
  let result = 0;
  for (; x < 10; x += 1) result -= 1 / x;
  const f = 1 / (x * x);
  return result + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/**
 * Grassberger's G(n) exactly as ARX's `EntropyLDiversity.EntropyEstimator.GRASSBERGER` computes it: G(1), G(2),
 * G(4) … G(100) from ARX's table (G(2m + 1) = G(2m)), above 100 the expansion ln n + m(1/24 − m(7/960 − m·31/8064))
 * with n made even and m = 1/(n/2)², n/2 squared in 32-bit arithmetic as in Java.
 */
export function arxGrassbergerG(n: number): number {
  if (n <= 100) return ARX_G[(n - (n % 2)) / 2]!;
  const even = n - (n % 2);
  const m = 1 / Math.imul(even / 2, even / 2);
  return Math.log(even) + m * (1 / 24 - m * (7 / 960 - m * (31 / 8064)));
}

// ARX's G_PRECOMPUTED (src/main/org/deidentifier/arx/criteria/EntropyLDiversity.java): G(1), then G(2m) for m = 1…50
const ARX_G = [
  -1.2703628454614782, 0.7296371545385218, 1.3963038212051886, 1.7963038212051885, 2.0820181069194743,
  2.3042403291416966, 2.4860585109598783, 2.639904664806032, 2.7732379981393653, 2.8908850569628948, 2.9961482148576315,
  3.091386310095727, 3.178342831834857, 3.2583428318348573, 3.3324169059089312, 3.4013824231503107, 3.4658985521825687,
  3.5265046127886293, 3.5836474699314866, 3.6377015239855406, 3.6889835752675917, 3.7377640630724698,
  3.7842756909794466, 3.8287201354238913, 3.871273326913253, 3.912089653443865, 3.951305339718375, 3.9890411887749786,
  4.025404825138615, 4.060492544436861, 4.094390849521607, 4.127177734767508, 4.1589237665135395, 4.18969299728277,
  4.219543743551427, 4.248529250797804, 4.276698264882311, 4.304095525156284, 4.33076219182295, 4.356736217796977,
  4.382052673493179, 4.40674403151787, 4.430840417060039, 4.454369828824745, 4.477358334571871, 4.49983024468423,
  4.521808266662253, 4.543313643006339, 4.564366274585286, 4.5849848312863175, 4.605186851488337,
];

/**
 * Entropy l-diversity decided as ARX's `EntropyLDiversity.isAnonymous`: at least ⌈l⌉ distinct values, and
 * Σ n_i·ψ(n_i) ≤ N·(ψ(N) − ln l) with ψ = ln (Shannon) or ARX's Grassberger G. ARX stops as soon as a partial sum
 * exceeds the bound, and with G(1) < 0 a partial sum can exceed it where the whole does not: the terms are taken in
 * the order of ARX's distribution buckets ({@link arxBucketOrder}), which depends on the order in which the table
 * received the values: `arrival`, the codes present in that order (default: increasing code order). ARX's output
 * builds each class's table from its rows, so the arrival order is that of the values' first rows in the class.
 * (ARX's search may build a class's table from a finer node's tables instead, and then decide it otherwise.)
 */
export function arxEntropyLDiverse(
  counts: ArrayLike<number>,
  l: number,
  estimator: 'shannon' | 'grassberger',
  arrival?: readonly number[],
): boolean {
  const psi = estimator === 'shannon' ? Math.log : arxGrassbergerG;
  let [total, distinct] = [0, 0];
  for (let v = 0; v < counts.length; v += 1) {
    total += counts[v]!;
    if (counts[v]! > 0) distinct += 1;
  }
  if (distinct < Math.ceil(l)) return false;
  const bound = total * (psi(total) - Math.log(l));
  let sum = 0;
  if (estimator === 'shannon') {
    // n·ln n ≥ 0: the partial sums only grow, so any order decides as ARX's does
    for (let v = 0; v < counts.length && sum <= bound; v += 1) if (counts[v]! > 0) sum += counts[v]! * psi(counts[v]!);
    return sum <= bound;
  }
  let present = arrival;
  if (!present) {
    const increasing: number[] = [];
    for (let v = 0; v < counts.length; v += 1) if (counts[v]! > 0) increasing.push(v);
    present = increasing;
  }
  for (const v of arxBucketOrder(present)) {
    sum += counts[v]! * psi(counts[v]!);
    if (bound < sum) return false;
  }
  return true;
}

/**
 * The order in which ARX's `Distribution` (an open-addressing table of 8 buckets at first, doubled when more than
 * three quarters full and refilled in bucket order, home bucket = code mod size, linear probing) holds the given
 * codes, added in the given order.
 */
export function arxBucketOrder(codes: readonly number[]): number[] {
  let table = new Int32Array(8).fill(-1);
  const place = (into: Int32Array, code: number) => {
    let slot = code & (into.length - 1);
    while (into[slot] !== -1) slot = (slot + 1) & (into.length - 1);
    into[slot] = code;
  };
  let size = 0;
  for (const code of codes) {
    place(table, code);
    size += 1;
    if (size > Math.floor(table.length * 0.75)) {
      const larger = new Int32Array(table.length * 2).fill(-1);
      for (const held of table) if (held !== -1) place(larger, held);
      table = larger;
    }
  }
  return Array.from(table).filter((code) => code !== -1);
}

/** Recursive-(c,l) diversity: with counts sorted decreasing, r1 < c · (r_l + … + r_m). */
export function recursiveCl(counts: ArrayLike<number>, c: number, l: number): boolean {
  const sorted = Array.from(counts)
    .filter((n) => n > 0)
    .sort((a, b) => b - a);
  if (sorted.length < l) return false;
  let tail = 0;
  for (let i = l - 1; i < sorted.length; i += 1) tail += sorted[i]!;
  return sorted[0]! < c * tail;
}

/**
 * Earth mover's distance under the ordered ground distance: Σ_i |Σ_{j≤i} (p_j − q_j)| / (m − 1) over the values in
 * `order` (distribution indexes, smallest value first).
 */
export function orderedEmd(classCounts: ArrayLike<number>, overall: ArrayLike<number>, order: Int32Array): number {
  const [p, q] = [normalise(classCounts), normalise(overall)];
  let [running, distance] = [0, 0];
  for (const v of order) {
    running += p[v]! - q[v]!;
    distance += Math.abs(running);
  }
  return order.length > 1 ? distance / (order.length - 1) : 0;
}

/** Earth mover's distance under the equal ground distance: half the L1 distance of the two distributions. */
export function equalDistanceEmd(classCounts: ArrayLike<number>, overall: ArrayLike<number>): number {
  const [p, q] = [normalise(classCounts), normalise(overall)];
  let sum = 0;
  for (let v = 0; v < p.length; v += 1) sum += Math.abs(p[v]! - q[v]!);
  return sum / 2;
}

/**
 * Earth mover's distance under the hierarchical ground distance: Σ over inner nodes N of
 * level(N)/height · min(positive extra, negative extra) of N's children. `valueIndex[v]` is the hierarchy's
 * level-0 index of distribution entry v.
 */
export function hierarchicalEmd(
  classCounts: ArrayLike<number>,
  overall: ArrayLike<number>,
  hierarchy: CompiledHierarchy,
  valueIndex: Int32Array,
): number {
  const [p, q] = [normalise(classCounts), normalise(overall)];
  const height = hierarchy.depth - 1;
  const leaves = hierarchy.codes[0]!.length;
  let extra = new Float64Array(leaves);
  for (let v = 0; v < p.length; v += 1) extra[hierarchy.codes[0]![valueIndex[v]!]!]! += p[v]! - q[v]!;
  let cost = 0;
  for (let l = 1; l <= height; l += 1) {
    const parents = hierarchy.labels[l]!.length;
    const positive = new Float64Array(parents);
    const negative = new Float64Array(parents);
    const next = new Float64Array(parents);
    const childToParent = parentCodes(hierarchy, l);
    extra.forEach((e, child) => {
      const parent = childToParent[child]!;
      if (e > 0) positive[parent]! += e;
      else negative[parent]! -= e;
      next[parent]! += e;
    });
    for (let n = 0; n < parents; n += 1) cost += (l / height) * Math.min(positive[n]!, negative[n]!);
    extra = next;
  }
  return cost;
}

function parentCodes(hierarchy: CompiledHierarchy, level: number): Int32Array {
  const below = hierarchy.codes[level - 1]!;
  const out = new Int32Array(hierarchy.labels[level - 1]!.length);
  below.forEach((child, i) => (out[child] = hierarchy.codes[level]![i]!));
  return out;
}

function normalise(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let v = 0; v < counts.length; v += 1) total += counts[v]!;
  const out = new Float64Array(counts.length);
  for (let v = 0; v < counts.length; v += 1) out[v] = total > 0 ? counts[v]! / total : 0;
  return out;
}

/** A criterion resolved against the histogram's sensitive column `s`. */
export type ResolvedCriterion =
  | { kind: 'distinct' | 'entropy' | 'grassberger'; s: number; l: number }
  | { kind: 'recursive'; s: number; l: number; c: number }
  | { kind: 'equal'; s: number; t: number }
  | { kind: 'ordered'; s: number; t: number; order: Int32Array }
  | { kind: 'hierarchical'; s: number; t: number; hierarchy: CompiledHierarchy; valueIndex: Int32Array };

/**
 * Whether one class's distribution of sensitive column values satisfies the criterion. `arrival` (Grassberger only):
 * the class's codes in order of their first row in the class.
 */
export function satisfies(
  criterion: ResolvedCriterion,
  counts: Float64Array,
  overall: Float64Array,
  arrival?: readonly number[],
): boolean {
  switch (criterion.kind) {
    case 'distinct':
      return distinctL(counts) >= criterion.l;
    case 'entropy':
      return arxEntropyLDiverse(counts, criterion.l, 'shannon');
    case 'grassberger':
      return arxEntropyLDiverse(counts, criterion.l, 'grassberger', arrival);
    case 'recursive':
      return recursiveCl(counts, criterion.c, criterion.l);
    case 'ordered':
      return orderedEmd(counts, overall, criterion.order) <= criterion.t + 1e-12;
    case 'equal':
      return equalDistanceEmd(counts, overall) <= criterion.t + 1e-12;
    case 'hierarchical':
      return hierarchicalEmd(counts, overall, criterion.hierarchy, criterion.valueIndex) <= criterion.t + 1e-12;
  }
}

/**
 * Flags the classes that fail any criterion: `classOf[g]` maps histogram groups to classes, `sensitive[s][g]` is
 * the group's sensitive code, `counts[g]` its records, `firstRow[g]` the input position of its first record (needed
 * by a Grassberger criterion only).
 */
export function failingClasses(
  criteria: readonly ResolvedCriterion[],
  classOf: Int32Array,
  classCount: number,
  sensitive: Int32Array[],
  domainSizes: number[],
  counts: Float64Array,
  firstRow?: Float64Array,
): Uint8Array {
  const fails = new Uint8Array(classCount);
  if (criteria.length === 0) return fails;
  const order = groupsByClass(classOf, classCount);
  for (const criterion of criteria) {
    const codes = sensitive[criterion.s]!;
    const overall = new Float64Array(domainSizes[criterion.s]!);
    for (let g = 0; g < codes.length; g += 1) overall[codes[g]!]! += counts[g]!;
    const scratch = new Float64Array(overall.length);
    if (criterion.kind === 'grassberger' && !firstRow) throw new Error('Grassberger l-diversity needs the first rows');
    const first = criterion.kind === 'grassberger' ? new Float64Array(overall.length).fill(Infinity) : undefined;
    for (let c = 0; c < classCount; c += 1) {
      if (fails[c]) continue;
      const [from, to] = [order.start[c]!, order.start[c + 1]!];
      for (let i = from; i < to; i += 1) scratch[codes[order.items[i]!]!]! += counts[order.items[i]!]!;
      const arrival = first && arrivalOrder(order.items.subarray(from, to), codes, firstRow!, first);
      if (!satisfies(criterion, scratch, overall, arrival)) fails[c] = 1;
      for (let i = from; i < to; i += 1) scratch[codes[order.items[i]!]!] = 0;
    }
  }
  return fails;
}

/**
 * The codes of a class's groups in order of their first row in the class (a code's first row: the smallest first
 * row of its groups), as ARX's table receives them when it adds the class's rows one by one. `first` is scratch
 * space, all Infinity, left so.
 */
function arrivalOrder(groups: Int32Array, codes: Int32Array, firstRow: Float64Array, first: Float64Array): number[] {
  const present: number[] = [];
  for (const g of groups) {
    const v = codes[g]!;
    if (first[v] === Infinity) present.push(v);
    first[v] = Math.min(first[v]!, firstRow[g]!);
  }
  present.sort((a, b) => first[a]! - first[b]!);
  for (const v of present) first[v] = Infinity;
  return present;
}

function groupsByClass(classOf: Int32Array, classCount: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(classCount + 1);
  for (const c of classOf) start[c + 1]! += 1;
  for (let c = 0; c < classCount; c += 1) start[c + 1]! += start[c]!;
  const fill = start.slice(0, classCount);
  const items = new Int32Array(classOf.length);
  classOf.forEach((c, g) => (items[fill[c]!++] = g));
  return { start, items };
}
