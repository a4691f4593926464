/** A progress bar for long work (cli-progress); silent when stderr is not a terminal, except for a final line. */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

export function makeProgress(): Progress {
  if (!process.stderr.isTTY) {
    let label = '';
    return {
      start: (_total, newLabel) => {
        label = newLabel;
        process.stderr.write(`${label}…\n`);
      },
      update: () => undefined,
      increment: () => undefined,
      stop: () => process.stderr.write(`${label}: done\n`),
    };
  }
  // Loaded only for a terminal: piped and scripted runs (the common case for `sdf anonymise`) start faster.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    { format: '{label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label }),
    update: (done) => bar.update(done),
    increment: (by = 1) => bar.increment(by),
    stop: () => bar.stop(),
  };
}

/** A progress reporter that does nothing (tests, library use). */
export const silentProgress: Progress = {
  start: () => undefined,
  update: () => undefined,
  increment: () => undefined,
  stop: () => undefined,
};
