import type pg from 'pg';
import { inTransaction } from '../../platform/index.ts';

/** A pool or a checked-out client (inside a transaction): anything with `query`. */
export type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

export { inTransaction };

/**
 * Runs `work` in a transaction on `db`: a checked-out client (a job's connection) begins and commits on itself;
 * a pool lends a client for it.
 */
export async function inTransactionOn<T>(db: Db, work: (client: Db) => Promise<T>): Promise<T> {
  if (!('release' in db)) return inTransaction(db as pg.Pool, work);
  await db.query('begin');
  try {
    const result = await work(db);
    await db.query('commit');
    return result;
  } catch (error) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  }
}
