/**
 * `anon/<dataset>`: the research release. Builds the dataset from the raw snapshots and the person spine
 * (person key = the spine's keyed pseudonym; direct identifiers never selected), generalises the declared
 * quasi-identifiers to k-anonymity (persons, with suppression and l-diversity on sensitive attributes), top-codes
 * and noises the declared measures, writes zstd Parquet with KV metadata into staging, and — once every blocking
 * check passed on the written file — publishes it atomically with the catalog flip.
 */
import { deriveKey, loadOrCreateMasterKey, noiseSql, riskWithPopulation } from '../../anonymisation/index.ts';
import { computeVariableSummaries, type DatasetInput, type Provenance } from '../../catalog/index.ts';
import { defineAsset } from '../framework/define.ts';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import { SOURCES } from '../extract/sources.ts';
import { kAnonymise, type KAnonymiseResult } from '../adapters/k-anonymise.ts';
import { populationClasses } from '../adapters/population-risk.ts';
import { DUCKDB_TYPES, ICD10_CHAPTER_MACRO, type AnonDatasetSpec } from '../datasets/index.ts';
import { POPULATION_DATASET } from '../datasets/population.ts';
import { rawSnapshot } from './raw.ts';
import {
  describeFiles,
  publishStaged,
  stageVersion,
  writeStagedParquet,
  type StagedVersion,
} from '../publish/publish-version.ts';
import { publicationChecks } from './publication-checks.ts';
import { checksOf } from '../db/runs.ts';
import type { AssetContext, AssetDefinition, MaterialiseResult } from '../types.ts';

export const ANON_CODE_VERSION = '1';

/** Temp views every dataset's base SQL may use. */
export async function prepareViews(context: AssetContext, sources: readonly string[]): Promise<void> {
  const spine = String(context.upstream['linked/person_spine']?.metadata.file);
  await context.duck.run(`create or replace temp view spine as select * from read_parquet(${sqlString(spine)})`);
  const needed = new Set([...sources.map((key) => key.replace('raw/', '')), 'population']);
  for (const spec of SOURCES.filter((s) => needed.has(s.name))) {
    // a single extract is read in place (a view: only the columns a query needs are decoded); a deduplicated
    // snapshot over several extracts is computed once
    const snapshot = rawSnapshot(context, spec, context.partition);
    await context.duck.run(`drop view if exists raw_${spec.name}`).catch(() => undefined);
    await context.duck.run(`drop table if exists raw_${spec.name}`).catch(() => undefined);
    await context.duck.run(
      `create temp ${snapshot.plainFile ? 'view' : 'table'} raw_${spec.name} as select * from ${snapshot.sql}`,
    );
  }
  await context.duck.run(`create or replace temp table district_province as
    select district_code, mode(province_code) as province_code from raw_population where district_code is not null group by 1`);
  await context.duck.run(ICD10_CHAPTER_MACRO);
}

/**
 * A secret seed for noise: derived from the master key, so the noise cannot be recomputed and removed. One seed per
 * dataset for every night: a person with the same value gets the same noise each night, so averaging nightly
 * releases does not remove it.
 */
export function noiseSeed(context: Pick<AssetContext, 'config' | 'paths' | 'settings'>, datasetId: string): string {
  if (context.config.seed !== undefined) return `${context.config.seed}:${datasetId}`;
  return deriveKey(
    loadOrCreateMasterKey(context.paths, context.settings.storage.masterKeyHex),
    `noise:${datasetId}`,
  ).toString('hex');
}

/** The anonymisation module's noise for each declared measure, top-coded at its cap, keyed on the person. */
function noisedSql(spec: AnonDatasetSpec, caps: Record<string, number | null>, seed: string): Map<string, string> {
  return new Map(
    spec.noise.map((noise) => [
      noise.column,
      noiseSql(
        { column: noise.column, kind: 'multiplicative', amount: noise.relative, topCode: caps[noise.column] ?? null },
        seed,
        ['person_id'],
      ),
    ]),
  );
}

/**
 * The release's risk figures: prosecutor risk from its own classes; for a subset of the population register,
 * journalist and marketer risk from the register's sizes of the same classes (else they equal prosecutor risk).
 */
async function releaseRisk(spec: AnonDatasetSpec, context: AssetContext, file: string, report: KAnonymiseResult) {
  const base = {
    persons: report.persons,
    smallestClass: report.smallestClass,
    maxReidentificationRisk: report.smallestClass > 0 ? 1 / report.smallestClass : 0,
    ...report.report.risk,
  };
  if (!spec.subsetOfRegister) {
    return { ...base, journalistBasis: 'the release is its own population: journalist risk equals prosecutor risk' };
  }
  const classes = await populationClasses(context.duck, {
    releaseFile: file,
    quasiIdentifiers: spec.quasiIdentifiers,
    levels: report.levels,
    registerSql: POPULATION_DATASET.baseSql(context.partition),
  });
  const after = riskWithPopulation(classes, context.config.k);
  return {
    ...base,
    after,
    journalist: after.journalist,
    marketer: after.marketer,
    journalistBasis:
      "population register (linked/person_spine, persons on the register) generalised at the release's levels",
    populationInReleasedClasses: classes.reduce((sum, c) => sum + c.population, 0),
  };
}

export function datasetInput(spec: AnonDatasetSpec, partition: string): DatasetInput {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    record: { ...spec.study, temporalCoverage: { ...spec.study.temporalCoverage, end: partition } },
    variables: [...spec.variables],
  };
}

export function anonVersion(context: Pick<AssetContext, 'partition' | 'runId'>): string {
  return `${context.partition}-r${context.runId}`;
}

async function materialiseAnon(spec: AnonDatasetSpec, context: AssetContext): Promise<MaterialiseResult> {
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - mark);
    mark = now;
  };
  await prepareViews(context, spec.sources);
  step('prepareMs');
  await context.duck.run(`create or replace temp table base as ${spec.baseSql(context.partition)}`);
  step('baseMs');
  const report = await kAnonymise(context.duck, {
    baseTable: 'base',
    quasiIdentifiers: spec.quasiIdentifiers,
    rowsArePersons: spec.rowsArePersons,
    sensitive: spec.sensitive.map((s) => ({ column: s.column, l: s.l ?? context.config.l })),
    k: context.config.k,
    suppressionLimit: context.config.suppressionLimit,
  });
  step('kAnonymiseMs');
  const caps: Record<string, number | null> = {};
  for (const noise of spec.noise.filter((n) => n.topCodeQuantile)) {
    const [row] = await queryRows<{ cap: number | null }>(
      context.duck,
      `select quantile_cont(${sqlIdent(noise.column)}, ${noise.topCodeQuantile}) as cap from base`,
    );
    caps[noise.column] = row?.cap === null || row?.cap === undefined ? null : Math.round(row.cap * 100) / 100;
  }
  const seed = noiseSeed(context, spec.id);
  const noised = noisedSql(spec, caps, seed);
  const select = spec.variables
    .map((v) => `cast(${noised.get(v.name) ?? sqlIdent(v.name)} as ${DUCKDB_TYPES[v.type]}) as ${sqlIdent(v.name)}`)
    .join(', ');
  const staged = stageVersion(context.paths, spec.id, 'anon', anonVersion(context));
  const anonymisation = {
    method:
      'optimal full-domain generalisation (anonymisation.anonymiseTable, NUE) on persons, suppressed persons removed',
    k: context.config.k,
    suppressionLimit: context.config.suppressionLimit,
    quasiIdentifiers: spec.quasiIdentifiers.map((qi, i) => ({
      column: qi.column,
      level: report.levels[i],
      height: qi.levels.length - 1,
    })),
    lDiversity: spec.sensitive.map((s) => ({ column: s.column, l: s.l ?? context.config.l, variant: 'distinct' })),
    noise: spec.noise.map((n) => ({
      column: n.column,
      kind: 'multiplicative uniform, keyed on person and value (anonymisation.noiseSql)',
      relative: n.relative,
      topCode: caps[n.column] ?? null,
    })),
    pseudonym: 'HMAC-SHA-256, key purpose person-pseudonym',
  };
  const file = await writeStagedParquet(
    context.duck,
    staged,
    `select ${select} from (${report.selectSql}) order by person_id`,
    {
      dataset: spec.id,
      version: staged.version,
      code_version: context.codeVersion,
      anonymisation: JSON.stringify(anonymisation),
    },
  );
  step('writeMs');
  const risk = await releaseRisk(spec, context, file, report);
  step('riskMs');
  const [count] = await queryRows<{ n: number; base: number }>(
    context.duck,
    `select (select count(*) from read_parquet(${sqlString(file)}))::bigint as n, (select count(*) from base)::bigint as base`,
  );
  await report.dispose();
  await context.duck.run('drop table if exists base');
  step('countMs');
  return {
    rows: count?.n ?? 0,
    metadata: {
      steps,
      file,
      staged,
      anonymisation,
      risk,
      informationLoss: {
        metric: report.report.metric,
        score: report.report.score,
        quality: report.report.quality,
        suppressedPersons: report.suppressedPersons,
        suppressedShare: report.persons > 0 ? report.suppressedPersons / report.persons : 0,
        rowsBefore: count?.base ?? 0,
        rowsAfter: count?.n ?? 0,
        nodesChecked: report.nodesChecked,
      },
    },
  };
}

async function publishAnon(spec: AnonDatasetSpec, context: AssetContext, result: MaterialiseResult) {
  const staged = result.metadata?.staged as StagedVersion;
  let mark = performance.now();
  const files = await describeFiles(context.duck, staged.stagingDir);
  const publishSteps: Record<string, number> = { describeFilesMs: Math.round(performance.now() - mark) };
  mark = performance.now();
  const summaries = await computeVariableSummaries(
    context.duck,
    files.map((f) => `${staged.stagingDir}/${f.name}`),
    spec.variables,
    context.config.cellThreshold,
  );
  publishSteps.summariesMs = Math.round(performance.now() - mark);
  mark = performance.now();
  const checks = await checksOf(context.pool, [context.materialisationId]);
  const provenance: Provenance = {
    runId: context.runId,
    codeVersion: context.codeVersion,
    materialisationId: context.materialisationId,
    partition: context.partition,
    upstream: Object.values(context.upstream).map((u) => ({ id: u.id, assetKey: u.assetKey, partition: u.partition })),
    checks: checks.map((c) => ({
      name: c.check_name,
      verdict: c.verdict as 'pass' | 'review' | 'fail',
      reason: c.reason,
      blocking: c.blocking,
      ...(c.column_name ? { column: c.column_name } : {}),
      ...(c.row_count ? { rows: Number(c.row_count) } : {}),
    })),
    risk: result.metadata?.risk as Record<string, unknown>,
    informationLoss: result.metadata?.informationLoss as Record<string, unknown>,
    anonymisation: result.metadata?.anonymisation as Record<string, unknown>,
  };
  const published = await publishStaged(context.pool, context.paths, {
    staged,
    dataset: datasetInput(spec, context.partition),
    files,
    k: context.config.k,
    provenance,
    summaries,
  });
  publishSteps.flipMs = Math.round(performance.now() - mark);
  return { versionId: published.versionId, version: staged.version, releasePath: staged.path, files, publishSteps };
}

export function anonAsset(spec: AnonDatasetSpec): AssetDefinition {
  return defineAsset({
    key: `anon/${spec.id}`,
    deps: [
      'linked/person_spine',
      ...spec.sources,
      ...(spec.sources.includes('raw/population') ? [] : ['raw/population']),
    ],
    partitions: 'daily',
    codeVersion: ANON_CODE_VERSION,
    description: spec.description,
    checks: publicationChecks(spec),
    materialise: (context) => materialiseAnon(spec, context),
    publish: (context, result) => publishAnon(spec, context, result),
  });
}
