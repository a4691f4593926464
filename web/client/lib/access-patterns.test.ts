import { describe, expect, it } from 'vitest';
import { perUserPerDay, spikes, type AuditEntryLike, type UserDay } from './access-patterns.ts';

const q = (user: string, at: string, status = 202): AuditEntryLike => ({
  at,
  user,
  method: 'POST',
  route: '/api/v1/queries',
  status,
});

describe('access patterns', () => {
  it('counts query submissions and refusals per user per day', () => {
    const rows = perUserPerDay([
      q('ana', '2026-01-02T10:00:00Z'),
      q('ana', '2026-01-02T11:00:00Z', 422),
      q('ana', '2026-01-03T09:00:00Z'),
      { at: '2026-01-02T12:00:00Z', user: 'ben', method: 'GET', route: '/api/v1/datasets/x', status: 404 },
      { at: '2026-01-02T12:00:00Z', user: 'ben', method: 'GET', route: '/api/v1/datasets', status: 200 },
    ]);
    expect(rows).toEqual([
      { user: 'ana', day: '2026-01-03', queries: 1, refused: 0 },
      { user: 'ana', day: '2026-01-02', queries: 2, refused: 1 },
      { user: 'ben', day: '2026-01-02', queries: 0, refused: 1 },
    ]);
  });

  const day = (user: string, d: string, queries: number): UserDay => ({ user, day: d, queries, refused: 0 });
  it.each([
    ['a day far above the user’s median', [day('a', '1', 5), day('a', '2', 4), day('a', '3', 60)], ['3']],
    ['a busy but usual user', [day('a', '1', 50), day('a', '2', 55), day('a', '3', 60)], []],
    ['a small absolute number is never a spike', [day('a', '1', 1), day('a', '2', 1), day('a', '3', 15)], []],
    ['a single huge first day', [day('a', '1', 61)], ['1']],
    ['a single ordinary first day', [day('a', '1', 40)], []],
  ])('flags %s', (_name, days, expected) => {
    expect(spikes(days).map((s) => s.day)).toEqual(expected);
  });
});
