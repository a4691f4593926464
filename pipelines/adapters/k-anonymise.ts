/**
 * k-anonymity counted in PERSONS, through the anonymisation module's `planAnonymisation` (optimal full-domain
 * generalisation with record suppression and l-diversity). Datasets have several rows per person (visits,
 * months), so the search runs on a person-level table — one row per person with its quasi-identifiers (which
 * are person-level by construction) and, per sensitive attribute, the person's most frequent value — and the
 * chosen generalisation is then applied to every row, whose person-level QIs put it in its person's class.
 * Distinct l-diversity of the persons' modal values implies it for their rows (the rows hold those values and more).
 *
 * Hierarchies come from the dataset's SQL level expressions: each original (level-0) value is mapped to one
 * value per higher level, so the hierarchy handed to the module is a function of the original value.
 */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  mapHierarchy,
  planAnonymisation,
  type AnonymisationPlan,
  type AnonymisationReport,
  type Hierarchy,
} from '../../anonymisation/index.ts';
import { SdfError } from '../../platform/index.ts';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import type { QuasiIdentifierSpec } from '../datasets/types.ts';

export interface KAnonymiseOptions {
  baseTable: string;
  quasiIdentifiers: readonly QuasiIdentifierSpec[];
  sensitive: readonly { column: string; l: number }[];
  k: number;
  suppressionLimit: number;
  /**
   * The base has one row per person (a register), so it is searched as it is, without grouping by person. Were
   * that wrong, the search would count rows as persons; the blocking k-anonymity check on the written file, which
   * counts distinct persons, would then refuse the release.
   */
  rowsArePersons?: boolean;
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

/**
 * The hierarchy of one QI from the distinct tuples of its input columns (a few hundred, not one per person), by the
 * anonymisation module's declarative `mapHierarchy`: each original value maps, per higher level, to the value most
 * persons with it have (ties: the smallest).
 */
async function buildHierarchy(
  duck: DuckDBConnection,
  qi: QuasiIdentifierSpec,
  personInputs: string,
): Promise<Hierarchy> {
  const inputs = qi.inputs.map(sqlIdent).join(', ');
  const levels = qi.levels.map((expr, l) => `${expr} as l${l}`).join(', ');
  const rows = await queryRows<Record<string, string | number>>(
    duck,
    `select ${levels}, sum(n)::bigint as n from (select ${inputs}, count(*) as n from ${personInputs} group by all)
      group by all order by l0`,
  );
  const originals = rows.map((row) => String(row.l0 ?? '*'));
  const maps = qi.levels.slice(1).map((_, index) => {
    const best = new Map<string, { value: string; n: number }>();
    for (const row of rows) {
      const original = String(row.l0 ?? '*');
      const value = String(row[`l${index + 1}`] ?? '*');
      const n = Number(row.n);
      const current = best.get(original);
      if (!current || n > current.n || (n === current.n && value < current.value)) best.set(original, { value, n });
    }
    return (original: string) => best.get(original)!.value;
  });
  return mapHierarchy(qi.column, originals, maps);
}

export async function kAnonymise(duck: DuckDBConnection, options: KAnonymiseOptions): Promise<KAnonymiseResult> {
  const qis = options.quasiIdentifiers;
  // helper tables are temp tables of this connection, named per call
  const prefix = `_qi_${randomBytes(6).toString('hex')}`;
  // one row per person with the QI inputs (person-level by construction) and each sensitive attribute's modal
  // value; the level expressions are evaluated once per person, not once per row
  const inputs = [...new Set(qis.flatMap((qi) => qi.inputs))].map(sqlIdent);
  const sensitive = options.sensitive.map((s) => sqlIdent(s.column));
  const personInputs = `${prefix}_person_inputs`;
  await duck.run(
    options.rowsArePersons
      ? `create temp view ${personInputs} as select person_id, ${inputs.join(', ')} from ${options.baseTable}`
      : `create temp table ${personInputs} as
         select person_id, ${inputs.map((c) => `any_value(${c}) as ${c}`).join(', ')} from ${options.baseTable} group by person_id`,
  );
  // the modal value by counting (person, value) pairs: far cheaper than DuckDB's mode() over millions of persons;
  // ties go to the smallest value, so the choice is deterministic
  const modal = sensitive.map((_, i) => `${prefix}_modal_${i}`);
  for (const [i, column] of sensitive.entries()) {
    await duck.run(`create or replace temp table ${modal[i]} as
      select person_id, arg_min(v, (-n, v)) as ${column} from
        (select person_id, ${column} as v, count(*) as n from ${options.baseTable} where ${column} is not null group by all)
      group by person_id`);
  }
  // what the search reads, once: each person's original QI values and modal sensitive values (no key needed)
  const persons = `select ${[...qis.map((qi) => `${qi.levels[0]} as ${sqlIdent(qi.column)}`), ...sensitive.map((c, i) => `s${i}.${c}`)].join(', ')}
      from ${personInputs} ${modal.map((table, i) => `left join ${table} s${i} using (person_id)`).join(' ')}`;
  const hierarchies = await Promise.all(qis.map((qi) => buildHierarchy(duck, qi, personInputs)));
  let plan: AnonymisationPlan;
  try {
    plan = await planAnonymisation(duck, {
      inputSql: persons,
      quasiIdentifiers: hierarchies.map((hierarchy) => ({ column: hierarchy.column, hierarchy })),
      k: options.k,
      suppressionLimit: options.suppressionLimit,
      metric: 'nue',
      lDiversity: options.sensitive.map((s) => ({ column: s.column, l: s.l, variant: 'distinct' as const })),
      suppression: 'remove',
    });
  } catch (error) {
    if (error instanceof SdfError && error.code === 'no_solution') {
      throw new SdfError('no_solution', `${error.message}; nothing can be published for this dataset`, 409);
    }
    throw error;
  } finally {
    await duck.run(`drop ${options.rowsArePersons ? 'view' : 'table'} if exists ${personInputs}`);
    for (const table of modal) await duck.run(`drop table if exists ${table}`);
  }
  const tables = await prepareGeneralisation(duck, options.baseTable, qis, plan, prefix);
  const baseColumns = (await queryRows<{ column_name: string }>(duck, `describe ${options.baseTable}`)).map(
    (c) => c.column_name,
  );
  const clash = qis.map((q) => q.column).filter((column) => baseColumns.includes(column));
  const { report } = plan;
  return {
    levels: report.levels,
    persons: report.records.input,
    suppressedPersons: report.records.suppressed,
    smallestClass: report.risk.after.smallestClass,
    nodesChecked: report.search.nodesChecked,
    report,
    selectSql: `select b.*${clash.length ? ` exclude (${clash.map(sqlIdent).join(', ')})` : ''},
                       ${qis.map((q, i) => `m${i}.g as ${sqlIdent(q.column)}`).join(', ')}
                  from ${options.baseTable} b
                  ${qis.map((q, i) => `join ${tables.maps[i]} m${i} on ${q.inputs.map((c) => `b.${sqlIdent(c)} is not distinct from m${i}.${sqlIdent(c)}`).join(' and ')}`).join('\n')}
                  ${tables.suppressed ? `anti join ${tables.suppressed} s on ${qis.map((_, i) => `s.g${i} = m${i}.g`).join(' and ')}` : ''}`,
    dispose: async () => {
      for (const table of [...tables.maps, tables.suppressed])
        if (table) await duck.run(`drop table if exists ${table}`);
    },
  };
}

/**
 * The plan as lookup tables over the base rows: per QI, every distinct tuple of its inputs in the base with its
 * generalised value; and the suppressed generalised tuples. Applying them row by row spares a join of every row
 * to a person-level table. A tuple of inputs the persons did not show (inputs that are not person-level after
 * all) has no generalised value: that is refused rather than the rows dropped.
 */
async function prepareGeneralisation(
  duck: DuckDBConnection,
  baseTable: string,
  qis: readonly QuasiIdentifierSpec[],
  plan: AnonymisationPlan,
  prefix: string,
): Promise<{ maps: string[]; suppressed: string | null }> {
  const maps: string[] = [];
  try {
    for (const [i, qi] of qis.entries()) {
      const table = `${prefix}_map_${i}`;
      const pairs = plan.maps[i]!.pairs.map(
        ([value, generalised]) => `(${sqlString(value)}, ${sqlString(generalised)})`,
      ).join(', ');
      const inputs = qi.inputs.map(sqlIdent).join(', ');
      maps.push(table);
      await duck.run(`create or replace temp table ${table} as
        select t.*, p.g from (select ${inputs}, ${qi.levels[0]} as _l0 from (select distinct ${inputs} from ${baseTable})) t
          left join (values ${pairs}) p(v, g) on p.v = t._l0`);
      const [missing] = await queryRows<{ n: number; example: string | null }>(
        duck,
        `select count(*)::bigint as n, min(_l0) as example from ${table} where g is null`,
      );
      if (missing && missing.n > 0) {
        throw new SdfError(
          'bad_input',
          `${qi.column}: ${missing.n} value(s) in the rows (e.g. "${missing.example}") differ from the persons' values; its inputs ${qi.inputs.join(', ')} must be one value per person`,
        );
      }
    }
  } catch (error) {
    for (const table of maps) await duck.run(`drop table if exists ${table}`);
    throw error;
  }
  if (plan.suppressedTuples.length === 0) return { maps, suppressed: null };
  const suppressed = `${prefix}_suppressed`;
  const tuples = plan.suppressedTuples.map((tuple) => `(${tuple.map(sqlString).join(', ')})`).join(', ');
  await duck.run(
    `create or replace temp table ${suppressed} as select * from (values ${tuples}) s(${qis.map((_, i) => `g${i}`).join(', ')})`,
  );
  return { maps, suppressed };
}
