import type pg from 'pg';

/** A pool or a checked-out client (inside a transaction): anything with `query`. */
export type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Runs `work` in a transaction on one client. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
