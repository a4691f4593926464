/**
 * The life cycles of a pipeline run and of a materialisation row as tables (as `output-checks/workflow.ts` does for
 * release requests): how a row comes to exist and in which status, which status may follow which, and which
 * statuses are terminal. Every status write in `pipelines/db/` is guarded by these tables — in TypeScript before
 * the write and in its `where status = any(…)` — so a write that would break them fails with a code.
 *
 * A materialisation row is one attempt of one asset in one run. A failed attempt that graphile-worker will retry
 * stays `retrying`; the next attempt is a new row (`ATTEMPT_MAY_FOLLOW`), so a row itself never goes back to
 * `running`.
 */
import { SdfError } from '../../platform/index.ts';
import type { MaterialisationStatus, RunStatus } from '../types.ts';

export type { MaterialisationStatus, RunStatus };

export const MATERIALISATION_STATUSES = [
  'running',
  'succeeded',
  'failed',
  'retrying',
  'blocked',
  'upstream_failed',
] as const satisfies readonly MaterialisationStatus[];

/** What each status means, and whether the asset is done for the run once its latest row has it. */
export const MATERIALISATION_STATUS_MEANING: Readonly<
  Record<MaterialisationStatus, { terminal: boolean; meaning: string }>
> = {
  running: { terminal: false, meaning: 'a worker is running this attempt (or died running it, until the sweep)' },
  succeeded: {
    terminal: true,
    meaning: 'materialised, every blocking check passed, published; or reused (reused_from)',
  },
  failed: { terminal: true, meaning: 'the last attempt failed (or was interrupted); nothing below it runs' },
  retrying: { terminal: false, meaning: 'this attempt failed or its worker died; graphile-worker runs a new attempt' },
  blocked: {
    terminal: true,
    meaning: 'materialised, but a blocking check failed: not published; nothing below it runs',
  },
  upstream_failed: { terminal: true, meaning: 'not run: an asset above it failed or was blocked' },
};

/**
 * How a materialisation row comes to exist, and the status it starts in: a worker starts an attempt (`claim`); an
 * earlier run's succeeded materialisation of the same code version is reused (`reused_from` set); the job's last
 * attempt died before it recorded a row (`failInterrupted`); an asset above it failed (`markUpstreamFailed`).
 */
export const MATERIALISATION_ORIGINS = {
  attempt: 'running',
  reuse: 'succeeded',
  lost_last_attempt: 'failed',
  not_run: 'upstream_failed',
} as const satisfies Record<string, MaterialisationStatus>;
export type MaterialisationOrigin = keyof typeof MATERIALISATION_ORIGINS;

/**
 * Which status may follow which on one row. `running` ends as the attempt ends (`materialiseJob`), or becomes
 * `retrying` when the sweep finds its worker dead (`interruptAttempts`) or `failed` when that was the job's last
 * attempt (`failInterrupted`, which also fails a `retrying` row left by the sweep).
 */
export const MATERIALISATION_TRANSITIONS: Readonly<Record<MaterialisationStatus, readonly MaterialisationStatus[]>> = {
  running: ['succeeded', 'blocked', 'retrying', 'failed'],
  retrying: ['failed'],
  succeeded: [],
  failed: [],
  blocked: [],
  upstream_failed: [],
};

/** The latest row of an asset in a run that a new attempt row may follow (none at all may, too). */
export const ATTEMPT_MAY_FOLLOW: readonly MaterialisationStatus[] = ['retrying'];

export const RUN_STATUSES = ['running', 'succeeded', 'failed'] as const satisfies readonly RunStatus[];

/** A run starts `running` (`insertRun`). */
export const RUN_ORIGIN: RunStatus = 'running';

export const RUN_STATUS_MEANING: Readonly<Record<RunStatus, { terminal: boolean; meaning: string }>> = {
  running: { terminal: false, meaning: 'some asset of the run is not yet terminal' },
  succeeded: { terminal: true, meaning: 'every asset of the run succeeded' },
  failed: {
    terminal: true,
    meaning: 'some asset failed, was blocked or not run; or a newer run of the partition superseded it',
  },
};

/** A run is closed when every asset is terminal (`afterTerminal`) or superseded by a new run (`supersedeRuns`). */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  running: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
};

/** The statuses after which the asset is done for its run (the latest row decides). */
export const TERMINAL: ReadonlySet<MaterialisationStatus> = new Set(
  MATERIALISATION_STATUSES.filter((status) => MATERIALISATION_STATUS_MEANING[status].terminal),
);

export type StatusTransitionCode = 'invalid_transition' | 'status_conflict';

/**
 * A status write that the tables forbid (`invalid_transition`: a bug in the caller), or one whose row was no longer
 * in the status the writer expected (`status_conflict`: another worker or the sweep moved it first).
 */
export class StatusTransitionError extends SdfError {
  constructor(
    code: StatusTransitionCode,
    message: string,
    readonly table: 'materialisation' | 'run',
    readonly from: string | null,
    readonly to: string,
  ) {
    super(code, message, 409, { table, from, to });
    this.name = 'StatusTransitionError';
  }
}

export function isTerminal(status: MaterialisationStatus): boolean {
  return MATERIALISATION_STATUS_MEANING[status].terminal;
}

export function isRunTerminal(status: RunStatus): boolean {
  return RUN_STATUS_MEANING[status].terminal;
}

export function canTransition(from: MaterialisationStatus, to: MaterialisationStatus): boolean {
  return MATERIALISATION_TRANSITIONS[from].includes(to);
}

export function canRunTransition(from: RunStatus, to: RunStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

/** Throws `invalid_transition` unless a materialisation row may move from → to. */
export function assertCanTransition(from: MaterialisationStatus, to: MaterialisationStatus): void {
  if (!canTransition(from, to)) {
    throw new StatusTransitionError(
      'invalid_transition',
      `a ${from} materialisation cannot become ${to}`,
      'materialisation',
      from,
      to,
    );
  }
}

/** Throws `invalid_transition` unless a run may move from → to. */
export function assertCanRunTransition(from: RunStatus, to: RunStatus): void {
  if (!canRunTransition(from, to)) {
    throw new StatusTransitionError('invalid_transition', `a ${from} run cannot become ${to}`, 'run', from, to);
  }
}

/** The statuses from which a materialisation row may become `to` (for guarded UPDATEs). */
export function sourcesOf(to: MaterialisationStatus): MaterialisationStatus[] {
  return MATERIALISATION_STATUSES.filter((from) => canTransition(from, to));
}

/** The statuses from which a run may become `to` (for guarded UPDATEs). */
export function runSourcesOf(to: RunStatus): RunStatus[] {
  return RUN_STATUSES.filter((from) => canRunTransition(from, to));
}

/**
 * The statuses a guarded UPDATE to `to` may match: `from` (the status the writer expects; default every source of
 * `to`), each checked against the table.
 */
export function guardFrom(to: MaterialisationStatus, from?: MaterialisationStatus | readonly MaterialisationStatus[]) {
  const expected = from === undefined ? sourcesOf(to) : typeof from === 'string' ? [from] : [...from];
  for (const status of expected) assertCanTransition(status, to);
  return expected;
}

/** Whether a new attempt row may be inserted after `latest` (the asset's latest row in the run, if any). */
export function mayStartAttempt(latest: MaterialisationStatus | undefined): boolean {
  return latest === undefined || ATTEMPT_MAY_FOLLOW.includes(latest);
}
