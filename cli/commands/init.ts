import type { Command } from 'commander';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create $SDF_HOME, start or connect to PostgreSQL and apply every migration')
    .action(async () => (await import('../actions/init.ts')).init());
}
