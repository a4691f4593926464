/**
 * `sdf demo` (what `npm start` runs): the whole facility on an embedded default — synthetic source registries,
 * one nightly pipeline run, demo people and a project, then the enclave API, the web UI and the worker, serving
 * until Ctrl-C. Reruns reuse the registries and the published partition when they already match.
 */
import type { Command } from 'commander';

/** The options of `sdf demo` as commander gives them. */
export interface DemoOptions {
  persons?: string;
  seed: string;
  port?: string;
  serve: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'run the whole facility on an embedded default (what `npm start` runs): synthetic sources, one nightly run, demo users, the API and web UI',
    )
    .option('--persons <n>', 'people in the synthetic population register (default $SDF_PERSONS or 100000)')
    .option('--seed <s>', 'seed of the synthetic registries', '1')
    .option('--port <port>', 'HTTP port (default $PORT or 8080)')
    .option('--no-serve', 'prepare data and demo users, print the summary and exit')
    .action(async (options: DemoOptions) => (await import('../actions/demo.ts')).demo(options));
}
