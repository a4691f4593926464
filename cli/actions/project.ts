/** The work of `sdf project add|list` (see `commands/project.ts`). */
import { UsageError } from '../../platform/index.ts';
import {
  addMember,
  createProject,
  grantDataset,
  inTransaction,
  listGrants,
  listMembers,
  listProjects,
  listUsers,
  recordEvent,
} from '../../enclave-api/index.ts';
import { withFacility } from '../facility.ts';
import type { AddOptions } from '../commands/project.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Creates the project, its grants and members and the audit entry in one transaction; prints its id. */
export async function add(options: AddOptions): Promise<void> {
  if (!ISO_DATE.test(options.start) || !ISO_DATE.test(options.end))
    throw new UsageError('--start and --end must be YYYY-MM-DD');
  if (options.end < options.start) throw new UsageError('--end must not be before --start');
  await withFacility(async ({ pool }) => {
    const users = await listUsers(pool);
    const memberIds = options.member.map((name) => {
      const found = users.find((u) => u.name === name);
      if (!found) throw new UsageError(`no user named "${name}"`);
      return found.id;
    });
    const created = await inTransaction(pool, async (client) => {
      const p = await createProject(client, {
        title: options.title,
        purpose: options.purpose,
        legalBasis: options.legalBasis,
        startsOn: options.start,
        endsOn: options.end,
        requiresTwoCustodians: options.twoCustodians ?? false,
        autoReleasePass: options.autoReleasePass ?? false,
      });
      for (const dataset of options.dataset)
        await grantDataset(client, { projectId: p.id, datasetId: dataset, reason: options.reason });
      for (const userId of memberIds) await addMember(client, { projectId: p.id, userId });
      await recordEvent(client, null, 'cli.project.created', {
        projectId: p.id,
        datasets: options.dataset,
        members: memberIds,
      });
      return p;
    });
    process.stdout.write(`${created.id}\n`);
  });
}

export async function list(): Promise<void> {
  await withFacility(async ({ pool }) => {
    for (const p of await listProjects(pool, '00000000-0000-0000-0000-000000000000', true)) {
      const grants = (await listGrants(pool, p.id)).map((g) => g.dataset_id).join(', ') || '—';
      const members = (await listMembers(pool, p.id)).map((m) => m.name).join(', ') || '—';
      process.stdout.write(
        `${p.id}  ${p.starts_on}..${p.ends_on}  ${p.title}\n  datasets: ${grants}\n  members: ${members}\n`,
      );
    }
  });
}
