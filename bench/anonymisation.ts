/**
 * Anonymisation benchmark: `node bin/run-ts.js bench/anonymisation.ts [persons=10000000]`.
 * 1. Adult, nine quasi-identifiers, NUE, k = 5 at 4 % and 0 % suppression: search time after DuckDB has loaded
 *    (median and minimum of several runs).
 * 2. A synthetic, skewed register of `persons` people (age, sex, district, population group, grant type) generated
 *    in DuckDB: histogram + optimal search + anonymised zstd Parquet written, and the process's peak memory
 *    (k and suppression limit from REGISTER_K, default 10, and REGISTER_SUPPRESSION, default 0.001).
 * 3. Pseudonymising `persons` 13-digit ID numbers with the SQL HMAC.
 * 4. Side by side with ARX (when the arxbench harness has been built, see {@link arxSideBySide}): `sdf anonymise` and
 *    ARX as one-shot processes on Adult and arxbench's noise_1m / noise_10m files, k = 5, 4 % suppression, NUE.
 * Prints one JSON object and a short human summary.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  anonymiseTable,
  checkKAnonymity,
  compileHierarchy,
  deriveKey,
  mapHierarchy,
  readArxHierarchy,
  registerPseudonymFunction,
  loadHistogram,
  searchLattice,
} from '../anonymisation/index.ts';
import { ADULT, ADULT_COLUMNS } from '../test/adult-fixture.ts';
import { sqlString as sqlPath } from '../platform/index.ts';

/** A bench setting that must be a number in range; anything else stops the bench with what was wrong. */
function setting(name: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !valid(value)) {
    process.stderr.write(
      `bench anonymisation: ${name} must be ${name === 'persons' ? 'a positive whole number' : 'a number in range'}, got "${raw}"\n` +
        'usage: npm run bench -- anonymisation [persons] (env REGISTER_K, REGISTER_SUPPRESSION, ARX_SIDE_BY_SIDE=0, ARXBENCH_HOME, ARXBENCH_DIR, ARXBENCH_FILES=adult,noise_1m,noise_10m)\n',
    );
    process.exit(2);
  }
  return value;
}

const persons = setting('persons', process.argv[2], 10_000_000, (n) => Number.isInteger(n) && n > 0);
const REGISTER_K = setting('REGISTER_K', process.env.REGISTER_K, 10, (n) => Number.isInteger(n) && n >= 1);
const REGISTER_SUPPRESSION = setting(
  'REGISTER_SUPPRESSION',
  process.env.REGISTER_SUPPRESSION,
  0.001,
  (n) => n >= 0 && n <= 1,
);
const PROVINCES = ['EC', 'FS', 'GP', 'KZN', 'LP', 'MP', 'NW', 'NC', 'WC'];
const GRANTS = [
  'none',
  'old_age',
  'child_support',
  'disability',
  'foster_child',
  'care_dependency',
  'war_veterans',
  'grant_in_aid',
  'srd',
];

const ADULT_RUNS = 9;

/** An integer age as its band of `width` years (`37` → `35-39` for width 5). */
function ageBand(width: number): (age: string) => string {
  return (age) => {
    const low = Math.floor(Number(age) / width) * width;
    return `${low}-${low + width - 1}`;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function peakRssMiB(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function adult(connection: DuckDBConnection) {
  await connection.run(
    `CREATE TABLE adult AS SELECT * FROM read_csv(${sqlPath(`${ADULT}/adult.csv`)}, delim = ';', header = true, all_varchar = true)`,
  );
  const hierarchies = ADULT_COLUMNS.map((c) =>
    compileHierarchy(readArxHierarchy(`${ADULT}/adult_hierarchy_${c}.csv`, c)),
  );
  let started = performance.now();
  const histogram = await loadHistogram(connection, 'adult', hierarchies);
  const histogramMs = performance.now() - started;
  const cases = [];
  for (const suppressionLimit of [0.04, 0]) {
    searchLattice(histogram, { k: 5, suppressionLimit, metric: 'nue' }); // warm-up (JIT)
    // The box may be shared: report the median and the fastest of several runs, wall time and CPU time.
    const wall: number[] = [];
    const cpu: number[] = [];
    let result = searchLattice(histogram, { k: 5, suppressionLimit, metric: 'nue' });
    for (let run = 0; run < ADULT_RUNS; run += 1) {
      started = performance.now();
      const cpuBefore = process.cpuUsage();
      result = searchLattice(histogram, { k: 5, suppressionLimit, metric: 'nue' });
      const { user, system } = process.cpuUsage(cpuBefore);
      wall.push(performance.now() - started);
      cpu.push((user + system) / 1000);
    }
    cases.push({
      suppressionLimit,
      levels: result.levels.join(','),
      score: result.score,
      nodesChecked: result.nodesChecked,
      searchMs: Math.round(median(wall)),
      searchMinMs: Math.round(Math.min(...wall)),
      searchCpuMs: Math.round(median(cpu)),
    });
  }
  return { histogramMs: Math.round(histogramMs), groups: histogram.groups, cases };
}

async function register(connection: DuckDBConnection, dir: string) {
  const districts = Array.from({ length: 52 }, (_, i) => `DC${String(i + 1).padStart(2, '0')}`);
  let started = performance.now();
  // Skewed like a real register: a young population, a few large districts and many small ones, population
  // groups in census shares, grants that follow age, and rare grant types — so that small classes exist and the
  // search has to generalise, unlike a uniform draw where every combination is common.
  const u = (salt: number) => `((hash(range, ${salt}) % 1000003) / 1000003.0)`;
  await connection.run(`CREATE TABLE register AS
    WITH draws AS (
      SELECT range, least(99, CAST(floor(100 * pow(${u(1)}, 1.4)) AS INTEGER)) AS age, ${u(2)} AS u2, ${u(3)} AS u3,
             ${u(4)} AS u4, ${u(5)} AS u5, hash(range, 6) AS h6
        FROM range(${persons}))
    SELECT range AS person_id, age,
      CASE WHEN u2 < 0.51 THEN 'F' ELSE 'M' END AS sex,
      'DC' || lpad(CAST(1 + CAST(floor(52 * pow(u3, 2.2)) AS INTEGER) AS VARCHAR), 2, '0') AS district,
      CASE WHEN u4 < 0.81 THEN 'black_african' WHEN u4 < 0.898 THEN 'coloured' WHEN u4 < 0.924 THEN 'indian_asian'
           WHEN u4 < 0.997 THEN 'white' ELSE 'other' END AS population_group,
      CASE WHEN age >= 60 AND u5 < 0.75 THEN 'old_age' WHEN age >= 60 AND u5 < 0.7502 THEN 'war_veterans'
           WHEN age < 18 AND u5 < 0.6 THEN 'child_support' WHEN age < 18 AND u5 < 0.62 THEN 'foster_child'
           WHEN age < 18 AND u5 < 0.625 THEN 'care_dependency' WHEN age < 60 AND u5 < 0.3 THEN 'srd'
           WHEN age < 60 AND u5 < 0.36 THEN 'disability' WHEN u5 > 0.9995 THEN 'grant_in_aid' ELSE 'none' END AS grant_type,
      CAST(500 + h6 % 3000 AS INTEGER) AS monthly_amount
    FROM draws`);
  const generateMs = performance.now() - started;
  const quasiIdentifiers = [
    {
      column: 'age',
      hierarchy: mapHierarchy(
        'age',
        Array.from({ length: 100 }, (_, i) => String(i)),
        [5, 10, 20].map((w) => ageBand(w)),
      ),
    },
    { column: 'sex', hierarchy: mapHierarchy('sex', ['F', 'M'], []) },
    { column: 'district', hierarchy: mapHierarchy('district', districts, [(d) => PROVINCES[Number(d.slice(2)) % 9]!]) },
    {
      column: 'population_group',
      hierarchy: mapHierarchy('population_group', ['black_african', 'coloured', 'indian_asian', 'white', 'other'], []),
    },
    {
      column: 'grant_type',
      hierarchy: mapHierarchy('grant_type', GRANTS, [
        (g) =>
          g === 'none' ? 'none' : ['child_support', 'foster_child', 'care_dependency'].includes(g) ? 'child' : 'adult',
      ]),
    },
  ];
  const parquet = join(dir, 'register.parquet');
  started = performance.now();
  const report = await anonymiseTable(connection, {
    inputTable: 'register',
    quasiIdentifiers,
    k: REGISTER_K,
    suppressionLimit: REGISTER_SUPPRESSION,
    metric: 'nue',
    outputParquet: parquet,
  });
  const anonymiseMs = performance.now() - started;
  const check = await checkKAnonymity(
    connection,
    parquet,
    quasiIdentifiers.map((q) => q.column),
    REGISTER_K,
  );
  return {
    persons,
    generateMs: Math.round(generateMs),
    anonymiseMs: Math.round(anonymiseMs),
    runtimeMs: report.runtimeMs,
    levels: report.levels.join(','),
    nodesChecked: report.search.nodesChecked,
    suppressed: report.records.suppressed,
    parquetMiB: Math.round(statSync(parquet).size / 2 ** 20),
    kCheck: check.verdict,
  };
}

async function pseudonyms(connection: DuckDBConnection) {
  await connection.run(
    `CREATE TABLE ids AS SELECT lpad(CAST((range * 7919 + 8001015009087) % 9999999999999 AS VARCHAR), 13, '0') AS id_number FROM range(${persons})`,
  );
  await registerPseudonymFunction(connection, deriveKey(Buffer.alloc(32, 1), 'person_id'));
  const started = performance.now();
  await connection.run('CREATE TABLE pseudonymised AS SELECT pseudonym(id_number) AS person FROM ids');
  const ms = performance.now() - started;
  return { ids: persons, ms: Math.round(ms), perSecond: Math.round(persons / (ms / 1000)) };
}

/** `sdf anonymise` arguments of the side-by-side configuration (k = 5, 4 % suppression, NUE), without output. */
function anonymiseArgs(csv: string, hierarchies: string): string[] {
  return ['--input', csv, '--hierarchies', hierarchies, '--k', '5', '--suppression', '0.04', '--metric', 'nue'];
}

type TimedRun =
  | { wallS: number; rssMb: number; report: { levels: number[]; score: number; runtimeMs: Record<string, number> } }
  | { error: string };

/** Runs `sdf anonymise` as a one-shot process under `/usr/bin/time -v`: its wall time, peak memory and report. */
function timedAnonymise(root: string, dir: string, label: string, args: string[]): TimedRun {
  const timeFile = join(dir, `sdf_${label}.time`);
  const run = spawnSync(
    '/usr/bin/time',
    ['-v', '-o', timeFile, process.execPath, join(root, 'bin', 'sdf.js'), 'anonymise', ...args],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (run.status !== 0 || !existsSync(timeFile)) return { error: `sdf exit ${run.status}: ${run.stderr}` };
  const timing = readFileSync(timeFile, 'utf8');
  const rssMb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timing)?.[1]) / 1024;
  const wallS = (/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(timing)?.[1] ?? '')
    .split(':')
    .reduce((t, part) => t * 60 + Number(part), 0);
  return {
    wallS: Math.round(wallS * 100) / 100,
    rssMb: Math.round(rssMb),
    report: JSON.parse(run.stdout) as { levels: number[]; score: number; runtimeMs: Record<string, number> },
  };
}

/**
 * ARX and `sdf anonymise` on the same files, one after the other (one-shot processes, each under `/usr/bin/time -v`
 * for its peak RSS): Adult, then arxbench's `noise_1m.csv` and `noise_10m.csv` (`gen_scaled.py`, seed 42) where
 * they exist. The harness's scripts are in `ARXBENCH_HOME` (default `../shared/arxbench`), its build and data in
 * `ARXBENCH_DIR` (the harness's own variable, default `/tmp/arxbench`); `ARXBENCH_FILES=adult,noise_1m` narrows the
 * files, `ARX_SIDE_BY_SIDE=0` skips them all. Without a build it prints how to make one and returns nothing; a
 * failing run is reported and skipped, never fatal.
 */
function arxSideBySide(dir: string) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const home = resolve(root, process.env.ARXBENCH_HOME ?? '../shared/arxbench');
  const work = process.env.ARXBENCH_DIR ?? '/tmp/arxbench';
  const only = process.env.ARXBENCH_FILES?.split(',');
  const hierarchies = join(home, '..', 'data', 'adult');
  if (
    !existsSync(join(home, 'run.sh')) ||
    !existsSync(join(work, 'build', 'classpath.txt')) ||
    !existsSync(hierarchies)
  ) {
    process.stdout.write(
      `ARX side by side skipped: no arxbench build (run ${home}/build.sh with ARX_MIRROR=<bare git clone of arx-deidentifier/arx>, ` +
        `then python3 ${home}/gen_scaled.py for the 1 M and 10 M files; ARXBENCH_HOME and ARXBENCH_DIR move them)\n`,
    );
    return undefined;
  }
  const files = [
    ['adult', join(hierarchies, 'adult.csv')],
    ['noise_1m', join(work, 'data', 'noise_1m.csv')],
    ['noise_10m', join(work, 'data', 'noise_10m.csv')],
  ].filter(([name, csv]) => existsSync(csv!) && (only === undefined || only.includes(name!)));
  // the one-shot command runs from dist/ only when dist/ matches the sources (else through tsx, seconds slower)
  spawnSync(process.execPath, [join(root, 'bin', 'build.js')], { stdio: 'ignore' });
  const rows = [];
  for (const [name, csv] of files as Array<[string, string]>) {
    const load = loadavg()[0]!.toFixed(1);
    const arx = spawnSync(join(home, 'run.sh'), [name, csv, hierarchies, '5', '0.04', 'entropy', '0', '1'], {
      cwd: home,
      encoding: 'utf8',
      env: { ...process.env, ARXBENCH_DIR: work },
      maxBuffer: 1 << 26,
    });
    const arxLine = arx.stdout.split('\n').find((line) => line.startsWith('{'));
    // ARX's harness times reading, encoding and the search, and writes nothing: `same work` is ours without an
    // output file; `with output` adds writing the anonymised zstd Parquet, which ARX's figure does not include
    const sameWork = timedAnonymise(root, dir, `${name}_same`, [...anonymiseArgs(csv, hierarchies)]);
    const withOutput = timedAnonymise(root, dir, `${name}_output`, [
      ...anonymiseArgs(csv, hierarchies),
      '--output',
      join(dir, `${name}.parquet`),
    ]);
    if (arx.status !== 0 || !arxLine || 'error' in sameWork || 'error' in withOutput) {
      const why = [arx.stderr, 'error' in sameWork ? sameWork.error : '', 'error' in withOutput ? withOutput.error : '']
        .join('\n')
        .trim()
        .split('\n')
        .slice(-3)
        .join(' / ');
      process.stdout.write(`ARX side by side: ${name} failed (ARX exit ${arx.status}): ${why}\n`);
      continue;
    }
    const a = JSON.parse(arxLine) as {
      level_vector: number[];
      score_string: string;
      process_wall_s: number;
      peak_rss_mb: number;
    };
    const ratio = (x: number, y: number) => Math.round((x / y) * 1000) / 1000;
    rows.push({
      file: name,
      load: `${load}→${loadavg()[0]!.toFixed(1)}`,
      sameOptimum: [sameWork, withOutput].every(
        (run) =>
          a.level_vector.join(',') === run.report.levels.join(',') && Number(a.score_string) === run.report.score,
      ),
      levels: sameWork.report.levels.join(','),
      score: sameWork.report.score,
      arx: { wallS: a.process_wall_s, rssMb: a.peak_rss_mb },
      sdf: { wallS: sameWork.wallS, rssMb: sameWork.rssMb, runtimeMs: sameWork.report.runtimeMs },
      sdfWithOutput: { wallS: withOutput.wallS, rssMb: withOutput.rssMb, runtimeMs: withOutput.report.runtimeMs },
      timeRatio: ratio(sameWork.wallS, a.process_wall_s),
      memoryRatio: ratio(sameWork.rssMb, a.peak_rss_mb),
      timeRatioWithOutput: ratio(withOutput.wallS, a.process_wall_s),
      memoryRatioWithOutput: ratio(withOutput.rssMb, a.peak_rss_mb),
    });
  }
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'sdf-bench-anon-'));
try {
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: '3GB', temp_directory: join(dir, 'spill') });
  const connection = await instance.connect();
  const figures = {
    adult: await adult(connection),
    register: await register(connection, dir),
    pseudonyms: await pseudonyms(connection),
    peakRssMiB: peakRssMiB(),
    arx: process.env.ARX_SIDE_BY_SIDE === '0' ? undefined : arxSideBySide(dir),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const [a4, a0] = figures.adult.cases;
  process.stdout.write(
    `adult k=5 (median of ${ADULT_RUNS}): 4% ${a4?.levels} in ${a4?.searchMs} ms wall (min ${a4?.searchMinMs}) / ${a4?.searchCpuMs} ms CPU ` +
      `(${a4?.nodesChecked} nodes), 0% ${a0?.levels} in ${a0?.searchMs} ms wall (min ${a0?.searchMinMs}) / ${a0?.searchCpuMs} ms CPU ` +
      `(${a0?.nodesChecked} nodes); register of ${persons} persons (k=${REGISTER_K}, ${REGISTER_SUPPRESSION * 100} % suppression): ` +
      `levels ${figures.register.levels}, anonymised + Parquet in ${(figures.register.anonymiseMs / 1000).toFixed(1)} s; ` +
      `${persons} pseudonyms in ${(figures.pseudonyms.ms / 1000).toFixed(1)} s; peak RSS ${figures.peakRssMiB} MiB\n`,
  );
  for (const row of figures.arx ?? []) {
    process.stdout.write(
      `vs ARX, ${row.file} (k=5, 4 %, NUE, one-shot processes, load ${row.load}): ${row.sameOptimum ? 'same optimum' : 'DIFFERENT optimum'} ${row.levels}; ` +
        `ARX ${row.arx.wallS} s / ${row.arx.rssMb} MB; sdf, same work (read + search) ${row.sdf.wallS} s / ${row.sdf.rssMb} MB → time ×${row.timeRatio}, memory ×${row.memoryRatio}; ` +
        `sdf with the Parquet output written ${row.sdfWithOutput.wallS} s / ${row.sdfWithOutput.rssMb} MB → time ×${row.timeRatioWithOutput}, memory ×${row.memoryRatioWithOutput}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
