/** The work of `sdf init` (see `commands/init.ts`): opening the facility applies every migration. */
import { withFacility } from '../facility.ts';

export async function init(): Promise<void> {
  await withFacility(async (facility) => {
    const { rows } = await facility.pool.query<{ n: string }>('select count(*) as n from sdf_meta.migrations');
    process.stdout.write(
      `initialised ${facility.paths.home} (${facility.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}; ` +
        `${rows[0]?.n ?? 0} migrations applied)\n`,
    );
  });
}
