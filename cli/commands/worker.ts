import type { Command } from 'commander';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'run the workers alone: pipeline materialisations with the nightly cron (02:00 UTC, backfills missed nights), and researcher queries',
    )
    .option('--concurrency <N>', 'pipeline jobs at once', '2')
    .option(
      '--queries <N>',
      'researcher queries at once, each in its own sandbox process (0: none; default $SDF_SANDBOX_WORKERS or 2)',
    )
    .action(async (options: { concurrency: string; queries?: string }) =>
      (await import('../actions/worker.ts')).worker(options),
    );
}
