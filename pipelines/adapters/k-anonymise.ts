/**
 * k-anonymity counted in PERSONS, through the anonymisation module's `anonymiseTable` (optimal full-domain
 * generalisation with record suppression and l-diversity). Datasets have several rows per person (visits,
 * months), so the search runs on a person-level table — one row per person with its quasi-identifiers (which
 * are person-level by construction) and, per sensitive attribute, the person's most frequent value — and the
 * chosen generalisation is then joined back onto every row of the kept persons. Distinct l-diversity of the
 * persons' modal values implies it for their rows (the rows hold those values and more).
 *
 * Hierarchies come from the dataset's SQL level expressions: each original (level-0) value is mapped to one
 * value per higher level, so the hierarchy handed to the module is a function of the original value.
 */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { anonymiseTable, type AnonymisationReport, type Hierarchy } from '../../anonymisation/index.ts';
import { SdfError } from '../../platform/index.ts';
import { queryRows, sqlIdent } from '../framework/duck.ts';
import type { QuasiIdentifierSpec } from '../datasets/types.ts';

export interface KAnonymiseOptions {
  baseTable: string;
  quasiIdentifiers: readonly QuasiIdentifierSpec[];
  sensitive: readonly { column: string; l: number }[];
  k: number;
  suppressionLimit: number;
}

export interface KAnonymiseResult {
  levels: number[];
  persons: number;
  suppressedPersons: number;
  smallestClass: number;
  nodesChecked: number;
  report: AnonymisationReport;
  /** SQL selecting every base column plus the generalised QI columns for every row of a kept person. */
  selectSql: string;
  /** Drops the working table once `selectSql` has been consumed. */
  dispose(): Promise<void>;
}

const PERSONS = '_qi_persons';

async function buildHierarchy(duck: DuckDBConnection, qi: QuasiIdentifierSpec, index: number): Promise<Hierarchy> {
  const higher = qi.levels.slice(1).map((_, l) => `mode(_h${index}_${l + 1}) as l${l + 1}`);
  const rows = await queryRows<Record<string, string>>(
    duck,
    `select ${sqlIdent(qi.column)} as l0${higher.length ? `, ${higher.join(', ')}` : ''}
       from ${PERSONS} group by 1 order by 1`,
  );
  const levels = qi.levels.map((_, l) => rows.map((row) => String(row[`l${l}`] ?? '*')));
  return { column: qi.column, levels };
}

export async function kAnonymise(duck: DuckDBConnection, options: KAnonymiseOptions): Promise<KAnonymiseResult> {
  const qis = options.quasiIdentifiers;
  // the module writes a regular table, visible to every connection of the instance: the name must be ours alone
  const ANONYMISED = `_qi_anonymised_${randomBytes(6).toString('hex')}`;
  const levelColumns = qis.flatMap((qi, i) => [
    `any_value(${qi.levels[0]}) as ${sqlIdent(qi.column)}`,
    ...qi.levels.slice(1).map((expr, l) => `any_value(${expr}) as _h${i}_${l + 1}`),
  ]);
  const sensitive = options.sensitive.map((s) => `mode(${sqlIdent(s.column)}) as ${sqlIdent(s.column)}`);
  await duck.run(`create or replace temp table ${PERSONS} as
    select person_id, ${[...levelColumns, ...sensitive].join(', ')} from ${options.baseTable} group by person_id`);
  const hierarchies = await Promise.all(qis.map((qi, i) => buildHierarchy(duck, qi, i)));
  const keep = ['person_id', ...qis.map((q) => q.column), ...options.sensitive.map((s) => s.column)].map(sqlIdent).join(', ');
  let report: AnonymisationReport;
  try {
    report = await anonymiseTable(duck, {
      inputSql: `select ${keep} from ${PERSONS}`,
      quasiIdentifiers: hierarchies.map((hierarchy) => ({ column: hierarchy.column, hierarchy })),
      k: options.k,
      suppressionLimit: options.suppressionLimit,
      metric: 'nue',
      lDiversity: options.sensitive.map((s) => ({ column: s.column, l: s.l, variant: 'distinct' as const })),
      suppression: 'remove',
      outputTable: ANONYMISED,
    });
  } catch (error) {
    if (error instanceof SdfError && error.code === 'no_solution') {
      throw new SdfError('no_solution', `${error.message}; nothing can be published for this dataset`, 409);
    }
    throw error;
  }
  const baseColumns = (await queryRows<{ column_name: string }>(duck, `describe ${options.baseTable}`)).map((c) => c.column_name);
  const clash = qis.map((q) => q.column).filter((column) => baseColumns.includes(column));
  const [smallest] = await queryRows<{ n: number | null }>(
    duck,
    `select min(n)::bigint as n from (select count(*) as n from ${ANONYMISED} group by ${qis.map((q) => sqlIdent(q.column)).join(', ')})`,
  );
  return {
    levels: report.levels,
    persons: report.records.input,
    suppressedPersons: report.records.suppressed,
    smallestClass: smallest?.n ?? 0,
    nodesChecked: report.search.nodesChecked,
    report,
    selectSql: `select b.*${clash.length ? ` exclude (${clash.map(sqlIdent).join(', ')})` : ''},
                       ${qis.map((q) => `a.${sqlIdent(q.column)}`).join(', ')}
                  from ${options.baseTable} b join ${ANONYMISED} a using (person_id)`,
    dispose: async () => {
      await duck.run(`drop table if exists ${ANONYMISED}`);
    },
  };
}
