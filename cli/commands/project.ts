import type { Command } from 'commander';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The options of `sdf project add` as commander gives them. */
export interface AddOptions {
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
    .action(async (options: AddOptions) => (await import('../actions/project.ts')).add(options));

  project
    .command('list')
    .description('list projects with their datasets and members')
    .action(async () => (await import('../actions/project.ts')).list());
}
