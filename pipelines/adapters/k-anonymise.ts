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
const PERSON_INPUTS = '_qi_person_inputs';

/**
 * The hierarchy of one QI from the distinct tuples of its input columns (a few hundred, not one per person): each
 * original value maps, per higher level, to the value most persons with it have (ties: the smallest).
 */
async function buildHierarchy(duck: DuckDBConnection, qi: QuasiIdentifierSpec): Promise<Hierarchy> {
  const inputs = qi.inputs.map(sqlIdent).join(', ');
  const levels = qi.levels.map((expr, l) => `${expr} as l${l}`).join(', ');
  const rows = await queryRows<Record<string, string | number>>(
    duck,
    `select ${levels}, sum(n)::bigint as n from (select ${inputs}, count(*) as n from ${PERSON_INPUTS} group by all)
      group by all order by l0`,
  );
  const originals = [...new Set(rows.map((row) => String(row.l0 ?? '*')))];
  const higher = qi.levels.slice(1).map((_, index) => {
    const l = index + 1;
    const best = new Map<string, { value: string; n: number }>();
    for (const row of rows) {
      const original = String(row.l0 ?? '*');
      const value = String(row[`l${l}`] ?? '*');
      const n = Number(row.n);
      const current = best.get(original);
      if (!current || n > current.n || (n === current.n && value < current.value)) best.set(original, { value, n });
    }
    return originals.map((original) => best.get(original)!.value);
  });
  return { column: qi.column, levels: [originals, ...higher] };
}

export async function kAnonymise(duck: DuckDBConnection, options: KAnonymiseOptions): Promise<KAnonymiseResult> {
  const qis = options.quasiIdentifiers;
  // the module writes a regular table, visible to every connection of the instance: the name must be ours alone
  const ANONYMISED = `_qi_anonymised_${randomBytes(6).toString('hex')}`;
  // one row per person with the QI inputs (person-level by construction) and each sensitive attribute's modal
  // value; the level expressions are evaluated once per person, not once per row
  const inputs = [...new Set(qis.flatMap((qi) => qi.inputs))].map(sqlIdent);
  const sensitive = options.sensitive.map((s) => sqlIdent(s.column));
  await duck.run(`create or replace temp table ${PERSON_INPUTS} as
    select person_id, ${[...inputs.map((c) => `any_value(${c}) as ${c}`), ...sensitive.map((c) => `mode(${c}) as ${c}`)].join(', ')}
      from ${options.baseTable} group by person_id`);
  await duck.run(`create or replace temp table ${PERSONS} as
    select person_id, ${[...qis.map((qi) => `${qi.levels[0]} as ${sqlIdent(qi.column)}`), ...sensitive].join(', ')} from ${PERSON_INPUTS}`);
  const hierarchies = await Promise.all(qis.map((qi) => buildHierarchy(duck, qi)));
  await duck.run(`drop table if exists ${PERSON_INPUTS}`);
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
