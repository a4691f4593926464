/**
 * The no-direct-identifier check scans VALUES, not column names: every published column, cast to text, is
 * searched for SA ID numbers (13 digits with a valid Luhn digit), phone numbers, names from the population
 * register, exact dates of birth and street addresses — and for any exact ID, phone, address or name held in
 * the raw population extract. A hit in any column fails the check and names the column and the row count.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import { VALIDATION_MACROS } from '../extract/sources.ts';
import type { CheckResult } from '../types.ts';

/** Patterns, each a DuckDB regular expression over a value cast to text. */
export const IDENTIFIER_PATTERNS = {
  sa_id: '(^|[^0-9])[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{4}[01][89][0-9]([^0-9]|$)',
  phone: '(^|[^0-9])(\\+27|0027|0)[ -]?[1-8][0-9]([ -]?[0-9]){7}([^0-9]|$)',
  exact_date: '(^|[^0-9])(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([^0-9]|$)',
  street_address:
    '(?i)(^|\\s)[0-9]{1,5}[a-z]?\\s+([a-z]+\\s+){1,4}(street|st|road|rd|avenue|ave|drive|dr|lane|crescent|close|way|place)\\b',
} as const;

export interface IdentifierHit {
  column: string;
  kind: string;
  rows: number;
  example: string;
}

/** Names, IDs, phones and addresses from the raw population snapshot: `(value, kind)`; built by the asset. */
export const KNOWN_IDENTIFIERS_TABLE = '_known_identifiers';

/**
 * Scans `columns` of `fileSql`. `allowedValues` are the dataset's own category codes and labels, which a
 * register name may coincide with (a surname "White"); they are exempt from the register match only.
 * `pseudonymColumns` must hold 32 lower-case hex digits and nothing else (a keyed pseudonym), and are checked for
 * that format instead, as random hex can by chance contain digit runs.
 */
export async function scanForIdentifiers(
  duck: DuckDBConnection,
  fileSql: string,
  columns: readonly string[],
  options: { knownIdentifiers: boolean; allowedValues: readonly string[]; pseudonymColumns: readonly string[] },
): Promise<IdentifierHit[]> {
  await duck.run(VALIDATION_MACROS);
  const hits: IdentifierHit[] = [];
  const knownIdentifiers = options.knownIdentifiers;
  const allowed = options.allowedValues.map((v) => sqlString(v.toLowerCase().trim()));
  for (const column of options.pseudonymColumns) {
    const [row] = await queryRows<{ n: number; example: string | null }>(
      duck,
      `select count(*)::bigint as n, min(cast(${sqlIdent(column)} as varchar)) as example from ${fileSql}
        where ${sqlIdent(column)} is not null and not regexp_full_match(cast(${sqlIdent(column)} as varchar), '[0-9a-f]{32}')`,
    );
    if (row && row.n > 0) hits.push({ column, kind: 'not a keyed pseudonym', rows: row.n, example: row.example ?? '' });
  }
  const types = new Map(
    (await queryRows<{ column_name: string; column_type: string }>(duck, `describe select * from ${fileSql}`)).map((c) => [c.column_name, c.column_type]),
  );
  for (const column of columns.filter((c) => !options.pseudonymColumns.includes(c))) {
    // numbers can only carry digit identifiers (an ID or phone stored as a number), never names or addresses
    const numeric = /INT|DOUBLE|DECIMAL|FLOAT|BOOLEAN/.test(types.get(column) ?? '');
    const patterns = Object.entries(IDENTIFIER_PATTERNS).filter(([kind]) => !numeric || kind === 'sa_id' || kind === 'phone');
    const patternCases = patterns.map(([kind, pattern]) => {
      const extra = kind === 'sa_id' ? ` and sdf_luhn_ok(regexp_extract(v, '[0-9]{13}'))` : '';
      return `when regexp_matches(v, ${sqlString(pattern)})${extra} then '${kind}'`;
    });
    const useKnown = knownIdentifiers && !numeric;
    const registerKind = allowed.length > 0 ? `case when lower(trim(v)) in (${allowed.join(', ')}) then null else k.kind end` : 'k.kind';
    const kind = `coalesce(case ${patternCases.join(' ')} else null end${useKnown ? `, ${registerKind}` : ''})`;
    const type = types.get(column) ?? '';
    if (type === 'BOOLEAN') continue;
    // a number under 10^8 with at most 6 decimals has no run of 9+ digits, the least an ID or phone needs: only
    // the other values are cast and matched (the same verdict, without grouping every distinct amount)
    const col = sqlIdent(column);
    const digitsPossible = !numeric ? 'true' : /INT/.test(type) ? `abs(${col}) >= 1e8` : `(abs(${col}) >= 1e8 or ${col} <> round(${col}, 6))`;
    const rows = await queryRows<{ kind: string; n: number; example: string }>(
      duck,
      `with vals as (select cast(${sqlIdent(column)} as varchar) as v, count(*) as n from ${fileSql}
                      where ${sqlIdent(column)} is not null and ${digitsPossible} group by 1),
            found as (select ${kind} as kind, n, v from vals
                        ${useKnown ? `left join ${KNOWN_IDENTIFIERS_TABLE} k on k.value = lower(trim(v))` : ''})
       select kind, sum(n)::bigint as n, min(v) as example from found where kind is not null group by 1 order by 2 desc`,
    );
    for (const row of rows) hits.push({ column, kind: row.kind, rows: row.n, example: row.example });
  }
  return hits;
}

/** The identifiers known from the raw population snapshot (lower-cased, trimmed, distinct), as a query. */
export function knownIdentifiersQuery(populationSnapshot: string): string {
  return `select distinct value, kind from (
      unpivot (select lower(trim(id_number)) as sa_id,
                      case when length(first_name) >= 3 then lower(trim(first_name)) end as first_name,
                      case when length(surname) >= 3 then lower(trim(surname)) end as surname,
                      lower(trim(first_name || ' ' || surname)) as full_name,
                      lower(trim(phone)) as phone,
                      lower(trim(address_line)) as address,
                      strftime(date_of_birth, '%Y-%m-%d') as date_of_birth
                 from ${populationSnapshot})
      on columns(*) into name field value value)
    join (values ('sa_id', 'sa_id (register)'), ('first_name', 'first name (register)'), ('surname', 'surname (register)'),
                 ('full_name', 'full name (register)'), ('phone', 'phone (register)'), ('address', 'address (register)'),
                 ('date_of_birth', 'date of birth (register)')) kinds(field, kind) using (field)
    where value is not null and value <> ''`;
}

/** Builds the table of identifiers known from the raw population snapshot (lower-cased, trimmed). */
export function knownIdentifiersSql(populationSnapshot: string): string {
  return `create or replace temp table ${KNOWN_IDENTIFIERS_TABLE} as ${knownIdentifiersQuery(populationSnapshot)}`;
}

/** Pure verdict from the hits, minus values the dataset declares as its own category codes. */
export function identifierVerdict(hits: readonly IdentifierHit[]): CheckResult {
  if (hits.length === 0) return { verdict: 'pass', reason: 'no direct identifier found in any published value' };
  const worst = [...hits].sort((a, b) => b.rows - a.rows)[0]!;
  const columns = [...new Set(hits.map((h) => h.column))];
  return {
    verdict: 'fail',
    reason: `direct identifiers found: ${hits.map((h) => `${h.column}: ${h.rows} rows look like ${h.kind}`).join('; ')}`,
    column: columns.join(', '),
    rows: worst.rows,
    metadata: { hits: hits.map(({ example: _e, ...rest }) => rest) },
  };
}
