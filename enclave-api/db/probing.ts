/**
 * Probing controls' figures: real queries a project submitted since a time (the daily budget), and failed or
 * refused real queries per researcher, project and UTC day (queries that failed or whose output check failed,
 * and real submissions the API refused, from the audit log, matched by request path: an error response is
 * recorded with a router-relative route).
 */
import type { Db } from './queryable.ts';

/** Real queries submitted in `projectId` at or after `since`. */
export async function countRealQueriesSince(db: Db, projectId: string, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from enclave.queries where project_id = $1 and target = 'real' and submitted_at >= $2`,
    [projectId, since],
  );
  return rows[0]?.n ?? 0;
}

/** One researcher's failed or refused real queries in one project on one UTC day. */
export interface DbProbingDay {
  day: string;
  user_id: string;
  user_name: string | null;
  project_id: string | null;
  failed: number;
  refused: number;
}

/** Per researcher, project and UTC day since `since`, most recent day first. */
export async function listProbingDays(db: Db, since: Date): Promise<DbProbingDay[]> {
  const { rows } = await db.query<DbProbingDay>(
    `with events as (
       select user_id, project_id::text as project_id, (submitted_at at time zone 'utc')::date as day, 1 as failed, 0 as refused
         from enclave.queries
        where target = 'real' and submitted_at >= $1 and (status = 'failed' or outcome = 'fail')
       union all
       select user_id, project_id, (at at time zone 'utc')::date, 0, 1
         from enclave.audit_log
        where at >= $1 and method = 'POST' and split_part(details->>'path', '?', 1) = '/api/v1/queries' and status between 400 and 499
          and details->>'target' = 'real' and user_id is not null
     )
     select e.day::text as day, e.user_id::text as user_id, u.name as user_name, e.project_id,
            sum(e.failed)::int as failed, sum(e.refused)::int as refused
       from events e left join enclave.users u on u.id = e.user_id
      group by e.day, e.user_id, u.name, e.project_id
      order by e.day desc, sum(e.failed) + sum(e.refused) desc, u.name`,
    [since],
  );
  return rows;
}

/** `listProbingDays`' count (failed plus refused real queries) of one researcher in one project since `since`. */
export async function countProbingSince(db: Db, userId: string, projectId: string, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select (select count(*) from enclave.queries
              where user_id = $1 and project_id = $2::uuid and target = 'real' and submitted_at >= $3
                and (status = 'failed' or outcome = 'fail'))
          + (select count(*) from enclave.audit_log
              where user_id = $1 and project_id = $2::text and at >= $3 and method = 'POST'
                and split_part(details->>'path', '?', 1) = '/api/v1/queries' and status between 400 and 499
                and details->>'target' = 'real') as n`,
    [userId, projectId, since],
  );
  return Number(rows[0]?.n ?? 0);
}
