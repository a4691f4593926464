/**
 * The no-direct-identifier check scans VALUES, not column names: every published column, cast to text, is
 * searched for SA ID numbers (13 digits with a valid Luhn digit), phone numbers, names from the population
 * register, exact dates of birth and street addresses — and for any exact ID, phone, address or name held in
 * the raw population extract. A hit in any column fails the check and names the column and the row count.
 */
import { randomBytes } from 'node:crypto';
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

/**
 * Scans `columns` of `fileSql`. `knownIdentifiers` is a relation of `(value, kind)` — names, IDs, phones and
 * addresses from the raw population snapshot — or null to skip that match. `allowedValues` are the dataset's own
 * category codes and labels, which a register name may coincide with (a surname "White"); they are exempt from the
 * register match only. `pseudonymColumns` must hold 32 lower-case hex digits and nothing else (a keyed pseudonym),
 * and are checked for that format instead, as random hex can by chance contain digit runs.
 *
 * Each column's distinct values are gathered first (one small grouped scan per column), then matched against the
 * patterns and the register together, so the register is read once whatever the number of columns.
 */
export async function scanForIdentifiers(
  duck: DuckDBConnection,
  fileSql: string,
  columns: readonly string[],
  options: { knownIdentifiers: string | null; allowedValues: readonly string[]; pseudonymColumns: readonly string[] },
): Promise<IdentifierHit[]> {
  await duck.run(VALIDATION_MACROS);
  const hits: IdentifierHit[] = [];
  for (const column of options.pseudonymColumns) {
    const [row] = await queryRows<{ n: number; example: string | null }>(
      duck,
      `select count(*)::bigint as n, min(cast(${sqlIdent(column)} as varchar)) as example from ${fileSql}
        where ${sqlIdent(column)} is not null and not regexp_full_match(cast(${sqlIdent(column)} as varchar), '[0-9a-f]{32}')`,
    );
    if (row && row.n > 0) hits.push({ column, kind: 'not a keyed pseudonym', rows: row.n, example: row.example ?? '' });
  }
  const types = new Map(
    (await queryRows<{ column_name: string; column_type: string }>(duck, `describe select * from ${fileSql}`)).map(
      (c) => [c.column_name, c.column_type],
    ),
  );
  const scanned = columns.filter((c) => !options.pseudonymColumns.includes(c) && types.get(c) !== 'BOOLEAN');
  if (scanned.length === 0) return hits;
  const values = `_identifier_scan_${randomBytes(6).toString('hex')}`;
  try {
    await duck.run(`create temp table ${values} (c varchar, numeric boolean, v varchar, n bigint)`);
    for (const column of scanned) {
      const type = types.get(column) ?? '';
      // numbers can only carry digit identifiers (an ID or phone stored as a number), never names or addresses;
      // a number under 10^8 with at most 6 decimals has no run of 9+ digits, the least an ID or phone needs: only
      // the other values are cast and matched (the same verdict, without grouping every distinct amount)
      const numeric = /INT|DOUBLE|DECIMAL|FLOAT/.test(type);
      const col = sqlIdent(column);
      const digitsPossible = !numeric
        ? 'true'
        : /INT/.test(type)
          ? `abs(${col}) >= 1e8`
          : `(abs(${col}) >= 1e8 or ${col} <> round(${col}, 6))`;
      await duck.run(`insert into ${values} select ${sqlString(column)}, ${numeric}, cast(${col} as varchar), count(*) from ${fileSql}
        where ${col} is not null and ${digitsPossible} group by 3`);
    }
    const patternCases = Object.entries(IDENTIFIER_PATTERNS).map(([kind, pattern]) => {
      const extra =
        kind === 'sa_id'
          ? ` and sdf_luhn_ok(regexp_extract(v, '[0-9]{13}'))`
          : kind === 'phone'
            ? ''
            : ' and not numeric';
      return `when regexp_matches(v, ${sqlString(pattern)})${extra} then '${kind}'`;
    });
    const allowed = options.allowedValues.map((v) => sqlString(v.toLowerCase().trim()));
    const registerKind =
      allowed.length > 0 ? `case when lower(trim(v)) in (${allowed.join(', ')}) then null else k.kind end` : 'k.kind';
    const known = options.knownIdentifiers;
    const rows = await queryRows<{ c: string; kind: string; n: number; example: string }>(
      duck,
      `with found as (select c, n, v, coalesce(case ${patternCases.join(' ')} else null end${known ? `, ${registerKind}` : ''}) as kind
                        from ${values}
                        ${known ? `left join ${known} k on not numeric and k.value = lower(trim(v))` : ''})
       select c, kind, sum(n)::bigint as n, min(v) as example from found where kind is not null group by 1, 2 order by 1, 3 desc`,
    );
    const order = new Map(scanned.map((c, i) => [c, i]));
    rows.sort((a, b) => order.get(a.c)! - order.get(b.c)! || b.n - a.n);
    for (const row of rows) hits.push({ column: row.c, kind: row.kind, rows: row.n, example: row.example });
  } finally {
    await duck.run(`drop table if exists ${values}`);
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
