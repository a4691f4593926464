/**
 * `synthetic/<dataset>`: a same-schema synthetic twin for query development. Every column is drawn
 * independently from the published release's safe marginals (categories held by fewer than the cell threshold
 * of persons dropped; numbers from decile bins), never from rows, so no record — and no combination of values —
 * is carried over. Person keys come from the universe `synthetic/linkage` numbers, shared by all twins, so twins
 * join on `person_id` at about the real overlap; a twin row that happens to equal a real row on its
 * quasi-identifiers and measures has its first measure moved by a cent (again, if it lands on another), and a
 * blocking check re-checks the file.
 * Published as catalog kind `synthetic`.
 */
import type { DatasetInput } from '../../catalog/index.ts';
import { defineAsset } from '../framework/define.ts';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import { DUCKDB_TYPES, type AnonDatasetSpec, type VariableSpec } from '../datasets/index.ts';
import {
  describeFiles,
  publishStaged,
  stageVersion,
  writeStagedParquet,
  type StagedVersion,
} from '../publish/publish-version.ts';
import { datasetInput } from './anon.ts';
import { LINKAGE_KEY, twinPersonKeySql, twinPersonsSql, type Linkage } from './synthetic-linkage.ts';
import { describeColumns, parquetSql, schemaVerdict } from '../checks/publication.ts';
import type { AssetContext, AssetDefinition, MaterialiseResult } from '../types.ts';

const isKey = (variable: VariableSpec) => variable.role === 'pseudonym' || variable.name.endsWith('person_id');

/**
 * Marginal table `_m_<name>(lo_cum, v[, lo, hi])`: each category (or decile bin) with the cumulative share
 * before it, so a uniform draw picks it by an ASOF join. Categories under the threshold are left out.
 */
async function marginals(
  context: AssetContext,
  file: string,
  variable: VariableSpec,
  threshold: number,
): Promise<void> {
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

/** The synthetic rows: uniform draws per column, mapped through each marginal's grid; row i is person i mod n. */
function syntheticSql(spec: AnonDatasetSpec, rows: number, seed: number, linkage: Linkage, persons: number): string {
  const g = (name: string, row = 'i') => `(hash(${seed}, ${row}, ${sqlString(`${spec.id}:${name}`)}) % ${GRID})`;
  const drawn = spec.variables.filter((v) => !isKey(v));
  const draws = drawn.map((v, j) => `${g(v.name)} as g${j}`).join(', ');
  const joins = drawn.map((v, j) => `left join _g_${v.name} m${j} on m${j}.g = d.g${j}`).join(' ');
  const personJoin = persons > 0 ? `join _twin_persons tp on tp.j = d.i % ${persons}` : '';
  const select = spec.variables.map((v) => {
    const j = drawn.indexOf(v);
    // md5: 32 hex digits like a keyed pseudonym, and cheaper than sha256 for a value that links to no one
    const value =
      v.name === 'person_id' && persons > 0
        ? twinPersonKeySql(linkage, 'tp.p')
        : isKey(v)
          ? `md5(${sqlString(`${seed}:${spec.id}:${v.name}:`)} || d.i::varchar)`
          : v.type === 'decimal'
            ? `round(m${j}.lo + (m${j}.hi - m${j}.lo) * (${g(`${v.name}:within`, 'd.i')} / ${GRID}.0), 2)`
            : `m${j}.v`;
    return `cast(${value} as ${DUCKDB_TYPES[v.type]}) as ${sqlIdent(v.name)}`;
  });
  return `select ${select.join(', ')} from (select i${draws ? `, ${draws}` : ''} from range(${rows}) t(i)) d ${personJoin} ${joins}`;
}

/** The columns a twin row must not share with any real row all at once: quasi-identifiers and measures. */
function copyColumns(spec: AnonDatasetSpec): { qis: string[]; measures: string[] } {
  return {
    qis: spec.quasiIdentifiers.map((qi) => qi.column),
    measures: spec.variables.filter((v) => v.role === 'measure').map((v) => v.name),
  };
}

/**
 * Moves the first measure of every twin row (in `table`) that equals a real row on QIs + measures by a cent (by one
 * for whole numbers), until
 * none does (a moved row can land on another real row, so this repeats; each round moves only the rows still equal).
 */
async function moveRealRowsAway(
  context: AssetContext,
  spec: AnonDatasetSpec,
  table: string,
  anonFile: string,
): Promise<void> {
  const { qis, measures } = copyColumns(spec);
  if (measures.length === 0) return;
  const columns = [...qis, ...measures].map(sqlIdent);
  const first = sqlIdent(measures[0]!);
  // a cent for money and other decimals, one for whole numbers (a cent would be rounded away)
  const step = spec.variables.find((v) => v.name === measures[0])?.type === 'integer' ? '1' : '0.01';
  await context.duck.run(
    `create or replace temp table _real_rows as select distinct ${columns.join(', ')} from ${parquetSql(anonFile)}`,
  );
  for (let round = 0; round < 100; round++) {
    const moved = await context.duck.run(
      `update ${table} t set ${first} = t.${first} + ${step} from _real_rows r where ${columns.map((c) => `t.${c} = r.${c}`).join(' and ')}`,
    );
    if (Number(moved.rowsChanged) === 0) break;
  }
  await context.duck.run('drop table if exists _real_rows');
}

async function materialiseSynthetic(spec: AnonDatasetSpec, context: AssetContext): Promise<MaterialiseResult> {
  const anon = context.upstream[`anon/${spec.id}`]!;
  const linkage = context.upstream[LINKAGE_KEY]!.metadata as unknown as Linkage;
  const release = String(anon.metadata.releasePath);
  const anonFile = `${context.paths.releases}/${release}/part-0.parquet`;
  for (const variable of spec.variables.filter((v) => !isKey(v))) {
    await marginals(context, anonFile, variable, context.config.cellThreshold);
    await grid(context, variable);
  }
  await context.duck.run(`create or replace temp table _twin_persons as ${twinPersonsSql(linkage, spec.id)}`);
  const [counted] = await queryRows<{ n: number }>(context.duck, 'select count(*)::bigint as n from _twin_persons');
  const persons = Number(counted?.n ?? 0);
  const seed = linkage.seed;
  // a register's twin has one row per person, as the register has
  const rows = spec.rowsArePersons && persons > 0 ? persons : (anon.rows ?? 0);
  const staged = stageVersion(context.paths, spec.id, 'synthetic', String(anon.metadata.version));
  await context.duck.run(
    `create or replace temp table _twin_rows as ${syntheticSql(spec, rows, seed, linkage, persons)}`,
  );
  await moveRealRowsAway(context, spec, '_twin_rows', anonFile);
  const file = await writeStagedParquet(context.duck, staged, 'select * from _twin_rows', {
    dataset: spec.id,
    version: staged.version,
    code_version: context.codeVersion,
    synthetic:
      'independent draws from suppressed marginals of the anonymised release; person keys from synthetic/linkage',
  });
  await context.duck.run('drop table if exists _twin_persons');
  await context.duck.run('drop table if exists _twin_rows');
  return {
    rows,
    metadata: {
      file,
      staged,
      from: release,
      method: 'independent marginals, linked person universe',
      threshold: context.config.cellThreshold,
      persons,
    },
  };
}

async function publishSynthetic(spec: AnonDatasetSpec, context: AssetContext, result: MaterialiseResult) {
  const staged = result.metadata?.staged as StagedVersion;
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
      upstream: Object.values(context.upstream).map((u) => ({
        id: u.id,
        assetKey: u.assetKey,
        partition: u.partition,
      })),
      checks: [],
      risk: { rowsCopied: 0 },
      informationLoss: {
        joint:
          'all associations between columns are lost by design; persons link across twins at the rounded real overlap',
      },
      anonymisation: {
        method:
          'synthetic: independent draws from marginals with cells < threshold dropped; person keys from a shared universe sized by rounded membership patterns',
        threshold: context.config.cellThreshold,
      },
    },
  });
  return { versionId: published.versionId, version: staged.version, releasePath: staged.path };
}

export function syntheticAsset(spec: AnonDatasetSpec): AssetDefinition {
  return defineAsset({
    key: `synthetic/${spec.id}`,
    deps: [`anon/${spec.id}`, LINKAGE_KEY],
    partitions: 'daily',
    codeVersion: '3',
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
            ? {
                verdict: 'fail',
                reason: `${row.n} synthetic rows carry a real person key`,
                column: 'person_id',
                rows: row.n,
              }
            : { verdict: 'pass', reason: 'no person key of the release appears in the twin' };
        },
      },
      {
        name: 'no_real_row_copied',
        blocking: true,
        async run(context, result) {
          const { qis, measures } = copyColumns(spec);
          if (measures.length === 0)
            return { verdict: 'pass', reason: 'no measures: rows are compared on nothing beyond k-anonymous classes' };
          const columns = [...qis, ...measures].map(sqlIdent);
          const anonFile = `${context.paths.releases}/${String(result.metadata?.from)}/part-0.parquet`;
          const [row] = await queryRows<{ n: number }>(
            context.duck,
            `select count(*)::bigint as n from ${parquetSql(String(result.metadata?.file))} t
              semi join (select distinct ${columns.join(', ')} from ${parquetSql(anonFile)}) r
                on ${columns.map((c) => `t.${c} = r.${c}`).join(' and ')}`,
          );
          return row?.n
            ? {
                verdict: 'fail',
                reason: `${row.n} twin rows equal a real row on quasi-identifiers and measures`,
                rows: row.n,
              }
            : { verdict: 'pass', reason: 'no twin row equals a real row on quasi-identifiers and measures' };
        },
      },
    ],
    materialise: (context) => materialiseSynthetic(spec, context),
    publish: (context, result) => publishSynthetic(spec, context, result),
  });
}
