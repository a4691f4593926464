/** The `sdf` CLI and the facility bootstrap it shares with tests and the bench. */
export { runCli, makeProgram, exitCodeFor } from './main.ts';
export { openFacility, withFacility, MIGRATION_SETS, type Facility } from './facility.ts';
export { makeProgress, silentProgress, type Progress } from './progress.ts';
export { ROLE_NAMES } from './commands/user.ts';
