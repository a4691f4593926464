/**
 * `node bin/run-ts.js bench/synth.ts [persons=1000000] [seed=1]`: generates every synthetic registry into a
 * throw-away $SDF_HOME (embedded PostgreSQL unless DATABASE_URL is set) and reports wall time and the peak RSS of
 * this process (DuckDB runs in-process; the PostgreSQL server's own memory is not included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFacility } from '../cli/index.ts';
import { generateRegistries } from '../sources/index.ts';

const persons = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const home = mkdtempSync(join(process.env.SDF_BENCH_DIR ?? tmpdir(), 'sdf-bench-synth-'));
const facility = await openFacility({ home });
try {
  const summary = await generateRegistries({
    pool: facility.pool,
    paths: facility.paths,
    persons,
    seed,
    asOf: '2026-11-22',
  });
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const usage = process.cpuUsage();
  const cpuSeconds = Math.round((usage.user + usage.system) / 1e5) / 10;
  const load = loadavg()[0]!.toFixed(1);
  const figures = {
    area: 'synth',
    persons,
    seconds: summary.seconds,
    cpuSeconds,
    loadAverage: Number(load),
    peakRssMb,
    timings: summary.timings,
    rows: summary.rows,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.stdout.write(
    `synth: ${persons} persons, all five registries in ${summary.seconds} s wall (${cpuSeconds} s CPU in this process, load average ${load}), peak RSS ${peakRssMb} MB\n`,
  );
} finally {
  await facility.close();
  rmSync(home, { recursive: true, force: true });
}
