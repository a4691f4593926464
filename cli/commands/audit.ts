import type { Command } from 'commander';
import { SdfError } from '../../platform/index.ts';
import { listAudit, verifyAudit } from '../../enclave-api/index.ts';
import { withFacility } from '../facility.ts';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log of the enclave');

  audit
    .command('verify')
    .description('check the hash chain; exits 1 and names the first edited or deleted entry')
    .action(async () => {
      await withFacility(async ({ pool }) => {
        const verdict = await verifyAudit(pool);
        if (verdict.verdict === 'fail') {
          throw new SdfError('audit_broken', `audit chain broken at entry ${verdict.seq} (${verdict.reason}); ${verdict.checked} entries before it verified`, 500);
        }
        process.stdout.write(`audit chain intact: ${verdict.checked} entries, head ${verdict.headHash}\n`);
      });
    });

  audit
    .command('list')
    .description('print the latest entries as JSON lines')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { limit: string }) => {
      await withFacility(async ({ pool }) => {
        const entries = await listAudit(pool, { limit: Math.min(1000, Math.max(1, Number(options.limit) || 20)) });
        for (const entry of entries) process.stdout.write(`${JSON.stringify(entry)}\n`);
      });
    });
}
