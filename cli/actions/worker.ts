/** The work of `sdf worker` (see `commands/worker.ts`). */
import { logger } from '../../platform/index.ts';
import { startFacilityWorker } from '../../pipelines/index.ts';
import { withFacility } from '../facility.ts';

export async function worker(options: { concurrency: string }): Promise<void> {
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
}
