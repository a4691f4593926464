import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';
import {
  defineAsset,
  buildAssetGraph,
  runPartition,
  makeTaskList,
  waitForRun,
  startWorker,
  NIGHTLY_CRON,
  type AssetDefinition,
  type PipelineDeps,
} from '../pipelines/index.ts';
import { sweepScratch, latestPerAssetPartition } from '../pipelines/index.ts';
import { parseSettings } from '../platform/index.ts';

let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;

beforeAll(async () => {
  db = await makeTestDatabase();
  home = makeTestHome();
});
afterAll(async () => {
  await db.drop();
  home.remove();
});

function toyGraph(options: { blockC?: boolean; failB?: number; calls: string[] }): AssetDefinition[] {
  let bFailures = 0;
  const make = (key: string, deps: string[], extra: Partial<AssetDefinition> = {}) =>
    defineAsset({
      key,
      deps,
      partitions: 'daily',
      codeVersion: '1',
      checks: [],
      materialise: async (context) => {
        options.calls.push(`${key}@${context.partition}`);
        return { rows: Object.keys(context.upstream).length, metadata: { upstream: Object.keys(context.upstream) } };
      },
      ...extra,
    });
  return [
    make('toy/a', []),
    make('toy/b', ['toy/a'], {
      materialise: async () => {
        options.calls.push('toy/b');
        if (bFailures < (options.failB ?? 0)) {
          bFailures += 1;
          throw new Error('transient');
        }
        return { rows: 1 };
      },
    }),
    make('toy/c', ['toy/a'], {
      checks: [
        {
          name: 'planted',
          blocking: true,
          run: async () =>
            options.blockC
              ? { verdict: 'fail', reason: 'planted identifier', column: 'district', rows: 3 }
              : { verdict: 'pass', reason: 'ok' },
        },
      ],
      publish: async () => {
        options.calls.push('toy/c published');
        return { published: true };
      },
    }),
    make('toy/d', ['toy/b', 'toy/c']),
  ];
}

const deps = (definitions: AssetDefinition[]): PipelineDeps => ({
  graph: buildAssetGraph(definitions),
  pool: db.pool,
  paths: home,
  settings: parseSettings({}),
});

describe('pipeline framework on graphile-worker', () => {
  it('runs every asset once per partition, downstream only after all its deps, and records lineage', async () => {
    const calls: string[] = [];
    const outcome = await runPartition(deps(toyGraph({ calls })), { partition: '2026-01-01', trigger: 'manual' });
    expect(outcome.status).toBe('succeeded');
    expect(calls.indexOf('toy/d@2026-01-01')).toBeGreaterThan(calls.indexOf('toy/b'));
    expect(calls.indexOf('toy/d@2026-01-01')).toBeGreaterThan(calls.indexOf('toy/c@2026-01-01'));
    expect(calls.filter((call) => call.startsWith('toy/d'))).toHaveLength(1);
    const { rows } = await db.pool.query<{ asset_key: string; upstream: string[] }>(
      `select m.asset_key, array_agg(u.asset_key order by u.asset_key) as upstream
         from pipelines.lineage l join pipelines.materialisations m on m.id = l.materialisation_id
         join pipelines.materialisations u on u.id = l.upstream_materialisation_id
        where m.run_id = $1 group by m.asset_key order by m.asset_key`,
      [outcome.runId],
    );
    expect(rows).toEqual([
      { asset_key: 'toy/b', upstream: ['toy/a'] },
      { asset_key: 'toy/c', upstream: ['toy/a'] },
      { asset_key: 'toy/d', upstream: ['toy/b', 'toy/c'] },
    ]);
  });

  it('reuses what already succeeded for the partition when rerun, and redoes it with force', async () => {
    const calls: string[] = [];
    const rerun = await runPartition(deps(toyGraph({ calls })), { partition: '2026-01-01', trigger: 'manual' });
    expect(rerun.status).toBe('succeeded');
    expect(calls).toEqual([]);
    expect(rerun.materialisations.every((m) => m.reused_from !== null)).toBe(true);
    const forced = await runPartition(deps(toyGraph({ calls })), {
      partition: '2026-01-01',
      trigger: 'manual',
      force: true,
    });
    expect(forced.status).toBe('succeeded');
    expect(calls).toHaveLength(5);
  });

  it('a failing blocking check publishes nothing, says which check, column and rows, and stops downstream', async () => {
    const calls: string[] = [];
    const outcome = await runPartition(deps(toyGraph({ calls, blockC: true })), {
      partition: '2026-01-02',
      trigger: 'manual',
    });
    expect(outcome.status).toBe('failed');
    const byKey = new Map(outcome.materialisations.map((m) => [m.asset_key, m]));
    expect(byKey.get('toy/c')?.status).toBe('blocked');
    expect(byKey.get('toy/c')?.error).toBe('check planted failed (column district, 3 rows): planted identifier');
    expect(byKey.get('toy/d')?.status).toBe('upstream_failed');
    expect(calls).not.toContain('toy/c published');
  });

  it('retries a failing materialisation with backoff and records each attempt', async () => {
    const calls: string[] = [];
    const outcome = await runPartition(deps(toyGraph({ calls, failB: 1 })), {
      partition: '2026-01-03',
      trigger: 'manual',
    });
    expect(outcome.status).toBe('succeeded');
    const { rows } = await db.pool.query<{ status: string; attempt: number; error: string | null }>(
      `select status, attempt, error from pipelines.materialisations where run_id = $1 and asset_key = 'toy/b' order by id`,
      [outcome.runId],
    );
    expect(rows).toEqual([
      { status: 'retrying', attempt: 1, error: 'transient' },
      { status: 'succeeded', attempt: 2, error: null },
    ]);
  });

  it('the nightly cron task starts a run for the day that just ended, which a worker then completes', async () => {
    expect(NIGHTLY_CRON).toMatchObject({ match: '0 2 * * *', options: { backfillPeriod: 7 * 86_400_000 } });
    const calls: string[] = [];
    const pipeline = deps(toyGraph({ calls }));
    const nightly = makeTaskList(pipeline).pipeline_nightly!;
    await nightly({ _cron: { ts: '2026-02-01T02:00:00.000Z', backfilled: true } }, {} as Parameters<typeof nightly>[1]);
    const { rows } = await db.pool.query<{ id: string; trigger: string }>(
      `select id::text, trigger from pipelines.runs where partition = '2026-01-31'`,
    );
    expect(rows).toEqual([{ id: expect.any(String), trigger: 'cron' }]);
    const runner = await startWorker(pipeline, { cron: false });
    try {
      expect(await waitForRun(pipeline, rows[0]!.id)).toBe('succeeded');
    } finally {
      await runner.stop();
    }
    expect(calls).toContain('toy/d@2026-01-31');
  });
});

describe('the record of attempts', () => {
  it('takes the attempt with the larger id as the latest when the ids gain a digit', async () => {
    const {
      rows: [run],
    } = await db.pool.query<{ id: string }>(
      `insert into pipelines.runs (partition, trigger) values ('2031-05-05', 'manual') returning id::text`,
    );
    const insert = (id: number, status: string) =>
      db.pool.query(
        `insert into pipelines.materialisations (id, run_id, asset_key, partition, code_version, status)
       values ($1, $2, 'toy/digits', '2031-05-05', '1', $3)`,
        [id, run!.id, status],
      );
    // as text the older one sorts last
    await insert(999_999_999, 'retrying');
    await insert(1_000_000_000, 'succeeded');
    const latest = (await latestPerAssetPartition(db.pool, 1)).filter((m) => m.asset_key === 'toy/digits');
    expect(latest.map((m) => [m.id, m.status])).toEqual([['1000000000', 'succeeded']]);
  });
});

describe('scratch left by killed runs', () => {
  it('removes what a superseded run or a dead process left, and keeps what running work owns', async () => {
    const { mkdirSync, writeFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const {
      rows: [dead],
    } = await db.pool.query<{ id: string }>(
      `insert into pipelines.runs (partition, trigger, status) values ('2026-02-01', 'manual', 'failed') returning id::text as id`,
    );
    const {
      rows: [live],
    } = await db.pool.query<{ id: string }>(
      `insert into pipelines.runs (partition, trigger, status) values ('2026-02-02', 'manual', 'running') returning id::text as id`,
    );
    const {
      rows: [working],
    } = await db.pool.query<{ id: string }>(
      `insert into pipelines.materialisations (run_id, asset_key, partition, code_version, status, attempt)
       values ($1, 'raw/a', '2026-02-02', '1', 'running', 1) returning id::text as id`,
      [live!.id],
    );
    const rawDir = join(home.raw, 'a', 'dt=2026-02-02');
    mkdirSync(rawDir, { recursive: true });
    const files = {
      staleRaw: join(rawDir, 'part.parquet.999999.tmp.checked'),
      liveRaw: join(rawDir, `part.parquet.${working!.id}.tmp`),
      published: join(rawDir, 'part.parquet'),
      staleStaging: join(home.staging, 'a', `2026-02-01-r${dead!.id}`),
      liveStaging: join(home.staging, 'a', `2026-02-02-r${live!.id}`),
      deadProcess: join(home.tmp, 'extract-a-999999999-1.csv'),
      thisProcess: join(home.tmp, `extract-a-${process.pid}-1.csv`),
    };
    for (const dir of [files.staleStaging, files.liveStaging, home.tmp]) mkdirSync(dir, { recursive: true });
    for (const file of [files.staleRaw, files.liveRaw, files.published, files.deadProcess, files.thisProcess])
      writeFileSync(file, 'x');
    const removed = await sweepScratch(db.pool, home);
    expect(removed.sort()).toEqual([files.deadProcess, files.staleRaw, files.staleStaging].sort());
    for (const kept of [files.liveRaw, files.published, files.liveStaging, files.thisProcess])
      expect(existsSync(kept)).toBe(true);
  });
});
