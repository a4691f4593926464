import type { Command } from 'commander';
import { withFacility } from '../facility.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole facility on an embedded default (what `npm start` runs)')
    .action(async () => {
      await withFacility(async (facility) => {
        process.stdout.write(`Secure Data Facility ready in ${facility.paths.home}\n`);
      });
    });
}
