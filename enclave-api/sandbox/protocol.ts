/** Messages between the sandbox pool (API process) and a sandbox worker (child process). */
import type { SandboxColumn } from '../types.ts';

/** One dataset view: its name and the absolute Parquet files it reads. */
export interface ViewSpec {
  name: string;
  files: string[];
}

export interface SandboxLimits {
  /** DuckDB `memory_limit`, e.g. `'1GB'`. */
  memoryLimit: string;
  threads: number;
  /** Wall-clock limit; the worker interrupts the query, the pool kills the worker if it does not stop. */
  timeoutMs: number;
  /** Rows kept (synthetic) or written (real); more is reported as truncated / refused. */
  maxRows: number;
}

export interface RunMessage {
  type: 'run';
  jobId: number;
  sql: string;
  views: ViewSpec[];
  /** Folders the instance may read: the release folders of `views`. */
  readDirs: string[];
  /** Private spill folder for this query. */
  tempDir: string;
  /** Write the result here as Parquet instead of returning rows. */
  outputPath: string | null;
  limits: SandboxLimits;
}

export type ReplyMessage =
  | { type: 'ready' }
  | {
      type: 'done';
      jobId: number;
      columns: SandboxColumn[];
      rows: Record<string, unknown>[];
      rowCount: number;
      truncated: boolean;
    }
  | { type: 'error'; jobId: number; code: string; message: string };
