/** Demo people and a demo project for `sdf demo`: one of each role and a project granted the given datasets. */
import type pg from 'pg';
import { listDatasets } from '../catalog/index.ts';
import { recordEvent } from './audit/events.ts';
import { issueToken } from './db/people.ts';
import { addMember, createProject, grantDataset } from './db/projects.ts';
import { inTransaction } from './db/queryable.ts';
import type { Role } from './types.ts';

export interface DemoPrincipals {
  tokens: { researcher: string; custodian: string; custodian2: string; policymaker: string; admin: string };
  /** Id of the demo project. */
  project: string;
}

const DEMO_USERS: readonly { key: keyof DemoPrincipals['tokens']; name: string; role: Role }[] = [
  { key: 'researcher', name: 'demo-researcher', role: 'researcher' },
  { key: 'custodian', name: 'demo-custodian', role: 'custodian' },
  { key: 'custodian2', name: 'demo-custodian-2', role: 'custodian' },
  { key: 'policymaker', name: 'demo-policymaker', role: 'policymaker' },
  { key: 'admin', name: 'demo-admin', role: 'admin' },
];

const DEMO_PROJECT_TITLE = 'Demo: social grants and household welfare';

const isoDay = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Creates (or, on a rerun, reuses) the demo users and project, issues each user a fresh 30-day token, grants the
 * project `datasets` (those present in the catalog) and turns the two-custodian rule on. Tokens are returned once.
 */
export async function createDemoPrincipals(
  pool: pg.Pool,
  options: { datasets: readonly string[] },
): Promise<DemoPrincipals> {
  return inTransaction(pool, async (client) => {
    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    for (const user of DEMO_USERS) {
      const { rows } = await client.query<{ id: string }>(
        `insert into enclave.users (name, role) values ($1, $2)
         on conflict (name) do update set role = excluded.role returning id`,
        [user.name, user.role],
      );
      ids[user.key] = rows[0]!.id;
      tokens[user.key] = (await issueToken(client, { userId: rows[0]!.id, days: 30, label: 'demo' })).token;
    }
    const existing = await client.query<{ id: string }>(
      `select id from enclave.projects where title = $1 and created_by = $2 order by created_at limit 1`,
      [DEMO_PROJECT_TITLE, ids.admin],
    );
    const projectId =
      existing.rows[0]?.id ??
      (
        await createProject(client, {
          title: DEMO_PROJECT_TITLE,
          purpose: 'Show how grant receipt relates to employment and health service use, by district.',
          legalBasis: 'POPIA s15 (further processing for research with safeguards); data-sharing agreement DEMO-001',
          startsOn: isoDay(-30),
          endsOn: isoDay(365),
          requiresTwoCustodians: true,
          createdBy: ids.admin,
        })
      ).id;
    await addMember(client, { projectId, userId: ids.researcher!, addedBy: ids.admin });
    // Through the catalog's API: the enclave does not read the catalog's tables.
    const present = (await listDatasets(client)).filter((d) => options.datasets.includes(d.id));
    for (const { id } of present) {
      await grantDataset(client, {
        projectId,
        datasetId: id,
        grantedBy: ids.custodian,
        reason: 'demo project: all published registries',
      });
    }
    await recordEvent(client, null, 'demo.principals', { projectId, datasets: present.map((p) => p.id) });
    return { tokens: tokens as DemoPrincipals['tokens'], project: projectId };
  });
}
