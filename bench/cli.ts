/**
 * `node bin/run-ts.js bench/cli.ts [runs=7]`: how long `sdf` takes end to end, as a user runs it (a new process
 * each time): `sdf --help` and `sdf anonymise` on Adult (k = 5, 4 % suppression), from the compiled dist/ (built
 * first) and from the TypeScript sources (tsx, SDF_DEV=1). Reports the median wall time of `runs` runs after one
 * warm-up each, the launchers taking turns. SDF_BENCH_BEFORE=<another checkout> adds that checkout's `bin/sdf.js`
 * (e.g. before a change).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';

const runs = Number(process.argv[2] ?? 7);
const ADULT = [
  'anonymise',
  '--input',
  'test/fixtures/adult/adult.csv',
  '--hierarchies',
  'test/fixtures/adult',
  '--k',
  '5',
  '--suppression',
  '0.04',
];
/** `demo --persons 1` loads everything `npm start` runs, then stops at the usage check: its start-up overhead. */
const CASES = [
  { name: '--help', args: ['--help'], exitCode: 0, targetMs: 300 },
  { name: 'anonymise Adult k=5 4%', args: ADULT, exitCode: 0, targetMs: 1000 },
  { name: 'demo start-up (--persons 1, exits 2)', args: ['demo', '--persons', '1'], exitCode: 2, targetMs: undefined },
] as const;

interface Launcher {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
}

/** One run's wall time in ms; an unexpected exit code stops the bench (a fast failure is no figure). */
function timeOnce(launcher: Launcher, args: readonly string[], exitCode: number): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [launcher.script, ...args], {
    env: launcher.env,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const ms = performance.now() - started;
  if (result.status !== exitCode)
    throw new Error(`${launcher.name} sdf ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const build = spawnSync(process.execPath, ['bin/build.js'], { encoding: 'utf8' });
if (build.status !== 0) throw new Error(`bin/build.js failed: ${build.stderr}`);
process.stdout.write(build.stdout);

const { SDF_DEV: _dev, ...env } = process.env;
const launchers: Launcher[] = [
  // dist/sdf.js itself: bin/sdf.js would run the sources instead as soon as anyone saved a source file mid-bench.
  { name: 'dist', script: 'dist/sdf.js', env },
  { name: 'typescript', script: 'bin/sdf.js', env: { ...env, SDF_DEV: '1' } },
];
if (process.env.SDF_BENCH_BEFORE)
  launchers.push({ name: 'before', script: join(process.env.SDF_BENCH_BEFORE, 'bin/sdf.js'), env });

for (const { name, args, exitCode, targetMs } of CASES) {
  // Runs alternate between launchers, so a change in the machine's load falls on all of them alike.
  for (const launcher of launchers) timeOnce(launcher, args, exitCode);
  const times = launchers.map(() => [] as number[]);
  for (let run = 0; run < runs; run += 1)
    launchers.forEach((launcher, i) => times[i]!.push(timeOnce(launcher, args, exitCode)));
  for (const [i, launcher] of launchers.entries()) {
    const ms = Math.round(median(times[i]!));
    const figures = {
      area: 'cli',
      command: `sdf ${args.join(' ')}`,
      from: launcher.name,
      runs,
      medianMs: ms,
      minMs: Math.round(Math.min(...times[i]!)),
      targetMs,
      loadAverage: Number(loadavg()[0]!.toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    const verdict =
      targetMs === undefined || launcher.name !== 'dist' ? '' : ms < targetMs ? ', target met' : ', target missed';
    process.stdout.write(
      `cli: sdf ${name} from ${launcher.name}: median ${ms} ms of ${runs}${targetMs ? ` (target < ${targetMs} ms${verdict})` : ''}\n`,
    );
  }
}
