/**
 * The population side of journalist and marketer risk: for a release that is a subset of the population register
 * (grant recipients, clinic patients, enrolled students), the size of each released equivalence class in the
 * register, on the same generalised quasi-identifiers. The register's persons are generalised with the level the
 * release chose for each QI; persons in the release but not on the register count in the population too, so
 * every class is at least as large in the population as in the release.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PopulationClass } from '../../anonymisation/index.ts';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import type { QuasiIdentifierSpec } from '../datasets/types.ts';

export interface PopulationClassesOptions {
  /** The written release (Parquet) with `person_id` and the generalised QI columns. */
  releaseFile: string;
  quasiIdentifiers: readonly QuasiIdentifierSpec[];
  /** The generalisation level the release chose for each QI, in order. */
  levels: readonly number[];
  /** A query giving the register's persons: `person_id` and every QI's input columns. */
  registerSql: string;
}

/** Each released class's size in the release and in the population (register ∪ release), in persons. */
export async function populationClasses(
  duck: DuckDBConnection,
  options: PopulationClassesOptions,
): Promise<PopulationClass[]> {
  const columns = options.quasiIdentifiers.map((qi) => sqlIdent(qi.column));
  const generalised = options.quasiIdentifiers.map((qi, i) => `${qi.levels[options.levels[i]!]} as ${columns[i]}`);
  const rows = await queryRows<{ sample: number; population: number }>(
    duck,
    `
    with released as (select distinct person_id, ${columns.join(', ')} from read_parquet(${sqlString(options.releaseFile)})),
         register as (select person_id, ${generalised.join(', ')} from (${options.registerSql})),
         everyone as (select * from register union select * from released),
         population as (select ${columns.join(', ')}, count(*) as n from everyone group by all),
         sample as (select ${columns.join(', ')}, count(*) as n from released group by all)
    select s.n::bigint as sample, p.n::bigint as population from sample s join population p using (${columns.join(', ')})`,
  );
  return rows.map((row) => ({ sample: Number(row.sample), population: Number(row.population) }));
}
