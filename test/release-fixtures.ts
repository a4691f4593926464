/**
 * Releases and people for tests and benchmarks, free of vitest: a release written as real Parquet by DuckDB and
 * published through the catalog's public API, users with tokens, and projects with grants and members.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type pg from 'pg';
import { publishVersion, upsertDataset, type VersionKind, type VariableSpec } from '../catalog/index.ts';
import type { SdfPaths } from '../platform/index.ts';
import { addMember, createProject, createUser, grantDataset, issueToken, type Role } from '../enclave-api/index.ts';

const TYPE_MAP: Record<string, VariableSpec['type']> = {
  BIGINT: 'integer',
  INTEGER: 'integer',
  DOUBLE: 'decimal',
  VARCHAR: 'string',
  DATE: 'date',
};

/**
 * Writes `select` (DuckDB SQL) to `releases/<dataset>/<version>-<kind>/part-0.parquet` and publishes it as the
 * current `kind` release of `dataset`. A column named `person_id` is declared as the pseudonym.
 */
export async function publishTestRelease(
  pool: pg.Pool,
  paths: SdfPaths,
  input: {
    dataset: string;
    select: string;
    kind?: VersionKind;
    version?: string;
    roles?: Record<string, VariableSpec['role']>;
  },
): Promise<{ dir: string; file: string; sha256: string }> {
  const kind = input.kind ?? 'anon';
  const version = input.version ?? '2026-11-01';
  const relative = join(input.dataset, `${version}-${kind}`);
  const dir = join(paths.releases, relative);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'part-0.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`copy (${input.select}) to '${file}' (format parquet, compression zstd)`);
  const described = await connection.runAndReadAll(`describe select * from read_parquet('${file}')`);
  const count = await connection.runAndReadAll(`select count(*)::int as n from read_parquet('${file}')`);
  connection.closeSync();
  instance.closeSync();
  const variables: VariableSpec[] = described.getRowObjects().map((row) => ({
    name: String(row.column_name),
    label: String(row.column_name),
    type: TYPE_MAP[String(row.column_type)] ?? 'string',
    role: input.roles?.[String(row.column_name)] ?? (row.column_name === 'person_id' ? 'pseudonym' : 'other'),
  }));
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const rows = Number(count.getRowObjects()[0]?.n ?? 0);
  await upsertDataset(pool, {
    id: input.dataset,
    title: `Test ${input.dataset}`,
    description: 'written by the enclave tests',
    record: {
      title: `Test ${input.dataset}`,
      abstract: 'test data',
      universe: 'synthetic persons',
      unitOfAnalysis: 'individual',
      temporalCoverage: { start: '2020-01-01' },
      spatialCoverage: { country: 'ZAF', description: 'South Africa' },
      sourceSystem: 'tests',
      custodian: 'tests',
      legalBasis: [{ instrument: 'test' }],
      accessConditions: 'enclave only',
      citation: 'test',
    },
    variables,
  });
  await publishVersion(pool, {
    datasetId: input.dataset,
    kind,
    version,
    path: relative,
    files: [{ name: 'part-0.parquet', sha256, bytes: statSync(file).size, rows }],
    rowCount: rows,
    k: kind === 'anon' ? 5 : null,
    provenance: {
      runId: 'test',
      codeVersion: 'test',
      upstream: [],
      checks: [],
      risk: {},
      informationLoss: {},
      anonymisation: {},
    },
  });
  return { dir, file, sha256 };
}

/** A user with a fresh token. */
export async function makeUser(pool: pg.Pool, role: Role, name = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
  const user = await createUser(pool, { name, role });
  const issued = await issueToken(pool, { userId: user.id });
  return { id: user.id, token: issued.token, tokenId: issued.tokenId };
}

/** A project (window: yesterday to next year unless given) with datasets granted and members added. */
export async function makeProject(
  pool: pg.Pool,
  input: { datasets: string[]; members: string[]; startsOn?: string; endsOn?: string; grantedBy?: string },
): Promise<string> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const project = await createProject(pool, {
    title: 'Test project',
    purpose: 'testing',
    legalBasis: 'test',
    startsOn: input.startsOn ?? day(-1),
    endsOn: input.endsOn ?? day(365),
  });
  for (const dataset of input.datasets) {
    await grantDataset(pool, {
      projectId: project.id,
      datasetId: dataset,
      grantedBy: input.grantedBy ?? null,
      reason: 'test',
    });
  }
  for (const member of input.members) await addMember(pool, { projectId: project.id, userId: member });
  return project.id;
}
