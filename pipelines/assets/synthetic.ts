/**
 * `synthetic/<dataset>`: a same-schema synthetic twin for query development. Every column is drawn
 * independently from the published release's safe marginals (categories held by fewer than the cell threshold
 * of persons dropped; numbers from decile bins), never from rows, so no record — and no combination of values —
 * is carried over. Person keys are fresh random hex. Published as catalog kind `synthetic`.
 */
import { randomBytes } from 'node:crypto';
import type { DatasetInput } from '../../catalog/index.ts';
import { defineAsset } from '../framework/define.ts';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import { DUCKDB_TYPES, type AnonDatasetSpec, type VariableSpec } from '../datasets/index.ts';
import { describeFiles, publishStaged, stageRelease, writeStagedParquet, type StagedRelease } from '../publish/release.ts';
import { datasetInput } from './anon.ts';
import { describeColumns, parquetSql, schemaVerdict } from '../checks/release.ts';
import type { AssetContext, AssetDefinition, MaterialiseResult } from '../types.ts';

const isKey = (variable: VariableSpec) => variable.role === 'pseudonym' || variable.name.endsWith('person_id');

/**
 * Marginal table `_m_<name>(lo_cum, v[, lo, hi])`: each category (or decile bin) with the cumulative share
 * before it, so a uniform draw picks it by an ASOF join. Categories under the threshold are left out.
 */
async function marginals(context: AssetContext, file: string, variable: VariableSpec, threshold: number): Promise<void> {
  const table = `_m_${variable.name}`;
  const column = sqlIdent(variable.name);
  if (variable.type === 'decimal') {
    await context.duck.run(`create or replace temp table ${table} as
      with q as (select quantile_cont(${column}, [0, .1, .2, .3, .4, .5, .6, .7, .8, .9, 1]) as b,
                        count(${column}) as n, count(*) as total from ${parquetSql(file)})
      select ((i - 1)::double / 10) * (n::double / greatest(total, 1)) as lo_cum, b[i] as lo, b[i + 1] as hi
        from q, range(1, 11) r(i) where n > 0
      union all select n::double / greatest(total, 1), null, null from q where n < total`);
    return;
  }
  await context.duck.run(`create or replace temp table ${table} as
    with counts as (select ${column} as v, count(*) as n from ${parquetSql(file)} group by 1 having count(*) >= ${threshold})
    select (sum(n) over (order by v nulls last rows unbounded preceding) - n) / sum(n) over () as lo_cum, v from counts`);
}

/** Draws are multiples of 1 / GRID: every possible draw is one row of a variable's grid. */
const GRID = 1_000_003;

/**
 * Grid table `_g_<name>(g, v[, lo, hi])`: the marginal's category (or bin) for the draw g / GRID. Built with one
 * ASOF join over GRID rows, so the twin's rows find their values by a hash join on g instead of an ASOF join
 * (a sort) over every synthetic row.
 */
async function grid(context: AssetContext, variable: VariableSpec): Promise<void> {
  const columns = variable.type === 'decimal' ? 'm.lo, m.hi' : 'm.v';
  await context.duck.run(`create or replace temp table _g_${variable.name} as
    select g.g, ${columns} from (select range as g, (range::ubigint % ${GRID}) / ${GRID}.0 as u from range(${GRID})) g
      asof left join _m_${variable.name} m on g.u >= m.lo_cum`);
}

/** The synthetic rows: uniform draws per column, mapped through each marginal's grid. */
function syntheticSql(variables: readonly VariableSpec[], rows: number, seed: number): string {
  const g = (name: string, row = 'i') => `(hash(${seed}, ${row}, ${sqlString(name)}) % ${GRID})`;
  const drawn = variables.filter((v) => !isKey(v));
  const draws = drawn.map((v, j) => `${g(v.name)} as g${j}`).join(', ');
  const joins = drawn.map((v, j) => `left join _g_${v.name} m${j} on m${j}.g = d.g${j}`).join(' ');
  const select = variables.map((v) => {
    const j = drawn.indexOf(v);
    // md5: 32 hex digits like a keyed pseudonym, and cheaper than sha256 for a value that links to no one
    const value = isKey(v)
      ? `md5(${sqlString(`${seed}:${v.name}:`)} || d.i::varchar)`
      : v.type === 'decimal'
        ? `round(m${j}.lo + (m${j}.hi - m${j}.lo) * (${g(`${v.name}:within`, 'd.i')} / ${GRID}.0), 2)`
        : `m${j}.v`;
    return `cast(${value} as ${DUCKDB_TYPES[v.type]}) as ${sqlIdent(v.name)}`;
  });
  return `select ${select.join(', ')} from (select i${draws ? `, ${draws}` : ''} from range(${rows}) t(i)) d ${joins}`;
}

async function materialiseSynthetic(spec: AnonDatasetSpec, context: AssetContext): Promise<MaterialiseResult> {
  const anon = context.upstream[`anon/${spec.id}`]!;
  const release = String(anon.metadata.releasePath);
  const anonFile = `${context.paths.releases}/${release}/part-0.parquet`;
  for (const variable of spec.variables.filter((v) => !isKey(v))) {
    await marginals(context, anonFile, variable, context.config.cellThreshold);
    await grid(context, variable);
  }
  const seed = context.config.seed ?? randomBytes(4).readUInt32BE(0);
  const rows = anon.rows ?? 0;
  const staged = stageRelease(context.paths, spec.id, 'synthetic', String(anon.metadata.version));
  const file = await writeStagedParquet(context.duck, staged, syntheticSql(spec.variables, rows, seed), {
    dataset: spec.id,
    version: staged.version,
    code_version: context.codeVersion,
    synthetic: 'independent draws from suppressed marginals of the anonymised release',
  });
  return { rows, metadata: { file, staged, from: release, method: 'independent marginals', threshold: context.config.cellThreshold } };
}

async function publishSynthetic(spec: AnonDatasetSpec, context: AssetContext, result: MaterialiseResult) {
  const staged = result.metadata?.staged as StagedRelease;
  const files = await describeFiles(context.duck, staged.stagingDir);
  const dataset: DatasetInput = datasetInput(spec, context.partition);
  const published = await publishStaged(context.pool, context.paths, {
    staged,
    dataset,
    files,
    k: null,
    provenance: {
      runId: context.runId,
      codeVersion: context.codeVersion,
      upstream: Object.values(context.upstream).map((u) => ({ id: u.id, assetKey: u.assetKey, partition: u.partition })),
      checks: [],
      risk: { rowsCopied: 0 },
      informationLoss: { joint: 'all associations between columns are lost by design' },
      anonymisation: { method: 'synthetic: independent draws from marginals with cells < threshold dropped', threshold: context.config.cellThreshold },
    },
  });
  return { versionId: published.versionId, version: staged.version, releasePath: staged.path };
}

export function syntheticAsset(spec: AnonDatasetSpec): AssetDefinition {
  return defineAsset({
    key: `synthetic/${spec.id}`,
    deps: [`anon/${spec.id}`],
    partitions: 'daily',
    codeVersion: '2',
    description: `synthetic twin of ${spec.id} from safe marginals`,
    checks: [
      {
        name: 'schema_contract',
        blocking: true,
        run: async (context, result) =>
          schemaVerdict(
            await describeColumns(context.duck, parquetSql(String(result.metadata?.file))),
            spec.variables.map((v) => ({ name: v.name, type: DUCKDB_TYPES[v.type] })),
          ),
      },
      {
        name: 'no_person_key_from_release',
        blocking: true,
        async run(context, result) {
          const anonFile = `${context.paths.releases}/${String(result.metadata?.from)}/part-0.parquet`;
          // 64-bit hashes of the release's distinct keys first (a small build side), then the exact
          // comparison for the twin's keys whose hash matches
          const [row] = await queryRows<{ n: number }>(
            context.duck,
            `with released as (select distinct hash(person_id) as h from ${parquetSql(anonFile)}),
                  candidates as (select person_id from ${parquetSql(String(result.metadata?.file))} where hash(person_id) in (select h from released))
             select count(*)::bigint as n from candidates s
              semi join (select distinct person_id from ${parquetSql(anonFile)} where hash(person_id) in (select hash(person_id) from candidates)) a
                on a.person_id = s.person_id`,
          );
          return row?.n
            ? { verdict: 'fail', reason: `${row.n} synthetic rows carry a real person key`, column: 'person_id', rows: row.n }
            : { verdict: 'pass', reason: 'no person key of the release appears in the twin' };
        },
      },
    ],
    materialise: (context) => materialiseSynthetic(spec, context),
    publish: (context, result) => publishSynthetic(spec, context, result),
  });
}

