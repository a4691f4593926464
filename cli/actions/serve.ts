/** The work of `sdf serve` (see `commands/serve.ts`): the enclave API, with the web UI mounted at `/`, until SIGINT/SIGTERM, then a graceful stop. */
import { httpPort, UsageError } from '../../platform/index.ts';
import { startEnclaveServer } from '../../enclave-api/index.ts';
import { webUi } from '../../web/index.ts';
import { withFacility } from '../facility.ts';
import { untilSignal } from '../signals.ts';

export async function serve(options: { port?: string; host: string; worker?: boolean }): Promise<void> {
  const port = options.port === undefined ? httpPort() : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, not "${options.port}"`);
  await withFacility(async (facility) => {
    const server = await startEnclaveServer({
      ...facility,
      ...webUi(facility.pool, facility.settings.web),
      port,
      host: options.host,
      runWorker: options.worker ?? true,
    });
    // Listen before saying so: a signal sent on reading the line could otherwise reach the handlers being replaced.
    const signalled = untilSignal();
    process.stdout.write(`enclave API listening on ${server.url} (OpenAPI: ${server.url}/openapi.json)\n`);
    const signal = await signalled;
    process.stderr.write(`${signal}: finishing requests and stopping\n`);
    await server.close();
  });
}
