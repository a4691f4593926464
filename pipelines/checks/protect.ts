/**
 * Protection of dashboard figures, as pure functions: suppression of small cells plus rounding to a base, and a
 * two-sided geometric mechanism (discrete Laplace) for ε-differentially private counts. The DP noise uses
 * `crypto.randomInt`-backed uniforms; switch to the anonymisation module's samplers once they land.
 */
import { randomInt } from 'node:crypto';

/** Null for a count under the threshold, otherwise rounded to the nearest multiple of `base`. */
export function suppressAndRound(count: number, threshold: number, base: number): number | null {
  if (count < threshold) return null;
  return Math.round(count / base) * base;
}

function uniformOpen(): number {
  return (randomInt(0, 2 ** 48 - 1) + 0.5) / 2 ** 48;
}

/** A geometric variate on {0, 1, 2, …} with success probability `1 - alpha`. */
function geometric(alpha: number): number {
  return Math.floor(Math.log(uniformOpen()) / Math.log(alpha));
}

/** Two-sided geometric noise with parameter α = exp(-ε/Δ), added to a count; never below zero when published. */
export function geometricMechanism(count: number, epsilon: number, sensitivity = 1): number {
  if (!(epsilon > 0)) throw new Error('epsilon must be positive');
  const alpha = Math.exp(-epsilon / sensitivity);
  return Math.max(0, count + geometric(alpha) - geometric(alpha));
}
