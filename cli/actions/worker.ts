/**
 * The work of `sdf worker` (see `commands/worker.ts`): the pipeline worker until SIGINT/SIGTERM, then a graceful
 * stop (jobs in hand finish, PostgreSQL closes) and exit 0, as `sdf serve` does.
 */
import { startFacilityWorker } from '../../pipelines/index.ts';
import { withFacility } from '../facility.ts';
import { untilSignal } from '../signals.ts';

export async function worker(options: { concurrency: string }): Promise<void> {
  await withFacility(async (facility) => {
    const runner = await startFacilityWorker(facility.pool, facility.paths, Number(options.concurrency) || 2);
    // Listen before saying so: a signal sent on reading the line could otherwise reach the handlers being replaced.
    const signalled = untilSignal();
    process.stdout.write(`pipeline worker running (nightly at 02:00 UTC); Ctrl-C stops it\n`);
    // The runner ending on its own (an error) ends the command too.
    const signal = await Promise.race([signalled, runner.promise.then(() => null)]);
    if (signal === null) return;
    process.stderr.write(`${signal}: stopping the pipeline worker\n`);
    await runner.stop();
  });
}
