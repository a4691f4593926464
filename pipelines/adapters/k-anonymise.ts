/**
 * Full-domain generalisation to k-anonymity (counting persons, not rows) with record suppression and distinct
 * l-diversity on sensitive attributes. Stand-in for the anonymisation module's `anonymiseTable` until it lands
 * (same idea: histogram in DuckDB, search the lattice of level vectors, apply in SQL); switch here.
 *
 * QIs must be person-level (one value per person), so the persons of a class add up across generalisation.
 * Among the level vectors whose suppression stays under the limit, the one with the least precision loss
 * (mean of level/height over QIs) wins; ties go to fewer suppressed persons.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
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
  /** Mean of level/height over the QIs: 0 = published as is, 1 = everything '*'. */
  precisionLoss: number;
  persons: number;
  suppressedPersons: number;
  classes: number;
  smallestClass: number;
  nodesChecked: number;
  /** SQL selecting the generalised QI columns (by their spec names) for every kept row of the base table. */
  selectSql: string;
}

/** Every level vector of the lattice, lowest total level first. */
export function latticeNodes(heights: readonly number[]): number[][] {
  let nodes: number[][] = [[]];
  for (const height of heights) {
    nodes = nodes.flatMap((node) => Array.from({ length: height + 1 }, (_, level) => [...node, level]));
  }
  return nodes.sort((a, b) => sum(a) - sum(b));
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function generalised(qis: readonly QuasiIdentifierSpec[], levels: readonly number[]): string[] {
  return qis.map((qi, index) => `${qi.levels[levels[index]!]} as ${sqlIdent(qi.column)}`);
}

export async function kAnonymise(duck: DuckDBConnection, options: KAnonymiseOptions): Promise<KAnonymiseResult> {
  const qis = options.quasiIdentifiers;
  // person-level histogram of the base QI values (level 0 inputs), with the sensitive values per person
  const baseCols = [...new Set(qis.flatMap((qi) => qi.levels))];
  await duck.run(`create or replace temp table _qi_persons as
    select person_id, ${baseCols.map((expr, i) => `any_value(${expr}) as _l${i}`).join(', ')}
           ${options.sensitive.map((s, i) => `, list(distinct ${sqlIdent(s.column)}) as _s${i}`).join('')}
      from ${options.baseTable} group by person_id`);
  const levelColumn = (qi: QuasiIdentifierSpec, level: number) => `_l${baseCols.indexOf(qi.levels[level]!)}`;
  const [{ persons } = { persons: 0 }] = await queryRows<{ persons: number }>(duck, 'select count(*)::bigint as persons from _qi_persons');
  const heights = qis.map((qi) => qi.levels.length - 1);
  const limit = Math.floor(persons * options.suppressionLimit);
  let nodesChecked = 0;
  let best: { levels: number[]; loss: number; suppressed: number; classes: number; smallest: number } | null = null;
  for (const levels of latticeNodes(heights)) {
    const loss = qis.length === 0 ? 0 : sum(levels.map((level, i) => level / heights[i]!)) / qis.length;
    if (best && loss > best.loss) continue;
    nodesChecked += 1;
    const outcome = await evaluateNode(duck, qis, levels, options, levelColumn);
    if (outcome.suppressed <= limit && (!best || loss < best.loss || outcome.suppressed < best.suppressed)) {
      best = { levels, loss, ...outcome };
    }
  }
  if (!best) {
    // fully generalised but still too few persons overall: suppress everything rather than publish
    best = { levels: heights, loss: 1, suppressed: persons, classes: 0, smallest: 0 };
  }
  const keep = await keptPersonsSql(qis, best.levels, options, levelColumn);
  await duck.run(`create or replace temp table _kept as ${keep}`);
  const selectSql = `select b.*, ${generalised(qis, best.levels).join(', ')}
    from ${options.baseTable} b semi join _kept using (person_id)`;
  return {
    levels: best.levels,
    precisionLoss: best.loss,
    persons,
    suppressedPersons: best.suppressed,
    classes: best.classes,
    smallestClass: best.smallest,
    nodesChecked,
    selectSql,
  };
}

function classSql(
  qis: readonly QuasiIdentifierSpec[],
  levels: readonly number[],
  options: KAnonymiseOptions,
  levelColumn: (qi: QuasiIdentifierSpec, level: number) => string,
): string {
  const keys = qis.map((qi, i) => levelColumn(qi, levels[i]!));
  const group = keys.length > 0 ? keys.join(', ') : 'true';
  const lCols = options.sensitive.map((_, i) => `, list_unique(flatten(list(_s${i}))) as _l_div${i}`).join('');
  const okL = options.sensitive.map((s, i) => ` and _l_div${i} >= ${s.l}`).join('');
  return `select ${group === 'true' ? '' : `${group}, `}count(*) as n${lCols}, (count(*) >= ${options.k}${okL}) as ok
            from _qi_persons group by ${group === 'true' ? 'all' : group}`;
}

async function evaluateNode(
  duck: DuckDBConnection,
  qis: readonly QuasiIdentifierSpec[],
  levels: readonly number[],
  options: KAnonymiseOptions,
  levelColumn: (qi: QuasiIdentifierSpec, level: number) => string,
) {
  const [row] = await queryRows<{ suppressed: number | null; classes: number; smallest: number | null }>(
    duck,
    `select sum(n) filter (where not ok)::bigint as suppressed, count(*) filter (where ok)::bigint as classes,
            min(n) filter (where ok)::bigint as smallest
       from (${classSql(qis, levels, options, levelColumn)})`,
  );
  return { suppressed: row?.suppressed ?? 0, classes: row?.classes ?? 0, smallest: row?.smallest ?? 0 };
}

async function keptPersonsSql(
  qis: readonly QuasiIdentifierSpec[],
  levels: readonly number[],
  options: KAnonymiseOptions,
  levelColumn: (qi: QuasiIdentifierSpec, level: number) => string,
): Promise<string> {
  const keys = qis.map((qi, i) => levelColumn(qi, levels[i]!));
  if (keys.length === 0) return 'select person_id from _qi_persons';
  return `select p.person_id from _qi_persons p
    join (select * from (${classSql(qis, levels, options, levelColumn)}) where ok) c
      on ${keys.map((key) => `p.${key} is not distinct from c.${key}`).join(' and ')}`;
}
