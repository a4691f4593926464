import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DATASETS } from '../index.ts';
import { syntheticAsset } from './synthetic.ts';
import type { AssetContext } from '../types.ts';

const dir = mkdtempSync(join(tmpdir(), 'sdf-synthetic-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('synthetic twin check', () => {
  const check = syntheticAsset(DATASETS.find((d) => d.id === 'grants')!).checks.find(
    (c) => c.name === 'no_person_key_from_release',
  )!;

  it('fails when a twin row carries a person key of the release, and passes when none does', async () => {
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    mkdirSync(join(dir, 'releases', 'grants', 'v1'), { recursive: true });
    const release = join(dir, 'releases', 'grants', 'v1', 'part-0.parquet');
    await duck.run(
      `copy (select md5('real' || i::varchar) as person_id from range(5000) t(i)) to '${release}' (format parquet)`,
    );
    const twin = (name: string, copied: number) => {
      const file = join(dir, `${name}.parquet`);
      return duck
        .run(
          `copy (select md5('twin' || i::varchar) as person_id from range(5000) t(i)
                    union all select md5('real' || i::varchar) from range(${copied}) t(i)) to '${file}' (format parquet)`,
        )
        .then(() => file);
    };
    const context = { duck, paths: { releases: join(dir, 'releases') } } as unknown as AssetContext;
    const leaky = await check.run(context, { metadata: { file: await twin('leaky', 3), from: 'grants/v1' } });
    expect(leaky).toMatchObject({ verdict: 'fail', column: 'person_id', rows: 3 });
    const clean = await check.run(context, { metadata: { file: await twin('clean', 0), from: 'grants/v1' } });
    expect(clean.verdict).toBe('pass');
    duck.closeSync();
  });
});
