/**
 * Differential privacy for aggregates, sampled exactly in integers (Canonne, Kamath & Steinke 2020): no floating
 * point touches the noise, so the attacks on floating-point Laplace do not apply. Parameters given as decimals are
 * turned into exact rationals first.
 */
import { SdfError } from '../platform/index.ts';
import { cryptoRandom, type RandomSource } from './random.ts';

/** A positive rational n/d. */
interface Rational {
  n: bigint;
  d: bigint;
}

/** A decimal as an exact rational (up to 12 significant decimals). */
export function toRational(x: number): Rational {
  if (!(x > 0) || !Number.isFinite(x)) throw new SdfError('bad_input', `expected a positive finite number, got ${x}`);
  const d = 10n ** 12n;
  const n = BigInt(Math.round(x * 1e12));
  if (n === 0n) throw new SdfError('bad_input', `${x} is too small`);
  return { n, d };
}

function bernoulli(p: Rational, random: RandomSource): boolean {
  return random.below(p.d) < p.n;
}

/** Bernoulli(exp(−γ)) for a rational γ ≥ 0. */
function bernoulliExp(gamma: Rational, random: RandomSource): boolean {
  let g = gamma;
  while (g.n > g.d) {
    if (!bernoulliExpAtMostOne({ n: 1n, d: 1n }, random)) return false;
    g = { n: g.n - g.d, d: g.d };
  }
  return bernoulliExpAtMostOne(g, random);
}

function bernoulliExpAtMostOne(gamma: Rational, random: RandomSource): boolean {
  let k = 1n;
  while (bernoulli({ n: gamma.n, d: gamma.d * k }, random)) k += 1n;
  return k % 2n === 1n;
}

/** Discrete Laplace with scale t/s: P(x) ∝ exp(−|x|·s/t). */
function discreteLaplaceExact(t: bigint, s: bigint, random: RandomSource): bigint {
  for (;;) {
    const u = random.below(t);
    if (!bernoulliExp({ n: u, d: t }, random)) continue;
    let v = 0n;
    while (bernoulliExp({ n: 1n, d: 1n }, random)) v += 1n;
    const y = (u + t * v) / s;
    const negative = random.below(2n) === 1n;
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

/** An integer from the discrete Laplace (two-sided geometric) distribution with the given scale. */
export function laplaceInteger(scale: number, random: RandomSource = cryptoRandom): number {
  const { n, d } = toRational(scale);
  return Number(discreteLaplaceExact(n, d, random));
}

/** `value` plus discrete Laplace noise of scale sensitivity/ε: ε-differentially private for integer queries. */
export function geometricMechanism(
  value: number,
  epsilon: number,
  sensitivity = 1,
  random: RandomSource = cryptoRandom,
): number {
  if (!Number.isInteger(value)) throw new SdfError('bad_input', 'the geometric mechanism releases integers');
  return value + laplaceInteger(sensitivity / epsilon, random);
}

/** An integer from the discrete Gaussian N_Z(0, σ²). */
export function discreteGaussian(sigma: number, random: RandomSource = cryptoRandom): number {
  const sigma2 = toRational(sigma * sigma);
  const t = BigInt(Math.floor(sigma)) + 1n;
  for (;;) {
    const y = discreteLaplaceExact(t, 1n, random);
    const absY = y < 0n ? -y : y;
    // γ = (|y| − σ²/t)² / (2σ²) with σ² = a/b: ((|y|·b·t − a)²) / (2·a·b·t²).
    const num = absY * sigma2.d * t - sigma2.n;
    const gamma = { n: num * num, d: 2n * sigma2.n * sigma2.d * t * t };
    if (bernoulliExp(gamma, random)) return Number(y);
  }
}

/** σ for the Gaussian mechanism under zero-concentrated DP: ρ-zCDP needs σ = Δ / √(2ρ). */
export function gaussianSigmaForZcdp(rho: number, sensitivity = 1): number {
  return sensitivity / Math.sqrt(2 * rho);
}

/** `value` plus discrete Gaussian noise giving ρ-zCDP for an integer query with the given L2 sensitivity. */
export function gaussianMechanism(
  value: number,
  rho: number,
  sensitivity = 1,
  random: RandomSource = cryptoRandom,
): number {
  return value + discreteGaussian(gaussianSigmaForZcdp(rho, sensitivity), random);
}

/**
 * Bounded contributions: keep at most `maxPerPerson` rows per person (the first ones in the given order), so a
 * count over the result has sensitivity `maxPerPerson`.
 */
export function boundContributions<T>(rows: readonly T[], personOf: (row: T) => string, maxPerPerson: number): T[] {
  const seen = new Map<string, number>();
  return rows.filter((row) => {
    const person = personOf(row);
    const n = seen.get(person) ?? 0;
    seen.set(person, n + 1);
    return n < maxPerPerson;
  });
}

/** SQL that keeps at most `maxPerPerson` rows per person (random choice within a person, by row hash). */
export function boundContributionsSql(from: string, personColumn: string, maxPerPerson: number): string {
  return `SELECT * EXCLUDE (__sdf_rank) FROM (SELECT *, row_number() OVER (PARTITION BY "${personColumn.replace(/"/g, '""')}" ORDER BY hash(random())) AS __sdf_rank FROM ${from}) WHERE __sdf_rank <= ${Math.floor(maxPerPerson)}`;
}
