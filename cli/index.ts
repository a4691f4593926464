/** The `sdf` CLI and the facility bootstrap it shares with tests and the bench. */
export { runCli } from './main.ts';
export { openFacility, MIGRATION_SETS } from './facility.ts';

export { ROLE_NAMES } from './commands/user.ts';
