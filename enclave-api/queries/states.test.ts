import { describe, expect, it } from 'vitest';
import { QUERY_STATUSES, type QueryStatus } from '../types.ts';
import { QUERY_STATUS_OWNERS, QUERY_TRANSITIONS, canTransition, sourcesOf } from './states.ts';

const ALLOWED = new Set([
  'queued>running',
  'queued>failed',
  'running>checking',
  'running>succeeded',
  'running>failed',
  'checking>succeeded',
  'checking>failed',
]);
const PAIRS = QUERY_STATUSES.flatMap((from) => QUERY_STATUSES.map((to) => [from, to] as [QueryStatus, QueryStatus]));

describe('query state table', () => {
  it.each(PAIRS)('%s → %s is allowed only if listed', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('gives every status an owner', () => {
    for (const status of QUERY_STATUSES) expect(QUERY_STATUS_OWNERS[status]).toBeDefined();
  });

  it('has no way out of a finished query', () => {
    expect(QUERY_TRANSITIONS.succeeded).toEqual([]);
    expect(QUERY_TRANSITIONS.failed).toEqual([]);
  });

  it('lists where a status can be reached from', () => {
    expect(sourcesOf('failed').sort()).toEqual(['checking', 'queued', 'running']);
    expect(sourcesOf('succeeded').sort()).toEqual(['checking', 'running']);
    expect(sourcesOf('queued')).toEqual([]);
  });
});
