/**
 * Scratch a killed run leaves behind: extract files, DuckDB spill folders and synthesis work folders under `tmp/`
 * (named with the writing process's pid and machine — only that machine can tell whether the pid is alive), temp files beside raw extracts and the spine (named with their materialisation id), and staged releases (named with
 * their run id). Nothing reads them once their writer is gone; a new run sweeps them after it has superseded the
 * earlier runs of its partition. Whatever belongs to a run still running, or to a live process, is left alone.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SdfPaths } from '../../platform/index.ts';
import type pg from 'pg';
import { hostToken, logger, processAlive, processScratchTag } from '../../platform/index.ts';
import { liveWork } from '../db/runs.ts';

/** The scratch file an extract of `source` streams into, named so that the sweep knows its process. */
export function extractScratchFile(paths: Pick<SdfPaths, 'tmp'>, source: string, extension: 'csv' | 'ndjson'): string {
  return join(paths.tmp, `extract-${source}-${processScratchTag()}-${Date.now()}.${extension}`);
}

/** This process's DuckDB spill folder: one per process, since DuckDB names its spill files alike. */
export function spillDirectory(paths: Pick<SdfPaths, 'tmp'>): string {
  return join(paths.tmp, `duckdb-pipelines-${processScratchTag()}`);
}

export type ScratchOwner =
  /** `host` is absent in names written before machines were named (then the sweep's own machine is assumed). */
  | { kind: 'process'; pid: number; host?: string }
  | { kind: 'materialisation'; id: string }
  | { kind: 'run'; id: string };

/**
 * Who a path (relative to the SDF home's data or tmp folder) belongs to, or null if it is not scratch. Pure.
 * `area` says which tree the path is in.
 */
export function scratchOwner(area: 'tmp' | 'raw' | 'staging', path: string): ScratchOwner | null {
  const name = path.split('/').at(-1) ?? '';
  if (area === 'tmp') {
    const match =
      /^extract-[a-z_]+-(\d+)-(?:(\w+)-)?\d+\.(?:csv|ndjson)$/.exec(name) ??
      /^duckdb-pipelines-(\d+)(?:-(\w+))?$/.exec(name) ??
      /^synth-(\d+)-(?:(\w+)-)?[0-9a-f]+$/.exec(name);
    if (!match) return null;
    return match[2] === undefined
      ? { kind: 'process', pid: Number(match[1]) }
      : { kind: 'process', pid: Number(match[1]), host: match[2] };
  }
  if (area === 'raw') {
    const match = /\.(\d+)\.tmp(\.checked)?$/.exec(name) ?? /^(\d+)\.parquet\.tmp$/.exec(name);
    return match ? { kind: 'materialisation', id: match[1]! } : null;
  }
  // staging: <dataset>/<version> or <dataset>/synthetic/<version>, versions being <partition>-r<run id>
  const match = /^\d{4}-\d{2}-\d{2}-r(\d+)$/.exec(name);
  return match ? { kind: 'run', id: match[1]! } : null;
}

function listFiles(root: string, depth: number): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(root, entry);
    const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    return [path, ...(isDir && depth > 1 ? listFiles(path, depth - 1) : [])];
  });
}

/**
 * Whether scratch is its writer's no more: a process's, when the process is on this machine and not running (another
 * machine's processes are left to that machine's sweep); a run's or a materialisation's, when it is not live. Pure.
 */
export function isStale(
  owner: ScratchOwner,
  live: { runs: ReadonlySet<string>; materialisations: ReadonlySet<string> },
  here: { host: string; pid: number; alive: (pid: number) => boolean },
): boolean {
  if (owner.kind === 'run') return !live.runs.has(owner.id);
  if (owner.kind === 'materialisation') return !live.materialisations.has(owner.id);
  if (owner.host !== undefined && owner.host !== here.host) return false;
  return owner.pid !== here.pid && !here.alive(owner.pid);
}

/** Removes the scratch whose writer is gone; returns the removed paths. */
export async function sweepScratch(pool: pg.Pool, paths: SdfPaths): Promise<string[]> {
  const found: Array<{ path: string; owner: ScratchOwner }> = [];
  for (const [area, root, depth] of [
    ['tmp', paths.tmp, 1],
    ['raw', paths.raw, 5],
    ['staging', paths.staging, 3],
  ] as const) {
    for (const path of listFiles(root, depth)) {
      const owner = scratchOwner(area, relative(root, path));
      if (owner) found.push({ path, owner });
    }
  }
  if (found.length === 0) return [];
  const live = await liveWork(pool);
  const here = { host: hostToken(), pid: process.pid, alive: processAlive };
  const stale = found.filter(({ owner }) => isStale(owner, live, here));
  for (const { path } of stale) rmSync(path, { recursive: true, force: true });
  if (stale.length > 0) logger.info({ removed: stale.length }, 'removed scratch left by earlier runs');
  return stale.map(({ path }) => path);
}
