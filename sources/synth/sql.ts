/**
 * SQL building blocks for generating registries inside DuckDB: literals, VALUES tables, weighted lookup ("slot")
 * tables and the counter-based randomness every column draws from — `rnd(salt, key)` is a pure function of
 * (seed, salt, key), so output depends only on (persons, seed, as-of), never on thread scheduling.
 */

import { sqlString } from '../../platform/index.ts';

export { sqlString };

/** A SQL literal for a string, number, boolean or null. */
export function sqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return sqlString(value);
  return String(value);
}

/** `create table <name> as select * from (values …) t(columns)`. */
export function valuesTable(
  name: string,
  columns: readonly string[],
  rows: readonly (string | number | boolean | null)[][],
): string {
  const body = rows.map((row) => `(${row.map(sqlLiteral).join(', ')})`).join(',\n');
  return `create or replace table ${name} as select * from (values ${body}) t(${columns.join(', ')})`;
}

/** Resolution of weighted lookups: a uniform draw picks one of this many slots. */
export const SLOTS = 100_000;

/**
 * A weighted lookup table `<name>(grp, slot, value)`: within each group, values own a number of the `SLOTS`
 * slots proportional to their weight, so `join … on slot = floor(u * SLOTS)` draws a value by weight.
 * Every value with positive weight gets at least one slot.
 */
export function slotTable(
  name: string,
  entries: readonly { group?: string; value: string; weight: number }[],
): string[] {
  const groups = new Map<string, { value: string; weight: number }[]>();
  for (const entry of entries) {
    const key = entry.group ?? '';
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const rows: (string | number)[][] = [];
  for (const [group, members] of groups) {
    const total = members.reduce((sum, m) => sum + m.weight, 0);
    let cumulative = 0;
    let lo = 0;
    members.forEach((member, index) => {
      cumulative += member.weight;
      const hi = index === members.length - 1 ? SLOTS : Math.max(lo + 1, Math.round((cumulative / total) * SLOTS));
      rows.push([group, member.value, lo, hi]);
      lo = hi;
    });
  }
  return [
    valuesTable(`${name}_w`, ['grp', 'value', 'lo', 'hi'], rows),
    `create or replace table ${name} as select w.grp, r.range::int as slot, w.value from range(${SLOTS}) r
       join ${name}_w w on r.range >= w.lo and r.range < w.hi`,
  ];
}

/** Defines the seeded random macros: `rnd(salt, key)` ∈ [0,1), `rnorm(salt, key)` ~ N(0,1). */
export function randomMacros(seed: number): string[] {
  return [
    // hash(seed, salt, k) combines its arguments too weakly (draws with nearby salts correlate at ρ ≈ -0.6);
    // offsetting the key by a per-(seed, salt) constant and hashing once gives independent streams.
    `create or replace macro rnd(salt, k) as hash(hash(${Math.trunc(seed)}, salt) + k::ubigint)::double / 18446744073709551616.0`,
    `create or replace macro rnorm(salt, k) as
       sqrt(-2 * ln(greatest(rnd(salt, k), 1e-12))) * cos(2 * pi() * rnd(salt + 7919, k))`,
    `create or replace macro pick(list, u) as list[1 + floor(u * len(list))::int]`,
  ];
}

/** SQL expression for the Luhn check digit of a 12-character digit string expression. */
export function luhnSql(payload: string): string {
  const terms = Array.from({ length: 12 }, (_, i) => {
    const digit = `ascii(substr(${payload}, ${i + 1}, 1)) - 48`;
    return i % 2 === 1 ? `((${digit}) * 2 - case when (${digit}) >= 5 then 9 else 0 end)` : `(${digit})`;
  });
  return `((10 - ((${terms.join(' + ')}) % 10)) % 10)`;
}

/** A timestamptz text for Postgres: midnight of `dateExpr` plus `secondsExpr` seconds, in UTC. */
export function timestampText(dateExpr: string, secondsExpr: string): string {
  return `strftime(${dateExpr}::timestamp + to_seconds(${secondsExpr}), '%Y-%m-%d %H:%M:%S') || '+00'`;
}
