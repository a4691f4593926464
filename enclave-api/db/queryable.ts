import type pg from 'pg';

/** A pool or a checked-out client (inside a transaction): anything with `query`. */
export type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

export { inTransaction } from '../../platform/index.ts';
