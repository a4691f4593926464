import type { Command } from 'commander';
import { withFacility } from '../facility.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create $SDF_HOME, start or connect to PostgreSQL and apply every migration')
    .action(async () => {
      await withFacility(async (facility) => {
        const { rows } = await facility.pool.query<{ n: string }>('select count(*) as n from sdf_meta.migrations');
        process.stdout.write(
          `initialised ${facility.paths.home} (${facility.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}; ` +
            `${rows[0]?.n ?? 0} migrations applied)\n`,
        );
      });
    });
}
