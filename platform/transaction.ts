import type pg from 'pg';

/**
 * Runs `work` inside one transaction on one pooled client: commit on success, rollback on any error, and the
 * client always released. `begin` may carry options, e.g. `begin isolation level repeatable read read only`.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'begin',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
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
