import type { Command } from 'commander';
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

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface AddOptions {
  title: string;
  purpose: string;
  legalBasis: string;
  start: string;
  end: string;
  dataset: string[];
  member: string[];
  twoCustodians?: boolean;
  autoReleasePass?: boolean;
  reason: string;
}

export function registerProject(program: Command): void {
  const project = program.command('project').description('research projects, their datasets and members');

  project
    .command('add')
    .description('create a project, grant datasets and add members')
    .requiredOption('--title <title>', 'project title')
    .requiredOption('--purpose <purpose>', 'what the research is for')
    .requiredOption('--legal-basis <basis>', 'legal basis for the processing')
    .requiredOption('--start <date>', 'first day of access (YYYY-MM-DD)')
    .requiredOption('--end <date>', 'last day of access (YYYY-MM-DD)')
    .option('--dataset <id>', 'grant a dataset (repeatable)', collect, [])
    .option('--reason <reason>', 'why the datasets are granted', 'granted at project creation')
    .option('--member <name>', 'add a user by name (repeatable)', collect, [])
    .option('--two-custodians', 'releases need two distinct custodians')
    .option('--auto-release-pass', 'outputs whose checks all pass are released without review')
    .action(async (options: AddOptions) => {
      if (!ISO_DATE.test(options.start) || !ISO_DATE.test(options.end)) throw new UsageError('--start and --end must be YYYY-MM-DD');
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
          for (const dataset of options.dataset) await grantDataset(client, { projectId: p.id, datasetId: dataset, reason: options.reason });
          for (const userId of memberIds) await addMember(client, { projectId: p.id, userId });
          await recordEvent(client, null, 'cli.project.created', { projectId: p.id, datasets: options.dataset, members: memberIds });
          return p;
        });
        process.stdout.write(`${created.id}\n`);
      });
    });

  project
    .command('list')
    .description('list projects with their datasets and members')
    .action(async () => {
      await withFacility(async ({ pool }) => {
        for (const p of await listProjects(pool, '00000000-0000-0000-0000-000000000000', true)) {
          const grants = (await listGrants(pool, p.id)).map((g) => g.dataset_id).join(', ') || '—';
          const members = (await listMembers(pool, p.id)).map((m) => m.name).join(', ') || '—';
          process.stdout.write(`${p.id}  ${p.starts_on}..${p.ends_on}  ${p.title}\n  datasets: ${grants}\n  members: ${members}\n`);
        }
      });
    });
}
