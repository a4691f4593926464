import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the enclave API (and run its query jobs) until interrupted')
    .option('--port <port>', 'port to listen on (default $PORT or 8080)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--no-worker', 'leave query jobs to `sdf worker` processes (for several API processes behind a proxy)')
    .action(async (options: { port?: string; host: string; worker: boolean }) =>
      (await import('../actions/serve.ts')).serve(options),
    );
}
