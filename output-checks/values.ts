/** Tolerant readers for values that come back from DuckDB through the enclave (numbers, bigints, strings, lists). */

/** A number from a DuckDB value (number, bigint, numeric string, decimal object); null when absent or not numeric. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null;
  if (typeof value === 'object' && 'toDouble' in value && typeof value.toDouble === 'function')
    return Number(value.toDouble());
  return null;
}

/** A list of numbers from a DuckDB list (plain array or `{ items }`). */
export function toNumberList(value: unknown): number[] {
  const items = Array.isArray(value) ? value : ((value as { items?: unknown[] } | null)?.items ?? []);
  return items.map(toNumber).filter((n): n is number => n !== null);
}

/** A boolean or null. */
export function toBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  return value === true || value === 'true' || value === 1;
}

const FRACTIONAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A stable text key for a group value, so result rows and companion rows can be matched and cells named. NULL is
 * a group of its own, shown `NULL` (the text 'NULL' becomes `"NULL"`); lists and structs key by their JSON. Never
 * a NUL character: keys end up in reports and released-cell descriptions that Postgres stores. A fractional number in
 * text keys as the number: DuckDB re-reads the DOUBLE literal 1e7 of a GROUP BY as the DECIMAL 10000000.0, so the
 * companion prints '10000000.0' where the query printed 10000000.
 */
export function keyOf(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object')
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  const text = String(value);
  if (typeof value === 'string' && /[.eE]/.test(text) && FRACTIONAL.test(text)) return String(Number(text));
  return text === 'NULL' ? '"NULL"' : text;
}
