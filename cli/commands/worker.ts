import type { Command } from 'commander';
import { logger } from '../../platform/index.ts';
import { startFacilityWorker } from '../../pipelines/index.ts';
import { withFacility } from '../facility.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the pipeline worker alone: materialisation jobs and the nightly cron (02:00 UTC, backfills missed nights)')
    .option('--concurrency <N>', 'jobs at once', '2')
    .action(async (options: { concurrency: string }) => {
      await withFacility(async (facility) => {
        const runner = await startFacilityWorker(facility.pool, facility.paths, Number(options.concurrency) || 2);
        process.stdout.write(`pipeline worker running (nightly at 02:00 UTC); Ctrl-C stops it\n`);
        const stop = () => {
          logger.info('stopping the pipeline worker');
          void runner.stop();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await runner.promise;
      });
    });
}
