import type { Command } from 'commander';
import { httpPort, UsageError } from '../../platform/index.ts';
import { startEnclaveServer } from '../../enclave-api/index.ts';
import { withFacility } from '../facility.ts';
import { untilSignal } from '../signals.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the enclave API (and run its query jobs) until interrupted')
    .option('--port <port>', 'port to listen on (default $PORT or 8080)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { port?: string; host: string }) => {
      const port = options.port === undefined ? httpPort() : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, not "${options.port}"`);
      await withFacility(async (facility) => {
        const server = await startEnclaveServer({ ...facility, port, host: options.host });
        process.stdout.write(`enclave API listening on ${server.url} (OpenAPI: ${server.url}/openapi.json)\n`);
        const signal = await untilSignal();
        process.stderr.write(`${signal}: finishing requests and stopping\n`);
        await server.close();
      });
    });
}
