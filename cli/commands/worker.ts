import type { Command } from 'commander';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the pipeline worker alone: materialisation jobs and the nightly cron (02:00 UTC, backfills missed nights)')
    .option('--concurrency <N>', 'jobs at once', '2')
    .action(async (options: { concurrency: string }) => (await import('../actions/worker.ts')).worker(options));
}
