import type pg from 'pg';

/** A pool or a client inside the caller's transaction: anything that can run a query. */
export type Queryable = Pick<pg.ClientBase, 'query'>;
