/**
 * The work of `sdf worker` (see `commands/worker.ts`): the pipeline worker and the query worker until
 * SIGINT/SIGTERM, then a graceful stop (jobs in hand finish, PostgreSQL closes) and exit 0, as `sdf serve` does.
 * Any number of these may run on any number of machines against one `DATABASE_URL` and one shared `SDF_HOME`.
 */
import { startFacilityWorker } from '../../pipelines/index.ts';
import { startQueryWorker, type QueryWorker } from '../../enclave-api/index.ts';
import { parseSettingsGroup, UsageError } from '../../platform/index.ts';
import { withFacility } from '../facility.ts';
import { untilSignal } from '../signals.ts';

export async function worker(options: { concurrency: string; queries?: string }): Promise<void> {
  const queries = Number(options.queries ?? parseSettingsGroup('sandbox').workers);
  if (!Number.isInteger(queries) || queries < 0)
    throw new UsageError(`--queries must be a whole number, not "${options.queries}"`);
  await withFacility(async (facility) => {
    let queryWorker: QueryWorker | null = null;
    // Each heartbeat carries this process's sandbox pool, which `/metrics` on any API process then shows.
    const stats = () => {
      const sandbox = queryWorker?.sandbox.status();
      return sandbox
        ? {
            sandbox: {
              busy: sandbox.busy,
              idle: sandbox.ready - sandbox.busy,
              starting: sandbox.starting,
              waiting: sandbox.waiting,
            },
          }
        : {};
    };
    const runner = await startFacilityWorker(facility.pool, facility.paths, Number(options.concurrency) || 2, {
      stats,
      settings: facility.settings,
    });
    queryWorker =
      queries > 0
        ? await startQueryWorker({
            pool: facility.pool,
            paths: facility.paths,
            settings: facility.settings,
            concurrency: queries,
          })
        : null;
    // Listen before saying so: a signal sent on reading the line could otherwise reach the handlers being replaced.
    const signalled = untilSignal();
    const running = queryWorker ? `; ${queries} queries at once as ${queryWorker.workerId}` : '';
    process.stdout.write(`pipeline worker running (nightly at 02:00 UTC)${running}; Ctrl-C stops it\n`);
    // Either runner ending on its own (an error) ends the command too.
    const ended = Promise.race([runner.promise, queryWorker?.runner.promise ?? new Promise(() => {})]).then(() => null);
    const signal = await Promise.race([signalled, ended]);
    if (signal !== null) process.stderr.write(`${signal}: stopping the pipeline worker and the query worker\n`);
    await Promise.all([runner.stop().catch(() => undefined), queryWorker?.stop()]);
  });
}
