/**
 * The PostgreSQL rate-limit store: two stores on one database (as two API processes are) share one count per key
 * and window, windows roll over by the database's clock, and old windows are swept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePgRateLimitStore } from '../enclave-api/index.ts';
import { makeTestDatabase, type TestDatabase } from './helpers.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await makeTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const storePair = (prefix: string, windowMs = 60_000) =>
  [makePgRateLimitStore(db.pool, { prefix, windowMs }), makePgRateLimitStore(db.pool, { prefix, windowMs })] as const;

describe('PostgreSQL rate-limit store', () => {
  it('counts hits from two processes against one total', async () => {
    const [a, b] = storePair('shared:');
    const hits: number[] = [];
    for (let i = 0; i < 6; i += 1) hits.push((await (i % 2 === 0 ? a : b).increment('user:1')).totalHits);
    expect(hits).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await a.get!('user:1'))?.totalHits).toBe(6);
  });

  it('counts concurrent increments exactly', async () => {
    const [a, b] = storePair('concurrent:');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).increment('k')));
    expect(results.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('keeps keys of different limiters apart by prefix', async () => {
    const user = makePgRateLimitStore(db.pool, { prefix: 'p-user:' });
    const signIn = makePgRateLimitStore(db.pool, { prefix: 'p-sign-in:' });
    await user.increment('x');
    await user.increment('x');
    expect((await signIn.increment('x')).totalHits).toBe(1);
  });

  it('decrements (a request that should not count) but never below zero', async () => {
    const [a, b] = storePair('dec:');
    await a.increment('k');
    await b.decrement('k');
    await b.decrement('k');
    expect((await a.get!('k'))?.totalHits).toBe(0);
    expect((await a.increment('k')).totalHits).toBe(1);
  });

  it('gives the end of the window as the reset time', async () => {
    const [a] = storePair('reset:', 60_000);
    const { resetTime } = await a.increment('k');
    const left = resetTime!.getTime() - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(61_000);
    expect(resetTime!.getTime() % 60_000).toBe(0);
  });

  it('starts a new count in the next window and sweeps windows older than the previous one', async () => {
    const [a] = storePair('roll:', 300);
    const first = await a.increment('k');
    await a.increment('k');
    await new Promise((resolve) => setTimeout(resolve, first.resetTime!.getTime() - Date.now() + 20));
    expect((await a.increment('k')).totalHits).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await a.sweep()).toBeGreaterThanOrEqual(2);
    const { rows } = await db.pool.query(
      `select count(*)::int as n from enclave.rate_limit_windows where key = 'roll:k'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('forgets a key on reset', async () => {
    const [a, b] = storePair('forget:');
    await a.increment('k');
    await b.resetKey('k');
    expect(await a.get!('k')).toBeUndefined();
  });
});
