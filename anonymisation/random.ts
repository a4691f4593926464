/**
 * Random sources for noise and differential privacy. `cryptoRandom` reads the operating system's CSPRNG;
 * `seededRandom` is a deterministic SHA-256 counter-mode generator for reproducible noise and fixed-seed tests
 * (never use a seeded source for a real DP release: its seed would reveal the noise).
 */
import { createHash, randomBytes } from 'node:crypto';

export interface RandomSource {
  /** Uniform integer in [0, n) for n ≥ 1 (exact, by rejection). */
  below(n: bigint): bigint;
}

function fromBytes(next: (count: number) => Buffer): RandomSource {
  return {
    below(n: bigint): bigint {
      if (n <= 0n) throw new RangeError('below(n) needs n ≥ 1');
      if (n === 1n) return 0n;
      const bits = (n - 1n).toString(2).length;
      const bytes = Math.ceil(bits / 8);
      const mask = (1n << BigInt(bits)) - 1n;
      for (;;) {
        const value = BigInt(`0x${next(bytes).toString('hex')}`) & mask;
        if (value < n) return value;
      }
    },
  };
}

/** The operating system's cryptographic random source. */
export const cryptoRandom: RandomSource = fromBytes((count) => randomBytes(count));

/** A reproducible source: SHA-256(seed ‖ counter) blocks. */
export function seededRandom(seed: string | number): RandomSource {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return fromBytes((count) => {
    while (pool.length < count) {
      const block = createHash('sha256').update(`${seed}:${counter}`).digest();
      counter += 1;
      pool = Buffer.concat([pool, block]);
    }
    const out = pool.subarray(0, count);
    pool = pool.subarray(count);
    return out;
  });
}
