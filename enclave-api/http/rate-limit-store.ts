/**
 * An express-rate-limit `Store` in PostgreSQL, so every API process counts against one limit: fixed windows of
 * the limiter's `windowMs`, one upserted row per key and window (`enclave.rate_limit_windows`), the window taken
 * from the database's clock so processes on different machines agree on where a minute starts. Windows older
 * than the previous one are swept, at most once per window per store.
 */
import type pg from 'pg';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { logger } from '../../platform/index.ts';

/** Start of the current window of `$2` milliseconds, by the database's clock. */
const WINDOW = `to_timestamp(floor(extract(epoch from clock_timestamp()) * 1000 / $2) * $2 / 1000)`;

const INCREMENT = `
  insert into enclave.rate_limit_windows as w (key, window_start, hits) values ($1, ${WINDOW}, 1)
  on conflict (key, window_start) do update set hits = w.hits + 1
  returning hits, window_start`;

const GET = `select hits, window_start from enclave.rate_limit_windows where key = $1 and window_start = ${WINDOW}`;

const DECREMENT = `
  update enclave.rate_limit_windows set hits = hits - 1 where key = $1 and window_start = ${WINDOW} and hits > 0`;

const SWEEP = `delete from enclave.rate_limit_windows where window_start < clock_timestamp() - make_interval(secs => $1)`;

interface DbWindow {
  hits: number;
  window_start: Date;
}

export interface PgRateLimitStoreOptions {
  /** Distinguishes this limiter's keys from another's in the shared table (express-rate-limit needs one store per limiter). */
  prefix: string;
  /** Window length when used outside express-rate-limit (its `windowMs` replaces it in `init`); default 60 000. */
  windowMs?: number;
}

/** A PostgreSQL-backed store for one limiter; `localKeys: false` tells express-rate-limit the count is shared. */
export function makePgRateLimitStore(
  pool: pg.Pool,
  options: PgRateLimitStoreOptions,
): Store & { sweep(): Promise<number> } {
  let windowMs = options.windowMs ?? 60_000;
  let lastSweep = 0;
  const key = (k: string) => `${options.prefix}${k}`;
  const info = (row: DbWindow): ClientRateLimitInfo => ({
    totalHits: row.hits,
    resetTime: new Date(row.window_start.getTime() + windowMs),
  });

  async function sweep(): Promise<number> {
    lastSweep = Date.now();
    // Keep the previous window too: a decrement of a request that straddled the boundary may still come.
    const { rowCount } = await pool.query(SWEEP, [(2 * windowMs) / 1000]);
    return rowCount ?? 0;
  }

  return {
    localKeys: false,
    prefix: options.prefix,
    init(limiterOptions: Options) {
      windowMs = limiterOptions.windowMs;
    },
    async get(k) {
      const { rows } = await pool.query<DbWindow>(GET, [key(k), windowMs]);
      return rows[0] ? info(rows[0]) : undefined;
    },
    async increment(k) {
      if (Date.now() - lastSweep > windowMs) {
        sweep().catch((error: unknown) => logger.warn({ err: error }, 'could not sweep old rate-limit windows'));
      }
      const { rows } = await pool.query<DbWindow>(INCREMENT, [key(k), windowMs]);
      return info(rows[0]!);
    },
    async decrement(k) {
      await pool.query(DECREMENT, [key(k), windowMs]);
    },
    async resetKey(k) {
      await pool.query(`delete from enclave.rate_limit_windows where key = $1`, [key(k)]);
    },
    sweep,
  };
}
