/**
 * A small pool of warm sandbox workers (child processes). Queries wait for a free worker; a worker that crashes,
 * runs out of memory or ignores an interrupt is killed and replaced, and the query fails with a reason code.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { setPriority } from 'node:os';
import { SdfError, logger } from '../../platform/index.ts';
import type { SandboxResult } from '../types.ts';
import type { ReplyMessage, RunMessage, SandboxLimits, ViewSpec } from './protocol.ts';

/** Defaults: 1 GB and 2 threads per query, 30 s, 10 000 rows. */
export const DEFAULT_LIMITS: SandboxLimits = { memoryLimit: '1GB', threads: 2, timeoutMs: 30_000, maxRows: 10_000 };

export interface SandboxPoolOptions {
  /** Number of warm workers (default 2). */
  size?: number;
  /** Root for per-query private temp folders (e.g. `$SDF_HOME/tmp`). */
  tmpRoot: string;
  limits?: Partial<SandboxLimits>;
  /** How long after the time limit a worker may take to stop before it is killed (default 2 s). */
  killGraceMs?: number;
  /** Niceness of the worker processes (default 10: below the API and PostgreSQL). */
  nice?: number;
}

export interface SandboxRequest {
  sql: string;
  views: ViewSpec[];
  readDirs: string[];
  outputPath?: string | null;
  limits?: Partial<SandboxLimits>;
}

interface Job {
  message: RunMessage;
  started: number;
  resolve(result: SandboxResult): void;
  reject(error: SdfError): void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  job: Job | null;
  killTimer: NodeJS.Timeout | null;
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Error codes that mean the SQL itself was refused (the API answers these with 422). */
export const isSqlRejection = (code: string): boolean => code.startsWith('sql_');

export class SandboxPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextJobId = 1;
  private closed = false;
  readonly limits: SandboxLimits;

  constructor(private readonly options: SandboxPoolOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    for (let i = 0; i < (options.size ?? 2); i += 1) this.slots.push(this.spawn());
  }

  /** Runs one query; rejects with an `SdfError` whose code says why (`timeout`, `sandbox_crashed`, `sql_*` …). */
  run(request: SandboxRequest): Promise<SandboxResult> {
    if (this.closed) return Promise.reject(new SdfError('sandbox_closed', 'the sandbox is shutting down', 503));
    const jobId = this.nextJobId++;
    const message: RunMessage = {
      type: 'run',
      jobId,
      sql: request.sql,
      views: request.views,
      readDirs: request.readDirs,
      tempDir: join(this.options.tmpRoot, `sandbox-${process.pid}-${jobId}`),
      outputPath: request.outputPath ?? null,
      limits: { ...this.limits, ...request.limits },
    };
    return new Promise((resolve, reject) => {
      this.waiting.push({ message, started: 0, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * For `/health`: `ok` while the pool is open (a worker that died is already being replaced), how many
   * workers are warm, starting or busy, and how many queries wait.
   */
  status(): { ok: boolean; workers: number; ready: number; starting: number; busy: number; waiting: number } {
    const ready = this.slots.filter((s) => s.ready).length;
    return {
      ok: !this.closed && this.slots.length > 0,
      workers: this.slots.length,
      ready,
      starting: this.slots.length - ready,
      busy: this.slots.filter((s) => s.job).length,
      waiting: this.waiting.length,
    };
  }

  /** Resolves once at least one worker is warm (or after `timeoutMs`, default 15 s). */
  async whenReady(timeoutMs = 15_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.slots.some((s) => s.ready)) {
      if (Date.now() > deadline || this.closed) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new SdfError('sandbox_closed', 'the sandbox shut down', 503));
    await Promise.all(this.slots.map((slot) => this.stop(slot)));
  }

  private spawn(): Slot {
    const child = fork(WORKER, [], {
      execArgv: ['--import', TSX, '--max-old-space-size=256'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { PATH: process.env.PATH ?? '', NODE_ENV: process.env.NODE_ENV ?? '' },
    });
    // Researcher queries run at a lower CPU priority so the API, /health and PostgreSQL stay responsive.
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, this.options.nice ?? 10);
      } catch (error) {
        logger.debug({ err: error }, 'could not lower the sandbox worker priority');
      }
    }
    const slot: Slot = { child, ready: false, job: null, killTimer: null };
    child.on('message', (reply: ReplyMessage) => this.onReply(slot, reply));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.waiting.shift();
      if (!job) return;
      slot.job = job;
      job.started = performance.now();
      const { timeoutMs } = job.message.limits;
      slot.killTimer = setTimeout(() => slot.child.kill('SIGKILL'), timeoutMs + (this.options.killGraceMs ?? 2_000));
      slot.child.send(job.message);
    }
  }

  private finish(slot: Slot): Job | null {
    const job = slot.job;
    slot.job = null;
    if (slot.killTimer) clearTimeout(slot.killTimer);
    slot.killTimer = null;
    return job;
  }

  private onReply(slot: Slot, reply: ReplyMessage): void {
    if (reply.type === 'ready') {
      slot.ready = true;
      this.dispatch();
      return;
    }
    const job = slot.job?.message.jobId === reply.jobId ? this.finish(slot) : null;
    if (job && reply.type === 'done') {
      const durationMs = performance.now() - job.started;
      const { rows, rowCount, truncated, columns } = reply;
      job.resolve({ columns, rows, rowCount, truncated, durationMs, outputPath: job.message.outputPath });
    } else if (job && reply.type === 'error') {
      job.reject(new SdfError(reply.code, reply.message, isSqlRejection(reply.code) ? 422 : 400));
    }
    this.dispatch();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const job = this.finish(slot);
    if (job) {
      const timedOut = performance.now() - job.started >= job.message.limits.timeoutMs;
      job.reject(
        timedOut
          ? new SdfError('timeout', 'the query ran past its time limit and its sandbox was stopped', 400)
          : new SdfError(
              'sandbox_crashed',
              `the sandbox stopped (${signal ?? `exit ${code}`}), likely out of memory`,
              400,
            ),
      );
    }
    const index = this.slots.indexOf(slot);
    if (this.closed || index < 0) return;
    logger.warn({ code, signal }, 'sandbox worker exited; starting a new one');
    this.slots[index] = this.spawn();
  }

  private stop(slot: Slot): Promise<void> {
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      slot.child.once('exit', () => resolve());
      slot.child.kill('SIGTERM');
    });
  }
}
