/** Parameters every generator step shares. */
export interface SynthContext {
  persons: number;
  seed: number;
  /** Last day of generated history, `YYYY-MM-DD`. */
  asOf: string;
}

/** Share of rows per source that are seeded dirty. */
export const DIRTY_RATE = 0.005;

/** Days of daily health CSV drops ending on the as-of date. */
export const HEALTH_DAYS = 60;

/** Months of payroll history (complete months before the as-of date). */
export const EMPLOYMENT_MONTHS = 12;

/** `date 'YYYY-MM-DD'` for the as-of day. */
export function asOfSql(context: SynthContext): string {
  return `date '${context.asOf}'`;
}

/** SQL for the dirty kind of a row (null for clean rows): one of `kinds`, drawn for ~`DIRTY_RATE` of rows. */
export function dirtyKindSql(salt: number, key: string, kinds: readonly string[]): string {
  const list = `[${kinds.map((k) => `'${k}'`).join(', ')}]`;
  return `case when rnd(${salt}, ${key}) < ${DIRTY_RATE} then pick(${list}, rnd(${salt + 1}, ${key})) end`;
}

/** SQL replacing the last digit of an ID expression with a different digit (a failing Luhn check). */
export function breakCheckDigitSql(id: string, salt: number, key: string): string {
  return `left(${id}, 12) || ((right(${id}, 1)::int + 1 + floor(rnd(${salt}, ${key}) * 9)::int) % 10)::varchar`;
}
