import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_MAY_FOLLOW,
  MATERIALISATION_ORIGINS,
  MATERIALISATION_STATUSES,
  MATERIALISATION_STATUS_MEANING,
  MATERIALISATION_TRANSITIONS,
  RUN_ORIGIN,
  RUN_STATUSES,
  RUN_STATUS_MEANING,
  RUN_TRANSITIONS,
  TERMINAL,
  StatusTransitionError,
  assertCanRunTransition,
  assertCanTransition,
  canTransition,
  guardFrom,
  mayStartAttempt,
  runSourcesOf,
  sourcesOf,
} from './materialisation-states.ts';

/** The edges the code takes (materialiseJob, interruptAttempts, failInterrupted), written out by hand. */
const ALLOWED = new Set([
  'running→succeeded',
  'running→blocked',
  'running→retrying',
  'running→failed',
  'retrying→failed',
]);
const RUN_ALLOWED = new Set(['running→succeeded', 'running→failed']);

const pairs = <S extends string>(statuses: readonly S[]) =>
  statuses.flatMap((from) => statuses.map((to) => [from, to] as const));

/** The statuses a `check (status in (…))` constraint of `column` lists in a migration's `create table`. */
function checkedStatuses(table: string): string[] {
  const sql = readFileSync(new URL('../migrations/002_runs_and_materialisations.sql', import.meta.url), 'utf8');
  const body = sql.split(`create table pipelines.${table} (`)[1]!.split('\n);')[0]!;
  const list = /status text not null[^]*?check \(status in \(([^)]*)\)\)/.exec(body)![1]!;
  return [...list.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
}

/** Every status reachable from `starts` along the table's edges (the starts included). */
function reachable<S extends string>(table: Readonly<Record<S, readonly S[]>>, starts: readonly S[]): Set<S> {
  const seen = new Set<S>(starts);
  const queue = [...starts];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    for (const next of table[status]) if (!seen.has(next)) (seen.add(next), queue.push(next));
  }
  return seen;
}

describe('materialisation state table', () => {
  it('names exactly the statuses the migration lets the column hold', () => {
    expect([...MATERIALISATION_STATUSES].sort()).toEqual(checkedStatuses('materialisations').sort());
    expect(Object.keys(MATERIALISATION_TRANSITIONS).sort()).toEqual([...MATERIALISATION_STATUSES].sort());
    expect(Object.keys(MATERIALISATION_STATUS_MEANING).sort()).toEqual([...MATERIALISATION_STATUSES].sort());
  });

  it.each(pairs(MATERIALISATION_STATUSES))('lets a %s row become %s only along an edge the code takes', (from, to) => {
    const allowed = ALLOWED.has(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(() => assertCanTransition(from, to)).not.toThrow();
    else expect(() => assertCanTransition(from, to)).toThrow(`a ${from} materialisation cannot become ${to}`);
  });

  it('takes the asset as done for its run on succeeded, failed, blocked and upstream_failed only', () => {
    expect([...TERMINAL].sort()).toEqual(['blocked', 'failed', 'succeeded', 'upstream_failed']);
  });

  it.each(MATERIALISATION_STATUSES)('gives %s no way out if and only if it is terminal', (status) => {
    expect(MATERIALISATION_TRANSITIONS[status].length === 0).toBe(TERMINAL.has(status));
  });

  it.each(MATERIALISATION_STATUSES.filter((s) => !TERMINAL.has(s)))(
    'lets a %s row reach a terminal status',
    (status) => {
      expect([...reachable(MATERIALISATION_TRANSITIONS, [status])].some((s) => TERMINAL.has(s))).toBe(true);
    },
  );

  it('reaches every status from the ways a row is created', () => {
    const created = Object.values(MATERIALISATION_ORIGINS);
    expect([...reachable(MATERIALISATION_TRANSITIONS, created)].sort()).toEqual([...MATERIALISATION_STATUSES].sort());
  });

  it.each([
    ['attempt', 'running'],
    ['reuse', 'succeeded'],
    ['lost_last_attempt', 'failed'],
    ['not_run', 'upstream_failed'],
  ] as const)('creates a %s row as %s', (origin, status) => {
    expect(MATERIALISATION_ORIGINS[origin]).toBe(status);
  });

  it.each([
    [undefined, true],
    ['retrying', true],
    ['running', false],
    ['succeeded', false],
    ['failed', false],
    ['blocked', false],
    ['upstream_failed', false],
  ] as const)('starts a new attempt after a latest row of %s: %s', (latest, may) => {
    expect(mayStartAttempt(latest)).toBe(may);
  });

  it('lets a new attempt follow only a non-terminal row that no longer runs', () => {
    for (const status of ATTEMPT_MAY_FOLLOW) expect(TERMINAL.has(status) || status === 'running').toBe(false);
  });

  it('derives the statuses a guarded update may match from the table', () => {
    expect(sourcesOf('failed').sort()).toEqual(['retrying', 'running']);
    expect(sourcesOf('retrying')).toEqual(['running']);
    expect(sourcesOf('running')).toEqual([]);
    expect(guardFrom('failed')).toEqual(sourcesOf('failed'));
    expect(guardFrom('blocked', 'running')).toEqual(['running']);
  });

  it('refuses a guard outside the table with a typed error naming the edge', () => {
    const error = (() => {
      try {
        guardFrom('retrying', ['running', 'succeeded']);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StatusTransitionError);
    expect(error).toMatchObject({
      code: 'invalid_transition',
      status: 409,
      table: 'materialisation',
      from: 'succeeded',
      to: 'retrying',
    });
  });
});

describe('run state table', () => {
  it('names exactly the statuses the migration lets the column hold', () => {
    expect([...RUN_STATUSES].sort()).toEqual(checkedStatuses('runs').sort());
    expect(Object.keys(RUN_TRANSITIONS).sort()).toEqual([...RUN_STATUSES].sort());
  });

  it.each(pairs(RUN_STATUSES))('lets a %s run become %s only when it closes a running run', (from, to) => {
    if (RUN_ALLOWED.has(`${from}→${to}`)) expect(() => assertCanRunTransition(from, to)).not.toThrow();
    else
      expect(() => assertCanRunTransition(from, to)).toThrow(
        expect.objectContaining({ code: 'invalid_transition', table: 'run' }),
      );
  });

  it('starts running, and every status is reached and every open one can close', () => {
    expect(RUN_ORIGIN).toBe('running');
    expect([...reachable(RUN_TRANSITIONS, [RUN_ORIGIN])].sort()).toEqual([...RUN_STATUSES].sort());
    for (const status of RUN_STATUSES) {
      expect(RUN_TRANSITIONS[status].length === 0).toBe(RUN_STATUS_MEANING[status].terminal);
    }
    expect(runSourcesOf('failed')).toEqual(['running']);
  });
});
