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

/** Recursive-(c,l) diversity: with counts sorted decreasing, r1 < c · (r_l + … + r_m). */
export function recursiveCl(counts: ArrayLike<number>, c: number, l: number): boolean {
  const sorted = Array.from(counts).filter((n) => n > 0).sort((a, b) => b - a);
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

/** Whether one class's distribution of sensitive column values satisfies the criterion. */
export function satisfies(criterion: ResolvedCriterion, counts: Float64Array, overall: Float64Array): boolean {
  switch (criterion.kind) {
    case 'distinct':
      return distinctL(counts) >= criterion.l;
    case 'entropy':
      return entropyL(counts) >= criterion.l - 1e-9;
    case 'grassberger':
      return grassbergerL(counts) >= criterion.l - 1e-9;
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
 * the group's sensitive code, `counts[g]` its records.
 */
export function failingClasses(
  criteria: readonly ResolvedCriterion[],
  classOf: Int32Array,
  classCount: number,
  sensitive: Int32Array[],
  domainSizes: number[],
  counts: Float64Array,
): Uint8Array {
  const fails = new Uint8Array(classCount);
  if (criteria.length === 0) return fails;
  const order = groupsByClass(classOf, classCount);
  for (const criterion of criteria) {
    const codes = sensitive[criterion.s]!;
    const overall = new Float64Array(domainSizes[criterion.s]!);
    for (let g = 0; g < codes.length; g += 1) overall[codes[g]!]! += counts[g]!;
    const scratch = new Float64Array(overall.length);
    for (let c = 0; c < classCount; c += 1) {
      if (fails[c]) continue;
      for (let i = order.start[c]!; i < order.start[c + 1]!; i += 1) scratch[codes[order.items[i]!]!]! += counts[order.items[i]!]!;
      if (!satisfies(criterion, scratch, overall)) fails[c] = 1;
      for (let i = order.start[c]!; i < order.start[c + 1]!; i += 1) scratch[codes[order.items[i]!]!] = 0;
    }
  }
  return fails;
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
