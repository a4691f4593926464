/**
 * `linked/person_spine`: the master person index. Every valid SA ID seen in any source gets one keyed pseudonym
 * (HMAC-SHA-256 with the `person-pseudonym` key derived from the master key), so one person has one `person_id`
 * across all datasets. Person attributes come from the population register, or from the ID number itself
 * (date of birth, sex, citizenship) for people the register does not hold. The spine holds ID numbers, so it
 * lives under `data/raw/linked/` and is never published.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { deriveKey, loadOrCreateMasterKey, registerPseudonymFunction } from '../../anonymisation/index.ts';
import { defineAsset } from '../framework/define.ts';
import { queryRows, sqlString } from '../framework/duck.ts';
import { EDUCATION, EMPLOYMENT, GRANTS, HEALTH, POPULATION, UIF_CLAIMS, type SourceSpec } from '../extract/sources.ts';
import { rawSnapshotSql } from './raw.ts';
import { knownIdentifiersQuery } from '../checks/identifiers.ts';
import type { AssetContext } from '../types.ts';

export const PERSON_KEY_PURPOSE = 'person-pseudonym';

/** The IDs each source contributes to the spine. */
const ID_COLUMNS: ReadonlyArray<[SourceSpec, string]> = [
  [POPULATION, 'id_number'],
  [GRANTS, 'beneficiary_id_number'],
  [GRANTS, 'child_id_number'],
  [EMPLOYMENT, 'employee_id_number'],
  [UIF_CLAIMS, 'claimant_id_number'],
  [HEALTH, 'patient_id_number'],
  [EDUCATION, 'learner_id_number'],
];

export function spineFile(context: Pick<AssetContext, 'paths'>, partition: string): string {
  return join(context.paths.raw, 'linked', 'person_spine', `dt=${partition}`, 'spine.parquet');
}

/** Registers `pseudonym(id)` (the person key) on the asset's DuckDB connection. */
export async function registerPersonPseudonym(context: AssetContext): Promise<void> {
  const key = deriveKey(
    loadOrCreateMasterKey(context.paths, context.settings.storage.masterKeyHex),
    PERSON_KEY_PURPOSE,
  );
  await registerPseudonymFunction(context.duck, key, 'pseudonym');
}

/** Date of birth from an SA ID: YYMMDD, the century being the one that does not put the birth in the future. */
export function dobFromIdSql(column: string, partition: string): string {
  const yy = `cast(substr(${column}, 1, 2) as int)`;
  const century = `case when ${yy} > year(date ${sqlString(partition)}) % 100 then 1900 else 2000 end`;
  return `make_date(${century} + ${yy}, cast(substr(${column}, 3, 2) as int), cast(substr(${column}, 5, 2) as int))`;
}

export const personSpineAsset = defineAsset({
  key: 'linked/person_spine',
  deps: [...new Set(ID_COLUMNS.map(([spec]) => `raw/${spec.name}`))],
  partitions: 'daily',
  codeVersion: '3',
  description: 'master person index: one keyed pseudonym per person across all sources',
  checks: [
    {
      name: 'one_key_per_person',
      blocking: true,
      async run(context, result) {
        // two spillable group-bys rather than two count(distinct) over every row at once
        const file = sqlString(String(result.metadata?.file));
        const [row] = await queryRows<{ ids: number; keys: number }>(
          context.duck,
          `select (select count(*) from (select id_number from read_parquet(${file}) group by 1))::bigint as ids,
                  (select count(*) from (select person_id from read_parquet(${file}) group by 1))::bigint as keys`,
        );
        const ok = row !== undefined && row.ids === row.keys && row.ids === result.rows;
        return ok
          ? { verdict: 'pass', reason: `${row.ids} persons, ${row.keys} distinct keys` }
          : {
              verdict: 'fail',
              reason: `ID numbers and person keys are not one-to-one (${row?.ids} IDs, ${row?.keys} keys)`,
            };
      },
    },
  ],
  async materialise(context) {
    await registerPersonPseudonym(context);
    // each ID column as a bit; ids grouped with bit_or (a fixed-size state DuckDB can spill) rather than a list
    // aggregate, written to a temp table, then pseudonymised and joined to the register in a second step
    const sources = [...new Set(ID_COLUMNS.map(([spec]) => spec.name))].sort();
    const ids = ID_COLUMNS.map(
      ([spec, column]) =>
        `select ${column} as id_number, ${2 ** sources.indexOf(spec.name)}::utinyint as bit from ${rawSnapshotSql(context, spec, context.partition)} where ${column} is not null`,
    ).join(' union all ');
    await context.duck.run(`create or replace temp table spine_ids as
      select id_number, bit_or(bit) as mask from (${ids}) group by id_number`);
    const sourcesSql = `list_filter([${sources.map(sqlString).join(', ')}], lambda s, i: (ids.mask >> (i - 1)::utinyint) & 1 = 1)`;
    const file = spineFile(context, context.partition);
    mkdirSync(join(file, '..'), { recursive: true });
    const temp = `${file}.${context.materialisationId}.tmp`;
    try {
      await context.duck.run(`copy (
        with pop as ${rawSnapshotSql(context, POPULATION, context.partition)}
        select ids.id_number, pseudonym(ids.id_number) as person_id,
               coalesce(pop.date_of_birth, ${dobFromIdSql('ids.id_number', context.partition)}) as date_of_birth,
               coalesce(pop.sex, case when cast(substr(ids.id_number, 7, 4) as int) < 5000 then 'F' else 'M' end) as sex,
               coalesce(pop.citizenship, case substr(ids.id_number, 11, 1) when '0' then 'citizen' else 'permanent_resident' end) as citizenship,
               pop.population_group, pop.province_code, pop.district_code, pop.local_municipality_code,
               pop.date_of_death, pop.household_id, pop.id_number is not null as in_population, ${sourcesSql} as sources
          from spine_ids ids left join pop on pop.id_number = ids.id_number
      ) to ${sqlString(temp)} (format parquet, compression zstd)`);
    } finally {
      await context.duck.run('drop table if exists spine_ids');
    }
    renameSync(temp, file);
    const [stats] = await queryRows<{ persons: number; in_population: number }>(
      context.duck,
      `select count(*)::bigint as persons, count(*) filter (where in_population)::bigint as in_population
         from read_parquet(${sqlString(file)})`,
    );
    // the register's identifiers, for every anon dataset's value scan: built once here, not once per dataset
    const knownIdentifiersFile = join(
      context.paths.raw,
      'linked',
      'known_identifiers',
      `dt=${context.partition}`,
      `${context.materialisationId}.parquet`,
    );
    mkdirSync(join(knownIdentifiersFile, '..'), { recursive: true });
    const knownTemp = `${knownIdentifiersFile}.tmp`;
    await context.duck.run(`copy (${knownIdentifiersQuery(rawSnapshotSql(context, POPULATION, context.partition))})
      to ${sqlString(knownTemp)} (format parquet, compression zstd)`);
    renameSync(knownTemp, knownIdentifiersFile);
    return {
      rows: stats?.persons ?? 0,
      metadata: { file, knownIdentifiersFile, inPopulation: stats?.in_population ?? 0, keyPurpose: PERSON_KEY_PURPOSE },
    };
  },
});
