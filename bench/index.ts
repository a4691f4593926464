/**
 * `npm run bench [-- <area> [args…]]`: runs the benchmark scripts one after another in child processes (so each
 * reports its own peak memory), or only the named area. Figures go to stdout; copy them into the README with the
 * machine they came from.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const AREAS = [
  'cli',
  'synth',
  'anonymisation',
  'pipelines',
  'catalog',
  'enclave',
  'output-checks',
  'differencing-audit',
  'web',
  'scale-out',
] as const;

const [only, ...args] = process.argv.slice(2);
const areas = only ? [only] : [...AREAS];
process.stdout.write(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
);
let failed = 0;
for (const area of areas) {
  const script = `bench/${area}.ts`;
  if (!existsSync(script)) {
    process.stderr.write(`bench: no ${script}; areas are ${AREAS.join(', ')}\n`);
    failed += 1;
    continue;
  }
  process.stdout.write(`\n== ${area} ==\n`);
  const result = spawnSync(process.execPath, ['bin/run-ts.js', script, ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
